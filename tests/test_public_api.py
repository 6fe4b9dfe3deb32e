"""The public surface is explicit, sorted, importable and documented (STYLE.md 2)."""

from __future__ import annotations

import importlib
import inspect
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
API_DOC = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
PUBLIC_MODULES = (
    "crmkit",
    "crmkit.identity",
    "crmkit.lifecycle",
    "crmkit.scoring",
    "crmkit.serialization",
    "crmkit.testing",
    "crmkit.validation",
    "crmkit.value",
)


def isort_key(symbol: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps: CONSTANTS, then Classes, then functions."""
    kind = 0 if symbol.isupper() else 1 if symbol[:1].isupper() else 2
    return (kind, symbol)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_sorted_and_importable(name: str) -> None:
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(exported, key=isort_key), f"{name}.__all__ is not sorted"
    assert len(set(exported)) == len(exported)
    for symbol in exported:
        assert hasattr(module, symbol), f"{name}.{symbol} is exported but missing"


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_every_export_is_in_the_api_reference(name: str) -> None:
    module = importlib.import_module(name)
    missing = [
        s
        for s in module.__all__
        if s != "__version__" and f"{name}.{s}" not in API_DOC and f"::: {name}.{s}" not in API_DOC
    ]
    assert missing == [], f"not documented in docs/api.md: {missing}"


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_every_public_function_has_a_doctest(name: str) -> None:
    module = importlib.import_module(name)
    lacking = []
    for symbol in module.__all__:
        obj = getattr(module, symbol)
        if inspect.isfunction(obj) and ">>>" not in (obj.__doc__ or ""):
            lacking.append(symbol)
    assert lacking == []
