"""The batch paths used at scale agree with the per-record definitions they speed up."""

from __future__ import annotations

import random

import pytest

from crmkit.identity import IndexPairs, candidate_pairs, default_settings, match_keys
from crmkit.identity._normalize import _TITLE_SEX
from crmkit.identity._vectors import comparison_vector, vectorise
from crmkit.testing import generate_people
from crmkit.validation import canonical_title


@pytest.fixture(scope="module", params=[3, 11])
def keys(request):
    people = generate_people(400, rng=random.Random(request.param))
    return [match_keys(record) for record in people.records]


def test_batch_levels_equal_per_pair_levels(keys) -> None:
    """Business rule: a pair's level does not depend on whether it was compared alone
    (MatchIndex) or in a batch (dedupe): candidate pairs and random pairs alike."""
    settings = default_settings(keys)
    rng = random.Random(0)
    pairs = list(candidate_pairs(keys, settings.blocking_rules).pairs)
    pairs += [tuple(rng.sample(range(len(keys)), 2)) for _ in range(2000)]
    for comparison in settings.comparisons:
        batch = comparison.levels_of(keys, pairs)
        assert batch == [comparison.level(keys[i], keys[j]) for i, j in pairs], comparison.name


def test_batch_vectors_equal_per_pair_vectors(keys) -> None:
    """Business rule: a pair's whole comparison vector, implied disagreements included (a
    moved customer's postcode), is the same in a batch as alone."""
    settings = default_settings(keys)
    assert any(c.else_implied_by for c in settings.comparisons)
    pairs = list(candidate_pairs(keys, settings.blocking_rules).pairs)
    vectors = vectorise(keys, settings.comparisons, pairs)
    batch = [vectors.patterns[code] for code in vectors.index]
    assert batch == [comparison_vector(settings.comparisons, keys[i], keys[j]) for i, j in pairs]


def test_block_ids_group_records_like_the_block_key(keys) -> None:
    """Business rule: two records share a block id exactly when they share a block key, and
    a record without a block key is in no block."""
    for rule in default_settings(keys).blocking_rules:
        function = rule.key_function()
        block_keys = [function(k) for k in keys]
        ids = rule.block_ids(keys)
        assert [i < 0 for i in ids] == [key is None for key in block_keys], rule.name
        by_key: dict[object, int] = {}
        for key, block in zip(block_keys, ids, strict=True):
            if key is not None:
                assert by_key.setdefault(key, block) == block, rule.name
        assert len(set(by_key.values())) == len(by_key), rule.name


def test_index_pairs_behave_like_a_tuple_of_pairs() -> None:
    pairs = IndexPairs.of([(0, 1), (0, 2), (3, 4)])
    assert pairs == ((0, 1), (0, 2), (3, 4))
    assert pairs[1:] == ((0, 2), (3, 4))
    assert list(reversed(pairs)) == [(3, 4), (0, 2), (0, 1)]
    assert (0, 2) in pairs
    assert pairs != ((0, 1),)
    assert hash(pairs) == hash(((0, 1), (0, 2), (3, 4)))


def test_every_title_with_a_sex_is_a_canonical_title() -> None:
    """The title-sex table is keyed by crmkit.validation's canonical titles (no typo)."""
    for title in _TITLE_SEX:
        assert canonical_title(title) == title
