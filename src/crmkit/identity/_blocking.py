"""Blocking: which pairs of records are worth comparing at all.

Comparing every pair of n records costs n(n−1)/2 comparisons: 5·10⁹ for 100,000 records.
Blocking compares only pairs that agree on a *blocking key*. Several rules are unioned (a
pair found by two rules is compared once), so a duplicate missed by one key (a typo in the
family name) is caught by another (same e-mail): the multi-pass idea of Hernández & Stolfo
(1995), who also introduced the sorted neighbourhood method (sort by a key, compare within a
sliding window), offered here as :class:`SortedNeighbourhood`.

:func:`analyse_blocking` counts the pairs each rule would produce from block sizes alone,
before a single comparison is made, so a blow-up (a rule on a common surname) shows first.

>>> from crmkit.identity._normalize import MatchKeys
>>> keys = [MatchKeys(id="a", email="x@y.org"), MatchKeys(id="b", email="x@y.org"),
...         MatchKeys(id="c", email="z@y.org")]
>>> candidate_pairs(keys, (BlockingRule(name="email", keys=("email",)),)).pairs
((0, 1),)
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import overload

import attrs

from crmkit._errors import InvalidDefinition
from crmkit.identity._normalize import MatchKeys

__all__ = [
    "DEFAULT_MAX_BLOCK_SIZE",
    "BlockingAnalysis",
    "BlockingRule",
    "CandidatePairs",
    "IndexPairs",
    "RuleCount",
    "SortedNeighbourhood",
    "analyse_blocking",
    "candidate_pairs",
    "candidate_pairs_and_ids",
    "rule_pairs",
]

#: Blocks larger than this are skipped (and reported): a block of 2,000 records alone is
#: ~2 million pairs. Such a block means the key is too common to discriminate (a rule on
#: country, or on "smith" alone); other rules still catch its duplicates.
DEFAULT_MAX_BLOCK_SIZE = 2000

_MATCH_KEY_FIELDS = frozenset(attrs.fields_dict(MatchKeys))


def _parse_key(spec: str) -> tuple[str, int | None]:
    """``"postcode"`` or ``"postcode[:3]"`` (a prefix) -> (attribute, prefix length)."""
    name, _, rest = spec.partition("[:")
    length = None
    if rest:
        if not rest.endswith("]") or not rest[:-1].isdigit():
            msg = f"a blocking key is 'attribute' or 'attribute[:n]' (got {spec!r})"
            raise InvalidDefinition(msg, field="keys", value=spec)
        length = int(rest[:-1])
    if name not in _MATCH_KEY_FIELDS:
        msg = f"blocking key {spec!r} must name a MatchKeys attribute"
        raise InvalidDefinition(msg, field="keys", value=spec)
    return name, length


def _check_keys(_instance: object, _attribute: object, keys: object) -> None:
    if not isinstance(keys, tuple) or not keys:
        msg = f"'keys' must be a non-empty tuple of attribute names (got {keys!r})"
        raise InvalidDefinition(msg, field="keys", value=keys)
    for key in keys:
        _parse_key(key)


@attrs.frozen
class BlockingRule:
    """Compare records whose values agree on every key (missing values never agree).

    ``keys`` name :class:`~crmkit.identity.MatchKeys` attributes, optionally with a prefix
    length: ``("postcode[:4]", "family_phonetic")``.

    >>> BlockingRule(name="name+dob", keys=("family", "birth_date")).keys
    ('family', 'birth_date')
    """

    name: str = attrs.field(kw_only=True)
    keys: tuple[str, ...] = attrs.field(kw_only=True, validator=_check_keys)

    @property
    def reads(self) -> frozenset[str]:
        """The MatchKeys attributes the rule blocks on."""
        return frozenset(_parse_key(k)[0] for k in self.keys)

    def key_function(self) -> Callable[[MatchKeys], tuple[object, ...] | None]:
        """The function from a record's keys to its block key (``None``: not blocked)."""
        parsed = tuple(_parse_key(k) for k in self.keys)

        def block_key(keys: MatchKeys) -> tuple[object, ...] | None:
            values = []
            for name, length in parsed:
                value = getattr(keys, name)
                if value is None or value in ((), ""):
                    return None
                values.append(str(value)[:length] if length is not None else value)
            return tuple(values)

        return block_key

    def block_ids(self, keys: Sequence[MatchKeys]) -> list[int]:
        """Every record's block as a small integer (``-1``: not blocked), one pass per key.

        Equal ids mean equal block keys; the same result as ``key_function`` for every
        record, computed column by column (fast enough for millions of records).

        >>> from crmkit.identity._normalize import MatchKeys
        >>> rule = BlockingRule(name="family", keys=("family",))
        >>> rule.block_ids([MatchKeys(id="a", family="lee"), MatchKeys(id="b"),
        ...                 MatchKeys(id="c", family="lee")])
        [0, -1, 0]
        """
        columns = []
        for name, length in (_parse_key(k) for k in self.keys):
            column = [getattr(k, name) for k in keys]
            if length is not None:
                column = [None if v is None else str(v)[:length] for v in column]
            columns.append([None if v in _EMPTY else v for v in column])
        ids: dict[object, int] = {}
        if len(columns) == 1:
            return [-1 if v is None else ids.setdefault(v, len(ids)) for v in columns[0]]
        # One text per record, not a tuple: millions of tuples would keep the garbage
        # collector busy. The separator cannot occur in a normalised key.
        texts = [
            None if None in values else _SEPARATOR.join(map(str, values))
            for values in zip(*columns, strict=True)
        ]
        return [-1 if t is None else ids.setdefault(t, len(ids)) for t in texts]


