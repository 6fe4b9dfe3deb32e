"""Tests for crmkit.validation._names and ._salutations (person names, titles, greetings).

Golden sources:

* "anchors §C.3": /work/shared/domain/anchors-scoring-lifecycle-validation.md §C.3, the
  documented examples of nameparser 2.6.0 and probablepeople 0.5.6.
* "nameparser 0.2.6 docs": the format examples and the capitalisation example on the PyPI
  page of nameparser 0.2.6 (https://pypi.org/project/nameparser/0.2.6/).
* The CRM text (seed 001): L5110–5112 (addressed as Mrs although she prefers Ms), L5142–5154
  ("misspelt names, incorrect titles, inappropriate salutations"), L5172–5173 (the same
  customer under the titles Mr and Dr), L3677–3678 (errors in the name do the most damage).
* Style guides: New Hart's Rules (Oxford; contractions such as Mr and Dr take no full stop),
  The Chicago Manual of Style (US "Mr.", "Jr."), Debrett's forms of address ("Dear Sir John").
"""

from __future__ import annotations

import math
import pickle

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument, InvalidValue
from crmkit.validation import _names
from crmkit.validation._name_data import PARTICLES, PLACEHOLDERS, TITLE_ALIASES, TITLES
from crmkit.validation._names import NAME_REASONS, ParsedName, check_name, parse_name
from crmkit.validation._salutations import canonical_title, recase, salutation_for


def parts(name: ParsedName) -> tuple[str, ...]:
    return (name.title, name.given, name.middle, name.family, name.suffix, name.nickname)


# --- golden: documented examples -----------------------------------------------------------


def test_nameparser_documented_example_parts() -> None:
    """Anchors §C.3 (nameparser 2.6.0): title Dr., first Juan, middle "Q. Xavier", last
    "de la Vega", suffix III, nickname "Doc Vega"."""
    name = parse_name("Dr. Juan Q. Xavier de la Vega III (Doc Vega)", title_style="us")
    assert parts(name) == ("Dr.", "Juan", "Q. Xavier", "de la Vega", "III", "Doc Vega")
    assert name.valid


def test_nameparser_documented_capitalisation() -> None:
    """Anchors §C.3: "Mr. JOHN o'malley jr." capitalised -> "Mr. John O'Malley Jr."."""
    name = parse_name("Mr. JOHN o'malley jr.", title_style="us")
    assert name.normalized == "Mr. John O'Malley Jr."
    assert "name.recased" in name.warnings


def test_probablepeople_documented_person() -> None:
    """Anchors §C.3 (probablepeople): "Mr. John A. Smith Jr." -> PrefixMarital, GivenName,
    MiddleInitial, Surname, SuffixGenerational."""
    name = parse_name("Mr. John A. Smith Jr.", title_style="us")
    assert parts(name) == ("Mr.", "John", "A.", "Smith", "Jr.", "")


def test_probablepeople_documented_corporation_in_a_person_field() -> None:
    """Anchors §C.3: "Acme Widgets Inc." is a corporation (CorporationLegalType "Inc."), so
    in a person field it is an organisation, not a person (its split: test_organisations)."""
    assert parse_name("Acme Widgets Inc.").errors == ("name.organisation",)


def test_probablepeople_documented_household() -> None:
    """Anchors §C.3: "John & Jane Doe" is a Household, not one person."""
    assert parse_name("John & Jane Doe").errors == ("name.multiple_people",)
    assert parse_name("Mr and Mrs Smith").errors == ("name.multiple_people",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Format 2 of the docs: last name, comma, title, first, middles, suffix.
        ("Doe-Ray, Col. John A. Jérôme III", ("Col", "John", "A. Jérôme", "Doe-Ray", "III", "")),
        # Formats 1 and 3: title, first, middles, last name, then suffixes with a comma.
        ("Dr. Juan Q. Xavier de la Vega II", ("Dr", "Juan", "Q. Xavier", "de la Vega", "II", "")),
        (
            "Juan Q. Xavier Velasquez y Garcia, Jr.",
            ("", "Juan", "Q. Xavier", "Velasquez y Garcia", "Jr", ""),
        ),
    ],
)
def test_nameparser_026_documented_formats(text: str, expected: tuple[str, ...]) -> None:
    """nameparser 0.2.6 docs: the three comma placements and their example names."""
    assert parts(parse_name(text)) == expected


