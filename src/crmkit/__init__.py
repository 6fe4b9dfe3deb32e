"""crmkit: CRM domain algorithms done once, correctly, fast, and with proof.

The subpackages are imported on demand (``import crmkit.validation``); this package itself only
carries the version and the exception tree.

>>> import crmkit
>>> issubclass(crmkit.InvalidArgument, ValueError)
True
"""

from __future__ import annotations

from crmkit._errors import (
    CrmkitError,
    InvalidArgument,
    InvalidDefinition,
    InvalidRecord,
    InvalidTransition,
    InvalidValue,
    MissingDependency,
)

__all__ = [
    "CrmkitError",
    "InvalidArgument",
    "InvalidDefinition",
    "InvalidRecord",
    "InvalidTransition",
    "InvalidValue",
    "MissingDependency",
    "__version__",
]

__version__ = "0.1.0.dev0"