#: Values that leave a record out of a block: missing, empty text, no names.
_EMPTY = (None, "", ())
#: Joins the parts of a multi-key block key; normalised keys never hold a NUL.
_SEPARATOR = "\x00"


@attrs.frozen
class SortedNeighbourhood:
    """Sort records by a key and compare each with the next ``window − 1`` records.

    Hernández & Stolfo (1995), "The Merge/Purge Problem for Large Databases", SIGMOD: cost
    O(n log n + w·n). Records missing the key are left out.

    >>> SortedNeighbourhood(name="sn-family", key="family", window=4).window
    4
    """

    name: str = attrs.field(kw_only=True)
    key: str = attrs.field(kw_only=True)
    window: int = attrs.field(kw_only=True, validator=attrs.validators.ge(2))

    def __attrs_post_init__(self) -> None:
        """Check the key when the rule is built."""
        _parse_key(self.key)

    @property
    def reads(self) -> frozenset[str]:
        """The MatchKeys attribute the rule sorts on."""
        return frozenset({_parse_key(self.key)[0]})


Rule = BlockingRule | SortedNeighbourhood


@attrs.frozen
class RuleCount:
    """Pairs one rule produces, and what it had to skip.

    Attributes:
        rule: The rule's name.
        pairs: Pairs the rule produces on its own (before the union).
        new_pairs: Pairs it adds to the rules before it (after the union), when known.
        largest_block: Records in its largest block.
        skipped_blocks: Blocks over the size limit, left out.
    """

    rule: str
    pairs: int
    new_pairs: int | None
    largest_block: int
    skipped_blocks: int


@attrs.frozen
class BlockingAnalysis:
    """Pair counts per rule, computed from block sizes before any comparison.

    ``total_possible`` is n(n−1)/2 for n records.
    """

    record_count: int
    rules: tuple[RuleCount, ...]

    @property
    def total_possible(self) -> int:
        """Pairs an exhaustive comparison would make."""
        n = self.record_count
        return n * (n - 1) // 2

    @property
    def upper_bound(self) -> int:
        """Pairs if no two rules found the same pair (the union is at most this)."""
        return sum(r.pairs for r in self.rules)


