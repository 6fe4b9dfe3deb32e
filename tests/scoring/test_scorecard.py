"""Learning a points model from historic leads (fit_scorecard)."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import InvalidArgument
from crmkit.scoring import EventRule, Rule, event, field, fit_scorecard, score

AS_OF = dt.date(2026, 6, 30)


def logit(p: float) -> float:
    return math.log(p / (1 - p))


def test_one_rule_scorecard_matches_the_closed_form() -> None:
    """With one 0/1 rule and no penalty the maximum-likelihood log-odds are the logits of
    the two groups' conversion rates (Hosmer & Lemeshow, ch. 2: the 2x2 table), so the rule
    is worth factor * (logit(p1) - logit(p0)) points and the base is
    offset + factor * logit(p0), with factor = 20 / ln 2 and offset = 600 - factor * ln 50
    (Siddiqi's scale, ch. 10)."""
    # 40 leads with a demo, 30 converted; 60 without, 12 converted.
    leads = [{"id": i, "demo": i < 40} for i in range(100)]
    outcomes = {i: (i < 30) or (40 <= i < 52) for i in range(100)}
    card = fit_scorecard(
        leads,
        [],
        outcomes,
        [Rule("demo", field("demo").equals(True), 0)],
        as_of=AS_OF,
        l2=0.0,
        base_score=600,
        base_odds=50,
        points_to_double_odds=20,
        decimals=6,
    )
    factor = 20 / math.log(2)
    offset = 600 - factor * math.log(50)
    assert card.exact_points["demo"] == pytest.approx(factor * (logit(0.75) - logit(0.2)), abs=1e-6)
    assert card.exact_points["score"] == pytest.approx(offset + factor * logit(0.2), abs=1e-6)
    assert card.model.rules[0].points == pytest.approx(card.exact_points["demo"], abs=1e-6)
    demo = score({"id": 0, "demo": True}, [], card.model, as_of=AS_OF).total
    assert card.probability(demo) == pytest.approx(0.75, abs=1e-6)  # points rounded to 1e-6


def simulated(
    n: int, seed: int
) -> tuple[list[dict[str, object]], list[dict[str, object]], dict[int, bool]]:
    """Leads whose conversion log-odds are -2 + 1.5 [VP] + 0.4 [each webinar, up to 3]."""
    rng = random.Random(seed)
    leads, events, outcomes = [], [], {}
    for i in range(n):
        vp = rng.random() < 0.3
        webinars = rng.randint(0, 3)
        leads.append({"id": i, "title": "VP Sales" if vp else "Analyst"})
        events.extend(
            {"lead_id": i, "type": "webinar", "at": AS_OF - dt.timedelta(days=rng.randint(0, 60))}
            for _ in range(webinars)
        )
        log_odds = -2 + 1.5 * vp + 0.4 * webinars
        outcomes[i] = rng.random() < 1 / (1 + math.exp(-log_odds))
    return leads, events, outcomes


def test_known_points_are_recovered_from_simulated_history() -> None:
    """Rule and per-event points come back within 4 standard errors of the truth."""
    leads, events, outcomes = simulated(6000, seed=3)
    card = fit_scorecard(
        leads,
        events,
        outcomes,
        [Rule("vp", field("title").contains("vp"), 0), EventRule("webinar", "webinar", 0)],
        as_of=AS_OF,
        l2=0.01,
    )
    fit = card.fit
    assert abs(fit.coefficients["vp"] - 1.5) < 4 * fit.standard_errors["vp"]
    assert abs(fit.coefficients["webinar"] - 0.4) < 4 * fit.standard_errors["webinar"]
    assert abs(fit.intercept + 2) < 4 * fit.intercept_standard_error
    points = {rule.id: rule.points for rule in card.model.rules}
    factor = card.scaling.factor
    assert points["vp"] == round(factor * fit.coefficients["vp"])


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_the_learnt_model_scores_the_fitted_log_odds(seed: int) -> None:
    """Unrounded, a lead's total from the learnt model is the scale applied to the fitted
    log-odds of its features: base + sum of matched points = offset + factor * log-odds."""
    leads, events, outcomes = simulated(300, seed=seed)
    candidates = [
        Rule("vp", field("title").contains("vp"), 0),
        Rule("burst", event("webinar", within_days=30, at_least=2), 0),
        EventRule("webinar", "webinar", 5, cap=10),  # a cap of two events' worth
    ]
    card = fit_scorecard(leads, events, outcomes, candidates, as_of=AS_OF, decimals=6)
    for lead in leads[:20]:
        mine = [e for e in events if e["lead_id"] == lead["id"]]
        total = score(lead, mine, card.model, as_of=AS_OF).total
        ages = sorted((AS_OF - e["at"]).days for e in mine)  # type: ignore[operator]
        row = (
            float("vp" in str(lead["title"]).lower()),
            float(sum(1 for age in ages if age <= 30) >= 2),
            float(min(len(ages), 2)),
        )
        expected = card.scaling.points(card.fit.log_odds(row))
        assert total == pytest.approx(expected, abs=1e-4 * (1 + abs(expected)))


def test_bad_inputs_are_named() -> None:
    leads = [{"id": 1}, {"id": 2}]
    rule = Rule("x", field("x").exists(), 0)
    with pytest.raises(InvalidArgument, match="no outcome for leads \\[2\\]"):
        fit_scorecard(leads, [], {1: True}, [rule], as_of=AS_OF)
    with pytest.raises(InvalidArgument, match="not in 'leads': \\[3\\]"):
        fit_scorecard(leads, [], {1: True, 2: False, 3: True}, [rule], as_of=AS_OF)
    with pytest.raises(InvalidArgument, match="has a cap but no points"):
        fit_scorecard(leads, [], {1: True, 2: False}, [EventRule("e", "e", 0, cap=3)], as_of=AS_OF)
    with pytest.raises(InvalidArgument, match="'candidates' must be a non-empty list"):
        fit_scorecard(leads, [], {1: True, 2: False}, [], as_of=AS_OF)
    with pytest.raises(InvalidArgument, match="'decimals' must be"):
        fit_scorecard(leads, [], {1: True, 2: False}, [rule], as_of=AS_OF, decimals=-1)
