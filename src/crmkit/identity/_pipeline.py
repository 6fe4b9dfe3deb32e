"""``dedupe``: find the duplicates in one list of customer records, end to end.

records -> :func:`match_keys` -> blocking (analysis first) -> candidate pairs -> comparison
vectors -> Fellegi–Sunter model (u by sampling, m and λ by EM) -> scored pairs and bands ->
clusters that resist chaining. Every stage reports progress through an optional callback
``progress(stage, done, total)``; nothing is printed.
"""

from __future__ import annotations

import html
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from crmkit._errors import InvalidArgument
from crmkit.identity._blocking import BlockingAnalysis, IndexPairs, candidate_pairs_and_ids
from crmkit.identity._cluster import ClusterSplit, cluster_pairs
from crmkit.identity._model import FittedModel, fit_model, probability
from crmkit.identity._normalize import (
    MatchKeys,
    _match_keys,
    common_given_names,
    with_common_given,
)
from crmkit.identity._settings import MatchSettings, default_settings
from crmkit.identity._vectors import comparison_vector, vectorise
from crmkit.identity._veto import cluster_score, veto_reason_rule

__all__ = [
    "Band",
    "Contribution",
    "MatchResult",
    "MatchStats",
    "Progress",
    "ScoredPair",
    "dedupe",
    "link",
]

Band = Literal["match", "review"]
Progress = Callable[[str, int, int], None]


@attrs.frozen
class Contribution:
    """One comparison's part in a pair's match weight (a bar of the waterfall)."""

    comparison: str
    level: str
    weight: float


#: Least widths of the comparison and level columns of :meth:`ScoredPair.explain` (wider
#: names widen them, so the weights stay aligned).
_NAME_COLUMN = 14
_LEVEL_COLUMN = 15


@attrs.frozen
class ScoredPair:
    """A pair at or above the review threshold, with its explanation.

    ``contributions`` sum, with the prior weight, to ``match_weight``.
    """

    left_id: str
    right_id: str
    match_weight: float
    probability: float
    band: Band
    prior_weight: float
    contributions: tuple[Contribution, ...]
    vetoed: bool = False

    def explain(self) -> str:
        """The waterfall as text: prior, each comparison, total.

        >>> pair = ScoredPair("a", "b", 5.0, 0.97, "match", -3.0,
        ...                   (Contribution("email", "exact", 8.0),))
        >>> print(pair.explain())
        a ~ b: match weight 5.00, probability 0.970 (match)
          prior                          -3.00
          email          exact           +8.00
        """
        heading = (
            f"{self.left_id} ~ {self.right_id}: match weight {self.match_weight:.2f}, "
            f"probability {self.probability:.3f} ({self.band})"
        )
        name = max([_NAME_COLUMN, *(len(c.comparison) for c in self.contributions)])
        level = max([_LEVEL_COLUMN, *(len(c.level) for c in self.contributions)])
        lines = [heading, f"  {'prior':<{name + level + 1}} {self.prior_weight:+.2f}"]
        lines.extend(
            f"  {c.comparison:<{name}} {c.level:<{level}} {c.weight:+.2f}"
            for c in self.contributions
        )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(c.comparison)}</td><td>{html.escape(c.level)}</td>"
            f"<td style='text-align:right'>{c.weight:+.2f}</td></tr>"
            for c in self.contributions
        )
        return (
            f"<p><b>{html.escape(self.left_id)} ~ {html.escape(self.right_id)}</b>: "
            f"weight {self.match_weight:.2f}, probability {self.probability:.3f} ({self.band})</p>"
            "<table><tr><th>comparison</th><th>level</th><th>weight</th></tr>"
            f"<tr><td>prior</td><td></td><td style='text-align:right'>{self.prior_weight:+.2f}"
            f"</td></tr>{rows}</table>"
        )


@attrs.frozen
class MatchStats:
    """What a run did: blocking counts, comparisons made, how EM went, clusters split."""

    record_count: int
    blocking: BlockingAnalysis
    candidate_pairs: int
    comparisons_made: int
    em_iterations: int
    em_converged: bool
    splits: tuple[ClusterSplit, ...]


@attrs.frozen
class MatchResult:
    """Scored pairs, clusters (a partition of the input ids), the fitted model and stats."""

    pairs: tuple[ScoredPair, ...]
    clusters: tuple[tuple[str, ...], ...]
    model: FittedModel
    stats: MatchStats
    settings: MatchSettings


