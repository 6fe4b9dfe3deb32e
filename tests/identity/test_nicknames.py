"""Tests for crmkit.identity._nicknames and its vendored table."""

from __future__ import annotations

import importlib.metadata
import string
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit.identity._nickname_data import NICKNAME_PAIRS, NICKNAMES_VERSION
from crmkit.identity._nicknames import are_nickname_variants, canonical_given_names

# ../shared/domain/anchors-scoring-lifecycle-validation.md §C.5, facts documented for
# nicknames 1.0.1: NickNamer().nicknames_of("william") and canonicals_of("bob").
WILLIAM_NICKNAMES = {"bela", "bell", "bill", "billy", "wil", "will", "willie", "willy"}
BOB_CANONICALS = {"bert", "bobby", "robert"}


def test_table_size_matches_the_documented_release():
    # §C.5: "2,691 has_nickname pairs over 2,164 distinct names" in nicknames 1.0.1.
    assert NICKNAMES_VERSION == "1.0.1"
    assert len(NICKNAME_PAIRS) == 2691
    assert len({name for pair in NICKNAME_PAIRS for name in pair}) == 2164
    assert list(NICKNAME_PAIRS) == sorted(set(NICKNAME_PAIRS))


def test_table_holds_the_documented_facts():
    assert {nick for canonical, nick in NICKNAME_PAIRS if canonical == "william"} == (
        WILLIAM_NICKNAMES
    )
    assert {canonical for canonical, nick in NICKNAME_PAIRS if nick == "bob"} == BOB_CANONICALS


def test_canonical_forms_of_a_nickname_are_its_listed_canonicals_and_itself():
    assert canonical_given_names("bob") == BOB_CANONICALS | {"bob"}
    assert canonical_given_names("Bob") == canonical_given_names(" BOB ")


def test_every_nickname_of_william_is_a_variant_of_william():
    for nickname in WILLIAM_NICKNAMES:
        assert "william" in canonical_given_names(nickname)
        assert are_nickname_variants(nickname, "William")


def test_unknown_and_missing_names():
    assert canonical_given_names("Zebulon") == {"zebulon"}
    assert canonical_given_names("") == frozenset()
    assert canonical_given_names(" \t") == frozenset()
    assert canonical_given_names("42") == frozenset()
    assert not are_nickname_variants("", "")
    assert not are_nickname_variants("", "robert")


def test_folding():
    assert canonical_given_names("K.C.") >= {"kc", "casey", "kasey"}
    assert canonical_given_names("Zoë") == {"zoe"} | canonical_given_names("zoe")
    assert are_nickname_variants("Bøb", "robert")


def test_variant_examples():
    assert are_nickname_variants("Bob", "Robert")
    assert are_nickname_variants("Bill", "Billy")  # both nicknames of William
    assert are_nickname_variants("Peggy", "Margaret")
    assert not are_nickname_variants("Robert", "Richard")
    # No chains: bob -> bert and bert -> albert are two links, not one.
    assert not are_nickname_variants("Bob", "Albert")


TABLE_NAMES = sorted({name for pair in NICKNAME_PAIRS for name in pair if name.isalpha()})
GIVEN = st.one_of(st.sampled_from(TABLE_NAMES), st.text(max_size=12))


@settings(max_examples=200)
@given(a=GIVEN, b=GIVEN)
def test_variants_are_symmetric(a, b):
    """Business rule: "A may be B" is the same claim as "B may be A"."""
    assert are_nickname_variants(a, b) == are_nickname_variants(b, a)


@settings(max_examples=200)
@given(name=GIVEN)
def test_a_name_stands_for_itself(name):
    """Business rule: a present name is always one of its own canonical forms (so a name is
    its own variant), and every form is folded: lower-case ASCII letters only."""
    forms = canonical_given_names(name)
    assert all(form and set(form) <= set(string.ascii_lowercase) for form in forms)
    if name.isascii():
        folded = "".join(ch for ch in name.lower() if ch in string.ascii_lowercase)
        assert folded in forms if folded else forms == frozenset()
    if forms:
        assert are_nickname_variants(name, name)


@settings(max_examples=100)
@given(pair=st.sampled_from(NICKNAME_PAIRS))
def test_every_listed_pair_is_a_variant(pair):
    """Business rule: each row of the published table ("robert has nickname bob") makes the
    two names variants of each other."""
    canonical, nickname = pair
    assert are_nickname_variants(canonical, nickname)
    assert are_nickname_variants(nickname, canonical)


def test_import_builds_nothing():
    """Business rule: importing the module does no work beyond defining constants; the index
    is built on first use."""
    code = (
        "import crmkit.identity._nicknames as m\n"
        "assert m._canonical_index.cache_info().currsize == 0\n"
        "m.canonical_given_names('bob')\n"
        "assert m._canonical_index.cache_info().currsize == 1\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603


def test_agrees_with_the_nicknames_package():
    """Cross-check against the package the table was vendored from (a pinned dev dependency):
    for every name, the canonical forms are the package's canonicals_of() plus the name
    itself. A version bump fails here until tools/gen_nickname_data.py is run again."""
    import nicknames

    assert importlib.metadata.version("nicknames") == NICKNAMES_VERSION
    namer = nicknames.NickNamer()
    assert namer.nicknames_of("william") == WILLIAM_NICKNAMES
    assert namer.canonicals_of("bob") == BOB_CANONICALS
    for name in TABLE_NAMES:
        assert canonical_given_names(name) == namer.canonicals_of(name) | {name}, name
