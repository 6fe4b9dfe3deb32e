"""Survivorship: one golden record per cluster, with provenance, losing nothing.

De-duplication finds the records that describe one customer; survivorship decides what the
customer's single record says. The CRM text asks for exactly this: identify the duplicates,
keep "the proper description" and remove the duplicated information (L3692–3695), for
example keep one record for a customer filed "under different titles such as Mr and Dr"
(L5172–5173). Hernández & Stolfo (1998) keep "prime representatives" per cluster (N-latest,
most complete, ...); dedupe's ``canonicalize`` keeps each field's centroid value. crmkit
chooses per field, by a named rule, and keeps every losing value with its record id and
source, so an analyst can always see, and undo, what the golden record chose.

The rules and the policy (:class:`SurvivorshipPolicy`, each rule's ranking chain) live in
``crmkit.identity._policy``: each rule ranks the candidates of a field by a chain of steps,
the first step that separates two candidates decides, and the last step is always the record
id (smallest wins), so the result never depends on the order of the input. A missing value
(:func:`crmkit.validation.is_missing`) is never a candidate. This module reads the records
and runs the chains.

The values a merge returns (:class:`GoldenRecord`, :class:`FieldProvenance`,
:class:`Candidate`) live in ``crmkit.identity._golden``. This module imports only the
standard library, attrs, ``crmkit._errors``, ``crmkit._frozen``,
``crmkit.validation.is_missing``, ``_golden`` and ``_policy``.

>>> golden = merge(
...     [{"id": "r1", "title": "Mr", "updated_at": "2019-04-01"},
...      {"id": "r2", "title": "Dr", "updated_at": "2024-06-30"}],
...     policy=SurvivorshipPolicy())
>>> golden.values["title"], [a.value for a in golden.provenance["title"].alternatives]
('Dr', ['Mr'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Final, TypeAlias

import attrs

from crmkit._errors import InvalidArgument, InvalidDefinition
from crmkit._frozen import FrozenDict
from crmkit.identity._golden import Candidate, FieldProvenance, GoldenRecord
from crmkit.identity._policy import (
    _CHAINS,
    Custom,
    SourcePriority,
    SurvivorshipPolicy,
    SurvivorshipRule,
)
from crmkit.validation import is_missing

__all__ = ["merge", "merge_clusters"]


#: Microseconds since 1970-01-01 (UTC for aware times): timestamps as exact integers.
_EPOCH: Final = dt.datetime(1970, 1, 1)  # noqa: DTZ001 (the origin of naive times)
_EPOCH_UTC: Final = _EPOCH.replace(tzinfo=dt.UTC)
_MICROSECOND: Final = dt.timedelta(microseconds=1)
#: The recency score of a record without a timestamp: below every datetime.
_NO_TIME: Final = -(10**20)


@attrs.frozen
class _Row:
    """A record read once: id, source, timestamp, recency and its non-missing fields."""

    record_id: str
    source: str | None
    timestamp: dt.date | None
    recency: int  # microseconds since the epoch, or _NO_TIME
    fields: Mapping[str, object]  # every non-missing field but the id


def _as_mapping(record: object, position: int) -> Mapping[str, object]:
    if isinstance(record, Mapping):
        return record
    if attrs.has(type(record)):
        return attrs.asdict(record, recurse=False)  # type: ignore[arg-type]
    msg = f"'records[{position}]' must be a mapping or an attrs instance (got {record!r})"
    raise InvalidArgument(msg, field="records", value=record)


def _read_timestamp(value: object, field: str, record_id: str) -> dt.date | None:
    if is_missing(value):
        return None
    if isinstance(value, dt.date):  # datetime is a date too
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            try:
                return dt.datetime.fromisoformat(text)
            except ValueError:
                pass
    msg = (
        f"{field!r} of record {record_id!r} must be a date, a datetime or an ISO 8601 text "
        f"(got {value!r})"
    )
    raise InvalidArgument(msg, field=field, value=value)


def _recency(stamp: dt.date) -> tuple[int, bool]:
    """Microseconds since the epoch, and whether the time is aware.

    A date counts as the naive midnight that starts it, so dates and datetimes compare.
    """
    if not isinstance(stamp, dt.datetime):
        stamp = dt.datetime.combine(stamp, dt.time())
    aware = stamp.utcoffset() is not None
    return (stamp - (_EPOCH_UTC if aware else _EPOCH)) // _MICROSECOND, aware


def _read(records: Iterable[object], policy: SurvivorshipPolicy) -> list[_Row]:
    rows: list[_Row] = []
    seen: set[str] = set()
    id_field, source_field, time_field = (
        policy.id_field,
        policy.source_field,
        policy.timestamp_field,
    )
    first: dict[bool, str] = {}  # the first naive (False) and aware (True) record ids
    for position, record in enumerate(records):
        fields = _as_mapping(record, position)
        raw_id = fields.get(id_field)
        if is_missing(raw_id):
            msg = f"'records[{position}]' has no {id_field!r} (got {raw_id!r})"
            raise InvalidArgument(msg, field=id_field, value=raw_id)
        record_id = str(raw_id)
        if record_id in seen:
            msg = f"{id_field!r} values must be unique (got {record_id!r} twice)"
            raise InvalidArgument(msg, field=id_field, value=raw_id)
        seen.add(record_id)
        source = fields.get(source_field) if source_field else None
        stamp = None
        recency = _NO_TIME
        if time_field is not None:
            stamp = _read_timestamp(fields.get(time_field), time_field, record_id)
            if stamp is not None:
                recency, aware = _recency(stamp)
                first.setdefault(aware, record_id)
        rows.append(
            _Row(
                record_id=record_id,
                source=None if is_missing(source) else str(source),
                timestamp=stamp,
                recency=recency,
                fields={k: v for k, v in fields.items() if k != id_field and not is_missing(v)},
            )
        )
    if len(first) > 1:
        msg = (
            f"{time_field!r} mixes naive timestamps (record {first[False]!r}; dates count as "
            f"naive) with time-zone-aware ones (record {first[True]!r}): they cannot be compared"
        )
        raise InvalidArgument(msg, field=time_field, value=(first[False], first[True]))
    return rows


def _counts(values: Sequence[object], *, fold: bool) -> list[int]:
    """How often each value occurs (text casefolded and spaces collapsed when ``fold``)."""
    keys: list[object] = []
    for value in values:
        if isinstance(value, str):
            keys.append(" ".join(value.casefold().split()) if fold else value)
        else:
            try:
                keys.append((type(value).__name__, hash(value), value))
            except TypeError:  # unhashable (a list): compare by repr
                keys.append((type(value).__name__, repr(value)))
    counts: dict[object, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    return [counts[key] for key in keys]


#: Steps that score a value (higher is better), given the field's values in position order.
_VALUE_STEPS: Final[Mapping[str, Callable[[Sequence[object]], list[int]]]] = MappingProxyType(
    {
        "frequency": lambda values: _counts(values, fold=True),
        "spelling": lambda values: _counts(values, fold=False),
        "length": lambda values: [len(" ".join(str(v).split())) for v in values],
    }
)
#: Steps that score a record, whatever the field (higher is better), given its position.
_ROW_STEPS: Final[Mapping[str, Callable[[_Row, int, SurvivorshipRule], int]]] = MappingProxyType(
    {
        "timestamp": lambda row, _position, _rule: row.recency,
        "completeness": lambda row, _position, _rule: len(row.fields),
        "source": lambda row, _position, rule: _trust(row.source, rule),
        "record_id": lambda _row, position, _rule: -position,
    }
)


def _trust(source: str | None, rule: SurvivorshipRule) -> int:
    order = rule.order if isinstance(rule, SourcePriority) else ()
    return len(order) - order.index(source) if source in order else 0


_Keys: TypeAlias = Mapping[int, tuple[int, ...]]


@attrs.frozen
class _Cluster:
    """The members of one merge, in record id order, with per-rule rankings cached."""

    rows: Sequence[_Row]
    cache: dict[SurvivorshipRule, tuple[list[int], _Keys]] = attrs.Factory(dict)

    def row_ranking(self, rule: SurvivorshipRule) -> tuple[list[int], _Keys]:
        """Every position best first by the row steps of the rule's chain, and their keys."""
        cached = self.cache.get(rule)
        if cached is None:
            steps = [_ROW_STEPS[s] for s in _CHAINS[rule.kind] if s in _ROW_STEPS]
            keys = {p: tuple(f(row, p, rule) for f in steps) for p, row in enumerate(self.rows)}
            cached = self.cache[rule] = (sorted(keys, key=keys.__getitem__, reverse=True), keys)
        return cached

    def rank(
        self, field: str, positions: list[int], rule: SurvivorshipRule
    ) -> tuple[list[int], _Keys]:
        """The positions filling ``field``, best first, and each one's key (one score per step)."""
        order, row_keys = self.row_ranking(rule)
        value_steps = [_VALUE_STEPS[s] for s in _CHAINS[rule.kind] if s in _VALUE_STEPS]
        if not value_steps:  # the row ranking holds for every field
            return [p for p in order if field in self.rows[p].fields], row_keys
        values = [self.rows[p].fields[field] for p in positions]
        scores = list(zip(*(step(values) for step in value_steps), strict=True))
        keys = {p: score + row_keys[p] for p, score in zip(positions, scores, strict=True)}
        return sorted(positions, key=keys.__getitem__, reverse=True), keys


