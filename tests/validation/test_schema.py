"""Record schemas, batch validation, cleaning and double keying."""

from __future__ import annotations

import copy
import datetime as dt
import math
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidArgument, InvalidDefinition, InvalidRecord, validation
from crmkit.testing import contact_schema, contacts
from crmkit.validation import (
    Email,
    Field,
    Length,
    Mismatch,
    Phone,
    Postcode,
    RecordSchema,
    Region,
    clean_record,
    compare_entries,
    validate_record,
    validate_records,
)

AS_OF = dt.date(2026, 1, 1)

CONTACT_SCHEMA = contact_schema()


@pytest.mark.parametrize("missing", [None, float("nan"), "", "   "])
def test_every_spelling_of_missing_is_missing(missing) -> None:
    schema = RecordSchema(fields={"email": Field(required=True, checks=(Email(),))})
    report = validate_records([{"email": missing}], schema, as_of=AS_OF)
    assert [i.code for i in report] == ["required.missing"]
    assert report.fields["email"].completeness == 0.0
    assert report.fields["email"].validity is None


def test_optional_missing_field_is_skipped_not_reported() -> None:
    schema = RecordSchema(fields={"phone": Field(checks=(Phone(region="GB"),))})
    report = validate_records([{"phone": None}, {}], schema, as_of=AS_OF)
    assert len(report) == 0
    assert report.fields["phone"].present == 0


def test_issue_carries_key_path_code_message_and_original_value() -> None:
    schema = RecordSchema(
        key="id", fields={"address.postcode": Field(checks=(Postcode(country="GB"),))}
    )
    record = {"id": "C7", "address": {"postcode": "SW1A 1A"}}
    (issue,) = validate_records([record], schema, as_of=AS_OF)
    assert (issue.key, issue.field, issue.code, issue.value) == (
        "C7",
        "address.postcode",
        "postcode.format",
        "SW1A 1A",
    )
    assert "'address.postcode'" in issue.message
    assert "'SW1A 1A'" in issue.message


def test_validation_never_stops_at_the_first_problem() -> None:
    rows = [
        {
            "id": 1,
            "country": "GB",
            "name": "",
            "email": "x@",
            "phone": "12",
            "postcode": "nope",
            "birth_date": "2999-01-01",
        }
    ]
    report = validate_records(rows, CONTACT_SCHEMA, as_of=AS_OF)
    fields = {i.field for i in report if i.severity == "error"}
    assert fields == {"name", "email", "phone", "postcode", "birth_date"}


def test_strict_mode_raises_one_error_with_every_issue_and_it_pickles() -> None:
    rows = [{"id": 1, "email": "x@"}, {"id": 2, "email": None}]
    schema = RecordSchema(key="id", fields={"email": Field(required=True, checks=(Email(),))})
    with pytest.raises(InvalidRecord) as caught:
        validate_records(rows, schema, as_of=AS_OF, strict=True)
    assert [i.key for i in caught.value.issues] == [1, 2]
    assert isinstance(caught.value, ValueError)
    assert len(pickle.loads(pickle.dumps(caught.value)).issues) == 2


def test_non_mapping_record_is_a_report_entry_in_batch_and_an_error_alone() -> None:
    report = validate_records([["not", "a", "mapping"]], CONTACT_SCHEMA, as_of=AS_OF)
    assert [i.code for i in report] == ["record.type"]
    with pytest.raises(InvalidArgument, match="'record' must be a mapping"):
        validate_record("text", CONTACT_SCHEMA, as_of=AS_OF)  # type: ignore[arg-type]


def test_as_of_is_required_to_be_a_date() -> None:
    with pytest.raises(InvalidArgument, match=r"'as_of' must be a datetime\.date"):
        validate_records([], CONTACT_SCHEMA, as_of="2026-01-01")  # type: ignore[arg-type]


def test_schema_cross_field_reference_must_exist() -> None:
    with pytest.raises(InvalidDefinition, match="country_field='cntry'"):
        RecordSchema(fields={"postcode": Field(checks=(Postcode(country_field="cntry"),))})


@pytest.mark.parametrize(
    "build",
    [
        lambda: RecordSchema(fields={"": Field()}),
        lambda: RecordSchema(fields={"email": "Email"}),
        lambda: RecordSchema(fields=[("email", Field())]),
        lambda: Field(checks=("not a check",)),
        lambda: Field(checks=Email()),
    ],
)
def test_malformed_schemas_fail_when_built(build) -> None:
    with pytest.raises(InvalidDefinition):
        build()


def test_region_valid_for_country() -> None:
    schema = RecordSchema(
        fields={"country": Field(), "state": Field(checks=(Region(country_field="country"),))}
    )
    report = validate_records(
        [{"country": "US", "state": "California"}, {"country": "US", "state": "Bavaria"}],
        schema,
        as_of=AS_OF,
    )
    assert [(i.key, i.field) for i in report if i.severity == "error"] == [(1, "state")]


@given(st.lists(contacts(error_rate=0.3), max_size=8))
def test_validation_never_mutates_input(records) -> None:
    """Business rule: validating a batch leaves every record exactly as it was."""
    before = copy.deepcopy(records)
    validate_records(records, CONTACT_SCHEMA, as_of=AS_OF)
    assert _same(records, before)


