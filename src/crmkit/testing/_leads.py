"""Seeded synthetic B2B leads, their engagement events and who converted, for lead scoring.

:func:`generate_leads` draws each lead's firmographics (company size, industry, country),
the contact's job title and the lead source, then a *latent interest* ``u ~ Normal(0, 1)``
that the scorer never sees. Interest drives both what the lead does and whether it buys:

* **Engagement.** Each event type ``k`` of :data:`LEAD_EVENT_TYPES` arrives as a Poisson process
  over the lead's life (from its creation day, at most 180 days before ``as_of``, to
  ``as_of``) at ``activity · rate_k · exp(engagement · slope_k · u)`` events per 30 days.
  Each webinar registration is attended with probability ``1 / (1 + exp(−engagement · u))``
  (if the webinar, 1 to 14 days later, is before ``as_of``). Interest also tilts the
  properties: pricing pages, branded searches ("marketo ...") and the "marketo reviews"
  download gain weight ``exp(engagement · u)``, careers pages ``exp(−engagement · u)``,
  and a visit's page count is ``1 + ⌊Exp(mean 3 · exp(engagement · u / 2))⌋``.
* **Outcome.** The lead converts within the 90 days after ``as_of`` with probability
  ``p = 1 / (1 + exp(−η))``, a logistic model with log-odds

  ``η = intercept + interest · u + seniority · s + employees · log10(n / 150)
  + industry_log_odds + source_log_odds``

  where ``s`` is the title's seniority step (Analyst 0, Manager 1, Director 2, VP 3,
  C-level 4; :data:`LEAD_SENIORITY`), ``n`` the company's employees, and the industry and
  source effects are listed in :data:`LEAD_INDUSTRIES` and :data:`LEAD_SOURCES`.

At :data:`LEAD_PARAMETERS` about 11 % of leads convert and the ideal ranking (by ``p``)
has an AUC near 0.81; a score sees interest only through noisy event counts, so a
reasonable one lands clearly above 0.5 and below that (the totals of
:func:`crmkit.scoring.predictable_revenue_model` have an AUC near 0.70). The numbers are
illustrative, chosen to make the scoring tutorials and the demo behave like real funnels; they
are not estimates from data. Event types and properties are those that
:func:`crmkit.scoring.predictable_revenue_model` reads.

This module imports the standard library, attrs, ``crmkit._errors`` and ``crmkit._frozen``.

>>> import datetime as dt, random
>>> data = generate_leads(3, rng=random.Random(1), as_of=dt.date(2026, 6, 30))
>>> sorted(data.leads[0])
['company', 'country', 'created', 'employees', 'id', 'industry', 'lead_source', 'title']
>>> sorted(data.outcomes) == [lead["id"] for lead in data.leads]
True
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from crmkit._errors import InvalidArgument
from crmkit._frozen import FrozenDict, freeze

__all__ = [
    "LEAD_EVENT_TYPES",
    "LEAD_INDUSTRIES",
    "LEAD_PARAMETERS",
    "LEAD_SENIORITY",
    "LEAD_SOURCES",
    "SyntheticLeads",
    "generate_leads",
]

LEAD_PARAMETERS: Final = MappingProxyType(
    {
        "intercept": -3.2,
        "interest": 1.2,
        "seniority": 0.3,
        "employees": 0.25,
        "engagement": 1.0,
        "activity": 1.0,
        "missing": 0.05,
    }
)
"""The generator's defaults (illustrative, not estimates).

