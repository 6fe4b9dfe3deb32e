"""Incremental matching: place new records into existing clusters with stable cluster ids.

A :class:`MatchIndex` holds the matching keys and blocking indexes of known records, the
fitted model, and a cluster id per record. :meth:`MatchIndex.query` ranks the known records
that a new record may be, with explanations; :meth:`MatchIndex.add` assigns it:

- no match: a new cluster, whose id is ``"C:" + record id``;
- matches in one cluster: that cluster's id;
- matches in several clusters: the record joins the cluster of its best match, and each
  other matched cluster is merged in only if it holds together with that cluster and the
  record (mean pair probability at least one half, as :func:`dedupe` splits components);
  of the merged clusters the oldest id survives, and each merge is returned (and kept) as
  a :class:`ClusterMerge` event. A record that bridges two different people joins one of
  them and does not chain them.

Cluster ids are never renumbered: an id once issued keeps naming its cluster, and
:meth:`MatchIndex.cluster_id` follows merges to the surviving id (the incremental
merge/purge of Hernández & Stolfo 1998 keeps "prime representatives" per cluster; here every
member is kept and the id is the prime).

Unlike crmkit's values, an index changes as records arrive (``add``): it is a small
in-memory store, not a value. Everything it holds is built from values and the fitted model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import attrs

from crmkit._errors import InvalidArgument
from crmkit.identity._blocking import BlockingRule
from crmkit.identity._cluster import DEFAULT_HOLD_THRESHOLD, MAX_CHECKED_COMPONENT
from crmkit.identity._model import FittedModel, probability
from crmkit.identity._normalize import MatchKeys, match_keys, with_common_given
from crmkit.identity._pipeline import Contribution, MatchResult, _pair_contributions
from crmkit.identity._settings import MatchSettings
from crmkit.identity._vectors import comparison_vector
from crmkit.identity._veto import cluster_score, veto_reason_rule

__all__ = ["DEFAULT_QUERY_LIMIT", "Assignment", "ClusterMerge", "IndexMatch", "MatchIndex"]

#: Candidates a query returns by default.
DEFAULT_QUERY_LIMIT = 10


@attrs.frozen
class IndexMatch:
    """A known record a queried record may be, with its score and explanation."""

    record_id: str
    cluster_id: str
    match_weight: float
    probability: float
    matched: bool
    contributions: tuple[Contribution, ...]


@attrs.frozen
class ClusterMerge:
    """Cluster ``absorbed`` was merged into ``surviving`` when ``record_id`` arrived."""

    absorbed: str
    surviving: str
    record_id: str


@attrs.frozen
class Assignment:
    """Where an added record went, and the merges its arrival caused."""

    record_id: str
    cluster_id: str
    new_cluster: bool
    merges: tuple[ClusterMerge, ...]


class MatchIndex:
    """Known records, their clusters and the model, ready to place new records.

    Build one with :meth:`from_result` after :func:`~crmkit.identity.dedupe`.
    """

    def __init__(self, *, model: FittedModel, settings: MatchSettings, id_field: str) -> None:
        """An empty index; use :meth:`from_result` to fill one from a match run."""
        self.model = model
        self.settings = settings
        self.id_field = id_field
        self._keys: list[MatchKeys] = []
        self._position: dict[str, int] = {}
        self._cluster: list[str] = []
        self._members: dict[str, list[int]] = defaultdict(list)
        self._order: dict[str, int] = {}
        self._parent: dict[str, str] = {}
        self._rules = [r for r in settings.blocking_rules if isinstance(r, BlockingRule)]
        self._functions = [r.key_function() for r in self._rules]
        self._blocks: list[dict[tuple[object, ...], list[int]]] = [
            defaultdict(list) for _ in self._rules
        ]
        self._veto_reason = veto_reason_rule(model.comparisons, settings)
        self.events: list[ClusterMerge] = []

    @classmethod
    def from_result(
        cls,
        records: Iterable[Mapping[str, object]],
        result: MatchResult,
        *,
        id_field: str = "id",
    ) -> MatchIndex:
        """Index the records of a match run with its model and clusters.

        >>> from crmkit.identity import dedupe
        >>> people = [("Ann", "Lee"), ("Bob", "Khan"), ("Cy", "Ode")]
        >>> records = [{"id": f"r{n}", "given_name": people[n % 3][0],
        ...             "family_name": f"{people[n % 3][1]}{n // 6}",
        ...             "birth_date": f"19{60 + n // 6}-0{1 + n % 3}-1{n % 3}",
        ...             "email": f"{people[n % 3][0].lower()}{n // 6}@example.org"}
        ...            for n in range(36)]
        >>> index = MatchIndex.from_result(records, dedupe(records))
        >>> assignment = index.add({"id": "new", "given_name": "Ann", "family_name": "Lee0",
        ...                         "birth_date": "1960-01-10", "email": "ann0@example.org"})
        >>> assignment.cluster_id, assignment.new_cluster
        ('C:r0', False)
        """
        index = cls(model=result.model, settings=result.settings, id_field=id_field)
        by_id = {}
        for record in records:
            keys = index._read(record)
            by_id[keys.id] = keys
        for cluster in result.clusters:
            cluster_id = f"C:{cluster[0]}"
            index._order[cluster_id] = len(index._order)
            for record_id in cluster:
                index._insert(by_id[record_id], cluster_id)
        return index

    def _read(self, record: Mapping[str, object]) -> MatchKeys:
        """A record's match keys, its given name known as the fitting run knew it."""
        keys = match_keys(record, id_field=self.id_field)
        return with_common_given(keys, self.model.common_given_names)

    def __len__(self) -> int:
        """Records in the index."""
        return len(self._keys)

    def cluster_id(self, record_id: str) -> str:
        """The current cluster id of a known record (following merges)."""
        return self._resolve(self._cluster[self._position[record_id]])

    def _resolve(self, cluster_id: str) -> str:
        while cluster_id in self._parent:
            cluster_id = self._parent[cluster_id]
        return cluster_id

    def _insert(self, keys: MatchKeys, cluster_id: str) -> None:
        if keys.id in self._position:
            msg = f"record id {keys.id!r} is already in the index"
            raise InvalidArgument(msg, field=self.id_field, value=keys.id)
        position = len(self._keys)
        self._keys.append(keys)
        self._position[keys.id] = position
        self._cluster.append(cluster_id)
        self._members[cluster_id].append(position)
        for function, blocks in zip(self._functions, self._blocks, strict=True):
            block_key = function(keys)
            if block_key is not None:
                blocks[block_key].append(position)

    def _candidates(self, keys: MatchKeys) -> Sequence[int]:
        found: set[int] = set()
        for function, blocks in zip(self._functions, self._blocks, strict=True):
            block_key = function(keys)
            if block_key is not None:
                found.update(blocks.get(block_key, ()))
        return sorted(found)

    def query(
        self, record: Mapping[str, object], *, limit: int = DEFAULT_QUERY_LIMIT
    ) -> tuple[IndexMatch, ...]:
        """The known records ``record`` may be, best first, with explanations.

        Only candidates at or above the review threshold are returned, at most ``limit``.
        """
        keys = self._read(record)
        model = self.model
        found = []
        for position in self._candidates(keys):
            other = self._keys[position]
            vector = comparison_vector(model.comparisons, keys, other)
            weight = model.match_weight(vector, keys)
            p = probability(weight)
            if p < self.settings.review_threshold:
                continue
            contributions = _pair_contributions(model, keys, other, vector)
            matched = p >= self.settings.match_threshold and self._veto_reason(vector) is None
            found.append(
                IndexMatch(
                    record_id=other.id,
                    cluster_id=self._resolve(self._cluster[position]),
                    match_weight=weight,
                    probability=p,
                    matched=matched,
                    contributions=contributions,
                )
            )
        found.sort(key=lambda m: (-m.match_weight, m.record_id))
        return tuple(found[:limit])

    def _probability(self, a: MatchKeys, b: MatchKeys) -> float | None:
        """As in :func:`dedupe`'s cluster check: relatives 0, no evidence no opinion."""
        vector = comparison_vector(self.model.comparisons, a, b)
        weight = self.model.match_weight(vector, a)
        return cluster_score(self._veto_reason(vector), probability(weight))

    def _holds(self, keys: MatchKeys, group: Sequence[int], other: Sequence[int]) -> bool:
        """Whether cluster ``other`` holds together with ``group`` plus the new record."""
        if len(group) + len(other) + 1 > MAX_CHECKED_COMPONENT:
            return True  # as dedupe: too large to check pairwise
        members = [keys, *(self._keys[p] for p in group)]
        known = [
            p
            for a in members
            for b in other
            if (p := self._probability(a, self._keys[b])) is not None
        ]
        return bool(known) and sum(known) / len(known) >= DEFAULT_HOLD_THRESHOLD

    def add(self, record: Mapping[str, object]) -> Assignment:
        """Place ``record`` in a cluster; merge clusters it joins; return where it went."""
        keys = self._read(record)
        matches = [m for m in self.query(record, limit=len(self._keys) or 1) if m.matched]
        clusters = sorted({m.cluster_id for m in matches}, key=self._order.__getitem__)
        if not clusters:
            cluster_id = f"C:{keys.id}"
            self._order[cluster_id] = len(self._order)
            self._insert(keys, cluster_id)
            return Assignment(record_id=keys.id, cluster_id=cluster_id, new_cluster=True, merges=())
        best = matches[0].cluster_id  # query ranks by weight
        group = [*self._members[best]]
        joined = [best]
        for other in clusters:
            if other != best and self._holds(keys, group, self._members[other]):
                joined.append(other)
                group.extend(self._members[other])
        joined.sort(key=self._order.__getitem__)
        surviving, absorbed = joined[0], joined[1:]
        merges = tuple(
            ClusterMerge(absorbed=a, surviving=surviving, record_id=keys.id) for a in absorbed
        )
        for merge in merges:
            self._parent[merge.absorbed] = surviving
            self._members[surviving].extend(self._members.pop(merge.absorbed))
        self.events.extend(merges)
        self._insert(keys, surviving)
        return Assignment(record_id=keys.id, cluster_id=surviving, new_cluster=False, merges=merges)
