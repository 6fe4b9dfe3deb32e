"""Scorecard scaling: log-odds to points, and a logistic fit's coefficients as points.

Siddiqi (2006), *Credit Risk Scorecards*, Wiley, ch. 10 "Scaling": a score is linear in the
natural log of the odds, fixed by the score ``base_score`` given at odds ``base_odds`` and
the points ``pdo`` that double the odds::

    score = offset + factor · ln(odds),    factor = pdo / ln 2,
    offset = base_score − factor · ln(base_odds)

(from ``base_score = offset + factor ln(base_odds)`` and ``base_score + pdo = offset +
factor ln(2 base_odds)``). Siddiqi's worked example, 600 points at odds of 50:1 with 20
points to double the odds, gives ``factor = 28.8539`` and ``offset = 487.123``. Here the odds
are those of outcome 1 as fitted by :func:`crmkit.scoring._logistic.fit_logistic`,
``π / (1 − π)`` (Siddiqi's good:bad odds, with "good" the outcome coded 1, such as a lead that
converts): the score rises as outcome 1 grows likelier.

With ``ln(odds) = β_0 + Σ_j β_j x_j`` the score splits into points: base points
``offset + factor β_0`` plus ``factor β_j`` for each unit of feature ``j``. For 0/1 rule
indicators a lead's score is the base points plus the points of the rules it matches,
exactly (before any rounding of the points).

This module is a leaf: it imports the standard library, attrs, ``crmkit._errors`` and
``crmkit._frozen`` only (it reads a fit through the :class:`LinearLogOdds` protocol).

>>> scaling = scorecard_scaling(base_score=600, base_odds=50, points_to_double_odds=20)
>>> round(scaling.factor, 4), round(scaling.offset, 3), round(scaling.points(math.log(100)), 6)
(28.8539, 487.123, 620.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Protocol

import attrs

from crmkit._errors import InvalidArgument
from crmkit._frozen import FrozenDict

__all__ = [
    "LinearLogOdds",
    "ScorecardPoints",
    "ScorecardScaling",
    "coefficient_points",
    "scorecard_scaling",
]


def _finite(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    del instance
    try:
        ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    except OverflowError:  # an int beyond the float range
        ok = False
    if not ok:
        msg = f"'{attribute.name}' must be a finite number (got {value!r})"
        raise InvalidArgument(msg, field=attribute.name, value=value)


def _positive(instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    _finite(instance, attribute, value)
    if not value > 0:  # type: ignore[operator]
        msg = f"'{attribute.name}' must be a finite number > 0 (got {value!r})"
        raise InvalidArgument(msg, field=attribute.name, value=value)


@attrs.frozen(kw_only=True)
class ScorecardScaling:
    """The linear map between log-odds and score points (Siddiqi 2006, ch. 10).

    Attributes:
        base_score: The score given at ``base_odds``.
        base_odds: Odds of outcome 1 to outcome 0 at ``base_score`` (> 0; 50 means 50:1).
        points_to_double_odds: ``pdo`` (> 0), the points that double the odds.
        factor: ``pdo / ln 2``, points per unit of log-odds (derived).
        offset: ``base_score − factor · ln(base_odds)``, the score at odds 1:1 (derived).

    Raises ``InvalidArgument`` unless the three inputs are finite numbers and the odds and
    ``pdo`` positive.

    >>> scaling = ScorecardScaling(base_score=600, base_odds=50, points_to_double_odds=20)
    >>> round(math.exp(scaling.log_odds(600)), 9)
    50.0
    """

    base_score: float = attrs.field(validator=_finite)
    base_odds: float = attrs.field(validator=_positive)
    points_to_double_odds: float = attrs.field(validator=_positive)
    factor: float = attrs.field(init=False)
    offset: float = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        """Derive ``factor`` and ``offset`` once the inputs are checked."""
        factor = self.points_to_double_odds / math.log(2.0)
        object.__setattr__(self, "factor", factor)
        object.__setattr__(self, "offset", self.base_score - factor * math.log(self.base_odds))

    def points(self, log_odds: float) -> float:
        """``offset + factor · log_odds``, the score of a lead with these log-odds.

        >>> scaling = scorecard_scaling(base_score=600, base_odds=50, points_to_double_odds=20)
        >>> round(scaling.points(math.log(50)), 9), round(scaling.points(math.log(25)), 9)
        (600.0, 580.0)
        """
        return self.offset + self.factor * log_odds

    def log_odds(self, score: float) -> float:
        """``(score − offset) / factor``, the inverse of :meth:`points`.

        >>> scaling = scorecard_scaling(base_score=600, base_odds=50, points_to_double_odds=20)
        >>> round(math.exp(scaling.log_odds(640)), 9)  # 40 points more: odds doubled twice
        200.0
        """
        return (score - self.offset) / self.factor


def scorecard_scaling(
    *, base_score: float, base_odds: float, points_to_double_odds: float
) -> ScorecardScaling:
    """The scaling that gives ``base_score`` at ``base_odds`` and doubles the odds every pdo.

    ``factor = pdo / ln 2``, ``offset = base_score − factor · ln(base_odds)`` (Siddiqi 2006,
    ch. 10). Raises ``InvalidArgument`` as :class:`ScorecardScaling` does.

    >>> scaling = scorecard_scaling(base_score=600, base_odds=50, points_to_double_odds=20)
    >>> round(scaling.factor, 4), round(scaling.offset, 4)
    (28.8539, 487.1229)
    """
    return ScorecardScaling(
        base_score=base_score, base_odds=base_odds, points_to_double_odds=points_to_double_odds
    )


class LinearLogOdds(Protocol):
    """A model whose log-odds are ``intercept + Σ_j coefficients[j] · x_j`` (a logistic fit).

    ``FittedLogistic`` is one; so is any object with these two attributes.

    >>> from types import SimpleNamespace
    >>> model: LinearLogOdds = SimpleNamespace(intercept=-1.0, coefficients={"demo": 2.5})
    >>> model.intercept + model.coefficients["demo"]  # the log-odds of a lead with a demo
    1.5
    """

    @property
    def intercept(self) -> float:
        """``β_0``."""

    @property
    def coefficients(self) -> Mapping[str, float]:
        """``name -> β_j``."""


@attrs.frozen(kw_only=True)
class ScorecardPoints:
    """A logistic fit as points: a lead scores ``base_points + Σ_j points[j] · x_j``.

    Attributes:
        base_points: ``offset + factor · β_0``, the score of a lead with every feature 0.
        points: ``name -> factor · β_j``, the points per unit of each feature (for a 0/1
            rule, the points a lead gains when it matches).

    >>> card = ScorecardPoints(base_points=429.4, points=FrozenDict({"demo": 43.3}))
    >>> card.base_points + card.points["demo"]  # a lead that booked a demo
    472.7
    """

    base_points: float
    points: FrozenDict[str, float]


def coefficient_points(fit: LinearLogOdds, scaling: ScorecardScaling) -> ScorecardPoints:
    """Each coefficient as points: ``factor · β_j``, with base points ``offset + factor · β_0``.

    Since ``score = offset + factor (β_0 + Σ_j β_j x_j)`` (Siddiqi 2006, ch. 10), the base
    points plus the points of a lead's features (each times its value: for 0/1 rules, the
    points of the rules it matches) equal ``scaling.points(log_odds)``, exactly before any
    rounding of the points (in floating point, to rounding error).

    >>> from types import SimpleNamespace
    >>> fit = SimpleNamespace(intercept=-2.0, coefficients={"demo": 1.5})
    >>> scaling = scorecard_scaling(base_score=600, base_odds=50, points_to_double_odds=20)
    >>> card = coefficient_points(fit, scaling)
    >>> round(card.base_points, 4), round(card.points["demo"], 4)
    (429.4151, 43.2809)
    """
    factor = scaling.factor
    return ScorecardPoints(
        base_points=scaling.offset + factor * fit.intercept,
        points=FrozenDict((name, factor * beta) for name, beta in fit.coefficients.items()),
    )