def test_nameparser_026_capitalisation_example_except_mac_rule() -> None:
    """nameparser 0.2.6 docs: "bob v. de la macdole-eisenhower phd" -> "Bob V. de la
    MacDole-Eisenhower Ph.D.". We agree on every part but "Macdole": crmkit capitalises the
    inner letter only for known Mac surnames, so that Macy and Mack stay intact."""
    name = parse_name("bob v. de la macdole-eisenhower phd")
    assert (name.given, name.middle, name.suffix) == ("Bob", "V.", "PhD")
    assert name.family == "de la Macdole-Eisenhower"


def test_same_customer_under_mr_and_dr() -> None:
    """CRM text L5172–5173: "separate records for a customer under different titles such as
    Mr and Dr" must be recognisable as one person: the titles differ, the name does not."""
    mr, dr = parse_name("Mr John Smith"), parse_name("DR. JOHN SMITH")
    assert (mr.title, dr.title) == ("Mr", "Dr")
    assert (mr.given, mr.family) == (dr.given, dr.family) == ("John", "Smith")


def test_preferred_salutation_overrides_the_data_title() -> None:
    """CRM text L5110–5112: "addressed as Mrs. although you prefer Ms." The preference wins
    and the conflicting title in the data is reported."""
    name = parse_name("Mrs. Jane Smith", preferred_salutation="Ms.")
    assert name.formal_salutation == "Dear Ms Smith"
    assert name.salutation == "Ms Smith"
    assert name.title == "Mrs"
    assert "name.title_mismatch" in name.warnings
    assert parse_name("Mrs Jane Smith").formal_salutation == "Dear Mrs Smith"
    assert salutation_for(parse_name("Mrs Jane Smith"), preferred="ms") == "Dear Ms Smith"
    assert not parse_name("Ms Jane Smith", preferred_salutation="Ms").warnings


def test_no_gender_is_inferred() -> None:
    """Without a title in the data no title is invented (no gender inference)."""
    name = parse_name("Jane Smith")
    assert name.title == ""
    assert name.formal_salutation == "Dear Jane Smith"
    assert name.informal_salutation == "Dear Jane"


def test_knights_and_dames_are_greeted_by_given_name() -> None:
    """Debrett's forms of address: a knight is "Dear Sir John", a dame "Dear Dame Judi"."""
    assert parse_name("Sir John Smith").formal_salutation == "Dear Sir John"
    assert parse_name("Dame Judi Dench").formal_salutation == "Dear Dame Judi"


def test_title_styles() -> None:
    """New Hart's Rules: contractions take no full stop (Mr, Dr); Chicago: "Mr.", "Dr."."""
    assert parse_name("mr. john smith jr").normalized == "Mr John Smith Jr"
    assert parse_name("MR JOHN SMITH JR", title_style="us").normalized == "Mr. John Smith Jr."
    assert canonical_title("Señora", title_style="us") == "Sra."  # Spanish keeps its stop


def test_invalid_names_get_no_salutation() -> None:
    """L3677–3678: a wrong name does the most damage, so "Dear Mr Test" is never produced."""
    assert parse_name("Mr Test").formal_salutation is None
    assert parse_name("Mr").salutation is None


# --- capitalisation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MCDONALD, RONALD", "Ronald McDonald"),
        ("o'neil, shaquille", "Shaquille O'Neil"),
        ("MACDONALD, JOHN", "John MacDonald"),
        ("JOHN MACY", "John Macy"),
        ("JOHN MACK", "John Mack"),
        ("MACHADO, ANA", "Ana Machado"),
        ("mary smith-jones", "Mary Smith-Jones"),
        ("JAN VAN DER BERG", "Jan van der Berg"),
        ("VAN DER BERG", "van der Berg"),
        ("JUAN DE LA VEGA", "Juan de la Vega"),
        ("AHMED AL-RASHID", "Ahmed al-Rashid"),
        ("henry tudor iii", "Henry Tudor III"),
        ("j.r.r. tolkien", "J.R.R. Tolkien"),
    ],
)
def test_recasing_rules(text: str, expected: str) -> None:
    """The issue's examples: all-upper or all-lower parts are recased."""
    assert parse_name(text).normalized == expected


