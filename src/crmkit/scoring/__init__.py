"""Lead scoring: rule-based models, RFM, evaluation against outcomes and learned scorecards.

Models are plain data (:class:`ScoringModel` of :class:`Rule`, :class:`EventRule` and
:class:`Inactivity` values over the condition language built with :func:`field` and
:func:`event`); :func:`score` and :func:`score_many` apply them as of a given date.
"""

from __future__ import annotations

from crmkit.scoring._calibration import (
    CalibrationRow,
    CalibrationTable,
    brier_score,
    calibration_table,
)
from crmkit.scoring._conditions import (
    AllOf,
    AnyOf,
    Condition,
    EventCondition,
    FieldCondition,
    Not,
    condition_from_data,
    condition_to_data,
    event,
    field,
)
from crmkit.scoring._decay import HalfLifeDecay, LinearDecay
from crmkit.scoring._evaluate import (
    ConfusionMatrix,
    LiftRow,
    LiftTable,
    ThresholdChoice,
    auc,
    best_f1_threshold,
    confusion_matrix,
    ks_statistic,
    lift_table,
)
from crmkit.scoring._examples import predictable_revenue_model, realtor_model
from crmkit.scoring._grades import PARDOT_LADDER, Bands, Ladder
from crmkit.scoring._model import TOTAL, EventRule, Group, Inactivity, Rule, ScoringModel, Threshold
from crmkit.scoring._rfm import (
    DEFAULT_SEGMENTS,
    RfmEdges,
    RfmScore,
    RfmSegment,
    RfmTable,
    check_segments,
    rfm,
)
from crmkit.scoring._score import (
    Contribution,
    LeadScore,
    ScoreTrend,
    ThresholdCrossing,
    score,
    score_many,
    score_trend,
    threshold_crossings,
)
from crmkit.scoring._scorecard import (
    DEFAULT_BASE_ODDS,
    DEFAULT_BASE_SCORE,
    DEFAULT_POINTS_TO_DOUBLE_ODDS,
    Scorecard,
    fit_scorecard,
)

__all__ = [
    "DEFAULT_BASE_ODDS",
    "DEFAULT_BASE_SCORE",
    "DEFAULT_POINTS_TO_DOUBLE_ODDS",
    "DEFAULT_SEGMENTS",
    "PARDOT_LADDER",
    "TOTAL",
    "AllOf",
    "AnyOf",
    "Bands",
    "CalibrationRow",
    "CalibrationTable",
    "Condition",
    "ConfusionMatrix",
    "Contribution",
    "EventCondition",
    "EventRule",
    "FieldCondition",
    "Group",
    "HalfLifeDecay",
    "Inactivity",
    "Ladder",
    "LeadScore",
    "LiftRow",
    "LiftTable",
    "LinearDecay",
    "Not",
    "RfmEdges",
    "RfmScore",
    "RfmSegment",
    "RfmTable",
    "Rule",
    "ScoreTrend",
    "Scorecard",
    "ScoringModel",
    "Threshold",
    "ThresholdChoice",
    "ThresholdCrossing",
    "auc",
    "best_f1_threshold",
    "brier_score",
    "calibration_table",
    "check_segments",
    "condition_from_data",
    "condition_to_data",
    "confusion_matrix",
    "event",
    "field",
    "fit_scorecard",
    "ks_statistic",
    "lift_table",
    "predictable_revenue_model",
    "realtor_model",
    "rfm",
    "score",
    "score_many",
    "score_trend",
    "threshold_crossings",
]
