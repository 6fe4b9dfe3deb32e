"""The shipped life-cycle models, as checked :class:`Lifecycle` values.

Each model cites its source in ``source`` and describes its stages in the source's words
(anchor notes B.4; texts catalog 1 section 4, texts catalog 2 section 4). Where a source is
silent the choice is marked *[gap]* in the stage or transition description.

- :data:`RELATIONSHIP_LIFE_CYCLE`: Peelen's exploration, growth, saturation, decline.
- :data:`DWYER_PHASES`: Dwyer, Schurr & Oh's awareness to dissolution.
- :data:`LOYALTY_LADDER`: prospect to partner, with a lapse back and defection out.
- :data:`CRM_CYCLE`: Sterne & Cutler's reach to loyalty, with lapse and win-back.
- :data:`LEAD_FUNNEL`: HubSpot's lifecycle stages, driven by scoring thresholds through
  :func:`crmkit.lifecycle.crossing_event`.
- :data:`OPPORTUNITY_STAGES`: Salesforce's default opportunity stages with their win
  probabilities, weighed by :func:`crmkit.lifecycle.weighted_pipeline`.

Events are verbs in snake case and shared between models where they mean the same thing
(``first_purchase``, ``repeat_purchase``, ``lapse``, ``defect``). Copy a model and change it
with ``attrs.evolve`` (give it another ``name`` or ``version``).

This module imports the standard library and ``crmkit.lifecycle._definition``.

>>> [stage.name for stage in DWYER_PHASES.stages]
['awareness', 'exploration', 'expansion', 'commitment', 'dissolution']
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from crmkit.lifecycle._definition import Lifecycle, Stage, Transition

__all__ = [
    "CRM_CYCLE",
    "DWYER_PHASES",
    "LEAD_FUNNEL",
    "LIFECYCLE_MODELS",
    "LOYALTY_LADDER",
    "OPPORTUNITY_STAGES",
    "RELATIONSHIP_LIFE_CYCLE",
]

_GROWTH = "growth"
_SATURATION = "saturation"

RELATIONSHIP_LIFE_CYCLE: Final = Lifecycle(
    "relationship_life_cycle",
    (
        Stage(
            "exploration",
            description="Introduction: the customer sees the promises made during "
            "communication fulfilled for the first time; satisfaction still relatively low; "
            "switching costs still quite low.",
        ),
        Stage(
            _GROWTH,
            description="A sharp rise in the number of purchases; satisfaction increases, "
            "commitment drops slightly; the relationship is relatively likely to end during "
            "or just after this phase. Lasts three months to two years.",
        ),
        Stage(
            _SATURATION,
            description="The highest number of purchases and the highest commitment; few "
            "changes in behaviour or purchases; trust and goodwill grow; switching costs "
            "increase slightly. Usually after more than two years.",
        ),
        Stage("decline", description="The number of purchases drops."),
        Stage(
            "ended",
            terminal=True,
            description="[gap] The relationship has ended; the source names no end state.",
        ),
    ),
    (
        Transition(
            "first_purchase",
            ("exploration",),
            _GROWTH,
            description="The first purchase ends exploration and starts growth.",
        ),
        Transition(
            "purchase_growth_slows",
            (_GROWTH,),
            _SATURATION,
            description="The increase in purchases changes course, from progressive to "
            "regressive (the purchase series' second difference turns negative).",
        ),
        Transition(
            "purchases_drop",
            (_SATURATION,),
            "decline",
            description="The number of purchases begins to drop (first difference negative).",
        ),
        Transition(
            "terminate",
            ("exploration", _GROWTH, _SATURATION, "decline"),
            "ended",
            description="The relationship is terminated (most likely during or just after growth).",
        ),
    ),
    initial="exploration",
    forward_only=True,
    source="Peelen (1989), after Dwyer, Schurr & Oh (1987); Beltman & Peelen (2015)",
    description="The development of an average relationship within a segment; deviations "
    "from this path occur. A relationship won back after it ended starts a new state.",
)
"""Peelen's relationship life cycle (texts catalog 1, 4.1, L3093-3145)."""

_DWYER_OPEN = ("exploration", "expansion", "commitment")

DWYER_PHASES: Final = Lifecycle(
    "dwyer_phases",
    (
        Stage("awareness", description="Both parties become aware of each other."),
        Stage(
            "exploration",
            description="Sounding out: begins with attraction when bilateral interactions "
            "occur; communication and bargaining, power, norm and expectation development; "
            "easy enough to terminate.",
        ),
        Stage("expansion", description="Benefits and interdependence increase."),
        Stage("commitment", description="An implicit or explicit pledge of continuity."),
        Stage("dissolution", terminal=True, description="The relationship is dissolved."),
    ),
    (
        Transition(
            "interact",
            ("awareness",),
            "exploration",
            description="The first bilateral interaction.",
        ),
        Transition("expand", ("exploration",), "expansion"),
        Transition("commit", ("expansion",), "commitment"),
        Transition("dissolve", _DWYER_OPEN, "dissolution"),
    ),
    initial="awareness",
    forward_only=True,
    source="Dwyer, Schurr & Oh (1987), 'Developing Buyer-Seller Relationships', "
    "Journal of Marketing 51(2): 11-27",
)
"""Dwyer, Schurr & Oh's five phases (anchor notes B.4; texts catalog 1, 4.2)."""

