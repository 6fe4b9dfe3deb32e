"""Life-cycle diagrams as text: Mermaid, Graphviz DOT and HTML for notebooks.

The outputs are deterministic (stages in their order, transitions in theirs, one edge per
source) and safe whatever the names hold: Mermaid text uses its entity codes (``#quot;``)
for quotes and other special characters, and stages whose names are not plain identifiers
are declared with an alias; DOT names every node ``n0``, ``n1``, ... and quotes and
escapes every label; HTML is escaped with :func:`html.escape`.

Given a state, the diagrams mark its current stage (bold) and the stages it has visited
(shaded).

This module imports the standard library, ``crmkit._errors``,
``crmkit.lifecycle._definition`` and ``crmkit.lifecycle._state``.

>>> from crmkit.lifecycle._definition import Lifecycle, Stage, Transition
>>> deal = Lifecycle("deal", (Stage("open"), Stage("won", terminal=True)),
...                  (Transition("win", ("open",), "won"),), initial="open")
>>> print(to_mermaid(deal))
stateDiagram-v2
    [*] --> open
    open --> won : win
    won --> [*]
"""

from __future__ import annotations

import html
import re
from typing import Final

from crmkit._errors import InvalidArgument
from crmkit.lifecycle._definition import Lifecycle, Transition
from crmkit.lifecycle._state import LifecycleState

__all__ = ["lifecycle_html", "to_dot", "to_mermaid"]

_IDENTIFIER: Final = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# Words with a meaning in Mermaid's state diagrams: never used as a bare state id.
_MERMAID_WORDS: Final = frozenset(
    {"as", "class", "classdef", "click", "default", "direction", "end", "note", "state"}
    | {"style", "left", "right", "of", "over", "fork", "join", "choice", "tb", "bt", "lr"}
    | {"rl", "current", "visited"}
)
_MERMAID_CODES: Final = {
    "#": "#35;",
    '"': "#quot;",
    ";": "#59;",
    "<": "#lt;",
    ">": "#gt;",
    "\n": " ",
    "\r": " ",
}
_DOT_CODES: Final = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": ""}


def _replace(text: str, codes: dict[str, str]) -> str:
    return "".join(codes.get(char, char) for char in text)


def _label(transition: Transition, escape: dict[str, str]) -> str:
    guard = f" [{transition.guard}]" if transition.guard is not None else ""
    return _replace(transition.event + guard, escape)


def _marks(lifecycle: Lifecycle, state: LifecycleState | None) -> tuple[str | None, set[str]]:
    """The state's current stage and the other stages it has visited."""
    if state is None:
        return None, set()
    if (state.lifecycle, state.version) != (lifecycle.name, lifecycle.version):
        msg = (
            f"'state' belongs to life-cycle {state.lifecycle!r} v{state.version}, not "
            f"{lifecycle.name!r} v{lifecycle.version}"
        )
        raise InvalidArgument(msg, field="state", value=(state.lifecycle, state.version))
    return state.stage, {visit.stage for visit in state.visits} - {state.stage}


def _mermaid_ids(lifecycle: Lifecycle) -> dict[str, str]:
    """A Mermaid id per stage: its name when that is a safe identifier, else ``s<index>``."""
    names = [stage.name for stage in lifecycle.stages]
    ids: dict[str, str] = {}
    for index, name in enumerate(names):
        safe = _IDENTIFIER.fullmatch(name) and name.casefold() not in _MERMAID_WORDS
        if safe:
            ids[name] = name
            continue
        candidate = f"s{index}"
        while candidate in names or candidate in ids.values():
            candidate += "_"
        ids[name] = candidate
    return ids


def to_mermaid(lifecycle: Lifecycle, *, state: LifecycleState | None = None) -> str:
    """The life-cycle as a Mermaid ``stateDiagram-v2``.

    ``[*]`` leads to the initial stage; each transition is an edge from each of its sources,
    labelled with its event and ``[guard]``; terminal stages lead to ``[*]``. Stages whose
    names are not plain identifiers are declared first (``state "Closed Won" as s8``).

    Args:
        lifecycle: The life-cycle.
        state: A state of it, to mark its current stage (class ``current``) and the stages
            it has visited (class ``visited``).

    Raises:
        InvalidArgument: ``state`` belongs to another life-cycle or version.

    >>> from crmkit.lifecycle._definition import Lifecycle, Stage, Transition
    >>> deal = Lifecycle("deal", (Stage("open"), Stage('said "no"', terminal=True)),
    ...                  (Transition("lose", ("open",), 'said "no"', guard="late"),),
    ...                  initial="open", guards=("late",))
    >>> print(to_mermaid(deal))
    stateDiagram-v2
        state "said #quot;no#quot;" as s1
        [*] --> open
        open --> s1 : lose [late]
        s1 --> [*]
    """
    current, visited = _marks(lifecycle, state)
    ids = _mermaid_ids(lifecycle)
    lines = ["stateDiagram-v2"]
    lines += [
        f'    state "{_replace(name, _MERMAID_CODES)}" as {ident}'
        for name, ident in ids.items()
        if ident != name
    ]
    lines.append(f"    [*] --> {ids[lifecycle.initial]}")
    lines += [
        f"    {ids[source]} --> {ids[t.target]} : {_label(t, _MERMAID_CODES)}"
        for t in lifecycle.transitions
        for source in t.sources
    ]
    lines += [f"    {ids[s.name]} --> [*]" for s in lifecycle.stages if s.terminal]
    if state is not None:
        lines.append("    classDef visited fill:#eeeeee")
        lines.append("    classDef current font-weight:bold,stroke-width:3px")
        lines += [f"    class {ids[s.name]} visited" for s in lifecycle.stages if s.name in visited]
        if current in ids:
            lines.append(f"    class {ids[current]} current")
    return "\n".join(lines)


