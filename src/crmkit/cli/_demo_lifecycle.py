"""The life-cycle part of ``crmkit demo``: a lead funnel replayed for simulated leads.

Leads move through crmkit's lead funnel (HubSpot's lifecycle stages) with seeded random
steps; the demo prints where they are, the funnel (strict and cumulative, with the median
time to the next stage), how long stays lasted, monthly start cohorts, the weekly stage
migration estimated from the histories with where leads end (absorbing-chain maths of
crmkit.value), a diagram of the funnel and a weighted opportunity pipeline. It needs no
files.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from typing import TextIO

from crmkit.lifecycle import (
    LEAD_FUNNEL,
    OPPORTUNITY_STAGES,
    LifecycleState,
    Step,
    cohorts,
    funnel,
    migration_chain,
    replay,
    stage_durations,
    start,
    time_in_stages,
    to_mermaid,
    weighted_pipeline,
)
from crmkit.value import absorption

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
#: The funnel the demo reports on, in order.
FUNNEL_STAGES = ("subscriber", "lead", "mql", "sql", "opportunity", "customer")
MIGRATION_PERIOD_DAYS = 7
COHORT_PERIOD_DAYS = 30
COHORT_PERIODS = 4


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


def _days(span: dt.timedelta | None) -> str:
    return "-" if span is None else f"{span / dt.timedelta(days=1):.1f}"


def _funnel_report(states: list[LifecycleState], *, out: TextIO) -> None:
    strict = funnel(states, LEAD_FUNNEL, stages=FUNNEL_STAGES)
    cumulative = funnel(states, LEAD_FUNNEL, stages=FUNNEL_STAGES, mode="cumulative")
    times = stage_durations(states, as_of=LIFECYCLE_AS_OF)
    out.write(
        "\nFunnel      strict  from prev.  cumulative  median days to next  median stay (mean)\n"
    )
    for row, loose in zip(strict.rows, cumulative.rows, strict=True):
        stay = times.get(row.stage)
        spent = "-" if stay is None else f"{_days(stay.median)} ({_days(stay.mean)})"
        out.write(
            f"  {row.stage:<12} {row.reached:>6} {row.from_previous:>10.1%} {loose.reached:>11} "
            f"{_days(row.median_to_next):>20}  {spent}\n"
        )
    found = cohorts(
        states,
        LEAD_FUNNEL,
        stage="mql",
        as_of=LIFECYCLE_AS_OF,
        period_days=COHORT_PERIOD_DAYS,
        periods=COHORT_PERIODS,
    )
    out.write(f"Start cohorts: share that became an MQL within 1..{COHORT_PERIODS} x 30 days\n")
    for cohort in found:
        shares = " ".join("   -" if s is None else f"{s:4.0%}" for s in cohort.shares)
        out.write(f"  {cohort.month:%Y-%m} ({cohort.subjects:>4} leads) {shares}\n")
    migration = migration_chain(
        states, LEAD_FUNNEL, period_days=MIGRATION_PERIOD_DAYS, as_of=LIFECYCLE_AS_OF
    )
    ends = absorption(migration.chain)
    where = ", ".join(
        f"{end} {ends.probability('lead', end):.1%}"
        for end in (s.name for s in LEAD_FUNNEL.stages if s.terminal)
    )
    out.write(
        f"Weekly migration estimated from the histories: a lead ends as {where}; "
        f"{ends.periods_before_absorption('lead'):.1f} weeks on average before it ends"
    )
    if migration.never_left:
        out.write(f" (stages no lead was seen leaving, absorbing here: {migration.never_left})")
    out.write("\n")


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
    _funnel_report(states, out=out)
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
