"""The lead-scoring part of ``crmkit demo``: score, explain, backtest, learn, RFM.

Runs on leads simulated here with a seeded ``random.Random`` (seniority, company size and
engagement raise the chance of converting through a stated logistic model) and on the
transaction log :func:`crmkit.testing.generate_transactions` makes, so it needs no files.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from typing import TextIO

from crmkit.scoring import (
    EventRule,
    Rule,
    auc,
    fit_scorecard,
    lift_table,
    predictable_revenue_model,
    rfm,
    score_many,
)
from crmkit.testing import generate_transactions

SCORING_AS_OF = dt.date(2026, 6, 30)
TOP_SHOWN = 5  # leads listed by score
HISTORY_DAYS = 90  # events are spread over the 90 days before the scoring date
#: The simulation's conversion model (log-odds): a base, then per attribute or event.
SIMULATED_LOG_ODDS = {
    "base": -3.0,
    "website source": 0.6,
    "search": 0.8,
    "reviews download": 0.9,
    "webinar": 0.5,
    "page view": 0.05,
}
#: Shares of simulated leads who searched, downloaded the reviews, or attended webinars.
SIMULATED_SHARES = {"search": 0.2, "download": 0.15, "webinar": 0.3}
RFM_AS_OF = dt.date(1998, 6, 30)


def _simulate(
    count: int, rng: random.Random
) -> tuple[list[dict[str, object]], list[dict[str, object]], dict[int, bool]]:
    """Leads, their events and whether they converted, from the stated log-odds."""
    leads, events, outcomes = [], [], {}
    weights = SIMULATED_LOG_ODDS
    for lead_id in range(count):
        source = rng.choice(("website", "referral", "event", "thought leadership offer"))
        leads.append({"id": lead_id, "lead_source": source})
        counts = {
            "search": int(rng.random() < SIMULATED_SHARES["search"]),
            "download": int(rng.random() < SIMULATED_SHARES["download"]),
            "webinar_attended": (
                rng.randint(1, 2) if rng.random() < SIMULATED_SHARES["webinar"] else 0
            ),
            "page_view": rng.randint(0, 12),
        }
        for kind, times in counts.items():
            for _ in range(times):
                at = SCORING_AS_OF - dt.timedelta(days=rng.randint(0, HISTORY_DAYS))
                event: dict[str, object] = {"lead_id": lead_id, "type": kind, "at": at}
                if kind == "search":
                    event["term"] = "marketo lead scoring"
                elif kind == "download":
                    event["asset"] = "marketo reviews"
                else:
                    event["path"] = rng.choice(("/", "/blog", "/pricing"))
                events.append(event)
        log_odds = (
            weights["base"]
            + weights["website source"] * (source == "website")
            + weights["search"] * counts["search"]
            + weights["reviews download"] * counts["download"]
            + weights["webinar"] * counts["webinar_attended"]
            + weights["page view"] * counts["page_view"]
        )
        outcomes[lead_id] = rng.random() < 1.0 / (1.0 + math.exp(-log_odds))
    return leads, events, outcomes


def scoring_demo(*, leads: int, seed: int, out: TextIO) -> None:
    """Write the scoring part of the demo to ``out``."""
    rows, events, outcomes = _simulate(leads, random.Random(seed))
    model = predictable_revenue_model()
    started = time.perf_counter()
    scores = score_many(rows, events, model, as_of=SCORING_AS_OF)
    elapsed = time.perf_counter() - started
    out.write(
        f"{len(rows):,} simulated leads, {len(events):,} events, scored as of {SCORING_AS_OF} "
        f"with '{model.name}' ({len(model.rules)} rules; {len(rows) / elapsed:,.0f} leads/s "
        f"with explanations on this machine)\n"
    )
    ranked = sorted(scores, key=lambda s: (-s.total, str(s.lead_id)))
    out.write("Top leads: " + ", ".join(f"#{s.lead_id} {s.total:g}" for s in ranked[:TOP_SHOWN]))
    reached = sum(1 for s in scores if "Lead" in s.thresholds)
    out.write(f"\n{reached} leads reach the 65-point 'Lead' threshold. Why the top one scores:\n")
    out.write(ranked[0].explain() + "\n")
    converted = [outcomes[s.lead_id] for s in scores]  # type: ignore[index]
    totals = [s.total for s in scores]
    out.write(
        f"\nBacktest against who converted ({sum(converted)} of {len(converted)}): "
        f"AUC {auc(converted, totals):.3f}; lift by quintile "
    )
    table = lift_table(converted, totals, bins=5)
    out.write(", ".join(f"{row.lift:.2f}" for row in table.rows) + "\n")
    candidates = [rule for rule in model.rules if isinstance(rule, Rule | EventRule)]
    card = fit_scorecard(rows, events, outcomes, candidates, as_of=SCORING_AS_OF)
    learnt = [s.total for s in score_many(rows, events, card.model, as_of=SCORING_AS_OF)]
    points = ", ".join(
        f"{rule.id} {rule.points:+g}"
        for rule in card.model.rules
        if isinstance(rule, Rule | EventRule) and rule.points
    )
    out.write(
        f"Points learnt from this history (fit_scorecard, 50 points at even odds, +10 doubles "
        f"them): base {card.model.groups[0].base:g}; {points}; AUC {auc(converted, learnt):.3f}\n"
    )
    log = generate_transactions(leads, rng=random.Random(seed))
    table_rfm = rfm(log.rows, as_of=RFM_AS_OF)
    counts = ", ".join(f"{name} {n}" for name, n in table_rfm.segment_counts.items() if n)
    out.write(f"\nRFM segments of {len(table_rfm.scores):,} customers: {counts}\n")
