"""Seeded synthetic contacts: realistic, messy, reproducible, and generated (not shipped).

Used by the demo, the benchmarks and users' own tests. Every value comes from the ``rng``
passed in; the same seed gives the same contacts on every machine and Python version
(``random.Random`` is stable across versions for ``random()``, ``choice`` and ``randrange``).

>>> import random
>>> a = generate_contacts(3, rng=random.Random(7))
>>> repr(a) == repr(generate_contacts(3, rng=random.Random(7))), sorted(a[0])
(True, ['birth_date', 'country', 'email', 'id', 'name', 'phone', 'postcode'])
"""

from __future__ import annotations

import datetime as dt
import random
import string

from crmkit.validation import (
    BirthDate,
    Email,
    Field,
    PersonName,
    Phone,
    Postcode,
    RecordSchema,
)

__all__ = ["DEFAULT_ERROR_RATE", "contact_schema", "generate_contacts"]

#: Share of fields that get one realistic defect (typo, wrong case, missing, malformed). The
#: figure is a plausible order of magnitude for an unmanaged CRM file, not a measurement.
DEFAULT_ERROR_RATE = 0.1

GIVEN_NAMES = (
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Emma",
    "Olivia",
    "Lukas",
    "Hannah",
    "Léa",
    "Chloé",
    "Sophie",
    "Daan",
    "Sanne",
    "Noah",
    "Liam",
    "Aoife",
    "Siobhan",
    "José",
    "Zoë",
    "Björn",
)
FAMILY_NAMES = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "McDonald",
    "O'Neil",
    "MacLeod",
    "van der Berg",
    "de Vries",
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Dubois",
    "Lefèvre",
    "Moreau",
    "Janssen",
    "de Jong",
    "Bakker",
    "Murphy",
    "Kelly",
    "O'Brien",
    "Nguyen",
    "Kowalski",
    "Rossi",
    "Smith-Jones",
    "Fitzgerald",
)
TITLES = ("", "", "", "Mr", "Mrs", "Ms", "Dr", "Mr.", "Prof.")
DOMAINS = (
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "icloud.com",
    "gmx.de",
    "web.de",
    "orange.fr",
    "free.fr",
    "btinternet.com",
    "example.com",
    "acme.co.uk",
)
DOMAIN_TYPOS = ("gmial.com", "gmail.con", "hotmial.com", "yaho.com", "outlok.com")

_GB_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # inward-code letters (Royal Mail excludes C I K M O V)
_GB_OUTWARD = ("SW1A", "EC1A", "W1A", "M1", "B33", "CR2", "DN55", "LS1", "G2", "EH1", "BS1")
_US_AREAS = ("212", "415", "650", "312", "617", "202", "305", "713", "206", "303")
_CA_AREAS = ("416", "604", "514", "403", "613")
COUNTRIES = ("GB", "US", "DE", "FR", "NL", "CA")


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def _phone(rng: random.Random, country: str) -> str:
    if country in {"US", "CA"}:
        area = rng.choice(_US_AREAS if country == "US" else _CA_AREAS)
        shape = rng.randrange(3)
        exchange = f"{rng.randrange(2, 10)}{_digits(rng, 2)}"
        line = _digits(rng, 4)
        return (
            f"({area}) {exchange}-{line}",
            f"+1 {area}-{exchange}-{line}",
            f"{area}.{exchange}.{line}",
        )[shape]
    if country == "GB":
        return rng.choice(
            (
                f"020 7{_digits(rng, 3)} {_digits(rng, 4)}",
                f"07{rng.choice('4579')}{_digits(rng, 2)} {_digits(rng, 6)}",
                f"+44 161 {_digits(rng, 3)} {_digits(rng, 4)}",
            )
        )
    if country == "DE":
        return rng.choice(
            (
                f"030 {_digits(rng, 8)}",
                f"+49 151 {_digits(rng, 8)}",
                f"0171 {_digits(rng, 7)}",
            )
        )
    if country == "FR":
        pairs = " ".join(_digits(rng, 2) for _ in range(4))
        return rng.choice((f"+33 6 {pairs}", f"01 {pairs}", f"06{pairs.replace(' ', '')}"))
    return rng.choice((f"+31 6 {_digits(rng, 8)}", f"020 {_digits(rng, 7)}"))  # NL


