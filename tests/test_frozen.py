"""FrozenDict: the read-only mapping behind crmkit's mapping fields (crmkit._frozen)."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Mapping
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit._frozen import FrozenDict, freeze

ITEMS = st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=5), max_size=8)


def test_reads_like_a_dict() -> None:
    frozen = FrozenDict({"b": 2, "a": 1})
    assert isinstance(frozen, Mapping)
    assert frozen["a"] == 1
    assert frozen.get("c") is None
    assert frozen.get("c", 3) == 3
    assert "b" in frozen
    assert "c" not in frozen
    assert len(frozen) == 2
    assert list(frozen) == ["b", "a"]  # insertion order, as dict
    assert list(frozen.items()) == [("b", 2), ("a", 1)]
    with pytest.raises(KeyError):
        frozen["c"]


def test_builds_like_dict_from_pairs_or_nothing() -> None:
    assert FrozenDict([("a", 1), ("a", 2)]) == {"a": 2}  # later pairs win
    assert FrozenDict() == {}
    assert len(FrozenDict()) == 0


def test_has_no_way_to_change_it() -> None:
    frozen = FrozenDict({"a": 1})
    with pytest.raises(TypeError, match="does not support item assignment"):
        frozen["a"] = 2  # type: ignore[index]
    with pytest.raises(TypeError, match="does not support item deletion"):
        del frozen["a"]  # type: ignore[attr-defined]
    for method in ("clear", "pop", "popitem", "setdefault", "update", "__ior__"):
        assert not hasattr(frozen, method)
    with pytest.raises(AttributeError):
        frozen.extra = 1  # type: ignore[attr-defined]  # __slots__: no instance dict


def test_owns_a_copy_of_its_items() -> None:
    source = {"a": 1}
    frozen = FrozenDict(source)
    source["a"] = 2
    assert frozen["a"] == 1


@given(ITEMS)
def test_equality_with_any_mapping_ignores_order(items: dict[str, object]) -> None:
    """Business rule: a FrozenDict equals exactly the mappings with the same items, from
    either side, whatever their order."""
    frozen = FrozenDict(items)
    reordered = dict(reversed(list(items.items())))
    assert frozen == items
    assert items == frozen
    assert frozen == FrozenDict(reordered)
    assert frozen == MappingProxyType(reordered)
    assert frozen != {**items, "extra-key": 0}
    assert not frozen != items  # noqa: SIM202  (checks __ne__, derived from __eq__)


def test_is_never_equal_to_a_non_mapping() -> None:
    assert FrozenDict({"a": 1}) != [("a", 1)]
    assert FrozenDict() != ()


@given(ITEMS)
def test_equal_values_hash_alike(items: dict[str, object]) -> None:
    """Business rule: equal FrozenDicts hash alike, so a value holding one can key a dict."""
    reordered = dict(reversed(list(items.items())))
    assert hash(FrozenDict(items)) == hash(FrozenDict(reordered))
    assert {FrozenDict(items): "x"}[FrozenDict(reordered)] == "x"


def test_hashing_unhashable_values_raises_type_error_like_tuple() -> None:
    frozen = FrozenDict({"a": [1]})
    with pytest.raises(TypeError, match="unhashable"):
        hash(frozen)
    with pytest.raises(TypeError, match="unhashable"):
        hash(("a", [1]))


@given(ITEMS)
def test_pickle_and_copy_round_trip(items: dict[str, object]) -> None:
    """Business rule: a FrozenDict survives pickling (every protocol) and copying unchanged:
    same items, same order, still a FrozenDict."""
    frozen = FrozenDict(items)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        restored = pickle.loads(pickle.dumps(frozen, protocol=protocol))
        assert type(restored) is FrozenDict
        assert list(restored.items()) == list(items.items())
    assert copy.deepcopy(frozen) == frozen
    assert copy.copy(frozen) == frozen


def test_nested_values_pickle() -> None:
    nested = FrozenDict({"name": FrozenDict({"smith": 0.01})})
    assert pickle.loads(pickle.dumps(nested)) == {"name": {"smith": 0.01}}


def test_repr_shows_the_items_and_evaluates_back() -> None:
    frozen = FrozenDict({"a": 1, "b": "x"})
    assert repr(frozen) == "FrozenDict({'a': 1, 'b': 'x'})"
    assert repr(FrozenDict()) == "FrozenDict({})"
    assert eval(repr(frozen), {"FrozenDict": FrozenDict}) == frozen  # noqa: S307


def test_is_generic_for_annotations() -> None:
    alias = FrozenDict[str, int]
    assert alias.__origin__ is FrozenDict  # type: ignore[attr-defined]


def test_freeze_copies_a_mapping_and_keeps_a_frozen_dict() -> None:
    source = {"a": 1}
    frozen = freeze(source)
    assert type(frozen) is FrozenDict
    assert frozen == source
    assert freeze(frozen) is frozen  # already immutable: no copy
    assert freeze(MappingProxyType(source)) == source
