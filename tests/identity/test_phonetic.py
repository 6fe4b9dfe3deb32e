"""Tests for crmkit.identity._phonetic: Soundex, NYSIIS and Double Metaphone."""

from __future__ import annotations

import re
import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit._errors import InvalidArgument
from crmkit.identity._phonetic import double_metaphone, nysiis, soundex

# --------------------------------------------------------------------------------------------
# Soundex

# US National Archives, "The Soundex Indexing System" (NARA, 2007): the worked examples of the
# coding guide, as listed in ../shared/domain/anchors-scoring-lifecycle-validation.md §C.5.
NARA_SOUNDEX = [
    ("Robert", "R163"),
    ("Rupert", "R163"),
    ("Rubin", "R150"),
    ("Ashcraft", "A261"),  # H/W rule: S and C separated by H are coded once
    ("Ashcroft", "A261"),
    ("Tymczak", "T522"),  # a vowel separates the two 2s around it
    ("Pfister", "P236"),  # the first letter's digit absorbs the F
    ("Honeyman", "H555"),
    ("Lee", "L000"),
    ("Jackson", "J250"),
    ("Washington", "W252"),
]


@pytest.mark.parametrize(("name", "code"), NARA_SOUNDEX)
def test_soundex_nara_examples(name, code):
    assert soundex(name) == code


def test_soundex_prefix_rule_not_applied():
    # NARA codes "Van Deusen" both as V532 and, without the prefix, as D250; crmkit codes the
    # name once, as written (documented in soundex's docstring).
    assert soundex("Van Deusen") == "V532"


def test_soundex_input_handling():
    assert soundex("  o'hara ") == soundex("OHARA") == "O600"
    assert soundex("Müller") == soundex("Muller")
    assert soundex("") == soundex("12 -") == ""


# --------------------------------------------------------------------------------------------
# NYSIIS

# Apache commons-codec, NysiisTest.java (testBran, testCap, testDad, testDan, testFal,
# testSnad, testSnat, testTranan, testSpecialBranches; default strict encoder, 6 characters).
COMMONS_NYSIIS = [
    ("Brian", "BRAN"),
    ("Brown", "BRAN"),
    ("Brun", "BRAN"),
    ("Capp", "CAP"),
    ("Cope", "CAP"),
    ("Copp", "CAP"),
    ("Kipp", "CAP"),
    ("Dent", "DAD"),
    ("Dane", "DAN"),
    ("Dean", "DAN"),
    ("Dionne", "DAN"),
    ("Phil", "FAL"),
    ("Schmidt", "SNAD"),
    ("Smith", "SNAT"),
    ("Schmit", "SNAT"),
    ("Trueman", "TRANAN"),
    ("Truman", "TRANAN"),
    ("Kobwick", "CABWAC"),
    ("Kocher", "CACAR"),
    ("Fesca", "FASC"),
    ("Shom", "SAN"),
    ("Ohlo", "OL"),
    ("Uhu", "UH"),
    ("Um", "UN"),
    ("WESTERLUND", "WASTAR"),  # testTrueVariant: the strict (6-character) code
]

