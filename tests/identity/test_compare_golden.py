"""Golden tests for every comparison level kind, and for the default comparisons.

Rule for this module: every expected value comes from a cited source or from a calculation
done by hand (written out next to it), never from crmkit's own output. For each kind there is
a pair that meets the level, a pair that just misses it (at the threshold's boundary where
the kind has one), the null level when either side is missing, and symmetry
(``level(a, b) == level(b, a)``, checked by :func:`level_of` on every pair).

Single-level comparisons are used, so the levels read: 0 null, 1 meets, 2 else (misses).
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from crmkit import InvalidDefinition
from crmkit.identity._compare import LEVEL_KINDS, SWAPPED_SIMILARITY, Comparison, Level
from crmkit.identity._normalize import MatchKeys, match_keys
from crmkit.identity._settings import default_settings

NULL, MEETS, MISSES = 0, 1, 2


def keys(**values) -> MatchKeys:
    return MatchKeys(id=values.pop("id", "x"), **values)


def rec(**fields) -> MatchKeys:
    """The match keys of a raw record with canonical field names."""
    return match_keys({"id": "x", **fields})


def single(kind: str, key: str, threshold: float | None = None) -> Comparison:
    return Comparison(name=key, key=key, levels=(Level(kind=kind, threshold=threshold),))


def level_of(comparison: Comparison, a: MatchKeys, b: MatchKeys) -> int:
    """The level of a pair, after checking that it does not depend on the order."""
    forward, backward = comparison.level(a, b), comparison.level(b, a)
    assert forward == backward, f"asymmetric: level(a, b)={forward}, level(b, a)={backward}"
    return forward


# --------------------------------------------------------------------------------------------
# Independent reference implementations (pure Python, written from the papers' definitions)


def jaro(s1: str, s2: str) -> float:
    """Jaro (1989): m matches within floor(max(|s1|, |s2|) / 2) - 1, t = half the matched
    characters out of order; J = (m/|s1| + m/|s2| + (m - t)/m) / 3."""
    if not s1 or not s2:
        return 0.0
    window = max(max(len(s1), len(s2)) // 2 - 1, 0)
    taken = [False] * len(s2)
    matched1 = []
    for i, ch in enumerate(s1):
        for j in range(max(0, i - window), min(len(s2), i + window + 1)):
            if not taken[j] and s2[j] == ch:
                taken[j] = True
                matched1.append(ch)
                break
    m = len(matched1)
    if m == 0:
        return 0.0
    matched2 = [s2[j] for j in range(len(s2)) if taken[j]]
    t = sum(a != b for a, b in zip(matched1, matched2, strict=True)) / 2
    return (m / len(s1) + m / len(s2) + (m - t) / m) / 3


def jaro_winkler(s1: str, s2: str, p: float = 0.1) -> float:
    """Winkler (1990): JW = J + l * p * (1 - J), l the common prefix length, at most 4."""
    j = jaro(s1, s2)
    prefix = 0
    for a, b in zip(s1[:4], s2[:4], strict=False):
        if a != b:
            break
        prefix += 1
    return j + prefix * p * (1 - j)


def levenshtein(s1: str, s2: str) -> int:
    """Levenshtein (1966) distance by the Wagner–Fischer dynamic programme."""
    previous = list(range(len(s2) + 1))
    for i, a in enumerate(s1, start=1):
        current = [i]
        for j, b in enumerate(s2, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


# --------------------------------------------------------------------------------------------
# jaro_winkler

# Winkler (1990), "String Comparator Metrics and Enhanced Decision Rules in the Fellegi-Sunter
# Model of Record Linkage" (ASA Proc. Survey Research Methods), comparator table; also
# ../shared/domain/anchors-scoring-lifecycle-validation.md §C.5 (MARTHA/MARHTA 0.9611, Jaro
# 0.9444). Hand calculation (p = 0.1, prefix <= 4):
#   MARTHA/MARHTA: m = 6, T/H and H/T out of order, t = 1; J = (1 + 1 + 5/6)/3 = 0.9444;
#                  prefix MAR = 3; JW = 0.9444 + 0.3 * 0.0556 = 0.9611.
#   DWAYNE/DUANE:  window 2; D, A, N, E match, m = 4, t = 0; J = (4/6 + 4/5 + 1)/3 = 37/45
#                  = 0.8222; prefix D = 1; JW = 37/45 + 0.1 * 8/45 = 0.84.
#   DIXON/DICKSONX: window 3; D, I, O, N match (X at 2 vs 7 is outside), m = 4, t = 0;
#                  J = (4/5 + 4/8 + 1)/3 = 0.7667; prefix DI = 2; JW = 0.7667 + 0.2 * 0.2333
#                  = 0.8133.
WINKLER_1990 = [
    ("MARTHA", "MARHTA", 0.944, 0.961),
    ("DWAYNE", "DUANE", 0.822, 0.840),
    ("DIXON", "DICKSONX", 0.767, 0.813),
]


@pytest.mark.parametrize(("s1", "s2", "jaro_value", "jw_value"), WINKLER_1990)
def test_reference_jaro_winkler_reproduces_winkler_1990(s1, s2, jaro_value, jw_value) -> None:
    assert round(jaro(s1, s2), 3) == jaro_value
    assert round(jaro_winkler(s1, s2), 3) == jw_value
    assert jaro(s1, s2) > 0.7  # Winkler's boost threshold: the prefix bonus applies to all three


@pytest.mark.parametrize(("s1", "s2", "jaro_value", "jw_value"), WINKLER_1990)
@pytest.mark.parametrize("offset", [-0.0005, +0.0005])
def test_jaro_winkler_level_decides_like_the_reference(
    s1, s2, jaro_value, jw_value, offset
) -> None:
    """Thresholds just below and just above Winkler's value: meets below, misses above."""
    del jaro_value
    threshold = round(jw_value + offset, 4)
    expected = MEETS if jaro_winkler(s1, s2) >= threshold else MISSES
    assert expected == (MEETS if offset < 0 else MISSES)
    comparison = single("jaro_winkler", "family", threshold)
    # The records go through match_keys, which folds "MARTHA" to "martha" on both sides.
    a, b = rec(family_name=s1), rec(family_name=s2)
    assert level_of(comparison, a, b) == expected


