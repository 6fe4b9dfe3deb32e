"""The life-cycle part of ``crmkit demo``: a lead funnel replayed for simulated leads.

Leads move through crmkit's lead funnel (HubSpot's lifecycle stages) with seeded random
steps; the demo prints where they are, how long they spent per stage, a diagram of the
funnel and a weighted opportunity pipeline. It needs no files.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections import Counter
from typing import TextIO

from crmkit.lifecycle import (
    LEAD_FUNNEL,
    OPPORTUNITY_STAGES,
    Step,
    replay,
    start,
    time_in_stages,
    to_mermaid,
    weighted_pipeline,
)

LIFECYCLE_AS_OF = dt.date(2026, 6, 30)
START = dt.date(2026, 1, 1)
#: The simulation's next-event choices per stage (weights), roughly a B2B funnel.
NEXT_EVENTS = {
    "subscriber": (("become_lead", 6), ("disqualify", 1)),
    "lead": (("become_mql", 4), ("disqualify", 2), ("mark_other", 1)),
    "mql": (("become_sql", 4), ("recycle", 2), ("disqualify", 1)),
    "sql": (("open_deal", 5), ("recycle", 2), ("disqualify", 1)),
    "opportunity": (("close_won", 3), ("recycle", 2), ("disqualify", 2)),
    "customer": (("become_evangelist", 1),),
}
MAX_GAP_DAYS = 30  # days between a lead's events: uniform from 1 to this
PIPELINE_DEALS = 200
DIAGRAM_LINES_SHOWN = 5


def _history(rng: random.Random) -> tuple[dt.date, list[Step]]:
    began = START + dt.timedelta(days=rng.randint(0, 90))
    stage, day, steps = LEAD_FUNNEL.initial, began, []
    while stage in NEXT_EVENTS and rng.random() < 0.85:  # noqa: PLR2004  (chance to act again)
        events, weights = zip(*NEXT_EVENTS[stage], strict=True)
        event = rng.choices(events, weights)[0]
        day += dt.timedelta(days=rng.randint(1, MAX_GAP_DAYS))
        if day > LIFECYCLE_AS_OF:
            break
        steps.append(Step(event, day))
        stage = next(t.target for t in LEAD_FUNNEL.candidates(stage, event))
    return began, steps


def lifecycle_demo(*, subjects: int, seed: int, out: TextIO) -> None:
    """Write the life-cycle part of the demo to ``out``."""
    rng = random.Random(seed)
    histories = [_history(rng) for _ in range(subjects)]
    started = time.perf_counter()
    states = [
        replay(steps, LEAD_FUNNEL, started=began, subject_id=index)
        for index, (began, steps) in enumerate(histories)
    ]
    elapsed = time.perf_counter() - started
    events = sum(len(steps) for _, steps in histories)
    out.write(
        f"{subjects:,} simulated leads, {events:,} events replayed through '{LEAD_FUNNEL.name}' "
        f"({events / elapsed:,.0f} events/s on this machine); as of {LIFECYCLE_AS_OF}:\n"
    )
    where = Counter(state.stage for state in states)
    out.write(", ".join(f"{s.name} {where[s.name]}" for s in LEAD_FUNNEL.stages) + "\n")
    reached = Counter(visit.stage for state in states for visit in {*state.visits})
    out.write(
        "Ever reached: " + ", ".join(f"{s.name} {reached[s.name]}" for s in LEAD_FUNNEL.stages)
    )
    out.write("\nMedian days spent per stay, stays ended by the demo date:\n")
    for stage in LEAD_FUNNEL.stages:
        spans = [
            (visit.exited - visit.entered).days
            for state in states
            for visit in state.visits
            if visit.stage == stage.name and visit.exited is not None
        ]
        if spans:
            out.write(f"  {stage.name:<12} {statistics.median(spans):>5g} ({len(spans)} stays)\n")
    spent = time_in_stages(states[0], as_of=LIFECYCLE_AS_OF)
    out.write(f"Lead #0: { ({k: v.days for k, v in spent.items()}) } days per stage\n")
    diagram = to_mermaid(LEAD_FUNNEL).splitlines()
    out.write(f"\nThe funnel as a Mermaid diagram ({len(diagram)} lines; the first ones):\n")
    out.write("\n".join(diagram[:DIAGRAM_LINES_SHOWN]) + "\n    ...\n")
    stages = [s.name for s in OPPORTUNITY_STAGES.stages if not s.terminal]
    deals, amounts = [], {}
    for deal in range(PIPELINE_DEALS):
        state = start(OPPORTUNITY_STAGES, at=START, subject_id=deal)
        target = rng.choice(stages)
        if target != state.stage:
            event = next(
                t.event
                for t in OPPORTUNITY_STAGES.transitions
                if t.target == target and state.stage in t.sources
            )
            state = replay([Step(event, START)], OPPORTUNITY_STAGES, started=START, subject_id=deal)
        deals.append(state)
        amounts[deal] = float(rng.randrange(5_000, 100_000, 1_000))
    value = weighted_pipeline(deals, OPPORTUNITY_STAGES, amounts=amounts)
    out.write(
        f"\nWeighted pipeline of {PIPELINE_DEALS} open deals (Salesforce's stage probabilities): "
        f"{value:,.0f} of {sum(amounts.values()):,.0f}\n"
    )