``intercept``, ``interest`` (per standard deviation of ``u``), ``seniority`` (per step) and
``employees`` (per tenfold company size around 150) are log-odds of converting;
``engagement`` scales how strongly interest shows in events (0: events carry no signal);
``activity`` scales every event rate; ``missing`` is the chance that each of employees,
industry and country is left blank (``None``) on a lead, as CRM forms leave them.
"""

HISTORY_DAYS: Final = 180
"""Leads are created on one of the 180 days before ``as_of``; events fall in between."""
OUTCOME_DAYS: Final = 90
"""The outcome is conversion within this many days after ``as_of``."""
_MONTH_DAYS: Final = 30.0
_MEDIAN_EMPLOYEES: Final = 150.0
_EMPLOYEES_SIGMA: Final = 1.5  # log-normal spread of company size (natural log)
_WEBINAR_DAYS: Final = 14  # a registration's webinar takes place 1-14 days later
_VISIT_PAGES: Final = 3.0  # mean extra pages per visit at u = 0
_SECONDS_PER_DAY: Final = 86_400

LEAD_EVENT_TYPES: Final = MappingProxyType(
    {
        "page_view": (2.0, 0.5),
        "email_open": (1.5, 0.3),
        "visit": (0.5, 0.6),
        "download": (0.2, 0.8),
        "search": (0.12, 0.9),
        "webinar_registered": (0.1, 0.8),
        "demo_watched": (0.06, 1.0),
    }
)
"""Event type -> (events per 30 days at ``u = 0``, slope on interest); ``webinar_attended``
follows registrations. Properties: ``page_view`` ``path``; ``email_open`` ``campaign``;
``visit`` ``pages``; ``download`` ``asset``; ``search`` ``term``; ``webinar_*``
``webinar``."""

LEAD_SENIORITY: Final = MappingProxyType(
    {
        "Analyst": (0, 0.30),
        "Manager": (1, 0.35),
        "Director": (2, 0.20),
        "VP": (3, 0.10),
        "C-level": (4, 0.05),
    }
)
"""Seniority -> (step ``s`` in the log-odds, share of leads)."""

LEAD_INDUSTRIES: Final = MappingProxyType(
    {
        "Software": (0.4, 0.25),
        "Financial services": (0.2, 0.15),
        "Professional services": (0.1, 0.15),
        "Manufacturing": (0.0, 0.15),
        "Healthcare": (-0.1, 0.10),
        "Retail": (-0.2, 0.10),
        "Education": (-0.4, 0.10),
    }
)
"""Industry -> (log-odds of converting, share of leads)."""

LEAD_SOURCES: Final = MappingProxyType(
    {
        "website": (0.3, 0.35),
        "referral": (0.8, 0.10),
        "event": (0.2, 0.15),
        "paid search": (0.0, 0.15),
        "thought leadership offer": (-0.3, 0.15),
        "purchased list": (-0.8, 0.10),
    }
)
"""Lead source -> (log-odds of converting, share of leads)."""

_FUNCTIONS: Final = ("Marketing", "Sales", "Operations", "IT", "Finance")
_CHIEFS: Final = MappingProxyType(
    {
        "Marketing": "Chief Marketing Officer",
        "Sales": "Chief Revenue Officer",
        "Operations": "Chief Operating Officer",
        "IT": "Chief Information Officer",
        "Finance": "Chief Financial Officer",
    }
)
_COUNTRIES: Final = (("US", 0.45), ("GB", 0.15), ("DE", 0.12), ("CA", 0.1), ("FR", 0.1))
_COUNTRIES_REST: Final = ("NL", "AU", "SE")  # the remaining 8 %, equally
_COMPANY_WORDS: Final = (
    ("Atlas", "Beacon", "Bright", "Cedar", "Crescent", "Evergreen", "Granite", "Harbor"),
    ("Analytics", "Capital", "Foods", "Health", "Labs", "Logistics", "Systems", "Works"),
)
_PATHS: Final = (("/", 3.0), ("/blog", 3.0), ("/product", 2.0))  # + /pricing, /careers
_ASSETS: Final = (("case study", 2.0), ("thought leadership", 2.0))  # + marketo reviews
_TERMS: Final = (("lead scoring", 2.0), ("marketing automation", 2.0), ("crm software", 2.0))
_BRANDED_TERMS: Final = (("marketo pricing", 1.0), ("marketo vs hubspot", 0.5))
_CAMPAIGNS: Final = ("newsletter", "product update", "webinar invite")
_WEBINARS: Final = ("Scoring leads that sales accepts", "Nurture programs that convert")


@attrs.frozen
class SyntheticLeads:
    """Generated leads, their events and outcomes, and the truth behind them.

    Attributes:
        leads: One read-only mapping per lead: ``id`` (``"L0000"``, ...), ``company``,
            ``employees`` (int or ``None``), ``industry`` (or ``None``), ``country`` (ISO
            code or ``None``), ``title``, ``lead_source`` and ``created`` (a date).
        events: Read-only mappings with ``lead_id``, ``type``, ``at`` (a naive datetime
            before ``as_of``) and the type's properties as further keys (the flat shape
            :func:`crmkit.scoring.score_many` reads), in time order.
        outcomes: Lead id -> converted within 90 days after ``as_of``.
        probabilities: Lead id -> the true probability of converting, ``p``.
        interest: Lead id -> the latent interest ``u``.
        as_of: The scoring date: every event is before it, every outcome after it.
        parameters: The parameters used (:data:`LEAD_PARAMETERS`' keys).
    """

    leads: tuple[FrozenDict[str, object], ...]
    events: tuple[FrozenDict[str, object], ...]
    outcomes: FrozenDict[str, bool]
    probabilities: FrozenDict[str, float]
    interest: FrozenDict[str, float]
    as_of: dt.date
    parameters: FrozenDict[str, float]


def _check(
    leads: object, as_of: object, parameters: Mapping[str, float] | None
) -> dict[str, float]:
    if type(leads) is not int or leads < 0:
        msg = f"'leads' must be a whole number >= 0 (got {leads!r})"
        raise InvalidArgument(msg, field="leads", value=leads)
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        msg = f"'as_of' must be a date (got {as_of!r})"
        raise InvalidArgument(msg, field="as_of", value=as_of)
    given: dict[str, object] = dict(LEAD_PARAMETERS if parameters is None else parameters)
    unknown = set(given) ^ set(LEAD_PARAMETERS)
    values = {
        name: float(value)
        for name, value in given.items()
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    }
    if (
        unknown
        or len(values) != len(given)
        or values["activity"] < 0
        or not 0 <= values["missing"] < 1
    ):
        msg = (
            f"'parameters' needs finite {sorted(LEAD_PARAMETERS)!r}, activity >= 0 and "
            f"missing in [0, 1) (got {given!r})"
        )
        raise InvalidArgument(msg, field="parameters", value=given)
    return values


def generate_leads(
    leads: int,
    *,
    rng: random.Random,
    as_of: dt.date,
    parameters: Mapping[str, float] | None = None,
) -> SyntheticLeads:
    """Seeded synthetic B2B leads with events before ``as_of`` and outcomes after it.

    Args:
        leads: How many leads to generate.
        rng: The random source (seed it for reproducible data).
        as_of: The scoring date (a date): events fall in the 180 days before it, outcomes
            in the 90 days after it.
        parameters: All of :data:`LEAD_PARAMETERS`' keys, to change the model (the
            defaults when ``None``).

    Returns:
        The :class:`SyntheticLeads`.

    Raises:
        InvalidArgument: ``leads`` not a whole number >= 0, ``as_of`` not a date, or
            parameters with missing, unknown or non-finite values.

    >>> import datetime as dt, random
    >>> from crmkit.scoring import predictable_revenue_model, score_many
    >>> data = generate_leads(200, rng=random.Random(4), as_of=dt.date(2026, 6, 30))
    >>> data == generate_leads(200, rng=random.Random(4), as_of=dt.date(2026, 6, 30))
    True
    >>> scores = score_many(data.leads, data.events, predictable_revenue_model(),
    ...                     as_of=data.as_of)
    >>> len(scores), all(event["at"].date() < data.as_of for event in data.events)
    (200, True)
    """
    values = _check(leads, as_of, parameters)
    start = dt.datetime.combine(as_of, dt.time())
    rows: list[FrozenDict[str, object]] = []
    events: list[tuple[dt.datetime, int, str, dict[str, object]]] = []
    outcomes: dict[str, bool] = {}
    probabilities: dict[str, float] = {}
    interests: dict[str, float] = {}
    for k in range(leads):
        lead_id = f"L{k:04d}"
        created = as_of - dt.timedelta(days=rng.randint(1, HISTORY_DAYS))
        lead, log_odds = _lead(rng, values, lead_id, created)
        u = rng.gauss(0.0, 1.0)
        since = dt.datetime.combine(created, dt.time())
        for at, kind, properties in _events(rng, values, u, since, start):
            events.append((at, k, kind, properties))
        p = 1.0 / (1.0 + math.exp(-(log_odds + values["interest"] * u)))
        outcomes[lead_id] = rng.random() < p
        probabilities[lead_id] = p
        interests[lead_id] = u
        rows.append(freeze(lead))
    events.sort(key=lambda item: (item[0], item[1], item[2]))
    return SyntheticLeads(
        leads=tuple(rows),
        events=tuple(
            FrozenDict({"lead_id": f"L{k:04d}", "type": kind, "at": at, **properties})
            for at, k, kind, properties in events
        ),
        outcomes=FrozenDict(outcomes),
        probabilities=FrozenDict(probabilities),
        interest=FrozenDict(interests),
        as_of=as_of,
        parameters=FrozenDict(values),
    )


def _pick(rng: random.Random, table: Mapping[str, tuple[float, float]]) -> str:
    """A key of ``table`` drawn by the shares in the second place of its values."""
    names = list(table)
    return rng.choices(names, weights=[table[name][1] for name in names])[0]


def _weighted(rng: random.Random, pairs: list[tuple[str, float]]) -> str:
    return rng.choices([name for name, _ in pairs], weights=[w for _, w in pairs])[0]


def _lead(
    rng: random.Random, values: dict[str, float], lead_id: str, created: dt.date
) -> tuple[dict[str, object], float]:
    """One lead's fields and the log-odds its fit contributes (everything but interest)."""
    seniority = _pick(rng, LEAD_SENIORITY)
    function = rng.choice(_FUNCTIONS)
    title = {
        "Analyst": f"{function} Analyst",
        "Manager": f"{function} Manager",
        "Director": f"Director of {function}",
        "VP": f"VP {function}",
        "C-level": _CHIEFS[function],
    }[seniority]
    employees = max(1, round(rng.lognormvariate(math.log(_MEDIAN_EMPLOYEES), _EMPLOYEES_SIGMA)))
    industry = _pick(rng, LEAD_INDUSTRIES)
    source = _pick(rng, LEAD_SOURCES)
    country = _weighted(rng, [*_COUNTRIES, ("", 1.0 - sum(w for _, w in _COUNTRIES))])
    country = country or rng.choice(_COUNTRIES_REST)
    company = f"{rng.choice(_COMPANY_WORDS[0])} {rng.choice(_COMPANY_WORDS[1])}"
    blank = [rng.random() < values["missing"] for _ in range(3)]
    log_odds = (
        values["intercept"]
        + values["seniority"] * LEAD_SENIORITY[seniority][0]
        + values["employees"] * math.log10(employees / _MEDIAN_EMPLOYEES)
        + LEAD_INDUSTRIES[industry][0]
        + LEAD_SOURCES[source][0]
    )
    lead: dict[str, object] = {
        "id": lead_id,
        "company": company,
        "employees": None if blank[0] else employees,
        "industry": None if blank[1] else industry,
        "country": None if blank[2] else country,
        "title": title,
        "lead_source": source,
        "created": created,
    }
    return lead, log_odds