# commons-codec NysiisTest.testDropBy2 / testOthers / testRule*: the full-length codes (the
# non-strict encoder), from www.dropby.com's NYSIIS page and the rule tests.
COMMONS_NYSIIS_FULL = [
    ("MACINTOSH", "MCANT"),
    ("KNUTH", "NAT"),
    ("KOEHN", "CAN"),
    ("PHILLIPSON", "FALAPSAN"),
    ("PFEISTER", "FASTAR"),
    ("SCHOENHOEFT", "SANAFT"),
    ("MCKEE", "MCY"),
    ("MACKIE", "MCY"),
    ("HEITSCHMIDT", "HATSNAD"),
    ("BART", "BAD"),
    ("HURD", "HAD"),
    ("HUNT", "HAD"),
    ("WESTERLUND", "WASTARLAD"),
    ("CASSTEVENS", "CASTAFAN"),
    ("VASQUEZ", "VASG"),
    ("FRAZIER", "FRASAR"),
    ("BOWMAN", "BANAN"),
    ("MCKNIGHT", "MCNAGT"),
    ("RICKERT", "RACAD"),
    ("DEUTSCH", "DAT"),
    ("WESTPHAL", "WASTFAL"),
    ("SHRIVER", "SRAVAR"),
    ("KUHL", "CAL"),
    ("RAWSON", "RASAN"),
    ("JILES", "JAL"),
    ("CARRAWAY", "CARY"),
    ("YAMADA", "YANAD"),
    ("O'Daniel", "ODANAL"),
    ("O'Donnel", "ODANAL"),
    ("Cory", "CARY"),
    ("Corey", "CARY"),
    ("Kory", "CARY"),
    ("FUZZY", "FASY"),
    ("MACX", "MCX"),
    ("KNX", "NX"),
    ("KX", "CX"),
    ("PHX", "FX"),
    ("PFX", "FX"),
    ("SCHX", "SX"),
    ("XEE", "XY"),
    ("XIE", "XY"),
    ("XDT", "XD"),
    ("XRT", "XD"),
    ("XRD", "XD"),
    ("XNT", "XD"),
    ("XND", "XD"),
    ("XEV", "XAF"),
    ("XAX", "XAX"),
    ("XEX", "XAX"),
    ("XIX", "XAX"),
    ("XOX", "XAX"),
    ("XUX", "XAX"),
    ("XQ", "XG"),
    ("XZ", "X"),
    ("XM", "XN"),
    ("XS", "X"),
    ("XSS", "X"),
    ("XAY", "XY"),
    ("XAYS", "XY"),
    ("XA", "X"),
    ("XAS", "X"),
]


@pytest.mark.parametrize(("name", "code"), COMMONS_NYSIIS)
def test_nysiis_commons_codec_strict(name, code):
    assert nysiis(name) == code


@pytest.mark.parametrize(("name", "code"), COMMONS_NYSIIS_FULL)
def test_nysiis_commons_codec_full(name, code):
    assert nysiis(name, max_length=None) == code


def test_nysiis_never_strips_the_first_letter():
    """A trailing S or A is dropped (Taft's rules 5 and 7) but the key keeps its first letter."""
    assert nysiis("As") == "A"
    assert nysiis("S") == "S"


# --------------------------------------------------------------------------------------------
# Double Metaphone

