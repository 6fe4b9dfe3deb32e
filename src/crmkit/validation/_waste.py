"""The cost of poor customer data: waste from identification errors.

The CRM text lists the waste caused when a firm cannot "address, write to or otherwise contact
the person or organisation using the correct name, address, telephone number and e-mail
address" (L3641–3643), after Mergen (2003) and Peelen and Redeman (2006) (L3645). Each category
is a :class:`WasteCategory`; the user measures how often it happens and what one occurrence
costs, and :func:`data_quality_waste` adds it up.

Money: every amount is a :class:`decimal.Decimal` (an ``int`` is accepted and read exactly) in
one currency unit of the caller's choosing; nothing is converted between currencies. Floats are
refused for money, because ``0.1`` is not one tenth in binary. Products and sums are computed
exactly, whatever the caller's :mod:`decimal` context, and are not rounded: round the report
to your currency's minor unit when you present it. No default costs exist: they differ by
firm, country and year, and the text gives none.

This module is a leaf: it imports the standard library, attrs and ``crmkit._errors`` only.

>>> line = WasteLine(WasteCategory.RETURNED_MAIL, quantity=1200, unit_cost=Decimal("0.85"))
>>> data_quality_waste((line,)).total
Decimal('1020.00')
"""

from __future__ import annotations

import decimal
import enum
import math
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs

from crmkit._errors import InvalidArgument

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "WASTE_CATEGORY_SOURCES",
    "CategoryCost",
    "WasteCategory",
    "WasteLine",
    "WasteReport",
    "data_quality_waste",
    "expected_count",
]

# Unbounded precision and exponent, every signal trapped: multiplication and addition of
# finite Decimals are then exact, and an inexact result would raise instead of rounding.
_EXACT: Final = decimal.Context(
    prec=decimal.MAX_PREC,
    Emax=decimal.MAX_EMAX,
    Emin=decimal.MIN_EMIN,
    traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation, decimal.Overflow],
)


class WasteCategory(enum.StrEnum):
    """The kinds of waste that identification errors cause (CRM text L3645–3668)."""

    RETURNED_MAIL = "returned_mail"
    """Returned mail items: production, postage, post-room handling and the database fix."""
    DUPLICATE_MAIL = "duplicate_mail"
    """More than one item sent to the same address because the customer is duplicated."""
    EMAIL_BOUNCED_OR_DUPLICATED = "email_bounced_or_duplicated"
    """E-mail returned or sent twice; the database still has to be corrected."""
    UNPROCESSABLE_CALL = "unprocessable_call"
    """Incoming calls that cannot be handled because data are missing or slow to find."""
    WASTED_FIELD_VISIT = "wasted_field_visit"
    """Visits at the wrong time or place, or prepared from inaccurate data."""
    INVOICING_ERROR = "invoicing_error"
    """Missing or incorrect invoices: lost sales and corrective expense."""


WASTE_CATEGORY_SOURCES: Final[Mapping[WasteCategory, str]] = MappingProxyType(
    {
        WasteCategory.RETURNED_MAIL: "L3647–3649",
        WasteCategory.DUPLICATE_MAIL: "L3651–3652",
        WasteCategory.EMAIL_BOUNCED_OR_DUPLICATED: "L3654–3655",
        WasteCategory.UNPROCESSABLE_CALL: "L3656–3660",
        WasteCategory.WASTED_FIELD_VISIT: "L3662–3664",
        WasteCategory.INVOICING_ERROR: "L3666–3668",
    }
)
"""The line range of the CRM text that describes each category."""


def _finite_decimal(value: object, name: str, *, allow_float: bool) -> Decimal:
    """Return ``value`` as an exact, finite, non-negative Decimal, or raise naming ``name``."""
    if isinstance(value, Decimal):
        converted = value
    elif isinstance(value, int) and not isinstance(value, bool):
        converted = Decimal(value)
    elif allow_float and isinstance(value, float):
        # repr() is the shortest decimal that reads back as this float: the number typed.
        converted = Decimal(repr(value)) if math.isfinite(value) else Decimal("NaN")
    else:
        kinds = "a Decimal, an int or a float" if allow_float else "a Decimal or an int"
        hint = f"; write Decimal({str(value)!r})" if isinstance(value, float) else ""
        msg = f"{name!r} must be {kinds} (got {value!r}){hint}"
        raise InvalidArgument(msg, field=name, value=value)
    if not converted.is_finite() or converted < 0:
        msg = f"{name!r} must be finite and >= 0 (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return converted


