"""The corruption kinds of :func:`crmkit.testing.generate_people`: typos, variants, layouts.

Each kind is a function ``(draw, value, person) -> new value`` (``None`` when the kind does
not apply to that value, e.g. a nickname for a name without one) after the noise types of
FEBRL/GeCo (Christen & Pudjijono, PAKDD 2009) and IHME's pseudopeople; ``draw`` is the
generator's ``random.Random.random``. :func:`corrupt_field` picks a kind for a field by the
weights of ``FIELD_KINDS`` and falls back to a kind that always applies.

The people the kinds read (:class:`Person`, :class:`Address`) and the phone layouts
(:func:`national_phone`, :func:`phone_text`) live here too, so that this module sits below the
drawing module and nothing imports in a circle.

This module imports the standard library and its data module.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import NamedTuple

from crmkit.testing import _people_data as _data

__all__ = [
    "CASE_FIELDS",
    "CORRUPTIONS",
    "PHONE_STYLES",
    "VARIANTS",
    "Address",
    "Draw",
    "Person",
    "corrupt_field",
    "label",
    "national_phone",
    "phone_text",
]


class Address(NamedTuple):
    """A postal address as the generator draws it (fields as in the records)."""

    number: str
    line1: str
    line2: str | None
    locality: str
    postcode: str
    region: str
    place: int  # index into the country's locality table (for the dialling code)


class Person(NamedTuple):
    """The true values of one entity; its records are written (and corrupted) from these."""

    country: str
    sex: str
    title: str
    given: str
    middle: str | None
    family: str
    birth: int  # proleptic Gregorian ordinal
    email: str
    phone: str  # in the national layout
    digits: str  # national digits
    layout: tuple[int, ...]  # digit groups of the national layout
    address: Address
    company: str | None
    entity: str


_LETTERS = "abcdefghijklmnopqrstuvwxyz"

#: Spelling variants of a name (``Catherine`` → ``Katherine``, ``Kathryn``, ...).
VARIANTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {name: tuple(n for n in group if n != name) for group in _data.NAME_VARIANTS for name in group}
)

#: The fields the record-level ``case`` event upper-cases.
CASE_FIELDS = (
    "title",
    "given_name",
    "middle_name",
    "family_name",
    "address_line1",
    "address_line2",
    "locality",
    "postcode",
    "company",
)

# --- corruption kinds: (draw, value, person) -> new value, or None when not applicable ---

#: The generator's uniform draw in [0, 1): ``random.Random.random`` of the caller's ``rng``.
Draw = Callable[[], float]


def _position(draw: Draw, value: str) -> int:
    # The first character is kept: errors there are rare (Pollock & Zamora, CACM 1984).
    return 1 + int(draw() * (len(value) - 1)) if len(value) > 2 else int(draw() * len(value))  # noqa: PLR2004


def _same_case(new: str, old: str) -> str:
    return new.upper() if old.isupper() else new


def _keyboard(draw: Draw, value: str, _person: Person) -> str | None:
    at = _position(draw, value)
    near = _data.QWERTY_NEIGHBOURS.get(value[at].lower())
    if not near:
        return None
    return value[:at] + _same_case(near[int(draw() * len(near))], value[at]) + value[at + 1 :]


def _insert(draw: Draw, value: str, _person: Person) -> str | None:
    at = _position(draw, value)
    near = _data.QWERTY_NEIGHBOURS.get(value[at].lower(), value[at])
    return value[:at] + near[int(draw() * len(near))] + value[at:]


def _delete(draw: Draw, value: str, _person: Person) -> str | None:
    at = _position(draw, value)
    return value[:at] + value[at + 1 :] if len(value) > 1 else None


def _substitute(draw: Draw, value: str, _person: Person) -> str | None:
    at = _position(draw, value)
    pool = "0123456789" if value[at].isdigit() else _LETTERS
    new = _same_case(pool[int(draw() * len(pool))], value[at])
    return value[:at] + new + value[at + 1 :] if new != value[at] else None


def _transpose(draw: Draw, value: str, _person: Person) -> str | None:
    if len(value) < 3:  # noqa: PLR2004
        return None
    at = 1 + int(draw() * (len(value) - 2))
    if at == len(value) - 1 or value[at] == value[at + 1]:
        at -= 1
    pair = value[at + 1] + value[at]
    return value[:at] + pair + value[at + 2 :] if pair != value[at : at + 2] else None


def _replace_one(
    draw: Draw, value: str, rules: tuple[tuple[str, str], ...], *, fold: bool
) -> str | None:
    text = value.lower() if fold else value
    usable = [(old, new) for old, new in rules if old in text]
    if not usable:
        return None
    old, new = usable[int(draw() * len(usable))]
    at = text.find(old)
    if fold and value[at].isupper():
        new = new[:1].upper() + new[1:]
    return value[:at] + new + value[at + len(old) :]


def _phonetic(draw: Draw, value: str, _person: Person) -> str | None:
    variants = VARIANTS.get(value)
    if variants:
        return variants[int(draw() * len(variants))]
    return _replace_one(draw, value, _data.PHONETIC_RULES, fold=True)


def _ocr(draw: Draw, value: str, _person: Person) -> str | None:
    return _replace_one(draw, value, _data.OCR_CONFUSIONS, fold=False)


def _nickname(draw: Draw, value: str, _person: Person) -> str | None:
    nicknames = _data.NICKNAMES.get(value)
    return nicknames[int(draw() * len(nicknames))] if nicknames else None


def _initials(draw: Draw, value: str, _person: Person) -> str | None:
    return value[0] + ("." if draw() < 0.5 else "") if len(value) > 1 else None  # noqa: PLR2004


def _title_change(draw: Draw, value: str, _person: Person) -> str | None:
    options = _data.TITLE_CHANGES.get(value.rstrip("."))
    return options[int(draw() * len(options))] if options else None


def _case(_draw: Draw, value: str, _person: Person) -> str | None:
    upper = value.upper()
    return upper if upper != value else value.lower()


def _whitespace(draw: Draw, value: str, _person: Person) -> str | None:
    choice = draw()
    if choice < 1 / 3 and " " in value:
        return value.replace(" ", "  ", 1)
    return f" {value}" if choice < 2 / 3 else f"{value}  "


def _abbreviation(draw: Draw, value: str, _person: Person) -> str | None:
    if value in _data.US_STATE_NAMES:
        return _data.US_STATE_NAMES[value]
    words = value.split(" ")
    for at, word in enumerate(words):
        short = _data.ABBREVIATIONS.get(word)
        if short:
            words[at] = short + ("." if draw() < 0.2 else "")  # noqa: PLR2004
            return " ".join(words)
    return None


def _date_swap(_draw: Draw, _value: str, person: Person) -> str | None:
    born = dt.date.fromordinal(person.birth)
    if born.day > 12 or born.day == born.month:  # noqa: PLR2004 - a swap would be no date
        return None
    return f"{born.year:04d}-{born.day:02d}-{born.month:02d}"


def _date_format(draw: Draw, _value: str, person: Person) -> str | None:
    born = dt.date.fromordinal(person.birth)
    day, month, year = born.day, born.month, born.year
    if person.country == "US":  # month first (CLDR en-US "M/d/y")
        local = (f"{month:02d}/{day:02d}/{year}", f"{_data.MONTHS[month]} {day}, {year}")
    else:
        local = (f"{day:02d}/{month:02d}/{year}", f"{day} {_data.MONTHS[month]} {year}")
    formats = (*local, f"{year}/{month:02d}/{day:02d}", f"{day:02d}.{month:02d}.{year}")
    return formats[int(draw() * len(formats))]


def phone_text(person: Person, style: int) -> str:
    """The person's phone in one of ``PHONE_STYLES`` layouts (0 is the national one)."""
    if style == 0:
        return person.phone
    digits, layout = person.digits, person.layout
    groups, start = [], 0
    for size in layout:
        groups.append(digits[start : start + size])
        start += size
    if style == 5:  # noqa: PLR2004
        return digits
    if person.country == "US":
        area, exchange, line = groups
        return (
            person.phone,
            f"+1 {area}-{exchange}-{line}",
            f"+1{digits}",
            f"{area}.{exchange}.{line}",
            f"{area}-{exchange}-{line}",
        )[style]
    if style == 1:
        return "+44 " + " ".join(groups)[1:]
    if style == 2:  # noqa: PLR2004
        return "+44" + digits[1:]
    return f"({groups[0]}) " + " ".join(groups[1:]) if style == 3 else "-".join(groups)  # noqa: PLR2004


