"""Validation issues and the data-quality report built from them.

The report follows what data-quality tools agree on (pandera's ``failure_cases``, Great
Expectations' ``unexpected_count`` / ``unexpected_percent``): one row per problem with its
record key, field path, stable code, message and the original value; and per-field rates.

- *completeness* of a field = records where it is present / records checked;
- *validity* of a field = present values without an error / present values
  (``None`` when no value is present, rather than a made-up 0 or 1).

>>> issue = Issue(key=7, field="email", code="email.syntax", message="bad", value="x@")
>>> report = ValidationReport.from_issues((issue,), record_count=2,
...     present={"email": 2}, invalid={"email": 1})
>>> report.fields["email"].validity, report.error_count
(0.5, 1)
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Literal

import attrs

from crmkit._frozen import FrozenDict, freeze

__all__ = ["Change", "FieldStats", "Issue", "Severity", "ValidationReport"]

Severity = Literal["error", "warning"]

_SEVERITIES = ("error", "warning")


@attrs.frozen
class Issue:
    """One problem found in one field of one record.

    Attributes:
        key: The record's key (the schema's key field, else its position in the batch).
        field: The field path (``"email"``, or ``"address.postcode"`` for nested records).
        code: Stable machine-readable reason, ``<kind>.<reason>`` (``"email.syntax"``).
        message: Human-readable explanation naming the field and showing the value.
        value: The original value, untouched.
        severity: ``"error"`` makes the field invalid; ``"warning"`` only reports.
        suggestion: A proposed correction, if the check has one; never applied silently.

    >>> Issue(key=0, field="email", code="email.domain_typo", message="typo?",
    ...       value="jo@gmial.com", severity="warning", suggestion="jo@gmail.com").severity
    'warning'
    """

    key: object
    field: str
    code: str
    message: str
    value: object
    severity: Severity = attrs.field(default="error", validator=attrs.validators.in_(_SEVERITIES))
    suggestion: object = None


@attrs.frozen
class Change:
    """One change that cleaning made to a record: nothing is altered without a trace.

    >>> Change(field="email", before="Jo@Example.COM", after="Jo@example.com", code="email")
    Change(field='email', before='Jo@Example.COM', after='Jo@example.com', code='email')
    """

    field: str
    before: object
    after: object
    code: str


@attrs.frozen
class FieldStats:
    """Completeness and validity of one field across the records checked.

    >>> FieldStats(field="phone", checked=4, present=2, invalid=1).completeness
    0.5
    """

    field: str
    checked: int = attrs.field(validator=attrs.validators.ge(0))
    present: int = attrs.field(validator=attrs.validators.ge(0))
    invalid: int = attrs.field(validator=attrs.validators.ge(0))

    @property
    def missing(self) -> int:
        """Records where the field is missing."""
        return self.checked - self.present

    @property
    def valid(self) -> int:
        """Present values without an error."""
        return self.present - self.invalid

    @property
    def completeness(self) -> float | None:
        """Present / checked, or ``None`` when no record was checked."""
        return self.present / self.checked if self.checked else None

    @property
    def validity(self) -> float | None:
        """Valid / present, or ``None`` when no value was present."""
        return self.valid / self.present if self.present else None


def _freeze_stats(value: Mapping[str, FieldStats]) -> Mapping[str, FieldStats]:
    return freeze(value)  # a typed converter: mypy's attrs plugin cannot solve a generic one


@attrs.frozen
class ValidationReport:
    """Everything found while validating a batch: every issue, and per-field rates.

    Build one with :func:`crmkit.validation.validate_records`. Iterating a report yields its
    issues; ``len(report)`` is the number of issues.

    Attributes:
        issues: Every issue, in record order then schema order.
        record_count: How many records were checked.
        fields: Per-field :class:`FieldStats`, in schema order.
    """

    issues: tuple[Issue, ...]
    record_count: int = attrs.field(validator=attrs.validators.ge(0))
    fields: Mapping[str, FieldStats] = attrs.field(converter=_freeze_stats)

    @classmethod
    def from_issues(
        cls,
        issues: tuple[Issue, ...],
        *,
        record_count: int,
        present: Mapping[str, int],
        invalid: Mapping[str, int],
    ) -> ValidationReport:
        """Assemble a report from issues and per-field counts.

        >>> ValidationReport.from_issues((), record_count=0, present={}, invalid={}).ok
        True
        """
        stats = {
            name: FieldStats(
                field=name, checked=record_count, present=count, invalid=invalid.get(name, 0)
            )
            for name, count in present.items()
        }
        return cls(issues=issues, record_count=record_count, fields=stats)

    def __iter__(self) -> Iterator[Issue]:
        """Iterate over the issues."""
        return iter(self.issues)

    def __len__(self) -> int:
        """Number of issues (errors and warnings)."""
        return len(self.issues)

    @property
    def ok(self) -> bool:
        """True when no issue has severity ``"error"``."""
        return self.error_count == 0

    @property
    def error_count(self) -> int:
        """Number of issues with severity ``"error"``."""
        return sum(1 for issue in self.issues if issue.severity == "error")

    @property
    def warning_count(self) -> int:
        """Number of issues with severity ``"warning"``."""
        return len(self.issues) - self.error_count

    @property
    def invalid_record_count(self) -> int:
        """Records with at least one error."""
        return len({_hashable(i.key) for i in self.issues if i.severity == "error"})

    def counts_by_code(self) -> Mapping[str, int]:
        """How often each reason code occurs, most frequent first.

        >>> issue = Issue(key=0, field="f", code="x.y", message="m", value=1)
        >>> dict(ValidationReport(issues=(issue, issue), record_count=1,
        ...                       fields={}).counts_by_code())
        {'x.y': 2}
        """
        return FrozenDict(Counter(i.code for i in self.issues).most_common())

    def for_field(self, field: str) -> tuple[Issue, ...]:
        """The issues of one field path."""
        return tuple(i for i in self.issues if i.field == field)

    def for_key(self, key: object) -> tuple[Issue, ...]:
        """The issues of one record."""
        return tuple(i for i in self.issues if i.key == key)

    def summary(self) -> str:
        """A plain-text summary: totals, then one line per field.

        >>> print(ValidationReport.from_issues((), record_count=3, present={"email": 3},
        ...                                    invalid={}).summary())
        3 records checked: 0 errors, 0 warnings, 0 records with errors
        field   present  complete   valid
        email         3    100.0%  100.0%
        """
        lines = [
            (
                f"{self.record_count} records checked: {self.error_count} errors, "
                f"{self.warning_count} warnings, {self.invalid_record_count} records with errors"
            )
        ]
        width = max([len("field"), *(len(name) for name in self.fields)])
        lines.append(f"{'field':<{width}}  present  complete   valid")
        lines.extend(
            f"{s.field:<{width}}  {s.present:>7}  {_percent(s.completeness):>8}  "
            f"{_percent(s.validity):>6}"
            for s in self.fields.values()
        )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Rich display in Jupyter: the per-field table and the commonest codes."""
        rows = "".join(
            f"<tr><td>{html.escape(s.field)}</td><td>{s.present}</td>"
            f"<td>{_percent(s.completeness)}</td><td>{_percent(s.validity)}</td></tr>"
            for s in self.fields.values()
        )
        codes = "".join(
            f"<tr><td><code>{html.escape(code)}</code></td><td>{count}</td></tr>"
            for code, count in list(self.counts_by_code().items())[:_HTML_TOP_CODES]
        )
        return (
            f"<p><b>ValidationReport</b>: {self.record_count} records, "
            f"{self.error_count} errors, {self.warning_count} warnings</p>"
            "<table><tr><th>field</th><th>present</th><th>complete</th><th>valid</th></tr>"
            f"{rows}</table>"
            f"<table><tr><th>code</th><th>count</th></tr>{codes}</table>"
        )


_HTML_TOP_CODES = 10  # rows of the "commonest codes" table in the notebook display


def _percent(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate:.1%}"


def _hashable(key: object) -> object:
    try:
        hash(key)
    except TypeError:
        return repr(key)
    return key
