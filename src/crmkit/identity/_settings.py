"""Match settings: comparisons, blocking rules and decision thresholds, with defaults.

:class:`MatchSettings` is a frozen value checked when it is built. With ``settings=None``,
:func:`default_settings` chooses comparisons and blocking rules from the canonical fields the
records actually fill, so ``dedupe(records)`` works on any subset of them without labels.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from crmkit._errors import InvalidDefinition
from crmkit.identity._blocking import BlockingRule, Rule, SortedNeighbourhood
from crmkit.identity._compare import Comparison, Level
from crmkit.identity._normalize import MatchKeys

__all__ = [
    "DEFAULT_MATCH_THRESHOLD",
    "DEFAULT_PERSON_EVIDENCE",
    "DEFAULT_REVIEW_THRESHOLD",
    "DEFAULT_VETO",
    "FAMILY_PART_LETTERS",
    "MIN_FILL_RATE",
    "SIMILAR_GIVEN_NAME",
    "MatchSettings",
    "default_settings",
]

#: Pairs at or above this probability are matches (Fellegi–Sunter's upper threshold), i.e.
#: a match weight of at least log2(0.95 / 0.05) ≈ 4.2 bits, the cut-off Splink's examples
#: cluster at. With the prior taken over all pairs (see :func:`~crmkit.identity.fit_model`)
#: the probabilities are calibrated enough for a conventional threshold: on generated data
#: (20,000 records, seeds 5 / 11, 2026-12-04) pairwise precision / recall were 1.0000 /
#: 0.983 and 0.9999 / 0.986 at 0.5, 1.0000 / 0.983 and 0.986 at 0.9 and 0.95, and 1.0000 /
#: 0.976 at 0.999, with no household, apartment or namesake merged at any of them
#: (when 0.95 was chosen, the texts' false merges appeared below 0.9 only). The texts rank a
#: wrong merge as the worse error (L5158–5170), hence a strict default; raise it for
#: precision, lower it for recall.
DEFAULT_MATCH_THRESHOLD = 0.95
#: Pairs at or above this probability and below the match threshold go to clerical review.
DEFAULT_REVIEW_THRESHOLD = 0.5
#: Random pairs that estimate u by default. Fewer than the model's statistical default
#: (:data:`crmkit.identity._model.DEFAULT_U_SAMPLE_PAIRS`) because each draw costs a Python
#: comparison per field; levels rarer than 1 in 10^5 then rest on the Laplace pseudo-count.
DEFAULT_SETTINGS_U_PAIRS = 100_000
#: Comparisons whose outright disagreement vetoes a match while the family names agree. The
#: texts' false-merge case (L5167–5170): members of a household share family name, address
#: and often the phone, so the model's weights for those agreements can outvote everything
#: else, yet relatives never share a given name (nor, under one family name, a birth date
#: unless twins, nor a title's sex: "Mr" and "Mrs" Smith). Fellegi–Sunter assumes comparisons
#: independent given the match status, and households break that assumption; the veto keeps
#: the model honest where it fails. When the family names disagree too, the pair is not a
#: household pattern (it is a re-keyed or swapped name) and the model decides.
DEFAULT_VETO = ("given_name", "birth_date", "title")
#: Comparisons that identify a person rather than a household. The texts' false merges
#: (L5167–5170) share an address, often a phone and a family name; "residents of unnumbered
#: apartments" share only the address. A pair must agree on one of these, or on both its
#: given and its family name; otherwise it is at most a review case, whatever its address
#: weight. A phone counts only as a shared mobile (its ``mobile`` level): a mobile is one
#: person's line, a landline may be a household's (phonenumbers tells the two apart where
#: the numbering plan does, as in the UK; not in North America). On generated data (100,000
#: records) shared mobiles raised recall from 0.980 to 0.982 with no must-not-merge pair
#: merged.
DEFAULT_PERSON_EVIDENCE = ("birth_date", "email", "phone", "national_id")
#: Jaro–Winkler similarity of the default given-name level "similar spelling" (the last
#: before "else"): "Sarnuel" / "Samuel" 0.88, "Aleksander" / "Alexander" 0.93, "Davy" /
#: "David" 0.85. Such a pair is no name agreement and stays vetoed under a shared family name
#: unless an identifier (e-mail, mobile, national id) agrees; relatives have similar names too
#: ("Daniel" / "Danielle"). On generated data (20,000 records, seeds 5 and 11) no vetoed
#: pair that was not a duplicate agreed on its e-mail, and about 0.2 % of the true pairs
#: were such re-keyed names.
SIMILAR_GIVEN_NAME = 0.85
#: Least letters of a family name that counts as part of a compound one (level kind
#: ``part``): "Sánchez Pérez" is often filed as "Pérez" alone, and a full name "Paul Sánchez
#: Pérez" parses to the family name "Pérez" (Spanish naming uses two family names; the
#: parser cannot tell a second family name from a middle name). Four letters keep "Ruiz",
#: "Díaz" and "Sanz" and leave out "Li" or "Xu", which end many unrelated names. On
#: generated data (1,000,000 records) 11 of 26 household pairs merged were such twins, one
#: record with the compound family name and one with its last part, whose households the
#: veto could not see.
FAMILY_PART_LETTERS = 4
#: A field is used by default settings only when at least this share of records fills it.
MIN_FILL_RATE = 0.05


#: Default comparisons per MatchKeys attribute, as data (STYLE 13): name, key, levels, TF.
_PRESETS: tuple[tuple[str, str, tuple[Level, ...], bool], ...] = (
    (
        "given_name",
        "given",
        (
            Level(kind="exact"),
            Level(kind="swapped"),
            Level(kind="nickname"),
            Level(kind="misspelling", threshold=1),
            Level(kind="initial"),
            Level(kind="jaro_winkler", threshold=SIMILAR_GIVEN_NAME),
            Level(kind="phonetic"),
        ),
        True,
    ),
    (
        "family_name",
        "family",
        (
            Level(kind="exact"),
            Level(kind="swapped"),
            Level(kind="jaro_winkler", threshold=0.92),
            Level(kind="damerau_levenshtein", threshold=1),
            Level(kind="part", threshold=FAMILY_PART_LETTERS),
            Level(kind="phonetic"),
            Level(kind="crossed"),
        ),
        True,
    ),
    (
        "birth_date",
        "birth_date",
        (
            Level(kind="exact"),
            Level(kind="date_transposed"),
            Level(kind="levenshtein", threshold=1),
            Level(kind="date_within", threshold=31),
        ),
        False,
    ),
    (
        "email",
        "email",
        (Level(kind="exact"), Level(kind="damerau_levenshtein", threshold=1)),
        False,
    ),
    (
        "phone",
        "phone",
        (Level(kind="mobile"), Level(kind="exact"), Level(kind="levenshtein", threshold=1)),
        False,
    ),
    ("postcode", "postcode", (Level(kind="exact"), Level(kind="levenshtein", threshold=1)), True),
    (
        "street",
        "street",
        (Level(kind="exact"), Level(kind="jaro_winkler", threshold=0.9)),
        False,
    ),
    ("title", "title_sex", (Level(kind="exact"),), False),
    ("unit", "unit", (Level(kind="exact"), Level(kind="levenshtein", threshold=1)), False),
    ("locality", "locality", (Level(kind="exact"),), True),
    ("company", "company", (Level(kind="exact"), Level(kind="jaro_winkler", threshold=0.9)), True),
    (
        "national_id",
        "national_id",
        (Level(kind="exact"), Level(kind="damerau_levenshtein", threshold=1)),
        False,
    ),
)

#: Comparisons left out when a finer one is filled: a postcode names the locality too, and a
#: moved customer disagrees on both at once. Fellegi–Sunter treats comparisons as independent
#: given the match status, so the pair would pay the move twice (about −3 bits more; on
#: generated data, 20,000 records, recall at the default threshold rose from 0.956 to 0.966
#: without the locality comparison, precision unchanged at 0.9995).
_IMPLIED_BY = {"locality": "postcode"}

#: Comparisons whose outright disagreement another's implies (see
#: :attr:`~crmkit.identity.Comparison.else_implied_by`): a customer who moved changes street
#: and postcode at once, and independent comparisons would charge the move twice (about
#: −3.4 bits more on generated data). On generated data (20,000 records, seeds 5 and 11)
#: recall at the default threshold rose from 0.968 / 0.971 to 0.972 / 0.977, precision and
#: the household, apartment and namesake merges unchanged.
_ELSE_IMPLIED_BY = {"postcode": "street"}

#: Default blocking rules, as data: each is used when all its keys are filled often enough.
_BLOCKING_PRESETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("email", ("email",)),
    ("phone", ("phone",)),
    ("national_id", ("national_id",)),
    ("family+given+birth_year", ("family_phonetic", "given", "birth_date[:4]")),
    ("birth_date+given_initial", ("birth_date", "given_initial")),
    ("birth_date+family_phonetic", ("birth_date", "family_phonetic")),
    ("postcode+family_phonetic", ("postcode", "family_phonetic")),
    ("street+given_initial", ("street", "given_initial")),
    ("street+postcode", ("street", "postcode")),
)
#: The rule used only when none of the presets above can be: names alone. Its blocks grow
#: with the list ("john smith" holds 1 record in 1,000), so its pairs grow with the square
#: of the record count: 0.8 million of the 1 million candidate pairs at 100,000 generated
#: records, for 0.1 % of the recall at 20,000 (benchmarks/identity.py; a pair that agrees
#: on nothing but its names rarely reaches the match band anyway).
_FALLBACK_BLOCKING = ("family+given", ("family", "given"))


def _check_comparisons(_instance: object, _attribute: object, comparisons: object) -> None:
    if not isinstance(comparisons, tuple) or not comparisons:
        msg = f"'comparisons' must be a non-empty tuple of Comparison (got {comparisons!r})"
        raise InvalidDefinition(msg, field="comparisons", value=comparisons)
    names = [c.name for c in comparisons]
    if len(set(names)) != len(names):
        msg = f"comparison names must be unique (got {names!r})"
        raise InvalidDefinition(msg, field="comparisons", value=names)


def _check_rules(_instance: object, _attribute: object, rules: object) -> None:
    if not isinstance(rules, tuple) or not rules:
        msg = f"'blocking_rules' must be a non-empty tuple of rules (got {rules!r})"
        raise InvalidDefinition(msg, field="blocking_rules", value=rules)
    for rule in rules:
        if not isinstance(rule, BlockingRule | SortedNeighbourhood):
            msg = f"'blocking_rules' must hold BlockingRule or SortedNeighbourhood (got {rule!r})"
            raise InvalidDefinition(msg, field="blocking_rules", value=rule)


def _probability(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 < value < 1.0:
        msg = f"{attribute.name!r} must be a probability in (0, 1) (got {value!r})"
        raise InvalidDefinition(msg, field=attribute.name, value=value)


@attrs.frozen
class MatchSettings:
    """Everything that decides a match run, checked when built.

    Attributes:
        comparisons: The comparisons, each with ordered levels.
        blocking_rules: Rules whose candidate pairs are unioned.
        match_threshold: Probability at or above which a pair is a match.
        review_threshold: Probability at or above which a non-match pair goes to review.
        veto: Comparisons whose "else" level (both values present, and they disagree),
            while the family names agree at some level, keeps a pair out of the match band
            whatever its weight, unless two ``person_evidence`` comparisons agree: it goes to
            review at most and never links a cluster. Default: the given name and the birth
            date (see :data:`DEFAULT_VETO`).
        person_evidence: Comparisons of which at least one must agree at an identifying
            level (not an initial, a sound-alike, dates within days, a prefix, a phone
            suffix or an e-mail domain) for a pair to match, unless its given and family
            names both agree: a shared address, landline or family name alone never merges
            two records (see :data:`DEFAULT_PERSON_EVIDENCE`). For a comparison with a
            ``mobile`` level, only that level identifies. With ``()`` only pairs whose
            names agree can match. Default settings for records without personal names (a
            list of companies) add ``"company"``.
        seed: Seed of the random pairs that estimate u (same seed, same model).
        u_sample_pairs: How many random pairs estimate u.
    """

    comparisons: tuple[Comparison, ...] = attrs.field(kw_only=True, validator=_check_comparisons)
    blocking_rules: tuple[Rule, ...] = attrs.field(kw_only=True, validator=_check_rules)
    match_threshold: float = attrs.field(
        default=DEFAULT_MATCH_THRESHOLD, kw_only=True, validator=_probability
    )
    review_threshold: float = attrs.field(
        default=DEFAULT_REVIEW_THRESHOLD, kw_only=True, validator=_probability
    )
    veto: tuple[str, ...] = attrs.field(default=DEFAULT_VETO, kw_only=True)
    person_evidence: tuple[str, ...] = attrs.field(default=DEFAULT_PERSON_EVIDENCE, kw_only=True)
    seed: int = attrs.field(default=0, kw_only=True)
    u_sample_pairs: int = attrs.field(
        default=DEFAULT_SETTINGS_U_PAIRS, kw_only=True, validator=attrs.validators.ge(1)
    )

    def __attrs_post_init__(self) -> None:
        """The review band lies below the match threshold; vetoes name comparisons."""
        names = {c.name for c in self.comparisons}
        unknown = [v for v in self.veto if v not in names]
        if unknown and self.veto != DEFAULT_VETO:
            msg = (
                f"'veto' names comparisons that do not exist: {unknown!r} (have {sorted(names)!r})"
            )
            raise InvalidDefinition(msg, field="veto", value=self.veto)
        for comparison in self.comparisons:
            implied = comparison.else_implied_by
            if implied is not None and (implied not in names or implied == comparison.name):
                msg = (
                    f"comparison {comparison.name!r}: 'else_implied_by' must name another "
                    f"comparison (got {implied!r}; have {sorted(names)!r})"
                )
                raise InvalidDefinition(msg, field="else_implied_by", value=implied)
        if self.review_threshold > self.match_threshold:
            msg = (
                "'review_threshold' must not exceed 'match_threshold' "
                f"(got {self.review_threshold!r} > {self.match_threshold!r})"
            )
            raise InvalidDefinition(msg, field="review_threshold", value=self.review_threshold)


def default_settings(keys: Sequence[MatchKeys]) -> MatchSettings:
    """Comparisons and blocking rules for the attributes that the records fill.

    An attribute is used when at least :data:`MIN_FILL_RATE` of the records have it.

    >>> from crmkit.identity._normalize import match_keys
    >>> keys = [match_keys({"id": "1", "full_name": "Ann Lee", "email": "ann@example.org"})]
    >>> [c.name for c in default_settings(keys).comparisons]
    ['given_name', 'family_name', 'email']
    """
    n = max(len(keys), 1)
    filled = {
        name: sum(1 for k in keys if getattr(k, name) not in (None, ())) / n
        for name in attrs.fields_dict(MatchKeys)
        if name != "id"
    }

    def present(name: str) -> bool:
        return filled.get(name.partition("[")[0], 0.0) >= MIN_FILL_RATE

    chosen = [
        (name, key, levels, tf)
        for name, key, levels, tf in _PRESETS
        if present(key) and not present(_IMPLIED_BY.get(key, ""))
    ]
    names = {name for name, *_ in chosen}
    comparisons = tuple(
        Comparison(
            name=name,
            key=key,
            levels=levels,
            term_frequency=tf,
            else_implied_by=implied if (implied := _ELSE_IMPLIED_BY.get(name)) in names else None,
        )
        for name, key, levels, tf in chosen
    )
    rules = tuple(
        BlockingRule(name=name, keys=rule_keys)
        for name, rule_keys in _BLOCKING_PRESETS
        if all(present(k) for k in rule_keys)
    )
    if not rules and all(present(k) for k in _FALLBACK_BLOCKING[1]):
        rules = (BlockingRule(name=_FALLBACK_BLOCKING[0], keys=_FALLBACK_BLOCKING[1]),)
    if not comparisons or not rules:
        msg = (
            "the records fill too few canonical fields to match on "
            f"(fill rates: { {k: round(v, 3) for k, v in filled.items() if v} })"
        )
        raise InvalidDefinition(msg, field="records", value=len(keys))
    evidence: tuple[str, ...] = DEFAULT_PERSON_EVIDENCE
    if not any(c.key in {"given", "family"} for c in comparisons):
        evidence = (*evidence, "company")  # a list of organisations: the name identifies
    return MatchSettings(comparisons=comparisons, blocking_rules=rules, person_evidence=evidence)