def _candidate(row: _Row, field: str) -> Candidate:
    return Candidate(
        value=row.fields[field], record_id=row.record_id, source=row.source, timestamp=row.timestamp
    )


def _survive(
    field: str, positions: list[int], cluster: _Cluster, rule: SurvivorshipRule
) -> FieldProvenance:
    rows = cluster.rows
    if isinstance(rule, Custom):
        candidates = tuple(_candidate(rows[p], field) for p in positions)
        chosen = rule.choose(candidates)
        if chosen not in candidates:
            msg = (
                f"custom rule {rule.name!r} must return one of the candidates it was given for "
                f"{field!r} (got {chosen!r})"
            )
            raise InvalidDefinition(msg, field=field, value=chosen)
        winner = positions[candidates.index(chosen)]
        ranked = [winner, *(p for p in positions if p != winner)]
        steps: tuple[str, ...] = ("custom",)
        keys: _Keys = {p: (int(p == winner),) for p in positions}
        name = rule.name
    elif len(positions) == 1:  # nothing to rank
        ranked, steps, keys, name = positions, (), {}, rule.kind
    else:
        ranked, keys = cluster.rank(field, positions, rule)
        steps, name = _CHAINS[rule.kind], rule.kind
    best = rows[ranked[0]]
    value = best.fields[field]
    runner = next((p for p in ranked[1:] if rows[p].fields[field] != value), None)
    decided_by = "unanimous"
    if runner is not None:
        decided_by = next(s for s, a, b in zip(steps, keys[ranked[0]], keys[runner]) if a != b)  # noqa: B905
    return FieldProvenance(
        value=value,
        record_id=best.record_id,
        source=best.source,
        rule=name,
        decided_by=decided_by,
        alternatives=tuple(_candidate(rows[p], field) for p in ranked[1:]),
    )


