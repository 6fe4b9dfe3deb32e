"""RFM scoring: recency, frequency and monetary scores and named segments from a transaction log.

RFM (Hughes 1994, *Strategic Database Marketing*) reads each customer as three numbers as of
a date and scores each from 1 to ``bins`` (5: quintiles), higher being better:

* ``recency_days``: days from the customer's last purchase to ``as_of`` (R: fewer is better);
* ``frequency``: purchases; by default *purchase days*, so a basket exported as one row per
  line, or split over several orders on one day, counts once (``crmkit.value.summarize``
  does the same); ``frequency="transactions"`` counts purchase rows instead;
* ``monetary``: the customer's ``"total"`` spend (default) or its ``"mean"`` per purchase
  (total / frequency).

Refunds: a row with a negative amount is netted into ``monetary`` but is not a purchase, so
it neither counts for frequency nor moves recency. A customer with refunds only has no
purchase to score and is listed in :attr:`RfmTable.unscored`. Timestamps count as their
calendar day. Rows dated after ``as_of``, and rows with a missing amount (``None``, NaN or
``""``, as in notebook data), are errors naming the row: nothing is dropped silently.

Quantile scores (``edges=None``) use mid-ranks: of ``n`` customers, ``w`` have a strictly
worse value and ``t`` (the customer included) the same one; ``score = 1 + ⌊bins · (w + t / 2)
/ n⌋``. Equal values always share a score, a better value never scores lower, and without
ties the bins are as equal as can be (best customer ``bins``, worst 1); heavy ties leave some
scores unused, and a lone customer, or all customers equal, get the middle score. Fixed
thresholds: :class:`RfmEdges`. Segments: :class:`RfmSegment`, :data:`DEFAULT_SEGMENTS`.

This module imports the standard library, attrs, ``crmkit._errors`` and ``crmkit._frozen``.

>>> import datetime as dt
>>> rows = [("a", dt.date(2024, 6, 28), 120.0), ("a", dt.date(2024, 5, 2), 80.0),
...         ("b", dt.date(2024, 1, 9), 15.0), ("c", dt.date(2024, 6, 1), 40.0)]
>>> [(s.customer_id, s.code, s.segment) for s in rfm(rows, as_of=dt.date(2024, 7, 1))]
[('a', '555', 'Champions'), ('c', '323', 'Need attention'), ('b', '121', 'Hibernating')]
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import itertools
import math
import numbers
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, Final, Literal, cast

import attrs

from crmkit._errors import InvalidArgument, InvalidDefinition
from crmkit._frozen import FrozenDict

__all__ = [
    "DEFAULT_SEGMENTS",
    "RfmEdges",
    "RfmScore",
    "RfmSegment",
    "RfmTable",
    "check_segments",
    "rfm",
]

MAX_BINS: Final = 9  # one digit per score in the code string ("545")
_HTML_ROWS: Final = 50  # rows shown in Jupyter; the rest are counted
_FREQUENCY: Final = ("days", "transactions")
_MONETARY: Final = ("total", "mean")


def _fm(f: int, m: int) -> int:
    """The FM score: the mean of F and M rounded half up (``(f + m + 1) // 2``)."""
    return (f + m + 1) // 2


def _is_number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, numbers.Real) and math.isfinite(value)