def national_phone(country: str, digits: str, layout: tuple[int, ...]) -> str:
    """National digits in the country's usual layout, grouped by ``layout``.

    >>> national_phone("US", "2125550123", (3, 3, 4)), national_phone("GB", "07700900123", (5, 6))
    ('(212) 555-0123', '07700 900123')
    """
    if country == "US":
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    first, second = layout[0], layout[0] + layout[1]
    if len(layout) == 2:  # noqa: PLR2004
        return f"{digits[:first]} {digits[first:]}"
    return f"{digits[:first]} {digits[first:second]} {digits[second:]}"


#: The number of layouts :func:`phone_text` writes: national, international with spaces,
#: E.164, bracketed or dotted area code, dashes, bare national digits.
PHONE_STYLES = 6


def _phone_format(draw: Draw, value: str, person: Person) -> str | None:
    text = phone_text(person, int(draw() * PHONE_STYLES))
    return text if text != value else phone_text(person, 2 if value[0] != "+" else 0)


def _phone_digits(draw: Draw, value: str, _person: Person) -> str | None:
    places = [at for at, ch in enumerate(value) if ch.isdigit()][3:]
    at = places[int(draw() * len(places))]
    following = [place for place in places if place > at]
    if following and draw() < 0.5:  # noqa: PLR2004 - transpose two digits
        after = following[0]
        if value[at] != value[after]:
            chars = list(value)
            chars[at], chars[after] = chars[after], chars[at]
            return "".join(chars)
    digit = str((int(value[at]) + 1 + int(draw() * 9)) % 10)
    return value[:at] + digit + value[at + 1 :]