def _merge_rows(rows: list[_Row], policy: SurvivorshipPolicy) -> GoldenRecord:
    cluster = _Cluster(rows=sorted(rows, key=lambda row: row.record_id))
    present: dict[str, list[int]] = {}
    for position, row in enumerate(cluster.rows):
        for field in row.fields:
            present.setdefault(field, []).append(position)
    provenance = {
        field: _survive(field, positions, cluster, policy.rule_for(field))
        for field, positions in present.items()
    }
    return GoldenRecord(
        values=FrozenDict({field: p.value for field, p in provenance.items()}),
        provenance=FrozenDict(provenance),
        record_ids=tuple(row.record_id for row in cluster.rows),
    )


def merge(records: Iterable[object], *, policy: SurvivorshipPolicy) -> GoldenRecord:
    """Merge the records of one customer into a golden record, field by field.

    Args:
        records: Mappings or attrs instances, each with a unique id in ``policy.id_field``.
            They are read, never changed.
        policy: The rule per field and the id, source and timestamp field names.

    Returns:
        The golden record: per field the surviving value, its provenance and every other
        record's value. The result does not depend on the order of ``records``.

    Raises:
        InvalidArgument: No records; a record without an id or with a duplicate id; a
            timestamp that is not a date, datetime or ISO 8601 text; naive and aware
            timestamps mixed.
        InvalidDefinition: A custom rule returned something other than a candidate.

    >>> from crmkit.identity._policy import MostComplete
    >>> golden = merge(
    ...     [{"id": "c-7", "email": "ann@example.com", "phone": "", "source": "web"},
    ...      {"id": "c-2", "email": "ANN@example.com", "phone": "+44 20 7946 0000",
    ...       "source": "crm"}],
    ...     policy=SurvivorshipPolicy(default=MostComplete(), timestamp_field=None))
    >>> golden.values["email"], golden.provenance["email"].record_id
    ('ANN@example.com', 'c-2')
    >>> golden.provenance["email"].decided_by, golden.record_ids
    ('completeness', ('c-2', 'c-7'))
    """
    rows = _read(records, policy)
    if not rows:
        msg = "'records' must hold at least one record (got none)"
        raise InvalidArgument(msg, field="records", value=rows)
    return _merge_rows(rows, policy)


