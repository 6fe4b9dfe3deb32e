"""Golden, convention and property tests for Markov-chain CLV and absorbing chains.

Sources of the golden values:
- /work/shared/domain/anchors-value.md §3.8 (Pfeifer & Carraway 2000, J. Interactive
  Marketing 14(2):43–55): the phpOMS ``Metrics::migrationModel`` cross-check [R] and the
  catalog recency example [C]. Both are also derived here independently of crmkit: by hand
  (phpOMS) and by summing the series with exact fractions and iterating
  ``V ← R + P V/(1+d)`` to its fixed point (catalog).
- Grinstead & Snell, *Introduction to Probability* (2nd rev. ed., AMS 1997), §11.2, the
  drunkard's walk of Examples 11.13–11.15 (N, t = Nc, B = NR); the theory is Kemeny & Snell
  (1960) *Finite Markov Chains* ch. III.
"""

from __future__ import annotations

import math
import pickle
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument
from crmkit.value import (
    ROW_SUM_TOLERANCE,
    Absorption,
    MarkovChain,
    MarkovValues,
    absorption,
    markov_clv,
)
from crmkit.value._markov import _SingularError, _solve

FEW = settings(max_examples=80, deadline=None)


def recency_matrix(purchase):
    """Pfeifer & Carraway's recency chain, as read from anchors-value.md §3.8.

    State ``i`` (1-based) holds the customers whose last purchase was ``i`` periods ago. A
    customer in state ``i`` buys with probability ``purchase[i-1]`` and moves to state 1;
    otherwise they move one state down (to ``i + 1``). In the last state a non-buyer stays
    there, so with purchase probability 0 the last state is absorbing.
    """
    n = len(purchase)
    rows = []
    for i, p in enumerate(purchase):
        row = [0.0] * n
        row[0] += p
        row[min(i + 1, n - 1)] += 1 - p
        rows.append(tuple(row))
    return tuple(rows)


# ---------------------------------------------------------------------------------------------
# Golden values


def test_recency_matrix_reading_of_the_phpoms_chain():
    assert recency_matrix((0.5, 0.2, 0.1, 0)) == (
        (0.5, 0.5, 0.0, 0.0),
        (0.2, 0.0, 0.8, 0.0),
        (0.1, 0.0, 0.0, 0.9),
        (0.0, 0.0, 0.0, 1.0),
    )


def test_phpoms_migration_model_cross_check():
    # anchors-value.md §3.8: purchase probabilities (0.5, 0.2, 0.1, 0), R = (100, 0, 0, 0),
    # d = 0.1 -> V = (231.08, 57.29, 21.01, 0.00) [R]. By hand, with δ = 1/1.1 = 10/11:
    #   V4 = 0 (absorbing, no reward);  V3 = δ (0.1 V1 + 0.9 V4) = V1/11;
    #   V2 = δ (0.2 V1 + 0.8 V3) = V1 (2/11 + 8/121) = 30 V1/121;
    #   V1 = 100 + δ (0.5 V1 + 0.5 V2) -> V1 (1 − 5/11 − 150/1331) = 100
    #   -> V1 (1331 − 605 − 150)/1331 = 100 -> V1 = 133100/576 = 231.0764;
    #   V2 = 30/121 × 231.0764 = 57.2917;  V3 = 231.0764/11 = 21.0069.
    chain = MarkovChain(
        states=("1", "2", "3", "4"),
        transitions=recency_matrix((0.5, 0.2, 0.1, 0)),
        rewards=(100, 0, 0, 0),
    )
    values = markov_clv(chain, discount_rate=0.1)
    v1 = 133100 / 576
    assert values.vector == pytest.approx((v1, 30 * v1 / 121, v1 / 11, 0.0), rel=1e-12)
    assert [round(v, 2) for v in values.vector] == [231.08, 57.29, 21.01, 0.00]


CATALOG_PURCHASE = (0.30, 0.20, 0.15, 0.05, 0.0)
# R_i = margin 40 × purchase probability − catalog cost 4 in states 1–4; state 5 not mailed.
CATALOG_REWARDS = (8.0, 4.0, 2.0, -2.0, 0.0)
CATALOG_STATES = ("1", "2", "3", "4", "5")


def test_catalog_rewards_follow_from_margin_and_cost():
    derived = [40 * p - 4 for p in CATALOG_PURCHASE[:4]] + [0.0]
    assert derived == pytest.approx(CATALOG_REWARDS, abs=1e-12)


