"""A subject's life-cycle state with its whole history: start, advance, replay.

The state is a frozen value: the current stage, every visit to a stage (entered, exited,
the event and reason that brought it there) and every event applied (accepted or
rejected), with the life-cycle's name and version. :func:`advance` is pure: it returns a new
state and never runs side effects (XState's "transitions are pure", anchor notes B.3), so a
state can be stored, restored and audited; :func:`replay` rebuilds a state from its events
and gives back exactly the state that produced them (persisting state with its history is
what users of python-statemachine and transitions ask for most, anchor notes B.1-B.3).

Moments are dates or datetimes, one kind per state; events must come in time order.

This module imports the standard library, attrs, ``crmkit._errors``, ``crmkit._frozen`` and
``crmkit.lifecycle._definition``.

>>> import datetime as dt
>>> from crmkit.lifecycle._definition import Lifecycle, Stage, Transition
>>> deal = Lifecycle("deal", (Stage("open"), Stage("won", terminal=True)),
...                  (Transition("win", ("open",), "won"),), initial="open")
>>> state = advance(start(deal, at=dt.date(2026, 1, 5), subject_id=1), "win", deal,
...                 at=dt.date(2026, 2, 1))
>>> state.stage, [(v.stage, v.entered, v.exited) for v in state.visits][0]
('won', ('open', datetime.date(2026, 1, 5), datetime.date(2026, 2, 1)))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast

import attrs

from crmkit._errors import InvalidArgument, InvalidTransition
from crmkit._frozen import FrozenDict, freeze
from crmkit.lifecycle._definition import Lifecycle

__all__ = ["Guard", "LifecycleState", "Step", "Visit", "advance", "moment", "replay", "start"]

#: A guard: ``(subject, event data) -> bool``; the subject is what the caller passes.
Guard = Callable[[Mapping[str, Any], Mapping[str, Any]], bool]
_EMPTY: FrozenDict[str, Any] = FrozenDict()


@attrs.frozen
class Visit:
    """One stay in a stage: when it began and ended, and what brought the subject there.

    Attributes:
        stage: The stage.
        entered: When the subject entered it.
        exited: When it left (``None`` while it is still there).
        event: The event that brought it in (``None`` for the initial stage).
        reason: The reason given with that event.
    """

    stage: str
    entered: dt.date
    exited: dt.date | None = None
    event: str | None = None
    reason: str = ""


def _data(value: object) -> FrozenDict[str, Any]:
    if not isinstance(value, Mapping):
        msg = f"'data' must be a mapping of an event's fields (got {value!r})"
        raise InvalidArgument(msg, field="data", value=value)
    if isinstance(value, FrozenDict):
        # crmkit's own read-only mapping: made below from checked data, or read from JSON;
        # not checked again each time a step is recorded (replay's hot path)
        return value
    _json_ready(value, "data")
    return freeze(value)


def _json_ready(value: object, where: str) -> None:
    """Refuse what JSON cannot hold as it is, so a stored history reads back equal."""
    if value is None or isinstance(value, str | int | float):  # bool is an int
        return
    if isinstance(value, list):
        for position, item in enumerate(value):
            _json_ready(item, f"{where}[{position}]")
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                msg = f"'{where}' keys must be text (got {key!r})"
                raise InvalidArgument(msg, field="data", value=key)
            _json_ready(item, f"{where}[{key!r}]")
        return
    hint = (
        " (a list)"
        if isinstance(value, tuple)
        else " (ISO text)"
        if isinstance(value, dt.date)
        else ""
    )
    msg = (
        f"'{where}' must hold JSON-ready values: text, numbers, True/False, None, lists and "
        f"mappings{hint} (got {value!r}), so that a stored history reads back equal"
    )
    raise InvalidArgument(msg, field="data", value=value)


@attrs.frozen
class Step:
    """One event applied to a state, as recorded in its history (and replayed from it).

    Attributes:
        event: The event's name.
        at: When it happened.
        data: The event's data (what guards read), JSON-ready values.
        reason: Free text (who or what caused it).
        accepted: Whether it moved (or kept) the subject by a transition; a rejected step
            is recorded only in lenient mode, with ``outcome`` saying why.
        outcome: The stage reached, or why the event was rejected.
    """

    event: str
    at: dt.date
    data: FrozenDict[str, Any] = attrs.field(default=_EMPTY, converter=_data)
    reason: str = ""
    accepted: bool = True
    outcome: str = ""


@attrs.frozen
class LifecycleState:
    """A subject's place in a life-cycle, with its whole history.

    Attributes:
        lifecycle: The life-cycle's name.
        version: The life-cycle's version the state was built with.
        subject_id: Whose state it is (any value; ``None`` if not given).
        visits: Every stay in a stage, oldest first; the last one is current.
        steps: Every event applied, oldest first (rejected ones too, in lenient mode).
    """

    lifecycle: str
    version: str
    subject_id: object
    visits: tuple[Visit, ...]
    steps: tuple[Step, ...] = ()

    def __attrs_post_init__(self) -> None:
        visits: object = self.visits
        if (
            not isinstance(visits, tuple)
            or not visits
            or not all(isinstance(visit, Visit) for visit in visits)
        ):
            msg = f"'visits' must be a non-empty tuple of Visit values (got {visits!r})"
            raise InvalidArgument(msg, field="visits", value=visits)

    @property
    def stage(self) -> str:
        """The current stage."""
        return self.visits[-1].stage

    @property
    def started(self) -> dt.date:
        """When the subject entered the life-cycle."""
        return self.visits[0].entered

    @property
    def since(self) -> dt.date:
        """When the subject entered its current stage."""
        return self.visits[-1].entered

    def _repr_html_(self) -> str:
        import html  # noqa: PLC0415  (only notebooks need it)

        rows = "".join(
            f"<tr><td>{html.escape(v.stage)}</td><td>{v.entered}</td>"
            f"<td>{'' if v.exited is None else v.exited}</td>"
            f"<td>{html.escape(v.event or '')}</td><td>{html.escape(v.reason)}</td></tr>"
            for v in self.visits
        )
        rejected = sum(1 for step in self.steps if not step.accepted)
        note = f"; {rejected} rejected events" if rejected else ""
        return (
            f"<table><caption>{html.escape(str(self.subject_id))} in "
            f"{html.escape(self.lifecycle)} v{html.escape(self.version)}: "
            f"<b>{html.escape(self.stage)}</b> since {self.since}{note}</caption>"
            f"<tr><th>stage</th><th>entered</th><th>exited</th><th>event</th><th>reason</th>"
            f"</tr>{rows}</table>"
        )


def moment(name: str, value: object, like: dt.date | None) -> dt.date:
    """``value`` if it is a date or datetime of the same kind as ``like`` (when given).

    Raises:
        InvalidArgument: Naming the argument ``name``: not a date, a datetime against dates
            (or the other way), or an aware datetime against a naive one.
    """
    if not isinstance(value, dt.date):
        msg = f"'{name}' must be a date or a datetime (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    if like is not None and isinstance(value, dt.datetime) != isinstance(like, dt.datetime):
        kind = "datetime" if isinstance(like, dt.datetime) else "date"
        msg = f"'{name}' must be a {kind} like the state's other moments (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    if (
        like is not None
        and isinstance(value, dt.datetime)
        and isinstance(like, dt.datetime)
        and (value.tzinfo is None) != (like.tzinfo is None)
    ):
        msg = f"'{name}' mixes a time zone-aware and a naive datetime (got {value!r})"
        raise InvalidArgument(msg, field=name, value=value)
    return value


def start(lifecycle: Lifecycle, *, at: dt.date, subject_id: object = None) -> LifecycleState:
    """A new state in the life-cycle's initial stage, entered ``at``.

    >>> from crmkit.lifecycle._definition import Lifecycle, Stage, Transition
    >>> deal = Lifecycle("deal", (Stage("open"), Stage("won", terminal=True)),
    ...                  (Transition("win", ("open",), "won"),), initial="open")
    >>> start(deal, at=dt.date(2026, 1, 5)).stage
    'open'
    """
    visit = Visit(lifecycle.initial, moment("at", at, None))
    return LifecycleState(lifecycle.name, lifecycle.version, subject_id, (visit,))


def _recorded(step: Step, *, accepted: bool, outcome: str) -> Step:
    """``step`` with its outcome (the step itself when it already says so, as in a replay)."""
    if step.accepted is accepted and step.outcome == outcome:
        return step
    return Step(step.event, step.at, step.data, step.reason, accepted, outcome)


class _Runner:
    """Applies events to lists (no copying per event); shared by advance and replay."""

    def __init__(
        self,
        lifecycle: Lifecycle,
        state: LifecycleState,
        *,
        subject: Mapping[str, Any],
        guards: Mapping[str, Guard],
    ) -> None:
        if (state.lifecycle, state.version) != (lifecycle.name, lifecycle.version):
            msg = (
                f"'state' belongs to life-cycle {state.lifecycle!r} v{state.version}, not "
                f"{lifecycle.name!r} v{lifecycle.version}: migrate it or replay its steps"
            )
            raise InvalidArgument(msg, field="state", value=(state.lifecycle, state.version))
        given: object = guards
        if not isinstance(given, Mapping) or not all(callable(f) for f in given.values()):
            msg = f"'guards' must map guard names to functions (got {given!r})"
            raise InvalidArgument(msg, field="guards", value=given)
        unknown = sorted(set(guards) - set(lifecycle.guards))
        if unknown:
            msg = f"'guards' names guards the life-cycle does not declare: {unknown!r}"
            raise InvalidArgument(msg, field="guards", value=unknown)
        self.lifecycle, self.subject, self.guards = lifecycle, subject, guards
        self.visits = list(state.visits)
        self.steps = list(state.steps)
        self.terminal = {stage.name for stage in lifecycle.stages if stage.terminal}
        # events may not come before the last step nor before the current stay began
        self.last = max(state.steps[-1].at, state.since) if state.steps else state.since

    def apply(self, step: Step, *, strict: bool) -> None:
        at = moment("at", step.at, self.last)
        if at < self.last:
            msg = f"'at' must not be before the state's last event {self.last!r} (got {at!r})"
            raise InvalidArgument(msg, field="at", value=at)
        current = self.visits[-1].stage
        chosen, why = None, ""
        if current in self.terminal:
            why = f"stage {current!r} is terminal"
        else:
            candidates = self.lifecycle.candidates(current, step.event)
            for transition in candidates:
                guard = transition.guard
                if guard is not None and guard not in self.guards:
                    msg = f"'guards' must give a function for guard {guard!r}"
                    raise InvalidArgument(msg, field="guards", value=guard)
                if guard is None or self._holds(guard, step, current):
                    chosen = transition
                    break
            if chosen is None:
                why = (
                    f"guard {candidates[0].guard!r} does not hold"
                    if len(candidates) == 1
                    else "no guard holds"
                    if candidates
                    else f"event {step.event!r} is not allowed in stage {current!r}"
                )
        if chosen is None:
            event: object = step.event
            if not isinstance(event, str) or not event.strip():
                msg = f"'event' must be an event's name (got {event!r})"
                raise InvalidArgument(msg, field="event", value=event)
            allowed = () if current in self.terminal else self.lifecycle.events_from(current)
            if strict:
                msg = f"{why} (allowed: {', '.join(allowed) or 'none'})"
                raise InvalidTransition(msg, field="event", value=step.event, allowed=allowed)
            self.steps.append(_recorded(step, accepted=False, outcome=why))
            self.last = at
            return
        if chosen.target != current:
            last = self.visits[-1]
            self.visits[-1] = Visit(last.stage, last.entered, at, last.event, last.reason)
            self.visits.append(Visit(chosen.target, at, None, step.event, step.reason))
        self.steps.append(_recorded(step, accepted=True, outcome=chosen.target))
        self.last = at

    def _holds(self, guard: str, step: Step, current: str) -> bool:
        where = f"guard {guard!r} (event {step.event!r} in stage {current!r})"
        try:
            result: object = self.guards[guard](self.subject, step.data)
        except Exception as error:
            error.add_note(f"raised by {where}")
            raise
        if type(result) is not bool:
            msg = f"{where} must return True or False (got {result!r})"
            raise InvalidArgument(msg, field="guards", value=result)
        return result

    def state(self, like: LifecycleState) -> LifecycleState:
        return attrs.evolve(like, visits=tuple(self.visits), steps=tuple(self.steps))


def advance(
    state: LifecycleState,
    event: str,
    lifecycle: Lifecycle,
    *,
    at: dt.date,
    data: Mapping[str, Any] | None = None,
    reason: str = "",
    subject: Mapping[str, Any] | None = None,
    guards: Mapping[str, Guard] | None = None,
    strict: bool = True,
) -> LifecycleState:
    """The state after ``event`` at ``at`` (pure: ``state`` is not changed).

    The first transition for the event from the current stage whose guard holds is taken;
    a transition to the current stage records the event without a new visit.

    Args:
        state: The current state.
        event: The event's name.
        lifecycle: The life-cycle the state belongs to (same name and version).
        at: When the event happened (not before the state's last event).
        data: The event's data, passed to guards and kept in the history.
        reason: Why (kept in the history).
        subject: The subject's fields, passed to guards.
        guards: A function for each guard the event's transitions use.
        strict: Raise on an event the stage does not allow; otherwise record it as
            rejected and keep the stage.

    Raises:
        InvalidTransition: (strict) The event is not allowed, its guards fail, or the stage
            is terminal; ``allowed`` lists the events the stage allows.
        InvalidArgument: Another life-cycle's state, a missing or undeclared guard
            function, or a moment out of order.

    >>> from crmkit.lifecycle._definition import Lifecycle, Stage, Transition
    >>> deal = Lifecycle("deal", (Stage("open"), Stage("won", terminal=True)),
    ...                  (Transition("win", ("open",), "won"),), initial="open")
    >>> state = start(deal, at=dt.date(2026, 1, 5))
    >>> advance(state, "lose", deal, at=dt.date(2026, 1, 9))
    Traceback (most recent call last):
    ...
    crmkit._errors.InvalidTransition: event 'lose' is not allowed in stage 'open' (allowed: win)
    >>> lenient = advance(state, "lose", deal, at=dt.date(2026, 1, 9), strict=False)
    >>> lenient.stage, lenient.steps[0].accepted
    ('open', False)
    """
    runner = _Runner(lifecycle, state, subject=subject or _EMPTY, guards=guards or {})
    runner.apply(Step(event, at, data or _EMPTY, reason), strict=strict)
    return runner.state(state)


def replay(
    steps: Iterable[Step],
    lifecycle: Lifecycle,
    *,
    started: dt.date,
    subject_id: object = None,
    subject: Mapping[str, Any] | None = None,
    guards: Mapping[str, Guard] | None = None,
    strict: bool = False,
) -> LifecycleState:
    """The state that ``steps`` produce from the start (each event applied in order).

    Replaying a state's own ``steps`` from its ``started`` date, with the same life-cycle,
    subject and guards, gives back exactly that state (rejected steps are rejected again,
    so the default is lenient).

    >>> from crmkit.lifecycle._definition import Lifecycle, Stage, Transition
    >>> deal = Lifecycle("deal", (Stage("open"), Stage("won", terminal=True)),
    ...                  (Transition("win", ("open",), "won"),), initial="open")
    >>> state = advance(start(deal, at=dt.date(2026, 1, 5)), "win", deal,
    ...                 at=dt.date(2026, 2, 1))
    >>> replay(state.steps, deal, started=state.started) == state
    True
    """
    initial = start(lifecycle, at=started, subject_id=subject_id)
    runner = _Runner(lifecycle, initial, subject=subject or _EMPTY, guards=guards or {})
    for position, step in enumerate(cast("Iterable[object]", steps)):
        if not isinstance(step, Step):
            msg = f"'steps' must hold Step values (step {position} is {step!r})"
            raise InvalidArgument(msg, field="steps", value=step)
        runner.apply(step, strict=strict)
    return runner.state(initial)