#: Every field-level corruption kind, by name (``missing`` is handled by the caller).
CORRUPTIONS: Mapping[str, Callable[[Draw, str, Person], str | None]] = MappingProxyType(
    {
        "typo.insert": _insert,
        "typo.delete": _delete,
        "typo.substitute": _substitute,
        "typo.transpose": _transpose,
        "typo.keyboard": _keyboard,
        "phonetic": _phonetic,
        "ocr": _ocr,
        "nickname": _nickname,
        "initials": _initials,
        "title_change": _title_change,
        "case": _case,
        "whitespace": _whitespace,
        "abbreviation": _abbreviation,
        "date_swap": _date_swap,
        "date_format": _date_format,
        "phone_format": _phone_format,
        "phone_digits": _phone_digits,
    }
)

# The kind tried when the drawn one does not apply: one that always changes the value.
_FALLBACK = MappingProxyType(
    {"birth_date": "date_format", "phone": "phone_format", "title": "missing"}
)


def _cumulative(weights: list[float]) -> tuple[list[float], float]:
    sums = list(itertools.accumulate(weights))
    return sums, sums[-1]


_KIND_TABLES = MappingProxyType(
    {
        field: (tuple(kind for kind, _ in kinds), *_cumulative([w for _, w in kinds]))
        for field, kinds in _data.FIELD_KINDS.items()
    }
)
_LABELS: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        **{
            (field, kind): f"{field}:{kind}"
            for field in _data.FIELD_KINDS
            for kind in (
                *(kind for kind, _ in _data.FIELD_KINDS[field]),
                "typo.keyboard",
                "date_format",
                "phone_format",
                "missing",
            )
        },
        ("moved", "moved"): "address:moved",
        ("email_changed", "email_changed"): "email:email_changed",
        ("swap_names", "swap_names"): "name:swap_names",
        ("case", "case"): "record:case",
    }
)


def label(event: str) -> str:
    """The ``"field:kind"`` label of a record-level event (``moved``, ``case``, ...).

    >>> label("moved")
    'address:moved'
    """
    return _LABELS[event, event]


def corrupt_field(
    draw: Draw, field: str, value: str, person: Person, empty: str | None
) -> tuple[str | None, str] | None:
    """Corrupt one field's (non-empty) value with a kind drawn by ``FIELD_KINDS`` weights.

    When the drawn kind does not apply or changes nothing, the field's fallback kind is tried
    once (a date or phone layout, a missing title, else a keyboard typo).

    Args:
        draw: The generator's uniform draw in [0, 1).
        field: A key of ``FIELD_KINDS``, such as ``"given_name"``.
        value: The value to corrupt.
        person: The entity the record describes (dates and phones are rewritten from it).
        empty: The missing-value marker of the record's source (``None`` or ``""``).

    Returns:
        The new value and its ``"field:kind"`` label, or ``None`` when nothing applied.

    >>> import random
    >>> corrupt_field(random.Random(5).random, "given_name", "Margaret", None, "")
    ('Meg', 'given_name:nickname')
    """
    names, sums, total = _KIND_TABLES[field]
    kind = names[bisect.bisect_right(sums, draw() * total)]
    new = empty if kind == "missing" else CORRUPTIONS[kind](draw, value, person)
    if new is None or new == value:
        kind = _FALLBACK.get(field, "typo.keyboard")
        new = empty if kind == "missing" else CORRUPTIONS[kind](draw, value, person)
        if new is None or new == value:
            return None
    return new, _LABELS[field, kind]