def exact_series(purchase, rewards, d, horizon):
    """Σ_{t=0..T} [(1+d)⁻¹ P]ᵗ R summed term by term with exact fractions and matrix powers."""
    p = [[Fraction(x).limit_denominator(1000) for x in row] for row in recency_matrix(purchase)]
    r = [Fraction(x) for x in rewards]
    n = len(r)
    power = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]  # Pᵗ, t = 0
    total = [Fraction(0)] * n
    for t in range(horizon + 1):
        discount = Fraction(1) / (1 + d) ** t
        for i in range(n):
            total[i] += discount * sum(power[i][j] * r[j] for j in range(n))
        power = [[sum(power[i][k] * p[k][j] for k in range(n)) for j in range(n)] for i in range(n)]
    return [float(x) for x in total]


def value_iteration(matrix, rewards, d):
    """The fixed point of V ← R + P V/(1+d), iterated until nothing changes by 1e-13."""
    v = [0.0] * len(rewards)
    while True:
        new = [
            r + sum(p * x for p, x in zip(row, v, strict=True)) / (1 + d)
            for row, r in zip(matrix, rewards, strict=True)
        ]
        if max(abs(a - b) for a, b in zip(new, v, strict=True)) < 1e-13:
            return new
        v = new


def test_catalog_example_infinite_horizon():
    # anchors-value.md §3.8 [C]: V_∞ = (17.8174, 9.1938, 3.3364, −1.2576, 0), d = 0.2.
    chain = MarkovChain(
        states=CATALOG_STATES, transitions=recency_matrix(CATALOG_PURCHASE), rewards=CATALOG_REWARDS
    )
    independent = value_iteration(recency_matrix(CATALOG_PURCHASE), CATALOG_REWARDS, 0.2)
    assert independent == pytest.approx([17.8174, 9.1938, 3.3364, -1.2576, 0.0], abs=5e-5)
    values = markov_clv(chain, discount_rate=0.2)
    assert values.vector == pytest.approx(independent, abs=1e-10)
    assert values.horizon is None


def test_catalog_example_ten_periods():
    # anchors-value.md §3.8 [C]: V_{T=10} = (17.7648, 9.1622, 3.3211, −1.2613, 0): eleven
    # rewards, t = 0..10, the first one undiscounted.
    chain = MarkovChain(
        states=CATALOG_STATES, transitions=recency_matrix(CATALOG_PURCHASE), rewards=CATALOG_REWARDS
    )
    exact = exact_series(CATALOG_PURCHASE, (8, 4, 2, -2, 0), Fraction(1, 5), 10)
    assert exact == pytest.approx([17.7648, 9.1622, 3.3211, -1.2613, 0.0], abs=5e-5)
    assert markov_clv(chain, discount_rate=0.2, horizon=10).vector == pytest.approx(
        exact, abs=1e-10
    )


def drunkards_walk(rewards=(0, 0, 0, 0, 0)):
    # Grinstead & Snell §11.2, Example 11.13: corners 0..4, home (0) and bar (4) absorbing,
    # from 1, 2, 3 one step left or right with probability 1/2.
    return MarkovChain(
        states=("0", "1", "2", "3", "4"),
        transitions=(
            (1, 0, 0, 0, 0),
            (0.5, 0, 0.5, 0, 0),
            (0, 0.5, 0, 0.5, 0),
            (0, 0, 0.5, 0, 0.5),
            (0, 0, 0, 0, 1),
        ),
        rewards=rewards,
    )


def test_drunkards_walk_fundamental_matrix_times_and_probabilities():
    # Grinstead & Snell §11.2, Examples 11.13–11.15: N = (I − Q)⁻¹ = [[3/2, 1, 1/2],
    # [1, 2, 1], [1/2, 1, 3/2]]; t = Nc = (3, 4, 3); B = NR = [[3/4, 1/4], [1/2, 1/2],
    # [1/4, 3/4]] (rows: start at 1, 2, 3; columns: absorbed at 0, 4).
    result = absorption(drunkards_walk())
    assert result.transient == ("1", "2", "3")
    assert result.absorbing == ("0", "4")
    for row, expected in zip(
        result.fundamental, [[1.5, 1, 0.5], [1, 2, 1], [0.5, 1, 1.5]], strict=True
    ):
        assert row == pytest.approx(expected, abs=1e-12)
    assert result.expected_periods == pytest.approx((3, 4, 3), abs=1e-12)
    for row, expected in zip(
        result.probabilities, [[0.75, 0.25], [0.5, 0.5], [0.25, 0.75]], strict=True
    ):
        assert row == pytest.approx(expected, abs=1e-12)
    assert result.probability("1", "0") == pytest.approx(0.75)
    assert result.probability("4", "4") == 1.0
    assert result.probability("4", "0") == 0.0
    assert result.periods_before_absorption("2") == pytest.approx(4)
    assert result.periods_before_absorption("0") == 0.0


