"""Golden, by-hand, property and error tests for backtesting lead scores: ranking, lift, F1.

Golden values: scikit-learn's documentation example for ``roc_auc_score`` (y = [0, 0, 1, 1],
s = [0.1, 0.4, 0.35, 0.8] -> 0.75); Microsoft Dynamics 365 Sales "scoring model accuracy"
(TP 650, FP 200, TN 100, FN 50 -> accuracy 0.75, recall 0.9286, conversion rate 0.70; precision
0.7647 and F1 0.8387 derived). All recorded in the domain anchors, sections A.5 and A.9.
Calibration (Brier score, reliability tables) is tested in ``test_calibration.py``.
"""

from __future__ import annotations

import ast
import math
import random
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidArgument
from crmkit.scoring import _evaluate
from crmkit.scoring._evaluate import (
    ConfusionMatrix,
    auc,
    best_f1_threshold,
    confusion_matrix,
    ks_statistic,
    lift_table,
)

# Small integer scores make ties common; floats cover the general case.
SCORES = st.integers(0, 6) | st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
LEADS = st.lists(st.tuples(st.booleans(), SCORES), max_size=40)
MIXED = LEADS.filter(lambda rows: 0 < sum(y for y, _ in rows) < len(rows))
CONVERTING = LEADS.filter(lambda rows: any(y for y, _ in rows))


def split(rows):
    return [y for y, _ in rows], [s for _, s in rows]


def brute_auc(ys, xs):
    """Every (positive, negative) pair: a win counts 2, a tie 1, over 2·n₁·n₀."""
    pos = [x for y, x in zip(ys, xs, strict=True) if y]
    neg = [x for y, x in zip(ys, xs, strict=True) if not y]
    doubled = sum(2 if p > n else 1 if p == n else 0 for p in pos for n in neg)
    return doubled / (2 * len(pos) * len(neg))


def brute_ks(ys, xs):
    positives, negatives = sum(ys), len(ys) - sum(ys)
    best = 0
    for t in set(xs):
        tp = sum(1 for y, x in zip(ys, xs, strict=True) if y and x >= t)
        fp = sum(1 for y, x in zip(ys, xs, strict=True) if not y and x >= t)
        best = max(best, tp * negatives - fp * positives)
    return best / (positives * negatives)


# --- golden values ---------------------------------------------------------------------------


def test_auc_golden_scikit_learn_example() -> None:
    """scikit-learn roc_auc_score docs: y = [0, 0, 1, 1], s = [0.1, 0.4, 0.35, 0.8]."""
    assert auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75


def test_auc_with_ties_by_hand() -> None:
    """Positives score 5, 3, 1; negatives 3, 1. Pairs: (5,3) 1, (5,1) 1, (3,3) ½, (3,1) 1,
    (1,3) 0, (1,1) ½: 4 of 6 = 2/3."""
    assert auc([True, True, False, False, True], [5, 3, 3, 1, 1]) == 2 / 3
    assert auc([1, 0, 1, 0], [7, 7, 7, 7]) == 0.5  # all tied: chance