@pytest.mark.parametrize(
    "text", ["DeShawn McDonald", "Vincent van Gogh", "Macy MacDonald", "eBay Li"]
)
def test_deliberate_mixed_case_is_kept(text: str) -> None:
    """Mixed case is the customer's own spelling and is kept exactly as typed."""
    name = parse_name(text)
    assert name.normalized == text
    assert not name.warnings


def test_recasing_warnings() -> None:
    assert parse_name("JOHN SMITH").warnings == ("name.all_caps",)
    assert parse_name("john smith").warnings == ("name.all_lower",)
    assert parse_name("John SMITH").warnings == ("name.recased",)


# --- structure -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prof. Dr. Hans Müller", ("Prof Dr", "Hans", "", "Müller", "", "")),
        ("Lt. Col. John Smith", ("Lt Col", "John", "", "Smith", "", "")),
        ("J. R. R. Tolkien", ("", "J.", "R. R.", "Tolkien", "", "")),
        ("Berg, Jan van der", ("", "Jan", "", "van der Berg", "", "")),
        ("Van Morrison", ("", "Van", "", "Morrison", "", "")),
        ("Vincent van Gogh", ("", "Vincent", "", "van Gogh", "", "")),
        ("Mohammed bin Salman", ("", "Mohammed", "", "bin Salman", "", "")),
        ("Gerard 't Hooft", ("", "Gerard", "", "'t Hooft", "", "")),
        ('William "Bill" Gates', ("", "William", "", "Gates", "", "Bill")),
        ("Jack Ma", ("", "Jack", "", "Ma", "", "")),
        ("Jane Smith, MA", ("", "Jane", "", "Smith", "MA", "")),
        ("John Smith Jr., PhD", ("", "John", "", "Smith", "Jr, PhD", "")),
        ("Herr Dr. Klaus Weber", ("Herr Dr", "Klaus", "", "Weber", "", "")),
        ("Mme Claire Dubois", ("Madame", "Claire", "", "Dubois", "", "")),
        ("Sra. Ana García", ("Sra.", "Ana", "", "García", "", "")),
        ("John Smith Sr.", ("", "John", "", "Smith", "Sr", "")),
        ("Mr Smith", ("Mr", "", "", "Smith", "", "")),
        ("Mr Major", ("Mr", "", "", "Major", "", "")),
        ("SMITH JR, JOHN", ("", "John", "", "Smith", "Jr", "")),
        ("Ii, Naosuke", ("", "Naosuke", "", "Ii", "", "")),
        ("The Rev. John Smith", ("The Rev", "John", "", "Smith", "", "")),
    ],
)
def test_parts(text: str, expected: tuple[str, ...]) -> None:
    assert parts(parse_name(text)) == expected


def test_compound_family_name_keeps_comma_order_when_needed() -> None:
    """A compound family name without particles reads back only in "Family, Given" order."""
    name = parse_name("García Márquez, Gabriel")
    assert (name.given, name.family) == ("Gabriel", "García Márquez")
    assert name.normalized == "García Márquez, Gabriel"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "name.missing"),
        (math.nan, "name.missing"),
        ("   ", "name.missing"),
        (42, "name.type"),
        (b"John", "name.type"),
        ("x" * 101, "name.too_long"),
        ("n/a", "name.placeholder"),
        ("TEST", "name.placeholder"),
        ("Mr Unknown", "name.placeholder"),
        ("xxx xxxx", "name.placeholder"),
        ("John and Jane Smith", "name.multiple_people"),
        ("Smith, John, Peter, Paul", "name.format"),
        ("Dr.", "name.title_only"),
        ("john@example.com", "name.invalid_characters"),
        ("www.example.com", "name.invalid_characters"),
        ("John_Smith", "name.invalid_characters"),
        ("John (Smith", "name.invalid_characters"),
        ("John Smith 2", "name.contains_digits"),
        ("Widget Holdings Ltd", "name.organisation"),
    ],
)
def test_errors(value: object, code: str) -> None:
    name = parse_name(value)
    assert name.errors[0] == code
    assert name.normalized is None
    assert not name.valid
    with pytest.raises(InvalidValue) as raised:
        parse_name(value, strict=True)
    assert (raised.value.code, raised.value.field) == (code, "name")


