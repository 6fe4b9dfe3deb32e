"""Tests for crmkit.validation._organisations (organisation names and legal forms).

Golden sources: "anchors §C.3" is /work/shared/domain/anchors-scoring-lifecycle-validation.md
§C.3 (the documented examples of probablepeople 0.5.6); legal forms are those of ISO 20275
"Entity Legal Forms" (GLEIF ELF code list), curated subset.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument, InvalidValue
from crmkit.validation._name_data import LEGAL_FORMS
from crmkit.validation._organisations import (
    ORGANISATION_REASONS,
    check_organisation_name,
    match_legal_form,
    parse_organisation_name,
)


def test_probablepeople_documented_corporation() -> None:
    """Anchors §C.3: "Acme Widgets Inc." -> CorporationName "Acme Widgets",
    CorporationLegalType "Inc."."""
    org = parse_organisation_name("Acme Widgets Inc.")
    assert (org.core, org.legal_form, org.normalized) == ("Acme Widgets", "Inc.", org.original)


@pytest.mark.parametrize(
    ("text", "core", "form", "country"),
    [
        ("Acme, Inc.", "Acme", "Inc.", "US"),
        ("Siemens AG", "Siemens", "AG", "DE"),
        ("Müller gmbh & co. kg", "Müller", "GmbH & Co. KG", "DE"),
        ("Ferrari S.p.A.", "Ferrari", "S.p.A.", "IT"),
        ("Equinor ASA", "Equinor", "ASA", "NO"),
        ("A.P. Moller - Maersk A/S", "A.P. Moller - Maersk", "A/S", "DK"),
        ("Nokia Oyj", "Nokia", "Oyj", "FI"),
        ("Toyota Motor Kabushiki Kaisha", "Toyota Motor", "K.K.", "JP"),
        ("BHP Group Pty. Ltd.", "BHP Group", "Pty Ltd", "AU"),
        ("Tesco PLC", "Tesco", "PLC", "GB"),
        ("The Coca-Cola Company", "The Coca-Cola", "Co.", "US"),
        ("Smith & Co.", "Smith", "& Co.", "GB"),
    ],
)
def test_legal_forms(text: str, core: str, form: str, country: str) -> None:
    """Legal forms as listed in ISO 20275 (GLEIF ELF), curated subset."""
    org = parse_organisation_name(text)
    assert (org.core, org.legal_form) == (core, form)
    assert country in org.countries
    assert org.normalized == f"{core} {form}"


@pytest.mark.parametrize("text", ["Bath Day Spa", "Known As", "IBM", "eBay", "Booking.com"])
def test_words_that_look_like_legal_forms_are_kept(text: str) -> None:
    org = parse_organisation_name(text)
    assert (org.core, org.legal_form, org.normalized) == (text, "", text)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "organisation.missing"),
        (7, "organisation.type"),
        ("x" * 161, "organisation.too_long"),
        ("N/A", "organisation.placeholder"),
        ("Acme\x00 Ltd", "organisation.invalid_characters"),
        ("GmbH", "organisation.legal_form_only"),
    ],
)
def test_organisation_errors(value: object, code: str) -> None:
    assert parse_organisation_name(value).errors == (code,)
    with pytest.raises(InvalidValue) as raised:
        check_organisation_name(value, strict=True)
    assert (raised.value.code, raised.value.field) == (code, "organisation")


def test_organisation_person_title_warning_and_key() -> None:
    assert parse_organisation_name("Mr John Smith").warnings == ("organisation.person_title",)
    assert parse_organisation_name("The Smith & Jones Co.").key == "smith and jones"
    assert parse_organisation_name("Smith and Jones").key == "smith and jones"


def test_options_are_validated() -> None:
    with pytest.raises(InvalidArgument, match="'max_length'"):
        parse_organisation_name("Acme Ltd", max_length=0)


def test_match_legal_form_takes_the_longest_form() -> None:
    assert match_legal_form(["Müller", "GmbH", "&", "Co.", "KG"]) == (
        "GmbH & Co. KG",
        ("DE", "AT"),
        False,
        4,
    )
    assert match_legal_form([]) is None


def test_reason_table_is_read_only_and_well_formed() -> None:
    assert all(
        code.startswith("organisation.") and code == code.lower() for code in ORGANISATION_REASONS
    )
    with pytest.raises(TypeError):
        ORGANISATION_REASONS["x"] = "y"  # type: ignore[index]


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=200)
@given(st.text(max_size=40))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    """Business rule: a field check reports bad data, it does not crash the pipeline; the
    verdict is consistent (valid exactly when there is a normalised form) and every code is
    documented."""
    result = parse_organisation_name(text)
    assert result.valid == (result.normalized is not None)
    assert set(result.errors) | set(result.warnings) <= set(ORGANISATION_REASONS)


@settings(max_examples=100)
@given(st.sampled_from(sorted(LEGAL_FORMS)), st.sampled_from(["Acme Widgets", "Nordic Fish"]))
def test_legal_form_never_leaks_into_the_core(key: str, core: str) -> None:
    """Business rule: "Acme Widgets Ltd" and "Acme Widgets Limited" share one core for
    matching, whatever the spelling of the legal form."""
    canonical = LEGAL_FORMS[key][0]
    org = parse_organisation_name(f"{core} {canonical}")
    assert (org.core, org.legal_form) == (core, canonical)
    again = parse_organisation_name(org.normalized)
    assert (again.normalized, again.core, again.legal_form) == (org.normalized, core, canonical)