def test_ks_by_hand() -> None:
    """Descending 0.8 (+), 0.4 (−), 0.35 (+), 0.1 (−): TPR − FPR = ½, 0, ½, 0; KS = ½.
    With the tie group {3+, 3−} entered together: ⅓ after 5, 0 after the 3s (not ⅔ − 0)."""
    assert ks_statistic([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.5
    assert ks_statistic([1, 1, 0, 0, 1], [5, 3, 3, 1, 1]) == pytest.approx(1 / 3)
    assert ks_statistic([1, 0], [1, 2]) == 0.0  # one-sided: a backwards score gets 0


def test_confusion_matrix_golden_dynamics_365() -> None:
    """Dynamics 365 Sales, "scoring model accuracy": TP 650, FP 200, TN 100, FN 50."""
    m = ConfusionMatrix(
        true_positives=650, false_positives=200, true_negatives=100, false_negatives=50
    )
    assert m.count == 1000
    assert m.accuracy == 0.75
    assert round(m.recall, 4) == 0.9286
    assert m.recall == 650 / 700
    assert m.conversion_rate == 0.7
    assert round(m.precision, 4) == 0.7647
    assert round(m.f1, 4) == 0.8387
    assert m.specificity == 100 / 300


def test_confusion_matrix_threshold_is_inclusive() -> None:
    """A lead scoring exactly the threshold is predicted to convert."""
    m = confusion_matrix([1, 0, 1, 0], [50, 50, 49, 10], threshold=50)
    assert (m.true_positives, m.false_positives, m.true_negatives, m.false_negatives) == (
        1,
        1,
        1,
        1,
    )


def test_empty_denominators_give_zero() -> None:
    """Documented convention (scikit-learn's zero_division=0): 0/0 ratios are 0.0."""
    m = confusion_matrix([1, 0], [1, 2], threshold=5)  # nobody predicted to convert
    assert (m.precision, m.recall, m.f1) == (0.0, 0.0, 0.0)
    empty = ConfusionMatrix(
        true_positives=0, false_positives=0, true_negatives=0, false_negatives=0
    )
    assert (empty.accuracy, empty.specificity, empty.conversion_rate) == (0.0, 0.0, 0.0)


def test_best_f1_threshold_by_hand() -> None:
    """sklearn example: thresholds 0.8, 0.4, 0.35, 0.1 give F1 2/3, 1/2, 4/5, 2/3."""
    choice = best_f1_threshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    assert choice.threshold == 0.35
    assert choice.matrix == ConfusionMatrix(
        true_positives=2, false_positives=1, true_negatives=1, false_negatives=0
    )


def test_best_f1_threshold_ties_go_to_the_higher_threshold() -> None:
    """Scores 4+, 3−, 2−, 1+: F1 at 4 is 2/3, at 1 also 2/3 (4/6); the higher one wins."""
    assert best_f1_threshold([1, 0, 0, 1], [4, 3, 2, 1]).threshold == 4.0
    assert best_f1_threshold([1, 1], [1, 2]).threshold == 1.0  # all positive: take everyone


def test_lift_table_keeps_ties_in_one_bin() -> None:
    """10 leads, 5 bins of 2 ranks. The three 8s start at rank 1 (bin 1) and all go there,
    so bin 1 holds ranks 0–3, bin 2 is empty and left out, and rank 4 starts bin 3."""
    table = lift_table([1, 1, 0, 1, 0, 0, 0, 0, 1, 0], [9, 8, 8, 8, 5, 4, 3, 2, 1, 0], bins=5)
    assert [row.bin for row in table.rows] == [1, 3, 4, 5]
    assert [row.count for row in table.rows] == [4, 2, 2, 2]
    assert [row.positives for row in table.rows] == [3, 0, 0, 1]
    first = table.rows[0]
    assert (first.rate, first.lift, first.cumulative_gain) == (0.75, 0.75 / 0.4, 0.75)
    assert (first.highest_score, first.lowest_score) == (9.0, 8.0)
    assert table.rows[-1].cumulative_gain == 1.0
    assert table.rows[-1].cumulative_lift == 1.0
    assert (table.count, table.positives, table.rate) == (10, 4, 0.4)


def test_lift_table_bin_sizes() -> None:
    """7 distinct scores in 3 bins: 3, 2, 2 (the first n mod bins bins one longer); fewer
    leads than bins: one lead per bin; all tied: a single bin."""
    assert [r.count for r in lift_table([1] * 7, range(7), bins=3).rows] == [3, 2, 2]
    assert [r.bin for r in lift_table([1, 0, 0], [3, 2, 1]).rows] == [1, 2, 3]
    assert [(r.bin, r.count) for r in lift_table([1, 0, 0], [5, 5, 5]).rows] == [(1, 3)]


def test_lift_table_text_and_html() -> None:
    table = lift_table([1, 0, 1, 0], [4, 3, 2, 1], bins=2)
    text = str(table).splitlines()
    assert text[0].split()[:5] == ["bin", "count", "positives", "rate", "lift"]
    assert text[1].split()[:5] == ["1", "2", "1", "50.0%", "1.00"]
    page = table._repr_html_()
    assert page.startswith("<table>")
    assert page.count("<tr>") == 3
    assert "<td>1 to 2</td>" in page


def test_generators_and_other_real_numbers_are_accepted() -> None:
    """Iterables are read once, so generators work; Fractions and ints are real numbers."""
    assert auc((y for y in [0, 0, 1, 1]), iter([0.1, 0.4, 0.35, 0.8])) == 0.75
    assert auc([False, True], [Fraction(1, 3), 1]) == 1.0
    assert lift_table(iter([1, 0]), iter([2, 1])).count == 2


# --- properties --------------------------------------------------------------------------------


@given(MIXED)
def test_auc_matches_a_brute_force_pair_count(rows) -> None:
    """Business rule: AUC is the share of (converted, lost) pairs the score orders right,
    ties counting half, and lies in [0, 1]; an O(n²) count of every pair agrees exactly."""
    ys, xs = split(rows)
    value = auc(ys, xs)
    assert 0.0 <= value <= 1.0
    assert value == brute_auc(ys, xs)


@given(MIXED, st.data())
def test_auc_depends_only_on_the_ranking(rows, data) -> None:
    """Business rule: rescaling a score by any strictly increasing map (points to a
    probability, a log, a new scale) leaves AUC unchanged: it measures the ranking only."""
    ys, xs = split(rows)
    distinct = sorted(set(xs))
    new = data.draw(
        st.lists(st.floats(-1e9, 1e9), min_size=len(distinct), max_size=len(distinct), unique=True)
    )
    mapping = dict(zip(distinct, sorted(new), strict=True))
    assert auc(ys, [mapping[x] for x in xs]) == auc(ys, xs)


@given(MIXED.map(lambda rows: [(y, int(s) % 101) for y, s in rows]))
def test_reversing_the_score_mirrors_auc(rows) -> None:
    """Business rule: a score on 0–100 turned upside down (100 − s) ranks every pair the
    other way, so its AUC is 1 − AUC."""
    ys, xs = split(rows)
    assert auc(ys, [100 - x for x in xs]) == pytest.approx(1.0 - auc(ys, xs), abs=1e-12)


@given(MIXED, st.randoms(use_true_random=False))
def test_the_order_of_the_leads_changes_nothing(rows, rnd: random.Random) -> None:
    """Business rule: a backtest describes a set of leads; listing them in another order
    gives the same AUC, KS, lift table, threshold and confusion matrix."""
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    (ys, xs), (ys2, xs2) = split(rows), split(shuffled)
    assert auc(ys, xs) == auc(ys2, xs2)
    assert ks_statistic(ys, xs) == ks_statistic(ys2, xs2)
    assert lift_table(ys, xs, bins=4) == lift_table(ys2, xs2, bins=4)
    assert best_f1_threshold(ys, xs) == best_f1_threshold(ys2, xs2)
    assert confusion_matrix(ys, xs, threshold=3) == confusion_matrix(ys2, xs2, threshold=3)


@given(MIXED)
def test_ks_matches_a_brute_force_threshold_scan(rows) -> None:
    """Business rule: KS is the widest gap between the shares of converted and lost leads
    at or above some score; checking every distinct score directly agrees, within [0, 1]."""
    ys, xs = split(rows)
    value = ks_statistic(ys, xs)
    assert 0.0 <= value <= 1.0
    assert value == brute_ks(ys, xs)


@given(CONVERTING, st.integers(1, 12))
def test_lift_table_accounts_for_every_lead(rows, bins) -> None:
    """Business rule: the bins of a lift table partition the leads: counts add up to n,
    conversions to all conversions, the last cumulative gain is 1 (100% captured), and no
    score appears in two bins (ties never straddle a boundary)."""
    ys, xs = split(rows)
    table = lift_table(ys, xs, bins=bins)
    assert sum(r.count for r in table.rows) == len(ys) == table.count
    assert sum(r.positives for r in table.rows) == sum(ys) == table.positives
    assert table.rows[-1].cumulative_gain == 1.0
    assert table.rows[-1].cumulative_count == len(ys)
    numbers = [r.bin for r in table.rows]
    assert numbers == sorted(set(numbers))
    assert numbers[0] == 1
    assert numbers[-1] <= bins
    for upper, lower in zip(table.rows, table.rows[1:], strict=False):
        assert upper.lowest_score > lower.highest_score
    assert len(str(table).splitlines()) == len(table.rows) + 1


@given(LEADS, SCORES)
def test_confusion_matrix_counts_every_lead_once(rows, threshold) -> None:
    """Business rule: at any threshold each lead is exactly one of TP, FP, TN, FN, and the
    actual conversions (TP + FN) do not depend on the threshold."""
    ys, xs = split(rows)
    m = confusion_matrix(ys, xs, threshold=threshold)
    assert m.count == len(ys)
    assert m.true_positives + m.false_negatives == sum(ys)
    assert all(0.0 <= v <= 1.0 for v in (m.accuracy, m.precision, m.recall, m.f1))


@given(CONVERTING)
def test_best_f1_threshold_matches_a_scan_of_every_score(rows) -> None:
    """Business rule: no distinct score gives a higher F1 than the chosen threshold, and
    among equal F1s the chosen one is the highest (fewest leads to work)."""
    ys, xs = split(rows)
    choice = best_f1_threshold(ys, xs)
    best_t, best_f1 = None, -1.0
    for t in sorted(set(xs), reverse=True):
        f1 = confusion_matrix(ys, xs, threshold=t).f1
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    assert choice.threshold == best_t
    assert choice.matrix == confusion_matrix(ys, xs, threshold=choice.threshold)


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [2, -1, 0.5, 1.0, "1", None])
def test_bad_outcomes_are_named_with_their_value(bad) -> None:
    with pytest.raises(InvalidArgument, match=r"'outcomes\[1\]' must be a bool") as info:
        auc([0, bad, 1], [1, 2, 3])
    assert info.value.field == "outcomes[1]"
    assert info.value.value == bad
    assert repr(bad) in str(info.value)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, True, "0.5", None, 10**400])
