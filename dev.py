#!/usr/bin/env python3
"""The README's two commands: ``python3 dev.py demo`` and ``python3 dev.py test``.

Each one prepares a local virtual environment in ``.venv`` (created on first use, reused
afterwards, re-installed when ``pyproject.toml`` changes) and then runs its job. It needs
nothing but Python 3.11+ and access to the package index.

``test`` runs, in order, everything CI runs (``.ci/run`` calls exactly this):

1. ``ruff check`` and ``ruff format --check`` over the whole tree;
2. ``mypy --strict`` over ``src``;
3. ``mkdocs build --strict`` (a broken reference or docstring fails);
4. ``pytest`` over ``tests/``, doctests in ``src/``, ``README.md`` and ``docs/*.md``, with the
   hypothesis profile named by ``HYPOTHESIS_PROFILE`` (``ci`` under CI, else ``dev``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 11)


def _bin(name: str) -> str:
    folder = "Scripts" if os.name == "nt" else "bin"
    return str(VENV / folder / name)


def _ensure_env(extra: str) -> None:
    """Create or refresh ``.venv`` with crmkit installed editable with ``extra``."""
    stamp = VENV / f".crmkit-{extra or 'runtime'}.stamp"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    if not Path(_bin("python")).exists():
        print(f"dev.py: creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        subprocess.run([_bin("python"), "-m", "pip", "install", "-q", "-U", "pip"], check=True)
    target = f".[{extra}]" if extra else "."
    print(f"dev.py: installing crmkit {target} into {VENV}", flush=True)
    subprocess.run(
        [_bin("python"), "-m", "pip", "install", "-q", "-e", target], cwd=ROOT, check=True
    )
    stamp.write_text(digest)


def _run(*argv: str) -> None:
    print("$", " ".join(argv), flush=True)
    result = subprocess.run(argv, cwd=ROOT, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def demo(args: list[str]) -> None:
    """Run ``crmkit demo`` on the data the library generates and ships."""
    _ensure_env("")
    _run(_bin("crmkit"), "demo", *args)


def test(args: list[str]) -> None:
    """Run lint, types, docs and the whole test suite, as CI does."""
    _ensure_env("dev")
    os.environ.setdefault("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # a notice about the theme, not our docs
    _run(_bin("ruff"), "check", ".")
    _run(_bin("ruff"), "format", "--check", ".")
    _run(_bin("mypy"), "src")
    with tempfile.TemporaryDirectory() as site:
        _run(_bin("mkdocs"), "build", "--strict", "--quiet", "--site-dir", site)
    _run(_bin("pytest"), *args)


COMMANDS = {"demo": demo, "test": test}


def main() -> None:
    """Dispatch ``python3 dev.py COMMAND [ARGS...]``."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"dev.py: crmkit needs Python >= 3.11 (this is {sys.version.split()[0]})")
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:  # noqa: PLR2004  (argv[0] + command)
        sys.exit(f"usage: python3 dev.py {{{'|'.join(COMMANDS)}}} [args...]")
    COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
