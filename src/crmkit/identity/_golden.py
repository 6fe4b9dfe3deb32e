"""The golden record: each field's surviving value, where it came from, and what it beat.

:func:`crmkit.identity._survivorship.merge` builds one :class:`GoldenRecord` per cluster.
Per field it holds the surviving value and a :class:`FieldProvenance` naming the record,
source, rule and deciding step, with every other record's value kept as a
:class:`Candidate`, so an analyst can always see, and undo, what survivorship chose. The
rules, the policy and the merge live in ``_survivorship``; this module holds the values
they produce and shows them as a text or HTML table.

This module imports only the standard library and attrs.

>>> from crmkit.identity._survivorship import SurvivorshipPolicy, merge
>>> golden = merge(
...     [{"id": "r1", "title": "Mr", "updated_at": "2019-04-01"},
...      {"id": "r2", "title": "Dr", "updated_at": "2024-06-30"}],
...     policy=SurvivorshipPolicy())
>>> golden.provenance["title"]
FieldProvenance(value='Dr', record_id='r2', source=None, rule='most_recent',
    decided_by='timestamp', alternatives=(Candidate(value='Mr', record_id='r1', source=None,
    timestamp=datetime.date(2019, 4, 1)),))
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping

import attrs

__all__ = ["Candidate", "FieldProvenance", "GoldenRecord"]


@attrs.frozen
class Candidate:
    """One record's non-missing value for a field, with where it came from.

    Attributes:
        value: The value exactly as the record holds it.
        record_id: The record's id, as text.
        source: The record's source (``policy.source_field``), or ``None``.
        timestamp: The record's timestamp read as a ``date`` or ``datetime``, or ``None``.
    """

    value: object
    record_id: str
    source: str | None = None
    timestamp: dt.date | None = None


@attrs.frozen
class FieldProvenance:
    """Where a golden value came from, why, and every value it beat.

    Attributes:
        value: The surviving value.
        record_id: The record that supplied it.
        source: That record's source, or ``None``.
        rule: The rule's kind (``"most_recent"`` ...) or a custom rule's name.
        decided_by: The step that decided (a key of
            :data:`~crmkit.identity.DECIDED_BY`).
        alternatives: Every other record's non-missing value for the field, best first by
            the rule's ranking (record id order for a custom rule). Values equal to the
            chosen one are kept too: they show which records agree.
    """

    value: object
    record_id: str
    source: str | None
    rule: str
    decided_by: str
    alternatives: tuple[Candidate, ...]


def _text(value: object) -> str:
    return "-" if value is None else str(value)


@attrs.frozen
class GoldenRecord:
    """The surviving value of each field of a cluster, with provenance per field.

    Fields that no member fills are absent; the id field is replaced by ``record_ids``.
    :func:`~crmkit.identity._survivorship.merge` fills ``values`` and ``provenance`` with
    read-only mappings, so a golden record pickles, and hashes when its values do.

    Attributes:
        values: The surviving value per field, in the order fields first appear in the
            members taken by record id.
        provenance: A :class:`FieldProvenance` per field in ``values``.
        record_ids: The members' ids as text, sorted.
    """

    values: Mapping[str, object]
    provenance: Mapping[str, FieldProvenance]
    record_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """The surviving values as a new plain dict.

        >>> from crmkit.identity._survivorship import SurvivorshipPolicy, merge
        >>> merge([{"id": 1, "email": "a@example.com"}], policy=SurvivorshipPolicy()).to_dict()
        {'email': 'a@example.com'}
        """
        return dict(self.values)

    def _rows(self) -> list[tuple[str, ...]]:
        rows: list[tuple[str, ...]] = []
        for field, prov in self.provenance.items():
            others: dict[str, list[str]] = {}
            for alt in prov.alternatives:
                if alt.value != prov.value:
                    others.setdefault(str(alt.value), []).append(alt.record_id)
            other = "; ".join(f"{v} ({', '.join(ids)})" for v, ids in others.items())
            rows.append(
                (field, _text(prov.value), prov.record_id, _text(prov.source), prov.rule, other)
            )
        return rows

    def __str__(self) -> str:
        """A text table: field | value | from record | source | rule | other values.

        >>> from crmkit.identity._survivorship import SourcePriority, SurvivorshipPolicy, merge
        >>> print(merge([{"id": "a", "title": "Mr", "source": "list"},
        ...              {"id": "b", "title": "Dr", "source": "crm"}],
        ...             policy=SurvivorshipPolicy(default=SourcePriority(order=("crm",)))))
        golden record of 2 records: a, b
        field   value  from record  source  rule             other values
        title   Dr     b            crm     source_priority  Mr (a)
        source  crm    b            crm     source_priority  list (a)
        """
        header = ("field", "value", "from record", "source", "rule", "other values")
        rows = [header, *self._rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
        lines = [f"golden record of {len(self.record_ids)} records: {', '.join(self.record_ids)}"]
        lines.extend(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]
            for row in rows
        )
        return "\n".join(line.rstrip() for line in lines)

    def _repr_html_(self) -> str:
        header = ("field", "value", "from record", "source", "rule", "other values")
        cells = "".join(f"<th>{h}</th>" for h in header)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
            for row in self._rows()
        )
        members = html.escape(", ".join(self.record_ids))
        return (
            f"<p><b>golden record</b> of {len(self.record_ids)} records: {members}</p>"
            f"<table><tr>{cells}</tr>{body}</table>"
        )
