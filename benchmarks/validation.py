"""Benchmark: records per second and peak memory of contact validation.

Validates generated contacts (name, e-mail, phone, postcode, birth date; country drives the
phone region and the postcode format) with ``validate_records`` and compares, in the same
run, with a naive baseline that calls the reference libraries directly for every value
(email-validator ``validate_email`` with ``check_deliverability=False``; phonenumbers
``parse`` + ``is_valid_number`` + ``format_number``), which is what most CRM code does.

Usage::

    .venv/bin/python benchmarks/validation.py [--records 100000] [--baseline 10000] [--seed 1]

Prints the machine, records/s for crmkit and the baseline, their ratio, and the peak memory
that validation allocates (tracemalloc) for the whole batch. Figures go to
docs/performance.md with the command line that produced them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import time
import tracemalloc
from collections.abc import Sequence

import email_validator
import phonenumbers

from crmkit.testing import contact_schema, generate_contacts
from crmkit.validation import validate_records

AS_OF = dt.date(2026, 1, 1)


def naive(records: Sequence[dict[str, object]]) -> int:
    """The baseline: reference libraries called directly, value by value."""
    valid = 0
    for record in records:
        email = record.get("email")
        if isinstance(email, str) and email.strip():
            try:
                email_validator.validate_email(email, check_deliverability=False)
                valid += 1
            except email_validator.EmailNotValidError:
                pass
        phone = record.get("phone")
        if isinstance(phone, str) and phone.strip():
            try:
                number = phonenumbers.parse(phone, str(record["country"]))
                if phonenumbers.is_valid_number(number):
                    phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
                    valid += 1
            except phonenumbers.NumberParseException:
                pass
    return valid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}, {platform.platform()}"
    )
    contacts = generate_contacts(args.records, rng=random.Random(args.seed), as_of=AS_OF)
    rules = contact_schema()
    validate_records(contacts[:1000], rules, as_of=AS_OF)  # warm caches and imports

    print(f"crmkit validate_records on {args.records:,} contacts (5 checked fields + country):")
    started = time.perf_counter()
    report = validate_records(contacts, rules, as_of=AS_OF)
    elapsed = time.perf_counter() - started
    rate = args.records / elapsed
    print(
        f"  {elapsed:.2f} s -> {rate:,.0f} records/s "
        f"({report.error_count:,} errors, {report.warning_count:,} warnings)"
    )

    subset = contacts[: args.baseline]
    print(f"naive baseline (email-validator + phonenumbers only) on {len(subset):,} contacts:")
    started = time.perf_counter()
    naive(subset)
    base_elapsed = time.perf_counter() - started
    base_rate = len(subset) / base_elapsed
    print(f"  {base_elapsed:.2f} s -> {base_rate:,.0f} records/s")
    print(
        f"ratio crmkit / baseline: {rate / base_rate:.1f}x "
        "(crmkit also checks names, postcodes and birth dates)"
    )

    tracemalloc.start()
    report = validate_records(contacts, rules, as_of=AS_OF)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"peak memory allocated during validation of {args.records:,} contacts: "
        f"{peak / 2**20:.1f} MiB ({len(report):,} issues kept)"
    )


if __name__ == "__main__":
    main()
