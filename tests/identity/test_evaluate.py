"""Tests for crmkit.identity._evaluate, _metrics and _contingency.

Golden values are derived by hand in the comments (every count listed pair by pair), or come
from the worked example of Bagga & Baldwin 1998, "Algorithms for scoring coreference
chains" (the two responses that the MUC score cannot tell apart). Properties check the
counting formulas against explicit pair enumeration and the business rules of evaluation.
"""

from __future__ import annotations

import pickle
import random
from types import SimpleNamespace

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument
from crmkit.identity._evaluate import MatchMetrics, evaluate
from crmkit.identity._metrics import (
    BCubedMetrics,
    BlockingMetrics,
    PairMetrics,
    bcubed,
    blocking_metrics,
    cluster_pair_metrics,
    pair_metrics,
    pairs_from_clusters,
)

# --- A six-record example, derived by hand ---------------------------------------------------
# Truth: one person filed four times (a, b, c, d) and two different people (e, f).
# Prediction: d missed (split off), e and f wrongly merged.
TRUTH = (("a", "b", "c", "d"), ("e",), ("f",))
PREDICTED = (("a", "b", "c"), ("d",), ("e", "f"))
# True pairs: ab ac ad bc bd cd = 6. Predicted pairs: ab ac bc ef = 4.
# TP = ab ac bc = 3; FP = ef = 1; FN = ad bd cd = 3.
# precision = 3/4; recall = 3/6; F1 = 2·3 / (2·3 + 1 + 3) = 6/10.
# B-cubed precision per record: a, b, c: |{abc} ∩ {abcd}| / 3 = 1; d: 1/1; e, f: 1/2 each,
#   mean = (1 + 1 + 1 + 1 + 1/2 + 1/2) / 6 = 5/6.
# B-cubed recall per record: a, b, c: 3/4 each; d: 1/4; e, f: 1 each,
#   mean = (9/4 + 1/4 + 2) / 6 = 4.5 / 6 = 3/4.
# B-cubed F1 = 2 · (5/6) · (3/4) / (5/6 + 3/4) = (5/4) / (19/12) = 15/19.
# ARI (Hubert & Arabie 1985): M = C(6, 2) = 15, A = 4, B = 6, expected index A·B/M = 1.6,
#   ARI = (3 − 1.6) / ((4 + 6)/2 − 1.6) = 1.4 / 3.4 = 7/17.
# Errors: cluster {e, f} joins 2 entities (1 wrong merge; 1 record outside its largest
#   entity); entity {a, b, c, d} spans 2 clusters (1 wrong split; d is outside the largest).
# Blocking candidates: ab, ba (a repeat), ad, cd, ef, bf = 5 distinct pairs out of
#   C(6, 2) = 15; true ones among them: ab, ad, cd = 3.
#   PC = 3/6, RR = 1 − 5/15 = 2/3, PQ = 3/5.
CANDIDATES = (("a", "b"), ("b", "a"), ("a", "d"), ("c", "d"), ("e", "f"), ("b", "f"))


def test_six_record_example_pairs():
    metrics = cluster_pair_metrics(PREDICTED, TRUTH)
    assert metrics == PairMetrics(true_positives=3, false_positives=1, false_negatives=3)
    assert (metrics.precision, metrics.recall, metrics.f1) == (0.75, 0.5, 0.6)


def test_six_record_example_bcubed():
    metrics = bcubed(PREDICTED, TRUTH)
    assert metrics.precision == pytest.approx(5 / 6)
    assert metrics.recall == pytest.approx(3 / 4)
    assert metrics.f1 == pytest.approx(15 / 19)


