"""``crmkit validate FILE.csv``: validate a CSV of contacts and print a data-quality report."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import pathlib
from collections.abc import Mapping, Sequence
from typing import TextIO

from crmkit.serialization import make_converter
from crmkit.validation import (
    BirthDate,
    Email,
    Field,
    PersonName,
    Phone,
    Postcode,
    RecordSchema,
    Region,
    ValidationReport,
    validate_records,
)
from crmkit.validation._rules import FieldCheck

#: Column names recognised (case-insensitively) for each kind of contact field.
COLUMN_ALIASES: Mapping[str, tuple[str, ...]] = {
    "email": ("email", "e-mail", "email_address", "mail"),
    "phone": ("phone", "telephone", "tel", "mobile", "phone_number"),
    "name": ("name", "full_name", "contact_name", "person"),
    "postcode": ("postcode", "postal_code", "zip", "zip_code", "zipcode"),
    "country": ("country", "country_code"),
    "region": ("region", "state", "province", "county"),
    "birth_date": ("birth_date", "date_of_birth", "dob", "birthdate"),
}
SAMPLE_ISSUES = 15  # issues listed in the text report


def add_validate_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``crmkit validate``."""
    parser.add_argument("file", type=pathlib.Path, help="CSV file with a header row")
    parser.add_argument("--json", action="store_true", help="print the full report as JSON")
    parser.add_argument("--country", help="ISO country code when the file has no country column")
    parser.add_argument("--key", help="column that identifies a record (default: row number)")
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        default=None,
        help="the date that 'today' means for date checks (default: today)",
    )
    parser.add_argument(
        "--require",
        action="append",
        default=[],
        metavar="COLUMN",
        help="a column that must not be empty (repeatable)",
    )


def schema_for(
    columns: Sequence[str], *, country: str | None, key: str | None, required: Sequence[str]
) -> RecordSchema:
    """Build the schema for the recognised columns of a contacts file."""
    by_kind = {}
    for column in columns:
        for kind, aliases in COLUMN_ALIASES.items():
            if column.strip().lower() in aliases and kind not in by_kind:
                by_kind[kind] = column
    country_field = by_kind.get("country")
    checks: dict[str, tuple[FieldCheck, ...]] = {}
    if "email" in by_kind:
        checks[by_kind["email"]] = (Email(),)
    if "phone" in by_kind:
        checks[by_kind["phone"]] = (
            Phone(region=country, region_field=None if country else country_field),
        )
    if "name" in by_kind:
        checks[by_kind["name"]] = (PersonName(),)
    if "postcode" in by_kind and (country or country_field):
        checks[by_kind["postcode"]] = (
            Postcode(country=country, country_field=None if country else country_field),
        )
    if "region" in by_kind and (country or country_field):
        checks[by_kind["region"]] = (
            Region(country=country, country_field=None if country else country_field),
        )
    if "birth_date" in by_kind:
        checks[by_kind["birth_date"]] = (BirthDate(),)
    fields = {}
    if country_field is not None:
        fields[country_field] = Field()
    for column in columns:
        if column in checks or column in required:
            fields[column] = Field(checks=checks.get(column, ()), required=column in required)
    return RecordSchema(fields=fields, key=key)


def run_validate(args: argparse.Namespace, *, out: TextIO) -> int:
    """Run ``crmkit validate``; exit 1 when any record has an error."""
    with args.file.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        records = list(reader)
        columns = list(reader.fieldnames or ())
    schema = schema_for(columns, country=args.country, key=args.key, required=args.require)
    as_of = args.as_of or dt.datetime.now(tz=dt.UTC).date()
    report = validate_records(records, schema, as_of=as_of)
    if args.json:
        json.dump(make_converter().unstructure(report), out, indent=2, default=str)
        out.write("\n")
    else:
        write_text_report(report, out=out, title=f"{args.file} (as of {as_of.isoformat()})")
    return 1 if report.error_count else 0


def write_text_report(report: ValidationReport, *, out: TextIO, title: str) -> None:
    """The human-readable report: summary, commonest codes, a sample of issues."""
    out.write(f"Data-quality report: {title}\n\n{report.summary()}\n")
    codes = report.counts_by_code()
    if codes:
        out.write("\nissues by code\n")
        width = max(len(code) for code in codes)
        out.writelines(f"  {code:<{width}}  {count}\n" for code, count in codes.items())
        out.write(f"\nfirst {min(SAMPLE_ISSUES, len(report))} issues\n")
        for issue in report.issues[:SAMPLE_ISSUES]:
            hint = f" -> did you mean {issue.suggestion!r}?" if issue.suggestion else ""
            out.write(f"  [{issue.severity}] record {issue.key!r}: {issue.message}{hint}\n")
