"""``crmkit score LEADS.csv EVENTS.csv --model MODEL.json``: lead scores from two CSV files.

LEADS.csv has one row per lead with an id column (``--id-field``, default ``id``) and any
fields the model's rules test; EVENTS.csv one row per event with the lead's id
(``--lead-field``, default ``lead_id``), ``type``, ``at`` (ISO date or datetime) and any
properties. Empty cells mean missing. The model is a JSON file written by
:func:`crmkit.serialization.make_converter` (``--print-model`` writes one to start from) or
one of the shipped examples (``--example``). Scores are computed as of ``--as-of`` (default:
the latest event date in EVENTS.csv) and written as CSV, or as JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import pathlib
from collections.abc import Callable
from typing import TextIO

from crmkit._errors import InvalidArgument
from crmkit.cli._files import read_definition
from crmkit.scoring import (
    TOTAL,
    LeadScore,
    ScoringModel,
    predictable_revenue_model,
    realtor_model,
    score_many,
)
from crmkit.serialization import to_data

EXAMPLES: dict[str, Callable[[], ScoringModel]] = {
    "predictable-revenue": predictable_revenue_model,
    "realtor": realtor_model,
}
REASONS_SHOWN = 5  # contributions listed in the reasons column, largest first


def add_score_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``crmkit score``."""
    parser.add_argument("leads", type=pathlib.Path, nargs="?", help="CSV of leads")
    parser.add_argument("events", type=pathlib.Path, nargs="?", help="CSV of events")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--model", type=pathlib.Path, help="a scoring model as JSON")
    source.add_argument("--example", choices=sorted(EXAMPLES), help="a shipped example model")
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        help="score as of this day (default: the latest event date in EVENTS.csv)",
    )
    parser.add_argument("--id-field", default="id", help="the leads' id column (default id)")
    parser.add_argument(
        "--lead-field", default="lead_id", help="the events' lead id column (default lead_id)"
    )
    parser.add_argument("--explain", action="store_true", help="add the top reasons per lead")
    parser.add_argument("--json", action="store_true", help="full scores as JSON")
    parser.add_argument(
        "--print-model", action="store_true", help="write the model as JSON and stop"
    )


def _model(args: argparse.Namespace) -> ScoringModel:
    if args.example:
        return EXAMPLES[args.example]()
    return read_definition(args.model, ScoringModel)


def _rows(path: pathlib.Path) -> list[dict[str, object]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def _as_of(args: argparse.Namespace, events: list[dict[str, object]]) -> dt.date:
    if args.as_of is not None:
        return args.as_of  # type: ignore[no-any-return]
    days = []
    for number, row in enumerate(events, start=2):
        text = str(row.get("at") or "").strip()
        try:
            days.append(dt.date.fromisoformat(text[:10]))
        except ValueError:
            msg = f"{args.events}, row {number}: column 'at' must be an ISO date (got {text!r})"
            raise InvalidArgument(msg, field="at", value=text) from None
    if not days:
        msg = f"{args.events}: no events, so give --as-of"
        raise InvalidArgument(msg, field="as_of", value=None)
    return max(days)


def _reasons(result: LeadScore) -> str:
    improvers, harmers = result.reasons(limit=REASONS_SHOWN)
    ranked = sorted(improvers + harmers, key=lambda c: (-abs(c.points), c.rule_id))
    return "; ".join(f"{c.rule_id} {c.points:+g}" for c in ranked[:REASONS_SHOWN])


def run_score(args: argparse.Namespace, *, out: TextIO) -> int:
    """Run ``crmkit score``."""
    model = _model(args)
    if args.print_model:
        json.dump(to_data(model), out, indent=2)
        out.write("\n")
        return 0
    if args.leads is None or args.events is None:
        msg = "give LEADS.csv and EVENTS.csv (or --print-model)"
        raise InvalidArgument(msg, field="leads", value=None)
    leads, events = _rows(args.leads), _rows(args.events)
    as_of = _as_of(args, events)
    scores = score_many(
        leads,
        events,
        model,
        as_of=as_of,
        id_field=args.id_field,
        lead_field=args.lead_field,
        explain=args.explain or args.json,
    )
    if args.json:
        json.dump([to_data(s) for s in scores], out, indent=2)
        out.write("\n")
        return 0
    graded = [g.name for g in model.groups if g.grading is not None]
    if model.grading is not None:
        graded.append(TOTAL)
    columns = [args.id_field, "total", *(g.name for g in model.groups)]
    columns += [f"{name} grade" for name in graded]
    columns += ["matrix"] if model.matrix else []
    columns += ["thresholds"] + (["reasons"] if args.explain else [])
    writer = csv.writer(out)
    writer.writerow(columns)
    for result in scores:
        row: list[object] = [result.lead_id, f"{result.total:g}"]
        row += [f"{result.groups[g.name]:g}" for g in model.groups]
        row += [result.grades[name] for name in graded]
        row += [result.matrix] if model.matrix else []
        row.append(";".join(result.thresholds))
        if args.explain:
            row.append(_reasons(result))
        writer.writerow(row)
    return 0