_RUNGS = ("client", "supporter", "advocate", "partner")

LOYALTY_LADDER: Final = Lifecycle(
    "loyalty_ladder",
    (
        Stage("prospect", description="A non-consumer who has not bought yet."),
        Stage(
            "customer",
            description="A first-time customer: a trial purchase, small quantities, may "
            "never repurchase.",
        ),
        Stage("client", description="A long-term orientation beyond one transaction."),
        Stage("supporter", description="Likes the organisation; supports it passively."),
        Stage(
            "advocate",
            description="Recommends the organisation to others ('ambassador' in Peelen's pyramid).",
        ),
        Stage("partner", description="Both parties take an active position."),
        Stage("defected", terminal=True, description="The customer has left."),
    ),
    (
        Transition(
            "first_purchase",
            ("prospect",),
            "customer",
            description="A transaction has been completed: from prospect to customer.",
        ),
        Transition(
            "repeat_purchase",
            ("customer",),
            "client",
            description="A long-term orientation extends beyond that one transaction: "
            "customer to client.",
        ),
        Transition(
            "support",
            ("client",),
            "supporter",
            description="[gap] The source states no criterion from client to supporter.",
        ),
        Transition(
            "recommend",
            ("supporter",),
            "advocate",
            description="The relationship is felt by both parties: supporter to advocate.",
        ),
        Transition(
            "form_partnership",
            ("advocate",),
            "partner",
            description="Both parties take an active position: advocate to partner.",
        ),
        Transition(
            "lapse",
            _RUNGS,
            "customer",
            backward=True,
            description="The long-term orientation is gone; the customer buys deal by deal again.",
        ),
        Transition("defect", ("customer", *_RUNGS), "defected"),
    ),
    initial="prospect",
    forward_only=True,
    source="Christopher, Payne & Ballantyne (1991); Payne et al. (1998); Peelen's "
    "relationship pyramid",
    description="A ladder climbed one rung at a time; a lapse drops a customer back to the "
    "bottom rung, defection ends the relationship.",
)
"""The ladder of loyalty (anchor notes B.4; texts catalog 1, 3 and 4.4, L2776-2786)."""

_CUSTOMERS = ("conversion", "retention", "loyalty")

CRM_CYCLE: Final = Lifecycle(
    "crm_cycle",
    (
        Stage("reach", description="Reaching a potential customer (generate awareness)."),
        Stage("acquisition", description="Customer acquisition: the prospect engages (a lead)."),
        Stage("conversion", description="Conversion: the lead buys for the first time."),
        Stage("retention", description="Customer retention: the customer buys again."),
        Stage("loyalty", description="Customer loyalty: upgrades, referrals, advocacy."),
        Stage("lapsed", description="[gap] The customer stopped buying (dormant)."),
        Stage(
            "defected",
            terminal=True,
            description="The relationship has ended (the account closed, or run down "
            "with no future transaction).",
        ),
    ),
    (
        Transition(
            "engage",
            ("reach",),
            "acquisition",
            description="The first engagement (a newsletter sign-up, a chat, a download).",
        ),
        Transition("first_purchase", ("reach", "acquisition"), "conversion"),
        Transition("repeat_purchase", ("conversion",), "retention"),
        Transition(
            "upgrade",
            ("retention",),
            "loyalty",
            description="Upgrading to more expensive products (drive upsells).",
        ),
        Transition(
            "refer",
            ("retention",),
            "loyalty",
            description="The customer becomes a referral force (an advocate).",
        ),
        Transition(
            "lapse",
            _CUSTOMERS,
            "lapsed",
            description="No purchase for longer than the dormancy window (a weekly "
            "buyer silent for a month).",
        ),
        Transition(
            "win_back",
            ("lapsed",),
            "retention",
            backward=True,
            description="[gap] A lapsed customer buys again.",
        ),
        Transition("defect", (*_CUSTOMERS, "lapsed"), "defected"),
    ),
    initial="reach",
    forward_only=True,
    source="Sterne & Cutler (2000), E-Metrics: reach, acquisition, conversion, retention, loyalty",
    description="Starts with outreach and customer acquisition and ideally leads to customer "
    "loyalty; drawn as a cycle.",
)
"""The customer life cycle of the CRM process (texts catalog 2, 4, 001:7900-7916)."""

_BEFORE_DEAL = ("subscriber", "lead", "mql", "sql")
_OPEN_LEADS = (*_BEFORE_DEAL, "opportunity")

