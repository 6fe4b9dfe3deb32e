"""The Fellegi–Sunter model: match weights from m and u probabilities, fitted without labels.

For a pair of records and comparison k at level l (Fellegi & Sunter 1969, "A Theory for
Record Linkage", JASA 64:1183–1210; notation as in Splink's documentation):

- m_k(l) = P(level l | the records are the same entity),
- u_k(l) = P(level l | they are different entities),
- the pair's match weight  W = log2(λ / (1 − λ)) + Σ_k log2(m_k(l_k) / u_k(l_k)),
  where λ is the prior probability that a compared pair matches; null levels add 0;
- its probability  p = 2^W / (1 + 2^W).

u is estimated from pairs drawn at random from all records (almost all of them are
non-matches), with the caller's seeded ``rng``; m and λ by expectation–maximisation on the
blocked candidate pairs with u held fixed (Winkler 1988, "Using the EM algorithm for weight
computation in the Fellegi–Sunter model of record linkage"; the scheme Splink uses). Identical
comparison vectors are aggregated before EM, so an iteration costs the number of distinct
vectors, not of pairs.

Term-frequency adjustment (Fellegi & Sunter's value-specific weights; Splink's ``tf``): for a
comparison with ``term_frequency=True`` an exact agreement on value v uses u = f(v), the share
of records holding v, instead of the average u of the exact level: agreeing on "smith" is
weaker evidence than agreeing on "vanterpool".
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

import attrs

from crmkit._errors import InvalidArgument
from crmkit._frozen import FrozenDict, freeze
from crmkit.identity._blocking import BlockingRule, Rule
from crmkit.identity._compare import Comparison
from crmkit.identity._normalize import MatchKeys
from crmkit.identity._vectors import PairVectors

__all__ = [
    "DEFAULT_MAX_EM_ITERATIONS",
    "DEFAULT_MAX_SESSION_PAIRS",
    "DEFAULT_U_SAMPLE_PAIRS",
    "EM_TOLERANCE",
    "FittedModel",
    "estimate_u",
    "expectation_maximisation",
    "fit_model",
    "probability",
]

#: Random pairs drawn to estimate u. At 10⁶ pairs a level seen with probability 10⁻⁴ is
#: observed ~100 times, enough for a stable estimate (relative error ~10%).
DEFAULT_U_SAMPLE_PAIRS = 1_000_000
#: EM stops when no parameter moves by more than this between iterations.
EM_TOLERANCE = 1e-5
#: EM gives up after this many iterations and reports ``converged=False``.
DEFAULT_MAX_EM_ITERATIONS = 100
#: Pairs drawn (at most) from one blocking rule for its EM training session.
DEFAULT_MAX_SESSION_PAIRS = 300_000
#: Candidate pairs scanned for the training sessions, as a multiple of
#: ``DEFAULT_MAX_SESSION_PAIRS``: a seeded sample when there are more candidates (a million
#: records give about three million), so training time stops growing with the list.
_SESSION_SCAN_FACTOR = 2
#: A rule with fewer pairs than this has no training session (too little to estimate from).
MIN_SESSION_PAIRS = 20
#: EM's starting m for the first (exact) level of every comparison.
STARTING_M_AGREE = 0.9
#: Laplace pseudo-count added to every level when estimating u and m, so that a level never
#: seen in a sample gets a small positive probability instead of an infinite weight.
PSEUDO_COUNT = 1.0
#: Bounds on probabilities inside the model, keeping weights finite.
_EPSILON = 1e-9
#: exp() overflows past ~709; beyond this log-odds gap the posterior is 0 to double precision.
_MAX_EXPONENT = 700.0


def _distribution(counts: Counter[int], levels: int) -> tuple[float, ...]:
    """Smoothed P(level) over non-null levels 1..levels-1 (index 0 of the result is level 1)."""
    total = sum(counts[level] for level in range(1, levels)) + PSEUDO_COUNT * (levels - 1)
    return tuple((counts[level] + PSEUDO_COUNT) / total for level in range(1, levels))


def _random_pairs(size: int, count: int, rng: random.Random) -> list[tuple[int, int]]:
    """``count`` pairs of distinct positions below ``size``, uniform (at most all pairs)."""
    draw = rng.random
    pairs = []
    for _ in range(min(count, size * (size - 1) // 2)):
        i = int(draw() * size)
        j = int(draw() * (size - 1))
        pairs.append((i, j + 1 if j >= i else j))
    return pairs


def estimate_u(
    keys: Sequence[MatchKeys],
    comparisons: Sequence[Comparison],
    *,
    rng: random.Random,
    sample_pairs: int = DEFAULT_U_SAMPLE_PAIRS,
) -> tuple[tuple[float, ...], ...]:
    """U probabilities per comparison and level: P(level l | non-match), l = 1..else.

    With n records a random pair is a match with probability about (duplicates)/(n²/2),
    negligible for any real file, so level frequencies over random pairs estimate u. The null
    level is excluded from u, so each comparison draws its pairs among the records that
    have its key (every draw counts). When the first level is ``exact``, its u is computed
    exactly instead of sampled: u(exact) = Σ_v c_v (c_v − 1) / (N (N − 1)), with c_v the
    records holding value v and N those holding any value; the sampled levels share the rest,
    1 − u(exact), in proportion to their sample counts among non-exact draws. A leading
    ``mobile`` level (then ``exact``) splits that sum between mobile numbers and the others.
    """
    n = len(keys)
    if n < 2:  # noqa: PLR2004  (a pair needs two records)
        msg = f"'keys' must hold at least two records to estimate u (got {n})"
        raise InvalidArgument(msg, field="keys", value=n)
    result = []
    for comparison in comparisons:
        key = comparison.key
        present = [k for k in keys if getattr(k, key) is not None]
        size = len(present)
        levels = comparison.level_count
        if size < 2:  # noqa: PLR2004
            result.append(tuple(1.0 / (levels - 1) for _ in range(1, levels)))
            continue
        counts = Counter(comparison.levels_of(present, _random_pairs(size, sample_pairs, rng)))
        fixed = _equality_u(comparison, present)
        if fixed:
            first = len(fixed) + 1  # the first sampled level
            rest = _distribution(Counter({lv: counts[lv] for lv in range(first, levels)}), levels)
            rest = rest[first - 1 :]
            scale = (1.0 - sum(fixed)) / sum(rest) if rest else 0.0
            result.append((*fixed, *(value * scale for value in rest)))
        else:
            result.append(_distribution(counts, levels))
    return tuple(result)


def _equality_u(comparison: Comparison, present: Sequence[MatchKeys]) -> tuple[float, ...]:
    """The u of the leading equality levels, in closed form; () when there are none.

    ``exact``: Σ_v c_v (c_v − 1) / (N (N − 1)). ``mobile`` (then ``exact``): the same sum
    over mobile numbers (then over the others: a value's line type is the same in every
    record that holds it). Sampling cannot see such rare agreements: at 10^5 random pairs
    a u below 10^-5 rests on the pseudo-count, and the weight would not grow with the file.
    """
    kinds = [level.kind for level in comparison.levels]
    if kinds[0] not in {"exact", "mobile"}:
        return ()
    key = comparison.key
    pairs = len(present) * (len(present) - 1)

    def agreeing(records: Iterable[MatchKeys]) -> float:
        counts = Counter(str(getattr(k, key)) for k in records)
        return sum(c * (c - 1) for c in counts.values()) / pairs

    on_all = agreeing(present)
    if kinds[0] == "exact":
        u: tuple[float, ...] = (on_all,)
    else:
        on_mobiles = agreeing(k for k in present if k.phone_mobile)
        u = (on_mobiles, on_all - on_mobiles) if kinds[1:2] == ["exact"] else (on_mobiles,)
    return tuple(min(max(value, _EPSILON), 1.0 - _EPSILON) for value in u)


def _freeze_tables(
    tables: Mapping[str, Mapping[str, float]],
) -> Mapping[str, Mapping[str, float]]:
    return FrozenDict({k: freeze(v) for k, v in tables.items()})


@attrs.frozen
class FittedModel:
    """A fitted Fellegi–Sunter model: comparisons, m, u, the prior, and how EM went.

    ``m[k][l-1]`` and ``u[k][l-1]`` are the probabilities of level ``l`` (1..else) of
    comparison ``k``. ``term_frequencies[name][value]`` is the share of records with that
    value for comparisons with term-frequency adjustment. ``converged`` is ``False`` when an
    EM session hit its iteration limit, or when no session could run at all (every
    blocking rule found fewer than ``MIN_SESSION_PAIRS`` pairs): m is then EM's starting
    guess, not an estimate, and the probabilities mean little. ``common_given_names`` are
    the given names the run treated as known names for the ``misspelling`` level
    (``MatchKeys.given_common``), so records matched later are read the same way.
    """

    comparisons: tuple[Comparison, ...]
    m: tuple[tuple[float, ...], ...]
    u: tuple[tuple[float, ...], ...]
    prior: float
    term_frequencies: Mapping[str, Mapping[str, float]] = attrs.field(converter=_freeze_tables)
    em_iterations: int = 0
    converged: bool = True
    common_given_names: frozenset[str] = frozenset()

    def level_weight(self, k: int, level: int, value: object = None) -> float:
        """log2(m/u) of level ``level`` of comparison ``k`` (0 for the null level).

        With a term-frequency table and the exact level, ``value``'s own frequency is u.
        """
        if level == 0:
            return 0.0
        m = self.m[k][level - 1]
        u = self.u[k][level - 1]
        comparison = self.comparisons[k]
        if level == 1 and comparison.term_frequency and value is not None:
            u = self.term_frequencies.get(comparison.name, {}).get(str(value), u)
        return math.log2(max(m, _EPSILON) / max(u, _EPSILON))

    @property
    def prior_weight(self) -> float:
        """log2(λ / (1 − λ))."""
        return math.log2(self.prior / (1.0 - self.prior))

    def match_weight(self, vector: Sequence[int], a: MatchKeys | None = None) -> float:
        """W = prior weight + Σ level weights (term-frequency adjusted when ``a`` is given)."""
        total = self.prior_weight
        for k, level in enumerate(vector):
            value = getattr(a, self.comparisons[k].key) if a is not None and level == 1 else None
            total += self.level_weight(k, level, value)
        return total


def probability(weight: float) -> float:
    """P = 2^W / (1 + 2^W), computed without overflow.

    >>> probability(0.0), round(probability(10.0), 4)
    (0.5, 0.999)
    """
    if weight >= 0:
        return 1.0 / (1.0 + math.exp2(-weight))
    odds = math.exp2(weight)
    return odds / (1.0 + odds)


def _term_frequencies(
    keys: Sequence[MatchKeys], comparisons: Sequence[Comparison]
) -> dict[str, dict[str, float]]:
    tables: dict[str, dict[str, float]] = {}
    for comparison in comparisons:
        if not comparison.term_frequency:
            continue
        counts = Counter(
            str(v) for record in keys if (v := getattr(record, comparison.key)) is not None
        )
        total = sum(counts.values())
        tables[comparison.name] = {value: count / total for value, count in counts.items()}
    return tables


def _session_positions(
    keys: Sequence[MatchKeys],
    rule: Rule,
    candidates: Sequence[tuple[int, int]],
    scanned: Sequence[int],
    known: Sequence[int] | None = None,
) -> list[int]:
    """Positions (among ``scanned``) of the candidate pairs that agree on a rule's keys."""
    if not isinstance(rule, BlockingRule):
        return []  # a sorted-neighbourhood window has no agreement to condition on
    block = known if known is not None else rule.block_ids(keys)
    return [
        p for p in scanned if (b := block[candidates[p][0]]) >= 0 and b == block[candidates[p][1]]
    ]


