"""Tests of the synthetic people generator (crmkit.testing._people)."""

from __future__ import annotations

import datetime as dt
import itertools
import pickle
import random
import unicodedata
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument
from crmkit.testing._people import (
    CORRUPTION_KINDS,
    RECORD_FIELDS,
    SyntheticPeople,
    generate_people,
)
from crmkit.validation import check_email, check_phone, check_postcode


@pytest.fixture(scope="module")
def sample() -> SyntheticPeople:
    return generate_people(5000, rng=random.Random(20260101))


@pytest.fixture(scope="module")
def clean() -> SyntheticPeople:
    return generate_people(3000, rng=random.Random(7), corruption=0.0)


def test_same_seed_same_output() -> None:
    first = generate_people(500, rng=random.Random(3))
    second = generate_people(500, rng=random.Random(3))
    assert first == second
    assert first.records != generate_people(500, rng=random.Random(4)).records


def test_counts_and_duplicate_share(sample: SyntheticPeople) -> None:
    assert len(sample.records) == 5000
    entities = set(sample.truth.values())
    assert (len(sample.records) - len(entities)) / len(sample.records) == pytest.approx(0.3)
    for rate in (0.0, 0.1, 0.6, 1.0):
        people = generate_people(1000, rng=random.Random(1), duplicate_rate=rate)
        extra = len(people.records) - len(set(people.truth.values()))
        assert extra == min(round(1000 * rate), 999)


def test_truth_is_consistent(sample: SyntheticPeople) -> None:
    ids = [str(record["id"]) for record in sample.records]
    assert len(set(ids)) == len(ids) == len(sample.truth)
    assert set(ids) == set(sample.truth)
    clusters = sample.true_clusters()
    flat = [record_id for cluster in clusters for record_id in cluster]
    assert sorted(flat) == sorted(ids)  # a partition: every id exactly once
    assert list(clusters) == sorted(clusters)
    for cluster in clusters:
        assert len({sample.truth[record_id] for record_id in cluster}) == 1
    expected: set[tuple[str, str]] = set()
    by_entity: dict[str, list[str]] = {}
    for record_id, entity in sample.truth.items():
        by_entity.setdefault(entity, []).append(record_id)
    for members in by_entity.values():
        members.sort()
        expected |= {(x, y) for i, x in enumerate(members) for y in members[i + 1 :]}
    assert sample.true_pairs() == expected


def test_duplicates_are_not_adjacent_and_ids_hide_the_truth(sample: SyntheticPeople) -> None:
    entities = [sample.truth[str(record["id"])] for record in sample.records]
    neighbours = sum(a == b for a, b in itertools.pairwise(entities))
    assert neighbours < 20  # shuffled: same-entity neighbours only by chance (about 2)
    assert all(str(record["id"]).startswith("R") for record in sample.records)


def test_households_share_address_and_family_name(sample: SyntheticPeople) -> None:
    """Households are different people at one address with one family name (texts L5169)."""
    by_id = {record["id"]: record for record in sample.records}
    assert sample.households
    for group in sample.households:
        records = [by_id[record_id] for record_id in group]
        assert len({sample.truth[record_id] for record_id in group}) == len(group) >= 2
        keys = {
            (r["street_number"], r["address_line1"], r["postcode"], r["locality"]) for r in records
        }
        assert len(keys) == 1
        families = {r["family_name"] for r in records if r["family_name"]}
        assert len(families) <= 1


def test_household_members_have_different_given_names() -> None:
    """Relatives never share a given name, not even one that differs only in accents
    ("Seán" / "Sean"): the generator's own rule, so that a household is never a duplicate.

    Many households are needed to meet the rare accented names: with these arguments the
    generator before the fix drew two such households.
    """
    sample = generate_people(60_000, rng=random.Random(3), household_rate=0.9)
    by_id = {record["id"]: record for record in sample.records}

    def folded(name: str) -> str:
        decomposed = unicodedata.normalize("NFKD", name.casefold())
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    for group in sample.households:
        names = [folded(str(by_id[i]["given_name"])) for i in group if by_id[i]["given_name"]]
        assert len(set(names)) == len(names), names


def test_apartments_share_street_address_without_unit(sample: SyntheticPeople) -> None:
    """Residents of unnumbered apartments share a street address and have no unit (L5167)."""
    by_id = {record["id"]: record for record in sample.records}
    assert sample.apartments
    for group in sample.apartments:
        records = [by_id[record_id] for record_id in group]
        assert len({sample.truth[record_id] for record_id in group}) == len(group) >= 2
        assert len({(r["street_number"], r["address_line1"], r["postcode"]) for r in records}) == 1
        assert all(not r["address_line2"] for r in records)


