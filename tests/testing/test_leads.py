"""The synthetic leads: a latent interest drives engagement and conversion (logistic model)."""

from __future__ import annotations

import datetime as dt
import math
import random
import statistics

import pytest

from crmkit import InvalidArgument
from crmkit._frozen import FrozenDict
from crmkit.scoring import auc, predictable_revenue_model, score_many
from crmkit.testing import (
    LEAD_EVENT_TYPES,
    LEAD_INDUSTRIES,
    LEAD_PARAMETERS,
    LEAD_SENIORITY,
    LEAD_SOURCES,
    generate_leads,
)

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def data():
    return generate_leads(4000, rng=random.Random(2026), as_of=AS_OF)


def test_same_seed_same_data_and_another_seed_other_data() -> None:
    a = generate_leads(150, rng=random.Random(5), as_of=AS_OF)
    assert a == generate_leads(150, rng=random.Random(5), as_of=AS_OF)
    assert hash(a) == hash(generate_leads(150, rng=random.Random(5), as_of=AS_OF))
    other = generate_leads(150, rng=random.Random(6), as_of=AS_OF)
    assert other != a
    assert other.leads != a.leads
    assert other.events != a.events


def test_values_are_read_only(data) -> None:
    assert isinstance(data.leads[0], FrozenDict)
    assert isinstance(data.events[0], FrozenDict)
    with pytest.raises(TypeError):
        data.leads[0]["title"] = "CEO"  # type: ignore[index]


def test_conversion_rate_rises_with_the_latent_interest(data) -> None:
    """Business rule: interest drives conversion, so each quartile of interest converts more
    often than the one below it."""
    ranked = sorted(data.leads, key=lambda lead: data.interest[lead["id"]])
    size = len(ranked) // 4
    rates = [
        statistics.fmean(data.outcomes[lead["id"]] for lead in ranked[q * size : (q + 1) * size])
        for q in range(4)
    ]
    assert rates == sorted(rates)
    assert rates[3] > 3 * rates[0]


def test_engagement_rises_with_the_latent_interest(data) -> None:
    """Business rule: interest also drives engagement: leads of above-median interest have
    more events per day of life than those below (here more than 1.5 times as many)."""
    counts: dict[object, int] = dict.fromkeys(data.outcomes, 0)
    for event in data.events:
        counts[event["lead_id"]] += 1
    per_day = {
        lead["id"]: counts[lead["id"]] / (AS_OF - lead["created"]).days for lead in data.leads
    }
    median = statistics.median(data.interest.values())
    high = statistics.fmean(per_day[i] for i, u in data.interest.items() if u > median)
    low = statistics.fmean(per_day[i] for i, u in data.interest.items() if u <= median)
    assert high > 1.5 * low


def test_the_predictable_revenue_score_ranks_better_than_chance(data) -> None:
    """Business rule: a reasonable score sees the interest through the events, so the AUC of
    the Predictable Revenue model's totals against the outcomes is above 0.6 (4,000 leads;
    about 0.70 is expected), and below that of the true probabilities (no score sees the
    interest itself)."""
    scores = score_many(data.leads, data.events, predictable_revenue_model(), as_of=AS_OF)
    outcomes = [data.outcomes[s.lead_id] for s in scores]  # type: ignore[index]
    model_auc = auc(outcomes, [s.total for s in scores])
    ideal = auc(outcomes, [data.probabilities[s.lead_id] for s in scores])  # type: ignore[index]
    assert 0.6 < model_auc < ideal < 0.9


def test_probabilities_follow_the_stated_logistic_model(data) -> None:
    """Business rule (the module's formula): p = 1 / (1 + exp(-eta)) with eta = intercept +
    interest * u + seniority * s + employees * log10(n / 150) + industry + source effects;
    checked on every lead whose employees and industry are recorded."""
    p = LEAD_PARAMETERS
    steps = {"Analyst": 0, "Manager": 1, "Director": 2, "VP": 3, "Chief": 4}
    checked = 0
    for lead in data.leads:
        if lead["employees"] is None or lead["industry"] is None:
            continue
        step = next(s for word, s in steps.items() if word in str(lead["title"]))
        eta = (
            p["intercept"]
            + p["interest"] * data.interest[lead["id"]]
            + p["seniority"] * step
            + p["employees"] * math.log10(lead["employees"] / 150)
            + LEAD_INDUSTRIES[lead["industry"]][0]
            + LEAD_SOURCES[lead["lead_source"]][0]
        )
        assert data.probabilities[lead["id"]] == pytest.approx(1 / (1 + math.exp(-eta)))
        checked += 1
    assert checked > 0.85 * len(data.leads)
    assert {step for _, (step, _) in LEAD_SENIORITY.items()} == set(steps.values())


