"""Grades from scores: contiguous bands and letter ladders.

Two ways CRMs turn points into a grade, both plain data:

- :class:`Bands`: contiguous score ranges, highest first. Dynamics 365 grades leads A-D by
  ranges whose boundaries touch ("set Grade A min = 51 => Grade B max = 50", anchor notes
  A.5); HubSpot's fit tiers A/B/C and engagement tiers 1/2/3 are bands too. ``labels`` has one
  more entry than ``minimums``: a score at or above ``minimums[i]`` (and below the one
  before) gets ``labels[i]``; anything below the last minimum gets the last label. Ranges
  cannot overlap or leave gaps, by construction.
- :class:`Ladder`: a letter ladder walked in steps. Salesforce Account Engagement (Pardot)
  starts every prospect at D on the 13-rung ladder F, D-, D, D+, C-, C, C+, B-, B, B+, A-,
  A, A+ and moves it a third (one rung), two thirds or a whole letter (three rungs) per
  profile criterion: "it takes ten 1/3 adjustments to move a prospect from D to A+" (anchor
  notes A.2). With ``step=1`` each point is one rung, so grading rules score 1, 2 or 3
  points for a third, two thirds or a letter; the grade stops at either end.

This module imports the standard library, attrs and ``crmkit._errors`` only.

>>> PARDOT_LADDER.grade(10), PARDOT_LADDER.grade(-2)
('A+', 'F')
"""

from __future__ import annotations

import math

import attrs

from crmkit._errors import InvalidDefinition

__all__ = ["PARDOT_LADDER", "Bands", "Grading", "Ladder"]


def _labels(value: object) -> tuple[str, ...]:
    items = tuple(value) if isinstance(value, list | tuple) else None
    if not items or any(not isinstance(item, str) or not item.strip() for item in items):
        msg = f"'labels' must be a non-empty list of non-empty texts (got {value!r})"
        raise InvalidDefinition(msg, field="labels", value=value)
    if len(set(items)) != len(items):
        msg = f"'labels' must not repeat a label (got {value!r})"
        raise InvalidDefinition(msg, field="labels", value=value)
    return items


def _numbers(value: object) -> tuple[float, ...]:
    items = tuple(value) if isinstance(value, list | tuple) else None
    if items is None or any(
        isinstance(item, bool) or not isinstance(item, int | float) or not math.isfinite(item)
        for item in items
    ):
        msg = f"'minimums' must be a list of finite numbers (got {value!r})"
        raise InvalidDefinition(msg, field="minimums", value=value)
    return items


@attrs.frozen
class Bands:
    """Contiguous score bands, best first: ``labels[i]`` from ``minimums[i]`` up.

    Args:
        labels: The grades, best first (``("A", "B", "C", "D")``).
        minimums: The lowest score of each grade but the last, strictly decreasing.

    Raises:
        InvalidDefinition: Wrong lengths, repeated labels, or minimums not decreasing.

    The Dynamics 365 example: A from 51, B from 26 up to 50, C from 11, D below.

    >>> grades = Bands(("A", "B", "C", "D"), (51, 26, 11))
    >>> [grades.grade(score) for score in (100, 51, 50.5, 26, 10.9, -5)]
    ['A', 'A', 'B', 'B', 'D', 'D']
    """

    labels: tuple[str, ...] = attrs.field(converter=_labels)
    minimums: tuple[float, ...] = attrs.field(converter=_numbers)

    def __attrs_post_init__(self) -> None:
        if len(self.minimums) != len(self.labels) - 1:
            msg = (
                f"'minimums' must have one entry fewer than 'labels' ({len(self.labels)}) "
                f"(got {self.minimums!r})"
            )
            raise InvalidDefinition(msg, field="minimums", value=self.minimums)
        if any(a <= b for a, b in zip(self.minimums, self.minimums[1:], strict=False)):
            msg = f"'minimums' must be strictly decreasing (got {self.minimums!r})"
            raise InvalidDefinition(msg, field="minimums", value=self.minimums)

    def grade(self, score: float) -> str:
        """The label of the band holding ``score`` (boundaries belong to the higher band)."""
        for label, minimum in zip(self.labels, self.minimums, strict=False):
            if score >= minimum:
                return label
        return self.labels[-1]


@attrs.frozen
class Ladder:
    """A letter ladder, worst first, walked ``score / step`` rungs from ``start``.

    Args:
        labels: The rungs from worst to best.
        start: The rung every lead starts on.
        step: Points per rung (1: each point moves one rung).

    Raises:
        InvalidDefinition: Unknown ``start``, a step that is not > 0, or bad labels.

    ``rung = clamp(index(start) + trunc(score / step), 0, len(labels) − 1)``: a partial
    step counts only when complete, up or down (two thirds is not yet a letter, nor is
    minus two thirds).

    >>> PARDOT_LADDER.grade(2), PARDOT_LADDER.grade(3), PARDOT_LADDER.grade(0)
    ('C-', 'C', 'D')
    """

    labels: tuple[str, ...] = attrs.field(converter=_labels)
    start: str
    step: float = 1.0

    def __attrs_post_init__(self) -> None:
        if self.start not in self.labels:
            msg = f"'start' must be one of the labels {self.labels!r} (got {self.start!r})"
            raise InvalidDefinition(msg, field="start", value=self.start)
        step: object = self.step
        real = isinstance(step, int | float) and not isinstance(step, bool)
        if not (real and math.isfinite(float(step)) and float(step) > 0):  # type: ignore[arg-type]
            msg = f"'step' must be a number > 0 (got {step!r})"
            raise InvalidDefinition(msg, field="step", value=step)

    def grade(self, score: float) -> str:
        """The rung reached from ``start`` after ``score`` points."""
        # A tiny tolerance so that three thirds summed in floating point make a whole letter.
        steps = score / self.step
        rungs = int(math.copysign(math.floor(abs(steps) + 1e-9), steps))
        index = self.labels.index(self.start) + rungs
        return self.labels[min(max(index, 0), len(self.labels) - 1)]


#: Pardot's 13 grades, worst first, starting at D, one point a third of a letter.
PARDOT_LADDER = Ladder(
    ("F", "D-", "D", "D+", "C-", "C", "C+", "B-", "B", "B+", "A-", "A", "A+"), "D"
)

Grading = Bands | Ladder
