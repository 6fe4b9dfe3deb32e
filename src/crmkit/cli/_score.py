"""``crmkit score LEADS.csv EVENTS.csv --model MODEL.json``: lead scores from two CSV files.

LEADS.csv has one row per lead with an id column (``--id-field``, default ``id``) and any
fields the model's rules test; EVENTS.csv one row per event with the lead's id
(``--lead-field``, default ``lead_id``), ``type``, ``at`` (ISO date or datetime) and any
properties. Empty cells mean missing. The model is a JSON file written by
:func:`crmkit.serialization.make_converter` (``--print-model`` writes one to start from) or
one of the shipped examples (``--example``). Scores are computed as of ``--as-of`` (default:
the latest event date in EVENTS.csv) and written as CSV, or as JSON with ``--json``.
Events of leads not in LEADS.csv are not used. A missing column, an empty id or type, a
repeated id, a bad date or a value a rule cannot compare is an error naming the file and
row (exit code 2); a bad model file, the place in the JSON.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import pathlib
from collections.abc import Callable
from typing import TextIO

from crmkit._errors import CrmkitError, InvalidArgument, InvalidValue
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


def _table(path: pathlib.Path, required: tuple[str, ...]) -> list[dict[str, object]]:
    """The rows of the CSV file at ``path``, which must have the ``required`` columns."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or ())
        for name in required:
            if name not in columns:
                msg = f"{path}: no column {name!r} (columns: {', '.join(map(repr, columns))})"
                raise InvalidArgument(msg, field=name, value=columns)
        rows: list[dict[str, object]] = []
        for number, row in enumerate(reader, start=2):
            if None in row:
                msg = f"{path}, row {number}: more cells than the {len(columns)} columns"
                raise InvalidArgument(msg, field="row", value=number)
            rows.append(dict(row))
    return rows


def _check_leads(path: pathlib.Path, leads: list[dict[str, object]], id_field: str) -> None:
    """Every lead has an id, and no two the same one."""
    seen: dict[object, int] = {}
    for number, lead in enumerate(leads, start=2):
        lead_id = lead.get(id_field)
        if not str(lead_id or "").strip():
            msg = f"{path}, row {number}: column {id_field!r} is empty"
            raise InvalidArgument(msg, field=id_field, value=lead_id)
        if lead_id in seen:
            msg = f"{path}, row {number}: id {lead_id!r} repeats row {seen[lead_id]}"
            raise InvalidArgument(msg, field=id_field, value=lead_id)
        seen[lead_id] = number


def _event_days(path: pathlib.Path, events: list[dict[str, object]]) -> list[dt.date]:
    """Each event's day; every event must have a type and an ISO date or datetime."""
    days = []
    for number, row in enumerate(events, start=2):
        if not str(row.get("type") or "").strip():
            msg = f"{path}, row {number}: column 'type' is empty"
            raise InvalidArgument(msg, field="type", value=row.get("type"))
        text = str(row.get("at") or "").strip()
        try:
            days.append(dt.datetime.fromisoformat(text).date())
        except ValueError:
            msg = (
                f"{path}, row {number}: column 'at' must be an ISO date or datetime (got {text!r})"
            )
            raise InvalidArgument(msg, field="at", value=text) from None
    return days


def _latest(path: pathlib.Path, days: list[dt.date]) -> dt.date:
    if not days:
        msg = f"{path}: no events, so give --as-of"
        raise InvalidArgument(msg, field="as_of", value=None)
    return max(days)


def _where(error: CrmkitError, tables: dict[pathlib.Path, list[dict[str, object]]]) -> str:
    """``"FILE, row N: "`` for the first cell holding the value ``error`` names, else ``""``."""
    for path, rows in tables.items():
        for number, row in enumerate(rows, start=2):
            if error.field in row and row[error.field] == error.value:
                return f"{path}, row {number}: "
    return ""


def _number(value: float, *, signed: bool = False) -> str:
    """Points as written in the output: up to four decimals, no trailing zeros."""
    text = f"{value:+.4f}" if signed else f"{value:.4f}"
    text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", "+0"} else text


def _reasons(result: LeadScore) -> str:
    improvers, harmers = result.reasons(limit=REASONS_SHOWN)
    ranked = sorted(improvers + harmers, key=lambda c: (-abs(c.points), c.rule_id))
    return "; ".join(
        f"{c.rule_id} {_number(c.points, signed=True)}" for c in ranked[:REASONS_SHOWN]
    )


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
    leads = _table(args.leads, (args.id_field,))
    events = _table(args.events, (args.lead_field, "type", "at"))
    _check_leads(args.leads, leads, args.id_field)
    days = _event_days(args.events, events)
    as_of = args.as_of or _latest(args.events, days)
    try:
        scores = score_many(
            leads,
            events,
            model,
            as_of=as_of,
            id_field=args.id_field,
            lead_field=args.lead_field,
            explain=args.explain or args.json,
        )
    except InvalidValue as error:  # a cell that a rule cannot compare: name its file and row
        where = _where(error, {args.leads: leads, args.events: events})
        msg = f"{where}{error}"
        raise InvalidArgument(msg, field=error.field, value=error.value) from None
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
        row: list[object] = [result.lead_id, _number(result.total)]
        row += [_number(result.groups[g.name]) for g in model.groups]
        row += [result.grades[name] for name in graded]
        row += [result.matrix] if model.matrix else []
        row.append(";".join(result.thresholds))
        if args.explain:
            row.append(_reasons(result))
        writer.writerow(row)
    return 0