def test_undiscounted_value_of_one_per_transient_period_is_the_time_to_absorption():
    # With d = 0 and reward 1 in each transient state, V = N·1 = t = (3, 4, 3) (G&S
    # Example 11.15); the absorbing corners pay nothing, so their value is 0.
    values = markov_clv(drunkards_walk((0, 1, 1, 1, 0)), discount_rate=0)
    assert values.vector == pytest.approx((0, 3, 4, 3, 0), abs=1e-12)


# ---------------------------------------------------------------------------------------------
# Conventions


ACTIVE_LOST = MarkovChain(
    states=("active", "lost"), transitions=((0.8, 0.2), (0.0, 1.0)), rewards=(10.0, -1.0)
)


def test_horizon_zero_is_the_reward_now():
    values = markov_clv(ACTIVE_LOST, discount_rate=0.1, horizon=0)
    assert values.vector == (10.0, -1.0)


def test_horizon_one_adds_one_discounted_period():
    # active: 10 + (0.8 × 10 + 0.2 × −1)/1.1 = 10 + 7.8/1.1; lost: −1 − 1/1.1.
    values = markov_clv(ACTIVE_LOST, discount_rate=0.1, horizon=1)
    assert values.vector == pytest.approx((10 + 7.8 / 1.1, -1 - 1 / 1.1), rel=1e-14)


def test_a_state_kept_forever_is_an_annuity_due():
    # One state, reward 10 a period forever, first one now: 10 (1 + d)/d = 10 × 1.25/0.25.
    chain = MarkovChain(states=("member",), transitions=((1.0,),), rewards=(10.0,))
    assert markov_clv(chain, discount_rate=0.25)["member"] == pytest.approx(50.0)


def test_negative_rate_is_allowed_for_a_finite_horizon():
    # d = −0.5: the next period's reward counts double: 1 + 1/0.5 = 3.
    chain = MarkovChain(states=("member",), transitions=((1.0,),), rewards=(1.0,))
    assert markov_clv(chain, discount_rate=-0.5, horizon=1)["member"] == pytest.approx(3.0)


def test_undiscounted_value_of_a_transient_state_before_a_silent_cycle():
    # d = 0: A pays 5 once and moves to a two-state cycle that pays nothing: V = (5, 0, 0).
    chain = MarkovChain(
        states=("a", "b", "c"), transitions=((0, 1, 0), (0, 0, 1), (0, 1, 0)), rewards=(5, 0, 0)
    )
    assert markov_clv(chain, discount_rate=0.0).vector == pytest.approx((5, 0, 0))


def test_values_read_like_a_mapping():
    values = markov_clv(ACTIVE_LOST, discount_rate=0.1, horizon=0)
    assert dict(values) == {"active": 10.0, "lost": -1.0}
    assert list(values.values()) == [10.0, -1.0]
    assert "lost" in values
    assert "gone" not in values
    assert len(values) == 2
    with pytest.raises(KeyError):
        values["gone"]
    assert repr(values) == (
        "MarkovValues({'active': 10.0, 'lost': -1.0}, discount_rate=0.1, horizon=0)"
    )
    assert pickle.loads(pickle.dumps(values)) == values
    assert hash(values) == hash(attrs.evolve(values))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        values.horizon = 3  # type: ignore[misc]


def test_values_show_as_an_html_table():
    chain = MarkovChain(states=("<b>", "lost"), transitions=((0, 1), (0, 1)), rewards=(1234.5, 0))
    table = markov_clv(chain, discount_rate=0.1)._repr_html_()
    assert "&lt;b&gt;" in table
    assert "1,234.50" in table
    assert "V∞" in table


def test_chain_keeps_tuples_and_defaults_rewards_to_zero():
    chain = MarkovChain(states=["a", "b"], transitions=[[0.5, 0.5], [0, 1]])
    assert chain.states == ("a", "b")
    assert chain.transitions == ((0.5, 0.5), (0.0, 1.0))
    assert chain.rewards == (0.0, 0.0)
    assert pickle.loads(pickle.dumps(chain)) == chain


