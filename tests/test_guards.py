"""Guard tests: the library's promises about I/O, global state and vendorable leaves."""

from __future__ import annotations

import ast
import logging
import pathlib
import subprocess
import sys
import warnings

import pytest

SRC = pathlib.Path(__file__).resolve().parents[1] / "src" / "crmkit"
LIBRARY_MODULES = sorted(p for p in SRC.rglob("*.py") if "cli" not in p.relative_to(SRC).parts)

IO_MODULES = {
    "os",
    "pathlib",
    "socket",
    "urllib",
    "subprocess",
    "shutil",
    "io",
    "tempfile",
    "http",
    "requests",
    "logging",
}
IO_CALLS = {"open", "print", "input", "breakpoint"}
CLOCK_ATTRS = {
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("time", "time"),
    ("time", "monotonic"),
    ("time", "perf_counter"),
}
RANDOM_ALLOWED = {"Random"}


def _violations(path: pathlib.Path, root: pathlib.Path = SRC) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(
                f"imports {alias.name}"
                for alias in node.names
                if alias.name.split(".")[0] in IO_MODULES
            )
        elif isinstance(node, ast.ImportFrom) and node.module:
            root = node.module.split(".")[0]
            if root in IO_MODULES:
                found.append(f"imports from {node.module}")
            if root == "random" and any(a.name not in RANDOM_ALLOWED for a in node.names):
                found.append("imports module-level random functions")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in IO_CALLS:
                found.append(f"calls {func.id}()")
            if isinstance(func, ast.Attribute):
                owner = func.value
                owner_name = (
                    owner.id
                    if isinstance(owner, ast.Name)
                    else (owner.attr if isinstance(owner, ast.Attribute) else None)
                )
                if (owner_name, func.attr) in CLOCK_ATTRS:
                    found.append(f"reads the clock via {owner_name}.{func.attr}()")
                if owner_name == "random" and func.attr not in RANDOM_ALLOWED:
                    found.append(f"uses global randomness random.{func.attr}()")
    return [f"{path.relative_to(root)}: {v}" for v in found]


def test_no_io_outside_cli() -> None:
    """Business rule: only crmkit.cli does I/O; the algorithms take and return values."""
    assert LIBRARY_MODULES, "the scan found no modules"
    problems = [v for path in LIBRARY_MODULES for v in _violations(path)]
    assert problems == []


def test_scanner_catches_io(tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import os\nimport random\nimport datetime\n"
        "print(1)\nopen('x')\nrandom.random()\ndatetime.datetime.now()\n"
    )
    tree_violations = [v.split(": ", 1)[1] for v in _violations(bad, tmp_path)]
    assert "imports os" in tree_violations
    assert "calls print()" in tree_violations
    assert "calls open()" in tree_violations
    assert "uses global randomness random.random()" in tree_violations
    assert "reads the clock via datetime.now()" in tree_violations


def test_import_changes_no_global_state() -> None:
    """Business rule: importing crmkit touches no warnings filters, log handlers or levels."""
    code = (
        "import logging, warnings\n"
        "filters = list(warnings.filters)\n"
        "handlers = list(logging.getLogger().handlers)\n"
        "levels = dict(logging._levelToName)\n"
        "import crmkit, crmkit.validation, crmkit.identity, crmkit.value\n"
        "import crmkit.serialization, crmkit.testing, crmkit.cli\n"
        "assert list(warnings.filters) == filters, 'warnings filters changed'\n"
        "assert list(logging.getLogger().handlers) == handlers, 'root handlers changed'\n"
        "assert dict(logging._levelToName) == levels, 'log levels changed'\n"
        "assert not any(logging.getLogger(n).handlers for n in logging.root.manager.loggerDict"
        " if n.startswith('crmkit')), 'crmkit installed a handler'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603


def test_importing_testing_does_not_import_hypothesis() -> None:
    """Business rule: hypothesis is not a runtime dependency; crmkit.testing imports it lazily."""
    code = "import sys, crmkit.testing\nassert 'hypothesis' not in sys.modules\n"
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603


LEAF_ALLOWED_ROOTS = {"attrs", "crmkit"}
STDLIB = sys.stdlib_module_names


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in LIBRARY_MODULES
        if p.name.startswith("_") and p.name != "__init__.py" and p.parent != SRC
    ],
    ids=lambda p: str(p.relative_to(SRC)),
)
def test_algorithm_modules_are_vendorable_leaves(path: pathlib.Path) -> None:
    """Business rule: an algorithm module imports the stdlib, attrs, crmkit._errors and at
    most one third-party dependency (a composing module such as _schema may import siblings)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    third_party = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            root = name.split(".")[0]
            if root in STDLIB or root in LEAF_ALLOWED_ROOTS or root == "__future__":
                continue
            third_party.add(root)
    assert len(third_party) <= 1, f"{path.name} imports {sorted(third_party)}"


def test_logging_untouched_in_process() -> None:
    before = list(logging.getLogger().handlers)
    with warnings.catch_warnings():
        import crmkit.validation  # noqa: F401
    assert list(logging.getLogger().handlers) == before