LEAD_FUNNEL: Final = Lifecycle(
    "lead_funnel",
    (
        Stage(
            "subscriber", description="Subscriber: opted in to hear more (a blog, a newsletter)."
        ),
        Stage(
            "lead",
            description="Lead: showed interest beyond a subscription (or met the Lead score).",
        ),
        Stage(
            "mql",
            description="Marketing Qualified Lead: ready for sales, by marketing's "
            "criteria (an MQL score threshold).",
        ),
        Stage(
            "sql", description="Sales Qualified Lead: accepted by sales as a potential customer."
        ),
        Stage("opportunity", description="Opportunity: associated with a deal."),
        Stage("customer", description="Customer: a deal closed won."),
        Stage(
            "evangelist",
            terminal=True,
            description="Evangelist: a customer who advocates for the business.",
        ),
        Stage("other", terminal=True, description="Other: fits none of the stages."),
        Stage(
            "disqualified",
            terminal=True,
            description="Disqualified: not a potential customer (a lead-status "
            "'Unqualified', Marketo's 'Disqualified').",
        ),
    ),
    (
        Transition("become_lead", ("subscriber",), "lead"),
        Transition("become_mql", ("subscriber", "lead"), "mql"),
        Transition("become_sql", ("subscriber", "lead", "mql"), "sql"),
        Transition("open_deal", _BEFORE_DEAL, "opportunity"),
        Transition("close_won", _OPEN_LEADS, "customer"),
        Transition("become_evangelist", ("customer",), "evangelist"),
        Transition(
            "recycle",
            ("mql", "sql", "opportunity"),
            "lead",
            backward=True,
            description="Back to nurturing (Marketo's 'Recycled').",
        ),
        Transition("mark_other", _OPEN_LEADS, "other"),
        Transition("disqualify", _OPEN_LEADS, "disqualified"),
    ),
    initial="subscriber",
    forward_only=True,
    source="HubSpot lifecycle stages (knowledge base: 'Use lifecycle stages'); Marketo's "
    "lead life cycle in Ross & Tyler, Predictable Revenue (2011)",
    description="Stages move forward only, skipping stages allowed (subscriber to "
    "opportunity); only recycling a lead goes back.",
)
"""HubSpot's lifecycle stages with Marketo's endings (anchor notes B.4)."""

# Salesforce's default opportunity stages (StandardValueSet OpportunityStage): stage, display
# name, probability, forecast category, event that moves a deal there.
_SALESFORCE: Final = (
    ("prospecting", "Prospecting", 0.10, "Pipeline", ""),
    ("qualification", "Qualification", 0.10, "Pipeline", "qualify"),
    ("needs_analysis", "Needs Analysis", 0.20, "Pipeline", "analyse_needs"),
    ("value_proposition", "Value Proposition", 0.50, "Pipeline", "propose_value"),
    ("id_decision_makers", "Id. Decision Makers", 0.60, "Pipeline", "identify_decision_makers"),
    ("perception_analysis", "Perception Analysis", 0.70, "Pipeline", "analyse_perception"),
    ("proposal_price_quote", "Proposal/Price Quote", 0.75, "Pipeline", "send_quote"),
    ("negotiation_review", "Negotiation/Review", 0.90, "Pipeline", "negotiate"),
    ("closed_won", "Closed Won", 1.0, "Closed", "close_won"),
    ("closed_lost", "Closed Lost", 0.0, "Omitted", "close_lost"),
)
_OPEN_DEALS: Final = tuple(row[0] for row in _SALESFORCE if row[3] == "Pipeline")


def _deal_transitions() -> tuple[Transition, ...]:
    """Any open deal may move to any other open stage (back as a marked step) or close."""
    transitions: list[Transition] = []
    for stage, display, _, _, event in _SALESFORCE[1:]:
        if stage in _OPEN_DEALS:
            at = _OPEN_DEALS.index(stage)
            before, after = _OPEN_DEALS[:at], _OPEN_DEALS[at + 1 :]
        else:
            before, after = _OPEN_DEALS, ()
        text = f"The deal moves to {display}."
        transitions.append(Transition(event, before, stage, description=text))
        if after:
            back = f"{text} (a step back)"
            transitions.append(Transition(event, after, stage, backward=True, description=back))
    return tuple(transitions)


OPPORTUNITY_STAGES: Final = Lifecycle(
    "opportunity_stages",
    tuple(
        Stage(
            stage,
            terminal=category != "Pipeline",
            probability=probability,
            description=f"{display} (probability {probability:.0%}, forecast category {category})",
        )
        for stage, display, probability, category, _ in _SALESFORCE
    ),
    _deal_transitions(),
    initial="prospecting",
    forward_only=True,
    source="Salesforce default opportunity stages (StandardValueSet OpportunityStage)",
    description="Probabilities and forecast categories as shipped; a deal may skip stages "
    "and step back to an earlier open stage.",
)
"""Salesforce's default opportunity stages with their probabilities (anchor notes B.4)."""

LIFECYCLE_MODELS: Final[Mapping[str, Lifecycle]] = MappingProxyType(
    {
        model.name: model
        for model in (
            RELATIONSHIP_LIFE_CYCLE,
            DWYER_PHASES,
            LOYALTY_LADDER,
            CRM_CYCLE,
            LEAD_FUNNEL,
            OPPORTUNITY_STAGES,
        )
    }
)
"""Every shipped model by its name."""
