"""Record matching and merge-purge: normalise, block, compare, score, cluster, survive.

Work in progress (issue 3): the public names are added here as their modules land.
"""

from __future__ import annotations

__all__: list[str] = []
