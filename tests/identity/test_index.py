"""MatchIndex: incremental matching with stable cluster ids."""

from __future__ import annotations

import attrs
import pytest

from crmkit import InvalidArgument
from crmkit.identity._index import ClusterMerge, MatchIndex
from crmkit.identity._pipeline import dedupe

PEOPLE = (("Ann", "Lee", "1980-01-02"), ("Bob", "Khan", "1975-05-06"), ("Cy", "Ode", "1990-09-09"))


def _records(count: int = 60) -> list[dict[str, object]]:
    return [
        {
            "id": f"r{n}",
            "given_name": PEOPLE[n % 3][0],
            "family_name": f"{PEOPLE[n % 3][1]}{n // 6}",
            "birth_date": f"19{60 + n // 6}-0{1 + n % 3}-1{n % 3}",
            "email": f"{PEOPLE[n % 3][0].lower()}{n // 6}@example.org",
        }
        for n in range(count)
    ]


@pytest.fixture
def index() -> MatchIndex:
    records = _records()
    return MatchIndex.from_result(records, dedupe(records))


def test_existing_cluster_ids_never_change_when_records_arrive(index: MatchIndex) -> None:
    """Business rule: ids issued before an arrival still name the same records after it."""
    before = {f"r{n}": index.cluster_id(f"r{n}") for n in range(60)}
    index.add({"id": "x1", "given_name": "Zed", "family_name": "Quinn", "email": "zed@q.org"})
    index.add(
        {
            "id": "x2",
            "given_name": "Ann",
            "family_name": "Lee3",
            "email": "ann3@example.org",
            "birth_date": "1980-01-02",
        }
    )
    assert {rid: index.cluster_id(rid) for rid in before} == before


def test_new_person_gets_a_new_cluster_and_a_duplicate_joins_its_cluster(index: MatchIndex) -> None:
    new = index.add({"id": "x1", "given_name": "Zed", "family_name": "Quinn", "email": "zed@q.org"})
    assert new.new_cluster
    assert new.cluster_id == "C:x1"
    again = index.add(
        {"id": "x2", "given_name": "Zed", "family_name": "Quinn", "email": "zed@q.org"}
    )
    assert (again.cluster_id, again.new_cluster) == ("C:x1", False)
    assert index.cluster_id("x2") == "C:x1"


def test_a_record_that_bridges_two_clusters_merges_them_as_an_event() -> None:
    """Two clusters of one person (an e-mail-only and a phone-only record) are merged when a
    record with both arrives; the merge is reported, the surviving id is the older one."""
    records = [
        {**record, "phone": f"+44 20 7946 {n // 6:04d}", "country": "GB"}
        for n, record in enumerate(_records())
    ]
    records += [
        {
            "id": "a",
            "given_name": "Ann",
            "family_name": "Lee",
            "email": "ann@x.org",
            "birth_date": "1977-07-07",
        },
        {
            "id": "b",
            "given_name": "Ann",
            "family_name": "Lee",
            "phone": "+44 20 7946 0958",
            "country": "GB",
            "birth_date": "1977-07-07",
        },
    ]
    result = dedupe(records)
    apart = tuple(c for c in result.clusters if "a" not in c and "b" not in c)
    index = MatchIndex.from_result(records, attrs.evolve(result, clusters=(*apart, ("a",), ("b",))))
    bridge = index.add(
        {
            "id": "c",
            "given_name": "Ann",
            "family_name": "Lee",
            "email": "ann@x.org",
            "phone": "+44 20 7946 0958",
            "country": "GB",
            "birth_date": "1977-07-07",
        }
    )
    assert bridge.cluster_id == "C:a"
    assert bridge.merges == (ClusterMerge(absorbed="C:b", surviving="C:a", record_id="c"),)
    assert index.cluster_id("a") == index.cluster_id("b") == "C:a"
    assert list(index.events) == list(bridge.merges)


def test_query_ranks_with_explanations(index: MatchIndex) -> None:
    matches = index.query(
        {"given_name": "Ann", "family_name": "Lee0", "email": "ann0@example.org", "id": "q"}
    )
    assert matches
    assert [m.match_weight for m in matches] == sorted(
        (m.match_weight for m in matches), reverse=True
    )
    assert matches[0].cluster_id == "C:r0"
    assert any(c.comparison == "email" for c in matches[0].contributions)


def test_duplicate_ids_are_rejected(index: MatchIndex) -> None:
    with pytest.raises(InvalidArgument, match="already in the index"):
        index.add({"id": "r0", "given_name": "Ann"})


def test_a_record_bridging_two_people_joins_one_and_does_not_chain_them() -> None:
    """Business rule: a new record like two different people (one by e-mail, the other by
    phone; the two disagree on birth date under one family name, a household veto) joins
    one cluster and does not merge the two, as dedupe splits such a component."""
    records = [dict(r, phone=f"+44 20 7946 {n:04d}") for n, r in enumerate(_records())]
    zoe = {"given_name": "Zoe", "family_name": "Quinn"}
    records += [
        {"id": f"a{n}", **zoe, "email": "zoe@a.org", "birth_date": "1970-01-01"} for n in (1, 2)
    ]
    records += [
        {"id": f"b{n}", **zoe, "phone": "+44 20 7000 0002", "birth_date": "1980-06-06"}
        for n in (1, 2)
    ]
    index = MatchIndex.from_result(records, dedupe(records))
    bridge = {"id": "x", **zoe, "email": "zoe@a.org", "phone": "+44 20 7000 0002"}
    matched = {m.cluster_id for m in index.query(bridge) if m.matched}
    assert matched == {"C:a1", "C:b1"}  # the record is like both people
    assignment = index.add(bridge)
    assert assignment.merges == ()
    assert assignment.cluster_id in matched
    assert index.cluster_id("a1") != index.cluster_id("b1")
