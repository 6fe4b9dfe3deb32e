"""Test helpers for crmkit users: hypothesis strategies and seeded synthetic data.

:func:`generate_people` makes customer records with duplicates and ground truth (typos,
nicknames, swapped names, moved addresses, households and namesakes that are *not*
duplicates) for the identity tests, benchmarks and demo; :func:`generate_transactions` a
transaction log with known BG/NBD parameters; :func:`generate_leads` B2B leads with
engagement events and outcomes driven by a stated logistic model, for lead scoring.

Hypothesis is not a runtime dependency of crmkit: the strategies (``contacts``) import it when
first used; install it with ``pip install crmkit[testing]``. The synthetic data generator
(:func:`generate_contacts`) needs only the standard library.

>>> import random
>>> from crmkit.testing import generate_contacts
>>> len(generate_contacts(5, rng=random.Random(0)))
5
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crmkit._errors import MissingDependency
from crmkit.testing._leads import (
    LEAD_EVENT_TYPES,
    LEAD_INDUSTRIES,
    LEAD_PARAMETERS,
    LEAD_SENIORITY,
    LEAD_SOURCES,
    SyntheticLeads,
    generate_leads,
)
from crmkit.testing._people import (
    CORRUPTION_KINDS,
    CORRUPTION_RATES,
    RECORD_FIELDS,
    SUPPORTED_COUNTRIES,
    SyntheticPeople,
    generate_people,
)
from crmkit.testing._synthetic import contact_schema, generate_contacts
from crmkit.testing._transactions import (
    CDNOW_PARAMETERS,
    SyntheticTransactions,
    generate_transactions,
)

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = [
    "CDNOW_PARAMETERS",
    "CORRUPTION_KINDS",
    "CORRUPTION_RATES",
    "LEAD_EVENT_TYPES",
    "LEAD_INDUSTRIES",
    "LEAD_PARAMETERS",
    "LEAD_SENIORITY",
    "LEAD_SOURCES",
    "RECORD_FIELDS",
    "SUPPORTED_COUNTRIES",
    "SyntheticLeads",
    "SyntheticPeople",
    "SyntheticTransactions",
    "contact_schema",
    "contacts",
    "generate_contacts",
    "generate_leads",
    "generate_people",
    "generate_transactions",
]


def contacts(*, error_rate: float = 0.1) -> SearchStrategy[dict[str, Any]]:
    """A hypothesis strategy of contact records with realistic defects.

    >>> from hypothesis import given
    >>> @given(contacts(error_rate=0.0))
    ... def test(contact):
    ...     assert contact["email"].count("@") == 1
    >>> test()
    """
    try:
        from crmkit.testing._strategies import contacts as _contacts  # noqa: PLC0415
    except ImportError as error:  # pragma: no cover - exercised only without hypothesis
        msg = "crmkit.testing.contacts() needs hypothesis: pip install 'crmkit[testing]'"
        raise MissingDependency(msg, field="hypothesis") from error
    return _contacts(error_rate=error_rate)
