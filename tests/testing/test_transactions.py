"""The synthetic transaction log tells the BG/NBD story with Gamma-Gamma spend."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest

from crmkit import InvalidArgument
from crmkit.testing import CDNOW_PARAMETERS, generate_transactions
from crmkit.value import summarize
from crmkit.value._special import hyp2f1

CALIBRATION_END = dt.date(1997, 9, 30)


def bg_nbd_expected_purchases(t: float, r: float, alpha: float, a: float, b: float) -> float:
    """FHL 2005 eq. 7: E[X(t)] = (a+b−1)/(a−1) [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))]."""
    return (
        (a + b - 1)
        / (a - 1)
        * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))
    )


def test_the_log_has_the_models_expected_repeat_purchases() -> None:
    """Business rule of the generator: summed over the cohort, the repeat purchases in each
    customer's window match the BG/NBD expectation at the generating parameters (within
    4 %: 10,000 customers; the sum's coefficient of variation is about 1.5 % here)."""
    log = generate_transactions(10_000, rng=random.Random(2024))
    summaries = summarize(log.rows, observation_end=CALIBRATION_END, unit="weeks")
    p = CDNOW_PARAMETERS
    expected = math.fsum(
        bg_nbd_expected_purchases(s.T, p["r"], p["alpha"], p["a"], p["b"]) for s in summaries
    )
    observed = sum(s.frequency for s in summaries)
    assert observed == pytest.approx(expected, rel=0.04)


def test_spend_has_the_gamma_gamma_mean() -> None:
    """Business rule: the mean transaction value is E(M) = pγ/(q − 1) = 35.17 at the CDNOW
    parameters (Fader & Hardie 2013 note 025), within 5 % over 5,000 customers' purchases."""
    log = generate_transactions(5_000, rng=random.Random(9))
    mean = math.fsum(amount for _, _, amount in log.rows) / len(log.rows)
    p = CDNOW_PARAMETERS
    assert mean == pytest.approx(p["p"] * p["gamma"] / (p["q"] - 1), rel=0.05)


def test_rows_are_dated_within_the_window_and_reproducible() -> None:
    log = generate_transactions(300, rng=random.Random(3))
    assert log == generate_transactions(300, rng=random.Random(3))
    assert list(log.rows) == sorted(log.rows, key=lambda row: (row[1], row[0]))
    firsts: dict[str, dt.date] = {}
    for customer, day, amount in log.rows:
        assert log.start <= day <= log.end
        assert amount > 0
        firsts.setdefault(customer, day)
    assert all((day - log.start).days < 90 for day in firsts.values())
    for customer, gone in log.dropped_out.items():
        assert gone is None or gone > firsts[customer]


def test_bad_arguments() -> None:
    with pytest.raises(InvalidArgument, match="customers"):
        generate_transactions(-1, rng=random.Random(0))
    with pytest.raises(InvalidArgument, match="parameters"):
        generate_transactions(1, rng=random.Random(0), parameters={"r": 1.0})