def _events(
    rng: random.Random,
    values: dict[str, float],
    u: float,
    created: dt.datetime,
    end: dt.datetime,
) -> list[tuple[dt.datetime, str, dict[str, object]]]:
    """The lead's events between ``created`` and ``end``: Poisson arrivals per type."""
    tilt = values["engagement"] * u
    span = (end - created).total_seconds() / _SECONDS_PER_DAY  # days
    out: list[tuple[dt.datetime, str, dict[str, object]]] = []
    for kind, (rate, slope) in LEAD_EVENT_TYPES.items():
        per_day = values["activity"] * rate * math.exp(slope * tilt) / _MONTH_DAYS
        day = 0.0
        while per_day > 0:
            day += rng.expovariate(per_day)
            if day >= span:
                break
            at = created + dt.timedelta(seconds=round(day * _SECONDS_PER_DAY))
            if at >= end:  # rounding up to ``end``
                break
            out.append((at, kind, _properties(rng, kind, tilt)))
            if kind == "webinar_registered" and rng.random() < 1 / (1 + math.exp(-tilt)):
                held = at + dt.timedelta(days=rng.randint(1, _WEBINAR_DAYS))
                if held < end:
                    out.append((held, "webinar_attended", dict(out[-1][2])))
    return out


def _properties(rng: random.Random, kind: str, tilt: float) -> dict[str, object]:
    """The event's properties; interest (``tilt``) favours the high-intent values."""
    if kind == "page_view":
        paths = [*_PATHS, ("/pricing", math.exp(tilt)), ("/careers", 0.5 * math.exp(-tilt))]
        return {"path": _weighted(rng, paths)}
    if kind == "email_open":
        return {"campaign": rng.choice(_CAMPAIGNS)}
    if kind == "visit":
        mean = _VISIT_PAGES * math.exp(tilt / 2)
        return {"pages": 1 + int(rng.expovariate(1 / mean))}
    if kind == "download":
        return {"asset": _weighted(rng, [*_ASSETS, ("marketo reviews", math.exp(tilt))])}
    if kind == "search":
        branded = [(term, weight * math.exp(tilt)) for term, weight in _BRANDED_TERMS]
        return {"term": _weighted(rng, [*_TERMS, *branded])}
    if kind == "webinar_registered":
        return {"webinar": rng.choice(_WEBINARS)}
    return {}