class IndexPairs(Sequence[tuple[int, int]]):
    """Pairs of record positions ``(i, j)``, stored as two arrays (8 bytes a pair).

    A sequence of tuples to its users; a million records give millions of candidate pairs,
    and one tuple object per pair would cost ~70 bytes each and the garbage collector's
    time.

    >>> pairs = IndexPairs.of([(0, 1), (0, 2)])
    >>> len(pairs), pairs[1], list(pairs) == [(0, 1), (0, 2)]
    (2, (0, 2), True)
    """

    __slots__ = ("_left", "_right")

    def __init__(self, left: array[int], right: array[int]) -> None:
        """Pairs ``(left[p], right[p])``; the arrays are kept, not copied."""
        self._left = left
        self._right = right

    @classmethod
    def of(cls, pairs: Iterable[tuple[int, int]]) -> IndexPairs:
        """Pairs from any iterable of ``(i, j)``."""
        left, right = array("q"), array("q")
        for i, j in pairs:
            left.append(i)
            right.append(j)
        return cls(left, right)

    def __len__(self) -> int:
        """How many pairs."""
        return len(self._left)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> IndexPairs: ...
    def __getitem__(self, index: int | slice) -> tuple[int, int] | IndexPairs:
        """One pair, or the pairs of a slice (as IndexPairs)."""
        if isinstance(index, slice):
            return IndexPairs(self._left[index], self._right[index])
        return self._left[index], self._right[index]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        """The pairs in order."""
        return zip(self._left, self._right, strict=True)

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of the same pairs in the same order."""
        if isinstance(other, IndexPairs):
            return self._left == other._left and self._right == other._right
        if isinstance(other, Sequence):
            return len(other) == len(self) and all(
                tuple(a) == b for a, b in zip(other, self, strict=True)
            )
        return NotImplemented

    def __hash__(self) -> int:
        """Hash of the pairs (consistent with equality to a tuple of tuples)."""
        return hash(tuple(self))

    def __repr__(self) -> str:
        """Like a tuple of pairs."""
        return repr(tuple(self))


@attrs.frozen
class CandidatePairs:
    """The union of every rule's pairs, as sorted index pairs ``(i, j)`` with ``i < j``."""

    pairs: IndexPairs
    analysis: BlockingAnalysis


BlockIds = dict["BlockingRule", Sequence[int]]


def _blocks(
    keys: Sequence[MatchKeys], rule: BlockingRule, cache: BlockIds | None = None
) -> dict[int, list[int]]:
    """Blocks of two or more records (a list per singleton would cost millions of lists)."""
    ids = rule.block_ids(keys)
    if cache is not None:
        cache[rule] = ids
    sizes = Counter(ids)
    blocks: dict[int, list[int]] = defaultdict(list)
    for index, block in enumerate(ids):
        if block >= 0 and sizes[block] > 1:
            blocks[block].append(index)
    return blocks


