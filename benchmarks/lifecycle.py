"""Benchmark: replaying 1,000,000 events over 100,000 subjects, then funnel metrics.

The issue's target: at most 10 s on this machine for the replay and the funnel metrics.
Subjects move through crmkit's lead funnel (:data:`crmkit.lifecycle.LEAD_FUNNEL`, or the
shipped model ``--model`` names) with 10 events each, drawn with a seeded
``random.Random`` from every event name the life-cycle knows, so many are refused by the
stage they meet and are recorded as rejected (lenient replay). With ``--valid`` each event
is drawn from those the subject's stage allows (a subject stops at a terminal stage);
``--keep-open`` also leaves out events into terminal stages, so on a life-cycle with
cycles (``--model crm_cycle``: lapse and win-back) every event is accepted and a million
events are a million stage changes.

The events are built first (not timed); then ``replay`` of every subject, and the
metrics: ``funnel`` in both modes and ``stage_durations`` (the target's "funnel
metrics"), then ``migration_chain`` (weekly periods unless ``--period-days``) and
``cohorts``, reported apart.

Usage::

    .venv/bin/python benchmarks/lifecycle.py [--subjects 100000] [--events 10] [--seed 3]
        [--model lead_funnel] [--valid] [--keep-open]

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

from crmkit.lifecycle import (
    LIFECYCLE_MODELS,
    Step,
    cohorts,
    funnel,
    migration_chain,
    replay,
    stage_durations,
)

START = dt.date(2025, 1, 1)
MAX_GAP_DAYS = 20


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=10)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--model", default="lead_funnel", choices=sorted(LIFECYCLE_MODELS))
    parser.add_argument("--period-days", type=int, default=7, help="the migration's period")
    parser.add_argument(
        "--valid", action="store_true", help="draw only events the current stage allows"
    )
    parser.add_argument(
        "--keep-open", action="store_true", help="with --valid: no events into terminal stages"
    )
    args = parser.parse_args()
    model = LIFECYCLE_MODELS[args.model]
    terminal = {stage.name for stage in model.stages if stage.terminal}
    rng = random.Random(args.seed)
    names = sorted({t.event for t in model.transitions})
    histories = []
    for _ in range(args.subjects):
        day, steps, stage = START, [], model.initial
        for _ in range(args.events):
            day += dt.timedelta(days=rng.randint(0, MAX_GAP_DAYS))
            allowed = model.events_from(stage) if args.valid else names
            if args.keep_open:
                allowed = tuple(
                    e for e in allowed if model.candidates(stage, e)[0].target not in terminal
                )
            if not allowed:  # a terminal stage: nothing more happens to this subject
                break
            event = rng.choice(allowed)
            steps.append(Step(event, day))
            moves = model.candidates(stage, event)
            stage = moves[0].target if moves and args.valid else stage
        histories.append(steps)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"life-cycle: {model.name}")
    began = time.perf_counter()
    states = [
        replay(steps, model, started=START, subject_id=index, strict=False)
        for index, steps in enumerate(histories)
    ]
    replayed = time.perf_counter() - began
    order = [stage.name for stage in model.stages if stage.name not in terminal]
    as_of = max(steps[-1].at for steps in histories if steps)
    began = time.perf_counter()
    strict = funnel(states, model, stages=order)
    funnel(states, model, stages=order, mode="cumulative")
    stage_durations(states, as_of=as_of)
    measured = time.perf_counter() - began
    began = time.perf_counter()
    migration = migration_chain(states, model, period_days=args.period_days, as_of=as_of)
    migrated = time.perf_counter() - began
    began = time.perf_counter()
    cohorts(states, model, stage=order[-1], as_of=as_of)
    grouped = time.perf_counter() - began
    events = sum(len(steps) for steps in histories)
    rejected = sum(1 for state in states for step in state.steps if not step.accepted)
    print(
        f"replay: {events:,} events over {args.subjects:,} subjects in {replayed:.2f} s "
        f"({events / replayed:,.0f} events/s; {rejected:,} rejected)"
    )
    print(f"funnel (both modes) and stage durations: {measured:.2f} s")
    print(f"total: {replayed + measured:.2f} s (target: 10 s)")
    print(
        f"migration chain ({args.period_days}-day periods): {migrated:.2f} s; "
        f"cohorts: {grouped:.2f} s"
    )
    print(f"stages never left in the estimate: {migration.never_left}")
    print("strict funnel: " + ", ".join(f"{r.stage} {r.reached}" for r in strict.rows))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
