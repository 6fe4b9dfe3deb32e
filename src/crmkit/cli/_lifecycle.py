"""``crmkit lifecycle HISTORY.csv --model FILE.json``: each subject's stage from its events.

HISTORY.csv has one row per event: the subject's id (``--subject-field``, default
``subject_id``), ``event``, ``at`` (ISO date) and optionally ``reason``; every other column
is the event's data. The life-cycle is a JSON file (``--model``) or a shipped model
(``--example lead_funnel``). Each subject's events are replayed in time order from its first
event's date (lenient: events the stage does not allow are counted as rejected, not fatal)
and one row per subject is written: the current stage, since when, days in it as of
``--as-of`` (default: the latest event date; events after it are not applied and subjects
that start later are left out) and the number of rejected events; ``--json``
writes the full states with their histories instead, and ``--funnel lead,mql,sql`` a
funnel report over all subjects (``--mode strict`` or ``cumulative``): per stage, the
subjects that reached it, the conversion from the previous stage and from the first, and
the median days to the next stage.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import pathlib
from typing import TextIO

from crmkit._errors import InvalidArgument
from crmkit.cli._files import read_definition
from crmkit.lifecycle import (
    LIFECYCLE_MODELS,
    Lifecycle,
    LifecycleState,
    Step,
    funnel,
    replay,
    stage_times,
)
from crmkit.serialization import to_data

#: Columns of HISTORY.csv that are not event data.
RESERVED = ("event", "at", "reason")


def add_lifecycle_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``crmkit lifecycle``."""
    parser.add_argument("history", type=pathlib.Path, help="CSV: subject_id, event, at")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--model", type=pathlib.Path, help="a life-cycle as JSON")
    source.add_argument(
        "--example", choices=sorted(LIFECYCLE_MODELS), help="a shipped life-cycle model"
    )
    parser.add_argument(
        "--subject-field", default="subject_id", help="the subjects' id column (subject_id)"
    )
    parser.add_argument(
        "--as-of", type=dt.date.fromisoformat, help="default: the latest event date"
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="full states as JSON")
    output.add_argument(
        "--funnel", metavar="STAGES", help="a funnel report over these stages (comma-separated)"
    )
    parser.add_argument(
        "--mode", choices=("strict", "cumulative"), default="strict", help="with --funnel"
    )


def _histories(path: pathlib.Path, subject_field: str) -> dict[str, list[Step]]:
    by_subject: dict[str, list[Step]] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or ())
        for name in (subject_field, "event", "at"):
            if name not in columns:
                msg = f"{path}: no column {name!r} (columns: {', '.join(map(repr, columns))})"
                raise InvalidArgument(msg, field=name, value=columns)
        for number, row in enumerate(reader, start=2):
            where = f"{path}, row {number}"
            subject = (row.get(subject_field) or "").strip()
            event = (row.get("event") or "").strip()
            if not subject or not event:
                msg = f"{where}: columns {subject_field!r} and 'event' must not be empty"
                raise InvalidArgument(msg, field=subject_field, value=row)
            text = (row.get("at") or "").strip()
            try:
                at = dt.date.fromisoformat(text)
            except ValueError:
                msg = f"{where}: column 'at' must be YYYY-MM-DD (got {text!r})"
                raise InvalidArgument(msg, field="at", value=text) from None
            data = {
                key: value
                for key, value in row.items()
                if key not in (*RESERVED, subject_field) and value not in (None, "")
            }
            step = Step(event, at, data, (row.get("reason") or "").strip())
            by_subject.setdefault(subject, []).append(step)
    for steps in by_subject.values():
        steps.sort(key=lambda step: step.at)  # stable: same-day events keep file order
    return by_subject


def run_lifecycle(args: argparse.Namespace, *, out: TextIO) -> int:
    """Run ``crmkit lifecycle``."""
    lifecycle = (
        LIFECYCLE_MODELS[args.example] if args.example else read_definition(args.model, Lifecycle)
    )
    histories = _histories(args.history, args.subject_field)
    if not histories:
        msg = f"{args.history}: no events"
        raise InvalidArgument(msg, field="history", value=str(args.history))
    as_of = args.as_of or max(step.at for steps in histories.values() for step in steps)
    # the states as they stood on as_of: later events are not applied, and subjects whose
    # first event comes later are not there yet
    states: list[LifecycleState] = []
    for subject, steps in sorted(histories.items()):
        known = [step for step in steps if step.at <= as_of]
        if known:
            states.append(replay(known, lifecycle, started=known[0].at, subject_id=subject))
    if not states:
        msg = f"{args.history}: no events on or before --as-of {as_of}"
        raise InvalidArgument(msg, field="as_of", value=as_of)
    if args.json:
        json.dump([to_data(state) for state in states], out, indent=2)
        out.write("\n")
        return 0
    if args.funnel is not None:
        _write_funnel(states, lifecycle, args, out=out)
        return 0
    writer = csv.writer(out)
    writer.writerow([args.subject_field, "stage", "since", "days_in_stage", "rejected_events"])
    for state in states:
        latest = stage_times(state, state.stage, as_of=as_of).latest
        rejected = sum(1 for step in state.steps if not step.accepted)
        writer.writerow([state.subject_id, state.stage, state.since, latest.days, rejected])
    return 0


def _write_funnel(
    states: list[LifecycleState], lifecycle: Lifecycle, args: argparse.Namespace, *, out: TextIO
) -> None:
    stages = tuple(name.strip() for name in args.funnel.split(","))
    report = funnel(states, lifecycle, stages=stages, mode=args.mode)
    writer = csv.writer(out)
    writer.writerow(["stage", "reached", "from_previous", "overall", "median_days_to_next"])
    day = dt.timedelta(days=1)
    for row in report.rows:
        to_next = "" if row.median_to_next is None else f"{row.median_to_next / day:g}"
        writer.writerow(
            [row.stage, row.reached, f"{row.from_previous:.4f}", f"{row.overall:.4f}", to_next]
        )
