"""Life-cycle definitions: stages, events and transitions as plain, checked data.

A :class:`Lifecycle` names its stages (in order: the order forward-only life-cycles keep),
the events that move a subject between them, the guards some transitions need (named
predicates, given as functions when events are applied, so the definition stays data) and
its terminal stages. It is checked when it is built, as python-statemachine checks its
classes (anchor notes B.1): every stage named by a transition exists, no stage is out of
reach of the initial stage, no transition leaves a terminal stage, every other stage has a
way out, two unguarded transitions never compete for one event, every guard is declared, and
a forward-only life-cycle moves backwards only where a transition says so (``backward``:
HubSpot's lifecycle stages "only move forward" by default, anchor notes B.4).

This module imports the standard library, attrs and ``crmkit._errors`` only.

>>> funnel = Lifecycle(
...     "funnel",
...     (Stage("lead"), Stage("customer", terminal=True), Stage("lost", terminal=True)),
...     (Transition("win", ("lead",), "customer"), Transition("lose", ("lead",), "lost")),
...     initial="lead",
... )
>>> funnel.events_from("lead")
('lose', 'win')
"""

from __future__ import annotations

import math
from collections import deque
from typing import Any

import attrs

from crmkit._errors import InvalidDefinition

__all__ = ["Lifecycle", "Stage", "Transition"]