def test_namesakes_share_names_but_are_different_people(sample: SyntheticPeople) -> None:
    assert sample.namesakes
    for group in sample.namesakes:
        assert len(group) == 2
        assert sample.truth[group[0]] != sample.truth[group[1]]


def test_namesake_entities_have_identical_names() -> None:
    people = generate_people(2000, rng=random.Random(11), namesake_rate=0.2, corruption=0.0)
    by_id = {record["id"]: record for record in people.records}
    for left, right in people.namesakes:
        pair = (by_id[left], by_id[right])
        if all(record["given_name"] and record["family_name"] for record in pair):
            assert pair[0]["given_name"] == pair[1]["given_name"]
            assert pair[0]["family_name"] == pair[1]["family_name"]
        assert pair[0]["email"] != pair[1]["email"] or not pair[0]["email"]


def test_twins_occur_in_households() -> None:
    """Twins: same family name, address and birth date, different given names."""
    people = generate_people(20000, rng=random.Random(5), household_rate=0.3, corruption=0.0)
    by_id = {record["id"]: record for record in people.records}
    twins = 0
    for group in people.households:
        dates = [by_id[record_id]["birth_date"] for record_id in group]
        known = [date for date in dates if date]
        twins += len(known) != len(set(known))
    assert twins > 0


def test_every_corruption_kind_appears(sample: SyntheticPeople) -> None:
    seen = Counter(
        label.split(":", 1)[1] for labels in sample.corruptions.values() for label in labels
    )
    assert set(CORRUPTION_KINDS) <= set(seen), set(CORRUPTION_KINDS) - set(seen)
    assert set(seen) <= set(CORRUPTION_KINDS) | {"case"}


def test_the_texts_mr_dr_case_is_generated(sample: SyntheticPeople) -> None:
    """One customer filed as "Mr" and as "Dr" (L5172–5173) must appear among duplicates."""
    titles: dict[str, set[str]] = {}
    for record in sample.records:
        if record["title"]:
            titles.setdefault(sample.truth[str(record["id"])], set()).add(str(record["title"]))
    assert any({"Mr", "Dr"} <= found for found in titles.values())


def test_clean_values_are_valid(clean: SyntheticPeople) -> None:
    phones = valid_phones = 0
    for record in clean.records:
        country = str(record["country"])
        if record["email"]:
            assert check_email(record["email"]).valid, record["email"]
        assert check_postcode(
            record["postcode"],
            country=country,
            region=(str(record["region"]) if country == "US" and record["region"] else None),
        ).valid, record
        if record["phone"]:
            phones += 1
            valid_phones += check_phone(record["phone"], region=country).valid
        if record["birth_date"]:
            born = dt.date.fromisoformat(str(record["birth_date"]))
            assert dt.date(1935, 1, 1) < born < dt.date(2008, 1, 2)
    assert valid_phones >= 0.95 * phones


def test_arguments_are_checked() -> None:
    rng = random.Random(0)
    with pytest.raises(InvalidArgument, match="'count'"):
        generate_people(-1, rng=rng)
    with pytest.raises(InvalidArgument, match=r"'duplicate_rate'.*1\.5"):
        generate_people(10, rng=rng, duplicate_rate=1.5)
    with pytest.raises(InvalidArgument, match="'corruption'"):
        generate_people(10, rng=rng, corruption=float("nan"))
    with pytest.raises(InvalidArgument, match="'countries'"):
        generate_people(10, rng=rng, countries=("FR",))
    with pytest.raises(InvalidArgument, match="'rng'"):
        generate_people(10, rng=0)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="'as_of'"):
        generate_people(10, rng=rng, as_of=dt.datetime(2026, 1, 1))
    assert generate_people(0, rng=rng).records == ()


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32), count=st.integers(0, 60), rate=st.floats(0, 1))
def test_records_have_canonical_fields_and_unique_ids(seed: int, count: int, rate: float) -> None:
    """Whatever the seed and size, every record has exactly the canonical fields, ids are
    unique, and the truth covers every record."""
    people = generate_people(count, rng=random.Random(seed), duplicate_rate=rate, corruption=1.0)
    assert len(people.records) == count
    assert all(tuple(record) == RECORD_FIELDS for record in people.records)
    ids = [record["id"] for record in people.records]
    assert len(set(ids)) == count
    assert set(people.truth) == set(ids)
    assert all(
        value is None or isinstance(value, str) for r in people.records for value in r.values()
    )


def test_results_pickle(sample: SyntheticPeople) -> None:
    """A result crosses a process pool: it pickles and comes back equal, mappings included."""
    restored = pickle.loads(pickle.dumps(sample))
    assert restored == sample
    assert restored.truth == sample.truth
    assert restored.corruptions == sample.corruptions
