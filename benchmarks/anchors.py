"""Benchmark: crmkit next to Splink and recordlinkage on the same generated customer records.

Generates records with ground truth (:func:`crmkit.testing.generate_people`), runs crmkit's
:func:`crmkit.identity.dedupe` with default settings, then each *anchor* that is installed:
Splink (DuckDB backend) and the Python Record Linkage Toolkit (``recordlinkage``). It prints
one row per system and threshold: pairwise precision, recall and F1 over the pairs its clusters
imply, the wall time, and the number of candidate pairs its blocking produced. A missing anchor
is reported ("splink: not installed (pip install splink)") and the others still run.

This is a manual benchmark: it is not part of CI, no test imports it, and the anchors (and
pandas) are imported inside functions, so neither ruff nor crmkit's own environment needs
them. Install them into a separate, throwaway virtual environment::

    python3 -m venv /tmp/anchors-venv
    /tmp/anchors-venv/bin/pip install splink recordlinkage pandas
    /tmp/anchors-venv/bin/pip install -e .
    /tmp/anchors-venv/bin/python benchmarks/anchors.py [--records 10000] [--seed 5]
        [--skip crmkit|splink|recordlinkage ...]

How the comparison is kept fair
-------------------------------

* **Same records, same truth, same measure.** Every system gets the records of one
  ``generate_people(N, rng=random.Random(seed))`` call. For each anchor the matched pairs at a
  threshold are closed transitively (connected components, what Splink's
  ``cluster_pairwise_predictions_at_threshold`` does) and pairwise precision / recall / F1 are
  counted over the pairs inside the resulting clusters, here in this file; crmkit's figures come
  from :func:`crmkit.identity.evaluate`, which counts the same pairs (its clusters are also
  closed, and may additionally be split where a chain is weak).
* **Several thresholds for the anchors.** Each anchor is shown at crmkit's
  ``DEFAULT_MATCH_THRESHOLD``, at a strict 0.999, and at the cut-off its own documentation
  uses: 0.95 for Splink (its README quickstart and "deduplicate_50k_synthetic" example cluster
  at 0.95; 0.9 is printed too), 0.5 for recordlinkage (``ECMClassifier.predict`` takes the
  more likely class).
  Threshold labels in the table say which is which. crmkit runs once, at its default.
* **Each anchor gets the settings its documentation recommends for people**, chosen before
  looking at the scores and not tuned on the truth:

  - Splink, following its "deduplicate_50k_synthetic" and FEBRL3 examples and tutorial 04:
    blocking rules on name prefixes, name + birth date, postcode + name, e-mail, phone and
    name prefixes + birth year; comparisons ``ForenameSurnameComparison`` (with a concatenated
    full-name column for term frequencies), ``DateOfBirthComparison(input_is_string=True)``,
    ``EmailComparison``, ``PostcodeComparison``, ``DamerauLevenshteinAtThresholds`` on the
    phone digits, ``ExactMatch`` with term-frequency adjustment on street number and locality;
    ``estimate_probability_two_random_records_match`` from strict deterministic rules with the
    tutorial's guessed recall of 0.7; ``estimate_u_using_random_sampling(max_pairs=1e7)`` as
    the 50k example; then ``estimate_parameters_using_expectation_maximisation`` once per
    training blocking rule (first + family name, then birth date), without term frequencies,
    as that example does. DuckDB uses both cores.
  - recordlinkage, following its "Data deduplication" guide and classifiers guide: an
    ``Index`` with ``block`` on the same keys as Splink (the union of the blocks); ``Compare``
    with ``string(..., method="jarowinkler", threshold=0.85)`` on names and street and ``exact``
    on birth date, e-mail, phone, postcode, street number and locality (binary features,
    missing values counted as disagreement as the guide does); an unsupervised
    ``ECMClassifier`` (no labels). ``Compare`` runs with its default ``n_jobs=1``.

* **Data preparation.** crmkit is given the raw records: normalising them is part of its job
  and of its time. The anchors' documentation asks the user to clean data first (nulls for
  missing values, consistent case, ISO dates), so they get one shared, plain standardisation
  (:func:`_standardise`, timed as part of each anchor's run): every field a string or null;
  names, e-mail, street and locality lower-cased with whitespace collapsed; postcodes
  upper-cased; birth dates parsed from the generator's layouts to ISO (day first except for
  US records, as crmkit reads them); phones reduced to their last ten digits; a name given only
  as ``full_name`` split into given and family name (title dropped, "Family, Given" handled).
  Nothing crmkit-specific (nicknames, phonetic keys, street-type abbreviations) is added:
  what the anchors do with names and addresses is their own.
* **Time** is wall time from records in memory to crmkit's clusters, or to the anchors' scored
  pairs: for the anchors it includes standardisation, training, blocking and scoring, not the
  transitive closure done here (well under a second). Generating the records and importing
  the packages are not timed.

Usage::

    python benchmarks/anchors.py --records 10000 --seed 5
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from typing import NamedTuple

from crmkit.identity import DEFAULT_MATCH_THRESHOLD, dedupe, evaluate
from crmkit.testing import generate_people

SYSTEMS = ("crmkit", "splink", "recordlinkage")


def _thresholds(own: dict[float, str]) -> tuple[tuple[float, str], ...]:
    """An anchor's own cut-offs plus crmkit's default and a strict 0.999, highest first."""
    labels = dict(own)
    for value, label in ((0.999, "strict"), (DEFAULT_MATCH_THRESHOLD, "crmkit default")):
        labels[value] = f"{labels[value]}, {label}" if value in labels else label
    return tuple(sorted(labels.items(), reverse=True))


#: Splink's documented cut-off (README quickstart and the 50k example cluster at 0.95).
SPLINK_THRESHOLDS = _thresholds({0.95: "Splink docs", 0.9: "looser"})
#: ``ECMClassifier.predict`` takes the more likely class: probability 0.5.
RECORDLINKAGE_THRESHOLDS = _thresholds({0.5: "ECM predict"})

#: Blocking keys shared by both anchors: each is one blocking rule (Splink) or one
#: ``Index.block`` call (recordlinkage); candidates are the union over the keys.
BLOCKING_KEYS: tuple[tuple[str, ...], ...] = (
    ("given3", "family4"),
    ("family_name", "birth_date"),
    ("given_name", "birth_date"),
    ("postcode", "given_name"),
    ("postcode", "family_name"),
    ("email",),
    ("phone",),
    ("given2", "family2", "birth_year"),
)

#: The columns handed to the anchors, all strings or null.
ANCHOR_COLUMNS = (
    "unique_id",
    "given_name",
    "family_name",
    "full_name_concat",
    "birth_date",
    "email",
    "phone",
    "street_number",
    "address_line1",
    "locality",
    "postcode",
    "given3",
    "family4",
    "given2",
    "family2",
    "birth_year",
)

_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lady", "lord", "rev", "revd"}
)
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "del"})
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? (\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$")


# --- shared standardisation for the anchors ---------------------------------------------------


def _text(value: object) -> str | None:
    """Lower-case, whitespace collapsed; ``None`` for missing or blank."""
    if value is None:
        return None
    text = " ".join(str(value).split()).lower()
    return text or None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _date(value: object, country: str | None) -> str | None:
    """An ISO date from the generator's layouts; day first unless the record is from the US."""
    text = _text(value)
    if text is None:
        return None
    if match := _NUMERIC_DATE.match(text):
        a, b, c = (int(part) for part in match.groups())
        if len(match.group(1)) == 4:
            return _iso(a, b, c)
        if country == "us":
            return _iso(c, a, b) or _iso(c, b, a)
        return _iso(c, b, a) or _iso(c, a, b)
    if match := _DAY_MONTH_YEAR.match(text):
        month = _MONTHS.get(match.group(2)[:3])
        return _iso(int(match.group(3)), month, int(match.group(1))) if month else None
    if match := _MONTH_DAY_YEAR.match(text):
        month = _MONTHS.get(match.group(1)[:3])
        return _iso(int(match.group(3)), month, int(match.group(2))) if month else None
    return None