def test_rows_may_miss_one_by_the_documented_tolerance_only():
    near = 1 - ROW_SUM_TOLERANCE / 2
    MarkovChain(states=("a", "b"), transitions=((near, 0.0), (0.0, 1.0)))
    with pytest.raises(InvalidArgument):
        MarkovChain(states=("a", "b"), transitions=((1 - 2 * ROW_SUM_TOLERANCE, 0), (0, 1)))


# ---------------------------------------------------------------------------------------------
# Errors


def test_non_stochastic_row_is_refused_with_the_row():
    with pytest.raises(InvalidArgument) as info:
        MarkovChain(states=("a", "b"), transitions=((0.5, 0.4), (0, 1)))
    assert info.value.field == "transitions"
    assert info.value.value == (0.5, 0.4)
    assert "row 0 ('a')" in str(info.value)
    assert "(0.5, 0.4)" in str(info.value)


@pytest.mark.parametrize(
    "transitions",
    [((1.0,), (0.0, 1.0)), ((0.5, 0.5), (0.5, 0.5), (0.5, 0.5)), ((0.5, 0.5, 0.0), (0, 1, 0))],
)
def test_non_square_matrix_is_refused(transitions):
    with pytest.raises(InvalidArgument) as info:
        MarkovChain(states=("a", "b"), transitions=transitions)
    assert info.value.field == "transitions"


@pytest.mark.parametrize("entry", [-0.1, 1.5])
def test_entry_outside_zero_one_is_refused_with_its_states(entry):
    with pytest.raises(InvalidArgument) as info:
        MarkovChain(states=("a", "b"), transitions=((entry, 1 - entry), (0, 1)))
    assert info.value.field == "transitions"
    assert "['a']['a']" in str(info.value)
    assert repr(entry) in str(info.value)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"states": "ab", "transitions": ((1,),)}, "states"),
        ({"states": (), "transitions": ()}, "states"),
        ({"states": ("a", "a"), "transitions": ((1, 0), (0, 1))}, "states"),
        ({"states": (" ",), "transitions": ((1,),)}, "states"),
        ({"states": (1,), "transitions": ((1,),)}, "states"),
        ({"states": ("a",), "transitions": "1"}, "transitions"),
        ({"states": ("a",), "transitions": ((math.nan,),)}, "transitions"),
        ({"states": ("a",), "transitions": ((True,),)}, "transitions"),
        ({"states": ("a",), "transitions": ((1,),), "rewards": (1, 2)}, "rewards"),
        ({"states": ("a",), "transitions": ((1,),), "rewards": (math.inf,)}, "rewards"),
        ({"states": ("a",), "transitions": ((1,),), "rewards": {"a": 1}}, "rewards"),
    ],
)
def test_malformed_chain_is_refused_naming_the_field(kwargs, field):
    with pytest.raises(InvalidArgument) as info:
        MarkovChain(**kwargs)
    assert info.value.field == field


def test_undiscounted_infinite_value_of_a_rewarding_recurrent_state_is_singular():
    # d = 0 and a customer who stays "active" forever earning 10: Σ 10 diverges; I − P singular.
    chain = MarkovChain(states=("active",), transitions=((1.0,),), rewards=(10.0,))
    with pytest.raises(InvalidArgument, match=r"recurrent.*singular") as info:
        markov_clv(chain, discount_rate=0)
    assert info.value.field == "discount_rate"
    # A finite horizon is fine: 11 periods at 10.
    assert markov_clv(chain, discount_rate=0, horizon=10)["active"] == pytest.approx(110)


def test_paying_absorbing_state_has_no_undiscounted_value():
    with pytest.raises(InvalidArgument, match="'lost' is recurrent"):
        markov_clv(ACTIVE_LOST, discount_rate=0)


def test_rate_too_small_to_invert_is_refused():
    # 1 + 1e-300 == 1.0 in floating point, so I − P/(1+d) is exactly singular.
    with pytest.raises(InvalidArgument, match="singular") as info:
        markov_clv(ACTIVE_LOST, discount_rate=1e-300)
    assert info.value.field == "discount_rate"


def test_private_solver_pivots_and_detects_singular_systems():
    # [[0, 1], [1, 0]] x = (2, 3) needs a row swap: x = (3, 2).
    assert _solve([[0.0, 1.0], [1.0, 0.0]], [[2.0], [3.0]]) == [[3.0], [2.0]]
    with pytest.raises(_SingularError):
        _solve([[1.0, 2.0], [2.0, 4.0]], [[1.0], [2.0]])


