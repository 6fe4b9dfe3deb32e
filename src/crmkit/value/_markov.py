"""Customer lifetime value on a Markov chain of relationship states; absorbing-chain results.

Pfeifer & Carraway (2000), "Modeling customer relationships as Markov chains", *Journal of
Interactive Marketing* 14(2):43–55, value a customer who moves once per period between
relationship states (recency classes, tiers, "lost"). Symbols:

* ``P``: the transition matrix; ``P[i][j]`` is the probability that a customer in state ``i``
  this period is in state ``j`` the next (rows sum to 1) (``MarkovChain.transitions``);
* ``R``: the reward vector; ``R[i]`` is the expected net cash flow of one period spent in
  state ``i``, in money per period, negative for a cost such as a mailing
  (``MarkovChain.rewards``);
* ``d``: the discount rate per period, a fraction (0.1 for 10 %) (``discount_rate``);
* ``T``: the horizon in periods (``horizon``); ``V``: the value vector in money, ``V[i]`` the
  expected present value of a customer now in state ``i``.

Then ``V_T = Σ_{t=0..T} [(1+d)⁻¹ P]ᵗ R`` and ``V_∞ = (I − (1+d)⁻¹ P)⁻¹ R``. Conventions: the
reward of period 0 is received now, undiscounted; the reward of period ``t`` is discounted by
``(1+d)^t``; one transition per period. ``V_T`` counts ``T + 1`` rewards (``T = 0`` gives
``R``). Assumptions: the next state depends on the current state only (Markov) and ``P``, ``R``
do not change over time.

:func:`absorption` gives the absorbing-chain quantities of Kemeny & Snell (1960), *Finite
Markov Chains*, ch. III (fundamental matrix, periods before absorption, where customers end).

This module is a leaf: it imports the standard library, attrs and ``crmkit._errors`` only. A
small Gaussian elimination with partial pivoting solves the linear systems (``O(n³)``).

>>> chain = MarkovChain(states=("active", "lost"), transitions=((0.8, 0.2), (0.0, 1.0)),
...                     rewards=(10.0, 0.0))
>>> round(markov_clv(chain, discount_rate=0.1)["active"], 2)   # 10 / (1 − 0.8/1.1)
36.67
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Iterable, Iterator, Mapping
from typing import Final

import attrs

from crmkit._errors import InvalidArgument

__all__ = [
    "ROW_SUM_TOLERANCE",
    "Absorption",
    "MarkovChain",
    "MarkovValues",
    "absorption",
    "markov_clv",
]

Matrix = tuple[tuple[float, ...], ...]

ROW_SUM_TOLERANCE: Final[float] = 1e-9
"""How far (absolute) a row of ``P`` may sum from 1 and still count as stochastic.

It absorbs floating-point error only; divide rounded rows by their sum before building.
"""

_PIVOT_TOLERANCE: Final[float] = 1e-12
"""A pivot below this fraction of the matrix's largest entry makes a system singular."""


class _SingularError(ArithmeticError):
    """The matrix has no inverse to working precision."""