def test_six_record_example_evaluate():
    truth = {"a": "P1", "b": "P1", "c": "P1", "d": "P1", "e": "P2", "f": "P3"}
    metrics = evaluate(SimpleNamespace(clusters=PREDICTED), truth, candidate_pairs=CANDIDATES)
    assert (metrics.records, metrics.predicted_clusters, metrics.true_clusters) == (6, 3, 3)
    assert metrics.pairs == PairMetrics(true_positives=3, false_positives=1, false_negatives=3)
    assert metrics.adjusted_rand_index == pytest.approx(7 / 17)
    assert (metrics.wrong_merges, metrics.records_wrongly_merged) == (1, 1)
    assert (metrics.wrong_splits, metrics.records_wrongly_split) == (1, 1)
    assert metrics.blocking == BlockingMetrics(
        candidate_pairs=5, true_pairs=6, true_pairs_found=3, comparison_space=15
    )
    assert metrics.blocking.pairs_completeness == 0.5
    assert metrics.blocking.reduction_ratio == pytest.approx(2 / 3)
    assert metrics.blocking.pairs_quality == 0.6


def test_six_record_example_blocking_from_pairs():
    metrics = blocking_metrics(CANDIDATES, pairs_from_clusters(TRUTH), record_count=6)
    assert metrics == BlockingMetrics(
        candidate_pairs=5, true_pairs=6, true_pairs_found=3, comparison_space=15
    )


# --- Bagga & Baldwin 1998: the worked example -----------------------------------------------
# Truth: chains {1..5}, {6, 7}, {8..12}. Response A merges {6, 7} with {8..12}; response B
# merges {1..5} with {8..12}. MUC scores both alike; B-cubed tells them apart (the paper's
# point): precision 16/21 ≈ 0.76 for A and 7/12 ≈ 0.58 for B, recall 1 for both.
# Hand check for A: records 1-5 score 5/5; 6, 7 score 2/7; 8-12 score 5/7:
#   (5 + 2·2/7 + 5·5/7) / 12 = (35 + 4 + 25) / 84 = 64/84 = 16/21.
# For B: records 1-5 and 8-12 score 5/10; 6, 7 score 1: (10·1/2 + 2) / 12 = 7/12.
BB_TRUTH = (tuple("12345"), tuple("67"), tuple("89ABC"))
BB_RESPONSE_A = (tuple("12345"), tuple("6789ABC"))
BB_RESPONSE_B = (tuple("1234589ABC"), tuple("67"))


@pytest.mark.parametrize(
    ("response", "precision"), [(BB_RESPONSE_A, 16 / 21), (BB_RESPONSE_B, 7 / 12)]
)
def test_bagga_baldwin_example(response, precision):
    metrics = bcubed(response, BB_TRUTH)
    assert metrics.precision == pytest.approx(precision)
    assert metrics.recall == 1.0


def test_bagga_baldwin_example_pairs():
    # Response A: predicted pairs C(5,2) + C(7,2) = 10 + 21 = 31; true pairs 10 + 1 + 10 = 21,
    # all found: precision 21/31. Response B: C(10,2) + 1 = 46 predicted, precision 21/46.
    assert cluster_pair_metrics(BB_RESPONSE_A, BB_TRUTH).precision == pytest.approx(21 / 31)
    assert cluster_pair_metrics(BB_RESPONSE_B, BB_TRUTH).precision == pytest.approx(21 / 46)


# --- Conventions -----------------------------------------------------------------------------


def test_pairs_are_unordered_and_repeats_count_once():
    metrics = pair_metrics([("a", "b"), ("b", "a")], [("b", "a")])
    assert metrics == PairMetrics(true_positives=1, false_positives=0, false_negatives=0)


def test_zero_division_is_vacuous_truth():
    nothing = pair_metrics([], [])
    assert (nothing.precision, nothing.recall, nothing.f1) == (1.0, 1.0, 1.0)
    missed = pair_metrics([], [("a", "b")])
    assert (missed.precision, missed.recall, missed.f1) == (1.0, 0.0, 0.0)
    invented = pair_metrics([("a", "b")], [])
    assert (invented.precision, invented.recall, invented.f1) == (0.0, 1.0, 0.0)
    empty = blocking_metrics([], [], record_count=1)
    assert (empty.pairs_completeness, empty.reduction_ratio, empty.pairs_quality) == (
        1.0,
        0.0,
        1.0,
    )