def fit_model(
    keys: Sequence[MatchKeys],
    comparisons: Sequence[Comparison],
    rules: Sequence[Rule],
    *,
    candidates: Sequence[tuple[int, int]],
    vectors: PairVectors,
    rng: random.Random,
    u_sample_pairs: int = DEFAULT_U_SAMPLE_PAIRS,
    max_session_pairs: int = DEFAULT_MAX_SESSION_PAIRS,
    max_iterations: int = DEFAULT_MAX_EM_ITERATIONS,
    pair_space: int | None = None,
    block_ids: Mapping[BlockingRule, Sequence[int]] | None = None,
) -> FittedModel:
    """Fit u by random sampling, m by EM in one session per blocking rule, then λ.

    Pairs found by a rule agree on its keys whatever their match status, so in the session
    of that rule the comparisons that read those keys are treated as null: they carry no
    information there and keep no estimate. Every other comparison's m is estimated by EM,
    and a comparison's final m is the mean over the sessions that estimated it (Splink's
    training scheme: ``estimate_parameters_using_expectation_maximisation`` per blocking rule).
    ``block_ids`` may hold each blocking rule's :meth:`BlockingRule.block_ids`, as the
    blocking step computed them, so training need not compute them again.

    Last, λ is estimated with m and u held fixed. u describes *random* pairs, so λ must be
    the share of matches among all ``pair_space`` pairs (default n(n − 1)/2), not among the
    candidates: a candidate pair already agrees on its blocking keys, and the weights of
    those agreements count that evidence once; a prior taken among candidates would count it
    twice and make every probability over-confident. Pairs that blocking left out are taken
    as non-matches, so λ = Σ_candidates P(match | γ; λ) / ``pair_space`` (Splink's
    ``probability_two_random_records_match``, estimated here by this fixed point).

    EM (Winkler 1988): for each distinct comparison vector γ with count c, E-step
    g(γ) = λ Π m(γ) / (λ Π m(γ) + (1 − λ) Π u(γ)); M-step λ = Σ c·g / Σ c and
    m_k(l) = Σ_{γ_k = l} c·g / Σ_{γ_k ≠ null} c·g.
    """
    u = estimate_u(keys, comparisons, rng=rng, sample_pairs=u_sample_pairs)
    level_counts = tuple(c.level_count for c in comparisons)
    estimates: list[list[tuple[float, ...]]] = [[] for _ in comparisons]
    total_iterations = 0
    all_converged = True
    sessions = 0
    # Sessions look among at most _SESSION_SCAN_FACTOR x max_session_pairs candidates, drawn
    # once: EM needs a fair sample of a rule's pairs, not all of them.
    scanned: Sequence[int] = range(len(candidates))
    if len(candidates) > _SESSION_SCAN_FACTOR * max_session_pairs:
        scanned = sorted(
            rng.sample(range(len(candidates)), _SESSION_SCAN_FACTOR * max_session_pairs)
        )
    for rule in rules:
        known = (
            block_ids.get(rule)
            if block_ids is not None and isinstance(rule, BlockingRule)
            else None
        )
        positions = _session_positions(keys, rule, candidates, scanned, known)
        if len(positions) < MIN_SESSION_PAIRS:
            continue
        if len(positions) > max_session_pairs:
            positions = sorted(rng.sample(positions, max_session_pairs))
        blocked = [bool(c.reads & rule.reads) for c in comparisons]
        if all(blocked):
            continue
        session: Counter[tuple[int, ...]] = Counter()
        for vector, count in vectors.counts(positions).items():
            masked = tuple(0 if blocked[k] else level for k, level in enumerate(vector))
            session[masked] += count
        m, _prior, iterations, converged = expectation_maximisation(
            session, u=u, level_counts=level_counts, max_iterations=max_iterations
        )
        total_iterations += iterations
        sessions += 1
        all_converged = all_converged and converged
        for k in range(len(comparisons)):
            if not blocked[k]:
                estimates[k].append(m[k])
    m_final = tuple(
        tuple(sum(values) / len(values) for values in zip(*found, strict=True))
        if found
        else _starting_m(level_counts[k])
        for k, found in enumerate(estimates)
    )
    n = len(keys)
    space = pair_space if pair_space is not None else n * (n - 1) // 2
    prior, iterations = _estimate_prior(vectors.counts(), m=m_final, u=u, pair_space=space)
    return FittedModel(
        comparisons=tuple(comparisons),
        m=m_final,
        u=u,
        prior=prior,
        term_frequencies=_term_frequencies(keys, comparisons),
        em_iterations=total_iterations + iterations,
        converged=all_converged and sessions > 0,
        common_given_names=frozenset(k.given for k in keys if k.given_common and k.given),
    )