def _items(value: object, field: str, what: str) -> tuple[object, ...]:
    """``value`` as a tuple; text and mappings are refused (they iterate as characters/keys)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        msg = f"{field!r} must be a sequence of {what} (got {value!r})"
        raise InvalidArgument(msg, field=field, value=value)
    return tuple(value)


def _real(value: object, field: str, where: str = "") -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        msg = f"{field!r}{where} must be a finite real number (got {value!r})"
        raise InvalidArgument(msg, field=field, value=value)
    return float(value)


def _to_states(value: Iterable[str]) -> tuple[str, ...]:
    states = _items(value, "states", "state names")
    for i, state in enumerate(states):
        if not isinstance(state, str) or not state.strip() or state in states[:i]:
            msg = f"'states' must be distinct, non-blank strings (got {state!r} in {states!r})"
            raise InvalidArgument(msg, field="states", value=state)
    if not states:
        msg = f"'states' must name at least one state (got {value!r})"
        raise InvalidArgument(msg, field="states", value=value)
    return tuple(str(state) for state in states)


def _to_matrix(value: Iterable[Iterable[float]]) -> Matrix:
    rows = _items(value, "transitions", "rows")
    return tuple(
        tuple(_real(x, "transitions", f" entry [{i}][{j}]") for j, x in enumerate(cells))
        for i, cells in enumerate(_items(row, "transitions", "rows of numbers") for row in rows)
    )


def _to_rewards(value: Iterable[float]) -> tuple[float, ...]:
    return tuple(
        _real(x, "rewards", f" entry [{i}]")
        for i, x in enumerate(_items(value, "rewards", "numbers"))
    )


def _no_rewards(chain: MarkovChain) -> tuple[float, ...]:
    return (0.0,) * len(chain.states)


def _check_transitions(
    chain: MarkovChain, _attribute: attrs.Attribute[Matrix], matrix: Matrix
) -> None:
    n, states = len(chain.states), chain.states
    if len(matrix) != n:
        msg = f"'transitions' must have one row per state ({n} states, got {len(matrix)} rows)"
        raise InvalidArgument(msg, field="transitions", value=matrix)
    for i, row in enumerate(matrix):
        if len(row) != n:
            msg = f"'transitions' row {i} ({states[i]!r}) must have {n} entries (got {row!r})"
            raise InvalidArgument(msg, field="transitions", value=row)
        for j, p in enumerate(row):
            if not 0.0 <= p <= 1.0:
                where = f"[{states[i]!r}][{states[j]!r}]"
                msg = f"'transitions'{where} must be a probability in [0, 1] (got {p!r})"
                raise InvalidArgument(msg, field="transitions", value=p)
        total = math.fsum(row)
        if abs(total - 1.0) > ROW_SUM_TOLERANCE:
            msg = f"'transitions' row {i} ({states[i]!r}) must sum to 1 (got {row!r}, sum {total})"
            raise InvalidArgument(msg, field="transitions", value=row)


def _check_rewards(
    chain: MarkovChain, _attribute: attrs.Attribute[tuple[float, ...]], rewards: tuple[float, ...]
) -> None:
    if len(rewards) != len(chain.states):
        msg = f"'rewards' must have one entry per state, {len(chain.states)} (got {rewards!r})"
        raise InvalidArgument(msg, field="rewards", value=rewards)


@attrs.frozen(kw_only=True)
class MarkovChain:
    """A customer's relationship states, the transition matrix ``P`` and the rewards ``R``.

    Args:
        states: The state names, distinct non-blank strings; their order is the order of the
            rows and columns of ``transitions`` and of ``rewards``.
        transitions: ``P``, one row per state in ``states`` order, each row the probabilities
            of the next period's state, in [0, 1] and summing to 1 within
            :data:`ROW_SUM_TOLERANCE`.
        rewards: ``R``, the expected net cash flow of a period in each state, in money per
            period, in ``states`` order (any finite number; negative for a cost). Defaults to
            zeros, enough for :func:`absorption`.

    Raises:
        InvalidArgument: a field is malformed; the message names it and shows the offending
            row or value.

    >>> MarkovChain(states=("a", "b"), transitions=((0.5, 0.5), (0.0, 1.0))).rewards
    (0.0, 0.0)
    """

    states: tuple[str, ...] = attrs.field(converter=_to_states)
    transitions: Matrix = attrs.field(converter=_to_matrix, validator=_check_transitions)
    rewards: tuple[float, ...] = attrs.field(
        converter=_to_rewards,
        validator=_check_rewards,
        default=attrs.Factory(_no_rewards, takes_self=True),
    )


@attrs.frozen(repr=False)
class MarkovValues(Mapping[str, float]):
    """The value ``V`` of a customer in each state: a read-only mapping of state to money.

    Read it like a ``dict`` (``values["lost"]``, ``dict(values)``); equality compares every
    field, so compare ``dict(values)`` with a plain ``dict``. Jupyter shows it as a table.

    Attributes:
        states: The chain's states, in order.
        vector: ``V``, in money, in ``states`` order.
        discount_rate: ``d``, per period.
        horizon: ``T`` in periods, or ``None`` for the infinite horizon ``V_∞``.

    >>> MarkovValues(states=("a", "b"), vector=(1.5, 0.0), discount_rate=0.1, horizon=None)
    MarkovValues({'a': 1.5, 'b': 0.0}, discount_rate=0.1, horizon=None)
    """

    states: tuple[str, ...]
    vector: tuple[float, ...]
    discount_rate: float
    horizon: int | None

    def __getitem__(self, state: str) -> float:
        """``V`` of ``state``; ``KeyError`` for a state the chain does not have."""
        if state not in self.states:
            raise KeyError(state)
        return self.vector[self.states.index(state)]

    def __iter__(self) -> Iterator[str]:
        """The states, in chain order."""
        return iter(self.states)

    def __len__(self) -> int:
        """The number of states."""
        return len(self.states)

    def __repr__(self) -> str:
        """``MarkovValues({state: value, ...}, discount_rate=..., horizon=...)``."""
        table = dict(zip(self.states, self.vector, strict=True))
        return (
            f"MarkovValues({table!r}, discount_rate={self.discount_rate!r}, "
            f"horizon={self.horizon!r})"
        )

    def _repr_html_(self) -> str:
        """An HTML table of state and value, for Jupyter."""
        label = "V∞" if self.horizon is None else f"V<sub>T</sub>, T = {self.horizon}"
        rows = "".join(
            f"<tr><td>{html.escape(state)}</td><td style='text-align:right'>{value:,.2f}</td></tr>"
            for state, value in zip(self.states, self.vector, strict=True)
        )
        return (
            f"<table><caption>{label}, d = {self.discount_rate!r} per period</caption>"
            f"<thead><tr><th>state</th><th>value</th></tr></thead><tbody>{rows}</tbody></table>"
        )


@attrs.frozen
class Absorption:
    """Kemeny & Snell's absorbing-chain quantities (*Finite Markov Chains*, 1960, ch. III).

    Attributes:
        transient: The non-absorbing states, in chain order.
        absorbing: The absorbing states (``P[i][i] = 1``), in chain order.
        fundamental: ``N = (I − Q)⁻¹``; ``N[i][j]`` is the expected number of periods spent in
            transient state ``j`` (the current one counted) by a customer now in transient
            state ``i``. Rows and columns in ``transient`` order.
        expected_periods: ``t = N·1``, the expected number of periods before absorption from
            each transient state (the current period counted), in ``transient`` order.
        probabilities: ``B = N·P_TA``; ``B[i][k]`` is the probability that a customer now in
            transient state ``i`` ends in absorbing state ``k``. Rows in ``transient`` order,
            columns in ``absorbing`` order; each row sums to 1.
    """

    transient: tuple[str, ...]
    absorbing: tuple[str, ...]
    fundamental: Matrix
    expected_periods: tuple[float, ...]
    probabilities: Matrix

    def probability(self, start: str, end: str) -> float:
        """The probability that a customer now in ``start`` ends in absorbing state ``end``.

        >>> walk = MarkovChain(states=("home", "street", "pub"),
        ...     transitions=((1, 0, 0), (0.5, 0, 0.5), (0, 0, 1)))
        >>> result = absorption(walk)
        >>> result.probability("street", "pub"), result.probability("pub", "pub")
        (0.5, 1.0)
        """
        k = _index(self.absorbing, end, "end")
        i = _index(self.transient + self.absorbing, start, "start")
        return self.probabilities[i][k] if i < len(self.transient) else float(start == end)

    def periods_before_absorption(self, start: str) -> float:
        """``t`` of ``start``, the expected periods before absorption (0 if ``start`` absorbs).

        >>> walk = MarkovChain(states=("home", "street", "pub"),
        ...     transitions=((1, 0, 0), (0.5, 0, 0.5), (0, 0, 1)))
        >>> absorption(walk).periods_before_absorption("street")
        1.0
        """
        i = _index(self.transient + self.absorbing, start, "start")
        return self.expected_periods[i] if i < len(self.transient) else 0.0


def _index(names: tuple[str, ...], state: object, field: str) -> int:
    if state not in names:
        msg = f"{field!r} must be one of {names!r} (got {state!r})"
        raise InvalidArgument(msg, field=field, value=state)
    return names.index(str(state))


def _solve(matrix: list[list[float]], rhs: list[list[float]]) -> list[list[float]]:
    """``X`` with ``A X = B`` by Gaussian elimination with partial pivoting (B as rows).

    Raises ``_SingularError`` (with the column) when a pivot is below ``_PIVOT_TOLERANCE``
    times the largest ``|A[i][j]|``.
    """
    n = len(matrix)
    scale = max((abs(x) for row in matrix for x in row), default=1.0)
    rows = [[*a_row, *b_row] for a_row, b_row in zip(matrix, rhs, strict=True)]
    for col in range(n):
        magnitudes = [abs(row[col]) for row in rows]
        pivot = max(range(col, n), key=magnitudes.__getitem__)
        if magnitudes[pivot] <= _PIVOT_TOLERANCE * scale:
            raise _SingularError(col)
        rows[col], rows[pivot] = rows[pivot], rows[col]
        head = rows[col]
        for r in range(col + 1, n):
            factor = rows[r][col] / head[col]
            if factor != 0.0:
                rows[r] = [x - factor * y for x, y in zip(rows[r], head, strict=True)]
    width = len(rhs[0]) if rhs else 0
    solution = [[0.0] * width for _ in range(n)]
    for i in reversed(range(n)):
        for k in range(width):
            known = math.fsum(rows[i][j] * solution[j][k] for j in range(i + 1, n))
            solution[i][k] = (rows[i][n + k] - known) / rows[i][i]
    return solution


def _identity_minus(block: list[list[float]], factor: float) -> list[list[float]]:
    """``I − factor·block``."""
    return [[float(i == j) - factor * p for j, p in enumerate(row)] for i, row in enumerate(block)]


def _reach(matrix: Matrix) -> list[set[int]]:
    """For each state, the states reachable from it with positive probability (itself too)."""
    reach = []
    for start in range(len(matrix)):
        seen, stack = {start}, [start]
        while stack:
            for j, p in enumerate(matrix[stack.pop()]):
                if p > 0.0 and j not in seen:
                    seen.add(j)
                    stack.append(j)
        reach.append(seen)
    return reach


def _check_chain(chain: object) -> MarkovChain:
    if not isinstance(chain, MarkovChain):
        msg = f"'chain' must be a MarkovChain (got {chain!r})"
        raise InvalidArgument(msg, field="chain", value=chain)
    return chain


def absorption(chain: MarkovChain) -> Absorption:
    """Return the fundamental matrix, periods before absorption and absorption probabilities.

    Formulas (Kemeny & Snell 1960, *Finite Markov Chains*, ch. III; Grinstead & Snell 1997,
    *Introduction to Probability*, §11.2): with the transient states first,
    ``P = [[Q, P_TA], [0, I]]``, and ``N = (I − Q)⁻¹``, ``t = N·1``, ``B = N·P_TA``. ``Q``
    holds the transitions among transient states, ``P_TA`` those from transient to absorbing
    states (K&S's ``R``, renamed: ``R`` is the rewards here). A state is absorbing when
    ``P[i][i] == 1`` exactly. Units: ``N`` and ``t`` in periods, ``B`` probabilities.

    Args:
        chain: The chain; its rewards are not used.

    Returns:
        The :class:`Absorption` quantities.

    Raises:
        InvalidArgument: the chain has no absorbing state, or a transient state cannot reach
            one (its customers would never be absorbed).

    >>> walk = MarkovChain(states=("home", "1", "2", "3", "pub"), transitions=(
    ...     (1, 0, 0, 0, 0), (0.5, 0, 0.5, 0, 0), (0, 0.5, 0, 0.5, 0), (0, 0, 0.5, 0, 0.5),
    ...     (0, 0, 0, 0, 1)))
    >>> [round(t, 12) for t in absorption(walk).expected_periods]
    [3.0, 4.0, 3.0]
    """
    matrix = _check_chain(chain).transitions
    absorbing = [i for i, row in enumerate(matrix) if row[i] == 1.0]
    transient = [i for i in range(len(matrix)) if i not in absorbing]
    if not absorbing:
        msg = f"'chain' has no absorbing state (P[i][i] == 1) among {chain.states!r}"
        raise InvalidArgument(msg, field="chain", value=chain)
    reach = _reach(matrix)
    for i in transient:
        if not reach[i].intersection(absorbing):
            msg = (
                f"'chain' state {chain.states[i]!r} cannot reach an absorbing state "
                f"{tuple(chain.states[k] for k in absorbing)!r}, so its customers are never "
                "absorbed"
            )
            raise InvalidArgument(msg, field="chain", value=chain.states[i])
    q = [[matrix[i][j] for j in transient] for i in transient]
    # One elimination solves (I − Q) [N | B] = [I | P_TA]: N = (I − Q)⁻¹ and B = N·P_TA.
    rhs = [
        [float(i == j) for j in transient] + [matrix[i][k] for k in absorbing] for i in transient
    ]
    try:
        solved = _solve(_identity_minus(q, 1.0), rhs)
    except _SingularError:
        msg = (
            "'chain' has I − Q singular to working precision: some exit probabilities are too "
            "small to tell the transient states from closed ones"
        )
        raise InvalidArgument(msg, field="chain", value=chain) from None
    fundamental = [row[: len(transient)] for row in solved]
    b = [row[len(transient) :] for row in solved]
    return Absorption(
        transient=tuple(chain.states[i] for i in transient),
        absorbing=tuple(chain.states[k] for k in absorbing),
        fundamental=tuple(tuple(row) for row in fundamental),
        expected_periods=tuple(math.fsum(row) for row in fundamental),
        probabilities=tuple(tuple(row) for row in b),
    )


def _check_discount_rate(value: object) -> float:
    rate = _real(value, "discount_rate")
    if rate <= -1.0:
        msg = f"'discount_rate' must be > -1, a fraction per period (got {value!r})"
        raise InvalidArgument(msg, field="discount_rate", value=value)
    return rate


def _undiscounted(chain: MarkovChain) -> list[float]:
    """``V_∞`` at ``d = 0``: 0 on recurrent states, ``(I − Q)⁻¹ R`` on the transient ones."""
    matrix, reach = chain.transitions, _reach(chain.transitions)
    recurrent = {i for i, seen in enumerate(reach) if all(i in reach[j] for j in seen)}
    for i in sorted(recurrent):
        if chain.rewards[i] != 0.0:
            msg = (
                f"'discount_rate' 0 gives no finite infinite-horizon value: state "
                f"{chain.states[i]!r} is recurrent (a customer there returns to it forever) and "
                f"pays {chain.rewards[i]!r} per period, so the undiscounted sum diverges and "
                "I − P is singular; use discount_rate > 0 or a finite horizon"
            )
            raise InvalidArgument(msg, field="discount_rate", value=0.0)
    transient = [i for i in range(len(matrix)) if i not in recurrent]
    q = [[matrix[i][j] for j in transient] for i in transient]
    solved = _solve(_identity_minus(q, 1.0), [[chain.rewards[i]] for i in transient])
    values = [0.0] * len(matrix)
    for i, row in zip(transient, solved, strict=True):
        values[i] = row[0]
    return values


def markov_clv(
    chain: MarkovChain, *, discount_rate: float, horizon: int | None = None
) -> MarkovValues:
    """Return the expected present value of a customer in each state of ``chain``.

    Formulas (Pfeifer & Carraway 2000, *J. Interactive Marketing* 14(2):43–55):
    ``V_T = Σ_{t=0..T} [(1+d)⁻¹ P]ᵗ R`` for a finite ``horizon`` ``T`` (computed as
    ``V ← R + P V/(1+d)``, ``T`` times from ``V = R``) and ``V_∞ = (I − P/(1+d))⁻¹ R`` for
    ``horizon=None``. Symbols: ``P`` is ``chain.transitions``, ``R`` ``chain.rewards``, ``d``
    ``discount_rate``. Units: ``R`` in money per period, ``d`` per period, ``V`` in money.
    Timing: the reward of period 0 is received now, undiscounted, and ``V_T`` counts ``T + 1``
    rewards, so ``horizon=0`` returns ``R``.

    The infinite horizon needs ``d ≥ 0``. At ``d = 0`` the sum is finite only when every
    recurrent state (one a customer keeps returning to forever, such as an absorbing "lost")
    has reward 0; then ``V`` is 0 there and ``(I − Q)⁻¹ R`` on the transient states.

    Args:
        chain: The states, ``P`` and ``R``.
        discount_rate: ``d``, per period, as a fraction (0.1 for 10 %); > -1, and ≥ 0 for
            the infinite horizon.
        horizon: ``T``, the last period counted (an int ≥ 0), or ``None`` for ``V_∞``.

    Returns:
        ``V`` by state, as :class:`MarkovValues`.

    Raises:
        InvalidArgument: a bad argument, or no finite ``V_∞`` (``d < 0``; ``d = 0`` with a
            rewarding recurrent state; ``d`` so small that ``I − P/(1+d)`` is singular).

    >>> chain = MarkovChain(states=("active", "lost"), transitions=((0.8, 0.2), (0.0, 1.0)),
    ...                     rewards=(10.0, 0.0))
    >>> markov_clv(chain, discount_rate=0.1, horizon=1)   # 10 + 0.8 × 10 / 1.1
    MarkovValues({'active': 17.272727272727273, 'lost': 0.0}, discount_rate=0.1, horizon=1)
    """
    checked = _check_chain(chain)
    rate = _check_discount_rate(discount_rate)
    given: object = horizon  # checked at run time: callers may not run a type checker
    if given is not None and (isinstance(given, bool) or not isinstance(given, int) or given < 0):
        msg = f"'horizon' must be an int >= 0 or None for the infinite horizon (got {given!r})"
        raise InvalidArgument(msg, field="horizon", value=given)
    matrix, rewards, factor = checked.transitions, checked.rewards, 1.0 / (1.0 + rate)
    if isinstance(given, int):
        values = list(rewards)
        for _ in range(given):
            values = [
                r + factor * math.fsum(p * v for p, v in zip(row, values, strict=True))
                for row, r in zip(matrix, rewards, strict=True)
            ]
    elif rate < 0.0:
        msg = f"'discount_rate' must be >= 0 for the infinite horizon (got {discount_rate!r})"
        raise InvalidArgument(msg, field="discount_rate", value=discount_rate)
    else:
        try:
            if rate == 0.0:
                values = _undiscounted(checked)
            else:
                system = _identity_minus([list(row) for row in matrix], factor)
                values = [row[0] for row in _solve(system, [[r] for r in rewards])]
        except _SingularError:
            msg = (
                f"'discount_rate' {discount_rate!r} leaves I − P/(1+d) singular to working "
                "precision (a rate too close to 0, or exits too rare to tell transient states "
                "from closed ones); use a larger rate or a finite horizon"
            )
            raise InvalidArgument(msg, field="discount_rate", value=discount_rate) from None
    return MarkovValues(
        states=checked.states, vector=tuple(values), discount_rate=rate, horizon=given
    )
