"""Comparisons with ordered levels: how alike two records are, field by field.

A :class:`Comparison` reads one attribute of two :class:`~crmkit.identity.MatchKeys` and
returns a *level*: ``0`` when either side is missing (the explicit null level, which carries
no evidence either way), then ``1, 2, ...`` for its :class:`Level` list in order (the first
that holds wins, most similar first), and finally ``len(levels) + 1`` for "else" (they
disagree). The Fellegi–Sunter model gives each level of each comparison its own weight.

Levels are data (a kind and a threshold), not subclasses, so presets are tables (STYLE 13)
and a fitted model can be serialised. Dependency: rapidfuzz (string similarities).

>>> from crmkit.identity._normalize import MatchKeys
>>> family = Comparison(name="family_name", key="family", levels=(
...     Level(kind="exact"), Level(kind="jaro_winkler", threshold=0.88)))
>>> family.level(MatchKeys(id="a", family="smith"), MatchKeys(id="b", family="smyth"))
2
>>> family.label(2)
'jaro_winkler >= 0.88'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

import attrs
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler, Levenshtein

from crmkit._errors import InvalidDefinition
from crmkit.identity._normalize import MatchKeys

__all__ = ["LEVEL_KINDS", "SWAPPED_SIMILARITY", "Comparison", "Level", "LevelKind"]

LevelKind = Literal[
    "exact",
    "jaro_winkler",
    "misspelling",
    "levenshtein",
    "damerau_levenshtein",
    "nickname",
    "initial",
    "swapped",
    "phonetic",
    "date_within",
    "date_transposed",
    "email_local",
    "email_domain",
    "phone_suffix",
    "prefix",
    "part",
    "mobile",
    "crossed",
]

#: Jaro–Winkler similarity a crossed name may reach for the ``swapped`` and ``crossed``
#: levels, so a swapped name with a typo ("Johnson Mohammed" / "Moyammed Johnson") still
#: counts; the default given-name level "similar spelling" uses the same 0.85.
SWAPPED_SIMILARITY = 0.85
#: Least letters of a crossed name that counts as part of a compound one
#: ("Fernández Ruiz Hannah" / "Hannah Ruiz"); as the family-name level ``part``.
SWAPPED_PART_LETTERS = 4

#: What each kind means, with its threshold's unit. Used in messages and docs.
LEVEL_KINDS = {
    "exact": "the values are equal",
    "jaro_winkler": "Jaro–Winkler similarity >= threshold (Winkler 1990), in [0, 1]",
    "misspelling": (
        "the given names are at most threshold edits apart (Damerau–Levenshtein) and are"
        " not two known names, of the nickname table or common in the run (Jzck / Jack is"
        " a typo, Francis / Frances or Luca / Lucy two people)"
    ),
    "levenshtein": "Levenshtein distance <= threshold edits (dates compared as ISO text)",
    "damerau_levenshtein": (
        "Damerau–Levenshtein distance <= threshold edits (a transposition is one edit)"
    ),
    "nickname": "the nickname table lists one given name with the other (Bob ~ Robert)",
    "initial": "one given name is the other's initial",
    "swapped": (
        "given and family names are swapped between the records, each crossed pair near"
        " (Jaro–Winkler >= 0.85, one edit, a nickname, an initial or a part); never when"
        " the family names are equal"
    ),
    "phonetic": (
        "the given or family names share a Double Metaphone code, primary or alternate"
        " (Philips 2000)"
    ),
    "date_within": "the dates are at most threshold days apart",
    "date_transposed": "one date is the other with day and month swapped",
    "email_local": "the e-mail local parts are equal (case-insensitive)",
    "email_domain": "the e-mail domains are equal",
    "phone_suffix": "the last threshold digits of the phone numbers are equal",
    "prefix": "the first threshold characters are equal",
    "part": (
        "one value is the other's leading or trailing part, at least threshold characters"
        " long (a compound family name written in full and in part: Sánchez Pérez / Pérez)"
    ),
    "crossed": (
        "one record's given name is the other's family name (Jaro–Winkler >= 0.85): a name"
        " half swapped, so the other two names may be a relative's"
    ),
    "mobile": (
        "the phone numbers are equal and a mobile line (phonenumbers' number type): one"
        " person's, where a landline may be a household's"
    ),
}
#: Attributes a level kind reads besides the comparison's own key.
_LEVEL_READS = {
    "nickname": frozenset({"given_variants"}),
    "misspelling": frozenset({"given", "given_variants", "given_common"}),
    "initial": frozenset({"given", "given_initial"}),
    "swapped": frozenset({"given", "family", "given_variants", "given_common"}),
    "crossed": frozenset({"given", "family"}),
    "date_transposed": frozenset({"birth_date", "birth_date_alt"}),
    "email_local": frozenset({"email_local"}),
    "email_domain": frozenset({"email_domain"}),
    "mobile": frozenset({"phone_mobile"}),
}
#: The Double Metaphone codes (primary, alternate) a ``phonetic`` level reads, per key.
_PHONETIC_CODES = {
    "given": ("given_phonetic", "given_phonetic_alt"),
    "family": ("family_phonetic", "family_phonetic_alt"),
}
#: The least threshold each counting kind accepts: edits and days from 0, and at least one
#: digit or character for suffixes and prefixes (a 0-length suffix would compare nothing).
_SMALLEST_THRESHOLD = {
    "levenshtein": 0,
    "damerau_levenshtein": 0,
    "misspelling": 1,
    "date_within": 0,
    "phone_suffix": 1,
    "prefix": 1,
    "part": 1,
}
_SIMILARITY_KINDS = frozenset({"jaro_winkler"})
_NEEDS_THRESHOLD = frozenset(
    {
        "jaro_winkler",
        "misspelling",
        "levenshtein",
        "damerau_levenshtein",
        "date_within",
        "phone_suffix",
        "prefix",
        "part",
    }
)


def _check_kind(_instance: object, _attribute: object, kind: str) -> None:
    if kind not in LEVEL_KINDS:
        msg = f"'kind' must be one of {sorted(LEVEL_KINDS)} (got {kind!r})"
        raise InvalidDefinition(msg, field="kind", value=kind)


@attrs.frozen
class Level:
    """One level of a comparison: a kind of agreement and, for some kinds, a threshold.

    >>> Level(kind="jaro_winkler", threshold=0.9).label
    'jaro_winkler >= 0.9'
    """

    kind: LevelKind = attrs.field(kw_only=True, validator=_check_kind)
    threshold: float | None = attrs.field(default=None, kw_only=True)

    def __attrs_post_init__(self) -> None:
        """Check the threshold against the kind when the level is built."""
        if (self.kind in _NEEDS_THRESHOLD) != (self.threshold is not None):
            need = "needs" if self.kind in _NEEDS_THRESHOLD else "takes no"
            msg = f"level kind {self.kind!r} {need} a 'threshold' (got {self.threshold!r})"
            raise InvalidDefinition(msg, field="threshold", value=self.threshold)
        if self.kind in _SIMILARITY_KINDS and not 0.0 <= float(self.threshold or 0) <= 1.0:
            msg = f"'threshold' of a {self.kind} level must be in [0, 1] (got {self.threshold!r})"
            raise InvalidDefinition(msg, field="threshold", value=self.threshold)
        smallest = _SMALLEST_THRESHOLD.get(self.kind)
        if smallest is not None and not (
            float(self.threshold or 0) >= smallest
            and (self.kind == "date_within" or float(self.threshold or 0).is_integer())
        ):
            whole = "" if self.kind == "date_within" else "a whole number "
            msg = (
                f"'threshold' of a {self.kind} level must be {whole}>= {smallest} "
                f"(got {self.threshold!r})"
            )
            raise InvalidDefinition(msg, field="threshold", value=self.threshold)

    @property
    def label(self) -> str:
        """A short readable name for explanations."""
        if self.threshold is None:
            return self.kind
        sign = ">=" if self.kind in _SIMILARITY_KINDS else "<="
        if self.kind in {"phone_suffix", "prefix", "part"}:
            return f"{self.kind} {int(self.threshold)}"
        return f"{self.kind} {sign} {self.threshold:g}"


Test = Callable[[MatchKeys, MatchKeys], bool]


def _names(a: MatchKeys, b: MatchKeys) -> tuple[str, str, str, str] | None:
    """Both records' given and family names, to compare crosswise; ``None`` if one lacks one."""
    if a.given is None or a.family is None or b.given is None or b.family is None:
        return None
    return a.given, a.family, b.given, b.family