def _validate_category(
    _instance: object, _attribute: attrs.Attribute[WasteCategory], value: object
) -> None:
    if not isinstance(value, WasteCategory):
        msg = f"'category' must be a WasteCategory (got {value!r})"
        raise InvalidArgument(msg, field="category", value=value)


def _validate_quantity(
    _instance: object, _attribute: attrs.Attribute[int | Decimal], value: object
) -> None:
    _finite_decimal(value, "quantity", allow_float=False)


def _validate_unit_cost(
    _instance: object, _attribute: attrs.Attribute[int | Decimal], value: object
) -> None:
    _finite_decimal(value, "unit_cost", allow_float=False)


def _validate_label(_instance: object, _attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        msg = f"'label' must be a string (got {value!r})"
        raise InvalidArgument(msg, field="label", value=value)


def expected_count(*, volume: int, rate: Decimal | float) -> Decimal:
    """Return the expected number of affected items: ``volume × rate``.

    Formula: ``k = V × r``. Symbols: ``V`` is ``volume`` (items sent or handled, for example
    pieces in a mailing), ``r`` is ``rate`` (the share of those items hit by a data error,
    a fraction in [0, 1]). Units: items. Typical uses (categories of CRM text L3647–3655):

    * returned mail: ``r`` = share of mailed records with an undeliverable address. This
      counts every undeliverable piece as returned, an upper bound when the post office
      discards some;
    * duplicate mail: ``r`` = share of mailed pieces that are surplus copies (a customer
      present three times contributes two surplus pieces);
    * bounced e-mail: ``r`` = share of addresses that bounce.

    A float ``rate`` is read as its shortest decimal form (``0.05`` as ``Decimal("0.05")``),
    the number that was typed; the product is exact and may be fractional: it is an
    expectation, not a count to round.

    Args:
        volume: ``V``, the items sent or handled (≥ 0).
        rate: ``r``, the share affected, in [0, 1].

    Returns:
        ``V × r`` as an exact Decimal.

    Raises:
        InvalidArgument: ``volume`` is not a non-negative int, or ``rate`` is outside [0, 1]
            or not a number.

    >>> expected_count(volume=40_000, rate=0.035)
    Decimal('1400.000')
    """
    given: object = volume  # checked at run time: callers may not run a type checker
    if isinstance(given, bool) or not isinstance(given, int) or given < 0:
        msg = f"'volume' must be an integer >= 0 (got {given!r})"
        raise InvalidArgument(msg, field="volume", value=given)
    share = _finite_decimal(rate, "rate", allow_float=True)
    if share > 1:
        msg = f"'rate' must be in [0, 1] (got {rate!r})"
        raise InvalidArgument(msg, field="rate", value=rate)
    return _EXACT.multiply(Decimal(given), share)


@attrs.frozen
class WasteLine:
    """One measured source of waste: how many times it happened and what each one cost.

    A category may have several lines, one per cost component: the text names three for a
    returned mail item, "production and mailing expenses", the post room's "handling" and the
    database correction (L3647–3649).

    Args:
        category: The kind of waste.
        quantity: How many times it happened (items, calls, visits, invoices); an ``int``,
            or a Decimal for an expected count from :func:`expected_count`.
        unit_cost: The cost of one occurrence, a Decimal (or ``int``) in the report's
            currency unit.
        label: An optional description, for example ``"post-room handling"``.

    >>> WasteLine(WasteCategory.DUPLICATE_MAIL, quantity=300, unit_cost=Decimal("0.62")).cost
    Decimal('186.00')
    """

    category: WasteCategory = attrs.field(validator=_validate_category)
    quantity: int | Decimal = attrs.field(kw_only=True, validator=_validate_quantity)
    unit_cost: int | Decimal = attrs.field(kw_only=True, validator=_validate_unit_cost)
    label: str = attrs.field(default="", kw_only=True, validator=_validate_label)

    @classmethod
    def from_rate(
        cls,
        category: WasteCategory,
        *,
        volume: int,
        rate: Decimal | float,
        unit_cost: int | Decimal,
        label: str = "",
    ) -> WasteLine:
        """Build a line whose quantity is ``volume × rate`` (see :func:`expected_count`).

        >>> line = WasteLine.from_rate(WasteCategory.RETURNED_MAIL, volume=50_000,
        ...                            rate=Decimal("0.04"), unit_cost=Decimal("1.10"))
        >>> (line.quantity, line.cost)
        (Decimal('2000.00'), Decimal('2200.0000'))
        """
        return cls(
            category,
            quantity=expected_count(volume=volume, rate=rate),
            unit_cost=unit_cost,
            label=label,
        )

    @property
    def cost(self) -> Decimal:
        """``quantity × unit_cost``, exact, in the report's currency unit.

        >>> WasteLine(WasteCategory.INVOICING_ERROR, quantity=4, unit_cost=25).cost
        Decimal('100')
        """
        return _EXACT.multiply(Decimal(self.quantity), Decimal(self.unit_cost))


@attrs.frozen
class CategoryCost:
    """The waste of one category: the sum of its lines' costs.

    Attributes:
        category: The kind of waste.
        cost: ``Σ quantity × unit_cost`` over its lines, in the report's currency unit.
    """

    category: WasteCategory
    cost: Decimal


@attrs.frozen
class WasteReport:
    """The waste caused by identification errors, per category and in total.

    Attributes:
        lines: The lines given, in their order.
        by_category: One entry per category present in ``lines``, in :class:`WasteCategory`
            order.
        total: The sum of every line's cost, in the report's currency unit.
    """

    lines: tuple[WasteLine, ...]
    by_category: tuple[CategoryCost, ...]
    total: Decimal

    def cost_of(self, category: WasteCategory) -> Decimal:
        """Return the cost of ``category``, ``Decimal(0)`` when no line has it.

        >>> report = data_quality_waste(())
        >>> report.cost_of(WasteCategory.INVOICING_ERROR)
        Decimal('0')
        """
        for entry in self.by_category:
            if entry.category is category:
                return entry.cost
        return Decimal(0)


def _sum(amounts: Iterable[Decimal]) -> Decimal:
    total = Decimal(0)
    for amount in amounts:
        total = _EXACT.add(total, amount)
    return total


def data_quality_waste(lines: Iterable[WasteLine]) -> WasteReport:
    """Return the cost of identification errors per category and in total.

    Formula: ``cost_c = Σ_{lines of c} q × u`` and ``total = Σ_c cost_c``, exact in
    :class:`~decimal.Decimal`. Symbols: ``q`` is ``WasteLine.quantity``, ``u`` is
    ``WasteLine.unit_cost``, ``c`` a :class:`WasteCategory`. Units: the caller's currency
    unit (one currency, no conversion). Categories after Mergen (2003) and Peelen and Redeman
    (2006), CRM text L3645–3668. Only direct waste is counted: the text's indirect effects
    (junk-mail perception, lost selling time, irritation; L3670–3678) have no unit cost here.

    Args:
        lines: The measured waste, any number of lines per category.

    Returns:
        The per-category costs and the total.

    Raises:
        InvalidArgument: an item of ``lines`` is not a :class:`WasteLine`.

    >>> report = data_quality_waste((
    ...     WasteLine(WasteCategory.RETURNED_MAIL, quantity=1200, unit_cost=Decimal("0.85"),
    ...               label="print and postage"),
    ...     WasteLine(WasteCategory.RETURNED_MAIL, quantity=1200, unit_cost=Decimal("0.40"),
    ...               label="post-room handling"),
    ...     WasteLine(WasteCategory.UNPROCESSABLE_CALL, quantity=350, unit_cost=Decimal("3.50")),
    ... ))
    >>> [(entry.category.value, entry.cost) for entry in report.by_category]
    [('returned_mail', Decimal('1500.00')), ('unprocessable_call', Decimal('1225.00'))]
    >>> report.total
    Decimal('2725.00')
    """
    given = tuple(lines)
    for index, item in enumerate(given):
        line: object = item  # checked at run time: callers may not run a type checker
        if not isinstance(line, WasteLine):
            msg = f"'lines[{index}]' must be a WasteLine (got {line!r})"
            raise InvalidArgument(msg, field=f"lines[{index}]", value=line)
    by_category = tuple(
        CategoryCost(category, _sum(line.cost for line in given if line.category is category))
        for category in WasteCategory
        if any(line.category is category for line in given)
    )
    return WasteReport(
        lines=given,
        by_category=by_category,
        total=_sum(entry.cost for entry in by_category),
    )