def test_jaro_winkler_boundary_and_null() -> None:
    # JW(x, x) = 1 exactly (m = |x|, t = 0, J = 1): a threshold of 1 is met by equal names only.
    comparison = single("jaro_winkler", "family", 1.0)
    assert level_of(comparison, keys(family="martha"), keys(family="martha")) == MEETS
    assert level_of(comparison, keys(family="martha"), keys(family="marhta")) == MISSES
    assert level_of(comparison, keys(family=None), keys(family="martha")) == NULL


# --------------------------------------------------------------------------------------------
# levenshtein and damerau_levenshtein


def test_reference_edit_distances() -> None:
    # Levenshtein (1966), the textbook example: kitten -> sitten (k/s) -> sittin (e/i)
    # -> sitting (+g) = 3. "ca" -> "ac" needs two substitutions without transpositions.
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("ca", "ac") == 2


@pytest.mark.parametrize(("threshold", "expected"), [(3, MEETS), (4, MEETS), (2, MISSES)])
def test_levenshtein_kitten_sitting(threshold, expected) -> None:
    """kitten/sitting = 3 edits (Levenshtein 1966): <= 3 meets, <= 2 misses."""
    comparison = single("levenshtein", "family", threshold)
    assert level_of(comparison, keys(family="kitten"), keys(family="sitting")) == expected


@pytest.mark.parametrize(
    ("kind", "threshold", "expected"),
    [
        # Damerau (1964): a transposition of adjacent characters is one edit, so "ca"/"ac" = 1.
        ("damerau_levenshtein", 1, MEETS),
        ("damerau_levenshtein", 0, MISSES),
        # Levenshtein counts it as two substitutions: 2 meets, 1 misses.
        ("levenshtein", 2, MEETS),
        ("levenshtein", 1, MISSES),
    ],
)
def test_transposition_is_one_damerau_edit_and_two_levenshtein_edits(
    kind, threshold, expected
) -> None:
    comparison = single(kind, "national_id", threshold)
    assert level_of(comparison, keys(national_id="ca"), keys(national_id="ac")) == expected


@pytest.mark.parametrize("kind", ["levenshtein", "damerau_levenshtein"])
def test_edit_distance_null_level(kind) -> None:
    comparison = single(kind, "national_id", 1)
    assert level_of(comparison, keys(national_id="ca"), keys()) == NULL
    assert level_of(comparison, keys(), keys()) == NULL


# --------------------------------------------------------------------------------------------
# exact


def test_exact_level_on_normalised_postcodes() -> None:
    # Hand: "sw1a 1aa" and "SW1A1AA" both fold to "SW1A1AA" (spaces and case do not count);
    # "SW1A 2AA" differs in its fifth character.
    comparison = single("exact", "postcode")
    assert level_of(comparison, rec(postcode="sw1a 1aa"), rec(postcode="SW1A1AA")) == MEETS
    assert level_of(comparison, rec(postcode="SW1A 1AA"), rec(postcode="SW1A 2AA")) == MISSES
    assert level_of(comparison, rec(postcode="SW1A 1AA"), rec()) == NULL


# --------------------------------------------------------------------------------------------
# nickname

# The nicknames package 1.0.1 (Carlton Northern, Apache-2.0), names.csv, which crmkit vendors:
#   line 2202 "robert,has_nickname,bob", line 2625 "william,has_nickname,bill",
#   line 1761 "margaret,has_nickname,peggy".
# Non-pair: the rows naming robert as a nickname are bill (396), billy (400) and bob (404),
# so Robert's canonical forms are {robert, bill, billy, bob}; the only row naming richard is
# "dick,has_nickname,richard" (739), so Richard's are {richard, dick}: disjoint.
NICKNAME_PAIRS = [("Bob", "Robert"), ("Bill", "William"), ("Peggy", "Margaret")]


@pytest.mark.parametrize(("short", "formal"), NICKNAME_PAIRS)
def test_nickname_level_meets_on_listed_pairs(short, formal) -> None:
    comparison = single("nickname", "given")
    assert level_of(comparison, rec(given_name=short), rec(given_name=formal)) == MEETS


