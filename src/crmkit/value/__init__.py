"""Customer value and profitability: from the textbook formulas to probabilistic CLV.

The CRM texts put a value on each relationship: lifetime value and CLV (001:10125–10136),
acquisition cost and the 3:1 LTV:CAC guideline (001:10143–10157), customer equity as the sum
of lifetime values (L935). This subpackage does that arithmetic exactly, with every
convention (period, timing of the first margin, discount rate per period) named.

>>> from crmkit.value import meets_ltv_to_cac_guideline, retention_clv
>>> clv = retention_clv(margin=100, retention_rate=0.8, discount_rate=0.12)
>>> round(clv, 2), meets_ltv_to_cac_guideline(lifetime_value=clv, acquisition_cost=80)
(250.0, True)
"""

from __future__ import annotations

from crmkit.value._abc import (
    TimeDrivenCosting,
    activity_rates,
    cost_to_serve,
    pool_costs_from_shares,
    time_driven_abc,
)
from crmkit.value._acquisition import (
    LTV_TO_CAC_GUIDELINE,
    attraction_and_retention_cost,
    cac_payback_periods,
    cost_per_acquisition,
    customer_acquisition_cost,
    fully_loaded_acquisition_cost,
    ltv_to_cac,
    max_acquisition_cost,
    meets_ltv_to_cac_guideline,
)
from crmkit.value._bgbb import (
    BgBbModel,
    BgBbPattern,
    FittedBgBb,
    bg_bb_log_likelihood,
    fit_bg_bb,
)
from crmkit.value._bgnbd import (
    BgNbdModel,
    FittedBgNbd,
    bg_nbd_log_likelihood,
    fit_bg_nbd,
)
from crmkit.value._closed_forms import (
    FirstMargin,
    blattberg_deighton_equity,
    customer_equity,
    expected_lifetime,
    margin_multiple,
    net_lifetime_value,
    retention_clv,
    subscription_ltv,
    textbook_clv,
    textbook_ltv,
)
from crmkit.value._clv import (
    PurchaseModel,
    SpendModel,
    discounted_clv,
)
from crmkit.value._gammagamma import (
    INDEPENDENCE_CORRELATION_LIMIT,
    FittedGammaGamma,
    GammaGammaModel,
    SpendIndependence,
    check_spend_independence,
    fit_gamma_gamma,
    gamma_gamma_log_likelihood,
)
from crmkit.value._holdout import (
    FREQUENCY_GROUPS,
    FrequencyGroup,
    HoldoutComparison,
    compare_holdout,
)
from crmkit.value._markov import (
    ROW_SUM_TOLERANCE,
    Absorption,
    MarkovChain,
    MarkovValues,
    absorption,
    markov_clv,
)
from crmkit.value._mbgnbd import (
    FittedMbgNbd,
    MbgNbdModel,
    fit_mbg_nbd,
    mbg_nbd_log_likelihood,
)
from crmkit.value._paretonbd import (
    FittedParetoNbd,
    ParetoNbdModel,
    fit_pareto_nbd,
    pareto_nbd_log_likelihood,
)
from crmkit.value._profitability import (
    PARETO_A_BOUNDARY,
    PARETO_B_BOUNDARY,
    CustomerProfit,
    ParetoClass,
    ProfitabilityStatement,
    PyramidTier,
    WhaleCurve,
    customer_pyramid,
    pareto_classes,
    profitability_statement,
    whale_curve,
)
from crmkit.value._retention import (
    CohortTable,
    SurvivalCurve,
    churn_rate,
    cohort_retention,
    key_customer_referral_share,
    key_customer_sales_share,
    relationship_duration,
    repeat_purchasers,
    retention_rate,
    share_of_wallet,
    survival_curve,
)
from crmkit.value._sbg import (
    FittedSbg,
    SbgModel,
    fit_sbg,
    sbg_log_likelihood,
    survivor_counts,
)
from crmkit.value._summary import (
    DAYS_PER_UNIT,
    CustomerSummary,
    HoldoutSummary,
    TimeUnit,
    calibration_and_holdout,
    summarize,
)

__all__ = [
    "DAYS_PER_UNIT",
    "FREQUENCY_GROUPS",
    "INDEPENDENCE_CORRELATION_LIMIT",
    "LTV_TO_CAC_GUIDELINE",
    "PARETO_A_BOUNDARY",
    "PARETO_B_BOUNDARY",
    "ROW_SUM_TOLERANCE",
    "Absorption",
    "BgBbModel",
    "BgBbPattern",
    "BgNbdModel",
    "CohortTable",
    "CustomerProfit",
    "CustomerSummary",
    "FirstMargin",
    "FittedBgBb",
    "FittedBgNbd",
    "FittedGammaGamma",
    "FittedMbgNbd",
    "FittedParetoNbd",
    "FittedSbg",
    "FrequencyGroup",
    "GammaGammaModel",
    "HoldoutComparison",
    "HoldoutSummary",
    "MarkovChain",
    "MarkovValues",
    "MbgNbdModel",
    "ParetoClass",
    "ParetoNbdModel",
    "ProfitabilityStatement",
    "PurchaseModel",
    "PyramidTier",
    "SbgModel",
    "SpendIndependence",
    "SpendModel",
    "SurvivalCurve",
    "TimeDrivenCosting",
    "TimeUnit",
    "WhaleCurve",
    "absorption",
    "activity_rates",
    "attraction_and_retention_cost",
    "bg_bb_log_likelihood",
    "bg_nbd_log_likelihood",
    "blattberg_deighton_equity",
    "cac_payback_periods",
    "calibration_and_holdout",
    "check_spend_independence",
    "churn_rate",
    "cohort_retention",
    "compare_holdout",
    "cost_per_acquisition",
    "cost_to_serve",
    "customer_acquisition_cost",
    "customer_equity",
    "customer_pyramid",
    "discounted_clv",
    "expected_lifetime",
    "fit_bg_bb",
    "fit_bg_nbd",
    "fit_gamma_gamma",
    "fit_mbg_nbd",
    "fit_pareto_nbd",
    "fit_sbg",
    "fully_loaded_acquisition_cost",
    "gamma_gamma_log_likelihood",
    "key_customer_referral_share",
    "key_customer_sales_share",
    "ltv_to_cac",
    "margin_multiple",
    "markov_clv",
    "max_acquisition_cost",
    "mbg_nbd_log_likelihood",
    "meets_ltv_to_cac_guideline",
    "net_lifetime_value",
    "pareto_classes",
    "pareto_nbd_log_likelihood",
    "pool_costs_from_shares",
    "profitability_statement",
    "relationship_duration",
    "repeat_purchasers",
    "retention_clv",
    "retention_rate",
    "sbg_log_likelihood",
    "share_of_wallet",
    "subscription_ltv",
    "summarize",
    "survival_curve",
    "survivor_counts",
    "textbook_clv",
    "textbook_ltv",
    "time_driven_abc",
    "whale_curve",
]
