"""``python -m crmkit``: the same as the ``crmkit`` console script."""

from __future__ import annotations

from crmkit.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
