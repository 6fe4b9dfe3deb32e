"""Benchmark: leads scored per second with a 50-rule model and 20 events per lead.

The issue's target: 1,000,000 leads, 50 rules, 20 events each, at least 100,000 leads per
second per core. The model (built here with a seeded ``random.Random``) has 25 field rules
(numeric thresholds and ranges, picklist values, presence), 20 event rules (windows of 30
or 90 days or none, caps, half-life decay, property filters) and 5 event-count rules
("2 events of a type within 30 days"). Leads come in chunks of ``--chunk`` with their events
as one flat list (a DataFrame of events as records), and only :func:`score_many` is timed.

Three ways are timed in the same run, one core each:

- ``score_many(..., explain=False)``: the model compiled to one function (the fast path);
- ``score_many(...)``: every score with its explanation (the general engine);
- a naive baseline: the rules interpreted from their JSON form, lead by lead and rule by
  rule, as hand-written CRM code does (on ``--baseline`` leads).

Usage::

    .venv/bin/python benchmarks/scoring.py [--leads 1000000] [--explained 100000]
        [--baseline 20000] [--chunk 10000] [--seed 5]

Prints leads per second for each, the ratios, and the peak resident memory of the process.
The figures go to docs/performance.md with the command line that produced them.
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
from collections.abc import Iterator, Mapping

from crmkit.scoring import (
    EventRule,
    HalfLifeDecay,
    Rule,
    ScoringModel,
    condition_to_data,
    event,
    field,
    score_many,
)

AS_OF = dt.date(2026, 6, 30)
TYPES = tuple(f"event_{i}" for i in range(10))
EVENTS_PER_LEAD = 20
HISTORY_DAYS = 180


def build_model(rng: random.Random) -> ScoringModel:
    """25 field rules, 20 event rules and 5 event-count rules."""
    rules: list[Rule | EventRule] = []
    for i in range(25):
        kind = i % 5
        if kind == 0:
            condition = field(f"n{i % 10}") >= rng.randint(0, 100)
        elif kind == 1:
            condition = field(f"s{i % 5}").is_in(("a", "b", "c"))
        elif kind == 2:
            condition = field(f"s{i % 5}").equals("d")
        elif kind == 3:
            condition = field(f"n{i % 10}").between(10, 60)
        else:
            condition = field(f"s{i % 5}").exists()
        rules.append(Rule(f"fit_{i}", condition, rng.randint(-10, 20)))
    rules.extend(
        EventRule(
            f"engagement_{i}",
            TYPES[i % 10],
            rng.randint(1, 10),
            within_days=(None, 30, 90)[i % 3],
            cap=50 if i % 2 else None,
            decay=HalfLifeDecay(30) if i % 4 == 0 else None,
            where=(field("channel").equals("web"),) if i % 5 == 0 else (),
        )
        for i in range(20)
    )
    rules.extend(
        Rule(f"burst_{i}", event(TYPES[i], within_days=30, at_least=2), 5) for i in range(5)
    )
    return ScoringModel("benchmark", tuple(rules), maximum=100)


def chunks(
    rng: random.Random, leads: int, size: int
) -> Iterator[tuple[list[dict[str, object]], list[dict[str, object]]]]:
    """Leads and their events, ``size`` leads at a time."""
    for start in range(0, leads, size):
        rows, events = [], []
        for lead_id in range(start, min(start + size, leads)):
            row: dict[str, object] = {"id": lead_id}
            row.update({f"n{i}": rng.randint(0, 100) for i in range(10)})
            row.update({f"s{i}": rng.choice("abcde") for i in range(5)})
            rows.append(row)
            events.extend(
                {
                    "lead_id": lead_id,
                    "type": rng.choice(TYPES),
                    "at": AS_OF - dt.timedelta(days=rng.randint(0, HISTORY_DAYS)),
                    "channel": rng.choice(("web", "email")),
                }
                for _ in range(EVENTS_PER_LEAD)
            )
        yield rows, events


def naive_score(
    rules: list[dict[str, object]], lead: Mapping[str, object], events: list[dict[str, object]]
) -> float:
    """Rules interpreted from data for each lead: the way hand-written CRM code scores."""

    def holds(condition: Mapping[str, object], record: Mapping[str, object]) -> bool:
        if "event" in condition:
            window = condition.get("within_days")
            count = sum(
                1
                for item in events
                if item["type"] == condition["event"]
                and (window is None or (AS_OF - item["at"]).days <= window)  # type: ignore[operator]
            )
            return count >= condition["at_least"]  # type: ignore[operator]
        value, operand = record.get(condition["field"]), condition.get("value")  # type: ignore[call-overload]
        op = condition["op"]
        if value is None:
            return False
        if op == "at_least":
            return value >= operand  # type: ignore[no-any-return,operator]
        if op == "between":
            return operand[0] <= value <= operand[1]  # type: ignore[index,no-any-return,operator]
        if op == "in":
            return value in operand  # type: ignore[operator]
        if op == "equals":
            return bool(value == operand)
        return op == "exists"

    total = 0.0
    for rule in rules:
        if "condition" in rule:
            if holds(rule["condition"], lead):  # type: ignore[arg-type]
                total += rule["points"]  # type: ignore[operator]
            continue
        points = 0.0
        for item in events:
            if item["type"] != rule["event_type"]:
                continue
            age = (AS_OF - item["at"]).days  # type: ignore[operator]
            if rule["within_days"] is not None and age > rule["within_days"]:  # type: ignore[operator]
                continue
            if rule["where"] and not all(holds(w, item) for w in rule["where"]):  # type: ignore[attr-defined]
                continue
            factor = 0.5 ** (age / rule["half_life"]) if rule["half_life"] else 1.0  # type: ignore[operator]
            points += rule["points"] * factor  # type: ignore[operator]
        cap = rule["cap"]
        total += points if cap is None else max(-cap, min(cap, points))  # type: ignore[call-overload,operator]
    return min(total, 100.0)


def as_data(model: ScoringModel) -> list[dict[str, object]]:
    """The model's rules as plain dicts for the naive baseline."""
    out: list[dict[str, object]] = []
    for rule in model.rules:
        if isinstance(rule, Rule):
            out.append({"condition": condition_to_data(rule.condition), "points": rule.points})
        elif isinstance(rule, EventRule):
            out.append(
                {
                    "event_type": rule.event_type,
                    "points": rule.points,
                    "within_days": rule.within_days,
                    "where": [condition_to_data(w) for w in rule.where],
                    "half_life": rule.decay.half_life_days if rule.decay else None,  # type: ignore[union-attr]
                    "cap": rule.cap,
                }
            )
    return out