@pytest.mark.parametrize(
    ("text", "code"),
    [("Madonna", "name.no_family_name"), ("John S.", "name.family_initial")],
)
def test_warnings(text: str, code: str) -> None:
    name = parse_name(text, strict=True)
    assert code in name.warnings
    assert name.valid


def test_non_latin_scripts_are_letters() -> None:
    """Letters and combining marks of any script are valid name characters."""
    assert parse_name("Δημήτρης Παπαδόπουλος").valid
    assert parse_name("देवनागरी शर्मा").valid  # Devanagari vowel signs are marks
    assert parse_name("山田 太郎").valid


def test_decomposed_input_is_composed() -> None:
    """NFC: "e" plus a combining acute reads as "é"."""
    assert parse_name("Rene\u0301 Dupont").given == "René"


def test_options_are_validated() -> None:
    with pytest.raises(InvalidArgument, match="'title_style'"):
        parse_name("John Smith", title_style="french")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="'max_length'"):
        parse_name("John Smith", max_length=0)
    with pytest.raises(InvalidArgument, match=r"'preferred_salutation'.*'Your Majesty'"):
        parse_name("John Smith", preferred_salutation="Your Majesty")
    with pytest.raises(InvalidArgument, match="'style'"):
        salutation_for(parse_name("John Smith"), style="casual")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="'value'"):
        canonical_title(3)


def test_blank_preference_means_none() -> None:
    assert parse_name("Mr John Smith", preferred_salutation=" ").preferred_title == ""


def test_results_are_frozen_and_picklable() -> None:
    name = parse_name("Dr Jane Smith")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        name.given = "Joan"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(name)) == name
    assert check_name("Dr Jane Smith") == name


def test_reason_table_is_read_only_and_well_formed() -> None:
    assert all(code.startswith("name.") and code == code.lower() for code in NAME_REASONS)
    with pytest.raises(TypeError):
        NAME_REASONS["x"] = "y"  # type: ignore[index]


def test_every_title_alias_has_a_canonical_form() -> None:
    assert set(TITLE_ALIASES.values()) <= set(TITLES)


@pytest.mark.parametrize("canonical", sorted(TITLES))
def test_canonical_titles_read_back(canonical: str) -> None:
    """A normalised name must parse again to itself, so every written title is recognised."""
    british, us = TITLES[canonical]
    assert canonical_title(british) == british
    assert canonical_title(us, title_style="us") == us


# --- properties ------------------------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzéüøñçß"
_WORD = st.text(alphabet=_LETTERS, min_size=1, max_size=9)
_CASED_WORD = st.tuples(_WORD, st.sampled_from(["lower", "upper", "title", "keep"])).map(
    lambda pair: {"lower": str.lower, "upper": str.upper, "title": str.title}.get(
        pair[1], lambda w: w
    )(pair[0])
)
_DECORATED = st.one_of(
    _CASED_WORD,
    _CASED_WORD.map(lambda w: f"o'{w}"),
    st.tuples(_CASED_WORD, _CASED_WORD).map("-".join),
    st.sampled_from(["Mc", "mac", "MAC"]).flatmap(lambda p: _WORD.map(lambda w: p + w)),
    st.sampled_from(sorted(PARTICLES)),
    # "Ii" (a Japanese family name) is left out: as a given name after a compound family
    # name in comma order it reads as the suffix II (documented limitation).
    st.sampled_from(["J.", "Q", "y", "Ma", "Do", "The", "Vi"]),
)
_TITLE_WORD = st.sampled_from(sorted(set(TITLE_ALIASES) - {"the"})).map(str.title)
_SUFFIX_WORD = st.sampled_from(["Jr.", "sr", "III", "phd", ", MA", ", Esq."])
_NAMES = st.builds(
    lambda titles, words, suffixes, comma: (
        " ".join(titles)
        + " "
        + (f"{words[-1]}, {' '.join(words[:-1])}" if comma else " ".join(words))
        + "".join(s if s.startswith(",") else " " + s for s in suffixes)
    ),
    st.lists(_TITLE_WORD, max_size=2),
    st.lists(_DECORATED, min_size=1, max_size=4),
    st.lists(_SUFFIX_WORD, max_size=2),
    st.booleans(),
)


