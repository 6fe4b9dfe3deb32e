"""Published rule sets shipped as example models, to start from and to test against.

- :func:`predictable_revenue_model`: Marketo's own lead scoring as printed in Ross & Tyler,
  *Predictable Revenue* (2011), pp. 148-150 (anchor notes A.4). Every behavioural rule, the
  inactivity decay and the 65-point lead threshold are encoded as printed. Two parts of the
  printed model are judgement, not rules, and are left out: demographic points (up to 30,
  "manual review") and title points (0-8, no table given); add them as field rules of your
  own.
- :func:`realtor_model`: the realtor registration rules of the CRM texts (texts catalog 2,
  section 7.1, 001:6481-6495): buying within two months in the service area -> "hot lead";
  in the area and six months out -> "long-term nurture"; outside the area -> "outside area".
  The texts leave timeframes between two and six months untagged; so does the model.

Event types and fields are named in the docstrings; rename them with ``attrs.evolve`` or
copy the model's JSON (:func:`crmkit.serialization.make_converter`) and edit it.

This module imports the scoring package's condition and model modules only.

>>> predictable_revenue_model().thresholds[0].minimums["score"]
65.0
"""

from __future__ import annotations

from typing import Final

from crmkit.scoring._conditions import event, field
from crmkit.scoring._model import EventRule, Inactivity, Rule, ScoringModel, Threshold

__all__ = ["predictable_revenue_model", "realtor_model"]

#: Marketo's lead threshold in *Predictable Revenue*: a prospect becomes a "Lead" above 65.
PREDICTABLE_REVENUE_LEAD_POINTS: Final = 65.0
#: The inactivity period of the same model: "no activity in one month" (30 days here).
ONE_MONTH_DAYS: Final = 30.0
#: "Visit site 2x in one week": the window of that rule, in days.
ONE_WEEK_DAYS: Final = 7.0
#: ">8 pages in one visit": more than this many pages.
DEEP_VISIT_PAGES: Final = 8


def predictable_revenue_model() -> ScoringModel:
    """Marketo's scoring model from *Predictable Revenue* (pp. 148-150), one group ``score``.

    Fields: ``lead_source`` (``"website"`` +7, ``"thought leadership offer"`` -5). Events
    (type, properties): ``page_view`` (``path``) +1 each, pricing pages +5 more, careers
    pages -10; ``email_open`` +1; ``demo_watched`` +5 each; ``webinar_registered`` +5;
    ``webinar_attended`` +5; ``download`` with ``asset`` ``"thought leadership"`` +5 or
    ``"marketo reviews"`` +12; ``visit`` with ``pages`` > 8 +7; two ``visit`` events within
    a week +8 (read here as: within the last 7 days); ``search`` whose ``term`` contains
    "marketo" +15. No activity for a month: score > 30 -> -15, else -5 (each idle month).
    The ``Lead`` threshold is met at 65 points (the book says "above 65"; a threshold here
    is met at its minimum, so use 65.01 for a strict reading with fractional points).

    >>> import datetime as dt
    >>> from crmkit.scoring._score import score
    >>> events = [{"type": "search", "at": "2026-03-01", "term": "Marketo pricing"},
    ...           {"type": "download", "at": "2026-03-01", "asset": "Marketo reviews"}]
    >>> score({"lead_source": "website"}, events, predictable_revenue_model(),
    ...       as_of=dt.date(2026, 3, 2)).total
    34.0
    """
    page, group = "page_view", "score"
    source = field("lead_source")
    rules = (
        Rule("website_source", source.equals("website"), 7, group),
        Rule("thought_leadership_source", source.equals("thought leadership offer"), -5, group),
        EventRule("page_view", page, 1, group),
        EventRule("email_open", "email_open", 1, group),
        EventRule("watch_demo", "demo_watched", 5, group),
        EventRule("register_webinar", "webinar_registered", 5, group),
        EventRule("attend_webinar", "webinar_attended", 5, group),
        EventRule(
            "download_thought_leadership",
            "download",
            5,
            group,
            where=(field("asset").equals("thought leadership"),),
        ),
        EventRule(
            "download_reviews",
            "download",
            12,
            group,
            where=(field("asset").equals("marketo reviews"),),
        ),
        EventRule("deep_visit", "visit", 7, group, where=(field("pages") > DEEP_VISIT_PAGES,)),
        Rule(
            "two_visits_in_a_week",
            event("visit", within_days=ONE_WEEK_DAYS, at_least=2),
            8,
            group,
        ),
        EventRule(
            "search_marketo", "search", 15, group, where=(field("term").contains("marketo"),)
        ),
        EventRule("pricing_page", page, 5, group, where=(field("path").contains("pricing"),)),
        EventRule("careers_page", page, -10, group, where=(field("path").contains("careers"),)),
        Inactivity("no_activity", ONE_MONTH_DAYS, ((30, -15),), otherwise=-5, group=group),
    )
    return ScoringModel(
        "predictable-revenue",
        rules,
        thresholds=(Threshold("Lead", {group: PREDICTABLE_REVENUE_LEAD_POINTS}),),
        description="Marketo's lead scoring, Ross & Tyler, Predictable Revenue (2011), pp. 148-150",
    )


#: "Within two months" and "six months out" of the realtor texts, in months.
HOT_WITHIN_MONTHS: Final = 2
NURTURE_FROM_MONTHS: Final = 6


def realtor_model() -> ScoringModel:
    """The realtor registration rules of the CRM texts as thresholds ("tags").

    Fields: ``in_service_area`` (boolean) and ``months_to_purchase`` (number). Each tag is
    a group with one rule worth 1 point and a threshold at 1, so the tags a lead carries are
    :attr:`LeadScore.thresholds` and a change of tag is a threshold crossing.

    >>> import datetime as dt
    >>> from crmkit.scoring._score import score
    >>> lead = {"in_service_area": True, "months_to_purchase": 1}
    >>> score(lead, [], realtor_model(), as_of=dt.date(2026, 1, 1)).thresholds
    ('hot lead',)
    """
    area = field("in_service_area")
    in_area, outside = area.equals(True), area.equals(False)  # noqa: FBT003
    months = field("months_to_purchase")
    tags = (
        ("hot lead", "hot", in_area & (months <= HOT_WITHIN_MONTHS)),
        ("long-term nurture", "nurture", in_area & (months >= NURTURE_FROM_MONTHS)),
        ("outside area", "outside", outside),
    )
    return ScoringModel(
        "realtor-registration",
        tuple(Rule(group, condition, 1, group=group) for _, group, condition in tags),
        thresholds=tuple(Threshold(name, {group: 1}) for name, group, _ in tags),
        description="Realtor registration rules, texts catalog 2 section 7.1 (001:6481-6495)",
    )
