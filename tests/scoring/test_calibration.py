"""Golden, by-hand, property and error tests for the calibration of conversion probabilities.

Golden value: scikit-learn's documentation example for ``brier_score_loss`` (y = [0, 1, 1, 0],
p = [0.1, 0.9, 0.8, 0.3] -> 0.0375), recorded in the domain anchors, section A.9. Reliability
tables follow scikit-learn's ``calibration_curve`` conventions (bins closed on the right,
quantile edges by numpy's linear interpolation), checked by hand below.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidArgument
from crmkit.scoring._calibration import brier_score, calibration_table

PROBABILITIES = st.lists(st.tuples(st.booleans(), st.floats(0, 1)), min_size=1, max_size=40)


def split(rows):
    return [y for y, _ in rows], [s for _, s in rows]


# --- golden values ---------------------------------------------------------------------------


def test_brier_golden_scikit_learn_example() -> None:
    """scikit-learn brier_score_loss docs: (0.01 + 0.01 + 0.04 + 0.09) / 4 = 0.0375."""
    assert brier_score([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]) == pytest.approx(0.0375, abs=1e-15)
    assert brier_score([1, 0, 0, 0], [0.25] * 4) == pytest.approx(0.25 * 0.75)  # r(1 − r)


def test_calibration_table_uniform_by_hand() -> None:
    """Bins [0, .5] and (.5, 1], closed on the right as scikit-learn's calibration_curve:
    0.5 goes to the lower bin. ECE = (3·|2/3 − 1.1/3| + 1·|1 − 1|) / 4 = 0.225."""
    table = calibration_table([0, 1, 1, 1], [0.2, 0.4, 0.5, 1.0], bins=2)
    assert [(r.lower, r.upper, r.count) for r in table.rows] == [(0.0, 0.5, 3), (0.5, 1.0, 1)]
    assert table.rows[0].mean_predicted == pytest.approx(1.1 / 3)
    assert table.rows[0].observed_rate == 2 / 3
    assert (table.rows[1].mean_predicted, table.rows[1].observed_rate) == (1.0, 1.0)
    assert table.expected_calibration_error == pytest.approx(0.225)
    assert calibration_table([0], [0.0], bins=4).rows[0].upper == 0.25  # 0 is in the first
    assert "<th>mean predicted</th>" in table._repr_html_()


def test_calibration_table_omits_empty_bins() -> None:
    """Nothing between 0.1 and 0.9: of 10 uniform bins only the first and last appear."""
    table = calibration_table([0, 1], [0.05, 0.95])
    assert [(r.lower, r.upper) for r in table.rows] == [(0.0, 0.1), (0.9, 1.0)]
    assert table.expected_calibration_error == pytest.approx(0.05)


def test_calibration_table_quantile_by_hand() -> None:
    """Sorted 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8, 2 bins: the median edge is 0.45 (numpy's
    linear interpolation between 0.4 and 0.5)."""
    ps = [0.8, 0.1, 0.7, 0.2, 0.6, 0.3, 0.5, 0.4]
    table = calibration_table([1, 0, 1, 0, 1, 0, 0, 0], ps, bins=2, strategy="quantile")
    assert [(r.lower, r.upper, r.count) for r in table.rows] == [
        (0.1, pytest.approx(0.45), 4),
        (pytest.approx(0.45), 0.8, 4),
    ]
    assert [r.observed_rate for r in table.rows] == [0.0, 0.75]
    assert table.strategy == "quantile"
    # all predictions equal: every quantile edge is 0.3 and one bin holds everything
    assert [r.count for r in calibration_table([1, 0, 1], [0.3] * 3, strategy="quantile").rows] == [
        3
    ]


def test_generators_and_other_real_numbers_are_accepted() -> None:
    """Iterables are read once, so generators work; ints are real numbers."""
    assert brier_score((y for y in [0, 1]), iter([0, 1])) == 0.0
    assert calibration_table(iter([1, 0]), iter([1, 0]), bins=2).count == 2


# --- properties --------------------------------------------------------------------------------


@given(PROBABILITIES, st.integers(1, 12), st.sampled_from(["uniform", "quantile"]))
def test_brier_and_calibration_stay_in_range(rows, bins, strategy) -> None:
    """Business rule: squared errors of probabilities are in [0, 1], so is their mean (the
    Brier score); a reliability table accounts for every lead and its ECE is in [0, 1]."""
    ys, ps = split(rows)
    assert 0.0 <= brier_score(ys, ps) <= 1.0
    table = calibration_table(ys, ps, bins=bins, strategy=strategy)
    assert sum(r.count for r in table.rows) == len(ys)
    assert 0.0 <= table.expected_calibration_error <= 1.0
    for row in table.rows:
        assert row.lower - 1e-12 <= row.mean_predicted <= row.upper + 1e-12


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [-0.1, 1.5, math.nan, False])
def test_probabilities_must_be_in_the_unit_interval(bad) -> None:
    with pytest.raises(InvalidArgument, match=r"'probabilities\[0\]' must be a probability"):
        brier_score([1], [bad])
    with pytest.raises(InvalidArgument, match=r"'probabilities\[0\]'"):
        calibration_table([1], [bad])


def test_lengths_must_match_and_both_are_named() -> None:
    with pytest.raises(InvalidArgument, match="'outcomes' and 'probabilities'"):
        brier_score([0, 1], [0.5])
    with pytest.raises(InvalidArgument, match=r"'outcomes' and 'probabilities' .* \(got 1 and 2\)"):
        calibration_table([0], [0.5, 0.5])


def test_calibration_needs_leads() -> None:
    with pytest.raises(InvalidArgument, match="'outcomes' must not be empty"):
        brier_score([], [])
    with pytest.raises(InvalidArgument, match="'outcomes' must not be empty"):
        calibration_table([], [])


@pytest.mark.parametrize("bins", [0, -3, 2.0, True, "10"])
def test_bins_must_be_a_positive_integer(bins) -> None:
    with pytest.raises(InvalidArgument, match=rf"'bins' must be an integer >= 1 \(got {bins!r}\)"):
        calibration_table([1], [0.5], bins=bins)


def test_strategy_is_checked() -> None:
    with pytest.raises(InvalidArgument, match="'strategy' must be 'uniform' or 'quantile'"):
        calibration_table([1], [0.5], strategy="kmeans")  # type: ignore[arg-type]


# --- structure ---------------------------------------------------------------------------------


def test_results_are_frozen_values() -> None:
    table = calibration_table([1, 0], [0.9, 0.1])
    with pytest.raises(AttributeError):
        table.count = 3  # type: ignore[misc]
    assert isinstance(table.rows, tuple)
    assert hash(table) == hash(calibration_table([1, 0], [0.9, 0.1]))
    assert math.isfinite(table.expected_calibration_error)
