"""The shipped example models reproduce their sources' worked examples."""

from __future__ import annotations

import datetime as dt

import pytest

from crmkit.scoring import predictable_revenue_model, realtor_model, score

AS_OF = dt.date(2026, 6, 30)


def events_days_ago(days: int, *kinds: tuple[str, dict[str, object]]) -> list[dict[str, object]]:
    at = (AS_OF - dt.timedelta(days=days)).isoformat()
    return [{"type": kind, "at": at, **properties} for kind, properties in kinds]


FORTY = (
    ("search", {"term": "marketo lead scoring"}),  # +15
    ("download", {"asset": "Marketo reviews"}),  # +12
    ("demo_watched", {}),  # +5
    ("email_open", {}),  # +1
)  # with the website lead source (+7): 40 points


def test_predictable_revenue_points_as_printed() -> None:
    """Ross & Tyler pp. 148-150: website +7, search +15, reviews +12, demo +5, open +1 = 40."""
    result = score(
        {"lead_source": "website"},
        events_days_ago(2, *FORTY),
        predictable_revenue_model(),
        as_of=AS_OF,
    )
    assert result.total == 40.0
    assert result.thresholds == ()


@pytest.mark.parametrize(
    ("kinds", "before", "after"),
    [(FORTY, 40.0, 25.0), ((FORTY[0], FORTY[2]), 20.0, 15.0)],
)
def test_predictable_revenue_inactivity_decay(
    kinds: tuple[tuple[str, dict[str, object]], ...], before: float, after: float
) -> None:
    """Anchor notes E.3: a month without activity takes 40 to 25 and 20 to 15."""
    lead = {"lead_source": "website" if before == 40.0 else "referral"}
    model = predictable_revenue_model()
    assert score(lead, events_days_ago(5, *kinds), model, as_of=AS_OF).total == before
    assert score(lead, events_days_ago(35, *kinds), model, as_of=AS_OF).total == after


def test_predictable_revenue_lead_threshold_at_65() -> None:
    """The prospect becomes a Lead at 65 points (the threshold of the printed model)."""
    model = predictable_revenue_model()
    pages = [("page_view", {"path": "/pricing"})] * 4  # 4 x (1 + 5) = 24
    webinar = [("webinar_registered", {}), ("webinar_attended", {})]  # +10
    lead = {"lead_source": "website"}
    events = events_days_ago(1, *FORTY[:2], *pages, *webinar)  # 7 + 27 + 24 + 10 = 68
    assert score(lead, events, model, as_of=AS_OF).thresholds == ("Lead",)
    fewer = events_days_ago(1, *FORTY[:2], *pages[:3], *webinar)  # 62
    assert score(lead, fewer, model, as_of=AS_OF).thresholds == ()
    careers = events_days_ago(1, *FORTY[:2], *pages, *webinar, ("page_view", {"path": "/careers"}))
    assert score(lead, careers, model, as_of=AS_OF).total == 68 + 1 - 10


@pytest.mark.parametrize(
    ("lead", "tags"),
    [
        ({"in_service_area": True, "months_to_purchase": 2}, ("hot lead",)),
        ({"in_service_area": "yes", "months_to_purchase": "1"}, ("hot lead",)),
        ({"in_service_area": True, "months_to_purchase": 6}, ("long-term nurture",)),
        ({"in_service_area": True, "months_to_purchase": 12}, ("long-term nurture",)),
        ({"in_service_area": False, "months_to_purchase": 1}, ("outside area",)),
        ({"in_service_area": True, "months_to_purchase": 4}, ()),  # the texts' gap
        ({"in_service_area": None, "months_to_purchase": 1}, ()),
    ],
)
def test_realtor_rules_from_the_texts(lead: dict[str, object], tags: tuple[str, ...]) -> None:
    """Texts catalog 2, 7.1 (001:6481-6495): within two months in the area -> hot lead;
    six months out in the area -> long-term nurture; outside the area -> tagged as such."""
    assert score(lead, [], realtor_model(), as_of=AS_OF).thresholds == tags
