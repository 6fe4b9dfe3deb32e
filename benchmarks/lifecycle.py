"""Benchmark: replaying 1,000,000 events over 100,000 subjects, then funnel metrics.

The issue's target: at most 10 s on this machine for the replay and the funnel metrics.
Subjects move through crmkit's lead funnel (:data:`crmkit.lifecycle.LEAD_FUNNEL`) with 10
events each, drawn with a seeded ``random.Random`` from every event name the funnel knows,
so many are refused by the stage they meet and are recorded as rejected (lenient replay);
with ``--valid`` each event is drawn from those the subject's stage allows (a subject stops
at a terminal stage).
The events are built first (not timed); then ``replay`` of every subject, ``funnel`` in
both modes and ``stage_durations`` are timed.

Usage::

    .venv/bin/python benchmarks/lifecycle.py [--subjects 100000] [--events 10] [--seed 3]

Prints the machine, the times and the peak resident memory. The figures go to
docs/performance.md with the command line that produced them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import resource
import sys
import time

from crmkit.lifecycle import LEAD_FUNNEL, Step, funnel, replay, stage_durations

START = dt.date(2025, 1, 1)
MAX_GAP_DAYS = 20


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=10)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument(
        "--valid", action="store_true", help="draw only events the current stage allows"
    )
    args = parser.parse_args()
    rng = random.Random(args.seed)
    names = sorted({t.event for t in LEAD_FUNNEL.transitions})
    histories = []
    for _ in range(args.subjects):
        day, steps, stage = START, [], LEAD_FUNNEL.initial
        for _ in range(args.events):
            day += dt.timedelta(days=rng.randint(0, MAX_GAP_DAYS))
            allowed = LEAD_FUNNEL.events_from(stage) if args.valid else names
            if not allowed:  # a terminal stage: nothing more happens to this subject
                break
            event = rng.choice(allowed)
            steps.append(Step(event, day))
            moves = LEAD_FUNNEL.candidates(stage, event)
            stage = moves[0].target if moves and args.valid else stage
        histories.append(steps)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    began = time.perf_counter()
    states = [
        replay(steps, LEAD_FUNNEL, started=START, subject_id=index)
        for index, steps in enumerate(histories)
    ]
    replayed = time.perf_counter() - began
    order = [stage.name for stage in LEAD_FUNNEL.stages][:6]
    as_of = max(steps[-1].at for steps in histories if steps)
    began = time.perf_counter()
    strict = funnel(states, order)
    funnel(states, order, mode="cumulative")
    stage_durations(states, as_of=as_of)
    measured = time.perf_counter() - began
    events = sum(len(steps) for steps in histories)
    rejected = sum(1 for state in states for step in state.steps if not step.accepted)
    print(
        f"replay: {events:,} events over {args.subjects:,} subjects in {replayed:.2f} s "
        f"({events / replayed:,.0f} events/s; {rejected:,} rejected)"
    )
    print(f"funnel (both modes) and stage durations: {measured:.2f} s")
    print(f"total: {replayed + measured:.2f} s (target: 10 s)")
    print("strict funnel: " + ", ".join(f"{r.stage} {r.reached}" for r in strict.rows))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