@settings(max_examples=300)
@given(_NAMES, st.sampled_from(["british", "us"]))
def test_normalisation_is_idempotent(text: str, style: str) -> None:
    """Business rule: the normalised name is a fixed point. Cleaning a record twice changes
    nothing the second time, so parsing the normalised name gives the same parts back."""
    first = parse_name(text, title_style=style)  # type: ignore[arg-type]
    assume(first.normalized is not None)
    again = parse_name(first.normalized, title_style=style)  # type: ignore[arg-type]
    assert again.normalized == first.normalized
    assert parts(again) == parts(first)


@settings(max_examples=200)
@given(st.text(max_size=40))
def test_never_raises_on_arbitrary_text(text: str) -> None:
    """Business rule: a field check reports bad data, it does not crash the pipeline; the
    verdict is consistent (valid exactly when there is a normalised form) and every code is
    documented."""
    result = parse_name(text)
    assert result.valid == (result.normalized is not None)
    assert set(result.errors) | set(result.warnings) <= set(NAME_REASONS)


@settings(max_examples=300)
@given(st.text(st.characters(categories=["Lu", "Ll", "Lt", "Lo", "Mn"]), max_size=12))
def test_recasing_changes_only_case(word: str) -> None:
    """Business rule: recasing never changes a customer's letters, only their case, and a
    word typed in mixed case is the customer's own spelling and is never touched."""
    recased = recase(word)
    assert recased.casefold() == word.casefold()
    if not (word.isupper() or word.islower()):
        assert recased == word


@settings(max_examples=150)
@given(_NAMES, _TITLE_WORD, _TITLE_WORD)
def test_title_does_not_change_the_person(text: str, title_a: str, title_b: str) -> None:
    """Business rule (L5172–5173): the same customer under two titles (Mr and Dr) has the same
    given and family names, so the two records can be matched."""
    a, b = parse_name(f"{title_a} {text}"), parse_name(f"{title_b} {text}")
    assume(a.valid and b.valid)
    assert (a.given, a.middle, a.family, a.suffix) == (b.given, b.middle, b.family, b.suffix)


# --- the fast path ---------------------------------------------------------------------------

