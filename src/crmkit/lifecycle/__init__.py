"""Relationship life-cycles: state machines as data, histories, queries and analytics.

A :class:`Lifecycle` is a checked definition (stages, transitions, guards); a
:class:`LifecycleState` is a subject's place in it with its whole history; :func:`advance`
applies one event (pure) and :func:`replay` rebuilds a state from its events.
"""

from __future__ import annotations

from crmkit.lifecycle._definition import Lifecycle, Stage, Transition
from crmkit.lifecycle._diagrams import lifecycle_html, to_dot, to_mermaid
from crmkit.lifecycle._funnel import Funnel, FunnelRow, StageDuration, funnel, stage_durations
from crmkit.lifecycle._migration import Cohort, Migration, cohorts, migration_chain
from crmkit.lifecycle._models import (
    CRM_CYCLE,
    DWYER_PHASES,
    LEAD_FUNNEL,
    LIFECYCLE_MODELS,
    LOYALTY_LADDER,
    OPPORTUNITY_STAGES,
    RELATIONSHIP_LIFE_CYCLE,
)
from crmkit.lifecycle._phases import (
    DORMANCY_FACTOR,
    MINIMUM_GROWTH_DAYS,
    PHASE_MINIMUM_CHANGE,
    PHASE_TOLERANCE,
    PHASE_WINDOW_DAYS,
    DormancyCheck,
    PhaseInference,
    dormancy,
    infer_phase,
    infer_phases,
)
from crmkit.lifecycle._pipeline import LEAD_FUNNEL_CROSSINGS, crossing_event, weighted_pipeline
from crmkit.lifecycle._queries import StageTimes, stage_at, stage_times, time_in_stages
from crmkit.lifecycle._state import Guard, LifecycleState, Step, Visit, advance, replay, start

__all__ = [
    "CRM_CYCLE",
    "DORMANCY_FACTOR",
    "DWYER_PHASES",
    "LEAD_FUNNEL",
    "LEAD_FUNNEL_CROSSINGS",
    "LIFECYCLE_MODELS",
    "LOYALTY_LADDER",
    "MINIMUM_GROWTH_DAYS",
    "OPPORTUNITY_STAGES",
    "PHASE_MINIMUM_CHANGE",
    "PHASE_TOLERANCE",
    "PHASE_WINDOW_DAYS",
    "RELATIONSHIP_LIFE_CYCLE",
    "Cohort",
    "DormancyCheck",
    "Funnel",
    "FunnelRow",
    "Guard",
    "Lifecycle",
    "LifecycleState",
    "Migration",
    "PhaseInference",
    "Stage",
    "StageDuration",
    "StageTimes",
    "Step",
    "Transition",
    "Visit",
    "advance",
    "cohorts",
    "crossing_event",
    "dormancy",
    "funnel",
    "infer_phase",
    "infer_phases",
    "lifecycle_html",
    "migration_chain",
    "replay",
    "stage_at",
    "stage_durations",
    "stage_times",
    "start",
    "time_in_stages",
    "to_dot",
    "to_mermaid",
    "weighted_pipeline",
]