def _starting_m(level_count: int) -> tuple[float, ...]:
    """EM's starting point: agreement (level 1) is likely for matches."""
    rest = level_count - 2
    return tuple(
        STARTING_M_AGREE if level == 1 else (1.0 - STARTING_M_AGREE) / max(rest, 1)
        for level in range(1, level_count)
    )


def _estimate_prior(
    vectors: Mapping[tuple[int, ...], int],
    *,
    m: Sequence[Sequence[float]],
    u: Sequence[Sequence[float]],
    pair_space: int,
    max_iterations: int = DEFAULT_MAX_EM_ITERATIONS,
) -> tuple[float, int]:
    """λ with m and u fixed: the fixed point of λ = Σ c·P(match | γ; λ) / ``pair_space``.

    Pairs outside ``vectors`` (not candidates) count as non-matches.
    """
    log_ratio = {}
    for vector in vectors:
        total = 0.0
        for k, level in enumerate(vector):
            if level:
                total += math.log(max(m[k][level - 1], _EPSILON)) - math.log(
                    max(u[k][level - 1], _EPSILON)
                )
        log_ratio[vector] = total
    count = max(pair_space, sum(vectors.values()))
    prior = min(max(sum(vectors.values()) / count, _EPSILON), 0.5) if count else 0.5
    iterations = 0
    for iterations in range(1, max_iterations + 1):  # noqa: B007  (returned)
        odds = prior / (1.0 - prior)
        mass = 0.0
        for vector, c in vectors.items():
            exponent = -(math.log(odds) + log_ratio[vector])
            mass += c / (1.0 + math.exp(exponent)) if exponent < _MAX_EXPONENT else 0.0
        new = min(max(mass / count, _EPSILON), 1.0 - _EPSILON) if count else prior
        if abs(new - prior) < EM_TOLERANCE * prior:  # relative: λ may be ~1e-6
            prior = new
            break
        prior = new
    return prior, iterations