def _split_full_name(full_name: str | None) -> tuple[str | None, str | None]:
    """``(given, family)`` from "Mr Given Middle Family" or "Family, Given Middle"."""
    if full_name is None:
        return None, None
    if "," in full_name:
        family, _, rest = full_name.partition(",")
        given = rest.split()
        return (given[0] if given else None), (_text(family) or None)
    words = full_name.split()
    while words and words[0].rstrip(".") in _TITLES:
        words = words[1:]
    if not words:
        return None, None
    if len(words) == 1:
        return None, words[0]
    # The family name is the last word, or starts at a particle ("van der Berg").
    start = next((at for at in range(1, len(words) - 1) if words[at] in _PARTICLES), len(words) - 1)
    return words[0], " ".join(words[start:])


def _phone(value: object) -> str | None:
    digits = re.sub(r"\D", "", str(value or ""))
    return digits[-10:] if len(digits) >= 7 else None


def _standardise(record: Mapping[str, object]) -> dict[str, str | None]:
    """One record as the anchors' documentation asks for it: strings or nulls, cleaned."""
    country = _text(record.get("country"))
    given, family = _text(record.get("given_name")), _text(record.get("family_name"))
    if given is None or family is None:
        split_given, split_family = _split_full_name(_text(record.get("full_name")))
        given, family = given or split_given, family or split_family
    postcode = record.get("postcode")
    postcode_text = " ".join(str(postcode).split()).upper() if postcode else None
    birth_date = _date(record.get("birth_date"), country)
    return {
        "unique_id": str(record["id"]),
        "given_name": given,
        "family_name": family,
        "full_name_concat": f"{given} {family}" if given and family else None,
        "birth_date": birth_date,
        "email": _text(record.get("email")),
        "phone": _phone(record.get("phone")),
        "street_number": _text(record.get("street_number")),
        "address_line1": _text(record.get("address_line1")),
        "locality": _text(record.get("locality")),
        "postcode": postcode_text or None,
        "given3": given[:3] if given else None,
        "family4": family[:4] if family else None,
        "given2": given[:2] if given else None,
        "family2": family[:2] if family else None,
        "birth_year": birth_date[:4] if birth_date else None,
    }