def test_all_singletons_on_both_sides_is_perfect():
    clusters = (("a",), ("b",), ("c",))
    metrics = evaluate(SimpleNamespace(clusters=clusters), clusters)
    assert metrics.pairs.f1 == metrics.bcubed.f1 == metrics.adjusted_rand_index == 1.0


def test_empty_clusterings():
    metrics = evaluate(SimpleNamespace(clusters=()), {})
    assert (metrics.records, metrics.pairs.f1, metrics.bcubed.f1) == (0, 1.0, 1.0)


def test_linking_counts_only_cross_source_pairs():
    # Left a1, a2 (a duplicate pair inside the left source); right b1, b2.
    # Entity X = {a1, a2, b1}, entity Y = {b2}. Cross-source true pairs: a1-b1, a2-b1 = 2.
    # Space 2·2 = 4; candidates a1-b1, a2-b2: found 1. PC 1/2, RR 1 − 2/4, PQ 1/2.
    result = SimpleNamespace(clusters=(("a1", "a2", "b1"), ("b2",)))
    truth = {"a1": "X", "a2": "X", "b1": "X", "b2": "Y"}
    metrics = evaluate(
        result, truth, candidate_pairs=[("a1", "b1"), ("b2", "a2")], left_ids=("a1", "a2")
    )
    assert metrics.blocking == BlockingMetrics(
        candidate_pairs=2, true_pairs=2, true_pairs_found=1, comparison_space=4
    )
    same = blocking_metrics([("a1", "b1"), ("a2", "b2")], [("a1", "b1"), ("a2", "b1")],
                            link_sizes=(2, 2))  # fmt: skip
    assert same == metrics.blocking


def test_str_and_html():
    truth = {"a": 1, "b": 1, "c": 1, "d": 1, "e": 2, "f": 3}
    metrics = evaluate(SimpleNamespace(clusters=PREDICTED), truth, candidate_pairs=CANDIDATES)
    text = str(metrics)
    assert text.splitlines()[0] == "6 records: 3 predicted clusters, 3 true entities"
    assert "precision 0.7500  recall 0.5000  F1 0.6000  (TP 3, FP 1, FN 3)" in text
    assert "pairs completeness 0.5000" in text
    page = metrics._repr_html_()
    assert page.startswith("<p><b>6 records")
    assert "<table>" in page
    assert "B-cubed" in page


def test_results_are_frozen_and_pickle():
    metrics = evaluate(SimpleNamespace(clusters=PREDICTED), TRUTH, candidate_pairs=CANDIDATES)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        metrics.records = 7
    assert pickle.loads(pickle.dumps(metrics)) == metrics
    assert isinstance(metrics, MatchMetrics)
    assert isinstance(metrics.bcubed, BCubedMetrics)


def test_a_large_wrong_cluster_is_counted_not_enumerated():
    # One 20,000-record cluster of distinct people: C(20000, 2) = 199,990,000 false pairs,
    # counted from the size alone (enumerating them would not finish in a test).
    ids = [f"r{i}" for i in range(20_000)]
    metrics = cluster_pair_metrics([ids], [(record,) for record in ids])
    assert metrics == PairMetrics(true_positives=0, false_positives=199_990_000, false_negatives=0)