def test_nickname_level_misses_and_null() -> None:
    comparison = single("nickname", "given")
    assert level_of(comparison, rec(given_name="Robert"), rec(given_name="Richard")) == MISSES
    assert level_of(comparison, rec(given_name="Bob"), rec(family_name="Robert")) == NULL


# --------------------------------------------------------------------------------------------
# initial


# Misspelling: given names one edit apart that are not two names of the nickname table.
# By hand: "Jack"/"Jzck" is one substitution (a typo; "jzck" is in no table);
# "Francis"/"Frances" is one substitution too, but both are listed names (names.csv lists
# francis and frances), so they are two people; "Robrert"/"Robert" is one insertion.
MISSPELLINGS = [
    ("Jack", "Jzck", MEETS),
    ("Robert", "Robrert", MEETS),
    ("Francis", "Frances", MISSES),
    ("Jack", "Jill", MISSES),
]


@pytest.mark.parametrize(("first", "second", "expected"), MISSPELLINGS)
def test_misspelling_level(first, second, expected) -> None:
    comparison = single("misspelling", "given", 1)
    assert level_of(comparison, rec(given_name=first), rec(given_name=second)) == expected


def test_common_names_are_known_names() -> None:
    """LEVEL_KINDS: "not two known names, of the nickname table or common in the run". By
    hand: "Luca" is in no nickname table, so "Luca"/"Lucy" (one substitution) reads as a
    typo, until the run marks "luca" as common; then the two are two people."""
    from crmkit.identity._normalize import with_common_given

    comparison = single("misspelling", "given", 1)
    luca, lucy = rec(given_name="Luca"), rec(given_name="Lucy")
    assert level_of(comparison, luca, lucy) == MEETS
    common = with_common_given(luca, frozenset({"luca"}))
    assert common.given_common
    assert level_of(comparison, common, lucy) == MISSES


@pytest.mark.parametrize(("named", "least"), [(4_000, 5), (20_000, 10)])
def test_a_common_name_holds_one_in_two_thousand_named_records(named, least) -> None:
    """COMMON_GIVEN_NAME_SHARE = 1 / 2000 of the records with a given name, and at least
    MIN_COMMON_GIVEN_NAME_RECORDS = 5 records. By hand: 4,000 named records need max(2, 5)
    = 5; 20,000 need max(10, 5) = 10. A name held by that many is common, one record fewer
    is not; records without a given name do not count."""
    from crmkit.identity._normalize import (
        COMMON_GIVEN_NAME_SHARE,
        MIN_COMMON_GIVEN_NAME_RECORDS,
        MatchKeys,
        common_given_names,
    )

    assert (COMMON_GIVEN_NAME_SHARE, MIN_COMMON_GIVEN_NAME_RECORDS) == (1 / 2000, 5)
    names = ["luca"] * least + ["zeb"] * (least - 1)
    names += ["other"] * (named - len(names))
    keys = [MatchKeys(id=str(n), given=name) for n, name in enumerate(names)]
    keys += [MatchKeys(id=f"x{n}") for n in range(named)]  # no given name
    common = common_given_names(keys)
    assert "luca" in common
    assert "zeb" not in common


def test_misspelling_null_level() -> None:
    comparison = single("misspelling", "given", 1)
    assert level_of(comparison, rec(given_name="Jack"), rec(family_name="Jack")) == NULL


def test_initial_level() -> None:
    """LEVEL_KINDS: "one given name is the other's initial" (hand cases)."""
    comparison = single("initial", "given")
    robert = rec(given_name="Robert")
    assert level_of(comparison, rec(given_name="R."), robert) == MEETS  # "R." folds to "r"
    assert level_of(comparison, rec(given_name="Ro"), robert) == MISSES  # not one letter
    assert level_of(comparison, rec(given_name="Richard"), robert) == MISSES  # same first letter
    assert level_of(comparison, rec(given_name="S"), robert) == MISSES
    assert level_of(comparison, rec(family_name="Smith"), robert) == NULL


# --------------------------------------------------------------------------------------------
# swapped

# Each crossed name must be near the other record's: Jaro–Winkler >= 0.85
# (SWAPPED_SIMILARITY), one edit apart (4 letters or more), a nickname variant, an initial,
# or a compound name's part (4 letters or more). Hand calculation:
#   MICHELLE/MICHAEL: window 3; M, I, C, H, E, L match in order, m = 6, t = 0;
#     J = (6/8 + 6/7 + 1)/3 = 0.8690; prefix MICH = 4; JW = 0.8690 + 0.4 * 0.1310 = 0.9214.
#   TANYA/TONYA: window 1; T, N, Y, A match (the first A has no A within one place), m = 4,
#     t = 0; J = (4/5 + 4/5 + 1)/3 = 0.8667; prefix T = 1; JW = 0.8667 + 0.1 * 0.1333 = 0.88.
#   DWAYNE/DUANE (Winkler 1990's example pair): window 2; D, A, N, E match, m = 4, t = 0;
#     J = (4/6 + 4/5 + 1)/3 = 0.8222; prefix D = 1; JW = 0.8222 + 0.1 * 0.1778 = 0.84 < 0.85,
#     and two edits apart (W -> U, Y deleted).
#   KOWALSKY/KOWALSKI: window 3; K, O, W, A, L, S, K match, m = 7, t = 0;
#     J = (7/8 + 7/8 + 1)/3 = 0.9167; prefix KOWA = 4; JW = 0.9167 + 0.4 * 0.0833 = 0.95.
#   ZHAH/SHAH: window 1; H, A, H match, m = 3, t = 0; J = (3/4 + 3/4 + 1)/3 = 0.8333, no
#     common prefix: JW 0.8333 < 0.85, but one edit apart (Z -> S).


