"""Schema checks that run the field checkers (e-mail, phone, names, postcodes, regions).

Each class is a small frozen adapter from a ``check_*`` result (``errors``, ``warnings``,
``normalized``) to the schema's :class:`~crmkit.validation.CheckOutcome`. Cross-field options
(``country_field``, ``region_field``) read another field of the same record, so a phone
number in national format is read with the record's own country.

>>> import datetime as dt
>>> Email().run("jane@gmial.com", {}, as_of=None).findings[0].code
'email.domain_typo'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Protocol

import attrs

from crmkit._errors import InvalidArgument
from crmkit.validation._email import EMAIL_REASONS, check_email
from crmkit.validation._names import NAME_REASONS, parse_name
from crmkit.validation._organisations import ORGANISATION_REASONS, parse_organisation_name
from crmkit.validation._phone import PHONE_REASONS, check_phone
from crmkit.validation._postcode import POSTCODE_REASONS, check_postcode
from crmkit.validation._region import REGION_REASONS, check_region
from crmkit.validation._rules import CheckOutcome, Finding
from crmkit.validation._values import is_missing

__all__ = ["Email", "OrganisationName", "PersonName", "Phone", "Postcode", "Region"]


class _Result(Protocol):
    """The shape every ``check_*`` result shares (see CONTRIBUTING.md)."""

    @property
    def normalized(self) -> object:
        """The canonical form, or None."""

    @property
    def errors(self) -> tuple[str, ...]:
        """Codes that make the value invalid."""

    @property
    def warnings(self) -> tuple[str, ...]:
        """Codes reported without invalidating."""


def _outcome(result: _Result, reasons: Mapping[str, str]) -> CheckOutcome:
    if not result.errors and not result.warnings:  # the common case, kept cheap
        return CheckOutcome(normalized=result.normalized)
    suggestion = getattr(result, "suggestion", None)
    findings = tuple(
        Finding(code=code, detail=reasons.get(code, code), suggestion=suggestion)
        for code in result.errors
    ) + tuple(
        Finding(
            code=code, detail=reasons.get(code, code), severity="warning", suggestion=suggestion
        )
        for code in result.warnings
    )
    return CheckOutcome(normalized=None if result.errors else result.normalized, findings=findings)


def _from_record(record: Mapping[str, object], fixed: str | None, field: str | None) -> str | None:
    if fixed is not None:
        return fixed
    if field is None:
        return None
    value = record.get(field)
    return None if is_missing(value) else str(value).strip()


def _unknown(code: str, detail: str) -> CheckOutcome:
    return CheckOutcome(findings=(Finding(code=code, detail=detail),))


def _no_country(kind: str) -> CheckOutcome:
    return _unknown(f"{kind}.no_country", "value cannot be checked without a country")


def _unknown_country(kind: str, country: str) -> CheckOutcome:
    return _unknown(
        f"{kind}.unknown_country", f"value cannot be checked: unknown country {country!r}"
    )


@attrs.frozen
class Email:
    """Run :func:`~crmkit.validation.check_email` on the field.

    >>> Email().run("John.Doe@Example.COM", {}, as_of=None).normalized
    'John.Doe@example.com'
    """

    suggest_domains: bool = attrs.field(default=True, kw_only=True)

    def run(
        self, value: object, record: Mapping[str, object], *, as_of: dt.date | None
    ) -> CheckOutcome:
        """Check an e-mail address."""
        del record, as_of
        return _outcome(check_email(value, suggest_domains=self.suggest_domains), EMAIL_REASONS)


@attrs.frozen
class Phone:
    """Run :func:`~crmkit.validation.check_phone` with a fixed or a per-record region.

    ``region`` fixes the default region; ``region_field`` reads it from the record's own
    country field instead.

    >>> check = Phone(region_field="country")
    >>> check.run("020 7946 0958", {"country": "GB"}, as_of=None).normalized
    '+442079460958'
    """

    region: str | None = attrs.field(default=None, kw_only=True)
    region_field: str | None = attrs.field(default=None, kw_only=True)

    def run(
        self, value: object, record: Mapping[str, object], *, as_of: dt.date | None
    ) -> CheckOutcome:
        """Check a phone number."""
        del as_of
        region = _from_record(record, self.region, self.region_field)
        try:
            result = check_phone(value, region=region)
        except InvalidArgument:
            return _unknown(
                "phone.unknown_region", f"value cannot be read: unknown region {region!r}"
            )
        return _outcome(result, PHONE_REASONS)


@attrs.frozen
class PersonName:
    """Run :func:`~crmkit.validation.parse_name` on the field (normalised: the tidy full name).

    >>> PersonName().run("MR JOHN MCDONALD", {}, as_of=None).normalized
    'Mr John McDonald'
    """

    def run(
        self, value: object, record: Mapping[str, object], *, as_of: dt.date | None
    ) -> CheckOutcome:
        """Check a person's name."""
        del record, as_of
        return _outcome(parse_name(value), NAME_REASONS)


