"""Survivorship: one golden record per cluster, with provenance, losing nothing.

De-duplication finds the records that describe one customer; survivorship decides what the
customer's single record says. The CRM text asks for exactly this: identify the duplicates,
keep "the proper description" and remove the duplicated information (L3692–3695), for
example keep one record for a customer filed "under different titles such as Mr and Dr"
(L5172–5173). Hernández & Stolfo (1998) keep "prime representatives" per cluster (N-latest,
most complete, ...); dedupe's ``canonicalize`` keeps each field's centroid value. crmkit
chooses per field, by a named rule, and keeps every losing value with its record id and
source, so an analyst can always see, and undo, what the golden record chose.

Each rule ranks the candidates (the non-missing values of one field, one per record) by a
chain of steps; the first step that separates two candidates decides, and the last step is
always the record id (smallest wins), so the result never depends on the order of the input.
A missing value (:func:`crmkit.validation.is_missing`) is never a candidate.

The values a merge returns (:class:`GoldenRecord`, :class:`FieldProvenance`,
:class:`Candidate`) live in ``crmkit.identity._golden``. This module imports only the
standard library, attrs, ``crmkit._errors``, ``crmkit._frozen``,
``crmkit.validation.is_missing`` and ``_golden``.

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
from typing import ClassVar, Final, TypeAlias, TypeVar

import attrs

from crmkit._errors import InvalidArgument, InvalidDefinition
from crmkit._frozen import FrozenDict, freeze
from crmkit.identity._golden import Candidate, FieldProvenance, GoldenRecord
from crmkit.validation import is_missing

_T = TypeVar("_T")

__all__ = [
    "DECIDED_BY",
    "Custom",
    "Longest",
    "MostComplete",
    "MostFrequent",
    "MostRecent",
    "SourcePriority",
    "SurvivorshipPolicy",
    "SurvivorshipRule",
    "merge",
    "merge_clusters",
]

#: Every value of :attr:`FieldProvenance.decided_by`: the step that separated the chosen
#: value from the best candidate holding a different value.
DECIDED_BY: Final[Mapping[str, str]] = MappingProxyType(
    {
        "unanimous": "every record that fills the field holds the same value",
        "timestamp": "the value comes from the most recently updated record",
        "completeness": "the value comes from the record with the most filled fields",
        "frequency": "the value is the most frequent after casefolding and collapsing spaces",
        "spelling": "the value is the most frequent exact spelling within its group",
        "source": "the value comes from the most trusted source in the priority order",
        "length": "the value is the longest text (spaces collapsed)",
        "record_id": "the value comes from the record with the smallest id (last tie-break)",
        "custom": "a custom rule chose the value",
    }
)


@attrs.frozen
class MostRecent:
    """The value from the most recently updated record (``policy.timestamp_field``).

    Tie-breaks: most complete record, then smallest record id. Records without a timestamp
    rank below every record with one; when no record has a timestamp the tie-breaks decide.

    >>> MostRecent().kind
    'most_recent'
    """

    kind: ClassVar[str] = "most_recent"


@attrs.frozen
class MostComplete:
    """The value from the record with the most non-missing fields (the id not counted).

    Tie-breaks: most recent record, then smallest record id.

    >>> MostComplete().kind
    'most_complete'
    """

    kind: ClassVar[str] = "most_complete"


@attrs.frozen
class MostFrequent:
    """The most frequent value, counted after casefolding text and collapsing whitespace.

    The chosen value keeps an original spelling: the most frequent exact spelling within the
    winning group. Tie-breaks: most recent record, most complete record, smallest record id.

    >>> MostFrequent().kind
    'most_frequent'
    """

    kind: ClassVar[str] = "most_frequent"


@attrs.frozen
class Longest:
    """The longest value as text, after collapsing whitespace (padding does not count).

    Tie-breaks: most recent record, most complete record, smallest record id.

    >>> Longest().kind
    'longest'
    """

    kind: ClassVar[str] = "longest"


def _check_order(_instance: object, _attribute: object, order: _T) -> None:
    if (
        not isinstance(order, tuple)
        or not order
        or not all(isinstance(s, str) and s for s in order)
        or len(set(order)) != len(order)
    ):
        msg = f"'order' must be a non-empty tuple of distinct source names (got {order!r})"
        raise InvalidDefinition(msg, field="order", value=order)


@attrs.frozen
class SourcePriority:
    """The value from the most trusted source; ``order`` lists sources, most trusted first.

    Sources are compared as text, exactly. A record whose source is missing or not listed
    ranks below every listed source. Tie-breaks: most recent record, most complete record,
    smallest record id.

    >>> SourcePriority(order=("crm", "web")).order
    ('crm', 'web')
    """

    kind: ClassVar[str] = "source_priority"
    order: tuple[str, ...] = attrs.field(kw_only=True, validator=_check_order)


def _check_name(_instance: object, _attribute: object, name: _T) -> None:
    if not isinstance(name, str) or not name.strip() or name in _CHAINS:
        msg = (
            "'name' must be a non-empty text that is not a built-in rule kind "
            f"{sorted(_CHAINS)!r} (got {name!r})"
        )
        raise InvalidDefinition(msg, field="name", value=name)


def _check_callable(_instance: object, _attribute: object, choose: _T) -> None:
    if not callable(choose):
        msg = f"'choose' must be callable (got {choose!r})"
        raise InvalidDefinition(msg, field="choose", value=choose)


@attrs.frozen
class Custom:
    """A rule of your own: ``choose`` receives the candidates and returns the chosen one.

    ``choose`` gets a tuple of :class:`Candidate` (never empty, no missing values, ordered by
    record id) and must return one of them, so the golden record only ever holds input
    values. ``name`` is recorded as the rule in the provenance. ``choose`` must be
    deterministic for ``merge`` to stay independent of the input order.

    >>> Custom(choose=lambda candidates: candidates[-1], name="last_id").name
    'last_id'
    """

    kind: ClassVar[str] = "custom"
    choose: Callable[[tuple[Candidate, ...]], Candidate] = attrs.field(
        kw_only=True, validator=_check_callable
    )
    name: str = attrs.field(kw_only=True, validator=_check_name)


SurvivorshipRule: TypeAlias = (
    MostRecent | MostComplete | MostFrequent | SourcePriority | Longest | Custom
)
_RULE_TYPES: Final = (MostRecent, MostComplete, MostFrequent, SourcePriority, Longest, Custom)

#: The ranking chain of each built-in rule, best first (the table the docs show).
_CHAINS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "most_recent": ("timestamp", "completeness", "record_id"),
        "most_complete": ("completeness", "timestamp", "record_id"),
        "most_frequent": ("frequency", "spelling", "timestamp", "completeness", "record_id"),
        "source_priority": ("source", "timestamp", "completeness", "record_id"),
        "longest": ("length", "timestamp", "completeness", "record_id"),
    }
)


def _check_rule(_instance: object, attribute: attrs.Attribute[_T], rule: _T) -> None:
    if not isinstance(rule, _RULE_TYPES):
        msg = (
            f"{attribute.name!r} must be a survivorship rule (MostRecent(), MostComplete(), "
            f"MostFrequent(), SourcePriority(order=...), Longest(), Custom(...)) (got {rule!r})"
        )
        raise InvalidDefinition(msg, field=attribute.name, value=rule)


def _freeze_rules(rules: object) -> Mapping[str, SurvivorshipRule]:
    if not isinstance(rules, Mapping):
        msg = f"'rules' must be a mapping of field name to rule (got {rules!r})"
        raise InvalidDefinition(msg, field="rules", value=rules)
    for field, rule in rules.items():
        if not isinstance(field, str) or not field:
            msg = f"'rules' keys must be non-empty field names (got {field!r})"
            raise InvalidDefinition(msg, field="rules", value=field)
        if not isinstance(rule, _RULE_TYPES):
            msg = f"'rules[{field!r}]' must be a survivorship rule (got {rule!r})"
            raise InvalidDefinition(msg, field=field, value=rule)
    return freeze(rules)


def _check_field_name(_instance: object, attribute: attrs.Attribute[_T], name: _T) -> None:
    optional = attribute.name != "id_field"
    if not ((optional and name is None) or (isinstance(name, str) and name)):
        kind = "a non-empty field name or None" if optional else "a non-empty field name"
        msg = f"{attribute.name!r} must be {kind} (got {name!r})"
        raise InvalidDefinition(msg, field=attribute.name, value=name)


@attrs.frozen(kw_only=True)
class SurvivorshipPolicy:
    """Which rule decides each field, and where records keep their id, source and time.

    Checked when built: rules must be rule values, no rule may target the id field,
    ``SourcePriority`` needs a ``source_field`` and ``MostRecent`` a ``timestamp_field``,
    and the three field names must differ. A field holds one rule (``rules`` is a mapping).

    Attributes:
        default: The rule for every field without its own rule. ``MostRecent()`` by
            default: customer data decays, so the newest value is the likeliest current one.
        rules: Rules per field name, overriding ``default``.
        id_field: The field holding each record's unique id (compared as text).
        source_field: The field naming the record's source, or ``None``.
        timestamp_field: The field holding the record's last update (a ``date``, a
            ``datetime`` or an ISO 8601 string), or ``None``.

    >>> policy = SurvivorshipPolicy(rules={"email": SourcePriority(order=("crm", "web"))})
    >>> policy.rule_for("email"), policy.rule_for("phone")
    (SourcePriority(order=('crm', 'web')), MostRecent())
    """

    default: SurvivorshipRule = attrs.field(factory=MostRecent, validator=_check_rule)
    rules: Mapping[str, SurvivorshipRule] = attrs.field(
        default=FrozenDict(), converter=_freeze_rules
    )
    id_field: str = attrs.field(default="id", validator=_check_field_name)
    source_field: str | None = attrs.field(default="source", validator=_check_field_name)
    timestamp_field: str | None = attrs.field(default="updated_at", validator=_check_field_name)

    def __attrs_post_init__(self) -> None:
        """Cross-check the rules against the field names."""
        names = [n for n in (self.id_field, self.source_field, self.timestamp_field) if n]
        if len(set(names)) != len(names):
            msg = f"'id_field', 'source_field' and 'timestamp_field' must differ (got {names!r})"
            raise InvalidDefinition(msg, field="id_field", value=names)
        if self.id_field in self.rules:
            msg = (
                f"'rules' must not name the id field {self.id_field!r}: the golden record "
                "lists its members in record_ids"
            )
            raise InvalidDefinition(msg, field=self.id_field, value=self.rules[self.id_field])
        for field, rule in (("default", self.default), *self.rules.items()):
            needs = {SourcePriority: "source_field", MostRecent: "timestamp_field"}.get(type(rule))
            if needs is not None and getattr(self, needs) is None:
                msg = f"rule {rule!r} for {field!r} needs {needs!r}, which is None"
                raise InvalidDefinition(msg, field=field, value=rule)

    def rule_for(self, field: str) -> SurvivorshipRule:
        """The rule that decides ``field``.

        >>> SurvivorshipPolicy(default=Longest()).rule_for("company")
        Longest()
        """
        return self.rules.get(field, self.default)


# --- merging -----------------------------------------------------------------------------


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