def test_outcomes_are_drawn_from_the_probabilities(data) -> None:
    """Business rule: the share converting matches the mean probability (within 1.5 points:
    4,000 leads, the share's standard error is about 0.5 points), about 11 % by default."""
    rate = statistics.fmean(data.outcomes.values())
    assert rate == pytest.approx(statistics.fmean(data.probabilities.values()), abs=0.015)
    assert 0.08 < rate < 0.14


def test_events_are_well_formed(data) -> None:
    created = {lead["id"]: lead["created"] for lead in data.leads}
    kinds = {*LEAD_EVENT_TYPES, "webinar_attended"}
    registered: set[tuple[object, object]] = set()
    previous = dt.datetime(1, 1, 1)
    for event in data.events:
        at = event["at"]
        assert isinstance(at, dt.datetime)
        assert previous <= at < dt.datetime.combine(AS_OF, dt.time())
        assert at.date() >= created[event["lead_id"]]
        assert event["type"] in kinds
        if event["type"] == "webinar_registered":
            registered.add((event["lead_id"], event["webinar"]))
        if event["type"] == "webinar_attended":
            assert (event["lead_id"], event["webinar"]) in registered
        previous = at
    assert {event["type"] for event in data.events} == kinds
    for lead in data.leads:
        assert 1 <= (AS_OF - lead["created"]).days <= 180
        assert lead["lead_source"] in LEAD_SOURCES


def test_fields_are_left_blank_at_the_missing_rate(data) -> None:
    """Each of employees, industry and country is blank (None) on about 5 % of leads."""
    for name in ("employees", "industry", "country"):
        share = statistics.fmean(lead[name] is None for lead in data.leads)
        assert share == pytest.approx(LEAD_PARAMETERS["missing"], abs=0.015)


def test_without_engagement_events_carry_no_signal() -> None:
    """With engagement 0, event rates do not depend on interest, so event counts of leads of
    high and low interest agree (within 10 %)."""
    parameters = {**LEAD_PARAMETERS, "engagement": 0.0}
    data = generate_leads(3000, rng=random.Random(8), as_of=AS_OF, parameters=parameters)
    counts: dict[object, int] = dict.fromkeys(data.outcomes, 0)
    for event in data.events:
        counts[event["lead_id"]] += 1
    days = {lead["id"]: (AS_OF - lead["created"]).days for lead in data.leads}
    median = statistics.median(data.interest.values())
    rate = {
        side: sum(counts[i] for i, u in data.interest.items() if (u > median) == side)
        / sum(days[i] for i, u in data.interest.items() if (u > median) == side)
        for side in (True, False)
    }
    assert rate[True] == pytest.approx(rate[False], rel=0.1)


def test_bad_arguments() -> None:
    with pytest.raises(InvalidArgument, match="'leads'"):
        generate_leads(-1, rng=random.Random(0), as_of=AS_OF)
    with pytest.raises(InvalidArgument, match="'as_of'"):
        generate_leads(1, rng=random.Random(0), as_of=dt.datetime(2026, 6, 30))
    with pytest.raises(InvalidArgument, match="'parameters'"):
        generate_leads(1, rng=random.Random(0), as_of=AS_OF, parameters={"intercept": 1.0})
    with pytest.raises(InvalidArgument, match="'parameters'"):
        generate_leads(
            1, rng=random.Random(0), as_of=AS_OF, parameters={**LEAD_PARAMETERS, "missing": 1.0}
        )
    assert generate_leads(0, rng=random.Random(0), as_of=AS_OF).leads == ()
