"""Fellegi–Sunter model: EM recovers known parameters; weights and probabilities behave."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit.identity._model import expectation_maximisation, probability


def simulate(n_pairs, prior, m, u, rng):
    """Draw comparison vectors from a known two-class mixture (independent comparisons)."""
    vectors = Counter()
    for _ in range(n_pairs):
        table = m if rng.random() < prior else u
        vector = tuple(rng.choices(range(1, len(row) + 1), weights=row)[0] for row in table)
        vectors[vector] += 1
    return vectors


def test_em_recovers_the_generating_parameters() -> None:
    """With u known, EM on vectors drawn from λ, m, u recovers λ and m (independent
    calculation: the generating values themselves, within sampling error)."""
    rng = random.Random(20261125)
    prior = 0.2
    m = ((0.85, 0.10, 0.05), (0.90, 0.10), (0.70, 0.20, 0.10))
    u = ((0.01, 0.04, 0.95), (0.05, 0.95), (0.02, 0.08, 0.90))
    vectors = simulate(60_000, prior, m, u, rng)
    fitted_m, fitted_prior, iterations, converged = expectation_maximisation(
        vectors, u=u, level_counts=(4, 3, 4)
    )
    assert converged
    assert iterations > 1
    assert fitted_prior == pytest.approx(prior, abs=0.01)
    for fitted_row, true_row in zip(fitted_m, m, strict=True):
        for fitted, true in zip(fitted_row, true_row, strict=True):
            assert fitted == pytest.approx(true, abs=0.02)


def test_em_single_comparison_fits_the_agreement_rate() -> None:
    """One comparison alone does not identify λ and m separately, but any fit must reproduce
    the observed agreement rate: λ·m(agree) + (1 − λ)·u(agree) = 90 / 1000 (hand calculation)."""
    m, prior, _, _ = expectation_maximisation(
        {(1,): 90, (2,): 910}, u=((0.01, 0.99),), level_counts=(3,)
    )
    assert prior * m[0][0] + (1 - prior) * 0.01 == pytest.approx(0.09, abs=1e-3)


def test_null_levels_carry_no_evidence() -> None:
    """A vector with a null level is scored on its other comparisons only."""
    u = ((0.01, 0.99), (0.01, 0.99))
    with_null = {(1, 0): 100, (2, 0): 900}
    m, prior, _, _ = expectation_maximisation(with_null, u=u, level_counts=(3, 3))
    assert m[1] == pytest.approx((0.5, 0.5))  # never observed: no opinion either way
    assert 0.0 < prior < 1.0


@given(st.floats(min_value=-60, max_value=60, allow_nan=False))
def test_probability_is_the_logistic_of_the_weight(weight) -> None:
    """Business rule: p = 2^W / (1 + 2^W), in [0, 1], increasing in W, p(0) = 1/2."""
    p = probability(weight)
    assert 0.0 <= p <= 1.0
    assert p == pytest.approx(2**weight / (1 + 2**weight))
    assert probability(weight + 1) >= p
    assert math.isclose(probability(0.0), 0.5)


def _address_comparisons():
    from crmkit.identity import Comparison, Level

    street = Comparison(name="street", key="street", levels=(Level(kind="exact"),))
    postcode = Comparison(
        name="postcode", key="postcode", levels=(Level(kind="exact"),), else_implied_by="street"
    )
    return street, postcode


@pytest.mark.parametrize(
    ("left", "right", "vector"),
    [
        # moved: street and postcode both differ -> the postcode's disagreement is implied
        (
            {"street": "1 high st", "postcode": "N1 9GU"},
            {"street": "9 low rd", "postcode": "M1 1AE"},
            (2, 0),
        ),
        # same street, another postcode -> the postcode disagrees on its own
        (
            {"street": "1 high st", "postcode": "N1 9GU"},
            {"street": "1 high st", "postcode": "M1 1AE"},
            (1, 2),
        ),
        # no street to imply anything -> the postcode disagrees on its own
        ({"postcode": "N1 9GU"}, {"street": "9 low rd", "postcode": "M1 1AE"}, (0, 2)),
        # the street differs, the postcode agrees -> both count
        (
            {"street": "1 high st", "postcode": "N1 9GU"},
            {"street": "9 low rd", "postcode": "N1 9GU"},
            (2, 1),
        ),
    ],
)
def test_a_move_is_paid_once(left, right, vector) -> None:
    """Business rule: a moved customer (street and postcode both different) pays one address
    disagreement, not two; every other combination counts each comparison."""
    from crmkit.identity import MatchKeys
    from crmkit.identity._vectors import comparison_vector

    comparisons = _address_comparisons()
    a, b = MatchKeys(id="a", **left), MatchKeys(id="b", **right)
    assert comparison_vector(comparisons, a, b) == vector
    assert comparison_vector(comparisons, b, a) == vector


def test_implied_disagreement_is_explained_not_hidden() -> None:
    """Business rule: an explanation never shows a disagreement as missing data: the implied
    postcode line says which comparison counted it."""
    from crmkit.identity import MatchKeys

    _street, postcode = _address_comparisons()
    a = MatchKeys(id="a", postcode="N1 9GU")
    assert postcode.pair_label(0, a, MatchKeys(id="b", postcode="M1 1AE")) == "else (with street)"
    assert postcode.pair_label(0, a, MatchKeys(id="b")) == "null"


@pytest.mark.parametrize("implied", ["nowhere", "postcode"])
def test_else_implied_by_must_name_another_comparison(implied) -> None:
    """Business rule: a misspelt or self-referring dependency is refused when the settings
    are built, naming the field and the value."""
    import attrs

    from crmkit import CrmkitError
    from crmkit.identity import BlockingRule, MatchSettings

    street, postcode = _address_comparisons()
    with pytest.raises(CrmkitError, match=repr(implied)) as caught:
        MatchSettings(
            comparisons=(street, attrs.evolve(postcode, else_implied_by=implied)),
            blocking_rules=(BlockingRule(name="street", keys=("street",)),),
        )
    assert isinstance(caught.value, ValueError)
    assert caught.value.field == "else_implied_by"


def test_u_of_equality_levels_is_exact_not_sampled() -> None:
    """Business rule: how often two different people share a phone is counted, not sampled,
    so the weight of a shared number grows with the file. Hand calculation: 6 records, the
    mobile +447911123456 three times and the landline +442079460958 twice, one other:
    N (N - 1) = 30 ordered pairs; mobile pairs 3 * 2 = 6 -> u = 0.2; landline pairs
    2 * 1 = 2 -> u = 2/30."""
    from crmkit.identity import Comparison, Level, MatchKeys
    from crmkit.identity._model import estimate_u

    def key(n, phone, mobile):
        return MatchKeys(id=str(n), phone=phone, phone_mobile=mobile)

    keys = [
        key(1, "+447911123456", True),
        key(2, "+447911123456", True),
        key(3, "+447911123456", True),
        key(4, "+442079460958", False),
        key(5, "+442079460958", False),
        key(6, "+442079460999", False),
    ]
    phone = Comparison(
        name="phone", key="phone", levels=(Level(kind="mobile"), Level(kind="exact"))
    )
    (u,) = estimate_u(keys, (phone,), rng=random.Random(1), sample_pairs=100)
    assert u[0] == pytest.approx(6 / 30)
    assert u[1] == pytest.approx(2 / 30)
    assert sum(u) == pytest.approx(1.0)