def _keys_of(records: Iterable[Mapping[str, object]], id_field: str) -> list[MatchKeys]:
    keys = []
    seen: set[str] = set()
    memo: dict[tuple[str, str], Any] = {}  # one run's normalised values, each computed once
    for position, item in enumerate(records):
        record: object = item  # callers' data: checked at run time
        if attrs.has(type(record)):
            record = attrs.asdict(record)  # type: ignore[arg-type]  # attrs instance (checked)
        if not isinstance(record, Mapping):
            msg = f"record {position} must be a mapping or an attrs instance (got {record!r})"
            raise InvalidArgument(msg, field="records", value=record)
        if record.get(id_field) is None:
            msg = f"record {position} has no {id_field!r} (got {dict(record)!r})"
            raise InvalidArgument(msg, field=id_field, value=record)
        key = _match_keys(record, id_field, memo)
        if key.id in seen:
            msg = f"{id_field!r} values must be unique (got {key.id!r} twice)"
            raise InvalidArgument(msg, field=id_field, value=key.id)
        seen.add(key.id)
        keys.append(key)
    return keys


def _term_frequency_adjustments(
    model: FittedModel,
) -> list[tuple[int, dict[str, float]]]:
    """Per TF comparison: value -> change of the exact level's weight (unknown: no change)."""
    adjustments = []
    for k, comparison in enumerate(model.comparisons):
        table = model.term_frequencies.get(comparison.name)
        if not comparison.term_frequency or not table:
            continue
        average = model.level_weight(k, 1)
        deltas = {value: model.level_weight(k, 1, value) - average for value in table}
        adjustments.append((k, deltas))
    return adjustments


def _score(model: FittedModel, a: MatchKeys, b: MatchKeys) -> tuple[float, tuple[int, ...]]:
    vector = comparison_vector(model.comparisons, a, b)
    return model.match_weight(vector, a), vector


def dedupe(
    records: Iterable[Mapping[str, object]],
    *,
    id_field: str = "id",
    settings: MatchSettings | None = None,
    progress: Progress | None = None,
) -> MatchResult:
    """Find the duplicates in ``records`` without labels.

    Args:
        records: Mappings (or attrs instances) with crmkit's canonical field names.
        id_field: The field holding each record's unique id.
        settings: Comparisons, blocking and thresholds; ``None`` chooses them from the
            fields the records fill.
        progress: Called as ``progress(stage, done, total)``.

    Returns:
        The :class:`MatchResult`.

    Three people, each filed twice in each of seven batches (the family name carries the
    batch number, so records of different batches are different people):

    >>> people = [("Ann", "Lee"), ("Bob", "Khan"), ("Cy", "Ode")]
    >>> records = []
    >>> for n in range(40):
    ...     given, family = people[n % 3]
    ...     records.append({"id": f"r{n}", "given_name": given, "family_name": f"{family}{n // 6}",
    ...                     "birth_date": f"19{60 + n // 6}-0{1 + n % 3}-1{n % 3}",
    ...                     "email": f"{given.lower()}{n // 6}@example.org"})
    >>> result = dedupe(records)
    >>> len(result.clusters), result.clusters[0]
    (21, ('r0', 'r3'))
    """
    report = progress or (lambda _stage, _done, _total: None)
    keys = _keys_of(records, id_field)
    _mark_common_given(keys)
    report("normalise", len(keys), len(keys))
    return _run(keys, settings, report, source_of=None, one_to_one=False)