@given(st.lists(contacts(error_rate=0.3), max_size=8))
def test_report_counts_add_up(records) -> None:
    """Business rule: per field, present + missing = records checked; invalid <= present;
    errors + warnings = issues; records with errors <= records."""
    records = [dict(record, id=position) for position, record in enumerate(records)]
    report = validate_records(records, CONTACT_SCHEMA, as_of=AS_OF)
    assert report.record_count == len(records)
    assert report.error_count + report.warning_count == len(report)
    assert report.invalid_record_count <= report.record_count
    for name, stats in report.fields.items():
        assert stats.present + stats.missing == len(records)
        assert 0 <= stats.invalid <= stats.present
        erring_records = {
            i.key
            for i in report.for_field(name)
            if i.severity == "error" and i.code != "required.missing"
        }
        assert stats.invalid == len(erring_records)


ALL_REASONS = {
    **validation.RULE_REASONS,
    **validation.EMAIL_REASONS,
    **validation.PHONE_REASONS,
    **validation.NAME_REASONS,
    **validation.POSTCODE_REASONS,
    **validation.REGION_REASONS,
}
SCHEMA_ONLY_CODES = {
    "record.type",
    "phone.unknown_region",
    "postcode.no_country",
    "postcode.unknown_country",
    "region.no_country",
    "region.unknown_country",
}


@given(st.lists(contacts(error_rate=0.5), max_size=8))
def test_every_reported_code_is_documented(records) -> None:
    """Business rule: every reason code a report carries is listed in a *_REASONS table, so
    users can map codes to actions (and docs list them all)."""
    report = validate_records(records, CONTACT_SCHEMA, as_of=AS_OF)
    assert {i.code for i in report} - set(ALL_REASONS) - SCHEMA_ONLY_CODES == set()


@given(contacts(error_rate=0.3))
def test_cleaning_is_idempotent_and_loses_nothing(record) -> None:
    """Business rule: cleaning a cleaned record changes nothing more, the input is untouched,
    and every change records the value it replaced."""
    before = copy.deepcopy(record)
    cleaned = clean_record(record, CONTACT_SCHEMA, as_of=AS_OF)
    assert _same([record], [before])
    for change in cleaned.changes:
        assert _same([{"v": change.before}], [{"v": record[change.field]}])
        assert cleaned.record[change.field] == change.after
    again = clean_record(dict(cleaned.record), CONTACT_SCHEMA, as_of=AS_OF)
    assert again.changes == ()
    unchanged = set(record) - {c.field for c in cleaned.changes}
    assert _same([{k: cleaned.record[k] for k in unchanged}], [{k: record[k] for k in unchanged}])


def test_clean_record_keeps_invalid_values_as_they_were() -> None:
    record = {
        "id": 1,
        "country": "GB",
        "name": "ann o'neil",
        "email": "ann@@x",
        "phone": "020 7946 0958",
        "postcode": "sw1a1aa",
        "birth_date": "1980-01-01",
    }
    cleaned = clean_record(record, CONTACT_SCHEMA, as_of=AS_OF)
    assert cleaned.record["email"] == "ann@@x"
    changed = {c.field: c.after for c in cleaned.changes}
    assert changed["postcode"] == "SW1A 1AA"
    assert changed["phone"] == "+442079460958"
    assert changed["name"] == "Ann O'Neil"


def test_clean_record_nested_path_copies_inner_mapping() -> None:
    schema = RecordSchema(fields={"address.postcode": Field(checks=(Postcode(country="GB"),))})
    record = {"address": {"postcode": "sw1a1aa", "city": "London"}}
    cleaned = clean_record(record, schema, as_of=AS_OF)
    assert cleaned.record["address"] == {"postcode": "SW1A 1AA", "city": "London"}
    assert record["address"]["postcode"] == "sw1a1aa"


def test_double_keying_flags_mismatches() -> None:
    """L5137–5140: key the data twice and flag mismatches; missing spellings agree."""
    first = {"name": "Smith", "postcode": "SW1A 1AA", "phone": None, "email": "a@b.co"}
    second = {"name": "Smith", "postcode": "SW1A 1AB", "phone": float("nan"), "email": ""}
    assert compare_entries(first, second) == (
        Mismatch(field="postcode", first="SW1A 1AA", second="SW1A 1AB"),
        Mismatch(field="email", first="a@b.co", second=""),
    )
    assert compare_entries(first, second, fields=("name",)) == ()
    with pytest.raises(InvalidArgument, match="'fields' must be a tuple"):
        compare_entries(first, second, fields="name")  # type: ignore[arg-type]


def test_length_rule_in_schema_reports_completeness_and_validity() -> None:
    schema = RecordSchema(fields={"code": Field(checks=(Length(maximum=3),))})
    report = validate_records(
        [{"code": "abc"}, {"code": "abcd"}, {"code": None}, {}], schema, as_of=AS_OF
    )
    stats = report.fields["code"]
    assert (stats.checked, stats.present, stats.invalid) == (4, 2, 1)
    assert stats.completeness == 0.5
    assert stats.validity == 0.5


def _same(a: list[dict[str, object]], b: list[dict[str, object]]) -> bool:
    """Equality where NaN equals NaN (a missing value stays missing)."""

    def fix(value: object) -> object:
        if isinstance(value, float) and math.isnan(value):
            return "<nan>"
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        return value

    return [fix(r) for r in a] == [fix(r) for r in b]