def _postcode(rng: random.Random, country: str) -> str:
    if country == "GB":
        inward = f"{rng.randrange(10)}{rng.choice(_GB_LETTERS)}{rng.choice(_GB_LETTERS)}"
        return f"{rng.choice(_GB_OUTWARD)} {inward}"
    if country in {"US", "DE", "FR"}:
        first = rng.randrange(1, 10)  # avoid leading zeros lost in spreadsheets
        return f"{first}{_digits(rng, 4)}"
    if country == "NL":
        letters = "".join(rng.choice("ABCEGHJKLNPRTVXZ") for _ in range(2))
        return f"{rng.randrange(1, 10)}{_digits(rng, 3)} {letters}"
    letters = "ABCEGHJKLMNPRSTVXY"  # Canada Post: no D F I O Q U
    return (
        f"{rng.choice(letters)}{rng.randrange(10)}{rng.choice(letters)} "
        f"{rng.randrange(10)}{rng.choice(letters)}{rng.randrange(10)}"
    )


def _ascii_local(text: str) -> str:
    table = str.maketrans("éèëüöäïçøåß", "eeeuoaicoas", " '")
    return text.lower().translate(table).replace("-", "")


def _defect(rng: random.Random, field: str, value: str) -> object:
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice((None, "", float("nan"), "  "))
    if kind == 1:
        return value.upper() if field != "birth_date" else value.replace("-", "/")
    if field == "email":
        local, _, _domain = value.partition("@")
        return (f"{local}@{rng.choice(DOMAIN_TYPOS)}", value.replace("@", " at "))[kind - 2]
    if field == "phone":
        return (value[:-3], value + "99")[kind - 2]
    if field == "postcode":
        return (value.replace(" ", "").lower(), value[:-1])[kind - 2]
    if field == "birth_date":
        return ("2999-01-01", "1850-02-30")[kind - 2]
    return (value.lower(), f"{value} 123")[kind - 2]  # name


def generate_contacts(
    count: int,
    *,
    rng: random.Random,
    error_rate: float = DEFAULT_ERROR_RATE,
    as_of: dt.date = dt.date(2026, 1, 1),
) -> list[dict[str, object]]:
    """Generate ``count`` contact records with realistic defects at ``error_rate`` per field.

    Args:
        count: How many records.
        rng: The source of randomness (``random.Random(seed)``).
        error_rate: Probability that a field gets one defect (missing, recased, typo, ...).
        as_of: The reference date for birth dates (ages 18 to 90 before it).

    >>> import random
    >>> generate_contacts(1, rng=random.Random(1), error_rate=0.0)[0]["id"]
    'C000000'
    """
    records = []
    for number in range(count):
        country = rng.choice(COUNTRIES)
        given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
        title = rng.choice(TITLES)
        name = f"{title} {given} {family}".strip()
        local = f"{_ascii_local(given)}.{_ascii_local(family)}{rng.randrange(100)}"
        born = as_of - dt.timedelta(days=rng.randrange(18 * 365, 90 * 365))
        fields = {
            "name": name,
            "email": f"{local}@{rng.choice(DOMAINS)}",
            "phone": _phone(rng, country),
            "postcode": _postcode(rng, country),
            "birth_date": born.isoformat(),
        }
        record: dict[str, object] = {"id": f"C{number:06d}", "country": country}
        for field, value in fields.items():
            record[field] = _defect(rng, field, value) if rng.random() < error_rate else value
        records.append(record)
    return records


def contact_schema() -> RecordSchema:
    """The validation schema that fits :func:`generate_contacts`' records.

    Used by the demo, the benchmark and the tests, so all three check the same thing: required
    id, country, name and e-mail; phone read with the record's own country as region;
    postcode for that country; a plausible birth date.

    >>> sorted(contact_schema().fields)
    ['birth_date', 'country', 'email', 'id', 'name', 'phone', 'postcode']
    """
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