def _quote(text: str) -> str:
    return f'"{_replace(text, _DOT_CODES)}"'


def to_dot(lifecycle: Lifecycle, *, state: LifecycleState | None = None) -> str:
    """The life-cycle as a Graphviz DOT ``digraph``.

    Stages are nodes ``n0``, ``n1``, ... in their order, labelled with their names; terminal
    stages are double circles; a point leads to the initial stage; each transition is an
    edge from each of its sources, labelled with its event and ``[guard]``, dashed when it
    goes ``backward``. Labels are quoted, with quotes and backslashes escaped.

    Args:
        lifecycle: The life-cycle.
        state: A state of it, to mark its current stage (bold) and the stages it has
            visited (filled grey).

    Raises:
        InvalidArgument: ``state`` belongs to another life-cycle or version.

    >>> from crmkit.lifecycle._definition import Lifecycle, Stage, Transition
    >>> deal = Lifecycle("deal", (Stage("open"), Stage("won", terminal=True)),
    ...                  (Transition("win", ("open",), "won"),), initial="open")
    >>> print(to_dot(deal))
    digraph "deal" {
        rankdir=LR;
        node [shape=circle];
        init [shape=point, label=""];
        n0 [label="open"];
        n1 [label="won", shape=doublecircle];
        init -> n0;
        n0 -> n1 [label="win"];
    }
    """
    current, visited = _marks(lifecycle, state)
    ids = {stage.name: f"n{index}" for index, stage in enumerate(lifecycle.stages)}
    lines = [
        f"digraph {_quote(lifecycle.name)} {{",
        "    rankdir=LR;",
        "    node [shape=circle];",
        '    init [shape=point, label=""];',
    ]
    for stage in lifecycle.stages:
        attributes = [f"label={_quote(stage.name)}"]
        if stage.terminal:
            attributes.append("shape=doublecircle")
        if stage.name == current:
            attributes.append("penwidth=3")
        elif stage.name in visited:
            attributes.append('style=filled, fillcolor="#eeeeee"')
        lines.append(f"    {ids[stage.name]} [{', '.join(attributes)}];")
    lines.append(f"    init -> {ids[lifecycle.initial]};")
    for transition in lifecycle.transitions:
        style = ", style=dashed" if transition.backward else ""
        label = _label(transition, _DOT_CODES)
        lines += [
            f'    {ids[source]} -> {ids[transition.target]} [label="{label}"{style}];'
            for source in transition.sources
        ]
    lines.append("}")
    return "\n".join(lines)


def _cell(value: object) -> str:
    return f"<td>{html.escape(str(value))}</td>"


def lifecycle_html(lifecycle: Lifecycle) -> str:
    """The life-cycle as HTML tables (stages, then transitions), for Jupyter.

    The caption gives the name, version, whether it is forward-only and the source; every
    text is escaped.

    >>> from crmkit.lifecycle._definition import Lifecycle, Stage, Transition
    >>> deal = Lifecycle("deal", (Stage("open"), Stage("<won>", terminal=True)),
    ...                  (Transition("win", ("open",), "<won>"),), initial="open")
    >>> "<td>&lt;won&gt;</td>" in lifecycle_html(deal)
    True
    """
    order = "forward only" if lifecycle.forward_only else "any order"
    source = f"; {lifecycle.source}" if lifecycle.source else ""
    caption = (
        f"<caption><b>{html.escape(lifecycle.name)}</b> v{html.escape(lifecycle.version)} "
        f"({order}, starts in {html.escape(lifecycle.initial)}){html.escape(source)}</caption>"
    )
    stages = "".join(
        "<tr>"
        + _cell(stage.name)
        + _cell("terminal" if stage.terminal else "")
        + _cell("" if stage.probability is None else f"{stage.probability:.0%}")
        + _cell(stage.description)
        + "</tr>"
        for stage in lifecycle.stages
    )
    transitions = "".join(
        "<tr>"
        + _cell(t.event)
        + _cell(", ".join(t.sources))
        + _cell(t.target)
        + _cell(t.guard or "")
        + _cell("back" if t.backward else "")
        + _cell(t.description)
        + "</tr>"
        for t in lifecycle.transitions
    )
    return (
        f"<div><table>{caption}<tr><th>stage</th><th>end</th><th>probability</th>"
        f"<th>description</th></tr>{stages}</table>"
        f"<table><tr><th>event</th><th>from</th><th>to</th><th>guard</th><th>direction</th>"
        f"<th>description</th></tr>{transitions}</table></div>"
    )