def link(
    left: Iterable[Mapping[str, object]],
    right: Iterable[Mapping[str, object]],
    *,
    id_field: str = "id",
    settings: MatchSettings | None = None,
    deduplicated: bool = True,
    one_to_one: bool = False,
    progress: Progress | None = None,
) -> MatchResult:
    """Link the records of two sources that describe the same customers.

    Args:
        left: The first source's records (canonical field names).
        right: The second source's records; ids must differ from ``left``'s.
        id_field: The field holding each record's id.
        settings: As for :func:`dedupe`; ``None`` chooses from the fields present.
        deduplicated: Whether each source is already free of duplicates. Then only pairs
            across the sources are compared, and a cluster never holds two records of one
            source. With ``False``, duplicates within a source are found too.
        one_to_one: Link each record to at most one record of the other source: the best
            pairs first, each record used once (a greedy assignment). Implies
            ``deduplicated``.
        progress: Called as ``progress(stage, done, total)``.

    Returns:
        A :class:`MatchResult` whose clusters cover the records of both sources.

    >>> left = [{"id": f"a{n}", "given_name": g, "family_name": f, "email": e}
    ...         for n, (g, f, e) in enumerate([("Ann", "Lee", "ann@x.org"),
    ...                                        ("Bob", "Khan", "bob@y.org"),
    ...                                        ("Cy", "Ode", "cy@z.org")] * 8)]
    >>> for n, record in enumerate(left):
    ...     record["family_name"] = f"{record['family_name']}{n}"
    ...     record["email"] = f"{n}{record['email']}"
    >>> right = [dict(record, id=f"b{n}") for n, record in enumerate(left)]
    >>> result = link(left, right, one_to_one=True)
    >>> len(result.clusters), result.clusters[0]
    (24, ('a0', 'b0'))
    """
    report = progress or (lambda _stage, _done, _total: None)
    left_keys = _keys_of(left, id_field)
    right_keys = _keys_of(right, id_field)
    shared = {k.id for k in left_keys} & {k.id for k in right_keys}
    if shared:
        example = sorted(shared)[:_SHOWN_IDS]
        msg = f"{id_field!r} values must differ between 'left' and 'right' (both have {example!r})"
        raise InvalidArgument(msg, field=id_field, value=example)
    keys = left_keys + right_keys
    source_of = [0] * len(left_keys) + [1] * len(right_keys)
    del left_keys, right_keys  # keys holds them; marking below replaces some
    _mark_common_given(keys)
    report("normalise", len(keys), len(keys))
    return _run(
        keys,
        settings,
        report,
        source_of=source_of if (deduplicated or one_to_one) else None,
        one_to_one=one_to_one,
    )


_SHOWN_IDS = 5  # ids listed in an error message
#: Slack when comparing a weight with the review band's weight, so rounding in the log never
#: drops a pair whose probability is exactly the review threshold.
_WEIGHT_TOLERANCE = 1e-9


def _one_to_one(
    ids: Sequence[str], scored: Sequence[tuple[int, int, float]], threshold: float
) -> tuple[tuple[str, ...], ...]:
    """Greedy assignment: best pairs first, each record used at most once."""
    used: set[int] = set()
    clusters: list[tuple[str, ...]] = []
    for i, j, p in sorted(scored, key=lambda s: (-s[2], s[0], s[1])):
        if p >= threshold and i not in used and j not in used:
            used.update((i, j))
            clusters.append(tuple(sorted((ids[i], ids[j]))))
    clusters.extend((ids[n],) for n in range(len(ids)) if n not in used)
    return tuple(sorted(clusters))


def _pair_space(source_of: Sequence[int] | None, n: int) -> int:
    """How many pairs could match: all pairs, or only those across the two sources."""
    if source_of is None:
        return n * (n - 1) // 2
    left = sum(1 for source in source_of if source == 0)
    return left * (n - left)


def _mark_common_given(keys: list[MatchKeys]) -> None:
    """Mark, in place, the records whose given name is common in the run (a known name)."""
    common = common_given_names(keys)
    for position, key in enumerate(keys):
        marked = with_common_given(key, common)
        if marked is not key:
            keys[position] = marked


