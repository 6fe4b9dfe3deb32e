"""Argument parsing and dispatch for the ``crmkit`` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from crmkit import __version__
from crmkit._errors import CrmkitError
from crmkit.cli._abc import add_abc_arguments, run_abc
from crmkit.cli._clv import add_clv_arguments, run_clv
from crmkit.cli._dedupe import add_dedupe_arguments, add_link_arguments, run_dedupe, run_link
from crmkit.cli._demo import run_demo
from crmkit.cli._lifecycle import add_lifecycle_arguments, run_lifecycle
from crmkit.cli._score import add_score_arguments, run_score
from crmkit.cli._validate import add_validate_arguments, run_validate

EXIT_OK = 0
EXIT_ISSUES = 1  # validate: the file has records with errors
EXIT_USAGE = 2  # bad arguments or unreadable input (argparse uses 2 as well)


def build_parser() -> argparse.ArgumentParser:
    """The ``crmkit`` argument parser with its subcommands."""
    parser = argparse.ArgumentParser(
        prog="crmkit", description="CRM domain algorithms: validation, identity, value, ..."
    )
    parser.add_argument("--version", action="version", version=f"crmkit {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="run the library's main jobs on generated data")
    demo.add_argument("--records", type=int, default=2000, help="contacts to generate")
    demo.add_argument("--seed", type=int, default=2026, help="random seed")
    validate = commands.add_parser("validate", help="data-quality report for a CSV of contacts")
    add_validate_arguments(validate)
    duplicates = commands.add_parser("dedupe", help="find duplicates in a CSV of customers")
    add_dedupe_arguments(duplicates)
    linking = commands.add_parser("link", help="link the customers of two CSV files")
    add_link_arguments(linking)
    costing = commands.add_parser("abc", help="cost to serve and profit per customer (ABC)")
    add_abc_arguments(costing)
    value = commands.add_parser("clv", help="P(alive), expected purchases and CLV per customer")
    add_clv_arguments(value)
    scoring = commands.add_parser("score", help="lead scores from CSV files of leads and events")
    add_score_arguments(scoring)
    stages = commands.add_parser("lifecycle", help="each subject's life-cycle stage from events")
    add_lifecycle_arguments(stages)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``crmkit`` console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "demo":
            return run_demo(records=args.records, seed=args.seed, out=sys.stdout)
        if args.command == "dedupe":
            return run_dedupe(args, out=sys.stdout)
        if args.command == "link":
            return run_link(args, out=sys.stdout)
        if args.command == "abc":
            return run_abc(args, out=sys.stdout)
        if args.command == "clv":
            return run_clv(args, out=sys.stdout)
        if args.command == "score":
            return run_score(args, out=sys.stdout)
        if args.command == "lifecycle":
            return run_lifecycle(args, out=sys.stdout)
        return run_validate(args, out=sys.stdout)
    except (CrmkitError, OSError) as error:
        print(f"crmkit: error: {error}", file=sys.stderr)
        return EXIT_USAGE
