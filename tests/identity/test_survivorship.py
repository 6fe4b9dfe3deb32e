"""Survivorship: golden cases per rule, merge checks and the business rules as properties.

Expected values below are worked out by hand from each rule's documented ranking chain
(the module docstrings of crmkit.identity._policy and _survivorship), never pasted from the
code's output. Policy checks are in test_policy.py.
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import random

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import InvalidArgument, InvalidDefinition
from crmkit.identity._golden import Candidate, GoldenRecord
from crmkit.identity._policy import (
    _CHAINS,
    DECIDED_BY,
    Custom,
    Longest,
    MostComplete,
    MostFrequent,
    MostRecent,
    SourcePriority,
    SurvivorshipPolicy,
)
from crmkit.identity._survivorship import _VALUE_STEPS, merge, merge_clusters
from crmkit.validation import is_missing

NO_TIME = SurvivorshipPolicy(default=MostComplete(), timestamp_field=None)


def pick(golden: GoldenRecord, field: str) -> tuple[object, str, str]:
    prov = golden.provenance[field]
    return prov.value, prov.record_id, prov.decided_by


# --- the texts' cases ----------------------------------------------------------------------


def test_mr_and_dr_keep_one_title_and_the_other_as_alternative() -> None:
    """CRM text L5172–5173: "separate records for a customer under different titles such as
    Mr and Dr" must not both survive. The golden record keeps one title (the newer record's,
    under the default MostRecent) and keeps "Mr" as an alternative, so nothing is lost."""
    records = [
        {"id": "list-81", "title": "Mr", "given_name": "Peter", "family_name": "Jansen",
         "source": "list", "updated_at": "2019-03-02"},
        {"id": "crm-12", "title": "Dr", "given_name": "Peter", "family_name": "Jansen",
         "source": "crm", "updated_at": "2024-11-05"},
    ]  # fmt: skip
    golden = merge(records, policy=SurvivorshipPolicy())
    assert pick(golden, "title") == ("Dr", "crm-12", "timestamp")
    assert [(a.value, a.record_id, a.source) for a in golden.provenance["title"].alternatives] == [
        ("Mr", "list-81", "list")
    ]
    assert golden.values["given_name"] == "Peter"
    assert golden.provenance["given_name"].decided_by == "unanimous"
    assert golden.record_ids == ("crm-12", "list-81")


def test_proper_description_survives_and_duplicated_information_goes() -> None:
    """CRM text L3692–3695: identify duplicates, keep "the proper description", remove the
    duplicated information. One golden record replaces three, every field filled from the
    member that has it (a blank or NaN never beats a value)."""
    records = [
        {"id": 3, "email": "", "phone": "+31 20 555 0101", "postcode": float("nan")},
        {"id": 1, "email": "p.jansen@example.nl", "phone": None, "postcode": "1012 AB"},
        {"id": 2, "email": "  ", "phone": None, "postcode": None},
    ]
    golden = merge(records, policy=NO_TIME)
    assert golden.to_dict() == {
        "email": "p.jansen@example.nl",
        "phone": "+31 20 555 0101",
        "postcode": "1012 AB",
    }
    assert golden.record_ids == ("1", "2", "3")


# --- one golden case per rule --------------------------------------------------------------


def test_most_recent_reads_dates_datetimes_and_iso_text_alike() -> None:
    # r2's datetime is 09:30 on the day r1's date starts (midnight), so r2 is the newest.
    records = [
        {"id": "r1", "city": "Leiden", "updated_at": "2023-05-01"},
        {"id": "r2", "city": "Delft", "updated_at": dt.datetime(2023, 5, 1, 9, 30)},
        {"id": "r3", "city": "Gouda", "updated_at": dt.date(2022, 1, 1)},
    ]
    golden = merge(records, policy=SurvivorshipPolicy())
    assert pick(golden, "city") == ("Delft", "r2", "timestamp")
    alternatives = golden.provenance["city"].alternatives
    assert [a.record_id for a in alternatives] == ["r1", "r3"]  # runner-up first
    assert alternatives[0].timestamp == dt.date(2023, 5, 1)


def test_most_recent_compares_aware_times_as_instants() -> None:
    # 10:00+02:00 is 08:00 UTC, earlier than 09:00+00:00 despite the later wall-clock time.
    records = [
        {"id": "a", "city": "Berlin", "updated_at": "2024-01-01T10:00:00+02:00"},
        {"id": "b", "city": "London", "updated_at": "2024-01-01T09:00:00Z"},
    ]
    assert pick(merge(records, policy=SurvivorshipPolicy()), "city")[:2] == ("London", "b")


def test_most_recent_without_timestamps_falls_back_to_completeness_then_id() -> None:
    # No record has a timestamp: the chain's next step (most filled fields) decides; b fills
    # 2 fields, a and c fill 1. Between a and c (both 1 field) the smaller id wins.
    records = [
        {"id": "c", "city": "Gouda"},
        {"id": "b", "city": "Delft", "phone": "+31 15 555 0100"},
        {"id": "a", "city": "Leiden"},
    ]
    assert pick(merge(records, policy=SurvivorshipPolicy()), "city") == (
        "Delft",
        "b",
        "completeness",
    )
    tie = merge([records[0], records[2]], policy=SurvivorshipPolicy())
    assert pick(tie, "city") == ("Leiden", "a", "record_id")


def test_records_without_a_timestamp_rank_below_those_with_one() -> None:
    records = [
        {"id": "a", "city": "Leiden", "phone": "1", "email": "x@example.com"},
        {"id": "b", "city": "Delft", "updated_at": "2001-01-01"},
    ]
    assert pick(merge(records, policy=SurvivorshipPolicy()), "city")[:2] == ("Delft", "b")


def test_most_complete_counts_filled_fields_not_blank_ones() -> None:
    # a has 3 keys but two are blank or NaN: 1 filled. b fills 2. The id is not counted.
    records = [
        {"id": "a", "name": "Ann", "phone": " ", "email": float("nan")},
        {"id": "b", "name": "Ann Lee", "phone": "+44 20 7946 0000"},
    ]
    assert pick(merge(records, policy=NO_TIME), "name") == ("Ann Lee", "b", "completeness")


def test_most_frequent_counts_casefolded_and_returns_an_original_spelling() -> None:
    # Groups after casefold + whitespace collapse: "acme ltd" x3, "acme limited" x2.
    # Within "acme ltd" the exact spelling "acme ltd" (x2) beats "ACME  LTD" (x1).
    policy = SurvivorshipPolicy(default=MostFrequent())
    values = ["ACME  LTD", "acme ltd", "acme ltd", "Acme Limited", "Acme Limited"]
    records = [{"id": f"r{i}", "company": v} for i, v in enumerate(values)]
    value, record_id, decided_by = pick(merge(records, policy=policy), "company")
    assert value == "acme ltd"
    assert record_id == "r1"  # r1 and r2 tie on everything else; the smaller id wins
    # The best candidate with a different value is "ACME  LTD" (same group): spelling decided.
    assert decided_by == "spelling"
    # Without the rival spelling, the group count against "Acme Limited" decides.
    two_groups = [r for r in records if r["company"] != "ACME  LTD"] + [
        {"id": "r9", "company": "acme ltd"}
    ]
    assert pick(merge(two_groups, policy=policy), "company") == ("acme ltd", "r1", "frequency")


def test_most_frequent_tie_between_groups_goes_to_the_most_recent() -> None:
    policy = SurvivorshipPolicy(default=MostFrequent())
    records = [
        {"id": "a", "city": "Leiden", "updated_at": "2020-01-01"},
        {"id": "b", "city": "Delft", "updated_at": "2024-01-01"},
    ]
    assert pick(merge(records, policy=policy), "city") == ("Delft", "b", "timestamp")


def test_source_priority_ranks_unlisted_and_missing_sources_last() -> None:
    policy = SurvivorshipPolicy(default=SourcePriority(order=("crm", "web")))
    records = [
        {"id": "a", "email": "a@list.example", "source": "list", "updated_at": "2025-01-01"},
        {"id": "b", "email": "b@none.example", "updated_at": "2025-06-01"},
        {"id": "c", "email": "c@web.example", "source": "web", "updated_at": "2019-01-01"},
    ]
    golden = merge(records, policy=policy)
    assert pick(golden, "email") == ("c@web.example", "c", "source")
    # a (unlisted) and b (no source) tie on source; b is more recent.
    assert [a.record_id for a in golden.provenance["email"].alternatives] == ["b", "a"]


def test_longest_ignores_padding() -> None:
    policy = SurvivorshipPolicy(default=Longest(), timestamp_field=None)
    records = [
        {"id": "a", "given_name": "Jon         "},  # 3 characters once stripped
        {"id": "b", "given_name": "Jonathan"},
        {"id": "c", "given_name": "J."},
    ]
    assert pick(merge(records, policy=policy), "given_name") == ("Jonathan", "b", "length")
    # "Ann   Lee" collapses to "Ann Lee": 7 characters, as long as "Ann-Lee"; a wins on id.
    same = [{"id": "b", "n": "Ann   Lee"}, {"id": "a", "n": "Ann-Lee"}]
    assert pick(merge(same, policy=policy), "n") == ("Ann-Lee", "a", "record_id")


def test_custom_rule_sees_candidates_with_provenance_in_id_order() -> None:
    seen: list[tuple[Candidate, ...]] = []
    courtesy = {"mr", "mrs", "ms", "miss", "mx"}

    def professional_title(candidates: tuple[Candidate, ...]) -> Candidate:
        seen.append(candidates)
        return next((c for c in candidates if c.value.lower() not in courtesy), candidates[0])  # type: ignore[attr-defined]

    policy = SurvivorshipPolicy(
        rules={"title": Custom(choose=professional_title, name="professional_title")}
    )
    records = [
        {"id": "z", "title": "Mr", "source": "crm", "updated_at": "2025-01-01"},
        {"id": "y", "title": None},
        {"id": "x", "title": "Dr", "source": "web"},
    ]
    golden = merge(records, policy=policy)
    assert [(c.record_id, c.value, c.source) for c in seen[0]] == [
        ("x", "Dr", "web"),
        ("z", "Mr", "crm"),
    ]
    prov = golden.provenance["title"]
    assert (prov.value, prov.record_id, prov.rule, prov.decided_by) == (
        "Dr",
        "x",
        "professional_title",
        "custom",
    )
    assert [a.value for a in prov.alternatives] == ["Mr"]


def test_custom_rule_must_return_a_candidate() -> None:
    policy = SurvivorshipPolicy(default=Custom(choose=lambda cs: cs[0].value, name="bad"))  # type: ignore[arg-type, return-value]
    with pytest.raises(InvalidDefinition, match=r"custom rule 'bad' must return one of .*'Mr'"):
        merge([{"id": 1, "title": "Mr"}], policy=policy)


def test_per_field_rules_override_the_default() -> None:
    policy = SurvivorshipPolicy(default=Longest(), rules={"city": MostRecent()})
    records = [
        {"id": "a", "city": "Amsterdam", "name": "Ann", "updated_at": "2020-01-01"},
        {"id": "b", "city": "Delft", "name": "Ann Lee", "updated_at": "2024-01-01"},
    ]
    golden = merge(records, policy=policy)
    assert golden.provenance["city"].rule == "most_recent"
    assert golden.values["city"] == "Delft"
    assert golden.provenance["name"].rule == "longest"


# --- inputs --------------------------------------------------------------------------------


@attrs.frozen
class Contact:
    id: str
    email: str | None
    source: str | None = None


def test_attrs_instances_are_records() -> None:
    golden = merge([Contact("k1", None), Contact("k2", "k@example.com", "web")], policy=NO_TIME)
    assert golden.to_dict() == {"email": "k@example.com", "source": "web"}


def test_inputs_are_not_changed() -> None:
    records = [{"id": "a", "tags": ["x"], "updated_at": "2020-01-01"}, {"id": "b", "tags": ["y"]}]
    before = copy.deepcopy(records)
    merge(records, policy=SurvivorshipPolicy(default=MostFrequent()))
    assert records == before


def test_fields_filled_by_no_record_are_absent() -> None:
    golden = merge([{"id": 1, "fax": None, "name": "Ann"}, {"id": 2, "fax": ""}], policy=NO_TIME)
    assert "fax" not in golden.values
    assert golden.provenance.keys() == golden.values.keys() == {"name"}


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([], r"'records' must hold at least one record"),
        ([{"id": 1}, {"id": "1"}], r"'id' values must be unique \(got '1' twice\)"),
        ([{"name": "Ann"}], r"'records\[0\]' has no 'id' \(got None\)"),
        ([["id", 1]], r"'records\[0\]' must be a mapping or an attrs instance \(got \['id', 1\]\)"),
        (
            [{"id": 1, "updated_at": "01/02/2024"}],
            r"'updated_at' of record '1' must be .*'01/02/2024'",
        ),
        ([{"id": 1, "updated_at": 1700000000}], r"'updated_at' of record '1' must be .*1700000000"),
    ],
)
def test_bad_records_are_refused(records, message) -> None:
    with pytest.raises(InvalidArgument, match=message):
        merge(records, policy=SurvivorshipPolicy())


def test_naive_and_aware_timestamps_do_not_mix() -> None:
    records = [
        {"id": "a", "updated_at": dt.date(2024, 1, 1)},
        {"id": "b", "updated_at": "2024-01-02T00:00:00+00:00"},
    ]
    with pytest.raises(
        InvalidArgument, match=r"'updated_at' mixes naive .*'a'.*aware .*'b'"
    ) as info:
        merge(records, policy=SurvivorshipPolicy())
    assert info.value.field == "updated_at"


# --- ranking chains ------------------------------------------------------------------------


def test_decided_by_documents_every_step() -> None:
    steps = {step for chain in _CHAINS.values() for step in chain}
    assert steps | {"unanimous", "custom"} == set(DECIDED_BY)
    for chain in _CHAINS.values():  # keys are value scores then record scores, in chain order
        kinds = [step in _VALUE_STEPS for step in chain]
        assert kinds == sorted(kinds, reverse=True)
        assert chain[-1] == "record_id"


# --- clusters ------------------------------------------------------------------------------


def test_merge_clusters_gives_one_golden_record_per_cluster_in_order() -> None:
    records = [
        {"id": 1, "name": "Ann"},
        {"id": 2, "name": "Ann Lee"},
        {"id": 3, "name": "Bo"},
    ]
    goldens = merge_clusters(records, (("3",), ("1", "2")), policy=NO_TIME)
    assert [g.record_ids for g in goldens] == [("3",), ("1", "2")]
    assert [g.values["name"] for g in goldens] == ["Bo", "Ann"]  # 1 and 2 tie; id "1" wins


@pytest.mark.parametrize(
    ("clusters", "message"),
    [
        ((("1", "2"),), r"records \['3'\] are in none"),
        ((("1", "2"), ("2", "3")), r"must not repeat a record id \(got '2' twice\)"),
        ((("1", "2", "3", "9"),), r"unknown record id \(got '9'\)"),
        ((("1", "2", "3"), ()), r"'clusters\[1\]' must be a non-empty tuple"),
        (("123",), r"'clusters\[0\]' must be a non-empty tuple of record ids \(got '123'\)"),
    ],
)
def test_merge_clusters_needs_a_partition(clusters, message) -> None:
    records = [{"id": i, "name": "x"} for i in (1, 2, 3)]
    with pytest.raises(InvalidArgument, match=message):
        merge_clusters(records, clusters, policy=NO_TIME)


# --- display -------------------------------------------------------------------------------


def test_text_and_html_tables_show_other_values_once_with_their_records() -> None:
    records = [
        {"id": "a", "title": "Mr"},
        {"id": "b", "title": "Dr", "phone": "<b>1</b>"},
        {"id": "c", "title": "Mr"},
    ]
    golden = merge(records, policy=NO_TIME)
    # b fills 2 fields and wins; a and c both hold "Mr": one entry naming both.
    assert str(golden).splitlines()[2].split() == [
        "title",
        "Dr",
        "b",
        "-",
        "most_complete",
        "Mr",
        "(a,",
        "c)",
    ]
    page = golden._repr_html_()
    assert "<td>Mr (a, c)</td>" in page
    assert "&lt;b&gt;1&lt;/b&gt;" in page
    assert "<b>1</b>" not in page


# --- properties ----------------------------------------------------------------------------

VALUES = st.one_of(
    st.none(),
    st.sampled_from(["", "  ", float("nan"), "Mr", "mr", "Dr", " Dr ", "Ann Lee", "ann  lee", "x"]),
    st.integers(0, 3),
    st.lists(st.integers(0, 1), max_size=2),
)
STAMPS = st.one_of(
    st.none(),
    st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 4)),
    st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2020, 1, 4)),
    st.dates(dt.date(2020, 1, 1), dt.date(2020, 1, 4)).map(dt.date.isoformat),
)
FIELDS = ("title", "name", "email")


@st.composite
def record_lists(draw):
    ids = draw(
        st.lists(st.text("abc", min_size=1, max_size=3), min_size=1, max_size=6, unique=True)
    )
    records = []
    for record_id in ids:
        record = {"id": record_id}
        for field in draw(st.lists(st.sampled_from(FIELDS), unique=True)):
            record[field] = draw(VALUES)
        source = draw(st.sampled_from([None, "crm", "web", "list"]))
        if source is not None:
            record["source"] = source
        record["updated_at"] = draw(STAMPS)
        records.append(record)
    return records


def _by_text(candidates):
    return max(candidates, key=lambda c: (str(c.value), c.record_id))


RULES = st.sampled_from(
    [
        MostRecent(),
        MostComplete(),
        MostFrequent(),
        Longest(),
        SourcePriority(order=("web", "crm")),
        Custom(choose=_by_text, name="max_text"),
    ]
)
POLICIES = st.builds(
    lambda default, rules: SurvivorshipPolicy(default=default, rules=rules),
    RULES,
    st.dictionaries(st.sampled_from(FIELDS), RULES, max_size=2),
)
BUILT_IN_RULES = st.sampled_from(
    [MostRecent(), MostComplete(), MostFrequent(), Longest(), SourcePriority(order=("web", "crm"))]
)
PROPERTY = settings(max_examples=60, deadline=None)


@PROPERTY
@given(record_lists(), POLICIES, st.randoms(use_true_random=False))
def test_merge_does_not_depend_on_record_order(records, policy, rng) -> None:
    """Business rule: the golden record depends on the records, not on the order they came
    in (ids are unique, and every tie-break chain ends with the record id)."""
    shuffled = records[:]
    rng.shuffle(shuffled)
    first, second = merge(records, policy=policy), merge(shuffled, policy=policy)
    assert first == second
    assert str(first) == str(second)


@PROPERTY
@given(record_lists(), POLICIES)
def test_no_value_is_lost_and_chosen_values_come_from_the_inputs(records, policy) -> None:
    """Business rule: nothing is lost: for every field, each record's non-missing value is
    either the chosen value or one of the alternatives, with that record's id and source; the
    chosen value is always an input value, and a missing value is never chosen."""
    golden = merge(records, policy=policy)
    expected = {
        (field, str(r["id"]), repr(value), r.get("source"))
        for r in records
        for field, value in r.items()
        if field != "id" and not is_missing(value)
    }
    found = set()
    for field, prov in golden.provenance.items():
        assert golden.values[field] is prov.value
        found.add((field, prov.record_id, repr(prov.value), prov.source))
        for alt in prov.alternatives:
            found.add((field, alt.record_id, repr(alt.value), alt.source))
        assert len(prov.alternatives) + 1 == sum(1 for r in records if not is_missing(r.get(field)))
        assert prov.decided_by in DECIDED_BY
    assert found == expected


@PROPERTY
@given(record_lists(), POLICIES)
def test_merge_is_idempotent(records, policy) -> None:
    """Business rule: a golden record is a fixed point: merging its values again (alone or
    with a copy of itself) gives the same values back."""
    values = merge(records, policy=policy).to_dict()
    alone = merge([{"id": "g", **values}], policy=policy)
    twice = merge([{"id": "g1", **values}, {"id": "g2", **values}], policy=policy)
    assert alone.to_dict() == values
    assert twice.to_dict() == values


@PROPERTY
@given(record_lists(), st.randoms(use_true_random=False))
def test_merge_clusters_equals_merge_per_cluster(records, rng: random.Random) -> None:
    """Business rule: merging a partition cluster by cluster is merging each cluster alone;
    no record is lost or used twice."""
    ids = [str(r["id"]) for r in records]
    rng.shuffle(ids)
    cut = rng.randint(0, len(ids))
    clusters = tuple(c for c in (tuple(ids[:cut]), tuple(ids[cut:])) if c)
    policy = SurvivorshipPolicy()
    goldens = merge_clusters(records, clusters, policy=policy)
    by_id = {str(r["id"]): r for r in records}
    assert goldens == tuple(merge([by_id[i] for i in c], policy=policy) for c in clusters)
    assert sorted(i for g in goldens for i in g.record_ids) == sorted(ids)


@PROPERTY
@given(
    record_lists(),
    st.builds(
        lambda default, rules: SurvivorshipPolicy(default=default, rules=rules),
        BUILT_IN_RULES,
        st.dictionaries(st.sampled_from(FIELDS), BUILT_IN_RULES, max_size=2),
    ),
)
def test_golden_records_and_policies_pickle(records, policy) -> None:
    """Business rule: golden records cross process pools and caches: they and policies of
    built-in rules unpickle equal, provenance and display included. (A Custom rule pickles
    only if its function does.)"""
    golden = merge(records, policy=policy)
    assert pickle.loads(pickle.dumps(policy)) == policy
    restored = pickle.loads(pickle.dumps(golden))
    assert restored == golden
    assert str(restored) == str(golden)