def _near_crossed(given: str, variants: tuple[str, ...], family: str) -> bool:
    """Whether a given name and the other record's family name may be one name, crossed.

    Similar (Jaro–Winkler), a nickname, an initial, or a compound name's part: a swapped
    name carries the corruptions of any other ("Prter Williams" / "Williams Peter").
    """
    if (
        JaroWinkler.similarity(given, family, score_cutoff=SWAPPED_SIMILARITY)
        >= (SWAPPED_SIMILARITY)
        or family in variants
    ):
        return True
    if min(len(given), len(family)) >= SWAPPED_PART_LETTERS and (
        DamerauLevenshtein.distance(given, family, score_cutoff=1) <= 1
    ):
        return True  # "Zhah Roberf" / "Robert Shah"
    short, long = (given, family) if len(given) <= len(family) else (family, given)
    if len(short) == 1:
        return long.startswith(short)
    return SWAPPED_PART_LETTERS <= len(short) < len(long) and (
        long.startswith(short) or long.endswith(short)
    )


def _level_test(level: Level, key: str) -> Test:
    kind, threshold = level.kind, level.threshold
    if kind == "exact":
        return lambda a, b: getattr(a, key) == getattr(b, key)
    if kind == "jaro_winkler":
        cutoff = float(threshold or 0)
        return lambda a, b: (
            JaroWinkler.similarity(getattr(a, key), getattr(b, key), score_cutoff=cutoff) >= cutoff
        )
    if kind == "misspelling":
        most = int(threshold or 0)

        def misspelt(a: MatchKeys, b: MatchKeys) -> bool:
            x, y = a.given or "", b.given or ""
            if DamerauLevenshtein.distance(x, y, score_cutoff=most) > most:
                return False
            return not (_listed(a) and _listed(b))  # two real names: two people

        return misspelt
    if kind in {"levenshtein", "damerau_levenshtein"}:
        metric = Levenshtein if kind == "levenshtein" else DamerauLevenshtein
        edits = int(threshold or 0)
        return lambda a, b: (
            metric.distance(str(getattr(a, key)), str(getattr(b, key)), score_cutoff=edits) <= edits
        )
    if kind == "nickname":
        return lambda a, b: bool(
            a.given_variants
            and b.given_variants
            and (a.given_variants[0] in b.given_variants or b.given_variants[0] in a.given_variants)
        )
    if kind == "initial":
        return lambda a, b: (
            a.given_initial is not None
            and a.given_initial == b.given_initial
            and (len(a.given or "") == 1 or len(b.given or "") == 1)
        )
    if kind == "swapped":

        def swapped(a: MatchKeys, b: MatchKeys) -> bool:
            names = _names(a, b)
            if names is None:
                return False
            a_given, a_family, b_given, b_family = names
            return (
                a_family != b_family  # one family name: nothing to swap ("Thomas Thomas")
                and a_given != b_given
                # two names common in the run as given names are in the right field: no
                # swap unless a crossing is exact ("William Davis" / "David Williams")
                and (
                    not (a.given_common and b.given_common)
                    or a_given == b_family
                    or b_given == a_family
                )
                and _near_crossed(a_given, a.given_variants, b_family)
                and _near_crossed(b_given, b.given_variants, a_family)
            )

        return swapped
    if kind == "crossed":

        def crossed(a: MatchKeys, b: MatchKeys) -> bool:
            names = _names(a, b)
            return names is not None and (
                JaroWinkler.similarity(names[0], names[3]) >= SWAPPED_SIMILARITY
                or JaroWinkler.similarity(names[1], names[2]) >= SWAPPED_SIMILARITY
            )

        return crossed
    if kind == "phonetic":
        primary, alternate = _PHONETIC_CODES[key]

        def sounds_alike(a: MatchKeys, b: MatchKeys) -> bool:
            code_a, code_b = getattr(a, primary), getattr(b, primary)
            return (
                code_a is not None
                and code_b is not None
                and not {code_a, getattr(a, alternate)}.isdisjoint({code_b, getattr(b, alternate)})
            )

        return sounds_alike
    if kind == "date_within":
        days = dt.timedelta(days=float(threshold or 0))
        return lambda a, b: abs(getattr(a, key) - getattr(b, key)) <= days
    if kind == "date_transposed":
        return lambda a, b: (
            (a.birth_date_alt is not None and a.birth_date_alt == b.birth_date)
            or (b.birth_date_alt is not None and b.birth_date_alt == a.birth_date)
        )
    if kind == "email_local":
        return lambda a, b: a.email_local is not None and a.email_local == b.email_local
    if kind == "email_domain":
        return lambda a, b: a.email_domain is not None and a.email_domain == b.email_domain
    if kind == "phone_suffix":
        digits = int(threshold or 0)
        return lambda a, b: str(getattr(a, key))[-digits:] == str(getattr(b, key))[-digits:]
    if kind == "mobile":
        return lambda a, b: a.phone_mobile and b.phone_mobile and getattr(a, key) == getattr(b, key)
    if kind == "part":
        least = int(threshold or 0)

        def part(a: MatchKeys, b: MatchKeys) -> bool:
            x, y = str(getattr(a, key)), str(getattr(b, key))
            short, long = (x, y) if len(x) <= len(y) else (y, x)
            return least <= len(short) < len(long) and (
                long.startswith(short) or long.endswith(short)
            )

        return part
    size = int(threshold or 0)  # prefix
    return lambda a, b: str(getattr(a, key))[:size] == str(getattr(b, key))[:size]