def test_swapped_boundary_values_by_hand() -> None:
    assert SWAPPED_SIMILARITY == 0.85
    assert round(jaro_winkler("michelle", "michael"), 4) == 0.9214
    assert round(jaro_winkler("tanya", "tonya"), 4) == 0.88
    assert round(jaro_winkler("dwayne", "duane"), 4) == 0.84
    assert round(jaro_winkler("zhah", "shah"), 4) == 0.8333
    assert round(jaro_winkler("kowalsky", "kowalski"), 4) == 0.95


def test_swapped_level() -> None:
    comparison = single("swapped", "given")
    a = rec(given_name="Michelle", family_name="Smith")
    # Crossed: michelle/michael 0.921 >= 0.85, smith/smith 1.0.
    assert level_of(comparison, a, rec(given_name="Smith", family_name="Michael")) == MEETS
    # Crossed: tanya/tonya 0.88 >= 0.85.
    tanya = rec(given_name="Tanya", family_name="Smith")
    assert level_of(comparison, tanya, rec(given_name="Smith", family_name="Tonya")) == MEETS
    # Crossed: dwayne/duane 0.84 < 0.85 and two edits: just misses.
    dwayne = rec(given_name="Dwayne", family_name="Smith")
    assert level_of(comparison, dwayne, rec(given_name="Smith", family_name="Duane")) == MISSES
    # Not crossed at all: the same name in the same fields is not a swap.
    assert level_of(comparison, a, a) == MISSES
    # A missing family name on one side leaves nothing to cross (the key, given, is present).
    assert level_of(comparison, a, rec(given_name="Smith")) == MISSES
    assert level_of(comparison, a, rec(family_name="Michelle")) == NULL


@pytest.mark.parametrize(
    ("left", "right"),
    [
        # One edit, 4 letters: zhah/shah (0.833 by hand above), roberf/robert.
        (("Zhah", "Roberf"), ("Robert", "Shah")),
        # names.csv line 2202, "robert,has_nickname,bob": a nickname crossed.
        (("Smith", "Bob"), ("Robert", "Smith")),
        # An initial crossed: M / Mary.
        (("M", "Garcia"), ("Garcia", "Mary")),
        # A compound family name's trailing part crossed: Ruiz / Fernández Ruiz.
        (("Hannah", "Fernández Ruiz"), ("Ruiz", "Hannah")),
    ],
)
def test_swapped_names_keep_their_other_corruptions(left, right) -> None:
    comparison = single("swapped", "given")
    a = rec(given_name=left[0], family_name=left[1])
    b = rec(given_name=right[0], family_name=right[1])
    assert level_of(comparison, a, b) == MEETS


def test_two_common_given_names_are_no_loose_swap() -> None:
    """Residents "William Davis" and "David Williams" at one address: each crossed pair is
    near (william/williams: window 3, m = 7, t = 0, J = (7/7 + 7/8 + 1)/3 = 0.9583, prefix
    4, JW = 0.9583 + 0.4 * 0.0417 = 0.975; davis/david: window 1, m = 4, t = 0, J = (4/5 +
    4/5 + 1)/3 = 0.8667, prefix 4, JW = 0.8667 + 0.4 * 0.1333 = 0.92),
    but both given fields hold names common in the run as given names, so neither record
    has a family name there. Only an exact crossing makes them a swap then."""
    comparison = single("swapped", "given")
    william, david = (
        rec(given_name="William", family_name="Davis"),
        rec(given_name="David", family_name="Williams"),
    )
    assert round(jaro_winkler("william", "williams"), 3) == 0.975
    assert round(jaro_winkler("davis", "david"), 2) == 0.92
    assert level_of(comparison, william, david) == MEETS  # rare names: a swap with typos
    common = {"given_common": True}
    william, david = attrs.evolve(william, **common), attrs.evolve(david, **common)
    assert level_of(comparison, william, david) == MISSES
    davis = attrs.evolve(rec(given_name="Davis", family_name="William"), **common)
    assert level_of(comparison, william, davis) == MEETS  # exact crossings


def test_one_family_name_is_never_swapped() -> None:
    """Twins "Thomas Thomas" and "Tomasz Thomas": the family names are equal, so nothing was
    swapped, though each crossed pair is near (thomas/thomas, tomasz/thomas)."""
    comparison = single("swapped", "given")
    a = rec(given_name="Thomas", family_name="Thomas")
    b = rec(given_name="Tomasz", family_name="Thomas")
    assert level_of(comparison, a, b) == MISSES


# --------------------------------------------------------------------------------------------
# crossed (a half-swapped name)


