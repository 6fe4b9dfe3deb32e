"""The lead-scoring part of ``crmkit demo``: score, explain, backtest, learn, RFM.

Runs on leads :func:`crmkit.testing.generate_leads` makes (a latent interest drives both
their engagement and whether they convert in the 90 days after the scoring date, through a
stated logistic model) and on the transaction log :func:`crmkit.testing.generate_transactions`
makes, so it needs no files.
"""

from __future__ import annotations

import datetime as dt
import random
import textwrap
import time
from typing import TextIO

from crmkit.scoring import (
    EventRule,
    LeadScore,
    Rule,
    auc,
    field,
    fit_scorecard,
    lift_table,
    predictable_revenue_model,
    rfm,
    score_many,
)
from crmkit.testing import SyntheticLeads, generate_leads, generate_transactions

TOP_SHOWN = 5  # leads listed by score
LIFT_BINS = 10  # deciles
WIDTH = 100  # long lists are wrapped at this width
RFM_AS_OF = dt.date(1998, 6, 30)  # the end of the generated CDNOW-like log
#: Fit rules offered to the learnt scorecard besides the example model's own rules: the
#: fields the Predictable Revenue model leaves to "manual review" (seniority, size, source).
FIT_CANDIDATES = (
    Rule("senior_title", field("title").matches(r"\b(VP|Chief|Director)\b"), 0),
    Rule("mid_size_or_larger", field("employees") >= 200, 0),  # noqa: PLR2004
    Rule("referral_source", field("lead_source").equals("referral"), 0),
    Rule("software_industry", field("industry").equals("Software"), 0),
)


def scoring_demo(*, leads: int, seed: int, as_of: dt.date, out: TextIO) -> None:
    """Write the scoring part of the demo to ``out``."""
    data = generate_leads(leads, rng=random.Random(seed), as_of=as_of)
    model = predictable_revenue_model()
    started = time.perf_counter()
    scores = score_many(data.leads, data.events, model, as_of=as_of)
    elapsed = time.perf_counter() - started
    converted = [data.outcomes[str(s.lead_id)] for s in scores]
    out.write(
        f"{len(scores):,} generated leads with {len(data.events):,} events in the 180 days "
        f"before {as_of};\n{sum(converted):,} convert in the 90 days after.\n"
        f"Scored with '{model.name}' ({len(model.rules)} rules; "
        f"{len(scores) / max(elapsed, 1e-9):,.0f} leads/s with explanations on this machine)\n"
    )
    if scores:
        _top(data, scores, out=out)
    lead = [s for s in scores if "Lead" in s.thresholds]
    converted_in = sum(data.outcomes[str(s.lead_id)] for s in lead)
    rest = len(scores) - len(lead)
    out.write(
        f"{len(lead):,} leads reach the 65-point 'Lead' threshold; "
        f"{converted_in / max(len(lead), 1):.0%} of them convert, "
        f"{(sum(converted) - converted_in) / max(rest, 1):.0%} of the other {rest:,}.\n"
    )
    if 0 < sum(converted) < len(converted):  # else too few leads for a backtest
        totals = [s.total for s in scores]
        truth = [data.probabilities[str(s.lead_id)] for s in scores]
        out.write(
            f"\nBacktest against who converted: AUC {auc(converted, totals):.3f} (the "
            f"generator's true probabilities: {auc(converted, truth):.3f}). Lift by decile:\n"
        )
        out.write(str(lift_table(converted, totals, bins=LIFT_BINS)) + "\n")
        _learn(data, out=out)
    _rfm(customers=leads, seed=seed, out=out)


def _top(data: SyntheticLeads, scores: tuple[LeadScore, ...], *, out: TextIO) -> None:
    by_id = {lead["id"]: lead for lead in data.leads}
    ranked = sorted(scores, key=lambda s: (-s.total, str(s.lead_id)))
    out.write(f"Top {TOP_SHOWN} leads:\n")
    for result in ranked[:TOP_SHOWN]:
        lead = by_id[result.lead_id]
        size = "?" if lead["employees"] is None else f"{lead['employees']:,}"
        out.write(
            f"  {result.lead_id}  {result.total:>6g}  {', '.join(result.thresholds) or '-':<5} "
            f"{lead['title']}, {lead['company']} ({size} employees, {lead['lead_source']})\n"
        )
    out.write(f"Why {ranked[0].lead_id} scores {ranked[0].total:g}:\n{ranked[0].explain()}\n")


def _learn(data: SyntheticLeads, *, out: TextIO) -> None:
    """Points learnt on the first half of the leads, checked on the second half."""
    half = len(data.leads) // 2
    train, test = data.leads[:half], data.leads[half:]
    train_ids = {lead["id"] for lead in train}
    train_outcomes = {i: data.outcomes[str(i)] for i in train_ids}
    test_outcomes = [data.outcomes[str(lead["id"])] for lead in test]
    if not 0 < sum(train_outcomes.values()) < half or not 0 < sum(test_outcomes) < len(test):
        return
    model = predictable_revenue_model()
    candidates = [r for r in model.rules if isinstance(r, Rule | EventRule)]
    card = fit_scorecard(
        train,
        [e for e in data.events if e["lead_id"] in train_ids],
        train_outcomes,
        [*candidates, *FIT_CANDIDATES],
        as_of=data.as_of,
    )
    points = textwrap.fill(
        f"base {card.model.groups[0].base:g}; "
        + ", ".join(
            f"{rule.id} {rule.points:+g}"
            for rule in card.model.rules
            if isinstance(rule, Rule | EventRule) and rule.points
        ),
        width=WIDTH,
        initial_indent="  ",
        subsequent_indent="  ",
    )
    learnt = [s.total for s in score_many(test, data.events, card.model, as_of=data.as_of)]
    given = [s.total for s in score_many(test, data.events, model, as_of=data.as_of)]
    out.write(
        f"\nPoints learnt on the first {half:,} leads for the example's rules and four fit "
        f"rules\n(fit_scorecard: 50 points at even odds, +10 points double the odds):\n"
        f"{points}\nAUC on the other {len(test):,}: learnt points "
        f"{auc(test_outcomes, learnt):.3f}, the example's points {auc(test_outcomes, given):.3f}\n"
    )


def _rfm(*, customers: int, seed: int, out: TextIO) -> None:
    log = generate_transactions(customers, rng=random.Random(seed))
    table = rfm(log.rows, as_of=RFM_AS_OF)
    out.write(
        f"\nRFM segments of {len(table.scores):,} customers (a generated CDNOW-like log, as of "
        f"{RFM_AS_OF}):\n"
    )
    counts = table.segment_counts
    width = max(map(len, counts))
    out.writelines(f"  {name:<{width}}  {n:>5,}\n" for name, n in counts.items())
