"""crmkit.value's algorithm modules are vendorable: what each may import (STYLE.md 3)."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

ALWAYS = {"__future__", "attrs", "crmkit._errors"}
# module -> the crmkit internals it may import besides crmkit._errors
ALLOWED = {
    "_abc": {"crmkit._frozen", "crmkit.value._checks"},
    "_bgbb": {"crmkit.value._fitted", "crmkit.value._optimize"},
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
    "_paretonbd_math": {"crmkit.value._special"},
    "_profitability": {"crmkit._frozen", "crmkit.value._checks"},
    "_retention": {"crmkit.value._checks"},
    "_sbg": {"crmkit.value._checks", "crmkit.value._fitted", "crmkit.value._optimize"},
    "_special": set(),
    "_summary": set(),
}


PACKAGE = Path(importlib.util.find_spec("crmkit.value").origin).parent  # type: ignore[union-attr,arg-type]
MODULES = sorted(p.stem for p in PACKAGE.glob("_*.py") if p.stem != "__init__")


@pytest.mark.parametrize("module", MODULES)
def test_module_imports_only_the_stdlib_attrs_and_its_listed_siblings(module: str) -> None:
    """Business rule: a value module can be vendored with the few siblings listed for it."""
    assert module in ALLOWED, f"list {module} in ALLOWED with the crmkit modules it may import"
    spec = importlib.util.find_spec(f"crmkit.value.{module}")
    assert spec is not None
    assert spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    outside = {name for name in imported if name.split(".")[0] not in sys.stdlib_module_names}
    assert outside <= ALWAYS | ALLOWED[module]
