"""Survivorship rules and policy: which value of a field survives a merge, and why.

A :class:`SurvivorshipPolicy` names a rule per field (:class:`MostRecent`,
:class:`MostComplete`, :class:`MostFrequent`, :class:`SourcePriority`, :class:`Longest` or a
:class:`Custom` one) and the fields that hold each record's id, source and update time.
``crmkit.identity._survivorship.merge`` applies it.

Each rule ranks the candidates (the non-missing values of one field, one per record) by a
chain of steps; the first step that separates two candidates decides, and the last step is
always the record id (smallest wins), so the result never depends on the order of the input.
A missing value (:func:`crmkit.validation.is_missing`) is never a candidate.
:data:`DECIDED_BY` documents every step a provenance can name.

This module imports only the standard library, attrs, ``crmkit._errors``,
``crmkit._frozen`` and ``_golden``.

>>> SurvivorshipPolicy(default=MostComplete(), rules={"title": Longest()}).rule_for("title")
Longest()
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import ClassVar, Final, TypeAlias, TypeVar

import attrs

from crmkit._errors import InvalidDefinition
from crmkit._frozen import FrozenDict, freeze
from crmkit.identity._golden import Candidate

_T = TypeVar("_T")

__all__ = [
    "DECIDED_BY",
    "Custom",
    "Longest",
    "MostComplete",
    "MostFrequent",
    "MostRecent",
    "SourcePriority",
    "SurvivorshipPolicy",
    "SurvivorshipRule",
]

#: Every value of :attr:`FieldProvenance.decided_by`: the step that separated the chosen
#: value from the best candidate holding a different value.
DECIDED_BY: Final[Mapping[str, str]] = MappingProxyType(
    {
        "unanimous": "every record that fills the field holds the same value",
        "timestamp": "the value comes from the most recently updated record",
        "completeness": "the value comes from the record with the most filled fields",
        "frequency": "the value is the most frequent after casefolding and collapsing spaces",
        "spelling": "the value is the most frequent exact spelling within its group",
        "source": "the value comes from the most trusted source in the priority order",
        "length": "the value is the longest text (spaces collapsed)",
        "record_id": "the value comes from the record with the smallest id (last tie-break)",
        "custom": "a custom rule chose the value",
    }
)


@attrs.frozen
class MostRecent:
    """The value from the most recently updated record (``policy.timestamp_field``).

    Tie-breaks: most complete record, then smallest record id. Records without a timestamp
    rank below every record with one; when no record has a timestamp the tie-breaks decide.

    >>> MostRecent().kind
    'most_recent'
    """

    kind: ClassVar[str] = "most_recent"


@attrs.frozen
class MostComplete:
    """The value from the record with the most non-missing fields (the id not counted).

    Tie-breaks: most recent record, then smallest record id.

    >>> MostComplete().kind
    'most_complete'
    """

    kind: ClassVar[str] = "most_complete"


@attrs.frozen
class MostFrequent:
    """The most frequent value, counted after casefolding text and collapsing whitespace.

    The chosen value keeps an original spelling: the most frequent exact spelling within the
    winning group. Tie-breaks: most recent record, most complete record, smallest record id.

    >>> MostFrequent().kind
    'most_frequent'
    """

    kind: ClassVar[str] = "most_frequent"


@attrs.frozen
class Longest:
    """The longest value as text, after collapsing whitespace (padding does not count).

    Tie-breaks: most recent record, most complete record, smallest record id.

    >>> Longest().kind
    'longest'
    """

    kind: ClassVar[str] = "longest"


def _check_order(_instance: object, _attribute: object, order: _T) -> None:
    if (
        not isinstance(order, tuple)
        or not order
        or not all(isinstance(s, str) and s for s in order)
        or len(set(order)) != len(order)
    ):
        msg = f"'order' must be a non-empty tuple of distinct source names (got {order!r})"
        raise InvalidDefinition(msg, field="order", value=order)


@attrs.frozen
class SourcePriority:
    """The value from the most trusted source; ``order`` lists sources, most trusted first.

    Sources are compared as text, exactly. A record whose source is missing or not listed
    ranks below every listed source. Tie-breaks: most recent record, most complete record,
    smallest record id.

    >>> SourcePriority(order=("crm", "web")).order
    ('crm', 'web')
    """

    kind: ClassVar[str] = "source_priority"
    order: tuple[str, ...] = attrs.field(kw_only=True, validator=_check_order)


def _check_name(_instance: object, _attribute: object, name: _T) -> None:
    if not isinstance(name, str) or not name.strip() or name in _CHAINS:
        msg = (
            "'name' must be a non-empty text that is not a built-in rule kind "
            f"{sorted(_CHAINS)!r} (got {name!r})"
        )
        raise InvalidDefinition(msg, field="name", value=name)


def _check_callable(_instance: object, _attribute: object, choose: _T) -> None:
    if not callable(choose):
        msg = f"'choose' must be callable (got {choose!r})"
        raise InvalidDefinition(msg, field="choose", value=choose)


@attrs.frozen
class Custom:
    """A rule of your own: ``choose`` receives the candidates and returns the chosen one.

    ``choose`` gets a tuple of :class:`Candidate` (never empty, no missing values, ordered by
    record id) and must return one of them, so the golden record only ever holds input
    values. ``name`` is recorded as the rule in the provenance. ``choose`` must be
    deterministic for ``merge`` to stay independent of the input order.

    >>> Custom(choose=lambda candidates: candidates[-1], name="last_id").name
    'last_id'
    """

    kind: ClassVar[str] = "custom"
    choose: Callable[[tuple[Candidate, ...]], Candidate] = attrs.field(
        kw_only=True, validator=_check_callable
    )
    name: str = attrs.field(kw_only=True, validator=_check_name)


SurvivorshipRule: TypeAlias = (
    MostRecent | MostComplete | MostFrequent | SourcePriority | Longest | Custom
)
_RULE_TYPES: Final = (MostRecent, MostComplete, MostFrequent, SourcePriority, Longest, Custom)

#: The ranking chain of each built-in rule, best first (the table the docs show).
_CHAINS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "most_recent": ("timestamp", "completeness", "record_id"),
        "most_complete": ("completeness", "timestamp", "record_id"),
        "most_frequent": ("frequency", "spelling", "timestamp", "completeness", "record_id"),
        "source_priority": ("source", "timestamp", "completeness", "record_id"),
        "longest": ("length", "timestamp", "completeness", "record_id"),
    }
)


def _check_rule(_instance: object, attribute: attrs.Attribute[_T], rule: _T) -> None:
    if not isinstance(rule, _RULE_TYPES):
        msg = (
            f"{attribute.name!r} must be a survivorship rule (MostRecent(), MostComplete(), "
            f"MostFrequent(), SourcePriority(order=...), Longest(), Custom(...)) (got {rule!r})"
        )
        raise InvalidDefinition(msg, field=attribute.name, value=rule)


def _freeze_rules(rules: object) -> Mapping[str, SurvivorshipRule]:
    if not isinstance(rules, Mapping):
        msg = f"'rules' must be a mapping of field name to rule (got {rules!r})"
        raise InvalidDefinition(msg, field="rules", value=rules)
    for field, rule in rules.items():
        if not isinstance(field, str) or not field:
            msg = f"'rules' keys must be non-empty field names (got {field!r})"
            raise InvalidDefinition(msg, field="rules", value=field)
        if not isinstance(rule, _RULE_TYPES):
            msg = f"'rules[{field!r}]' must be a survivorship rule (got {rule!r})"
            raise InvalidDefinition(msg, field=field, value=rule)
    return freeze(rules)


def _check_field_name(_instance: object, attribute: attrs.Attribute[_T], name: _T) -> None:
    optional = attribute.name != "id_field"
    if not ((optional and name is None) or (isinstance(name, str) and name)):
        kind = "a non-empty field name or None" if optional else "a non-empty field name"
        msg = f"{attribute.name!r} must be {kind} (got {name!r})"
        raise InvalidDefinition(msg, field=attribute.name, value=name)


@attrs.frozen(kw_only=True)
class SurvivorshipPolicy:
    """Which rule decides each field, and where records keep their id, source and time.

    Checked when built: rules must be rule values, no rule may target the id field,
    ``SourcePriority`` needs a ``source_field`` and ``MostRecent`` a ``timestamp_field``,
    and the three field names must differ. A field holds one rule (``rules`` is a mapping).

    Attributes:
        default: The rule for every field without its own rule. ``MostRecent()`` by
            default: customer data decays, so the newest value is the likeliest current one.
        rules: Rules per field name, overriding ``default``.
        id_field: The field holding each record's unique id (compared as text).
        source_field: The field naming the record's source, or ``None``.
        timestamp_field: The field holding the record's last update (a ``date``, a
            ``datetime`` or an ISO 8601 string), or ``None``.

    >>> policy = SurvivorshipPolicy(rules={"email": SourcePriority(order=("crm", "web"))})
    >>> policy.rule_for("email"), policy.rule_for("phone")
    (SourcePriority(order=('crm', 'web')), MostRecent())
    """

    default: SurvivorshipRule = attrs.field(factory=MostRecent, validator=_check_rule)
    rules: Mapping[str, SurvivorshipRule] = attrs.field(
        default=FrozenDict(), converter=_freeze_rules
    )
    id_field: str = attrs.field(default="id", validator=_check_field_name)
    source_field: str | None = attrs.field(default="source", validator=_check_field_name)
    timestamp_field: str | None = attrs.field(default="updated_at", validator=_check_field_name)

    def __attrs_post_init__(self) -> None:
        """Cross-check the rules against the field names."""
        names = [n for n in (self.id_field, self.source_field, self.timestamp_field) if n]
        if len(set(names)) != len(names):
            msg = f"'id_field', 'source_field' and 'timestamp_field' must differ (got {names!r})"
            raise InvalidDefinition(msg, field="id_field", value=names)
        if self.id_field in self.rules:
            msg = (
                f"'rules' must not name the id field {self.id_field!r}: the golden record "
                "lists its members in record_ids"
            )
            raise InvalidDefinition(msg, field=self.id_field, value=self.rules[self.id_field])
        for field, rule in (("default", self.default), *self.rules.items()):
            needs = {SourcePriority: "source_field", MostRecent: "timestamp_field"}.get(type(rule))
            if needs is not None and getattr(self, needs) is None:
                msg = f"rule {rule!r} for {field!r} needs {needs!r}, which is None"
                raise InvalidDefinition(msg, field=field, value=rule)

    def rule_for(self, field: str) -> SurvivorshipRule:
        """The rule that decides ``field``.

        >>> SurvivorshipPolicy(default=Longest()).rule_for("company")
        Longest()
        """
        return self.rules.get(field, self.default)