def test_crossed_level() -> None:
    """One record's given name is the other's family name: "Kowalski John" and "Robert
    Kowalski" share the family name Kowalski, one filed in the wrong field."""
    comparison = single("crossed", "family")
    robert = rec(given_name="Robert", family_name="Kowalski")
    assert level_of(comparison, rec(given_name="Kowalski", family_name="John"), robert) == MEETS
    # Jaro–Winkler >= 0.85 across: kowalsky/kowalski 0.95 (by hand above).
    typo = rec(given_name="Kowalsky", family_name="John")
    assert level_of(comparison, typo, robert) == MEETS
    # Nothing crossed: two family names.
    assert level_of(comparison, rec(given_name="John", family_name="Nowak"), robert) == MISSES
    # No given name on one side: nothing to cross.
    assert level_of(comparison, rec(family_name="John"), robert) == MISSES
    assert level_of(comparison, rec(given_name="Kowalski"), robert) == NULL


# --------------------------------------------------------------------------------------------
# phonetic

# Double Metaphone codes (primary, alternate) as cited by tests/identity/test_phonetic.py:
# commons-codec DoubleMetaphone2Test and anchors §C.5: Smith ('SM0', 'XMT'), Schmidt ('XMT',
# 'SMT'), Hough ('H', 'H'), hugh ('H', 'H'), Thomas ('TMS', 'TMS'); anchors §C.5: Catherine
# and Kathryn ('K0RN', 'KTRN'). LEVEL_KINDS: "the family names share a Double Metaphone code";
# Philips' matching rule (C/C++ Users Journal, June 2000) counts a primary code equal to the
# other name's alternate as a match. Smith and Schmidt share XMT.


@pytest.mark.parametrize(
    ("family1", "family2"),
    [("Catherine", "Kathryn"), ("Hough", "Hugh"), ("Smith", "Schmidt")],
)
def test_phonetic_level_meets_on_shared_code(family1, family2) -> None:
    comparison = single("phonetic", "family")
    assert level_of(comparison, rec(family_name=family1), rec(family_name=family2)) == MEETS


@pytest.mark.parametrize(
    ("given1", "given2"),
    [("Catherine", "Kathryn"), ("Hough", "Hugh"), ("Smith", "Schmidt")],
)
def test_phonetic_level_reads_the_given_names_codes_on_the_given_key(given1, given2) -> None:
    comparison = single("phonetic", "given")
    a, b = rec(given_name=given1, family_name="Lee"), rec(given_name=given2, family_name="Lee")
    assert level_of(comparison, a, b) == MEETS
    # {SM0, XMT} and {TMS} share nothing; the family names (one name, Lee) are not read.
    thomas = rec(given_name="Thomas", family_name="Lee")
    assert level_of(comparison, rec(given_name="Smith", family_name="Lee"), thomas) == MISSES
    assert level_of(comparison, thomas, rec(family_name="Lee")) == NULL
    # An initial has no sound to compare: T against Thomas is the initial level's business.
    assert level_of(comparison, rec(given_name="T", family_name="Lee"), thomas) == MISSES


def test_phonetic_level_needs_a_name_key() -> None:
    with pytest.raises(InvalidDefinition, match="'key' is 'postcode'"):
        single("phonetic", "postcode")


def test_phonetic_level_misses_and_null() -> None:
    comparison = single("phonetic", "family")
    # {SM0, XMT} and {TMS} share nothing.
    assert level_of(comparison, rec(family_name="Smith"), rec(family_name="Thomas")) == MISSES
    assert level_of(comparison, rec(family_name="Smith"), rec(given_name="Smith")) == NULL


# --------------------------------------------------------------------------------------------
# date_within

# Hand: 2000 is a leap year (divisible by 400), so 2000-02-28 -> 02-29 -> 03-01 is 2 days;
# 1999 is not, so 1999-02-28 -> 03-01 is 1 day; 1999-12-31 -> 2000-01-01 is 1 day.
DATE_WITHIN = [
    ("2000-02-28", "2000-03-01", 2, MEETS),
    ("2000-02-28", "2000-03-01", 1, MISSES),
    ("1999-02-28", "1999-03-01", 1, MEETS),
    ("1999-02-28", "1999-03-01", 0, MISSES),
    ("1999-12-31", "2000-01-01", 1, MEETS),
    ("1999-12-31", "2000-01-01", 0, MISSES),
]


@pytest.mark.parametrize(("born1", "born2", "days", "expected"), DATE_WITHIN)
def test_date_within_counts_calendar_days(born1, born2, days, expected) -> None:
    comparison = single("date_within", "birth_date", days)
    assert level_of(comparison, rec(birth_date=born1), rec(birth_date=born2)) == expected


def test_date_within_null_level() -> None:
    comparison = single("date_within", "birth_date", 31)
    assert level_of(comparison, rec(birth_date="2000-02-28"), rec()) == NULL
    # An unreadable date is a missing date, not a disagreement.
    assert level_of(comparison, rec(birth_date="2000-02-28"), rec(birth_date="soon")) == NULL


# --------------------------------------------------------------------------------------------
# date_transposed