def _listed(keys: MatchKeys) -> bool:
    """Whether the record's given name is known: listed, or common in the run.

    Listed names are in the nickname table (they have listed variants); common ones are set
    by the run (``given_common``).
    """
    return len(keys.given_variants) > 1 or keys.given_common


def _check_levels(_instance: object, _attribute: object, levels: object) -> None:
    if not isinstance(levels, tuple) or not levels:
        msg = f"'levels' must be a non-empty tuple of Level (got {levels!r})"
        raise InvalidDefinition(msg, field="levels", value=levels)
    for level in levels:
        if not isinstance(level, Level):
            msg = f"'levels' must hold Level values (got {level!r})"
            raise InvalidDefinition(msg, field="levels", value=level)


@attrs.frozen
class Comparison:
    """Compare one attribute of two records through ordered levels.

    Attributes:
        name: The comparison's name in explanations (usually the input field).
        key: The :class:`~crmkit.identity.MatchKeys` attribute whose missingness decides the
            null level and which value-based kinds read.
        levels: The agreement levels, most similar first.
        term_frequency: Whether the first (exact) level's weight is adjusted for how common
            the value is (a match on "smith" weighs less than one on "vanterpool").
        else_implied_by: The name of another comparison whose outright disagreement
            implies this one's: when both are at their "else" level, this one records the
            null level, so the pair pays for one event once. A customer who moved changes
            street and postcode together; Fellegi–Sunter multiplies the comparisons as if
            independent given the match status and would charge the move twice (see the
            model explanation, "Correlated disagreements").
    """

    name: str = attrs.field(kw_only=True)
    key: str = attrs.field(kw_only=True)
    levels: tuple[Level, ...] = attrs.field(kw_only=True, validator=_check_levels)
    term_frequency: bool = attrs.field(default=False, kw_only=True)
    else_implied_by: str | None = attrs.field(default=None, kw_only=True)
    _tests: tuple[Test, ...] = attrs.field(init=False, repr=False, eq=False)

    @_tests.default
    def _compile(self) -> tuple[Test, ...]:
        if self.key not in attrs.fields_dict(MatchKeys):
            msg = f"'key' must name a MatchKeys attribute (got {self.key!r})"
            raise InvalidDefinition(msg, field="key", value=self.key)
        if self.key not in _PHONETIC_CODES and any(lv.kind == "phonetic" for lv in self.levels):
            msg = f"a 'phonetic' level compares given or family names; 'key' is {self.key!r}"
            raise InvalidDefinition(msg, field="key", value=self.key)
        if self.term_frequency and self.levels[0].kind != "exact":
            msg = (
                "'term_frequency' adjusts an exact first level; this comparison's first level "
                f"is {self.levels[0].kind!r}"
            )
            raise InvalidDefinition(msg, field="term_frequency", value=self.levels[0].kind)
        return tuple(_level_test(level, self.key) for level in self.levels)

    @property
    def reads(self) -> frozenset[str]:
        """Every MatchKeys attribute this comparison looks at (its key and its levels').

        >>> sorted(Comparison(name="given", key="given", levels=(Level(kind="nickname"),)).reads)
        ['given', 'given_variants']
        """
        phonetic = frozenset(
            _PHONETIC_CODES[self.key]
            if any(level.kind == "phonetic" for level in self.levels)
            else ()
        )
        return frozenset({self.key}).union(
            phonetic, *(_LEVEL_READS.get(level.kind, frozenset()) for level in self.levels)
        )

    @property
    def level_count(self) -> int:
        """Levels including null (0) and else (last)."""
        return len(self.levels) + 2

    def level(self, a: MatchKeys, b: MatchKeys) -> int:
        """The comparison level of a pair: 0 null, 1.. the first level that holds, else last.

        >>> exact = Comparison(name="email", key="email", levels=(Level(kind="exact"),))
        >>> exact.level(MatchKeys(id="a"), MatchKeys(id="b", email="x@y.org"))
        0
        """
        key = self.key
        if getattr(a, key) is None or getattr(b, key) is None:
            return 0
        for index, test in enumerate(self._tests, start=1):
            if test(a, b):
                return index
        return len(self._tests) + 1

    def levels_of(
        self,
        keys: Sequence[MatchKeys],
        pairs: Iterable[tuple[int, int]],
        *,
        column: Sequence[object] | None = None,
    ) -> list[int]:
        """The level of many pairs of positions in ``keys``: ``level`` for each, but faster.

        The null level and a leading ``exact`` level are decided on the key column alone
        (``column``: the key of every record, when the caller already has it); only the
        remaining pairs run the other levels' tests.

        >>> exact = Comparison(name="email", key="email", levels=(Level(kind="exact"),))
        >>> keys = [MatchKeys(id="a", email="x@y.org"), MatchKeys(id="b", email="x@y.org"),
        ...         MatchKeys(id="c")]
        >>> exact.levels_of(keys, [(0, 1), (0, 2)])
        [1, 0]
        """
        if column is None:
            column = [getattr(k, self.key) for k in keys]
        tests = self._tests
        start = 1 if self.levels[0].kind == "exact" else 0
        rest = tuple(enumerate(tests[start:], start=start + 1))
        otherwise = len(tests) + 1
        out: list[int] = []
        append = out.append
        for i, j in pairs:
            x = column[i]
            y = column[j]
            if x is None or y is None:
                append(0)
            elif start and x == y:
                append(1)
            else:
                a = keys[i]
                b = keys[j]
                for index, test in rest:
                    if test(a, b):
                        append(index)
                        break
                else:
                    append(otherwise)
        return out

    def label(self, level: int) -> str:
        """A readable name of a level index.

        >>> Comparison(name="email", key="email", levels=(Level(kind="exact"),)).label(0)
        'null'
        """
        if level == 0:
            return "null"
        if level == len(self.levels) + 1:
            return "else"
        return self.levels[level - 1].label

    def pair_label(self, level: int, a: MatchKeys, b: MatchKeys) -> str:
        """:meth:`label` for one pair, naming a disagreement that another comparison counted.

        A null level with both values present stands for a disagreement implied by
        ``else_implied_by``, and says so.

        >>> postcode = Comparison(name="postcode", key="postcode", levels=(Level(kind="exact"),),
        ...                       else_implied_by="street")
        >>> a, b = MatchKeys(id="a", postcode="N1 9GU"), MatchKeys(id="b", postcode="M1 1AE")
        >>> postcode.pair_label(0, a, b), postcode.pair_label(0, a, MatchKeys(id="c"))
        ('else (with street)', 'null')
        """
        if (
            level == 0
            and self.else_implied_by is not None
            and getattr(a, self.key) is not None
            and getattr(b, self.key) is not None
        ):
            return f"else (with {self.else_implied_by})"
        return self.label(level)
