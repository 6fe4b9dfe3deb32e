from __future__ import annotations

import pickle

import pytest

import crmkit
from crmkit import (
    CrmkitError,
    InvalidArgument,
    InvalidDefinition,
    InvalidRecord,
    InvalidTransition,
    InvalidValue,
    MissingDependency,
)

BUILTIN = {
    InvalidArgument: ValueError,
    InvalidDefinition: ValueError,
    InvalidRecord: ValueError,
    InvalidTransition: ValueError,
    InvalidValue: ValueError,
    MissingDependency: ImportError,
}


@pytest.mark.parametrize(("cls", "builtin"), BUILTIN.items())
def test_each_error_is_a_crmkit_error_and_its_builtin(cls, builtin) -> None:
    assert issubclass(cls, CrmkitError)
    assert issubclass(cls, builtin)


@pytest.mark.parametrize("cls", BUILTIN)
def test_errors_pickle_with_their_fields(cls) -> None:
    error = cls("'rate' must be in [0, 1] (got 1.5)", field="rate", value=1.5, code="range")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls
    assert (copy.message, copy.field, copy.value, copy.code) == (
        "'rate' must be in [0, 1] (got 1.5)",
        "rate",
        1.5,
        "range",
    )


def test_invalid_record_pickles_its_issues() -> None:
    error = InvalidRecord("2 issues", issues=("a", "b"), field="email")
    copy = pickle.loads(pickle.dumps(error))
    assert copy.issues == ("a", "b")
    assert copy.field == "email"


def test_invalid_transition_pickles_the_allowed_events() -> None:
    error = InvalidTransition("no", allowed=("qualify", "lose"), field="event", value="win")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.allowed, copy.value) == (("qualify", "lose"), "win")


def test_root_exports_are_the_exception_tree_and_version() -> None:
    assert set(crmkit.__all__) == {c.__name__ for c in BUILTIN} | {"CrmkitError", "__version__"}