# Apache commons-codec, DoubleMetaphone2Test.java (TEST_DATA, "extracted from Stephen
# Woodbridge's PHP test program", swoodbridge.com/DoubleMetaPhone/surnames.txt): name,
# primary, alternate, with the default 4-character codes. A selection that exercises every
# rule of the algorithm.
COMMONS_DOUBLE_METAPHONE = [
    ("ALLERTON", "ALRT", "ALRT"),
    ("Angier", "ANJ", "ANJR"),
    ("Bachelor", "PXLR", "PKLR"),
    ("Barlow", "PRL", "PRLF"),
    ("Beauchamp", "PXMP", "PKMP"),
    ("benign", "PNN", "PNKN"),
    ("Bergen", "PRJN", "PRKN"),
    ("Bigelow", "PJL", "PKLF"),
    ("Bosworth", "PSR0", "PSRT"),
    ("Bouchier", "PX", "PKR"),
    ("Brzozowski", "PRSS", "PRTS"),
    ("Burge", "PRJ", "PRK"),
    ("Chevalier", "XFL", "XFLR"),
    ("Christie", "KRST", "KRST"),
    ("Church", "XRX", "XRK"),
    ("Clothilde", "KL0L", "KLTL"),
    ("Collier", "KL", "KLR"),
    ("Count of Brionne", "KNTF", "KNTF"),
    ("Crew", "KR", "KRF"),
    ("Cutha", "K0", "KT"),
    ("D'Aubigny", "TPN", "TPKN"),
    ("Dow", "T", "TF"),
    ("Eglinton", "AKLN", "ALNT"),
    ("Fischer", "FXR", "FSKR"),
    ("Folger", "FLKR", "FLJR"),
    ("French", "FRNX", "FRNK"),
    ("Frier", "FR", "FRR"),
    ("Gage", "KJ", "KK"),
    ("George", "JRJ", "KRK"),
    ("Gerken", "KRKN", "JRKN"),
    ("Gibbs", "KPS", "JPS"),
    ("Giffard", "JFRT", "KFRT"),
    ("Hathaway", "H0", "HT"),
    ("Houckgeest", "HKJS", "HKKS"),
    ("Hough", "H", "H"),
    ("Jackson", "JKSN", "AKSN"),
    ("Josephine", "JSFN", "HSFN"),
    ("Knight", "NT", "NT"),
    ("La Pointe", "LPNT", "LPNT"),
    ("Langendyck", "LNJN", "LNKN"),
    ("Lathrop", "L0RP", "LTRP"),
    ("MacKenneth", "MKN0", "MKNT"),
    ("Magnus", "MNS", "MKNS"),
    ("Mayhew", "MH", "MHF"),
    ("McIlroy", "MSLR", "MSLR"),
    ("McNair-Landry", "MKNR", "MKNR"),
    ("Murchad", "MRXT", "MRKT"),
    ("Newcomb(e)", "NKMP", "NKMP"),
    ("Page", "PJ", "PK"),
    ("Rachel", "RXL", "RKL"),
    ("Reichert", "RXRT", "RKRT"),
    ("Rogers", "RKRS", "RJRS"),
    ("Schlegel", "XLKL", "SLKL"),
    ("Sergeaux", "SRJ", "SRK"),
    ("Shaw", "X", "XF"),
    ("Slade", "SLT", "XLT"),
    ("Smith", "SM0", "XMT"),
    ("Southworth", "S0R0", "STRT"),
    ("St. Leger", "STLJ", "STLK"),
    ("Stoughton", "STFT", "STFT"),
    ("Swayze", "SS", "XTS"),
    ("Thayer", "0R", "TR"),
    ("Thomas", "TMS", "TMS"),
    ("Thompson", "TMPS", "TMPS"),
    ("Thwaits", "0TS", "TTS"),
    ("Ua Tuathail", "AT0L", "ATTL"),
    ("Van der Beek", "FNTR", "FNTR"),
    ("Wagner", "AKNR", "FKNR"),
    ("Wenzell", "ANSL", "FNTS"),
    ("Whatlocke", "ATLK", "ATLK"),
    ("Winch", "ANX", "FNK"),
    ("Wright", "RT", "RT"),
    ("de Lusignan", "TLSN", "TLSK"),
    ("di Saluzzo", "TSLS", "TSLT"),
    ("la Zouche", "LSX", "LSK"),
    ("ARCHITure", "ARKT", "ARKT"),
    ("Arnow", "ARN", "ARNF"),
    ("DANGER", "TNJR", "TNKR"),
    ("Jankelowicz", "JNKL", "ANKL"),
    ("McClellan", "MKLL", "MKLL"),
    ("McHugh", "MK", "MK"),
    ("McLaughlin", "MKLF", "MKLF"),
    ("ORCHEStra", "ARKS", "ARKS"),
    ("Schlesinger", "XLSN", "SLSN"),
    ("Wasserman", "ASRM", "FSRM"),
    ("Womo", "AM", "FM"),
    ("accident", "AKST", "AKST"),
    ("artois", "ART", "ARTS"),
    ("bacchus", "PKS", "PKS"),
    ("bacci", "PX", "PX"),
    ("bajador", "PJTR", "PHTR"),
    ("bellocchio", "PLX", "PLX"),
    ("biaggi", "PJ", "PK"),
    ("breaux", "PR", "PR"),
    ("cabrillo", "KPRL", "KPR"),
    ("caesar", "SSR", "SSR"),
    ("campbell", "KMPL", "KMPL"),
    ("carlisle", "KRLL", "KRLL"),
    ("chemistry", "KMST", "KMST"),
    ("chianti", "KNT", "KNT"),
    ("cough", "KF", "KF"),
    ("czerny", "SRN", "XRN"),
    ("deffenbacher", "TFNP", "TFNP"),
    ("dumb", "TM", "TM"),
    ("edgar", "ATKR", "ATKR"),
    ("edge", "AJ", "AJ"),
    ("filipowicz", "FLPT", "FLPF"),
    ("focaccia", "FKX", "FKX"),
    ("gallegos", "KLKS", "KKS"),
    ("geithain", "K0N", "JTN"),
    ("ghislane", "JLN", "JLN"),
    ("hochmeier", "HKMR", "HKMR"),
    ("hugh", "H", "H"),
    ("island", "ALNT", "ALNT"),
    ("jose", "HS", "HS"),
    ("mac caffrey", "MKFR", "MKFR"),
    ("mac gregor", "MKRK", "MKRK"),
    ("pegnitz", "PNTS", "PKNT"),
    ("piskowitz", "PSKT", "PSKF"),
    ("resnais", "RSN", "RSNS"),
    ("rogier", "RJ", "RJR"),
    ("san jacinto", "SNHS", "SNHS"),
    ("schenker", "XNKR", "SKNK"),
    ("schermerhorn", "XRMR", "SKRM"),
    ("schmidt", "XMT", "SMT"),
    ("school", "SKL", "SKL"),
    ("schwabach", "XPK", "XFPK"),
    ("schwarzach", "XRSK", "XFRT"),
    ("snider", "SNTR", "XNTR"),
    ("succeed", "SKST", "SKST"),
    ("sugarcane", "XKRK", "SKRK"),
    ("tagliaro", "TKLR", "TLR"),
    ("thumb", "0M", "TM"),
    ("tichner", "TXNR", "TKNR"),
    ("tough", "TF", "TF"),
    ("vilshofen", "FLXF", "FLXF"),
    ("von schuller", "FNXL", "FNXL"),
    ("wechsler", "AKSL", "FKSL"),
    ("zhao", "J", "J"),
]