# --- Errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "field", "fragment"),
    [
        (lambda: pair_metrics([("a", "a")], []), "predicted", "itself"),
        (lambda: pair_metrics([("a", "b", "c")], []), "predicted", "(id, id) tuples"),
        (lambda: pair_metrics([], ["ab"]), "truth_pairs", "(id, id) tuples"),
        (lambda: bcubed([("a", "b")], [("a",)]), "true_clusters", "'b'"),
        (lambda: bcubed([("a",), ("a",)], [("a",)]), "predicted_clusters", "each id once"),
        (lambda: bcubed([("a", "a")], [("a",)]), "predicted_clusters", "each id once"),
        (lambda: bcubed([()], []), "predicted_clusters", "non-empty"),
        (lambda: bcubed([1], []), "predicted_clusters", "non-empty"),
        (lambda: bcubed(["ab"], [("a",), ("b",)]), "predicted_clusters", "non-empty"),
        (lambda: bcubed("ab", [("a",), ("b",)]), "predicted_clusters", "iterable of clusters"),
        (lambda: blocking_metrics([], []), "record_count", "one of"),
        (lambda: blocking_metrics([], [], record_count=2, link_sizes=(1, 1)), "record_count", ""),
        (lambda: blocking_metrics([], [], record_count=-1), "record_count", "-1"),
        (lambda: blocking_metrics([], [], link_sizes=(1,)), "link_sizes", "(1,)"),
        (
            lambda: blocking_metrics([("a", "b"), ("a", "c")], [], record_count=2),
            "record_count",
            "more than",
        ),
        (lambda: evaluate(object(), {}), "result", "'clusters'"),
        (
            lambda: evaluate(SimpleNamespace(clusters=(("a",),)), {"a": None}),
            "truth",
            "no entity",
        ),
        (
            lambda: evaluate(SimpleNamespace(clusters=(("a",),)), {"a": float("nan")}),
            "truth",
            "no entity",
        ),
        (lambda: evaluate(SimpleNamespace(clusters=(("a",),)), {"a": " "}), "truth", "no entity"),
        (lambda: evaluate(SimpleNamespace(clusters=(("a",),)), {"a": []}), "truth", "hashable"),
        (
            lambda: evaluate(SimpleNamespace(clusters=(("a", "b"),)), {"a": 1, "c": 1}),
            "truth",
            "1 only predicted ['b'], 1 only true ['c']",
        ),
        (
            lambda: evaluate(
                SimpleNamespace(clusters=(("a", "b"),)),
                {"a": 1, "b": 1},
                candidate_pairs=[("a", "z")],
            ),
            "candidate_pairs",
            "'z'",
        ),
        (
            lambda: evaluate(SimpleNamespace(clusters=(("a",),)), {"a": 1}, left_ids=("a",)),
            "left_ids",
            "needs 'candidate_pairs'",
        ),
        (
            lambda: evaluate(
                SimpleNamespace(clusters=(("a", "b", "c"),)),
                {"a": 1, "b": 1, "c": 1},
                candidate_pairs=[("a", "b")],
                left_ids=("a", "b"),
            ),
            "candidate_pairs",
            "across the sources",
        ),
    ],
)
def test_invalid_arguments_name_the_argument(call, field, fragment):
    with pytest.raises(InvalidArgument, match=None) as caught:
        call()
    assert caught.value.field == field
    assert fragment in str(caught.value)


def test_mismatch_message_lists_only_a_few_ids():
    ids = [f"r{i:02d}" for i in range(20)]
    with pytest.raises(InvalidArgument) as caught:
        bcubed([ids], [("r00",)])
    assert "19 only predicted ['r01', 'r02', 'r03', 'r04', 'r05'] and 14 more" in str(caught.value)


# --- Properties ------------------------------------------------------------------------------


@st.composite
def partitions(draw, *, ids=None):
    """A random partition of ``ids`` (or of a drawn set of ids), as shuffled clusters."""
    if ids is None:
        ids = [f"r{i}" for i in range(draw(st.integers(0, 12)))]
    labels = draw(st.lists(st.integers(0, 4), min_size=len(ids), max_size=len(ids)))
    groups: dict[int, list[str]] = {}
    for record, label in zip(ids, labels, strict=True):
        groups.setdefault(label, []).append(record)
    return tuple(tuple(group) for group in groups.values())


@st.composite
def two_partitions(draw):
    """Two random partitions (predicted, true) of the same ids."""
    ids = [f"r{i}" for i in range(draw(st.integers(0, 12)))]
    return draw(partitions(ids=ids)), draw(partitions(ids=ids))


def _unit(value):
    return 0.0 <= value <= 1.0


