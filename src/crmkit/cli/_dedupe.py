"""``crmkit dedupe FILE.csv`` and ``crmkit link A.csv B.csv``: duplicates and links in CSVs.

Columns use crmkit's canonical names (``given_name``, ``family_name``, ``full_name``,
``email``, ``phone``, ``birth_date``, ``address_line1``, ``postcode``, ``country``, ...) plus
an id column. Output: one row per record with its cluster id (CSV), or the clusters, scored
pairs and golden records (``--json``). Progress goes to stderr as a bar with the time left.
"""

from __future__ import annotations

import argparse
import csv
import json
import pathlib
import sys
import time
from typing import TextIO

from crmkit.identity import (
    MatchResult,
    MostComplete,
    SurvivorshipPolicy,
    dedupe,
    link,
    merge_clusters,
)
from crmkit.serialization import make_converter

BAR_WIDTH = 30  # characters of the progress bar


def add_dedupe_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``crmkit dedupe``."""
    parser.add_argument("file", type=pathlib.Path, help="CSV file with a header row")
    parser.add_argument("--id-field", default="id", help="column holding each record's id")
    parser.add_argument("--json", action="store_true", help="clusters, pairs and golden records")
    parser.add_argument("--quiet", action="store_true", help="no progress bar on stderr")


class ProgressBar:
    """Turns ``progress(stage, done, total)`` calls into a bar with an estimate of time left."""

    def __init__(self, stream: TextIO) -> None:
        """Write to ``stream`` (stderr)."""
        self.stream = stream
        self.started = time.perf_counter()
        self.stage = ""
        self.stage_started = self.started

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Redraw the bar for ``stage``."""
        now = time.perf_counter()
        if stage != self.stage:
            self.stage, self.stage_started = stage, now
        share = done / total if total else 1.0
        elapsed = now - self.stage_started
        left = elapsed / share - elapsed if share > 0 else 0.0
        filled = int(BAR_WIDTH * share)
        self.stream.write(
            f"\r{stage:<10} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {share:6.1%} "
            f"~{left:5.1f} s left, {now - self.started:6.1f} s total"
        )
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        self.stream.write("\n")


def add_link_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``crmkit link``."""
    parser.add_argument("left", type=pathlib.Path, help="first CSV file")
    parser.add_argument("right", type=pathlib.Path, help="second CSV file (ids must differ)")
    parser.add_argument("--id-field", default="id", help="column holding each record's id")
    parser.add_argument("--json", action="store_true", help="clusters, pairs and golden records")
    parser.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
    parser.add_argument(
        "--one-to-one", action="store_true", help="link each record to at most one other"
    )
    parser.add_argument(
        "--with-duplicates",
        action="store_true",
        help="the sources may hold duplicates of their own (find those too)",
    )


def _read(path: pathlib.Path) -> list[dict[str, object]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def run_link(args: argparse.Namespace, *, out: TextIO) -> int:
    """Run ``crmkit link``."""
    left, right = _read(args.left), _read(args.right)
    bar = None if args.quiet else ProgressBar(sys.stderr)
    result = link(
        left,
        right,
        id_field=args.id_field,
        deduplicated=not args.with_duplicates,
        one_to_one=args.one_to_one,
        progress=bar,
    )
    if bar is not None:
        bar.close()
    return _write(args, [*left, *right], result, out=out)


def run_dedupe(args: argparse.Namespace, *, out: TextIO) -> int:
    """Run ``crmkit dedupe``."""
    records = _read(args.file)
    bar = None if args.quiet else ProgressBar(sys.stderr)
    result = dedupe(records, id_field=args.id_field, progress=bar)
    if bar is not None:
        bar.close()
    return _write(args, records, result, out=out)


def _write(
    args: argparse.Namespace,
    records: list[dict[str, object]],
    result: MatchResult,
    *,
    out: TextIO,
) -> int:
    """Clusters as CSV, or clusters, pairs, golden records and stats as JSON."""
    if args.json:
        policy = SurvivorshipPolicy(
            default=MostComplete(), id_field=args.id_field, timestamp_field=None
        )
        golden = merge_clusters(records, result.clusters, policy=policy)
        converter = make_converter()
        document = {
            "clusters": [list(c) for c in result.clusters],
            "pairs": converter.unstructure(result.pairs),
            "golden_records": [g.to_dict() for g in golden],
            "stats": converter.unstructure(result.stats),
        }
        json.dump(document, out, indent=2, default=str)
        out.write("\n")
        return 0
    writer = csv.writer(out)
    writer.writerow([args.id_field, "cluster_id", "cluster_size"])
    for cluster in result.clusters:
        for record_id in cluster:
            writer.writerow([record_id, cluster[0], len(cluster)])
    return 0