def expectation_maximisation(
    vectors: Mapping[tuple[int, ...], int],
    *,
    u: Sequence[Sequence[float]],
    level_counts: Sequence[int],
    initial_prior: float = 0.1,
    max_iterations: int = DEFAULT_MAX_EM_ITERATIONS,
) -> tuple[tuple[tuple[float, ...], ...], float, int, bool]:
    """EM for m and λ with u fixed, over comparison-vector counts.

    Args:
        vectors: Each distinct comparison vector and how many pairs have it.
        u: Fixed u probabilities per comparison, for levels 1..else.
        level_counts: Levels per comparison, null and else included.
        initial_prior: λ to start from.
        max_iterations: Iteration limit.

    Returns:
        ``(m, λ, iterations, converged)``.

    >>> vectors = {(1, 1): 80, (1, 2): 10, (2, 1): 10, (2, 2): 900}
    >>> u = ((0.01, 0.99), (0.01, 0.99))
    >>> m, prior, _, converged = expectation_maximisation(vectors, u=u, level_counts=(3, 3))
    >>> converged, 0.07 < prior < 0.1
    (True, True)
    """
    m = [_starting_m(count) for count in level_counts]
    prior = initial_prior
    iterations = 0
    converged = False
    items = list(vectors.items())
    log_u_table = [[math.log(p) for p in row] for row in u]
    for iterations in range(1, max_iterations + 1):  # noqa: B007  (reported after the loop)
        log_m_table = [[math.log(p) for p in row] for row in m]
        level_mass: list[dict[int, float]] = [defaultdict(float) for _ in level_counts]
        match_mass = 0.0
        total = 0
        log_prior, log_not_prior = math.log(prior), math.log(1.0 - prior)
        for vector, count in items:
            log_m, log_u = log_prior, log_not_prior
            for k, level in enumerate(vector):
                if level:
                    log_m += log_m_table[k][level - 1]
                    log_u += log_u_table[k][level - 1]
            difference = log_u - log_m
            g = 1.0 / (1.0 + math.exp(difference)) if difference < _MAX_EXPONENT else 0.0
            match_mass += count * g
            total += count
            for k, level in enumerate(vector):
                level_mass[k][level] += count * g
        new_prior = min(max(match_mass / total, _EPSILON), 1.0 - _EPSILON) if total else prior
        new_m = [_weighted_distribution(level_mass[k], c) for k, c in enumerate(level_counts)]
        change = max(
            [abs(new_prior - prior)]
            + [
                abs(x - y)
                for old, new in zip(m, new_m, strict=True)
                for x, y in zip(old, new, strict=True)
            ]
        )
        prior, m = new_prior, new_m
        if change < EM_TOLERANCE:
            converged = True
            break
    return tuple(m), prior, iterations, converged


def _weighted_distribution(mass: Mapping[int, float], levels: int) -> tuple[float, ...]:
    pseudo = PSEUDO_COUNT * 1e-3  # keeps m positive without swamping small match masses
    total = sum(mass[level] for level in range(1, levels)) + pseudo * (levels - 1)
    return tuple((mass[level] + pseudo) / total for level in range(1, levels))
