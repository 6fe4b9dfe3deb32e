"""crmkit's algorithm modules are vendorable: what each may import (STYLE.md 3).

Each private module of an algorithm subpackage imports the standard library, attrs,
``crmkit._errors`` and only the crmkit internals listed for it here.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

ALWAYS = {"__future__", "attrs", "crmkit._errors"}
# package -> module -> the crmkit internals it may import besides crmkit._errors
ALLOWED: dict[str, dict[str, set[str]]] = {
    "crmkit.lifecycle": {
        "_definition": {"crmkit.lifecycle._diagrams"},
        "_diagrams": {"crmkit.lifecycle._definition", "crmkit.lifecycle._state"},
        "_funnel": {
            "crmkit._frozen",
            "crmkit.lifecycle._definition",
            "crmkit.lifecycle._state",
        },
        "_infer": {"crmkit._frozen"},
        "_migration": {
            "crmkit.lifecycle._definition",
            "crmkit.lifecycle._funnel",
            "crmkit.lifecycle._state",
            "crmkit.value._markov",
        },
        "_models": {"crmkit.lifecycle._definition"},
        "_phases": {"crmkit._frozen"},
        "_pipeline": {"crmkit.lifecycle._definition"},
        "_queries": {"crmkit._frozen", "crmkit.lifecycle._state"},
        "_state": {"crmkit._frozen", "crmkit.lifecycle._definition"},
    },
    "crmkit.scoring": {
        "_calibration": {"crmkit.scoring._evaluate"},
        "_compiler": {"crmkit.scoring._conditions"},
        "_conditions": set(),
        "_decay": set(),
        "_engine": {
            "crmkit.scoring._compiler",
            "crmkit.scoring._fast",
            "crmkit.scoring._model",
        },
        "_evaluate": set(),
        "_examples": {"crmkit.scoring._conditions", "crmkit.scoring._model"},
        "_fast": {
            "crmkit.scoring._compiler",
            "crmkit.scoring._conditions",
            "crmkit.scoring._model",
        },
        "_grades": set(),
        "_logistic": {"crmkit._frozen", "crmkit.scoring._logistic_math"},
        "_logistic_math": set(),
        "_rfm": {"crmkit._frozen"},
        "_scaling": {"crmkit._frozen"},
        "_model": {
            "crmkit._frozen",
            "crmkit.scoring._conditions",
            "crmkit.scoring._decay",
            "crmkit.scoring._grades",
        },
        "_scorecard": {
            "crmkit.scoring._compiler",
            "crmkit.scoring._engine",
            "crmkit.scoring._logistic",
            "crmkit.scoring._model",
            "crmkit.scoring._scaling",
            "crmkit.scoring._score",
        },
        "_score": {
            "crmkit._frozen",
            "crmkit.scoring._compiler",
            "crmkit.scoring._engine",
            "crmkit.scoring._model",
        },
    },
    "crmkit.value": {
        "_abc": {"crmkit._frozen", "crmkit.value._checks"},
        "_bgbb": {"crmkit.value._bgbb_math", "crmkit.value._fitted", "crmkit.value._optimize"},
        "_bgbb_math": set(),
        "_bgnbd": {
            "crmkit.value._bgnbd_math",
            "crmkit.value._checks",
            "crmkit.value._fitted",
            "crmkit.value._optimize",
            "crmkit.value._special",
            "crmkit.value._summary",
        },
        "_bgnbd_math": {"crmkit.value._checks", "crmkit.value._special", "crmkit.value._summary"},
        "_acquisition": {"crmkit.value._checks"},
        "_checks": set(),
        "_closed_forms": {"crmkit.value._checks"},
        "_clv": {"crmkit._frozen", "crmkit.value._checks", "crmkit.value._summary"},
        "_fitted": set(),
        "_gammagamma": {
            "crmkit.value._checks",
            "crmkit.value._fitted",
            "crmkit.value._optimize",
            "crmkit.value._special",
            "crmkit.value._summary",
        },
        "_holdout": {"crmkit.value._clv", "crmkit.value._summary"},
        "_markov": set(),
        "_mbgnbd": {
            "crmkit.value._bgnbd",
            "crmkit.value._bgnbd_math",
            "crmkit.value._optimize",
            "crmkit.value._special",
            "crmkit.value._summary",
        },
        "_optimize": set(),
        "_paretonbd": {
            "crmkit.value._fitted",
            "crmkit.value._optimize",
            "crmkit.value._paretonbd_math",
            "crmkit.value._summary",
        },
        "_paretonbd_math": {"crmkit.value._paretonbd_series", "crmkit.value._special"},
        "_paretonbd_series": set(),
        "_profitability": {"crmkit._frozen", "crmkit.value._checks"},
        "_retention": {"crmkit.value._checks"},
        "_sbg": {"crmkit.value._checks", "crmkit.value._fitted", "crmkit.value._optimize"},
        "_special": set(),
        "_summary": set(),
    },
}


def _modules(package: str) -> list[str]:
    spec = importlib.util.find_spec(package)
    assert spec is not None
    assert spec.origin is not None
    folder = Path(spec.origin).parent
    return sorted(p.stem for p in folder.glob("_*.py") if p.stem != "__init__")


CASES = [(package, module) for package in ALLOWED for module in _modules(package)]


@pytest.mark.parametrize(("package", "module"), CASES)
def test_module_imports_only_the_stdlib_attrs_and_its_listed_siblings(
    package: str, module: str
) -> None:
    """Business rule: an algorithm module can be vendored with the few siblings listed for it."""
    allowed = ALLOWED[package]
    assert module in allowed, f"list {package}.{module} in ALLOWED with what it may import"
    spec = importlib.util.find_spec(f"{package}.{module}")
    assert spec is not None
    assert spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    outside = {name for name in imported if name.split(".")[0] not in sys.stdlib_module_names}
    assert outside <= ALWAYS | allowed[module]