def _rule_count(
    keys: Sequence[MatchKeys], rule: Rule, max_block_size: int, cache: BlockIds | None = None
) -> tuple[RuleCount, list[list[int]]]:
    if isinstance(rule, SortedNeighbourhood):
        name, length = _parse_key(rule.key)
        present = [
            (str(v)[:length] if length is not None else str(v), i)
            for i, k in enumerate(keys)
            if (v := getattr(k, name)) is not None
        ]
        present.sort()
        order = [i for _, i in present]
        w = rule.window
        pairs = sum(min(w - 1, len(order) - 1 - p) for p in range(len(order)))
        windows = [order[p : p + w] for p in range(max(len(order) - w + 1, 1))]
        return RuleCount(rule.name, pairs, None, min(w, len(order)), 0), windows
    groups = [g for g in _blocks(keys, rule, cache).values() if len(g) > 1]
    kept = [g for g in groups if len(g) <= max_block_size]
    pairs = sum(len(g) * (len(g) - 1) // 2 for g in kept)
    largest = max((len(g) for g in groups), default=0)
    return RuleCount(rule.name, pairs, None, largest, len(groups) - len(kept)), kept


def analyse_blocking(
    keys: Sequence[MatchKeys],
    rules: tuple[Rule, ...],
    *,
    max_block_size: int = DEFAULT_MAX_BLOCK_SIZE,
) -> BlockingAnalysis:
    """Count each rule's pairs from its block sizes, without making any pair.

    >>> from crmkit.identity._normalize import MatchKeys
    >>> keys = [MatchKeys(id=str(i), family="smith") for i in range(4)]
    >>> analyse_blocking(keys, (BlockingRule(name="family", keys=("family",)),)).rules[0].pairs
    6
    """
    counts = tuple(_rule_count(keys, rule, max_block_size)[0] for rule in rules)
    return BlockingAnalysis(record_count=len(keys), rules=counts)


def rule_pairs(
    keys: Sequence[MatchKeys],
    rule: Rule,
    *,
    max_block_size: int = DEFAULT_MAX_BLOCK_SIZE,
) -> list[tuple[int, int]]:
    """The pairs one rule produces on its own, sorted, each once (used to train the model).

    >>> from crmkit.identity._normalize import MatchKeys
    >>> keys = [MatchKeys(id=str(i), family="smith") for i in range(3)]
    >>> rule_pairs(keys, BlockingRule(name="family", keys=("family",)))
    [(0, 1), (0, 2), (1, 2)]
    """
    _, groups = _rule_count(keys, rule, max_block_size)
    found: set[tuple[int, int]] = set()
    for group in groups:
        members = sorted(group)
        for p, first in enumerate(members):
            found.update((first, second) for second in members[p + 1 :])
    return sorted(found)


def candidate_pairs(
    keys: Sequence[MatchKeys],
    rules: tuple[Rule, ...],
    *,
    max_block_size: int = DEFAULT_MAX_BLOCK_SIZE,
) -> CandidatePairs:
    """The union of the pairs of every rule, each pair once, in sorted order.

    Pairs are ``(i, j)`` positions in ``keys`` with ``i < j``; the order is deterministic.

    >>> from crmkit.identity._normalize import MatchKeys
    >>> keys = [MatchKeys(id="a", email="x@y.org", phone="1"), MatchKeys(id="b", email="x@y.org"),
    ...         MatchKeys(id="c", phone="1")]
    >>> rules = (BlockingRule(name="email", keys=("email",)),
    ...          BlockingRule(name="phone", keys=("phone",)))
    >>> found = candidate_pairs(keys, rules)
    >>> found.pairs, [(r.rule, r.pairs, r.new_pairs) for r in found.analysis.rules]
    (((0, 1), (0, 2)), [('email', 1, 1), ('phone', 1, 1)])
    """
    return candidate_pairs_and_ids(keys, rules, max_block_size=max_block_size)[0]


def candidate_pairs_and_ids(
    keys: Sequence[MatchKeys],
    rules: tuple[Rule, ...],
    *,
    max_block_size: int = DEFAULT_MAX_BLOCK_SIZE,
) -> tuple[CandidatePairs, BlockIds]:
    """:func:`candidate_pairs`, and every blocking rule's ``block_ids`` (for training)."""
    cache: BlockIds = {}
    seen: set[int] = set()
    n = len(keys)
    counts = []
    for rule in rules:
        count, groups = _rule_count(keys, rule, max_block_size, cache)
        before = len(seen)
        for group in groups:
            members = sorted(group) if isinstance(rule, BlockingRule) else group
            size = len(members)
            for p in range(size):
                first = members[p]
                for q in range(p + 1, size):
                    second = members[q]
                    seen.add(first * n + second if first < second else second * n + first)
        counts.append(attrs.evolve(count, new_pairs=len(seen) - before))
    codes = sorted(seen)
    del seen
    pairs = IndexPairs(array("q", [c // n for c in codes]), array("q", [c % n for c in codes]))
    found = CandidatePairs(
        pairs=pairs, analysis=BlockingAnalysis(record_count=n, rules=tuple(counts))
    )
    return found, cache