@given(two_partitions())
def test_metrics_are_bounded(pair):
    """Every precision, recall, F1 and blocking ratio lies in [0, 1]; ARI is at most 1."""
    predicted, true = pair
    candidates = sorted(pairs_from_clusters(predicted))[::2]
    metrics = evaluate(SimpleNamespace(clusters=predicted), true, candidate_pairs=candidates)
    values = [
        metrics.pairs.precision,
        metrics.pairs.recall,
        metrics.pairs.f1,
        metrics.bcubed.precision,
        metrics.bcubed.recall,
        metrics.bcubed.f1,
        metrics.blocking.pairs_completeness,
        metrics.blocking.reduction_ratio,
        metrics.blocking.pairs_quality,
    ]
    assert all(map(_unit, values)), values
    assert metrics.adjusted_rand_index <= 1.0 + 1e-12


@given(partitions())
def test_perfect_clustering_scores_one(clusters):
    """A clustering equal to the truth has no false pair, no missed pair, every measure 1."""
    metrics = evaluate(SimpleNamespace(clusters=clusters), clusters)
    assert (metrics.pairs.false_positives, metrics.pairs.false_negatives) == (0, 0)
    assert metrics.pairs.f1 == metrics.bcubed.f1 == 1.0
    assert metrics.adjusted_rand_index == pytest.approx(1.0)
    assert (metrics.wrong_merges, metrics.wrong_splits) == (0, 0)
    assert (metrics.records_wrongly_merged, metrics.records_wrongly_split) == (0, 0)


@given(two_partitions())
def test_counting_equals_enumeration(pair):
    """Pair counts from the contingency table equal explicit enumeration of pairs."""
    predicted, true = pair
    expected = pair_metrics(pairs_from_clusters(predicted), pairs_from_clusters(true))
    assert cluster_pair_metrics(predicted, true) == expected


@given(two_partitions())
def test_bcubed_equals_its_per_record_definition(pair):
    """B-cubed is the mean over records of |C ∩ L| / |C| and |C ∩ L| / |L| (Bagga & Baldwin)."""
    predicted, true = pair
    cluster_of = {record: set(group) for group in predicted for record in group}
    entity_of = {record: set(group) for group in true for record in group}
    records = list(cluster_of)
    if not records:
        return
    overlap = {record: len(cluster_of[record] & entity_of[record]) for record in records}
    precision = sum(overlap[r] / len(cluster_of[r]) for r in records) / len(records)
    recall = sum(overlap[r] / len(entity_of[r]) for r in records) / len(records)
    metrics = bcubed(predicted, true)
    assert metrics.precision == pytest.approx(precision)
    assert metrics.recall == pytest.approx(recall)


@given(two_partitions(), st.randoms(use_true_random=False))
def test_order_and_labels_do_not_matter(pair, rng):
    """Shuffling clusters and their members, or renaming entities, changes no measure."""
    predicted, true = pair
    shuffled = [list(group) for group in predicted]
    for group in shuffled:
        rng.shuffle(group)
    rng.shuffle(shuffled)
    truth_mapping = {
        record: f"entity-{index}" for index, group in enumerate(true) for record in group
    }
    renamed = {record: hash(label) for record, label in truth_mapping.items()}
    baseline = evaluate(SimpleNamespace(clusters=predicted), true)
    for clusters, truth in [
        (tuple(map(tuple, shuffled)), true),
        (predicted, truth_mapping),
        (predicted, renamed),
        (predicted, tuple(reversed(true))),
    ]:
        assert evaluate(SimpleNamespace(clusters=clusters), truth) == baseline


@given(two_partitions())
def test_roles_are_symmetric(pair):
    """Swapping prediction and truth swaps precision with recall and merges with splits."""
    predicted, true = pair
    forward = evaluate(SimpleNamespace(clusters=predicted), true)
    backward = evaluate(SimpleNamespace(clusters=true), predicted)
    assert forward.pairs.precision == backward.pairs.recall
    assert forward.pairs.recall == backward.pairs.precision
    assert forward.bcubed.precision == pytest.approx(backward.bcubed.recall)
    assert forward.bcubed.recall == pytest.approx(backward.bcubed.precision)
    assert forward.wrong_merges == backward.wrong_splits
    assert forward.records_wrongly_merged == backward.records_wrongly_split
    assert forward.adjusted_rand_index == pytest.approx(backward.adjusted_rand_index)