def merge_clusters(
    records: Iterable[object],
    clusters: Iterable[Sequence[str]],
    *,
    policy: SurvivorshipPolicy,
) -> tuple[GoldenRecord, ...]:
    """Merge every cluster of a match result; one golden record per cluster, in order.

    ``clusters`` must partition the records: each record id (as text, the way
    ``MatchResult.clusters`` holds it) in exactly one cluster, singletons included (a
    singleton gives a golden record of one).

    Args:
        records: Mappings or attrs instances with unique ids in ``policy.id_field``.
        clusters: Tuples of record ids, for example ``MatchResult.clusters``.
        policy: As for :func:`merge`.

    Returns:
        The golden records, in the order of ``clusters``.

    Raises:
        InvalidArgument: As for :func:`merge`; an empty cluster; an unknown id; an id in
            two clusters; a record in no cluster.

    >>> from crmkit.identity._policy import Longest
    >>> goldens = merge_clusters(
    ...     [{"id": 1, "name": "Ann"}, {"id": 2, "name": "Ann Lee"}, {"id": 3, "name": "Bo"}],
    ...     (("1", "2"), ("3",)), policy=SurvivorshipPolicy(default=Longest()))
    >>> [g.to_dict() for g in goldens]
    [{'name': 'Ann Lee'}, {'name': 'Bo'}]
    """
    by_id = {row.record_id: row for row in _read(records, policy)}
    placed: set[str] = set()
    goldens = []
    for index, cluster in enumerate(clusters):
        if isinstance(cluster, str) or not cluster:
            msg = f"'clusters[{index}]' must be a non-empty tuple of record ids (got {cluster!r})"
            raise InvalidArgument(msg, field="clusters", value=cluster)
        members = []
        for record_id in cluster:
            key = str(record_id)
            if key not in by_id:
                msg = f"'clusters[{index}]' names an unknown record id (got {record_id!r})"
                raise InvalidArgument(msg, field="clusters", value=record_id)
            if key in placed:
                msg = f"'clusters' must not repeat a record id (got {record_id!r} twice)"
                raise InvalidArgument(msg, field="clusters", value=record_id)
            placed.add(key)
            members.append(by_id[key])
        goldens.append(_merge_rows(members, policy))
    left = sorted(set(by_id) - placed)
    if left:
        msg = f"every record must be in a cluster (records {left!r} are in none)"
        raise InvalidArgument(msg, field="clusters", value=left)
    return tuple(goldens)
