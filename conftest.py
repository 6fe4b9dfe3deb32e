"""Test configuration shared by tests/, the doctests in src/ and the Markdown docs.

Hypothesis profiles: ``ci`` is derandomised (a red CI run is reproducible) with no deadline
(shared CI machines have noisy timing); ``dev`` keeps hypothesis' defaults. ``dev.py test``
chooses ``ci`` when the ``CI`` environment variable is set.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=100,
    suppress_health_check=(HealthCheck.too_slow,),
    print_blob=True,
)
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
