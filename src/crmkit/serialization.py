"""Serialisation at the edge: a configured cattrs converter for crmkit's value types.

crmkit's values are frozen attrs classes, so cattrs can turn any of them into plain
JSON-ready data (dicts, lists, strings, numbers) and back. :func:`make_converter` returns a
*new* converter each call (never the global one), configured for the types crmkit uses:

- ``datetime.date`` / ``datetime.datetime`` <-> ISO 8601 strings (a field typed ``date``
  that held a datetime reads back as that datetime);
- ``bool``, ``str``, ``int`` and ``float`` fields take only JSON values of their own kind
  (``"false"`` is not ``False``, ``"0.5"`` not 0.5, ``true`` not 1; an int is a float
  and a whole float such as ``2.0`` an int):
  a wrong kind is an error naming the field, never a silently converted value;
- ``Mapping`` fields (read-only ``FrozenDict`` inside crmkit) <-> dicts;
- ``frozenset`` <-> sorted lists (stable output for diffs and golden files);
- ``decimal.Decimal`` (money) <-> strings, exactly (``"1400.25"``, never a float);
- ``datetime.timedelta`` <-> seconds as a number (``604800.0`` for a week);
- scoring conditions <-> their own JSON-ready form (:func:`crmkit.scoring.condition_to_data`),
  so a :class:`crmkit.scoring.ScoringModel` reads as JSON a person can edit.

This is the only module that imports cattrs.

>>> from crmkit.validation import Issue
>>> converter = make_converter()
>>> data = converter.unstructure(Issue(key=3, field="email", code="email.syntax",
...                                    message="bad", value="x@"))
>>> data["code"], converter.structure(data, Issue).key
('email.syntax', 3)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
import cattrs.v

from crmkit._errors import CrmkitError, InvalidDefinition
from crmkit._frozen import FrozenDict
from crmkit.scoring._conditions import Condition, condition_from_data, condition_to_data

__all__ = ["from_data", "make_converter", "to_data"]

_T = TypeVar("_T")


def make_converter() -> cattrs.Converter:
    """A new cattrs converter that round-trips every crmkit value type.

    ``converter.structure(converter.unstructure(value), type(value)) == value`` holds for
    crmkit's frozen values (tested with hypothesis).

    >>> import datetime as dt
    >>> make_converter().unstructure(dt.date(2026, 11, 25))
    '2026-11-25'
    """
    converter = cattrs.Converter()
    # Fields typed ``object`` (an issue's original value, a record key) hold whatever the
    # caller gave: JSON-ready values pass through unchanged in both directions.
    converter.register_structure_hook_func(lambda cls: cls is object, lambda value, _: value)
    for kind in (bool, str, int, float):
        converter.register_structure_hook(kind, _exact(kind))
    # a text where a list belongs is an error, not a list of its characters
    converter.register_structure_hook_func(
        lambda cls: get_origin(cls) is tuple,  # type: ignore[comparison-overlap]
        lambda value, cls: converter._structure_tuple(_listed(value), cls),  # noqa: SLF001
    )
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook(Decimal, lambda value, _: Decimal(str(value)))
    # Quantities and amounts typed ``int | Decimal``: an int stays an int, the rest is exact.
    converter.register_structure_hook_func(
        lambda cls: cls == int | Decimal,
        lambda value, _: value if isinstance(value, int) else Decimal(str(value)),
    )
    converter.register_unstructure_hook(dt.timedelta, lambda value: value.total_seconds())
    converter.register_structure_hook(dt.timedelta, lambda value, _: _timedelta(value))
    converter.register_unstructure_hook(dt.datetime, lambda value: value.isoformat())
    converter.register_structure_hook(dt.datetime, lambda value, _: _datetime(value))
    converter.register_unstructure_hook(dt.date, lambda value: value.isoformat())
    converter.register_structure_hook(dt.date, lambda value, _: _date(value))
    converter.register_unstructure_hook(
        FrozenDict, lambda value: converter.unstructure(dict(value))
    )
    converter.register_unstructure_hook_func(_is_condition, condition_to_data)
    converter.register_structure_hook_func(_is_condition, lambda value, _: _condition(value))
    converter.register_unstructure_hook_func(
        lambda cls: cls is frozenset or getattr(cls, "__origin__", None) is frozenset,
        lambda value: sorted(converter.unstructure(v) for v in value),
    )
    converter.register_structure_hook_func(
        lambda cls: getattr(cls, "__origin__", None) in (Mapping, FrozenDict),
        lambda value, cls: _mapping(converter, value, cls),
    )
    return converter


def to_data(value: object) -> Any:  # noqa: ANN401  (JSON-ready data of any shape)
    """``value`` as JSON-ready data (a fresh :func:`make_converter`'s ``unstructure``).

    >>> import datetime as dt
    >>> to_data({"day": dt.date(2026, 11, 25)})
    {'day': '2026-11-25'}
    """
    return make_converter().unstructure(value)


def from_data(data: object, cls: type[_T]) -> _T:
    """``data`` (as :func:`to_data` writes it) read back as a ``cls``.

    Raises:
        InvalidDefinition: The data do not describe a valid ``cls``; the message lists every
            problem found, each with crmkit's reason and where it is in the data (``@
            $.rules[0].points``, cattrs' ``transform_error`` paths) instead of cattrs'
            nested exception groups.

    >>> from crmkit.scoring import Group
    >>> from_data({"name": "fit", "maximum": 60}, Group).maximum
    60.0
    >>> from_data({"name": "fit", "minimum": 9, "maximum": 1}, Group)
    Traceback (most recent call last):
    ...
    crmkit._errors.InvalidDefinition: not a valid Group: 'minimum' 9.0 is above 'maximum' 1.0: ...
    """
    if attrs.has(cls) and not isinstance(data, Mapping):
        msg = f"not a valid {cls.__name__}: expected a mapping (got {type(data).__name__})"
        raise InvalidDefinition(msg, field=cls.__name__, value=data)
    try:
        return make_converter().structure(data, cls)
    except cattrs.BaseValidationError as error:
        found = cattrs.transform_error(error, format_exception=_reason)
        causes = "; ".join(cause.removesuffix(" @ $") for cause in found)  # $: the whole
        msg = f"not a valid {cls.__name__}: {causes}"
        raise InvalidDefinition(msg, field=cls.__name__, value=data) from None
    except (CrmkitError, ValueError, TypeError, KeyError) as error:
        msg = f"not a valid {cls.__name__}: {error}"
        raise InvalidDefinition(msg, field=cls.__name__, value=data) from None


def _reason(error: BaseException, cls: Any) -> str:  # noqa: ANN401  (any type form)
    """One problem in words: crmkit's own message where there is one, else cattrs'."""
    if isinstance(error, KeyError):
        return "required field missing"
    members = get_args(cls) if get_origin(cls) in {Union, UnionType} else ()
    if members and str(error) == "Couldn't disambiguate":  # cattrs' union of classes
        names = ", ".join(getattr(member, "__name__", repr(member)) for member in members)
        return f"fits none of {names} (a missing or misspelt key?)"
    if isinstance(error, CrmkitError | ValueError | TypeError):
        return str(error)
    return cattrs.v.format_exception(error, cls)


def _is_condition(cls: Any) -> bool:  # noqa: ANN401
    return isinstance(cls, type) and issubclass(cls, Condition)


def _condition(value: object) -> Condition:
    if isinstance(value, Condition):
        return value
    return condition_from_data(value)  # type: ignore[arg-type]  # checked there


def _datetime(value: object) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _timedelta(value: object) -> dt.timedelta:
    if isinstance(value, dt.timedelta):
        return value
    return dt.timedelta(seconds=float(str(value)))


def _date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        msg = f"expected an ISO 8601 date as text (got {value!r})"
        raise TypeError(msg)
    # a field typed date may hold a datetime (life-cycle moments): its text is longer
    return dt.date.fromisoformat(value) if len(value) <= _ISO_DATE_LENGTH else _datetime(value)


#: The length of an ISO 8601 calendar date, ``YYYY-MM-DD``.
_ISO_DATE_LENGTH = 10


def _listed(value: object) -> Iterable[Any]:
    if isinstance(value, str | bytes | Mapping):
        msg = f"expected a list (got {type(value).__name__} {value!r})"
        raise TypeError(msg)
    return value  # type: ignore[return-value]  # cattrs reports what is not iterable


def _exact(kind: type) -> Any:  # noqa: ANN401  (a cattrs hook)
    """A structure hook taking only JSON values of ``kind`` (an int also for a float)."""
    accepted: tuple[type, ...] = (int, float) if kind is float else (kind,)

    def structure(value: object, cls: type) -> object:
        if cls is not kind:  # a subclass such as an enum of str: its own constructor checks
            return cls(value)
        if isinstance(value, accepted) and (kind is bool or not isinstance(value, bool)):
            return float(value) if kind is float else value  # type: ignore[arg-type]
        if kind is int and isinstance(value, float) and value.is_integer():
            return int(value)  # 2.0 as some JSON writers give an int: no value is lost
        msg = f"expected {kind.__name__} (got {type(value).__name__} {value!r})"
        raise TypeError(msg)

    return structure


def _mapping(
    converter: cattrs.Converter,
    value: Mapping[object, object],
    cls: Any,  # noqa: ANN401
) -> Mapping[Any, Any]:
    key_type, value_type = cls.__args__
    return FrozenDict(
        (converter.structure(k, key_type), converter.structure(v, value_type))
        for k, v in value.items()
    )