@attrs.frozen
class OrganisationName:
    """Run :func:`~crmkit.validation.parse_organisation_name` on the field.

    >>> OrganisationName().run("Acme Widgets Inc.", {}, as_of=None).findings
    ()
    """

    def run(
        self, value: object, record: Mapping[str, object], *, as_of: dt.date | None
    ) -> CheckOutcome:
        """Check an organisation's name."""
        del record, as_of
        return _outcome(parse_organisation_name(value), ORGANISATION_REASONS)


@attrs.frozen
class Postcode:
    """Run :func:`~crmkit.validation.check_postcode` for a fixed or a per-record country.

    ``country`` fixes the country; ``country_field`` reads it from the record. With
    ``region_field``, the postcode is also checked against the record's region (a US ZIP code
    must fall in its state's ranges); a region that is itself invalid is left to that field's
    own :class:`Region` check, not reported twice.

    >>> Postcode(country="GB").run("sw1a1aa", {}, as_of=None).normalized
    'SW1A 1AA'
    >>> check = Postcode(country="US", region_field="state")
    >>> check.run("10001", {"state": "California"}, as_of=None).findings[0].code
    'postcode.region_mismatch'
    """

    country: str | None = attrs.field(default=None, kw_only=True)
    country_field: str | None = attrs.field(default=None, kw_only=True)
    region_field: str | None = attrs.field(default=None, kw_only=True)

    def run(
        self, value: object, record: Mapping[str, object], *, as_of: dt.date | None
    ) -> CheckOutcome:
        """Check a postcode."""
        del as_of
        country = _from_record(record, self.country, self.country_field)
        if country is None:
            return _no_country("postcode")
        try:
            region = None
            if self.region_field is not None:
                given = _from_record(record, None, self.region_field)
                region_check = None if given is None else check_region(given, country=country)
                region = None if region_check is None else region_check.normalized
            result = check_postcode(value, country=country, region=region)
        except InvalidArgument:
            return _unknown_country("postcode", country)
        return _outcome(result, POSTCODE_REASONS)


@attrs.frozen
class Region:
    """Check that a region (state, province, county) is valid for the record's country.

    >>> Region(country_field="country").run("California", {"country": "US"}, as_of=None).normalized
    'CA'
    """

    country: str | None = attrs.field(default=None, kw_only=True)
    country_field: str | None = attrs.field(default=None, kw_only=True)

    def run(
        self, value: object, record: Mapping[str, object], *, as_of: dt.date | None
    ) -> CheckOutcome:
        """Check a region against the country."""
        del as_of
        country = _from_record(record, self.country, self.country_field)
        if country is None:
            return _no_country("region")
        try:
            result = check_region(value, country=country)
        except InvalidArgument:
            return _unknown_country("region", country)
        return _outcome(result, REGION_REASONS)