@pytest.mark.parametrize("rate", [-1, -2.5, math.nan, math.inf, True, "0.1", None])
def test_bad_discount_rate_is_refused(rate):
    with pytest.raises(InvalidArgument) as info:
        markov_clv(ACTIVE_LOST, discount_rate=rate)
    assert info.value.field == "discount_rate"
    assert repr(rate) in str(info.value)


def test_negative_rate_has_no_infinite_horizon():
    with pytest.raises(InvalidArgument, match=">= 0 for the infinite horizon"):
        markov_clv(ACTIVE_LOST, discount_rate=-0.1)


@pytest.mark.parametrize("horizon", [-1, 2.0, True, "10"])
def test_bad_horizon_is_refused(horizon):
    with pytest.raises(InvalidArgument) as info:
        markov_clv(ACTIVE_LOST, discount_rate=0.1, horizon=horizon)
    assert info.value.field == "horizon"


def test_chain_must_be_a_markov_chain():
    with pytest.raises(InvalidArgument) as info:
        markov_clv(((1.0,),), discount_rate=0.1)  # type: ignore[arg-type]
    assert info.value.field == "chain"
    with pytest.raises(InvalidArgument):
        absorption("chain")  # type: ignore[arg-type]


def test_chain_without_absorbing_state_is_refused():
    cycle = MarkovChain(states=("a", "b"), transitions=((0, 1), (1, 0)))
    with pytest.raises(InvalidArgument, match="no absorbing state") as info:
        absorption(cycle)
    assert info.value.field == "chain"


def test_chain_of_absorbing_states_only_has_nothing_transient():
    result = absorption(MarkovChain(states=("won", "lost"), transitions=((1, 0), (0, 1))))
    assert result == Absorption(
        transient=(),
        absorbing=("won", "lost"),
        fundamental=(),
        expected_periods=(),
        probabilities=(),
    )
    assert result.probability("won", "won") == 1.0


def test_state_that_never_reaches_absorption_is_named():
    # "vip" and "loyal" swap forever; only "new" can lapse into "lost".
    chain = MarkovChain(
        states=("new", "vip", "loyal", "lost"),
        transitions=((0, 0.5, 0, 0.5), (0, 0, 1, 0), (0, 1, 0, 0), (0, 0, 0, 1)),
    )
    with pytest.raises(InvalidArgument, match="'vip' cannot reach an absorbing state") as info:
        absorption(chain)
    assert info.value.value == "vip"


def test_exits_too_small_for_floating_point_are_refused():
    # "a" leaves for "lost" with probability 1e-20, but 1 − 1e-20 == 1.0, so numerically
    # a and b form a closed cycle and I − Q is exactly singular.
    chain = MarkovChain(
        states=("a", "b", "lost"), transitions=((0, 1 - 1e-20, 1e-20), (1, 0, 0), (0, 0, 1))
    )
    with pytest.raises(InvalidArgument, match="singular") as info:
        absorption(chain)
    assert info.value.field == "chain"
    with pytest.raises(InvalidArgument, match="singular") as info:
        markov_clv(attrs.evolve(chain, rewards=(1, 1, 0)), discount_rate=0)
    assert info.value.field == "discount_rate"


def test_lookups_name_the_bad_state():
    result = absorption(drunkards_walk())
    with pytest.raises(InvalidArgument) as info:
        result.probability("9", "0")
    assert info.value.field == "start"
    with pytest.raises(InvalidArgument) as info:
        result.probability("1", "2")  # "2" is transient, not an end
    assert info.value.field == "end"
    with pytest.raises(InvalidArgument):
        result.periods_before_absorption("9")


# ---------------------------------------------------------------------------------------------
# Properties


@st.composite
def chains(draw, *, min_states=1, max_states=4):
    n = draw(st.integers(min_states, max_states))
    rows = []
    for _ in range(n):
        weights = draw(st.lists(st.integers(0, 9), min_size=n, max_size=n).filter(any))
        rows.append(tuple(w / sum(weights) for w in weights))
    rewards = draw(st.lists(st.floats(-100, 100), min_size=n, max_size=n))
    return MarkovChain(states=tuple(f"s{i}" for i in range(n)), transitions=rows, rewards=rewards)