def _rule(holds: Callable[[Any], object], must: str) -> Callable[[Any, Any, Any], None]:
    """An attrs validator raising InvalidArgument "'name' must be <must> (got value)"."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        del instance
        if not holds(value):
            msg = f"'{attribute.name}' must be {must} (got {value!r})"
            raise InvalidArgument(msg, field=attribute.name, value=value)

    return check


_SCORE = _rule(lambda v: type(v) is int and 1 <= v <= MAX_BINS, f"a score from 1 to {MAX_BINS}")
_RANGE = _rule(
    lambda v: v is None or (
        isinstance(v, tuple) and len(v) == 2 and all(type(x) is int for x in v)  # noqa: PLR2004
        and 1 <= v[0] <= v[1] <= MAX_BINS
    ),
    f"None or a (low, high) pair of scores, 1 <= low <= high <= {MAX_BINS}",
)  # fmt: skip
_EDGES = _rule(
    lambda v: v is None or (
        isinstance(v, tuple) and 1 <= len(v) < MAX_BINS and all(map(_is_number, v))
        and all(x < y for x, y in itertools.pairwise(v))
    ),
    f"None or a tuple of 1 to {MAX_BINS - 1} increasing numbers",
)  # fmt: skip


@attrs.frozen(kw_only=True)
class RfmSegment:
    """A named region of the score grid: every range given must hold (``None``: any score).

    Ranges are inclusive ``(low, high)`` pairs of scores. ``fm`` is the FM score, the mean
    of F and M rounded half up (``(f + m + 1) // 2``: F 5, M 4 gives FM 5), the axis of the
    usual R × FM segment grid; ``f`` and ``m`` restrict F and M themselves. Change one with
    ``attrs.evolve``.

    Attributes:
        name: The segment's name, unique in its map.
        r: Range of the R score, or ``None``.
        fm: Range of the FM score, or ``None``.
        f: Range of the F score, or ``None``.
        m: Range of the M score, or ``None``.
        description: Who the customers are, for reports.

    >>> lapsed = RfmSegment(name="Lapsed big spenders", r=(1, 2), m=(5, 5))
    >>> lapsed.matches(r=1, f=1, m=5), lapsed.matches(r=3, f=1, m=5)
    (True, False)
    """

    name: str = attrs.field(validator=_rule(lambda v: isinstance(v, str) and v, "a non-empty str"))
    r: tuple[int, int] | None = attrs.field(default=None, validator=_RANGE)
    fm: tuple[int, int] | None = attrs.field(default=None, validator=_RANGE)
    f: tuple[int, int] | None = attrs.field(default=None, validator=_RANGE)
    m: tuple[int, int] | None = attrs.field(default=None, validator=_RANGE)
    description: str = attrs.field(default="", validator=attrs.validators.instance_of(str))

    def matches(self, *, r: int, f: int, m: int) -> bool:
        """Whether scores ``r``, ``f``, ``m`` fall in every range the segment gives.

        >>> RfmSegment(name="Recent", r=(4, 5)).matches(r=5, f=1, m=1)
        True
        """
        pairs = ((self.r, r), (self.fm, _fm(f, m)), (self.f, f), (self.m, m))
        return all(span is None or span[0] <= score <= span[1] for span, score in pairs)


def _segment(name: str, r: tuple[int, int], fm: tuple[int, int], description: str) -> RfmSegment:
    return RfmSegment(name=name, r=r, fm=fm, description=description)


DEFAULT_SEGMENTS: Final = (
    _segment("Champions", (5, 5), (4, 5), "Bought most recently, buy often, spend the most."),
    _segment("Loyal customers", (3, 4), (4, 5), "Buy often and spend well; fairly recent."),
    _segment("Potential loyalists", (4, 5), (2, 3), "Recent, with average frequency and spend."),
    _segment("New customers", (5, 5), (1, 1), "Bought most recently, but little so far."),
    _segment("Promising", (4, 4), (1, 1), "Fairly recent buyers who have bought little."),
    _segment("Need attention", (3, 3), (3, 3), "Average recency, frequency and spend."),
    _segment("About to sleep", (3, 3), (1, 2), "Average recency; below-average F and M."),
    _segment("At risk", (1, 2), (3, 4), "Bought often and spent well, but long ago."),
    _segment("Can't lose them", (1, 2), (5, 5), "Top frequency and spend, but long ago."),
    _segment("Lost", (1, 1), (1, 1), "The lowest recency, frequency and spend."),
    _segment("Hibernating", (1, 2), (1, 2), "Bought little, rarely and long ago."),
)
"""The widely used 11-segment map on the 1–5 R × FM grid: a convention, not a standard.

Names and descriptions follow Putler's RFM segments ("RFM Analysis For Successful Customer
Segmentation", putler.com). Putler's table gives each segment overlapping ranges (Hibernating
and Lost share R ≤ 2, FM ≤ 2), so as printed it cannot be read as a first-match map; the cells
here are the 5 × 5 R × FM grid widely reproduced from it (in many notebooks as a ten-entry
``seg_map`` of regular expressions on R and F), with Putler's Lost as the single cell R 1,
FM 1 carved out of Hibernating (which is why Lost comes first). Each segment lies within
Putler's range except Can't lose them, which also takes R 2 (Putler: R 1)::

    FM 5 | Can't lose  Can't lose  Loyal       Loyal       Champions
    FM 4 | At risk     At risk     Loyal       Loyal       Champions
    FM 3 | At risk     At risk     Need att.   Pot. loyal  Pot. loyal
    FM 2 | Hibernating Hibernating About sleep Pot. loyal  Pot. loyal
    FM 1 | Lost        Hibernating About sleep Promising   New
           R 1         R 2         R 3         R 4         R 5