@given(two_partitions())
def test_no_false_pair_exactly_when_no_wrong_merge(pair):
    """A clustering produces a false pair if and only if some cluster joins two entities."""
    predicted, true = pair
    metrics = evaluate(SimpleNamespace(clusters=predicted), true)
    assert (metrics.pairs.false_positives == 0) == (metrics.wrong_merges == 0)
    assert (metrics.pairs.false_negatives == 0) == (metrics.wrong_splits == 0)
    assert (metrics.bcubed.precision == 1.0) == (metrics.wrong_merges == 0)


@given(two_partitions())
def test_homogeneity_constraint(pair):
    """Amigó et al. 2009, constraint 1: splitting a cluster into its entities raises B-cubed
    precision and keeps recall."""
    predicted, true = pair
    entity = {record: index for index, group in enumerate(true) for record in group}
    mixed = [group for group in predicted if len({entity[r] for r in group}) > 1]
    if not mixed:
        return
    target = mixed[0]
    parts: dict[int, list[str]] = {}
    for record in target:
        parts.setdefault(entity[record], []).append(record)
    split = tuple(g for g in predicted if g is not target) + tuple(map(tuple, parts.values()))
    before, after = bcubed(predicted, true), bcubed(split, true)
    assert after.precision > before.precision
    assert after.recall == pytest.approx(before.recall)


@given(two_partitions())
def test_completeness_constraint(pair):
    """Amigó et al. 2009, constraint 2: joining two clusters that hold only one entity raises
    B-cubed recall and keeps precision."""
    predicted, true = pair
    entity = {record: index for index, group in enumerate(true) for record in group}
    pure: dict[int, list[tuple[str, ...]]] = {}
    for group in predicted:
        labels = {entity[r] for r in group}
        if len(labels) == 1:
            pure.setdefault(labels.pop(), []).append(group)
    candidates = [groups for groups in pure.values() if len(groups) > 1]
    if not candidates:
        return
    first, second = candidates[0][:2]
    joined = (*(g for g in predicted if g is not first and g is not second), first + second)
    before, after = bcubed(predicted, true), bcubed(joined, true)
    assert after.recall > before.recall
    assert after.precision == pytest.approx(before.precision)


@settings(max_examples=50)
@given(two_partitions(), st.data())
def test_blocking_from_labels_equals_blocking_from_pairs(pair, data):
    """evaluate's blocking counts (from entity labels) equal set arithmetic over true pairs."""
    predicted, true = pair
    ids = sorted(record for group in true for record in group)
    every = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
    candidates = data.draw(st.lists(st.sampled_from(every), unique=True) if every else st.just([]))
    metrics = evaluate(SimpleNamespace(clusters=predicted), true, candidate_pairs=candidates)
    expected = blocking_metrics(candidates, pairs_from_clusters(true), record_count=len(ids))
    assert metrics.blocking == expected


def test_linking_blocking_equals_pairs_on_random_data():
    """With sources, true pairs across them match the count from entity sizes."""
    rng = random.Random(3)
    ids = [f"{side}{i}" for side in "LR" for i in range(30)]
    truth = {record: rng.randrange(15) for record in ids}
    left = [record for record in ids if record.startswith("L")]
    right = [record for record in ids if record.startswith("R")]
    candidates = [(a, b) for a in left for b in right if rng.random() < 0.3]
    result = SimpleNamespace(clusters=tuple((record,) for record in ids))
    metrics = evaluate(result, truth, candidate_pairs=candidates, left_ids=left)
    cross_true = [(a, b) for a in left for b in right if truth[a] == truth[b]]
    assert metrics.blocking == blocking_metrics(candidates, cross_true, link_sizes=(30, 30))