def timed(model: ScoringModel, leads: int, chunk: int, seed: int, *, explain: bool) -> float:
    """Seconds spent in score_many over ``leads`` leads (data generation not counted)."""
    spent = 0.0
    for rows, events in chunks(random.Random(seed), leads, chunk):
        start = time.perf_counter()
        score_many(rows, events, model, as_of=AS_OF, explain=explain)
        spent += time.perf_counter() - start
    return spent


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--leads", type=int, default=1_000_000)
    parser.add_argument("--explained", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=20_000)
    parser.add_argument("--chunk", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    model = build_model(random.Random(args.seed))
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {sys.version.split()[0]}, one process"
    )
    print(f"model: {len(model.rules)} rules; {EVENTS_PER_LEAD} events per lead")
    fast = timed(model, args.leads, args.chunk, args.seed, explain=False)
    fast_rate = args.leads / fast
    print(
        f"score_many(explain=False): {args.leads:,} leads in {fast:.1f} s = "
        f"{fast_rate:,.0f} leads/s"
    )
    slow = timed(model, args.explained, args.chunk, args.seed, explain=True)
    slow_rate = args.explained / slow
    print(
        f"score_many(explain=True):  {args.explained:,} leads in {slow:.1f} s = "
        f"{slow_rate:,.0f} leads/s"
    )
    rules = as_data(model)
    spent = 0.0
    for rows, events in chunks(random.Random(args.seed), args.baseline, args.chunk):
        by_lead: dict[object, list[dict[str, object]]] = {}
        for item in events:
            by_lead.setdefault(item["lead_id"], []).append(item)
        start = time.perf_counter()
        for row in rows:
            naive_score(rules, row, by_lead.get(row["id"], []))
        spent += time.perf_counter() - start
    naive_rate = args.baseline / spent
    print(
        f"naive interpreter:         {args.baseline:,} leads in {spent:.1f} s = "
        f"{naive_rate:,.0f} leads/s"
    )
    print(
        f"ratios: fast / naive {fast_rate / naive_rate:.1f}x, "
        f"explained / naive {slow_rate / naive_rate:.1f}x"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {peak:,.0f} MiB (chunks of {args.chunk:,} leads)")


if __name__ == "__main__":
    main()
