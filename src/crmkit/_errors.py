"""The crmkit exception tree.

Every exception crmkit raises derives from :class:`CrmkitError`, and each subclass also
inherits the builtin a caller would naturally catch (``ValueError``, ``TypeError``,
``ImportError``), so ``except ValueError`` keeps working for code that does not know crmkit.

Each exception carries structured fields besides its message: ``field`` (the argument or record
field at fault), ``value`` (what was given), ``code`` (a stable machine-readable reason) and,
for :class:`InvalidRecord`, every ``issues`` entry found. All of them pickle and unpickle with
their fields intact (``BaseException.__reduce__`` keeps ``__dict__``), so they cross process
pools.

This module is a leaf: it imports only the standard library, and every vendorable crmkit
module may import it.

>>> try:
...     raise InvalidArgument("'rate' must be in [0, 1] (got 1.5)", field="rate", value=1.5)
... except ValueError as error:
...     (error.field, error.value, isinstance(error, CrmkitError))
('rate', 1.5, True)
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CrmkitError",
    "InvalidArgument",
    "InvalidDefinition",
    "InvalidRecord",
    "InvalidTransition",
    "InvalidValue",
    "MissingDependency",
]

_NO_VALUE: Any = type("_NoValue", (), {"__repr__": lambda _self: "<no value>"})()


class CrmkitError(Exception):
    """Root of every exception crmkit raises.

    Args:
        message: The human-readable explanation; it names the field and shows ``repr(value)``.
        field: The argument or record field at fault, if any.
        value: The offending value, if any.
        code: A stable machine-readable reason code, if any (for example ``"range.max"``).
    """

    field: str | None
    value: object
    code: str | None

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: object = _NO_VALUE,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.value = None if value is _NO_VALUE else value
        self.code = code

    @property
    def message(self) -> str:
        """The human-readable explanation."""
        return str(self.args[0]) if self.args else ""


class InvalidArgument(CrmkitError, ValueError):
    """An argument given to a crmkit function has an unacceptable value.

    >>> isinstance(InvalidArgument("x"), ValueError)
    True
    """


class InvalidDefinition(CrmkitError, ValueError):
    """A rule set, schema, model or life-cycle is inconsistent; raised when it is built.

    >>> isinstance(InvalidDefinition("x"), ValueError)
    True
    """


class InvalidRecord(CrmkitError, ValueError):
    """A record failed validation in strict mode; ``issues`` holds every problem found.

    Args:
        message: The human-readable summary.
        issues: Every issue found, in record order (crmkit passes
            :class:`crmkit.validation.Issue` values).
        field: See :class:`CrmkitError`.
        value: See :class:`CrmkitError`.
        code: See :class:`CrmkitError`.

    >>> error = InvalidRecord("2 issues", issues=("a", "b"))
    >>> len(error.issues)
    2
    """

    issues: tuple[Any, ...]

    def __init__(
        self,
        message: str,
        *,
        issues: tuple[Any, ...] = (),
        field: str | None = None,
        value: object = _NO_VALUE,
        code: str | None = None,
    ) -> None:
        super().__init__(message, field=field, value=value, code=code)
        self.issues = tuple(issues)


class InvalidTransition(CrmkitError, ValueError):
    """An event that the current stage of a life-cycle does not allow.

    ``allowed`` lists the events the stage does allow, so a caller can offer them.

    >>> error = InvalidTransition("no", field="event", value="win", allowed=("qualify",))
    >>> error.allowed, isinstance(error, ValueError)
    (('qualify',), True)
    """

    allowed: tuple[str, ...]

    def __init__(
        self,
        message: str,
        *,
        allowed: tuple[str, ...] = (),
        field: str | None = None,
        value: object = _NO_VALUE,
        code: str | None = None,
    ) -> None:
        super().__init__(message, field=field, value=value, code=code)
        self.allowed = tuple(allowed)


class InvalidValue(CrmkitError, ValueError):
    """A single data value failed a check that was asked to be strict (``strict=True``).

    >>> error = InvalidValue("'email' is not valid (got 'x@')", field="email", value="x@",
    ...                      code="email.syntax")
    >>> (error.code, isinstance(error, ValueError))
    ('email.syntax', True)
    """


class MissingDependency(CrmkitError, ImportError):
    """An optional dependency a feature needs is not installed.

    >>> isinstance(MissingDependency("hypothesis is needed"), ImportError)
    True
    """
