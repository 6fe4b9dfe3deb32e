"""Hypothesis strategies for crmkit's domain values (hypothesis is imported here, lazily)."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import strategies as st

from crmkit.testing._synthetic import generate_contacts

__all__ = ["contacts"]


def contacts(*, error_rate: float = 0.1) -> st.SearchStrategy[dict[str, Any]]:
    """Contact records (name, e-mail, phone, country, postcode, birth date) with defects.

    Each example is drawn from :func:`generate_contacts` with a seed hypothesis chooses, so
    failures reproduce; ``error_rate`` is the per-field chance of a realistic defect.
    """
    return st.builds(
        lambda seed: generate_contacts(1, rng=random.Random(seed), error_rate=error_rate)[0],
        st.integers(min_value=0, max_value=2**32 - 1),
    )