_FAST_PLAIN = st.tuples(
    st.text(alphabet=_LETTERS, min_size=2, max_size=9),
    st.sampled_from([str.title, str.title, str.lower, str.upper]),
).map(lambda pair: pair[1](pair[0]))
_FAST_WORD = st.one_of(
    _FAST_PLAIN,
    _FAST_PLAIN,
    st.sampled_from(["Zoë", "ZOË", "zoë", "Björn", "José", "Müller", "İlker", "ıri", "Straße"]),
    _FAST_PLAIN.map(lambda w: f"o'{w}"),
    st.tuples(_FAST_PLAIN, _FAST_PLAIN).map("-".join),
    st.tuples(st.sampled_from(["Mc", "mac", "MAC", "al-", "EL-"]), _WORD).map("".join),
    st.sampled_from(sorted(PARTICLES)).map(lambda p: p.upper() if len(p) % 2 else p),
    st.sampled_from(["y", "Y", "e", "i", "J", "Q", "Ma", "Do", "DeShawn", "MacDonald"]),
)
# Words that the fast path must decline or get exactly right: suffixes, legal forms, "and",
# titles and title surnames, quotes, repeated letters, punctuation, digits, non-NFC letters.
_TRAPS = """Jr iii PhD Ltd Co Inc GmbH SpA and AND The the Mr DR. Major Lady 't 'Bill' Bill' x xxx
AAAA Unknown Test - ' O' a--b J. 2nd Anne- -Marie Smith, \u212bsa Zoe\u0308 Jo\u00a0Smith"""
_TRAP_WORD = st.one_of(
    st.sampled_from(_TRAPS.split()),
    st.tuples(st.sampled_from("axZ"), st.integers(3, 5)).map(lambda p: p[0] * p[1]),
)
_FAST_TITLE = st.one_of(
    st.tuples(
        st.sampled_from(sorted(TITLE_ALIASES)), st.sampled_from(["", ".", "U", "T", "T."])
    ).map(
        lambda p: {"U": p[0].upper(), "T": p[0].title(), "T.": f"{p[0].title()}."}.get(
            p[1], p[0] + p[1]
        )
    ),
    st.sampled_from(["The", "Mr..", ".Dr", ".com.mander", "Www.Ms", "Prof.org"]),  # "://", ".com"
)
_FAST_SHAPED = st.builds(
    lambda title, words, sep: sep.join(([title] if title else []) + words),
    st.one_of(st.none(), _FAST_TITLE),
    st.lists(st.one_of(*[_FAST_WORD] * 6, _TRAP_WORD), min_size=1, max_size=5),
    st.sampled_from([" "] * 8 + ["  ", ", ", "\t"]),
)
_TITLED_PLACEHOLDER = st.tuples(_FAST_TITLE, st.sampled_from(sorted(PLACEHOLDERS))).map(" ".join)


def _assert_fast_path_agrees(text: object, index: int, preferred: str, max_length: int) -> None:
    fast = _names._parse_fast(text, index, max_length, preferred)
    if fast is not None:
        assert fast == _names._parse(text, index, max_length, preferred)


_STYLE_INDEX = st.sampled_from([0, 1])
_PREFERRED = st.sampled_from(["", "Ms", "Dr", "Mr"])


@settings(max_examples=1000)
@given(_FAST_SHAPED, _STYLE_INDEX, _PREFERRED, st.sampled_from([100, 100, 12]))
def test_fast_path_gives_exactly_the_general_result(
    text: str, index: int, preferred: str, max_length: int
) -> None:
    """Business rule: the fast path for common names ("Mr John Smith") is only a shortcut.
    Whenever it answers, its ParsedName (parts, normalised form, errors, warnings) is exactly
    the general parser's; on any other shape it declines and the general parser runs. The
    names are built from titles, particles, casing variants, hyphens, apostrophes and words
    that must make it decline (suffixes, legal forms, "and", quotes, digits, placeholders)."""
    _assert_fast_path_agrees(text, index, preferred, max_length)


@settings(max_examples=300)
@given(st.one_of(_TITLED_PLACEHOLDER, _NAMES, st.text(max_size=30)), _STYLE_INDEX, _PREFERRED)
def test_fast_path_agrees_on_other_shapes(text: str, index: int, preferred: str) -> None:
    """Business rule: as above, for names in any other shape and arbitrary text."""
    _assert_fast_path_agrees(text, index, preferred, 100)


def test_fast_path_takes_the_common_shapes() -> None:
    """The benchmark's typical names take the fast path (and agree with the general one)."""
    for text in [
        "Mr John Smith",
        "Prof. Zoë O'Neil",
        "MS ZOË WILSON",
        "karen thomas",
        "Dr Emma Smith-Jones",
        "Sophie van der Berg",
    ]:
        fast = _names._parse_fast(text, 0, 100, "")
        assert fast is not None
        assert fast == _names._parse(text, 0, 100, "")
    assert _names._parse_fast("Smith, John", 0, 100, "") is None
    assert _names._parse_fast("Mr and Mrs Smith", 0, 100, "") is None
