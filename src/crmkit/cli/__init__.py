"""The command line: the one part of crmkit that does I/O (files, stdout, the clock).

``crmkit demo`` runs the library's main jobs on generated data and prints a readable summary;
``crmkit validate FILE.csv`` prints a data-quality report for a CSV of contacts (``--json`` for
machine output); ``crmkit dedupe FILE.csv`` finds duplicate customers (clusters, explained
pairs and golden records with ``--json``). Run ``crmkit --help`` for the rest.
"""

from __future__ import annotations

from crmkit.cli._main import main

__all__ = ["main"]