@st.composite
def absorbing_chains(draw):
    transient = draw(st.integers(1, 4))
    absorbing = draw(st.integers(1, 2))
    n = transient + absorbing
    rows = []
    for _ in range(transient):
        weights = draw(st.lists(st.integers(0, 9), min_size=n, max_size=n))
        weights[transient + draw(st.integers(0, absorbing - 1))] += 1  # a way out
        rows.append(tuple(w / sum(weights) for w in weights))
    rows += [tuple(float(i == j) for j in range(n)) for i in range(transient, n)]
    return MarkovChain(states=tuple(f"s{i}" for i in range(n)), transitions=rows)


rates = st.floats(0.01, 1.0)


@FEW
@given(chains(), rates, st.lists(st.floats(0, 50), min_size=4, max_size=4), st.integers(0, 8))
def test_value_never_falls_when_a_state_pays_more(chain, rate, raises, horizon):
    """A customer is worth at least as much when any state's reward rises (V is monotone in R)."""
    richer = attrs.evolve(
        chain, rewards=[r + x for r, x in zip(chain.rewards, raises, strict=False)]
    )
    for h in (horizon, None):
        before = markov_clv(chain, discount_rate=rate, horizon=h)
        after = markov_clv(richer, discount_rate=rate, horizon=h)
        assert all(b <= a + 1e-9 for b, a in zip(before.vector, after.vector, strict=True))


@FEW
@given(chains(), rates)
def test_finite_horizon_values_approach_the_infinite_one(chain, rate):
    """Valuing more periods approaches the perpetual value; the periods after T are worth at
    most max|R| q^(T+1)/(1 − q), q = 1/(1+d), so the gap shrinks geometrically."""
    infinite = markov_clv(chain, discount_rate=rate).vector
    q = 1 / (1 + rate)
    top = max(abs(r) for r in chain.rewards)
    for horizon in (0, 5, 20, 80, 400):
        finite = markov_clv(chain, discount_rate=rate, horizon=horizon).vector
        gap = max(abs(f - v) for f, v in zip(finite, infinite, strict=True))
        assert gap <= top * q ** (horizon + 1) / (1 - q) + 1e-7


@FEW
@given(chains(), rates, st.floats(-10, 10), st.sampled_from([0, 3, None]))
def test_scaling_rewards_scales_values(chain, rate, k, horizon):
    """Doubling every state's margin doubles every customer's value (V is linear in R)."""
    scaled = attrs.evolve(chain, rewards=[k * r for r in chain.rewards])
    base = markov_clv(chain, discount_rate=rate, horizon=horizon).vector
    assert markov_clv(scaled, discount_rate=rate, horizon=horizon).vector == pytest.approx(
        [k * v for v in base], abs=1e-7
    )


@FEW
@given(absorbing_chains())
def test_every_customer_ends_somewhere(chain):
    """Each customer of an absorbing chain ends in exactly one absorbing state (rows of B sum
    to 1) and spends at least the current period before it (t >= 1, N[i][i] >= 1)."""
    result = absorption(chain)
    assert isinstance(result, Absorption)
    for row in result.probabilities:
        assert math.fsum(row) == pytest.approx(1.0, abs=1e-9)
        assert all(-1e-12 <= b <= 1 + 1e-12 for b in row)
    assert all(t >= 1 - 1e-9 for t in result.expected_periods)
    assert all(result.fundamental[i][i] >= 1 - 1e-9 for i in range(len(result.transient)))


@FEW
@given(
    chains(min_states=2),
    st.data(),
    st.sampled_from([-0.01, 1.01, 2.0, math.nan, math.inf, -math.inf]),
)
def test_a_bad_probability_anywhere_is_refused(chain, data, bad):
    """A transition probability outside [0, 1] or not finite is refused naming 'transitions'."""
    n = len(chain.states)
    i, j = data.draw(st.integers(0, n - 1)), data.draw(st.integers(0, n - 1))
    rows = [list(row) for row in chain.transitions]
    rows[i][j] = bad
    with pytest.raises(InvalidArgument) as info:
        MarkovChain(states=chain.states, transitions=rows)
    assert info.value.field == "transitions"


@FEW
@given(st.one_of(st.floats(max_value=-1.0), st.just(math.nan), st.text(max_size=3)))
def test_a_bad_discount_rate_is_refused(rate):
    """A discount rate must be a finite number above −100 % per period."""
    with pytest.raises(InvalidArgument) as info:
        markov_clv(ACTIVE_LOST, discount_rate=rate, horizon=3)
    assert info.value.field == "discount_rate"
    assert isinstance(info.value, ValueError)


def test_values_type_is_exported():
    assert isinstance(markov_clv(ACTIVE_LOST, discount_rate=0.1), MarkovValues)
