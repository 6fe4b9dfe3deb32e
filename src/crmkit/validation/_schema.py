"""Record schemas: which checks run on which field, and the batch validator.

A :class:`RecordSchema` maps field paths to :class:`Field` specs. It is checked when it is
built (unknown cross-field references, non-checks, a key field that is also validated are
definition errors), so a broken schema fails at import time of the user's module, not on
record 40,000.

Validation never stops at the first problem, never alters its input, and reports every issue
with the record key, the field path, a stable code, a message and the original value.

>>> import datetime as dt
>>> from crmkit.validation import Field, Length, RecordSchema, validate_records
>>> schema = RecordSchema(fields={"name": Field(required=True, checks=(Length(maximum=5),))})
>>> report = validate_records([{"name": "Ada"}, {"name": ""}, {"name": "Grace Hopper"}],
...                           schema, as_of=dt.date(2026, 1, 1))
>>> [(i.key, i.code) for i in report]
[(1, 'required.missing'), (2, 'length.too_long')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import attrs

from crmkit._errors import InvalidArgument, InvalidDefinition, InvalidRecord
from crmkit._frozen import freeze
from crmkit.validation._report import Change, Issue, ValidationReport
from crmkit.validation._rules import RULE_REASONS, CheckOutcome, FieldCheck
from crmkit.validation._values import is_missing

__all__ = [
    "CleanedRecord",
    "Field",
    "Mismatch",
    "RecordSchema",
    "clean_record",
    "compare_entries",
    "validate_record",
    "validate_records",
]

_NOT_FOUND = object()


def _check_checks(_instance: object, _attribute: object, checks: tuple[object, ...]) -> None:
    for check in checks:
        if not isinstance(check, FieldCheck):
            msg = (
                "'checks' must hold objects with a run(value, record, *, as_of) method "
                f"(got {check!r})"
            )
            raise InvalidDefinition(msg, field="checks", value=check)


def _as_tuple(checks: object) -> tuple[object, ...]:
    if not isinstance(checks, tuple | list):
        msg = f"'checks' must be a tuple of checks (got {checks!r})"
        raise InvalidDefinition(msg, field="checks", value=checks)
    return tuple(checks)


@attrs.frozen
class Field:
    """What to check on one field: whether it is required, and the checks to run, in order.

    Missing values (None, NaN, NaT, ``""``, blanks) are reported once, as
    ``required.missing``, when ``required``; otherwise a missing field is skipped.

    >>> Field(required=True).required
    True
    """

    checks: tuple[FieldCheck, ...] = attrs.field(
        default=(), kw_only=True, converter=_as_tuple, validator=_check_checks
    )
    required: bool = attrs.field(default=False, kw_only=True)


def _freeze_fields(fields: object) -> Mapping[str, Field]:
    # Checked here, in the converter, because the plan (a default) is built from it before
    # attrs runs validators.
    if not isinstance(fields, Mapping):
        msg = f"'fields' must be a mapping of field path to Field (got {fields!r})"
        raise InvalidDefinition(msg, field="fields", value=fields)
    for name, spec in fields.items():
        if not isinstance(name, str) or not name.strip():  # user data: check at run time
            msg = f"field paths must be non-empty strings (got {name!r})"
            raise InvalidDefinition(msg, field="fields", value=name)
        if not isinstance(spec, Field):
            msg = f"fields[{name!r}] must be a Field (got {spec!r})"
            raise InvalidDefinition(msg, field=name, value=spec)
    return freeze(fields)


@attrs.frozen
class RecordSchema:
    """The checks for a kind of record, keyed by field path (dots reach into nested mappings).

    Attributes:
        fields: Field path -> :class:`Field`, in report order.
        key: The field whose value identifies a record in reports (else its batch position).

    Cross-field references (a check's ``country_field`` or ``region_field``) must name a
    field of the schema: a typo there is an :class:`~crmkit.InvalidDefinition` at once.

    >>> RecordSchema(fields={"email": Field()}, key="id").key
    'id'
    """

    fields: Mapping[str, Field] = attrs.field(kw_only=True, converter=_freeze_fields)
    key: str | None = attrs.field(default=None, kw_only=True)
    _plan: tuple[tuple[str, tuple[str, ...], bool, tuple[FieldCheck, ...]], ...] = attrs.field(
        init=False, repr=False, eq=False
    )

    @_plan.default
    def _build_plan(self) -> tuple[tuple[str, tuple[str, ...], bool, tuple[FieldCheck, ...]], ...]:
        for name, spec in self.fields.items():
            for check in spec.checks:
                for reference in ("country_field", "region_field"):
                    target = getattr(check, reference, None)
                    if target is not None and target not in self.fields:
                        msg = (
                            f"fields[{name!r}] refers to {reference}={target!r}, "
                            f"which is not a field of the schema (fields: {list(self.fields)!r})"
                        )
                        raise InvalidDefinition(msg, field=name, value=target)
        return tuple(
            (name, tuple(name.split(".")), spec.required, spec.checks)
            for name, spec in self.fields.items()
        )


def lookup(record: Mapping[str, object], path: str) -> object:
    """The value at ``path`` in ``record``; dots walk nested mappings; absent means None.

    A literal key containing a dot wins over the nested reading.

    >>> lookup({"address": {"postcode": "SW1A 1AA"}}, "address.postcode")
    'SW1A 1AA'
    """
    value = record.get(path, _NOT_FOUND)
    if value is not _NOT_FOUND:
        return value
    current: object = record
    for part in path.split("."):
        if not isinstance(current, Mapping):
            return None
        current = current.get(part)
    return current


def _require_mapping(value: object, name: str) -> None:
    if not isinstance(value, Mapping):
        msg = f"{name!r} must be a mapping (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)


def _require_tuple(value: object, name: str) -> None:
    if not isinstance(value, tuple):
        msg = f"{name!r} must be a tuple of field paths (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)


def _check_as_of(as_of: object) -> dt.date:
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if not isinstance(as_of, dt.date):
        msg = f"'as_of' must be a datetime.date (got {as_of!r})"
        raise InvalidArgument(msg, field="as_of", value=as_of)
    return as_of


def _message(field: str, detail: str, value: object) -> str:
    return f"{field!r}: {detail.rstrip('.')} (got {value!r})"


def _run_record(  # noqa: PLR0917  (private hot-loop helper; positional for speed)
    record: Mapping[str, object],
    schema: RecordSchema,
    key: object,
    as_of: dt.date,
    issues: list[Issue],
    present: dict[str, int],
    invalid: dict[str, int],
    normalized: dict[str, object] | None,
) -> None:
    for name, _parts, required, checks in schema._plan:  # noqa: SLF001  (own module)
        value = record.get(name, _NOT_FOUND)
        if value is _NOT_FOUND:
            value = lookup(record, name)
        # The common case inlined: a non-blank string is present.
        missing = not value.strip() if type(value) is str else is_missing(value)
        if missing:
            if required:
                detail = RULE_REASONS["required.missing"]
                issues.append(
                    Issue(
                        key=key,
                        field=name,
                        code="required.missing",
                        message=_message(name, detail, value),
                        value=value,
                    )
                )
            continue
        present[name] += 1
        has_error = False
        best: object = None
        for check in checks:
            outcome: CheckOutcome = check.run(value, record, as_of=as_of)
            if outcome.normalized is not None:
                best = outcome.normalized
            for finding in outcome.findings:
                has_error = has_error or finding.severity == "error"
                issues.append(
                    Issue(
                        key=key,
                        field=name,
                        code=finding.code,
                        message=_message(name, finding.detail, value),
                        value=value,
                        severity=finding.severity,
                        suggestion=finding.suggestion,
                    )
                )
        if has_error:
            invalid[name] += 1
        elif normalized is not None and best is not None:
            normalized[name] = best


def _strict_error(issues: list[Issue]) -> InvalidRecord:
    errors = tuple(i for i in issues if i.severity == "error")
    first = errors[0]
    msg = f"{len(errors)} validation error(s); first: {first.message}"
    return InvalidRecord(msg, issues=errors, field=first.field, value=first.value, code=first.code)


def validate_records(
    records: Iterable[Mapping[str, object]],
    schema: RecordSchema,
    *,
    as_of: dt.date,
    strict: bool = False,
) -> ValidationReport:
    """Validate every record against ``schema``; collect every issue; change nothing.

    Args:
        records: Mappings (a DataFrame's ``to_dict("records")`` works: NaN, None and ``""``
            all mean missing). A non-mapping item is reported as ``record.type``.
        schema: The checks to run.
        as_of: The date that "today" means for date rules (birth dates, not-in-future).
        strict: Raise one :class:`~crmkit.InvalidRecord` carrying every error, if any.

    Returns:
        A :class:`ValidationReport` with every issue and per-field completeness and validity.

    >>> schema = RecordSchema(fields={"id": Field(required=True)}, key="id")
    >>> validate_records([{"id": 1}, {}], schema, as_of=dt.date(2026, 1, 1)).error_count
    1
    """
    day = _check_as_of(as_of)
    issues: list[Issue] = []
    present = dict.fromkeys(schema.fields, 0)
    invalid = dict.fromkeys(schema.fields, 0)
    count = 0
    for position, item in enumerate(records):
        count += 1
        record: object = item  # callers' data: the annotation is a promise, not a guarantee
        if not isinstance(record, Mapping):
            issues.append(
                Issue(
                    key=position,
                    field="",
                    code="record.type",
                    message=f"record {position} must be a mapping (got {record!r})",
                    value=record,
                )
            )
            continue
        key = position if schema.key is None else lookup(record, schema.key)
        _run_record(record, schema, key, day, issues, present, invalid, None)
    if strict and any(i.severity == "error" for i in issues):
        raise _strict_error(issues)
    return ValidationReport.from_issues(
        tuple(issues), record_count=count, present=present, invalid=invalid
    )


def validate_record(
    record: Mapping[str, object],
    schema: RecordSchema,
    *,
    as_of: dt.date,
    strict: bool = False,
) -> ValidationReport:
    """Validate one record; the same as :func:`validate_records` on a one-record batch.

    >>> schema = RecordSchema(fields={"id": Field(required=True)})
    >>> validate_record({"id": None}, schema, as_of=dt.date(2026, 1, 1), strict=True)
    Traceback (most recent call last):
    ...
    crmkit._errors.InvalidRecord: 1 validation error(s); first: 'id': value is required ...
    """
    _require_mapping(record, "record")
    return validate_records((record,), schema, as_of=as_of, strict=strict)


def _read_only(record: Mapping[str, object]) -> Mapping[str, object]:
    return freeze(record)  # a typed converter: mypy's attrs plugin cannot solve a generic one


@attrs.frozen
class CleanedRecord:
    """A normalised copy of a record, every change made, and every issue found.

    Attributes:
        record: A new dict; fields with an error keep their original value.
        changes: One :class:`~crmkit.validation.Change` per field whose value was normalised.
        issues: Every issue found (as :func:`validate_record` reports them).
    """

    record: Mapping[str, object] = attrs.field(converter=_read_only)
    changes: tuple[Change, ...]
    issues: tuple[Issue, ...]


def clean_record(
    record: Mapping[str, object], schema: RecordSchema, *, as_of: dt.date
) -> CleanedRecord:
    """Return the normalised copy of ``record`` plus the list of every change.

    Only fields without errors are normalised, with the value their checks give; the input is
    never modified, and each change keeps the value before and after, so nothing is lost.
    Nested paths (``"address.postcode"``) are written back into copies of the nested mappings.

    >>> from crmkit.validation import OneOf
    >>> schema = RecordSchema(fields={"tier": Field(checks=(OneOf(values=("gold",),
    ...                                                           case_sensitive=False),))})
    >>> cleaned = clean_record({"tier": " GOLD"}, schema, as_of=dt.date(2026, 1, 1))
    >>> cleaned.record["tier"], cleaned.changes[0].before
    ('gold', ' GOLD')
    """
    _require_mapping(record, "record")
    day = _check_as_of(as_of)
    key = None if schema.key is None else lookup(record, schema.key)
    issues: list[Issue] = []
    normalized: dict[str, object] = {}
    counts = dict.fromkeys(schema.fields, 0)
    _run_record(record, schema, key, day, issues, counts, dict(counts), normalized)
    cleaned: dict[str, object] = dict(record)
    changes: list[Change] = []
    for name, after in normalized.items():
        before = lookup(record, name)
        if after == before and type(after) is type(before):
            continue
        _assign(cleaned, name, after)
        changes.append(Change(field=name, before=before, after=after, code="normalized"))
    return CleanedRecord(record=cleaned, changes=tuple(changes), issues=tuple(issues))


def _assign(record: dict[str, object], path: str, value: object) -> None:
    if path in record or "." not in path:
        record[path] = value
        return
    head, _, rest = path.partition(".")
    inner = record.get(head)
    if isinstance(inner, Mapping):
        copy = dict(inner)
        _assign(copy, rest, value)
        record[head] = copy


@attrs.frozen
class Mismatch:
    """A field where two keyings of the same record disagree.

    >>> Mismatch(field="postcode", first="SW1A 1AA", second="SW1A 1AB").field
    'postcode'
    """

    field: str
    first: object
    second: object


def compare_entries(
    first: Mapping[str, object],
    second: Mapping[str, object],
    *,
    fields: tuple[str, ...] | None = None,
) -> tuple[Mismatch, ...]:
    """Verify double keying: list the fields where two entries of one record differ.

    The texts' verification step (L5137–5140): "ensure that the data has been entered exactly
    as found in the original source … keying the data in twice with the computer programmed to
    flag mismatches." Values are compared exactly (a keying slip in case or spacing is a
    mismatch), except that all spellings of *missing* (None, NaN, ``""``) agree.

    Args:
        first: The first keying.
        second: The second keying.
        fields: The field paths to compare; default: every key of either entry, in order.

    >>> compare_entries({"name": "Smith", "zip": "02134"}, {"name": "Smith", "zip": "02143"})
    (Mismatch(field='zip', first='02134', second='02143'),)
    """
    _require_mapping(first, "first")
    _require_mapping(second, "second")
    if fields is None:
        fields = tuple(dict.fromkeys([*first, *second]))
    else:
        _require_tuple(fields, "fields")
    mismatches = []
    for name in fields:
        a, b = lookup(first, name), lookup(second, name)
        if is_missing(a) and is_missing(b):
            continue
        if is_missing(a) or is_missing(b) or a != b:
            mismatches.append(Mismatch(field=name, first=a, second=b))
    return tuple(mismatches)