"""


def _check_bins(bins: object) -> int:
    if type(bins) is not int or not 2 <= bins <= MAX_BINS:  # noqa: PLR2004 - two bins at least
        msg = f"'bins' must be a whole number from 2 to {MAX_BINS} (got {bins!r})"
        raise InvalidArgument(msg, field="bins", value=bins)
    return bins


def _cells(segments: object, bins: object) -> dict[tuple[int, int, int], str]:
    """(r, f, m) -> the first segment matching it; checks the map (see check_segments)."""
    size = _check_bins(bins)
    if not isinstance(segments, tuple) or not all(isinstance(s, RfmSegment) for s in segments):
        msg = f"'segments' must be a tuple of RfmSegment (got {segments!r})"
        raise InvalidArgument(msg, field="segments", value=segments)
    names = [s.name for s in segments]
    if duplicates := sorted({n for n in names if names.count(n) > 1}):
        msg = f"'segments' must have unique names (got {duplicates!r} more than once)"
        raise InvalidDefinition(msg, field="segments", value=tuple(duplicates))
    for s in segments:
        for part in ("r", "fm", "f", "m"):
            span = getattr(s, part)
            if span is not None and span[1] > size:
                msg = f"'segments' {s.name!r} {part} must be within 1..{size} (got {span!r})"
                raise InvalidDefinition(msg, field="segments", value=s)
    cells: dict[tuple[int, int, int], str] = {}
    if not segments:
        return cells
    grid = range(1, size + 1)
    for key in ((r, f, m) for r in grid for f in grid for m in grid):
        cells[key] = next((s.name for s in segments if s.matches(r=key[0], f=key[1], m=key[2])), "")
    if uncovered := tuple("".join(map(str, key)) for key, name in cells.items() if not name):
        shown = ", ".join(uncovered[:10]) + (", ..." if len(uncovered) > 10 else "")  # noqa: PLR2004
        msg = f"'segments' must cover every R-F-M code; {len(uncovered)} match none: {shown}"
        raise InvalidDefinition(msg, field="segments", value=uncovered)
    won = set(cells.values())
    if shadowed := tuple(n for n in names if n not in won):
        msg = f"'segments' {shadowed!r} never match: earlier segments take all their cells"
        raise InvalidDefinition(msg, field="segments", value=shadowed)
    return cells


def check_segments(segments: tuple[RfmSegment, ...], bins: int) -> None:
    """Check a segment map on the 1..``bins`` scale; :func:`rfm` calls it.

    A customer gets the first segment whose ranges all hold. The map must name each segment
    once, keep its ranges within ``1..bins``, give every R-F-M code a segment, and let each
    segment win at least one code (one hidden behind earlier ones is a mistake). An empty
    map is valid: customers then get no segment.

    Args:
        segments: The map, in priority order.
        bins: The score scale.

    Raises:
        InvalidDefinition: Naming the uncovered codes, or the duplicate or hidden segments.

    >>> check_segments(DEFAULT_SEGMENTS, 5)
    >>> check_segments(DEFAULT_SEGMENTS[:-1], 5)
    Traceback (most recent call last):
    ...
    crmkit._errors.InvalidDefinition: 'segments' must cover every R-F-M code; 11 match none: ...
    """
    _cells(segments, bins)


@attrs.frozen(kw_only=True)
class RfmEdges:
    """Fixed score thresholds per dimension; ``None`` keeps quantile scores for that one.

    Each tuple holds ``bins - 1`` increasing edges. Recency edges are inclusive *upper*
    limits in days: ``(30, 90, 180, 365)`` scores 0–30 days 5, 31–90 4, 91–180 3, 181–365 2
    and older 1. Frequency and monetary edges are inclusive *lower* limits: frequency
    ``(2, 3, 5, 10)`` scores 1 purchase 1, 2 → 2, 3–4 → 3, 5–9 → 4, 10 or more 5.

    Attributes:
        recency: Day limits, or ``None``.
        frequency: Purchase-count limits, or ``None``.
        monetary: Money limits (of the ``monetary`` measure chosen), or ``None``.

    >>> RfmEdges(recency=(30, 90, 180, 365), frequency=(2, 3, 5, 10)).bins
    5
    """

    recency: tuple[float, ...] | None = attrs.field(default=None, validator=_EDGES)
    frequency: tuple[float, ...] | None = attrs.field(default=None, validator=_EDGES)
    monetary: tuple[float, ...] | None = attrs.field(default=None, validator=_EDGES)

    def __attrs_post_init__(self) -> None:
        """Check that every dimension given has the same number of edges."""
        if len({len(e) for e in (self.recency, self.frequency, self.monetary) if e}) > 1:
            msg = f"'edges' must give each dimension the same number of edges (got {self!r})"
            raise InvalidArgument(msg, field="edges", value=self)

    @property
    def bins(self) -> int | None:
        """The scale the edges define (edges + 1), or ``None`` when no dimension has edges."""
        given = [e for e in (self.recency, self.frequency, self.monetary) if e is not None]
        return len(given[0]) + 1 if given else None


@attrs.frozen(kw_only=True)
class RfmScore:
    """One customer's RFM values, scores and segment.

    Attributes:
        customer_id: The customer's id.
        recency_days: Days from the last purchase to ``as_of`` [days, >= 0].
        frequency: Purchase days, or purchase rows [count, >= 1].
        monetary: Total, or mean per purchase, of the amounts, refunds netted [money].
        r: Recency score, 1..bins (recent = high).
        f: Frequency score, 1..bins.
        m: Monetary score, 1..bins.
        segment: The segment's name, or ``None`` when no segments were given.

    >>> score = RfmScore(customer_id="a", recency_days=3, frequency=4, monetary=310.0,
    ...                  r=5, f=4, m=5, segment="Champions")
    >>> score.code, score.fm
    ('545', 5)
    """

    customer_id: Hashable
    recency_days: int = attrs.field(validator=attrs.validators.ge(0))
    frequency: int = attrs.field(validator=attrs.validators.ge(1))
    monetary: float
    r: int = attrs.field(validator=_SCORE)
    f: int = attrs.field(validator=_SCORE)
    m: int = attrs.field(validator=_SCORE)
    segment: str | None = None

    @property
    def code(self) -> str:
        """The scores as the usual three-digit RFM code, R then F then M (``"545"``)."""
        return f"{self.r}{self.f}{self.m}"

    @property
    def fm(self) -> int:
        """The FM score: the mean of F and M rounded half up."""
        return _fm(self.f, self.m)


def _index(table: RfmTable) -> FrozenDict[Hashable, RfmScore]:
    return FrozenDict((score.customer_id, score) for score in table.scores)


@attrs.frozen(kw_only=True)
class RfmTable:
    """The scores of every customer, best first, with the definition that produced them.

    Iterating gives the :class:`RfmScore` values, sorted by R, F then M score descending and
    then by customer id (by ``repr`` when ids do not compare), whatever the input order.

    Attributes:
        scores: One :class:`RfmScore` per customer with a purchase.
        as_of: The date recency is counted to.
        bins: The score scale.
        edges: The fixed edges used, or ``None`` for quantile scores throughout.
        frequency: ``"days"`` or ``"transactions"``.
        monetary: ``"total"`` or ``"mean"``.
        segments: The segment map used (empty: no segments).
        unscored: Customers with refunds only, in the same id order.
        by_customer: Customer id -> :class:`RfmScore`.

    >>> import datetime as dt
    >>> table = rfm([("a", dt.date(2024, 6, 1), 10.0), ("b", dt.date(2024, 6, 1), -5.0)],
    ...             as_of=dt.date(2024, 7, 1))
    >>> len(table), table.by_customer["a"].recency_days, table.unscored
    (1, 30, ('b',))
    """

    scores: tuple[RfmScore, ...]
    as_of: dt.date
    bins: int
    edges: RfmEdges | None = None
    frequency: Literal["days", "transactions"] = "days"
    monetary: Literal["total", "mean"] = "total"
    segments: tuple[RfmSegment, ...] = DEFAULT_SEGMENTS
    unscored: tuple[Hashable, ...] = ()
    by_customer: FrozenDict[Hashable, RfmScore] = attrs.field(
        init=False, repr=False, eq=False, default=attrs.Factory(_index, takes_self=True)
    )

    def __iter__(self) -> Iterator[RfmScore]:
        """The scores, best first."""
        return iter(self.scores)

    def __len__(self) -> int:
        """The number of customers scored."""
        return len(self.scores)

    @property
    def segment_counts(self) -> FrozenDict[str, int]:
        """Segment name -> customers in it, in the map's order, empty segments included.

        >>> import datetime as dt
        >>> rows = [("a", dt.date(2024, 6, 30), 90.0), ("b", dt.date(2023, 6, 1), 10.0)]
        >>> counts = rfm(rows, as_of=dt.date(2024, 7, 1)).segment_counts
        >>> counts["Loyal customers"], counts["At risk"], counts["Champions"], len(counts)
        (1, 1, 0, 11)
        """
        counts = dict.fromkeys((s.name for s in self.segments), 0)
        for score in self.scores:
            if score.segment is not None:
                counts[score.segment] += 1
        return FrozenDict(counts)

    def _repr_html_(self) -> str:
        """Segment counts and the first rows, for Jupyter (text escaped)."""
        esc, more = html.escape, len(self) - _HTML_ROWS
        how = "quantile" if self.edges is None else "fixed edges"
        counts = "".join(
            f"<tr><td>{esc(k)}</td><td>{n}</td></tr>" for k, n in self.segment_counts.items()
        )
        rows = "".join(
            f"<tr><td>{esc(str(s.customer_id))}</td><td>{s.recency_days}</td><td>{s.frequency}</td>"
            f"<td>{s.monetary:,.2f}</td><td>{s.code}</td><td>{esc(s.segment or '')}</td></tr>"
            for s in self.scores[:_HTML_ROWS]
        )
        return (
            f"<p><b>RFM</b> of {len(self)} customers as of {self.as_of.isoformat()}: {self.bins} "
            f"bins, {how}, frequency in {self.frequency}, {self.monetary} spend</p>"
            + (f"<table><tr><th>segment</th><th>customers</th></tr>{counts}</table>" * bool(counts))
            + "<table><tr><th>customer</th><th>recency days</th><th>frequency</th><th>monetary</th>"
            + f"<th>RFM</th><th>segment</th></tr>{rows}</table>"
            + (f"<p>… and {more} more</p>" if more > 0 else "")
        )  # fmt: skip


def _is_missing(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, numbers.Real) and math.isnan(value))


def _problem(customer: object, day: object, amount: object, as_of: dt.date) -> str:
    """What is wrong with a row, or ``""``."""
    if _is_missing(customer):
        return "customer_id must not be missing"
    try:
        hash(customer)
    except TypeError:
        return "customer_id must be hashable"
    if not isinstance(day, dt.date):
        return "date must be a date or a timestamp"
    if day > as_of:
        return f"must be dated on or before as_of {as_of!r}"
    if _is_missing(amount):
        return "amount must not be missing"
    return "" if _is_number(amount) else "amount must be a finite number"


def _histories(transactions: Iterable[object], as_of: dt.date) -> dict[Hashable, _History]:
    histories: dict[Hashable, _History] = {}
    for index, row in enumerate(transactions):
        field = f"transactions[{index}]"
        problem = "must be (customer_id, date, amount)"
        if isinstance(row, tuple | list) and len(row) == 3:  # noqa: PLR2004 - id, date, amount
            customer, when, amount = row
            day = when.date() if isinstance(when, dt.datetime) else when
            problem = _problem(customer, day, amount, as_of)
        if problem:
            msg = f"'{field}' {problem} (got {row!r})"
            raise InvalidArgument(msg, field=field, value=row)
        history = histories.setdefault(customer, _History())
        history.amounts.append(float(amount))
        if amount >= 0:  # a refund is netted into monetary but is not a purchase
            history.days.add(day)
            history.purchases += 1
    return histories


@attrs.define
class _History:
    amounts: list[float] = attrs.Factory(list)
    days: set[dt.date] = attrs.Factory(set)
    purchases: int = 0


def _bin(
    values: list[float], bins: int, edges: tuple[float, ...] | None, *, low: bool
) -> list[int]:
    """Scores of ``values`` (``low``: smaller is better), by ``edges`` or by mid-rank."""
    if edges is not None:
        if low:
            return [bins - bisect.bisect_left(edges, v) for v in values]
        return [1 + bisect.bisect_right(edges, v) for v in values]
    ordered, n, scores = sorted(values), len(values), []
    for v in values:
        below, upto = bisect.bisect_left(ordered, v), bisect.bisect_right(ordered, v)
        worse = n - upto if low else below
        scores.append(1 + bins * (2 * worse + upto - below) // (2 * n))  # exact integers
    return scores


def _sorted_ids(ids: Iterable[Hashable]) -> list[Hashable]:
    try:
        return sorted(cast("Iterable[Any]", ids))
    except TypeError:  # ids of mixed types: by repr, still independent of the input order
        return sorted(ids, key=repr)


def _options(as_of: object, bins: int, edges: object, frequency: object, monetary: object) -> None:
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        msg = f"'as_of' must be a date, not a timestamp (got {as_of!r})"
        raise InvalidArgument(msg, field="as_of", value=as_of)
    if edges is not None and not (isinstance(edges, RfmEdges) and edges.bins in (None, bins)):
        msg = f"'edges' must be RfmEdges with bins - 1 = {bins - 1} edges each (got {edges!r})"
        raise InvalidArgument(msg, field="edges", value=edges)
    for name, value, allowed in (("frequency", frequency, _FREQUENCY), ("monetary", monetary, _MONETARY)):  # fmt: skip  # noqa: E501
        if value not in allowed:
            msg = f"'{name}' must be one of {allowed!r} (got {value!r})"
            raise InvalidArgument(msg, field=name, value=value)


def rfm(
    transactions: Iterable[tuple[Hashable, dt.date, float]],
    *,
    as_of: dt.date,
    bins: int = 5,
    edges: RfmEdges | None = None,
    frequency: Literal["days", "transactions"] = "days",
    monetary: Literal["total", "mean"] = "total",
    segments: tuple[RfmSegment, ...] = DEFAULT_SEGMENTS,
) -> RfmTable:
    """Score every customer's recency, frequency and monetary value and name their segment.

    Values and scores are defined in the module docstring: mid-rank quantile scores
    ``1 + ⌊bins · (w + t / 2) / n⌋`` unless ``edges`` fixes a dimension's thresholds. The
    segment is the first of ``segments`` matching the scores (:func:`check_segments` checks
    the map first).

    Args:
        transactions: ``(customer_id, date, amount)`` rows; dates may be timestamps; a
            negative amount is a refund.
        as_of: The date recency is counted to; no row may be later.
        bins: The score scale, 2 to 9.
        edges: Fixed thresholds, ``bins - 1`` per dimension given, or ``None``.
        frequency: Count purchase ``"days"`` (default) or ``"transactions"`` (rows).
        monetary: ``"total"`` spend (default) or ``"mean"`` per purchase.
        segments: The segment map; ``()`` for none. The default is for 5 bins.

    Returns:
        The :class:`RfmTable`.

    Raises:
        InvalidArgument: For a bad option, or a row that is malformed, dated after
            ``as_of`` or without an amount (the message names the row).
        InvalidDefinition: For a segment map that :func:`check_segments` rejects.

    >>> import datetime as dt
    >>> rows = [("a", dt.date(2024, 6, 20), 50.0), ("b", dt.date(2024, 2, 1), 900.0)]
    >>> table = rfm(rows, as_of=dt.date(2024, 7, 1), bins=3, segments=())
    >>> [(s.customer_id, s.recency_days, s.code) for s in table]
    [('a', 11, '321'), ('b', 151, '123')]
    """
    cells = _cells(segments, bins)
    _options(as_of, bins, edges, frequency, monetary)
    histories = _histories(transactions, as_of)
    ids = _sorted_ids(histories)
    bought = [(c, histories[c]) for c in ids if histories[c].days]
    recency = [(as_of - max(h.days)).days for _, h in bought]
    counts = [len(h.days) if frequency == "days" else h.purchases for _, h in bought]
    spend = [math.fsum(h.amounts) for _, h in bought]
    if monetary == "mean":
        spend = [total / count for total, count in zip(spend, counts, strict=True)]
    fixed = edges or RfmEdges()
    r = _bin([float(d) for d in recency], bins, fixed.recency, low=True)
    f = _bin([float(n) for n in counts], bins, fixed.frequency, low=False)
    m = _bin(spend, bins, fixed.monetary, low=False)
    scores = [
        RfmScore(customer_id=c, recency_days=recency[i], frequency=counts[i], monetary=spend[i],
                 r=r[i], f=f[i], m=m[i], segment=cells.get((r[i], f[i], m[i])))
        for i, (c, _) in enumerate(bought)
    ]  # fmt: skip
    scores.sort(key=lambda s: (-s.r, -s.f, -s.m))  # stable: equal codes stay in id order
    unscored = tuple(c for c in ids if not histories[c].days)
    return RfmTable(
        scores=tuple(scores), as_of=as_of, bins=bins, edges=edges, frequency=frequency,
        monetary=monetary, segments=segments, unscored=unscored,
    )  # fmt: skip