# LEVEL_KINDS: "one date is the other with day and month swapped". Hand: 1980-03-04 (4 March)
# with day and month swapped is 1980-04-03 (3 April). Oracle EDQ's "Date Transposition Match"
# and recordlinkage's Date comparison test the same relation on date values; pseudopeople's
# "swap_month_and_day" noise produces it in typed data.
TRANSPOSED = [
    # Ambiguous numeric date: GB reads 04/03/1980 day first (4 March), the swap is 3 April.
    pytest.param({"birth_date": "04/03/1980", "country": "GB"}, {"birth_date": "1980-04-03"}),
    # One string read in two countries: US 05/06/1980 is 6 May, GB 05/06/1980 is 5 June.
    pytest.param(
        {"birth_date": "05/06/1980", "country": "US"},
        {"birth_date": "05/06/1980", "country": "GB"},
        id="us-vs-gb",
    ),
    # Unambiguous ISO dates, one with day and month swapped (a keying error).
    pytest.param({"birth_date": "1980-03-04"}, {"birth_date": "1980-04-03"}, id="iso"),
    pytest.param(
        {"birth_date": dt.date(1980, 3, 4)}, {"birth_date": dt.date(1980, 4, 3)}, id="date"
    ),
]


@pytest.mark.parametrize(("first", "second"), TRANSPOSED)
def test_date_transposed_meets(first, second) -> None:
    comparison = single("date_transposed", "birth_date")
    assert level_of(comparison, rec(**first), rec(**second)) == MEETS


def test_date_transposed_misses_and_null() -> None:
    comparison = single("date_transposed", "birth_date")
    # Hand: 13 March 1980 has no swap (there is no month 13), so no date is its transposition.
    thirteenth = rec(birth_date="13/03/1980", country="GB")
    assert thirteenth.birth_date == dt.date(1980, 3, 13)
    assert thirteenth.birth_date_alt is None
    assert level_of(comparison, thirteenth, rec(birth_date="1980-03-14")) == MISSES
    # Day and month swapped, but another year: not a transposition of the date.
    march = rec(birth_date="04/03/1980", country="GB")
    assert level_of(comparison, march, rec(birth_date="1981-04-03")) == MISSES
    assert level_of(comparison, march, rec()) == NULL


# --------------------------------------------------------------------------------------------
# email_local and email_domain


def test_email_local_level() -> None:
    """Local parts compared case-insensitively (LEVEL_KINDS); no provider rules (dots count)."""
    comparison = single("email_local", "email")
    a = rec(email="Bob.Smith@Example.com")
    assert level_of(comparison, a, rec(email="bob.smith@gmail.com")) == MEETS
    assert level_of(comparison, a, rec(email="bobsmith@example.com")) == MISSES
    assert level_of(comparison, a, rec()) == NULL
    assert level_of(comparison, a, rec(email="not an address")) == NULL


def test_email_domain_level() -> None:
    """Domain names are case-insensitive (RFC 4343): Example.COM is example.com."""
    comparison = single("email_domain", "email")
    a = rec(email="ann@Example.COM")
    assert level_of(comparison, a, rec(email="bob@example.com")) == MEETS
    assert level_of(comparison, a, rec(email="ann@example.org")) == MISSES
    assert level_of(comparison, a, rec()) == NULL


# --------------------------------------------------------------------------------------------
# phone_suffix

# Hand: 020 7946 0958 in GB is +44 20 7946 0958 -> E.164 "+442079460958"; +44 161 946 0958 is
# "+441619460958". Last 7 digits: 9460958 = 9460958; last 8: 79460958 != 19460958.


@pytest.mark.parametrize(("digits", "expected"), [(7, MEETS), (6, MEETS), (8, MISSES)])
def test_phone_suffix_level(digits, expected) -> None:
    comparison = single("phone_suffix", "phone", digits)
    london = rec(phone="020 7946 0958", country="GB")
    manchester = rec(phone="+44 161 946 0958")
    assert london.phone == "+442079460958"
    assert level_of(comparison, london, manchester) == expected


def test_phone_suffix_null_level() -> None:
    comparison = single("phone_suffix", "phone", 7)
    assert level_of(comparison, rec(phone="020 7946 0958", country="GB"), rec()) == NULL


# --------------------------------------------------------------------------------------------
# prefix

# Hand: "SW1A 1AA" and "SW1A 2AA" fold to "SW1A1AA" and "SW1A2AA": the first 4 characters
# (SW1A, the postcode district) agree, the first 5 do not.


@pytest.mark.parametrize(("size", "expected"), [(4, MEETS), (3, MEETS), (5, MISSES)])
def test_prefix_level(size, expected) -> None:
    comparison = single("prefix", "postcode", size)
    a, b = rec(postcode="SW1A 1AA"), rec(postcode="SW1A 2AA")
    assert level_of(comparison, a, b) == expected


def test_prefix_null_level() -> None:
    comparison = single("prefix", "postcode", 4)
    assert level_of(comparison, rec(postcode="SW1A 1AA"), rec()) == NULL


# --------------------------------------------------------------------------------------------
# part

# LEVEL_KINDS: "one value is the other's leading or trailing part, at least threshold
# characters long". Hand: "Sánchez Pérez" folds to "sanchezperez"; "Pérez" (5 letters) is
# its trailing part, "Sánchez" (7) its leading part; "Sánchez Pérez" and "Pérez Sánchez" share
# no end; "Hill" is the trailing part of "Churchill" (the level's known false friend); a part
# shorter than the threshold does not count, and equal names are not "part" of each other.