def test_bad_scores_are_named_with_their_value(bad) -> None:
    with pytest.raises(InvalidArgument, match=r"'scores\[2\]' must be a finite number") as info:
        lift_table([0, 1, 1], [1, 2, bad])
    assert info.value.field == "scores[2]"
    assert f"(got {bad!r})" in str(info.value)


def test_lengths_must_match_and_both_are_named() -> None:
    with pytest.raises(InvalidArgument, match=r"'outcomes' and 'scores' .* \(got 2 and 3\)"):
        auc([0, 1], [1, 2, 3])


@pytest.mark.parametrize("function", [auc, ks_statistic])
def test_ranking_measures_need_both_outcomes(function) -> None:
    with pytest.raises(InvalidArgument, match=r"a positive and a negative .*\(got 0 of 2"):
        function([0, 0], [1, 2])
    with pytest.raises(InvalidArgument, match=r"\(got 2 of 2 positive\)"):
        function([1, 1], [1, 2])
    with pytest.raises(InvalidArgument, match="'outcomes' must contain"):
        function([], [])


def test_lift_and_threshold_need_a_conversion() -> None:
    for call in (lambda: lift_table([0, 0], [1, 2]), lambda: best_f1_threshold([], [])):
        with pytest.raises(InvalidArgument, match="'outcomes' must contain a positive"):
            call()


