"""``crmkit demo``: the library's main jobs on generated data, with a readable summary.

Each subpackage adds its part as it lands. Everything here runs on data the library
generates (:func:`crmkit.testing.generate_contacts`), so the demo needs no files or network.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import TextIO

from crmkit.cli._validate import write_text_report
from crmkit.testing import generate_contacts
from crmkit.validation import (
    BirthDate,
    Email,
    Field,
    PersonName,
    Phone,
    Postcode,
    RecordSchema,
    clean_record,
    validate_records,
)

DEMO_AS_OF = dt.date(2026, 1, 1)  # fixed, so the demo prints the same figures every run
CLEANED_SHOWN = 3  # records whose cleaning is shown change by change


def contact_schema() -> RecordSchema:
    """The schema the demo uses for a typical contact record."""
    return RecordSchema(
        key="id",
        fields={
            "id": Field(required=True),
            "country": Field(required=True),
            "name": Field(required=True, checks=(PersonName(),)),
            "email": Field(required=True, checks=(Email(),)),
            "phone": Field(checks=(Phone(region_field="country"),)),
            "postcode": Field(checks=(Postcode(country_field="country"),)),
            "birth_date": Field(checks=(BirthDate(),)),
        },
    )


def _heading(out: TextIO, text: str) -> None:
    out.write(f"\n{text}\n{'=' * len(text)}\n")


def run_demo(*, records: int, seed: int, out: TextIO) -> int:
    """Run the demo and write its summary to ``out``."""
    out.write(f"crmkit demo: {records} generated contacts (seed {seed}), as of {DEMO_AS_OF}\n")
    contacts = generate_contacts(records, rng=random.Random(seed), as_of=DEMO_AS_OF)
    schema = contact_schema()

    _heading(out, "1. Validation: a data-quality report")
    started = time.perf_counter()
    report = validate_records(contacts, schema, as_of=DEMO_AS_OF)
    elapsed = time.perf_counter() - started
    write_text_report(report, out=out, title="generated contacts")
    out.write(f"\n({records / elapsed:,.0f} records/s on this machine)\n")

    _heading(out, "2. Cleaning: normalised copies, every change kept")
    shown = 0
    for contact in contacts:
        cleaned = clean_record(contact, schema, as_of=DEMO_AS_OF)
        if not cleaned.changes:
            continue
        out.write(f"record {contact['id']}:\n")
        out.writelines(
            f"  {change.field}: {change.before!r} -> {change.after!r}\n"
            for change in cleaned.changes
        )
        shown += 1
        if shown == CLEANED_SHOWN:
            break
    return 0