def _name(kind: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip() or value != value.strip():
        msg = f"'{kind}' must be non-empty text without surrounding spaces (got {value!r})"
        raise InvalidDefinition(msg, field=kind, value=value)


def _plain(owner: str, **fields: object) -> None:
    """Check that text fields are text and flags are ``True`` or ``False``."""
    for kind, value in fields.items():
        wanted = bool if kind in {"terminal", "backward", "forward_only"} else str
        if type(value) is not wanted:
            what = "True or False" if wanted is bool else "text"
            msg = f"'{kind}' of {owner} must be {what} (got {value!r})"
            raise InvalidDefinition(msg, field=kind, value=value)


@attrs.frozen
class Stage:
    """One stage of a life-cycle.

    Args:
        name: The stage's name (unique in its life-cycle).
        terminal: Whether the stage is final: no transition may leave it.
        probability: A win probability for the stage in [0, 1] (opportunity stages weigh
            the pipeline with it), or ``None``.
        description: Free text (the source's wording).

    >>> Stage("negotiation", probability=0.9).probability
    0.9
    """

    name: str
    terminal: bool = False
    probability: float | None = None
    description: str = ""

    def __attrs_post_init__(self) -> None:
        _name("name", self.name)
        _plain(f"stage {self.name!r}", terminal=self.terminal, description=self.description)
        p: object = self.probability
        if p is not None and not (
            isinstance(p, int | float)
            and not isinstance(p, bool)
            and math.isfinite(p)
            and 0 <= p <= 1
        ):
            msg = f"'probability' of stage {self.name!r} must be in [0, 1] or None (got {p!r})"
            raise InvalidDefinition(msg, field="probability", value=p)


def _items(name: str, value: object, kind: type, *, empty: bool = False) -> tuple[Any, ...]:
    """``value`` as a tuple of ``kind`` (a list given as JSON works too), or an error."""
    items = tuple(value) if isinstance(value, list | tuple) else None
    if (
        items is None
        or (not items and not empty)
        or any(not isinstance(item, kind) or item == "" for item in items)
    ):
        what = "a list" if empty else "a non-empty list"
        msg = f"'{name}' must be {what} of {kind.__name__} values (got {value!r})"
        raise InvalidDefinition(msg, field=name, value=value)
    return items


def _sources(value: object) -> tuple[str, ...]:
    items: tuple[str, ...] = _items("sources", value, str)
    if len(set(items)) != len(items):
        msg = f"'sources' repeats a stage (got {value!r})"
        raise InvalidDefinition(msg, field="sources", value=value)
    return items


@attrs.frozen
class Transition:
    """An event moving a subject from one of ``sources`` to ``target``.

    Args:
        event: The event's name.
        sources: The stages it applies in.
        target: The stage it leads to (a source itself: the subject stays, the event is
            recorded).
        guard: The name of a predicate that must hold (declared in the life-cycle's
            ``guards``; the function is given when events are applied), or ``None``.
        backward: Whether this transition may go back in a forward-only life-cycle
            (a win-back, a re-opened deal).
        description: Free text.

    >>> Transition("qualify", ("lead",), "mql", guard="fit_enough").guard
    'fit_enough'
    """

    event: str
    sources: tuple[str, ...] = attrs.field(converter=_sources)
    target: str
    guard: str | None = None
    backward: bool = False
    description: str = ""

    def __attrs_post_init__(self) -> None:
        _name("event", self.event)
        _name("target", self.target)
        if self.guard is not None:
            _name("guard", self.guard)
        owner = f"transition {self.event!r}"
        _plain(owner, backward=self.backward, description=self.description)


def _stages(value: object) -> tuple[Stage, ...]:
    return _items("stages", value, Stage)


def _transitions(value: object) -> tuple[Transition, ...]:
    return _items("transitions", value, Transition, empty=True)


def _texts(value: object) -> tuple[str, ...]:
    return _items("guards", value, str, empty=True)


@attrs.frozen
class Lifecycle:
    """A life-cycle: ordered stages, the transitions between them, guards and its source.

    Args:
        name: The life-cycle's name (recorded on every state).
        stages: The stages, in their natural order.
        transitions: The transitions, in priority order (the first whose guard holds wins).
        initial: The stage every subject starts in.
        version: The definition's version (recorded on every state, so a stored state is
            never replayed against another definition by mistake).
        forward_only: Whether transitions may only go to a later stage (or stay), except
            those marked ``backward``.
        guards: The names of the guards transitions may use.
        source: Where the model comes from (a citation).
        description: Free text.

    Raises:
        InvalidDefinition: A repeated stage, an unknown stage in a transition, an
            unreachable stage, a transition out of a terminal stage, a non-terminal stage
            without a way out, two unguarded transitions for one event from one stage, a
            transition an earlier one always beats, an undeclared, unused or repeated guard,
            a flag or text of the wrong type, or a backward step in a forward-only
            life-cycle; the message names the culprit.
    """

    name: str
    stages: tuple[Stage, ...] = attrs.field(converter=_stages)
    transitions: tuple[Transition, ...] = attrs.field(converter=_transitions)
    initial: str
    version: str = "1"
    forward_only: bool = False
    guards: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    source: str = ""
    description: str = ""
    _index: dict[tuple[str, str], tuple[Transition, ...]] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        _name("name", self.name)
        _name("version", self.version)
        owner = f"life-cycle {self.name!r}"
        _plain(owner, forward_only=self.forward_only, source=self.source)
        _plain(owner, description=self.description)
        names = [stage.name for stage in self.stages]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            msg = f"'stages' repeats {repeated!r} in life-cycle {self.name!r}"
            raise InvalidDefinition(msg, field="stages", value=repeated)
        if self.initial not in names:
            msg = f"'initial' must be one of the stages {names!r} (got {self.initial!r})"
            raise InvalidDefinition(msg, field="initial", value=self.initial)
        self._check_transitions(names)
        self._check_guards()
        self._check_reach(names)
        index: dict[tuple[str, str], list[Transition]] = {}
        for transition in self.transitions:
            for source in transition.sources:
                index.setdefault((source, transition.event), []).append(transition)
        frozen = {key: tuple(items) for key, items in index.items()}
        object.__setattr__(self, "_index", frozen)

    def _check_transitions(self, names: list[str]) -> None:
        terminal = {stage.name for stage in self.stages if stage.terminal}
        order = {name: index for index, name in enumerate(names)}
        for transition in self.transitions:
            label = f"transition {transition.event!r} ({', '.join(transition.sources)} -> "
            label += f"{transition.target})"
            unknown = [s for s in (*transition.sources, transition.target) if s not in order]
            if unknown:
                msg = f"{label} names unknown stages {unknown!r} (stages: {names!r})"
                raise InvalidDefinition(msg, field="transitions", value=unknown)
            leaving = [s for s in transition.sources if s in terminal]
            if leaving:
                msg = f"{label} leaves the terminal stages {leaving!r}"
                raise InvalidDefinition(msg, field="transitions", value=leaving)
            if transition.guard is not None and transition.guard not in self.guards:
                msg = f"{label} uses the undeclared guard {transition.guard!r} ({self.guards!r})"
                raise InvalidDefinition(msg, field="guards", value=transition.guard)
            for source in transition.sources:
                if (
                    self.forward_only
                    and not transition.backward
                    and order[transition.target] < order[source]
                ):
                    msg = (
                        f"{label} goes back from {source!r} in the forward-only life-cycle "
                        f"{self.name!r}; mark it backward=True if that is intended"
                    )
                    raise InvalidDefinition(msg, field="transitions", value=source)

    def _check_guards(self) -> None:
        repeated = sorted({g for g in self.guards if self.guards.count(g) > 1})
        used = {t.guard for t in self.transitions}
        unused = [g for g in self.guards if g not in used]
        if repeated or unused:
            problem = f"repeats {repeated!r}" if repeated else f"declares unused {unused!r}"
            msg = f"'guards' of life-cycle {self.name!r} {problem}: a misspelt guard name?"
            raise InvalidDefinition(msg, field="guards", value=repeated or unused)
        # transitions for one event from one stage are tried in order: one listed after an
        # unguarded one, or after one with the same guard, can never apply
        seen: dict[tuple[str, str], set[str | None]] = {}
        for transition in self.transitions:
            event, guard = transition.event, transition.guard
            for source in transition.sources:
                earlier = seen.setdefault((source, event), set())
                if None in earlier or guard in earlier:
                    if guard is None:
                        problem = f"a second unguarded transition for event {event!r}"
                        fix = "give one a guard"
                    else:
                        problem = f"its guard {guard!r} is tried after " + (
                            "an unguarded transition" if None in earlier else "the same guard"
                        )
                        fix = "it can never apply"
                    msg = f"transition {event!r} from {source!r}: {problem}; {fix}"
                    raise InvalidDefinition(msg, field="transitions", value=source)
                earlier.add(guard)

    def _check_reach(self, names: list[str]) -> None:
        onward: dict[str, set[str]] = {name: set() for name in names}
        for transition in self.transitions:
            for source in transition.sources:
                onward[source].add(transition.target)
        stuck = [
            stage.name
            for stage in self.stages
            if not stage.terminal and not (onward[stage.name] - {stage.name})
        ]
        if stuck:
            msg = (
                f"non-terminal stages {stuck!r} of {self.name!r} have no way out: add a "
                f"transition or mark them terminal"
            )
            raise InvalidDefinition(msg, field="stages", value=stuck)
        seen, queue = {self.initial}, deque([self.initial])
        while queue:
            for target in onward[queue.popleft()]:
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        unreachable = [name for name in names if name not in seen]
        if unreachable:
            msg = f"stages {unreachable!r} of {self.name!r} cannot be reached from {self.initial!r}"
            raise InvalidDefinition(msg, field="stages", value=unreachable)

    def _repr_html_(self) -> str:
        from crmkit.lifecycle._diagrams import lifecycle_html  # noqa: PLC0415  (notebooks only)

        return lifecycle_html(self)

    def stage(self, name: str) -> Stage:
        """The stage called ``name``.

        Raises:
            InvalidDefinition: No such stage.
        """
        for stage in self.stages:
            if stage.name == name:
                return stage
        msg = f"'stage' must be one of {[s.name for s in self.stages]!r} (got {name!r})"
        raise InvalidDefinition(msg, field="stage", value=name)

    def events_from(self, stage: str) -> tuple[str, ...]:
        """The events with a transition out of (or within) ``stage``, sorted.

        Raises:
            InvalidDefinition: No such stage.
        """
        self.stage(stage)
        return tuple(sorted({t.event for t in self.transitions if stage in t.sources}))

    def candidates(self, stage: str, event: str) -> tuple[Transition, ...]:
        """The transitions ``event`` may take from ``stage``, in priority order."""
        return self._index.get((stage, event), ())
