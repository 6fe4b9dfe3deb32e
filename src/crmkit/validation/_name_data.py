"""Reference tables for :mod:`crmkit.validation._names`: titles, suffixes, particles, legal forms.

Every table is keyed by a *lookup key*: the token case-folded with every full stop removed
(``"Ph.D."`` → ``"phd"``, ``"S.p.A."`` → ``"spa"``). Values give the canonical spelling.

Sources and curation (the tables are curated by hand from the sources named, not copied):

* Titles and their full-stop conventions: New Hart's Rules (Oxford) "contractions that end in
  the last letter of the word take no full stop" (British ``Mr``, ``Dr``); The Chicago Manual
  of Style, chapter 10 (US ``Mr.``, ``Dr.``). French, Spanish, Italian and Dutch abbreviations
  keep their own language's full stops in both styles (``Sr.``, ``Sig.ra``); French titles
  are written in full (``Madame``), as French usage requires when addressing the person.
* Salutation by given name for knights and dames (``Dear Sir John``): Debrett's, *Forms of
  Address*.
* Legal forms: modelled on ISO 20275 "Entity Legal Forms" (the GLEIF ELF code list). The list
  cannot be downloaded here, so this is a curated subset of common forms, spelt as they are
  usually written, with the main jurisdictions as a hint (ISO 3166-1 alpha-2). It is a hint,
  not an exhaustive mapping.

This module holds data only and imports nothing but :mod:`types`.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = [
    "AMBIGUOUS_SUFFIXES",
    "GENERATIONAL_SUFFIXES",
    "LEGAL_FORMS",
    "MAC_NAMES",
    "PARTICLES",
    "PLACEHOLDERS",
    "SALUTE_BY_GIVEN_NAME",
    "SUFFIXES",
    "SURNAME_CONJUNCTIONS",
    "TITLES",
    "TITLE_ALIASES",
    "TITLE_SURNAMES",
]

# Canonical title -> (British form, US form). British drops the full stop of contractions;
# the non-English forms are identical in both styles.
TITLES: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {
        # English social titles.
        "Mr": ("Mr", "Mr."),
        "Mrs": ("Mrs", "Mrs."),
        "Ms": ("Ms", "Ms."),
        "Miss": ("Miss", "Miss"),
        "Mx": ("Mx", "Mx."),
        "Master": ("Master", "Master"),
        # Academic, professional, religious.
        "Dr": ("Dr", "Dr."),
        "Prof": ("Prof", "Prof."),
        "Rev": ("Rev", "Rev."),
        "Fr": ("Fr", "Fr."),
        "Sister": ("Sister", "Sister"),
        "Pastor": ("Pastor", "Pastor"),
        "Rabbi": ("Rabbi", "Rabbi"),
        # Honours and courtesy.
        "Sir": ("Sir", "Sir"),
        "Dame": ("Dame", "Dame"),
        "Lord": ("Lord", "Lord"),
        "Lady": ("Lady", "Lady"),
        "Hon": ("Hon", "Hon."),
        "Rt": ("Rt", "Rt."),
        "The": ("The", "The"),
        # Military ranks most often met in address lists.
        "Capt": ("Capt", "Capt."),
        "Col": ("Col", "Col."),
        "Lt": ("Lt", "Lt."),
        "Maj": ("Maj", "Maj."),
        "General": ("General", "General"),
        "Brig": ("Brig", "Brig."),
        "Cdr": ("Cdr", "Cdr."),
        "Adm": ("Adm", "Adm."),
        "Sgt": ("Sgt", "Sgt."),
        "Cpl": ("Cpl", "Cpl."),
        # German.
        "Herr": ("Herr", "Herr"),
        "Frau": ("Frau", "Frau"),
        # French, written in full as when addressing the person ("Madame Dubois"); the
        # abbreviation "M." cannot be told from an initial, so it could not be read back.
        "Monsieur": ("Monsieur", "Monsieur"),
        "Madame": ("Madame", "Madame"),
        "Mademoiselle": ("Mademoiselle", "Mademoiselle"),
        # Spanish and Portuguese.
        "Sr.": ("Sr.", "Sr."),
        "Sra.": ("Sra.", "Sra."),
        "Srta.": ("Srta.", "Srta."),
        "Dra.": ("Dra.", "Dra."),
        # Italian.
        "Sig.": ("Sig.", "Sig."),
        "Sig.ra": ("Sig.ra", "Sig.ra"),
        "Sig.na": ("Sig.na", "Sig.na"),
        "Dott.": ("Dott.", "Dott."),
        "Dott.ssa": ("Dott.ssa", "Dott.ssa"),
        "Ing.": ("Ing.", "Ing."),
        "Avv.": ("Avv.", "Avv."),
        # Dutch.
        "Dhr.": ("Dhr.", "Dhr."),
        "Mevr.": ("Mevr.", "Mevr."),
    }
)

# Lookup key -> canonical title. Deliberately absent because they are also given names,
# initials or nicknames: "Don", "Dean", "Prince", "Judge", "Sen", "Gen" (so "General" is written
# in full), a bare "M" (an initial, not Monsieur) and "Doc". Every canonical form, in both
# styles, reads back as itself.
TITLE_ALIASES: MappingProxyType[str, str] = MappingProxyType(
    {
        "mr": "Mr",
        "mister": "Mr",
        "mrs": "Mrs",
        "missus": "Mrs",
        "missis": "Mrs",
        "ms": "Ms",
        "miz": "Ms",
        "miss": "Miss",
        "mx": "Mx",
        "master": "Master",
        "mstr": "Master",
        "dr": "Dr",
        "doctor": "Dr",
        "doktor": "Dr",
        "prof": "Prof",
        "professor": "Prof",
        "rev": "Rev",
        "revd": "Rev",
        "reverend": "Rev",
        "fr": "Fr",
        "father": "Fr",
        "sister": "Sister",
        "pastor": "Pastor",
        "rabbi": "Rabbi",
        "sir": "Sir",
        "dame": "Dame",
        "lord": "Lord",
        "lady": "Lady",
        "hon": "Hon",
        "honourable": "Hon",
        "honorable": "Hon",
        "rt": "Rt",
        "right": "Rt",
        "the": "The",
        "capt": "Capt",
        "cpt": "Capt",
        "captain": "Capt",
        "col": "Col",
        "colonel": "Col",
        "lt": "Lt",
        "lieut": "Lt",
        "lieutenant": "Lt",
        "maj": "Maj",
        "major": "Maj",
        "general": "General",
        "brig": "Brig",
        "brigadier": "Brig",
        "cdr": "Cdr",
        "cmdr": "Cdr",
        "commander": "Cdr",
        "adm": "Adm",
        "admiral": "Adm",
        "sgt": "Sgt",
        "sergeant": "Sgt",
        "cpl": "Cpl",
        "corporal": "Cpl",
        "herr": "Herr",
        "frau": "Frau",
        "monsieur": "Monsieur",
        "mme": "Madame",
        "madame": "Madame",
        "mlle": "Mademoiselle",
        "mademoiselle": "Mademoiselle",
        # At the start of a name "Sr." is the Spanish/Portuguese Señor/Senhor; at the end it
        # is the suffix Senior (see SUFFIXES).
        "sr": "Sr.",
        "señor": "Sr.",
        "senor": "Sr.",
        "senhor": "Sr.",
        "sra": "Sra.",
        "señora": "Sra.",
        "senora": "Sra.",
        "senhora": "Sra.",
        "srta": "Srta.",
        "señorita": "Srta.",
        "senorita": "Srta.",
        "dra": "Dra.",
        "doctora": "Dra.",
        "sig": "Sig.",
        "signor": "Sig.",
        "signore": "Sig.",
        "sigra": "Sig.ra",
        "signora": "Sig.ra",
        "signa": "Sig.na",
        "signorina": "Sig.na",
        "dott": "Dott.",
        "dottore": "Dott.",
        "dottssa": "Dott.ssa",
        "dottoressa": "Dott.ssa",
        "ing": "Ing.",
        "avv": "Avv.",
        "dhr": "Dhr.",
        "mevr": "Mevr.",
        "mevrouw": "Mevr.",
    }
)

# Title words that are also family names: after another title they are the name ("Mr Major").
TITLE_SURNAMES = frozenset({"dame", "general", "lady", "lord", "major", "master", "sister"})

# Titles whose holders are greeted by given name: "Dear Sir John", "Dear Dame Judi" (Debrett's).
SALUTE_BY_GIVEN_NAME = frozenset({"Sir", "Dame"})

# Lookup key -> (British form, US form) for suffixes recognised at the end of a name without a
# comma. Numerals stop at IV: "Vi" is a given name, and later generations are very rare.
# Chicago 17th ed. writes "Jr." and "PhD" (degrees without full stops).
SUFFIXES: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {
        "jr": ("Jr", "Jr."),
        "jnr": ("Jr", "Jr."),
        "sr": ("Sr", "Sr."),
        "snr": ("Sr", "Sr."),
        "ii": ("II", "II"),
        "iii": ("III", "III"),
        "iv": ("IV", "IV"),
        "phd": ("PhD", "PhD"),
        "dphil": ("DPhil", "DPhil"),
        "md": ("MD", "MD"),
        "dds": ("DDS", "DDS"),
        "dmd": ("DMD", "DMD"),
        "dvm": ("DVM", "DVM"),
        "edd": ("EdD", "EdD"),
        "esq": ("Esq", "Esq."),
        "cpa": ("CPA", "CPA"),
        "mba": ("MBA", "MBA"),
        "llm": ("LLM", "LLM"),
        "obe": ("OBE", "OBE"),
        "mbe": ("MBE", "MBE"),
        "cbe": ("CBE", "CBE"),
        "kbe": ("KBE", "KBE"),
        "dbe": ("DBE", "DBE"),
        "qc": ("QC", "QC"),
        "kc": ("KC", "KC"),
        "mp": ("MP", "MP"),
        "frs": ("FRS", "FRS"),
    }
)

# Suffixes that are also surnames or words ("Ma", "Do", "Ba", "Pa"): recognised only after a
# comma ("Jane Ma" keeps the family name Ma; "Jane Smith, MA" has the degree).
AMBIGUOUS_SUFFIXES: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {
        "ma": ("MA", "MA"),
        "ba": ("BA", "BA"),
        "bsc": ("BSc", "BSc"),
        "msc": ("MSc", "MSc"),
        "do": ("DO", "DO"),
        "jd": ("JD", "JD"),
        "llb": ("LLB", "LLB"),
        "rn": ("RN", "RN"),
        "pa": ("PA", "PA"),
        "pe": ("PE", "PE"),
        "jp": ("JP", "JP"),
        "v": ("V", "V"),
    }
)

# Canonical forms of generational suffixes: written after the name without a comma ("V" is
# not one of them: as an ambiguous suffix it needs its comma, "John Smith, V").
GENERATIONAL_SUFFIXES = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"})

# Family-name particles (case-folded). They join the following word into the family name and
# are written in lower case inside a name. Not included because they are common given names:
# "Ben", "Abu", "San".
PARTICLES = frozenset(
    {
        "af",
        "al",
        "av",
        "bin",
        "binti",
        "bint",
        "da",
        "dal",
        "das",
        "de",
        "dei",
        "degli",
        "del",
        "della",
        "delle",
        "den",
        "der",
        "des",
        "di",
        "dos",
        "du",
        "el",
        "ibn",
        "la",
        "le",
        "op",
        "'t",
        "te",
        "ten",
        "ter",
        "van",
        "vom",
        "von",
        "zu",
        "zum",
        "zur",
    }
)

# Conjunctions inside double family names: "Ortega y Gasset", "Silva e Sousa".
SURNAME_CONJUNCTIONS = frozenset({"y", "e", "i"})

# Surnames (case-folded) written with a capital after "Mac" (MacDonald). Any other "mac..."
# word is capitalised only at the start, so Macy, Mack, Machado and Macias stay as they are.
MAC_NAMES = frozenset(
    {
        "macadam",
        "macalister",
        "macallister",
        "macalpine",
        "macarthur",
        "macaskill",
        "macaulay",
        "macbain",
        "macbean",
        "macbeth",
        "macbride",
        "maccallum",
        "maccormack",
        "maccormick",
        "macdermott",
        "macdiarmid",
        "macdonald",
        "macdonnell",
        "macdougall",
        "macduff",
        "macewan",
        "macewen",
        "macfadyen",
        "macfarlane",
        "macgillivray",
        "macgowan",
        "macgregor",
        "macinnes",
        "macintosh",
        "macintyre",
        "maciver",
        "mackay",
        "mackenzie",
        "mackinlay",
        "mackinnon",
        "maclachlan",
        "maclaren",
        "maclean",
        "maclennan",
        "macleod",
        "macmahon",
        "macmanus",
        "macmillan",
        "macnab",
        "macnamara",
        "macneil",
        "macneill",
        "macpherson",
        "macquarrie",
        "macrae",
        "macritchie",
        "macsween",
        "mactavish",
        "macvicar",
    }
)

# Whole values (case-folded, whitespace collapsed) that stand in for a missing name.
PLACEHOLDERS = frozenset(
    {
        "-",
        "--",
        ".",
        "?",
        "??",
        "???",
        "abc",
        "anon",
        "anonymous",
        "asd",
        "asdf",
        "asdfgh",
        "customer",
        "dummy",
        "fake",
        "first last",
        "firstname lastname",
        "n/a",
        "n.a.",
        "na",
        "name",
        "nil",
        "no name",
        "noname",
        "none",
        "not applicable",
        "not given",
        "not known",
        "not provided",
        "null",
        "qwerty",
        "sample",
        "tba",
        "tbc",
        "tbd",
        "test",
        "test test",
        "test user",
        "tester",
        "unknown",
        "unknown unknown",
        "user",
    }
)

# Lookup key of the whole legal-form phrase (each word case-folded without full stops, joined
# by single spaces: "GmbH & Co. KG" -> "gmbh & co kg") -> (canonical spelling, ISO 3166-1
# alpha-2 hints, exact spellings required). When the last element is non-empty the form is also an
# ordinary word or initials ("Spa", "As") and is recognised only with full stops or typed
# exactly as listed.
LEGAL_FORMS: MappingProxyType[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = MappingProxyType(
    {
        # United States, Canada and other common-law jurisdictions.
        "inc": ("Inc.", ("US", "CA", "PH"), ()),
        "incorporated": ("Inc.", ("US", "CA", "PH"), ()),
        "corp": ("Corp.", ("US", "CA"), ()),
        "corporation": ("Corp.", ("US", "CA"), ()),
        "co": ("Co.", ("US", "GB"), ()),
        "& co": ("& Co.", ("GB", "US"), ()),
        "company": ("Co.", ("US", "GB"), ()),
        "llc": ("LLC", ("US",), ()),
        "llp": ("LLP", ("US", "GB"), ()),
        "lp": ("LP", ("US", "GB"), ("LP",)),
        "pc": ("PC", ("US",), ("PC",)),
        "ltd": ("Ltd", ("GB", "IE", "HK", "NZ", "IN"), ()),
        "limited": ("Ltd", ("GB", "IE", "HK", "NZ", "IN"), ()),
        "plc": ("PLC", ("GB", "IE"), ()),
        "cic": ("CIC", ("GB",), ("CIC",)),
        "pty ltd": ("Pty Ltd", ("AU", "ZA"), ()),
        "pty limited": ("Pty Ltd", ("AU", "ZA"), ()),
        "pty": ("Pty", ("AU", "ZA"), ()),
        "pte ltd": ("Pte Ltd", ("SG",), ()),
        "pvt ltd": ("Pvt Ltd", ("IN",), ()),
        "sdn bhd": ("Sdn Bhd", ("MY",), ()),
        "bhd": ("Bhd", ("MY",), ()),
        # German-speaking countries.
        "gmbh": ("GmbH", ("DE", "AT", "CH"), ()),
        "gmbh & co kg": ("GmbH & Co. KG", ("DE", "AT"), ()),
        "ag": ("AG", ("DE", "AT", "CH"), ("AG",)),
        "kg": ("KG", ("DE", "AT"), ("KG",)),
        "ohg": ("OHG", ("DE",), ()),
        "ug (haftungsbeschränkt)": ("UG (haftungsbeschränkt)", ("DE",), ()),
        "ek": ("e.K.", ("DE",), ("e.K.",)),
        "ev": ("e.V.", ("DE",), ("e.V.",)),
        "se": ("SE", ("EU",), ("SE",)),
        # French- and Spanish-speaking countries, Belgium, Luxembourg, Switzerland.
        "sa": ("SA", ("FR", "BE", "CH", "LU", "ES", "PT"), ("SA",)),
        "sas": ("SAS", ("FR",), ("SAS",)),
        "sasu": ("SASU", ("FR",), ()),
        "sarl": ("SARL", ("FR", "LU", "BE", "CH"), ()),
        "eurl": ("EURL", ("FR",), ()),
        "snc": ("SNC", ("FR",), ("SNC",)),
        "sl": ("S.L.", ("ES",), ("SL",)),
        "slu": ("S.L.U.", ("ES",), ("SLU",)),
        "sa de cv": ("S.A. de C.V.", ("MX",), ()),
        "ltda": ("Ltda.", ("BR", "PT", "CO", "CL"), ()),
        # Italy.
        "spa": ("S.p.A.", ("IT",), ("SpA", "S.p.A.", "S.P.A.")),
        "srl": ("S.r.l.", ("IT", "RO"), ()),
        "sapa": ("S.a.p.a.", ("IT",), ()),
        # Benelux.
        "bv": ("BV", ("NL", "BE"), ("BV",)),
        "nv": ("NV", ("NL", "BE"), ("NV",)),
        "vof": ("VOF", ("NL",), ("VOF",)),
        "bvba": ("BVBA", ("BE",), ()),
        # Nordic countries.
        "ab": ("AB", ("SE",), ("AB",)),
        "ab (publ)": ("AB (publ)", ("SE",), ()),
        "as": ("AS", ("NO",), ("AS",)),
        "asa": ("ASA", ("NO",), ("ASA",)),
        "a/s": ("A/S", ("DK",), ()),
        "aps": ("ApS", ("DK",), ()),
        "oy": ("Oy", ("FI",), ("Oy", "OY")),
        "oyj": ("Oyj", ("FI",), ()),
        "ehf": ("ehf.", ("IS",), ()),
        # Central and Eastern Europe.
        "sp z oo": ("Sp. z o.o.", ("PL",), ()),
        "sro": ("s.r.o.", ("CZ", "SK"), ()),
        "doo": ("d.o.o.", ("SI", "HR", "RS"), ()),
        "kft": ("Kft.", ("HU",), ()),
        "zrt": ("Zrt.", ("HU",), ()),
        "ooo": ("OOO", ("RU",), ("OOO",)),
        # Asia.
        "kk": ("K.K.", ("JP",), ("KK", "K.K.")),
        "kabushiki kaisha": ("K.K.", ("JP",), ()),
        "gk": ("G.K.", ("JP",), ("GK", "G.K.")),
        "godo kaisha": ("G.K.", ("JP",), ()),
        "tbk": ("Tbk", ("ID",), ()),
    }
)