def _run(
    keys: Sequence[MatchKeys],
    settings: MatchSettings | None,
    report: Progress,
    *,
    source_of: Sequence[int] | None,
    one_to_one: bool,
) -> MatchResult:
    """The shared pipeline; with ``source_of``, only pairs across sources are kept."""
    if settings is None:
        settings = default_settings(keys)
    candidates, block_ids = candidate_pairs_and_ids(keys, settings.blocking_rules)
    pairs_found = candidates.pairs
    if source_of is not None:
        pairs_found = IndexPairs.of((i, j) for i, j in pairs_found if source_of[i] != source_of[j])
    report("block", len(pairs_found), len(pairs_found))
    vectors = vectorise(keys, settings.comparisons, pairs_found)
    report("compare", len(pairs_found), len(pairs_found))
    model = fit_model(
        keys,
        settings.comparisons,
        settings.blocking_rules,
        candidates=pairs_found,
        vectors=vectors,
        rng=random.Random(settings.seed),
        u_sample_pairs=settings.u_sample_pairs,
        pair_space=_pair_space(source_of, len(keys)),
        block_ids=block_ids,
    )
    report("train", model.em_iterations, model.em_iterations)
    scored: list[tuple[int, int, float]] = []
    pairs: list[ScoredPair] = []
    veto_reason = veto_reason_rule(model.comparisons, settings)

    def is_vetoed(vector: Sequence[int]) -> bool:
        return veto_reason(vector) is not None

    # Per record, the change of each TF comparison's exact-level weight for its own value.
    deltas = {
        k: [
            0.0
            if (v := getattr(record, model.comparisons[k].key)) is None
            else table.get(str(v), 0.0)
            for record in keys
        ]
        for k, table in _term_frequency_adjustments(model)
    }
    # Per distinct vector: its weight and the TF columns its exact agreements add.
    plans = [
        (model.match_weight(pattern), [deltas[k] for k in deltas if pattern[k] == 1])
        for pattern in vectors.patterns
    ]
    cache: dict[tuple[int, int, object], Contribution] = {}  # equal bars are shared
    review_weight = math.log2(settings.review_threshold / (1.0 - settings.review_threshold))
    for (i, j), code in zip(pairs_found, vectors.index, strict=True):
        weight, columns = plans[code]
        for column in columns:
            weight += column[i]
        if weight < review_weight - _WEIGHT_TOLERANCE:
            continue
        p = probability(weight)
        if p >= settings.review_threshold:
            vector = vectors.patterns[code]
            vetoed = is_vetoed(vector)
            if not vetoed:
                scored.append((i, j, p))
            pairs.append(
                _scored_pair(
                    model, keys[i], keys[j], weight, p, vector, settings, vetoed=vetoed, cache=cache
                )
            )
    report("score", len(pairs_found), len(pairs_found))

    def pair_probability(i: int, j: int) -> float | None:
        if source_of is not None and source_of[i] == source_of[j]:
            return 0.0  # two records of one deduplicated source are different customers
        weight, vector = _score(model, keys[i], keys[j])
        return cluster_score(veto_reason(vector), probability(weight))

    ids = [k.id for k in keys]
    splits: tuple[ClusterSplit, ...] = ()
    if one_to_one:
        clusters = _one_to_one(ids, scored, settings.match_threshold)
    else:
        clusters, splits = cluster_pairs(
            ids, scored, threshold=settings.match_threshold, pair_probability=pair_probability
        )
    report("cluster", len(clusters), len(clusters))
    stats = MatchStats(
        record_count=len(keys),
        blocking=candidates.analysis,
        candidate_pairs=len(pairs_found),
        comparisons_made=len(pairs_found),
        em_iterations=model.em_iterations,
        em_converged=model.converged,
        splits=splits,
    )
    return MatchResult(
        pairs=tuple(pairs), clusters=clusters, model=model, stats=stats, settings=settings
    )


def _scored_pair(  # noqa: PLR0917  (private)
    model: FittedModel,
    a: MatchKeys,
    b: MatchKeys,
    weight: float,
    p: float,
    vector: Sequence[int],
    settings: MatchSettings,
    *,
    vetoed: bool,
    cache: dict[tuple[int, int, object], Contribution],
) -> ScoredPair:
    contributions = _pair_contributions(model, a, b, vector, cache=cache)
    left, right = sorted((a.id, b.id))
    return ScoredPair(
        left_id=left,
        right_id=right,
        match_weight=weight,
        probability=p,
        band="match" if p >= settings.match_threshold and not vetoed else "review",
        vetoed=vetoed,
        prior_weight=model.prior_weight,
        contributions=contributions,
    )


def _pair_contributions(
    model: FittedModel,
    a: MatchKeys,
    b: MatchKeys,
    vector: Sequence[int],
    *,
    cache: dict[tuple[int, int, object], Contribution] | None = None,
) -> tuple[Contribution, ...]:
    """The bars of a pair's waterfall: each comparison's level, as a label, and its weight.

    ``a`` is the record whose value sets a term-frequency adjusted weight. Equal bars are
    shared through ``cache`` when one is given (a run has few distinct bars).
    """
    contributions = []
    for k, (c, level) in enumerate(zip(model.comparisons, vector, strict=True)):
        value = getattr(a, c.key) if level == 1 and c.term_frequency else None
        label = c.pair_label(level, a, b) if level == 0 else c.label(level)
        entry = (k, level, label if level == 0 else value)
        contribution = cache.get(entry) if cache is not None else None
        if contribution is None:
            contribution = Contribution(
                comparison=c.name, level=label, weight=model.level_weight(k, level, value)
            )
            if cache is not None:
                cache[entry] = contribution
        contributions.append(contribution)
    return tuple(contributions)
