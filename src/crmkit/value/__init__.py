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

__all__ = [
    "LTV_TO_CAC_GUIDELINE",
    "CohortTable",
    "FirstMargin",
    "SurvivalCurve",
    "attraction_and_retention_cost",
    "blattberg_deighton_equity",
    "cac_payback_periods",
    "churn_rate",
    "cohort_retention",
    "cost_per_acquisition",
    "customer_acquisition_cost",
    "customer_equity",
    "expected_lifetime",
    "fully_loaded_acquisition_cost",
    "key_customer_referral_share",
    "key_customer_sales_share",
    "ltv_to_cac",
    "margin_multiple",
    "max_acquisition_cost",
    "meets_ltv_to_cac_guideline",
    "net_lifetime_value",
    "relationship_duration",
    "repeat_purchasers",
    "retention_clv",
    "retention_rate",
    "share_of_wallet",
    "subscription_ltv",
    "survival_curve",
    "textbook_clv",
    "textbook_ltv",
]
