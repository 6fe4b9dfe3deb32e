"""Benchmark: de-duplication quality, speed and memory on generated customer records.

Generates records with duplicates and ground truth (:func:`crmkit.testing.generate_people`:
typos, nicknames, swapped names, moved addresses, and households, apartments and namesakes
that are *not* duplicates), runs :func:`crmkit.identity.dedupe` with default settings and no
labels, and prints the time per stage, pairwise precision / recall / F1, B-cubed F1, how many
pairs of the texts' must-not-merge groups were merged, and the peak resident memory.

Usage::

    .venv/bin/python benchmarks/identity.py [--records 100000] [--seed 5]

The figures go to docs/performance.md with the command line that produced them.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import sys
import time

from crmkit.identity import MatchIndex, dedupe, evaluate
from crmkit.testing import generate_people


def _merged(groups: tuple[tuple[str, ...], ...], cluster_of: dict[str, int]) -> int:
    return sum(
        1
        for group in groups
        for i, a in enumerate(group)
        for b in group[i + 1 :]
        if cluster_of[a] == cluster_of[b]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--queries", type=int, default=1000, help="MatchIndex.query timings")
    parser.add_argument("--no-index", action="store_true", help="skip the MatchIndex timings")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{sys.version.split()[0]}, {platform.platform()}"
    )
    started = time.perf_counter()
    people = generate_people(args.records, rng=random.Random(args.seed))
    print(f"generated {args.records:,} records in {time.perf_counter() - started:.1f} s")

    stages: dict[str, float] = {}
    last = [time.perf_counter()]

    def progress(stage: str, _done: int, _total: int) -> None:
        now = time.perf_counter()
        stages[stage] = stages.get(stage, 0.0) + now - last[0]
        last[0] = now

    started = time.perf_counter()
    last[0] = started
    result = dedupe(people.records, progress=progress)
    elapsed = time.perf_counter() - started
    print(f"dedupe: {elapsed:.1f} s end to end ({args.records / elapsed:,.0f} records/s)")
    print("  stages: " + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items()))
    print(
        f"  candidate pairs {result.stats.candidate_pairs:,}; EM iterations "
        f"{result.stats.em_iterations} (converged: {result.stats.em_converged})"
    )
    print(evaluate(result, people.truth))
    cluster_of = {rid: n for n, cluster in enumerate(result.clusters) for rid in cluster}
    print(
        "must-not-merge pairs merged: "
        f"households {_merged(people.households, cluster_of)}, "
        f"apartments {_merged(people.apartments, cluster_of)}, "
        f"namesakes {_merged(people.namesakes, cluster_of)}"
    )
    if args.no_index:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak resident memory: {peak:,.0f} MiB (generated records included)")
        return
    started = time.perf_counter()
    index = MatchIndex.from_result(people.records, result)
    print(f"MatchIndex built over {len(index):,} records in {time.perf_counter() - started:.1f} s")
    probes = random.Random(args.seed + 1).sample(list(people.records), args.queries)
    timings = []
    for record in probes:
        started = time.perf_counter()
        index.query(record)
        timings.append(time.perf_counter() - started)
    print(
        f"MatchIndex.query: median {statistics.median(timings) * 1e3:.2f} ms, "
        f"p95 {sorted(timings)[int(0.95 * len(timings))] * 1e3:.2f} ms over {len(timings)} queries"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:,.0f} MiB (generated records and index included)")


if __name__ == "__main__":
    main()
