"""An immutable, hashable, picklable mapping for the mapping fields of crmkit's values.

``types.MappingProxyType`` is read-only but cannot be pickled and is never hashable, so a
frozen attrs value holding one cannot cross a process pool, sit in a cache or be hashed.
:class:`FrozenDict` owns a private copy of its items instead: it reads like a ``dict``,
compares equal to any mapping with the same items, hashes like a tuple (when its values
hash) and pickles. It has no mutating methods. Module-level constant tables keep
``MappingProxyType``: they are never pickled as part of a value.

This module is a leaf: it imports only the standard library, and every vendorable crmkit
module may import it.

>>> import pickle
>>> rates = freeze({"phone": 0.18, "address": 0.11})
>>> rates["phone"], rates == {"address": 0.11, "phone": 0.18}
(0.18, True)
>>> pickle.loads(pickle.dumps(rates)) == rates
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar, final

__all__ = ["FrozenDict", "freeze"]

_KT = TypeVar("_KT")
_VT = TypeVar("_VT")
_VT_co = TypeVar("_VT_co", covariant=True)


@final
class FrozenDict(Mapping[_KT, _VT_co]):
    """A read-only mapping over a private copy of its items; hashable when its values are.

    Built like ``dict`` from a mapping or an iterable of key-value pairs; iteration keeps
    that order. Equality ignores order and holds with any ``Mapping`` (a ``dict`` included);
    the hash is that of the ``frozenset`` of its items, so hashing one whose values are
    unhashable raises ``TypeError``, as a tuple holding a list does.

    >>> titles = FrozenDict({"Mr": 2, "Dr": 1})
    >>> titles
    FrozenDict({'Mr': 2, 'Dr': 1})
    >>> titles == {"Dr": 1, "Mr": 2}, hash(titles) == hash(FrozenDict([("Dr", 1), ("Mr", 2)]))
    (True, True)
    >>> titles["Ms"] = 3
    Traceback (most recent call last):
    ...
    TypeError: 'FrozenDict' object does not support item assignment
    """

    __slots__ = ("_data",)

    _data: dict[_KT, _VT_co]

    def __init__(self, items: Mapping[_KT, _VT_co] | Iterable[tuple[_KT, _VT_co]] = (), /) -> None:
        """Copy ``items`` (a mapping or key-value pairs); later pairs win, as in ``dict``."""
        self._data = dict(items)

    def __getitem__(self, key: _KT, /) -> _VT_co:
        """The value of ``key``; ``KeyError`` when absent."""
        return self._data[key]

    def __contains__(self, key: object, /) -> bool:
        """Whether ``key`` is a key (one dict lookup, not the ``Mapping`` mixin's try)."""
        return key in self._data

    def __iter__(self) -> Iterator[_KT]:
        """The keys, in insertion order."""
        return iter(self._data)

    def __len__(self) -> int:
        """The number of items."""
        return len(self._data)

    def __repr__(self) -> str:
        """``FrozenDict({...})``, evaluable when the items' reprs are."""
        return f"{type(self).__name__}({self._data!r})"

    def __eq__(self, other: object) -> bool:
        """Equal to any mapping with the same items, whatever their order."""
        if isinstance(other, FrozenDict):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        """The hash of the items' frozenset; ``TypeError`` if a value is unhashable."""
        return hash(frozenset(self._data.items()))

    def __reduce__(self) -> tuple[type[FrozenDict[_KT, _VT_co]], tuple[dict[_KT, _VT_co]]]:
        """Pickle as the class and a plain dict of the items."""
        return (type(self), (self._data,))


def freeze(mapping: Mapping[_KT, _VT], /) -> FrozenDict[_KT, _VT]:
    """A :class:`FrozenDict` with the items of ``mapping``; a ``FrozenDict`` is returned as is.

    Use it as the attrs converter of mapping fields: the value owns its items, so later
    changes to the caller's dict never show through.

    >>> source = {"email": "ann@example.com"}
    >>> frozen = freeze(source)
    >>> source["email"] = "changed"
    >>> frozen, freeze(frozen) is frozen
    (FrozenDict({'email': 'ann@example.com'}), True)
    """
    return mapping if isinstance(mapping, FrozenDict) else FrozenDict(mapping)