@pytest.mark.parametrize("bins", [0, -3, 2.0, True, "10"])
def test_bins_must_be_a_positive_integer(bins) -> None:
    with pytest.raises(InvalidArgument, match=rf"'bins' must be an integer >= 1 \(got {bins!r}\)"):
        lift_table([1], [1], bins=bins)


def test_threshold_is_checked() -> None:
    with pytest.raises(InvalidArgument, match=r"'threshold' must be a finite number \(got nan\)"):
        confusion_matrix([1], [1], threshold=math.nan)


@pytest.mark.parametrize("bad", [-1, 1.5, True, None])
def test_confusion_matrix_counts_are_whole_numbers(bad) -> None:
    with pytest.raises(InvalidArgument, match=r"'false_negatives' must be an integer >= 0") as e:
        ConfusionMatrix(true_positives=1, false_positives=1, true_negatives=1, false_negatives=bad)
    assert isinstance(e.value, ValueError)
    assert e.value.field == "false_negatives"


# --- structure ---------------------------------------------------------------------------------


def test_module_is_a_vendorable_leaf() -> None:
    """Business rule (STYLE.md 3): the module imports only the stdlib, attrs and errors."""
    tree = ast.parse(Path(_evaluate.__file__).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    outside = {name for name in imported if name.split(".")[0] not in sys.stdlib_module_names}
    assert outside <= {"__future__", "attrs", "crmkit._errors"}


def test_results_are_frozen_values() -> None:
    table = lift_table([1, 0], [2, 1])
    with pytest.raises(AttributeError):
        table.count = 3  # type: ignore[misc]
    assert isinstance(table.rows, tuple)
    assert hash(table) == hash(lift_table([1, 0], [2, 1]))
