"""Seeded synthetic customer records with ground truth, for measuring record matching.

:func:`generate_people` draws people (the *entities*), writes one clean record for each, then
extra records (the *duplicates*) for some of them, corrupted the way CRM data goes wrong. The
truth (record id → entity id) comes with the records, and so do the hard negatives that must
not be merged: households, unnumbered apartments and namesakes (the texts' false-merge cases,
L5167–5170).

The noise model follows the FEBRL data set generator and its successor GeCo (Christen &
Pudjijono, "Accurate synthetic generation of realistic personal information", PAKDD 2009:
original records, duplicates with edits, keyboard typos, phonetic and OCR variations, missing
values, a cap on modifications per record) and the noise types of IHME's pseudopeople
(``use_nickname``, ``make_typos``, ``make_ocr_errors``, ``make_phonetic_errors``,
``swap_month_and_day``, ``write_wrong_digits``, ``leave_blank``). CRM fields FEBRL lacks are
added: e-mail (changed, mistyped, recased), phone (national or international layout, digit
errors), titles (the texts' must-merge case, one customer as "Mr" and as "Dr", L5172–5173),
moved addresses and street-type abbreviations.

Parameters and their meaning:

* ``duplicate_rate``: the share of records that are extra records of an entity already present
  (FEBRL's duplicates over all records); each duplicated entity gets 1–4 extra records.
* ``corruption``: scales every per-record event probability in ``CORRUPTION_RATES`` (at 1.0
  a duplicate's given name is corrupted with probability 0.6, its phone with 0.5, ...); a
  duplicate gets at most ``MAX_MODIFICATIONS_PER_RECORD`` events. First records stay clean.
* ``household_rate``: the probability that a newly drawn person starts a shared address: a
  family of 2–4 (same family name, often one landline, twins sometimes) or, one time in four,
  2–3 unrelated residents of a building without flat numbers.
* ``namesake_rate``: the probability that a newly drawn person has the given and family names
  of a recently drawn one (different birth date, address, e-mail and phone).

Missing and optional values (no title, no company, no phone) also occur in clean records, as
``None`` or ``""`` by source system, and names are written as parts, as ``full_name`` only, or
both: these are forms, not corruption.

The drawing lives in :mod:`crmkit.testing._people_draw`, the corruption kinds in
:mod:`crmkit.testing._people_noise`. This module imports the standard library, attrs,
``crmkit._errors``, ``crmkit._frozen`` and those sibling modules.

>>> import random
>>> people = generate_people(1000, rng=random.Random(1))
>>> len(people.records), len(set(people.truth.values())) < 1000
(1000, True)
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import attrs

from crmkit._errors import InvalidArgument
from crmkit._frozen import FrozenDict, freeze
from crmkit.identity._normalize import CANONICAL_FIELDS
from crmkit.testing import _people_data as _data
from crmkit.testing._people_draw import (
    MAX_MODIFICATIONS_PER_RECORD,
    Maker,
    apartment,
    household,
    namesake,
)

if TYPE_CHECKING:
    from crmkit.testing._people_noise import Person

__all__ = [
    "CORRUPTION_KINDS",
    "CORRUPTION_RATES",
    "MAX_MODIFICATIONS_PER_RECORD",
    "RECORD_FIELDS",
    "SUPPORTED_COUNTRIES",
    "SyntheticPeople",
    "generate_people",
]

#: The fields of every record, in order: ``id``, ``source``, crmkit's canonical identity
#: fields (:data:`crmkit.identity.CANONICAL_FIELDS`; no ``national_id``) and ``updated_at``.
RECORD_FIELDS = (
    "id",
    "source",
    *(field for field in CANONICAL_FIELDS if field != "national_id"),
    "updated_at",
)

#: Countries the generator can draw addresses and phones for.
SUPPORTED_COUNTRIES = ("GB", "US")

#: Per-duplicate event probabilities at ``corruption=1.0``; see the data module.
CORRUPTION_RATES = _data.CORRUPTION_RATES

#: Every corruption kind the generator records in :attr:`SyntheticPeople.corruptions`.
CORRUPTION_KINDS: tuple[str, ...] = tuple(
    sorted(
        {kind for kinds in _data.FIELD_KINDS.values() for kind, _ in kinds}
        | {"moved", "email_changed", "swap_names"}
    )
)


@attrs.frozen(repr=False)
class SyntheticPeople:
    """Generated customer records with their ground truth.

    Attributes:
        records: The records, each a dict with the keys of ``RECORD_FIELDS``; missing values
            are ``None`` or ``""``. Shuffled: duplicates are not adjacent.
        truth: Record id → the id of the true entity (person) it describes.
        households: Families at one address (same family name, often the same landline), as
            the id of one clean record per member: different people, never to be merged.
        apartments: Unrelated residents of one street address without flat numbers, as the id
            of one clean record per resident: different people, never to be merged.
        namesakes: Pairs of clean records of different people with the same given and family
            names (sometimes the same birth year) at different addresses.
        corruptions: Record id → what was done to that duplicate, as ``"field:kind"`` labels
            (kinds from ``CORRUPTION_KINDS``; record-level events use the fields ``address``,
            ``email``, ``name`` and ``record``). Clean records are absent.
    """

    records: tuple[Mapping[str, object], ...]
    truth: FrozenDict[str, str]
    households: tuple[tuple[str, ...], ...]
    apartments: tuple[tuple[str, ...], ...]
    namesakes: tuple[tuple[str, ...], ...]
    corruptions: FrozenDict[str, tuple[str, ...]]

    def __repr__(self) -> str:
        return (
            f"SyntheticPeople(records={len(self.records)}, "
            f"entities={len(set(self.truth.values()))}, households={len(self.households)}, "
            f"apartments={len(self.apartments)}, namesakes={len(self.namesakes)})"
        )

    def true_clusters(self) -> tuple[tuple[str, ...], ...]:
        """The records of each entity: sorted ids, clusters sorted by their first id.

        Singletons are included, so the clusters partition the record ids.

        >>> import random
        >>> people = generate_people(4, rng=random.Random(2), duplicate_rate=0.5)
        >>> sorted(len(cluster) for cluster in people.true_clusters())
        [1, 3]
        """
        members: dict[str, list[str]] = {}
        for record_id, entity in self.truth.items():
            members.setdefault(entity, []).append(record_id)
        return tuple(sorted(tuple(sorted(ids)) for ids in members.values()))

    def true_pairs(self) -> frozenset[tuple[str, str]]:
        """Every pair of records of one entity, as ``(smaller id, larger id)``.

        >>> import random
        >>> people = generate_people(4, rng=random.Random(2), duplicate_rate=0.5)
        >>> len(people.true_pairs())
        3
        """
        return frozenset(
            pair for cluster in self.true_clusters() for pair in itertools.combinations(cluster, 2)
        )


def _check_rate(name: str, value: object) -> None:
    if type(value) not in {int, float} or not 0 <= value <= 1:  # type: ignore[operator]
        msg = f"{name!r} must be a number in [0, 1] (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)


def _check(count: object, rng: object, countries: object, id_prefix: object, as_of: object) -> None:
    if type(count) is not int or count < 0:
        msg = f"'count' must be a whole number >= 0 (got {count!r})"
        raise InvalidArgument(msg, field="count", value=count)
    if not isinstance(rng, random.Random):
        msg = f"'rng' must be a random.Random, such as random.Random(42) (got {rng!r})"
        raise InvalidArgument(msg, field="rng", value=rng)
    if (
        type(countries) is not tuple
        or not countries
        or any(country not in SUPPORTED_COUNTRIES for country in countries)
    ):
        msg = (
            f"'countries' must be a non-empty tuple of {SUPPORTED_COUNTRIES!r} (got {countries!r})"
        )
        raise InvalidArgument(msg, field="countries", value=countries)
    if type(id_prefix) is not str:
        msg = f"'id_prefix' must be a string (got {id_prefix!r})"
        raise InvalidArgument(msg, field="id_prefix", value=id_prefix)
    if type(as_of) is not dt.date:
        msg = f"'as_of' must be a datetime.date (got {as_of!r})"
        raise InvalidArgument(msg, field="as_of", value=as_of)


def generate_people(
    count: int,
    *,
    rng: random.Random,
    duplicate_rate: float = 0.3,
    corruption: float = 0.3,
    household_rate: float = 0.05,
    namesake_rate: float = 0.02,
    countries: tuple[str, ...] = ("GB", "US"),
    id_prefix: str = "R",
    as_of: dt.date = dt.date(2026, 1, 1),
) -> SyntheticPeople:
    """Generate ``count`` customer records of fewer people, with the truth of who is who.

    Args:
        count: How many records (not people) to produce.
        rng: The only source of randomness: the same seed gives the same records everywhere.
        duplicate_rate: Share of the records that are extra records of a person already
            present, in [0, 1] (rounded to whole records; at least one person when
            ``count > 0``).
        corruption: Scale of the corruption events of duplicates, in [0, 1]; see
            ``CORRUPTION_RATES``. At 0, duplicates differ only in form (missing optional
            values, name written whole or in parts, phone layout, source).
        household_rate: Probability, in [0, 1], that a newly drawn person starts a shared
            address (a household, or an unnumbered apartment building).
        namesake_rate: Probability, in [0, 1], that a newly drawn person is a namesake of a
            recently drawn one.
        countries: Countries to draw people from, each in ``SUPPORTED_COUNTRIES``.
        id_prefix: Text in front of each record id; ids are the prefix and a zero-padded
            position in the output, so they say nothing about the truth.
        as_of: The reference date: people are 18 to 90 years old on it, and ``updated_at``
            falls in the five years before it.

    Returns:
        The records with their truth and their hard negatives.

    Raises:
        InvalidArgument: An argument is out of range or of the wrong type.

    >>> import random
    >>> people = generate_people(3, rng=random.Random(5), duplicate_rate=0.0)
    >>> [record["id"] for record in people.records], len(people.true_pairs())
    (['R0', 'R1', 'R2'], 0)
    >>> sorted(people.records[0]) == sorted(RECORD_FIELDS)
    True
    """
    _check(count, rng, countries, id_prefix, as_of)
    for name, value in (
        ("duplicate_rate", duplicate_rate),
        ("corruption", corruption),
        ("household_rate", household_rate),
        ("namesake_rate", namesake_rate),
    ):
        _check_rate(name, value)
    maker = Maker(rng, as_of, corruption, countries)
    bits = maker.bits
    extra_total = min(round(count * duplicate_rate), max(count - 1, 0))
    people_total = count - extra_total
    extras = [0] * people_total
    sizes: list[int] = []
    drawn = 0
    while drawn < extra_total:
        sizes.append(
            min(_data.EXTRA_RECORDS[bits(32) * len(_data.EXTRA_RECORDS) >> 32], extra_total - drawn)
        )
        drawn += sizes[-1]
    if len(sizes) <= people_total:
        chosen = rng.sample(range(people_total), len(sizes))
    else:  # more duplicated people than people: go round again
        chosen = [at % people_total for at in range(len(sizes))]
    for at, size in zip(chosen, sizes, strict=True):
        extras[at] += size
    return _assemble(maker, extras, household_rate, namesake_rate, id_prefix)


def _shuffled(bits: Callable[[int], int], count: int) -> list[int]:
    """``range(count)`` in random order (Fisher–Yates with multiply-shift picks)."""
    order = list(range(count))
    for high in range(count - 1, 0, -1):
        low = bits(32) * (high + 1) >> 32
        order[high], order[low] = order[low], order[high]
    return order


def _assemble(
    maker: Maker, extras: list[int], household_rate: float, namesake_rate: float, id_prefix: str
) -> SyntheticPeople:
    """Draw the people of ``extras`` (extra records per person) and write their records.

    Output positions are drawn first, so each record gets its id when it is written and goes
    straight to its place: duplicates are not adjacent, and ids say nothing of the truth.
    """
    draw, bits, countries = maker.draw, maker.bits, maker.countries
    total = len(extras) + sum(extras)
    width = len(str(max(total - 1, 0)))
    ids = [f"{id_prefix}{at:0{width}d}" for at in range(total)]
    places = iter(_shuffled(bits, total))
    records: list[dict[str, str | None]] = [{}] * total
    entities = [""] * total
    corruptions: dict[str, tuple[str, ...]] = {}
    groups: dict[str, list[list[dict[str, str | None]]]] = {"h": [], "a": [], "n": []}
    recent: list[tuple[Person, dict[str, str | None]]] = []
    entity_width = len(str(max(len(extras) - 1, 0)))
    done = 0
    while done < len(extras):
        country = countries[bits(32) * len(countries) >> 32]
        left = len(extras) - done
        kind = "single"
        if left > 1 and draw() < household_rate:
            kind = "a" if draw() < _data.APARTMENT_SHARE else "h"
            sizes = _data.APARTMENT_SIZES if kind == "a" else _data.HOUSEHOLD_SIZES
            size = min(sizes[bits(32) * len(sizes) >> 32], left)
            members = [f"E{at:0{entity_width}d}" for at in range(done, done + size)]
            build = apartment if kind == "a" else household
            people = build(maker, members, country)
        elif recent and draw() < namesake_rate:
            kind = "n"
            other, other_record = recent[bits(32) * len(recent) >> 32]
            people = [namesake(maker, f"E{done:0{entity_width}d}", other)]
        else:
            people = [maker.person(f"E{done:0{entity_width}d}", country)]
        primaries = []
        for person in people:
            place = next(places)
            primary, _, updated = maker.record(person, ids[place], corrupt=False)
            records[place], entities[place] = primary, person.entity
            for _ in range(extras[done]):
                place = next(places)
                duplicate, kinds, _ = maker.record(person, ids[place], corrupt=True, after=updated)
                records[place], entities[place] = duplicate, person.entity
                if kinds:
                    corruptions[ids[place]] = tuple(kinds)
            primaries.append(primary)
            if len(recent) < _data.NAMESAKE_MEMORY:
                recent.append((person, primary))
            else:
                recent[done % _data.NAMESAKE_MEMORY] = (person, primary)
            done += 1
        if kind == "n":
            groups["n"].append([other_record, primaries[0]])
        elif kind != "single":
            groups[kind].append(primaries)

    def ids_of(kind: str) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted(tuple(sorted(str(r["id"]) for r in group)) for group in groups[kind]))

    return SyntheticPeople(
        records=tuple(records),
        truth=freeze(dict(zip(ids, entities, strict=True))),
        households=ids_of("h"),
        apartments=ids_of("a"),
        namesakes=ids_of("n"),
        corruptions=freeze(corruptions),
    )
