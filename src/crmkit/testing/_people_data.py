"""Reference tables for :mod:`crmkit.testing._people`: names, nicknames, streets, localities.

Every table is plain data (tuples and read-only mappings), hand-curated for this module:

* Name frequencies are *tiers* (a weight per name within a tier), shaped after the skew of the
  Office for National Statistics and US Census Bureau surname lists (a handful of names such as
  Smith and Jones cover a few per cent of people; a long tail covers the rest). The weights are
  illustrative, not the published counts.
* Nicknames follow common English usage (the "nicknames" data set of carltonnorthern, MIT, and
  the FEBRL name-standardisation tables); a few non-English pairs are added.
* GB postcodes use each town's real outward codes; the inward part is drawn in Royal Mail's
  format (digit and two letters, without C I K M O V). US ZIP codes use the city's real
  three-digit prefix, which lies inside the state's range (USPS), so ZIP and state agree.
* Phone ranges are ones the ``phonenumbers`` metadata reports as valid: GB geographic area codes
  with their valid first subscriber digits, GB mobile prefixes 074–079 (without 0770 and 0791,
  which hold unassigned blocks), US area codes of each city with exchanges 200–999.
* The noise model's settings (``CORRUPTION_RATES``, ``FIELD_KINDS``, presence and household
  shares) close the module: plausible magnitudes for a CRM fed by several systems, chosen so
  that every duplicate stays recognisable to a careful person, not measurements.

This module is a leaf: it imports only the standard library.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


#: (weight of each name, sex, names). Sex is "F" or "M"; it picks titles and namesakes.
GIVEN_NAME_TIERS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (40, "M", _names("James, John, Robert, Michael, William, David, Richard, Thomas")),
    (40, "F", _names("Mary, Elizabeth, Sarah, Margaret, Jennifer, Patricia, Susan, Catherine")),
    (
        12,
        "M",
        _names(
            "Joseph, Charles, Christopher, Daniel, Matthew, Anthony, Edward, Andrew, Peter,"
            "Stephen, Jonathan, Benjamin, Samuel, Nicholas, Alexander, Timothy, Patrick, Paul,"
            "Mark, George, Henry, Jack, Oliver, Harry"
        ),
    ),
    (
        12,
        "F",
        _names(
            "Katherine, Jessica, Emma, Olivia, Rebecca, Victoria, Deborah, Barbara, Helen,"
            "Anne, Laura, Rachel, Emily, Charlotte, Sophie, Hannah, Amanda, Samantha, Alexandra,"
            "Caroline, Eleanor, Amy, Lucy, Grace"
        ),
    ),
    (
        3,
        "M",
        _names(
            "Gregory, Lawrence, Leonard, Nathaniel, Philip, Raymond, Ronald, Donald, Gerald,"
            "Kenneth, Frederick, Albert, Alfred, Douglas, Jeffrey, Geoffrey, Theodore, Zachary,"
            "Francis, Johannes, Francisco, José, Alejandro, Seán, Ciarán, Cormac, Daan, Bram,"
            "Jürgen, Jörg, Björn, Lukas, Mohammed, Omar, Ahmed, Wei, Hiroshi, Kenji, Min-jun,"
            "Arjun, Rajesh, Vikram, Chukwuemeka, Kwame, Piotr, Tomasz, Giuseppe, Luca, Mateo,"
            "Hugo, Louis, Noah, Liam, Ethan, Aaron, Brian, Carl, Eric, Sean, Stuart, Neil"
        ),
    ),
    (
        3,
        "F",
        _names(
            "Dorothy, Frances, Jacqueline, Kimberly, Pamela, Abigail, Cynthia, Josephine,"
            "Judith, Christine, Michelle, Ashley, Isabel, Nicola, Zoë, Aoife, Siobhán, Niamh,"
            "Saoirse, Sanne, Femke, Lotte, Gisela, Anneliese, Margarethe, Lucía, María, Carmen,"
            "Fatima, Aisha, Mei, Li Na, Yuki, Haruka, Ji-woo, Priya, Anjali, Deepika, Ngozi,"
            "Chiamaka, Katarzyna, Agnieszka, Giulia, Francesca, Chloé, Léa, Amélie, Ingrid"
        ),
    ),
)

#: (weight of each name, names): a few very common family names, then a long tail.
FAMILY_NAME_TIERS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (40, _names("Smith, Jones, Williams, Brown, Taylor, Johnson, Miller, Davis")),
    (
        12,
        _names(
            "Wilson, Evans, Thomas, Roberts, Walker, Wright, Robinson, Thompson, White, Hughes,"
            "Edwards, Green, Hall, Wood, Harris, Lewis, Martin, Jackson, Clarke, Clark, Moore,"
            "Anderson, Garcia, Martinez, Rodriguez, Lee, Patel, Khan, Murphy, Kelly"
        ),
    ),
    (
        4,
        _names(
            "O'Brien, O'Connor, O'Sullivan, O'Neill, McCarthy, McDonald, MacLeod, MacDonald,"
            "McKenzie, Fitzgerald, Byrne, Doyle, Gallagher, Kennedy, Reid, Read, Gray, Grey,"
            "Stewart, Stuart, Phillips, Philips, Thomson, Smyth, Meyer, Meier, Schmidt, Schmitt,"
            "Müller, Schröder, Weiß, Schäfer, Köhler, Fischer, Becker, Wagner, Hoffmann,"
            "van der Berg, van den Broek, de Vries, van Dijk, de Jong, Bakker, Janssen, Visser,"
            "García López, Fernández Ruiz, Martínez Gómez, Sánchez Pérez, Hernández Díaz,"
            "González, Rodríguez, López, Pérez, Silva, Santos, Oliveira, Rossi, Ferrari, Russo,"
            "Bianchi, Esposito, Dubois, Lefèvre, Moreau, Laurent, Wang, Li, Zhang, Chen, Liu,"
            "Huang, Nguyen, Tran, Pham, Kim, Park, Choi, Singh, Shah, Sharma, Gupta, Kumar,"
            "Ahmed, Ali, Hussain, Rahman, Sato, Suzuki, Takahashi, Tanaka, Watanabe, Okafor,"
            "Adeyemi, Mensah, Okonkwo, Kowalski, Nowak, Wiśniewski, Cohen, Levy,"
            "Papadopoulos, Andersson, Johansson, Nielsen, Hansen, Larsen, Novak, Horvat"
        ),
    ),
    (
        1,
        _names(
            "Vanterpool, Ashdown, Blenkinsop, Cattermole, Drinkwater, Entwistle, Fairweather,"
            "Gallimore, Higginbottom, Illingworth, Jellicoe, Kettlewell, Loveday, Marchbank,"
            "Nethercott, Oddie, Pennyfeather, Quennell, Rowbotham, Sowerbutts, Tattersall,"
            "Underwood, Venables, Whitelock, Yardley, Zeal, Ackroyd, Bellingham, Crabtree,"
            "Dimmock, Eckersley, Fothergill, Greatorex, Hebblethwaite, Inchbald, Jowett,"
            "Kershaw, Lockwood, Mountjoy, Nuttall, Ormerod, Postlethwaite, Ramsbottom,"
            "Scatchard, Thistlethwaite, Uttley, Verity, Wagstaff, Youngman, Abernathy, Beaumont,"
            "Castellanos, Delacroix, Ekwueme, Fairbanks, Gutiérrez Sanz, Hakimi, Ishikawa,"
            "Jankowski, Kuznetsov, Lindqvist, Mbeki, Nakamura, Oyelaran, Przybylski, Quiroga,"
            "Rasmussen, Szczepański, Tiwari, Uçar, Vasquez, Wojciechowski, Xu, Yamamoto, Zhou"
        ),
    ),
)

#: Formal given name → nicknames in common use (about 75 pairs).
NICKNAMES = MappingProxyType(
    {
        name: _names(nicks)
        for name, nicks in (
            ("Robert", "Bob, Rob, Bobby, Robbie"),
            ("William", "Bill, Will, Billy, Liam"),
            ("Elizabeth", "Liz, Beth, Betty, Lizzie, Eliza"),
            ("Margaret", "Peggy, Maggie, Meg, Marge"),
            ("James", "Jim, Jimmy, Jamie"),
            ("Richard", "Dick, Rick, Rich, Richie"),
            ("Katherine", "Kate, Kathy, Katie"),
            ("Catherine", "Cathy, Cate, Kate"),
            ("John", "Jack, Johnny"),
            ("Michael", "Mike, Mick, Mikey"),
            ("Thomas", "Tom, Tommy"),
            ("Christopher", "Chris, Kit"),
            ("Jennifer", "Jen, Jenny"),
            ("Patricia", "Pat, Patty, Trish"),
            ("Joseph", "Joe, Joey"),
            ("Charles", "Charlie, Chuck"),
            ("Daniel", "Dan, Danny"),
            ("Matthew", "Matt"),
            ("Anthony", "Tony"),
            ("Edward", "Ed, Eddie, Ted, Ned"),
            ("Alexander", "Alex, Sandy"),
            ("Alexandra", "Alex, Lexi"),
            ("Benjamin", "Ben, Benny"),
            ("Samuel", "Sam, Sammy"),
            ("Samantha", "Sam, Sammy"),
            ("Nicholas", "Nick, Nicky"),
            ("Jonathan", "Jon, Jonny"),
            ("Andrew", "Andy, Drew"),
            ("Stephen", "Steve"),
            ("Timothy", "Tim"),
            ("Peter", "Pete"),
            ("David", "Dave, Davy"),
            ("Susan", "Sue, Susie"),
            ("Deborah", "Debbie, Deb"),
            ("Rebecca", "Becky, Becca"),
            ("Victoria", "Vicky, Tori"),
            ("Jessica", "Jess, Jessie"),
            ("Christine", "Chris, Chrissie"),
            ("Barbara", "Barb, Babs"),
            ("Dorothy", "Dot, Dottie"),
            ("Frances", "Fran, Frankie"),
            ("Francis", "Frank"),
            ("Gregory", "Greg"),
            ("Jacqueline", "Jackie"),
            ("Kimberly", "Kim"),
            ("Lawrence", "Larry"),
            ("Leonard", "Len, Lenny"),
            ("Nathaniel", "Nat, Nate"),
            ("Pamela", "Pam"),
            ("Philip", "Phil"),
            ("Raymond", "Ray"),
            ("Ronald", "Ron, Ronnie"),
            ("Donald", "Don, Donny"),
            ("Gerald", "Gerry"),
            ("Henry", "Harry, Hank"),
            ("Kenneth", "Ken, Kenny"),
            ("Abigail", "Abby"),
            ("Amanda", "Mandy"),
            ("Caroline", "Carrie"),
            ("Cynthia", "Cindy"),
            ("Eleanor", "Ellie, Nell"),
            ("Josephine", "Jo, Josie"),
            ("Judith", "Judy"),
            ("Theodore", "Ted, Theo"),
            ("Zachary", "Zach"),
            ("Mary", "Molly, Polly"),
            ("Patrick", "Pat, Paddy"),
            ("Frederick", "Fred, Freddie"),
            ("Albert", "Al, Bert"),
            ("Alfred", "Alf, Fred"),
            ("Douglas", "Doug"),
            ("Jeffrey", "Jeff"),
            ("Geoffrey", "Geoff, Jeff"),
            ("Johannes", "Hans"),
            ("Francisco", "Paco"),
            ("José", "Pepe"),
            ("Katarzyna", "Kasia"),
            ("Margarethe", "Grete"),
        )
    }
)

#: Spellings of one name that sound alike; a phonetic error swaps one for another.
NAME_VARIANTS: tuple[tuple[str, ...], ...] = tuple(
    _names(group)
    for group in (
        "Catherine, Katherine, Kathryn, Katharine",
        "Stephen, Steven",
        "Sarah, Sara",
        "Anne, Ann",
        "Philip, Phillip",
        "Jeffrey, Geoffrey",
        "John, Jon",
        "Michelle, Michele",
        "Rachel, Rachael",
        "Ashley, Ashleigh",
        "Isabel, Isobel, Isabelle",
        "Louis, Lewis",
        "Sean, Shaun, Shawn",
        "Aaron, Aron",
        "Brian, Bryan",
        "Carl, Karl",
        "Eric, Erik",
        "Mark, Marc",
        "Nicola, Nichola",
        "Thompson, Thomson",
        "Smith, Smyth",
        "Reid, Reed, Read",
        "Clark, Clarke",
        "Gray, Grey",
        "Phillips, Philips",
        "McDonald, MacDonald",
        "Meyer, Meier, Maier",
        "Schmidt, Schmitt",
        "Neil, Neal",
        "Stewart, Stuart",
    )
)

#: Spelling rules that keep the sound (after GeCo's phonetic variation table, Christen &
#: Pudjijono 2009): (written, heard as) pairs, applied case-insensitively to one occurrence.
PHONETIC_RULES: tuple[tuple[str, str], ...] = (
    ("ph", "f"),
    ("f", "ph"),
    ("ck", "k"),
    ("ie", "y"),
    ("y", "ie"),
    ("ee", "ea"),
    ("ea", "ee"),
    ("ou", "ow"),
    ("c", "k"),
    ("k", "c"),
    ("s", "z"),
    ("z", "s"),
    ("th", "t"),
    ("ai", "ay"),
    ("ay", "ai"),
    ("ey", "y"),
    ("ll", "l"),
    ("tt", "t"),
    ("nn", "n"),
    ("ss", "s"),
    ("x", "ks"),
    ("qu", "kw"),
    ("oo", "u"),
    ("wr", "r"),
    ("kn", "n"),
    ("dg", "j"),
    ("mb", "m"),
    ("ei", "ie"),
)

#: Characters an optical reader confuses (pseudopeople's ``make_ocr_errors``; GeCo's OCR table).
OCR_CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("0", "O"),
    ("O", "0"),
    ("o", "0"),
    ("1", "l"),
    ("l", "1"),
    ("I", "1"),
    ("5", "S"),
    ("S", "5"),
    ("s", "5"),
    ("8", "B"),
    ("B", "8"),
    ("2", "Z"),
    ("6", "G"),
    ("m", "rn"),
    ("rn", "m"),
    ("cl", "d"),
    ("h", "b"),
    ("e", "c"),
)

#: Keys next to each key on a US/UK QWERTY keyboard (letters and digits).
QWERTY_NEIGHBOURS = MappingProxyType(
    {
        "q": "wa",
        "w": "qeas",
        "e": "wrsd",
        "r": "etdf",
        "t": "ryfg",
        "y": "tugh",
        "u": "yihj",
        "i": "uojk",
        "o": "ipkl",
        "p": "ol",
        "a": "qwsz",
        "s": "awedxz",
        "d": "serfcx",
        "f": "drtgvc",
        "g": "ftyhbv",
        "h": "gyujnb",
        "j": "huikmn",
        "k": "jiolm",
        "l": "kop",
        "z": "asx",
        "x": "zsdc",
        "c": "xdfv",
        "v": "cfgb",
        "b": "vghn",
        "n": "bhjm",
        "m": "njk",
        "1": "2q",
        "2": "13qw",
        "3": "24we",
        "4": "35er",
        "5": "46rt",
        "6": "57ty",
        "7": "68yu",
        "8": "79ui",
        "9": "80io",
        "0": "9op",
    }
)

#: Titles by sex, with their shares (no title is drawn separately).
TITLES = MappingProxyType({"M": ("Mr", "Mr", "Mr", "Mr", "Dr"), "F": ("Mrs", "Ms", "Miss", "Dr")})

#: What a title becomes in another system: the texts' "Mr and Dr" case (L5172–5173) and kin.
TITLE_CHANGES = MappingProxyType(
    {
        "Mr": ("Dr", "Mr.", "Prof"),
        "Mrs": ("Ms", "Dr", "Mrs."),
        "Ms": ("Mrs", "Miss", "Dr"),
        "Miss": ("Ms",),
        "Dr": ("Mr", "Prof", "Dr."),
    }
)

STREET_NAMES: tuple[str, ...] = _names(
    "High, Station, Church, Park, Victoria, Green, Manor, Kings, Queens, Mill, School, Oak,"
    "Maple, Elm, Willow, Cedar, Chestnut, Birch, Orchard, Meadow, Springfield, Grange, Mount,"
    "Castle, Bridge, Market, North, South, West, East, New, Albert, York, London, Windsor,"
    "Highfield, Belmont, Richmond, Cromwell, Nelson, Wellington, Lincoln, Washington,"
    "Jefferson, Madison, Franklin, Main, Pine, Lake, Hill, Sunset, River, Forest, Ridge,"
    "Harbour, Cherry, Walnut, Spruce, Hawthorn, Primrose, Heather, Beech, Ash, Holly, Poplar,"
    "Brook, Valley, Fairview, Clifton, Stanley, Grosvenor, Salisbury, Kingsway, Beacon"
)

#: Street types by country, spelled out; ``ABBREVIATIONS`` shortens them.
STREET_TYPES = MappingProxyType(
    {
        "GB": _names("Street, Road, Lane, Avenue, Close, Drive, Way, Crescent, Gardens, Grove"),
        "US": _names("Street, Avenue, Road, Drive, Lane, Boulevard, Court, Place, Way, Parkway"),
    }
)

#: Long form → short form (USPS Publication 28 appendix C; Royal Mail usage).
ABBREVIATIONS = MappingProxyType(
    {
        "Street": "St",
        "Road": "Rd",
        "Lane": "Ln",
        "Avenue": "Ave",
        "Close": "Cl",
        "Drive": "Dr",
        "Crescent": "Cres",
        "Gardens": "Gdns",
        "Grove": "Gr",
        "Boulevard": "Blvd",
        "Court": "Ct",
        "Place": "Pl",
        "Parkway": "Pkwy",
        "Apartment": "Apt",
        "Suite": "Ste",
        "Limited": "Ltd",
        "Incorporated": "Inc",
        "Corporation": "Corp",
        "Company": "Co",
    }
)

#: Unit designators for address line 2, by country.
UNIT_TYPES = MappingProxyType({"GB": ("Flat", "Apartment"), "US": ("Apartment", "Suite", "Unit")})

#: GB towns: (locality, county, outward codes, dialling code, valid first subscriber digits,
#: national layout of the 11-digit number).
GB_LOCALITIES: tuple[tuple[str, str, tuple[str, ...], str, str, tuple[int, ...]], ...] = (
    (
        "London",
        "Greater London",
        _names("SW1A, SE1, N1, E1, W2, NW3, EC1A, WC2H"),
        "0207",
        "0123456789",
        (3, 4, 4),
    ),
    (
        "London",
        "Greater London",
        _names("SW11, SE15, N16, E17, W4, NW10"),
        "0208",
        "0123456789",
        (3, 4, 4),
    ),
    ("Manchester", "Greater Manchester", _names("M1, M14, M20, M21"), "0161", "2345678", (4, 3, 4)),
    ("Birmingham", "West Midlands", _names("B1, B15, B29, B13"), "0121", "234567", (4, 3, 4)),
    ("Leeds", "West Yorkshire", _names("LS1, LS6, LS8"), "0113", "2345", (4, 3, 4)),
    ("Glasgow", "Glasgow City", _names("G1, G12, G41"), "0141", "2345678", (4, 3, 4)),
    ("Edinburgh", "City of Edinburgh", _names("EH1, EH9, EH10"), "0131", "2345678", (4, 3, 4)),
    ("Bristol", "Bristol", _names("BS1, BS8, BS6"), "0117", "234", (4, 3, 4)),
    ("Liverpool", "Merseyside", _names("L1, L18, L17"), "0151", "2345678", (4, 3, 4)),
    ("Sheffield", "South Yorkshire", _names("S1, S10, S11"), "0114", "2345", (4, 3, 4)),
    ("Cardiff", "Cardiff", _names("CF10, CF24, CF5"), "02920", "2345678", (3, 4, 4)),
    ("Newcastle upon Tyne", "Tyne and Wear", _names("NE1, NE6, NE2"), "0191", "2345678", (4, 3, 4)),
    ("Nottingham", "Nottinghamshire", _names("NG1, NG7, NG5"), "0115", "2789", (4, 3, 4)),
    ("Leicester", "Leicestershire", _names("LE1, LE2, LE3"), "0116", "234", (4, 3, 4)),
    ("Oxford", "Oxfordshire", _names("OX1, OX4, OX2"), "01865", "2345678", (5, 6)),
    ("Cambridge", "Cambridgeshire", _names("CB1, CB2, CB4"), "01223", "2345678", (5, 6)),
    ("Brighton", "East Sussex", _names("BN1, BN2, BN3"), "01273", "2345678", (5, 6)),
    ("York", "North Yorkshire", _names("YO1, YO10, YO31"), "01904", "2345678", (5, 6)),
    ("Belfast", "County Antrim", _names("BT1, BT7, BT9"), "02890", "2345678", (3, 4, 4)),
)

#: GB mobile prefixes (four digits) phonenumbers reports valid for any seven digits after them.
GB_MOBILE_PREFIXES: tuple[str, ...] = tuple(
    f"07{block}{digit}"
    for block in "45789"
    for digit in "0123456789"
    if f"{block}{digit}" not in {"70", "91"}
)

#: US cities: (locality, state, ZIP prefixes of three digits, area codes).
US_LOCALITIES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("New York", "NY", ("100", "101", "102"), ("212", "646", "917")),
    ("Brooklyn", "NY", ("112",), ("718", "347")),
    ("Los Angeles", "CA", ("900", "901"), ("213", "310", "323")),
    ("San Francisco", "CA", ("941",), ("415", "628")),
    ("San Diego", "CA", ("921",), ("619", "858")),
    ("Chicago", "IL", ("606",), ("312", "773")),
    ("Springfield", "IL", ("627",), ("217",)),
    ("Springfield", "MA", ("011",), ("413",)),
    ("Springfield", "MO", ("658",), ("417",)),
    ("Houston", "TX", ("770",), ("713", "832")),
    ("Dallas", "TX", ("752",), ("214", "469")),
    ("Austin", "TX", ("787",), ("512",)),
    ("San Antonio", "TX", ("782",), ("210",)),
    ("Phoenix", "AZ", ("850",), ("602", "480")),
    ("Philadelphia", "PA", ("191",), ("215", "267")),
    ("Seattle", "WA", ("981",), ("206",)),
    ("Boston", "MA", ("021",), ("617", "857")),
    ("Denver", "CO", ("802",), ("303", "720")),
    ("Atlanta", "GA", ("303",), ("404", "678")),
    ("Miami", "FL", ("331",), ("305", "786")),
    ("Portland", "OR", ("972",), ("503", "971")),
    ("Portland", "ME", ("041",), ("207",)),
    ("Minneapolis", "MN", ("554",), ("612",)),
    ("Detroit", "MI", ("482",), ("313",)),
    ("Columbus", "OH", ("432",), ("614",)),
    ("Nashville", "TN", ("372",), ("615",)),
    ("Baltimore", "MD", ("212",), ("410",)),
    ("Washington", "DC", ("200",), ("202",)),
    ("Las Vegas", "NV", ("891",), ("702",)),
    ("Salt Lake City", "UT", ("841",), ("801",)),
    ("Charlotte", "NC", ("282",), ("704",)),
    ("Raleigh", "NC", ("276",), ("919",)),
    ("Indianapolis", "IN", ("462",), ("317",)),
    ("Louisville", "KY", ("402",), ("502",)),
    ("New Orleans", "LA", ("701",), ("504",)),
)

#: US state codes used above → names (a region written out in another system).
US_STATE_NAMES = MappingProxyType(
    {
        "NY": "New York",
        "CA": "California",
        "IL": "Illinois",
        "MA": "Massachusetts",
        "MO": "Missouri",
        "TX": "Texas",
        "AZ": "Arizona",
        "PA": "Pennsylvania",
        "WA": "Washington",
        "CO": "Colorado",
        "GA": "Georgia",
        "FL": "Florida",
        "OR": "Oregon",
        "ME": "Maine",
        "MN": "Minnesota",
        "MI": "Michigan",
        "OH": "Ohio",
        "TN": "Tennessee",
        "MD": "Maryland",
        "DC": "District of Columbia",
        "NV": "Nevada",
        "UT": "Utah",
        "NC": "North Carolina",
        "IN": "Indiana",
        "KY": "Kentucky",
        "LA": "Louisiana",
    }
)

#: Personal mailbox domains by country, most used first (repeats give the weights).
EMAIL_DOMAINS = MappingProxyType(
    {
        "GB": _names(
            "gmail.com, gmail.com, gmail.com, hotmail.co.uk, hotmail.co.uk, yahoo.co.uk,"
            "outlook.com, btinternet.com, icloud.com, sky.com, live.co.uk, aol.com"
        ),
        "US": _names(
            "gmail.com, gmail.com, gmail.com, yahoo.com, yahoo.com, hotmail.com, outlook.com,"
            "aol.com, icloud.com, comcast.net, msn.com, verizon.net"
        ),
    }
)

#: Employers: (name, e-mail domain). Fictitious names on made-up domains.
COMPANIES: tuple[tuple[str, str], ...] = (
    ("Northwind Traders Limited", "northwind-traders.co.uk"),
    ("Blue Harbour Logistics Ltd", "blueharbour.co.uk"),
    ("Kettering & Sons Company", "ketteringsons.co.uk"),
    ("Albion Software Ltd", "albionsoftware.co.uk"),
    ("Fenwick Dental Practice", "fenwickdental.co.uk"),
    ("Greystone Partners LLP", "greystonepartners.co.uk"),
    ("Acorn Print Limited", "acornprint.co.uk"),
    ("Contoso Incorporated", "contoso-inc.com"),
    ("Fabrikam Corporation", "fabrikam-corp.com"),
    ("Tailspin Toys Inc", "tailspintoys.com"),
    ("Lakeside Medical Group", "lakesidemedical.com"),
    ("Redwood Analytics LLC", "redwoodanalytics.com"),
    ("Summit Ridge Insurance Company", "summitridgeins.com"),
    ("Granite State Builders Inc", "granitestatebuilders.com"),
    ("Pioneer Valley Credit Union", "pioneervalleycu.org"),
    ("Mercer Street Bakery", "mercerbakery.com"),
)

#: Source systems and how each writes a missing value (``None`` or ``""``).
SOURCES: tuple[tuple[str, str | None], ...] = (
    ("crm", None),
    ("crm", None),
    ("web", ""),
    ("shop", None),
    ("events", ""),
    ("import", ""),
)

#: Per-duplicate event probabilities at ``corruption=1.0``, in the order events are applied.
#: ``moved`` draws a new address, ``email_changed`` a new domain or local part, ``swap_names``
#: exchanges given and family names, ``case`` writes the whole record in capitals; every other
#: key corrupts that field with one kind from ``FIELD_KINDS``. Plausible magnitudes for a CRM
#: fed by several systems, not measurements.
CORRUPTION_RATES: Mapping[str, float] = MappingProxyType(
    {
        "moved": 0.3,
        "email_changed": 0.3,
        "title": 0.3,
        "given_name": 0.6,
        "middle_name": 0.3,
        "family_name": 0.5,
        "email": 0.4,
        "phone": 0.5,
        "birth_date": 0.5,
        "address_line1": 0.4,
        "address_line2": 0.3,
        "locality": 0.2,
        "postcode": 0.3,
        "region": 0.15,
        "company": 0.3,
        "swap_names": 0.1,
        "case": 0.1,
    }
)

TYPOS = (
    ("typo.insert", 1.0),
    ("typo.delete", 1.0),
    ("typo.substitute", 1.0),
    ("typo.transpose", 1.0),
    ("typo.keyboard", 2.0),
)
#: Field → (kind, relative weight) for a field-level corruption event.
FIELD_KINDS: Mapping[str, tuple[tuple[str, float], ...]] = MappingProxyType(
    {
        "title": (("title_change", 3.0), ("missing", 1.0)),
        "given_name": (
            *TYPOS,
            ("phonetic", 2.0),
            ("ocr", 0.7),
            ("nickname", 4.0),
            ("initials", 1.5),
            ("case", 0.7),
            ("whitespace", 0.7),
            ("missing", 0.7),
        ),
        "middle_name": (("initials", 2.0), ("missing", 2.0), ("typo.keyboard", 1.0)),
        "family_name": (
            *TYPOS,
            ("phonetic", 3.0),
            ("ocr", 1.0),
            ("case", 1.0),
            ("whitespace", 0.7),
            ("missing", 0.5),
        ),
        "email": (*TYPOS, ("case", 2.0), ("whitespace", 0.5), ("missing", 3.0)),
        "phone": (("phone_format", 5.0), ("phone_digits", 2.5), ("ocr", 0.5), ("missing", 2.0)),
        "birth_date": (("date_swap", 3.0), ("date_format", 4.0), ("missing", 3.0)),
        "address_line1": (
            ("abbreviation", 6.0),
            *TYPOS,
            ("ocr", 0.5),
            ("case", 1.0),
            ("whitespace", 0.5),
            ("missing", 1.0),
        ),
        "address_line2": (("abbreviation", 1.0), ("missing", 1.0)),
        "locality": (*TYPOS, ("case", 2.0), ("missing", 3.0)),
        "postcode": (
            ("ocr", 3.0),
            ("typo.substitute", 2.0),
            ("typo.transpose", 1.0),
            ("case", 2.0),
            ("whitespace", 1.0),
            ("missing", 1.0),
        ),
        "region": (("abbreviation", 1.0), ("missing", 1.0)),
        "company": (("abbreviation", 3.0), *TYPOS, ("case", 1.0), ("missing", 3.0)),
    }
)

# Ages and dates (ages in whole years of 365.2425 days, the Gregorian mean).
MIN_AGE_DAYS = round(18 * 365.2425)
AGE_SPAN_DAYS = round((90 - 18) * 365.2425)
UPDATE_WINDOW_DAYS = 5 * 365  # updated_at falls within five years before as_of
# Entity draws (shares of people); plausible magnitudes, not measurements.
MIDDLE_NAME_SHARE = 0.4
COMPANY_SHARE = 0.25
WORK_EMAIL_SHARE = 0.4  # of people with a company
GB_MOBILE_SHARE = 0.65
UNIT_SHARE = 0.12  # addresses with a flat, apartment or suite line
# Presence of optional values in any record: a form of the source, not corruption.
PRESENT_TITLE = 0.7
PRESENT_MIDDLE = 0.8
PRESENT_EMAIL = 0.85
PRESENT_PHONE = 0.8
PRESENT_BIRTH = 0.75
PRESENT_COMPANY = 0.8
PRESENT_REGION = 0.9
FULL_NAME_ONLY_SHARE = 0.15
PARTS_ONLY_SHARE = 0.3
COMMA_FORM_SHARE = 0.1  # "Smith, John"
NATIONAL_PHONE_SHARE = 0.8  # clean records write phones in the national layout
# Shared addresses and namesakes.
HOUSEHOLD_SIZES = (2, 2, 2, 2, 2, 3, 3, 3, 4, 4)
APARTMENT_SHARE = 0.25
APARTMENT_SIZES = (2, 2, 3)
SHARED_LANDLINE_SHARE = 0.6
TWIN_SHARE = 0.15
SAME_INITIAL_SHARE = 0.3  # the texts' "same family name or initials" (L5169–5170)
SAME_BIRTH_YEAR_SHARE = 0.3
NAMESAKE_MEMORY = 256  # namesakes copy one of the last this many people
# Extra records per duplicated entity: 1 to 4, most often 1 (FEBRL's "zipf" flavour).
EXTRA_RECORDS = (1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4)

MONTHS = (
    "",
    *_names(
        "January, February, March, April, May, June, July, August, September,"
        "October, November, December"
    ),
)
#: E-mail local parts, after common corporate and personal conventions.
LOCAL_PATTERNS = (
    "{first}.{last}",
    "{first}{last}",
    "{initial}{last}",
    "{first}_{last}",
    "{first}.{last}{year:02d}",
    "{last}.{first}",
    "{first}{year:02d}",
    "{initial}.{last}",
)
GB_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # Royal Mail: no C I K M O V in the inward code