@pytest.mark.parametrize(
    ("left", "right", "threshold", "expected"),
    [
        ("Sánchez Pérez", "Pérez", 4, MEETS),
        ("Sánchez Pérez", "Sánchez", 4, MEETS),
        ("van der Berg", "Berg", 4, MEETS),
        ("Sánchez Pérez", "Pérez Sánchez", 4, MISSES),
        ("Churchill", "Hill", 4, MEETS),
        ("Sánchez Pérez", "Pérez", 6, MISSES),
        ("Pérez", "Pérez", 4, MISSES),
        ("Peterson", "Pete", 5, MISSES),
    ],
)
def test_part_level(left, right, threshold, expected) -> None:
    comparison = single("part", "family", threshold)
    assert level_of(comparison, rec(family_name=left), rec(family_name=right)) == expected


def test_part_level_label() -> None:
    assert Level(kind="part", threshold=4).label == "part 4"


# --------------------------------------------------------------------------------------------
# mobile

# LEVEL_KINDS: "the phone numbers are equal and a mobile line (phonenumbers' number type)".
# Hand, from the UK numbering plan (Ofcom): 07911 123456 is in a mobile range (07xxx), so
# "07911 123456" and "+44 7911 123456" are one mobile; 020 7946 0958 is a London landline
# (020); a North American number cannot be told mobile from fixed (NANP), so it is not.


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (("07911 123456", "GB"), ("+44 7911 123456", None), MEETS),
        (("07911 123456", "GB"), ("07911 123457", "GB"), MISSES),
        (("020 7946 0958", "GB"), ("+44 20 7946 0958", None), MISSES),
        (("(617) 339-5521", "US"), ("+1 617-339-5521", None), MISSES),
    ],
)
def test_mobile_level(left, right, expected) -> None:
    comparison = single("mobile", "phone")
    a = rec(phone=left[0], country=left[1])
    b = rec(phone=right[0], country=right[1])
    assert level_of(comparison, a, b) == expected


# --------------------------------------------------------------------------------------------
# Every kind: the null level whenever the comparison's key is missing on either side

# For each kind: the comparison's key, the raw field it comes from, and a threshold. The
# missing side is the same record without that field.
FULL_RECORD = {
    "given_name": "Robert",
    "family_name": "Smith",
    "email": "bob.smith@example.com",
    "phone": "020 7946 0958",
    "birth_date": "04/03/1980",
    "postcode": "SW1A 1AA",
    "country": "GB",
    "national_id": "QQ123456C",
}
KIND_KEYS = {
    "exact": ("postcode", "postcode", None),
    "jaro_winkler": ("family", "family_name", 0.9),
    "misspelling": ("given", "given_name", 1),
    "levenshtein": ("national_id", "national_id", 1),
    "damerau_levenshtein": ("national_id", "national_id", 1),
    "nickname": ("given", "given_name", None),
    "initial": ("given", "given_name", None),
    "swapped": ("given", "given_name", None),
    "phonetic": ("family", "family_name", None),
    "date_within": ("birth_date", "birth_date", 31),
    "date_transposed": ("birth_date", "birth_date", None),
    "email_local": ("email", "email", None),
    "email_domain": ("email", "email", None),
    "phone_suffix": ("phone", "phone", 7),
    "prefix": ("postcode", "postcode", 4),
    "part": ("family", "family_name", 4),
    "crossed": ("family", "family_name", None),
    "mobile": ("phone", "phone", None),
}


def test_every_kind_is_covered() -> None:
    assert set(KIND_KEYS) == set(LEVEL_KINDS)


@pytest.mark.parametrize("kind", sorted(KIND_KEYS))
def test_null_level_for_every_kind(kind) -> None:
    key, field, threshold = KIND_KEYS[kind]
    comparison = single(kind, key, threshold)
    full = rec(**FULL_RECORD)
    missing = rec(**{k: v for k, v in FULL_RECORD.items() if k != field})
    assert getattr(missing, key) is None
    assert level_of(comparison, full, missing) == NULL
    assert level_of(comparison, missing, missing) == NULL
    assert comparison.label(NULL) == "null"


# --------------------------------------------------------------------------------------------
# Default comparisons for a record set that fills every canonical field

FILLED = {
    "given_name": "Ann",
    "middle_name": "B",
    "family_name": "Lee",
    "title": "Ms",
    "email": "ann.lee@example.org",
    "phone": "020 7946 0000",
    "birth_date": "1970-01-01",
    "street_number": "1",
    "address_line1": "High Street",
    "address_line2": "Flat 2",
    "locality": "London",
    "postcode": "SW1A 1AA",
    "region": "London",
    "country": "GB",
    "company": "Acme Ltd",
    "national_id": "QQ123456C",
}
DEFAULT_COMPARISONS = {
    c.name: c for c in default_settings([rec(**FILLED), rec(**FILLED)]).comparisons
}

