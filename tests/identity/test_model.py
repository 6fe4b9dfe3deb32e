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