@pytest.mark.parametrize(("name", "primary", "alternate"), COMMONS_DOUBLE_METAPHONE)
def test_double_metaphone_commons_codec_vectors(name, primary, alternate):
    assert double_metaphone(name) == (primary, alternate)


# ../shared/domain/anchors-scoring-lifecycle-validation.md §C.5: values on which the Double
# Metaphone implementations agree (Catherine/Kathryn), and the pinned side of the ones where
# they disagree: Jose ('HS', 'HS') as doublemetaphone 1.2 (Philips' C++) and commons-codec
# (DoubleMetaphone2Test "jose"); Thompson ('TMPSN', 'TMPSN') as doublemetaphone 1.2, uncut.
def test_double_metaphone_anchor_values():
    assert double_metaphone("Catherine") == ("K0RN", "KTRN")
    assert double_metaphone("Kathryn") == ("K0RN", "KTRN")
    assert double_metaphone("Jose") == ("HS", "HS")
    assert double_metaphone("Thompson", max_length=None) == ("TMPSN", "TMPSN")


def test_double_metaphone_keeps_cedilla_and_tilde():
    # Philips codes Ç as S and Ñ as N (commons-codec: "A C with a Cedilla", "N with a tilde").
    assert double_metaphone("Françoise")[0] == "FRNS"
    assert double_metaphone("Peña") == ("PN", "PN")
    assert double_metaphone("Ibáñez") == double_metaphone("IBANEZ")