# (case, record a, record b, {comparison name: expected label}); labels are Level.label.
DEFAULT_CASES = [
    # The texts' missed duplicate (L5172–5173): one customer filed as "Mr" and as "Dr".
    (
        "title",
        {"full_name": "Mr John Smith"},
        {"full_name": "Dr John Smith"},
        {"given_name": "exact", "family_name": "exact"},
    ),
    # names.csv line 2202, "robert,has_nickname,bob"; bob/robert are not within JW 0.9.
    (
        "nickname",
        {"full_name": "Bob Smith"},
        {"full_name": "Robert Smith"},
        {"given_name": "nickname", "family_name": "exact"},
    ),
    # "Smith, John" is family-first notation, not a swap: it names given John, family Smith.
    (
        "comma-form",
        {"full_name": "Smith, John"},
        {"full_name": "John Smith"},
        {"given_name": "exact", "family_name": "exact"},
    ),
    # The given and family name fields swapped at entry.
    (
        "swapped-fields",
        {"given_name": "Smith", "family_name": "John"},
        {"given_name": "John", "family_name": "Smith"},
        {"given_name": "swapped", "family_name": "swapped"},
    ),
    # Hand: JW(smith, schmidt) = 0.736 (m = 4, t = 1, J = 0.7071, prefix S) < 0.92; the names
    # share the Double Metaphone code XMT (commons-codec: Smith SM0/XMT, Schmidt XMT/SMT).
    (
        "smith-schmidt",
        {"given_name": "John", "family_name": "Smith"},
        {"given_name": "John", "family_name": "Schmidt"},
        {"given_name": "exact", "family_name": "phonetic"},
    ),
    # Birth date with day and month swapped: read from an ambiguous GB date ...
    (
        "birth-date-ambiguous",
        {"birth_date": "04/03/1980", "country": "GB"},
        {"birth_date": "1980-04-03"},
        {"birth_date": "date_transposed"},
    ),
    # ... and keyed in unambiguous ISO form (30 days apart, so date_within would also hold,
    # but date_transposed is the earlier, more specific level).
    (
        "birth-date-iso",
        {"birth_date": "1980-03-04"},
        {"birth_date": "1980-04-03"},
        {"birth_date": "date_transposed"},
    ),
    # Hand: 1980-03-04 to 1980-03-20 is 16 days <= 31.
    (
        "birth-date-near",
        {"birth_date": "1980-03-04"},
        {"birth_date": "1980-03-20"},
        {"birth_date": "date_within <= 31"},
    ),
    # A missing birth date on one side is the null level.
    (
        "birth-date-missing",
        {"full_name": "John Smith"},
        {"full_name": "John Smith", "birth_date": "1980-03-04"},
        {"birth_date": "null"},
    ),
    # Phone formatting does not count (both are +442079460958); one wrong digit is 1 edit.
    (
        "phone",
        {"phone": "020 7946 0958", "country": "GB"},
        {"phone": "+44 20 7946 0958"},
        {"phone": "exact"},
    ),
    (
        "phone-typo",
        {"phone": "020 7946 0958", "country": "GB"},
        {"phone": "020 7946 0959", "country": "GB"},
        {"phone": "levenshtein <= 1"},
    ),
    # USPS Pub. 28 suffix abbreviation: Street = St.
    (
        "street",
        {"street_number": "12", "address_line1": "Baker Street"},
        {"address_line1": "12 Baker St."},
        {"street": "exact"},
    ),
]


def test_locality_is_compared_only_without_a_postcode() -> None:
    """_settings: a postcode implies the locality, so a moved customer is not charged twice."""
    without_postcode = {k: v for k, v in FILLED.items() if k != "postcode"}
    names = [c.name for c in default_settings([rec(**without_postcode)] * 2).comparisons]
    assert "locality" in names
    assert "postcode" not in names
    assert "locality" not in DEFAULT_COMPARISONS


def test_full_record_set_uses_every_default_comparison() -> None:
    """_settings: every preset is used when its field is filled (fill rate >= 5%)."""
    assert sorted(DEFAULT_COMPARISONS) == sorted(
        [
            "given_name",
            "family_name",
            "birth_date",
            "email",
            "phone",
            "postcode",
            "street",
            "title",
            "unit",
            "company",
            "national_id",
        ]
    )


@pytest.mark.parametrize(
    ("first", "second", "name", "label"),
    [
        pytest.param(first, second, name, label, id=f"{case}-{name}")
        for case, first, second, expected in DEFAULT_CASES
        for name, label in expected.items()
    ],
)
def test_default_comparisons_reach_the_expected_level(first, second, name, label) -> None:
    comparison = DEFAULT_COMPARISONS[name]
    level = level_of(comparison, rec(**first), rec(**second))
    assert comparison.label(level) == label


@pytest.mark.parametrize(
    ("first", "second", "label"),
    [
        ("Mr John Smith", "Dr John Smith", "null"),  # L5172–5173: Dr states no sex
        ("Mr John Smith", "Mr. John Smith", "exact"),
        ("Mr John Smith", "Mrs Joan Smith", "else"),  # L5167–5170: two of a household
        ("Ms Ann Lee", "Miss Ann Lee", "exact"),
    ],
)
def test_title_compares_only_the_sex_it_states(first, second, label) -> None:
    comparison = DEFAULT_COMPARISONS["title"]
    level = level_of(comparison, rec(full_name=first), rec(full_name=second))
    assert comparison.label(level) == label