# --- scoring -----------------------------------------------------------------------------------


class Row(NamedTuple):
    """One line of the table: a system at one threshold."""

    system: str
    version: str
    threshold: str
    precision: float
    recall: float
    f1: float
    seconds: float
    candidate_pairs: int | None


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def _pair_scores(
    pairs: Iterable[tuple[str, str]], truth: Mapping[str, str]
) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of the transitive closure of ``pairs``."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in pairs:
        root_left, root_right = find(left), find(right)
        if root_left != root_right:
            parent[root_left] = root_right
    clusters: dict[str, Counter[str]] = {}
    for node in parent:
        clusters.setdefault(find(node), Counter())[truth[node]] += 1
    true_positives = sum(n * (n - 1) // 2 for c in clusters.values() for n in c.values())
    predicted = sum(s * (s - 1) // 2 for s in (c.total() for c in clusters.values()))
    actual = sum(n * (n - 1) // 2 for n in Counter(truth.values()).values())
    precision = _ratio(true_positives, predicted)
    recall = _ratio(true_positives, actual)
    return precision, recall, _ratio(2 * true_positives, predicted + actual)


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


class NotInstalledError(Exception):
    """An anchor, or pandas, cannot be imported."""

    def __init__(self, system: str, error: ImportError) -> None:
        """Say which system could not run, and which package is missing."""
        if find_spec(system) is None:
            super().__init__(f"{system}: not installed (pip install {system})")
        else:
            missing = (error.name or "?").split(".")[0]
            super().__init__(f"{system}: cannot import {missing} (pip install {missing})")


# --- the systems -------------------------------------------------------------------------------


def _run_crmkit(records: tuple[Mapping[str, object], ...], truth: Mapping[str, str]) -> list[Row]:
    started = time.perf_counter()
    result = dedupe(records)
    seconds = time.perf_counter() - started
    pairs = evaluate(result, truth).pairs
    return [
        Row(
            "crmkit",
            _version("crmkit"),
            f"{DEFAULT_MATCH_THRESHOLD} (crmkit default)",
            pairs.precision,
            pairs.recall,
            pairs.f1,
            seconds,
            result.stats.candidate_pairs,
        )
    ]


def _run_splink(
    records: tuple[Mapping[str, object], ...], truth: Mapping[str, str], seed: int
) -> list[Row]:
    import logging  # noqa: PLC0415  (only this anchor needs it)

    system = "splink"
    try:
        import pandas as pd  # noqa: PLC0415  (optional: the anchors' environment only)
        import splink.comparison_library as cl  # noqa: PLC0415
        from splink import DuckDBAPI, Linker, SettingsCreator, block_on  # noqa: PLC0415
    except ImportError as error:
        raise NotInstalledError(system, error) from error

    started = time.perf_counter()
    frame = pd.DataFrame([_standardise(record) for record in records], columns=ANCHOR_COLUMNS)
    db_api = DuckDBAPI()
    table = db_api.register(frame)
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[block_on(*key) for key in BLOCKING_KEYS],
        comparisons=[
            cl.ForenameSurnameComparison(
                "given_name", "family_name", forename_surname_concat_col_name="full_name_concat"
            ),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.EmailComparison("email"),
            cl.PostcodeComparison("postcode"),
            cl.DamerauLevenshteinAtThresholds("phone", [1]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("locality").configure(term_frequency_adjustments=True),
        ],
    )
    linker = Linker(table, settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("given_name", "family_name", "birth_date"),
            block_on("email"),
            block_on("given_name", "family_name", "postcode"),
        ],
        recall=0.7,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=seed)
    for rule in (block_on("given_name", "family_name"), block_on("birth_date")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    predictions = linker.inference.predict().as_duckdbpyrelation()
    candidates = predictions.aggregate("count(*)").fetchall()
    lowest = min(threshold for threshold, _ in SPLINK_THRESHOLDS)
    scored = predictions.filter(f"match_probability >= {lowest}").project(
        "unique_id_l, unique_id_r, match_probability"
    )
    matched = scored.fetchall()
    seconds = time.perf_counter() - started
    return [
        Row(
            system,
            _version(system),
            f"{threshold} ({label})",
            *_pair_scores(((a, b) for a, b, p in matched if p >= threshold), truth),
            seconds,
            candidates[0][0],
        )
        for threshold, label in SPLINK_THRESHOLDS
    ]


def _run_recordlinkage(
    records: tuple[Mapping[str, object], ...], truth: Mapping[str, str], _seed: int
) -> list[Row]:
    system = "recordlinkage"
    try:
        import pandas as pd  # noqa: PLC0415  (optional: the anchors' environment only)
        import recordlinkage  # noqa: PLC0415
    except ImportError as error:
        raise NotInstalledError(system, error) from error

    started = time.perf_counter()
    frame = pd.DataFrame(
        [_standardise(record) for record in records], columns=ANCHOR_COLUMNS
    ).set_index("unique_id")
    indexer = recordlinkage.Index()
    for key in BLOCKING_KEYS:
        indexer.block(list(key))
    candidates = indexer.index(frame)
    compare = recordlinkage.Compare()
    for column in ("given_name", "family_name", "address_line1"):
        compare.string(column, column, method="jarowinkler", threshold=0.85, label=column)
    for column in ("birth_date", "email", "phone", "postcode", "street_number", "locality"):
        compare.exact(column, column, label=column)
    features = compare.compute(candidates, frame)
    classifier = recordlinkage.ECMClassifier()
    classifier.fit(features)
    probabilities = classifier.prob(features)
    seconds = time.perf_counter() - started
    rows = []
    for threshold, label in RECORDLINKAGE_THRESHOLDS:
        matched = probabilities.index[probabilities.to_numpy() >= threshold]
        rows.append(
            Row(
                system,
                _version(system),
                f"{threshold} ({label})",
                *_pair_scores(matched, truth),
                seconds,
                len(candidates),
            )
        )
    return rows


_ANCHORS: dict[str, Callable[[tuple[Mapping[str, object], ...], Mapping[str, str], int], list[Row]]]
_ANCHORS = {"splink": _run_splink, "recordlinkage": _run_recordlinkage}


# --- main --------------------------------------------------------------------------------------


def _print_table(rows: list[Row]) -> None:
    header = ("system", "version", "threshold", "precision", "recall", "F1", "seconds", "pairs")
    cells = [
        (
            row.system,
            row.version,
            row.threshold,
            f"{row.precision:.4f}",
            f"{row.recall:.4f}",
            f"{row.f1:.4f}",
            f"{row.seconds:.1f}",
            "-" if row.candidate_pairs is None else f"{row.candidate_pairs:,}",
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    left = 3  # system, version and threshold are text; the rest are numbers
    for line in [header, *cells]:
        print(
            "  ".join(
                text.ljust(width) if i < left else text.rjust(width)
                for i, (text, width) in enumerate(zip(line, widths, strict=True))
            )
        )


def main() -> None:
    """Run the systems that are installed and not skipped; print one table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--skip", action="append", choices=SYSTEMS, default=[])
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}, {platform.platform()}"
    )
    started = time.perf_counter()
    people = generate_people(args.records, rng=random.Random(args.seed))
    truth = dict(people.truth)
    print(
        f"records: {len(people.records):,} (seed {args.seed}) of "
        f"{len(set(truth.values())):,} people, {len(people.true_pairs()):,} true pairs; "
        f"generated in {time.perf_counter() - started:.1f} s"
    )
    rows: list[Row] = []
    if "crmkit" not in args.skip:
        rows += _run_crmkit(people.records, truth)
    for name, run in _ANCHORS.items():
        if name in args.skip:
            continue
        try:
            rows += run(people.records, truth, args.seed)
        except NotInstalledError as error:
            print(error)
    print()
    _print_table(rows)


if __name__ == "__main__":
    main()