def test_double_metaphone_final_j_has_no_blank_alternate():
    # Philips appends a blank to the alternate for a final J; crmkit appends nothing.
    assert double_metaphone("Raj") == ("RJ", "R")


def test_double_metaphone_max_length():
    assert double_metaphone("Southworth", max_length=None) == ("S0R0", "STRT")
    assert double_metaphone("Wenzell", max_length=None) == ("ANSL", "FNTSL")
    assert double_metaphone("Wenzell", max_length=2) == ("AN", "FN")


@pytest.mark.parametrize("bad", [0, -1, 2.0, "4", True])
def test_max_length_must_be_a_positive_int(bad):
    with pytest.raises(InvalidArgument, match="'max_length' must be a positive int") as error:
        double_metaphone("Smith", max_length=bad)
    assert error.value.field == "max_length"
    assert error.value.value is bad
    with pytest.raises(InvalidArgument, match=re.escape(repr(bad))):
        nysiis("Smith", max_length=bad)


# --------------------------------------------------------------------------------------------
# Properties

ENCODERS = [
    pytest.param(soundex, id="soundex"),
    pytest.param(nysiis, id="nysiis"),
    pytest.param(lambda name: "".join(double_metaphone(name)), id="double_metaphone"),
]
CODE_ALPHABET = set(string.ascii_uppercase + string.digits)


@pytest.mark.parametrize("encode", ENCODERS)
@settings(max_examples=150)
@given(text=st.text())
def test_codes_are_upper_case_ascii_and_total(encode, text):
    """Business rule: an encoder accepts any text without raising and returns upper-case ASCII
    (letters, plus Soundex digits and Double Metaphone's 0 for *th*), the same every time."""
    code = encode(text)
    assert set(code) <= CODE_ALPHABET
    assert encode(text) == code


@settings(max_examples=150)
@given(text=st.text())
def test_soundex_shape(text):
    """Business rule: a Soundex code is one letter and three digits (NARA), or the missing
    code "" for a name without a letter; a name with an ASCII letter always has a code."""
    code = soundex(text)
    assert code == "" or re.fullmatch(r"[A-Z][0-9]{3}", code)
    if any(ch in string.ascii_letters for ch in text):
        assert code
    if text.isascii() and code:
        assert code[0] == next(ch for ch in text if ch in string.ascii_letters).upper()


NAMES = st.text(alphabet=string.ascii_letters + " -'", max_size=20)


@settings(max_examples=150)
@given(name=NAMES)
def test_keys_ignore_case_and_punctuation(name):
    """Business rule: "O'Neil", "ONEIL" and "oneil" are one name to a blocking key."""
    squeezed = name.replace("'", "")
    assert soundex(name) == soundex(squeezed.upper()) == soundex(squeezed.lower())
    assert nysiis(name) == nysiis(squeezed.swapcase())
    assert double_metaphone(name) == double_metaphone(squeezed.lower())


@settings(max_examples=150)
@given(name=NAMES, size=st.integers(min_value=1, max_value=8))
def test_lengths_truncate_the_full_code(name, size):
    """Business rule: a shorter key is a prefix of the longer one, so keys of different
    lengths nest (a 4-character block contains the 6-character blocks that extend it)."""
    full = double_metaphone(name, max_length=None)
    assert double_metaphone(name, max_length=size) == (full[0][:size], full[1][:size])
    assert nysiis(name, max_length=size) == nysiis(name, max_length=None)[:size]


@settings(max_examples=100)
@given(name=st.text(alphabet="aeiouéèêëàâäîïôöûüçñÉÀÇÑ" + string.ascii_lowercase, max_size=12))
def test_accents_are_folded(name):
    """Business rule: "Hélène" and "Helene" get the same Soundex and NYSIIS keys."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    assert soundex(name) == soundex(plain)
    assert nysiis(name) == nysiis(plain)
