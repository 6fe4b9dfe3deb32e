"""``crmkit abc ACTIVITIES.csv USAGE.csv``: cost to serve and profit per customer.

ACTIVITIES.csv has one row per activity (column ``activity``) and says how it is costed, by
the columns present:

* ``rate``: a known cost per unit of the activity;
* ``pool_cost`` and ``driver_quantity``: classic ABC, rate = pool cost / driver quantity;
* ``unit_time``: time-driven ABC, with ``--capacity-cost`` and ``--practical-capacity`` (the
  period's cost of capacity and its practical capacity in the unit-time unit).

USAGE.csv has one row per customer and activity: ``customer_id``, ``activity``,
``quantity``. ``--revenue REVENUE.csv`` (``customer_id``, ``revenue``, ``product_cost``)
adds the profit and loss. Output: one CSV row per customer (cost to serve, revenue, product
cost, profit, A/B/C class), or with ``--json`` the rates, the capacity figures, the
customers and the whale curve's peak.
"""

from __future__ import annotations

import argparse
import csv
import json
import pathlib
from collections import defaultdict
from typing import TextIO

from crmkit._errors import InvalidArgument
from crmkit.value import (
    activity_rates,
    cost_to_serve,
    pareto_classes,
    profitability_statement,
    time_driven_abc,
    whale_curve,
)


def add_abc_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``crmkit abc``."""
    parser.add_argument("activities", type=pathlib.Path, help="CSV: activity and its costing")
    parser.add_argument("usage", type=pathlib.Path, help="CSV: customer_id, activity, quantity")
    parser.add_argument("--revenue", type=pathlib.Path, help="CSV: customer_id, revenue, ...")
    parser.add_argument("--capacity-cost", type=float, help="time-driven ABC: cost of capacity")
    parser.add_argument(
        "--practical-capacity", type=float, help="time-driven ABC: capacity in unit-time units"
    )
    parser.add_argument("--json", action="store_true", help="rates, capacity, customers, curve")


def _rows(path: pathlib.Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def _number(row: dict[str, str], column: str, where: str) -> float:
    text = (row.get(column) or "").strip()
    try:
        return float(text)
    except ValueError:
        msg = f"{where}: column {column!r} must be a number (got {text!r})"
        raise InvalidArgument(msg, field=column, value=text) from None


def _rates(
    args: argparse.Namespace, rows: list[dict[str, str]]
) -> tuple[dict[str, float], dict[str, float]]:
    """Activity rates by the columns present, or the unit times (time-driven ABC)."""
    columns = set(rows[0]) if rows else set()

    def where(k: int) -> str:
        return f"{args.activities}, row {k + 2}"  # row 1 is the header

    if "rate" in columns:
        return {r["activity"]: _number(r, "rate", where(k)) for k, r in enumerate(rows)}, {}
    if {"pool_cost", "driver_quantity"} <= columns:
        rates = activity_rates(
            pool_costs={
                r["activity"]: _number(r, "pool_cost", where(k)) for k, r in enumerate(rows)
            },
            driver_quantities={
                r["activity"]: _number(r, "driver_quantity", where(k)) for k, r in enumerate(rows)
            },
        )
        return dict(rates), {}
    if "unit_time" in columns:
        if args.capacity_cost is None or args.practical_capacity is None:
            msg = (
                "time-driven ABC (column 'unit_time') needs --capacity-cost and "
                "--practical-capacity"
            )
            raise InvalidArgument(msg, field="capacity_cost", value=args.capacity_cost)
        return {}, {r["activity"]: _number(r, "unit_time", where(k)) for k, r in enumerate(rows)}
    msg = (
        f"{args.activities}: needs column 'rate', columns 'pool_cost' and 'driver_quantity', "
        f"or column 'unit_time' (got {sorted(columns)!r})"
    )
    raise InvalidArgument(msg, field="activities", value=sorted(columns))


def run_abc(args: argparse.Namespace, *, out: TextIO) -> int:
    """Run ``crmkit abc``."""
    rates, unit_times = _rates(args, _rows(args.activities))
    usage: dict[str, dict[str, float]] = defaultdict(dict)
    for k, row in enumerate(_rows(args.usage)):
        where = f"{args.usage}, row {k + 2}"
        activity = row.get("activity", "")
        quantity = _number(row, "quantity", where)
        per_customer = usage[row.get("customer_id", "")]
        per_customer[activity] = per_customer.get(activity, 0.0) + quantity
    capacity: dict[str, float] = {}
    if unit_times:
        totals: dict[str, float] = defaultdict(float)
        for activities in usage.values():
            for activity, quantity in activities.items():
                totals[activity] += quantity
        costing = time_driven_abc(
            cost=args.capacity_cost,
            practical_capacity=args.practical_capacity,
            unit_times=unit_times,
            quantities=dict(totals),
        )
        rates = dict(costing.rates)
        capacity = {
            "capacity_cost_rate": costing.capacity_cost_rate,
            "used_capacity": costing.used_capacity,
            "unused_capacity": costing.unused_capacity,
            "assigned_cost": costing.assigned_cost,
            "unused_cost": costing.unused_cost,
            "utilisation": costing.utilisation,
        }
    served = cost_to_serve(usage, rates=rates)
    revenue: dict[str, float] = {}
    product_cost: dict[str, float] = {}
    if args.revenue is not None:
        for k, row in enumerate(_rows(args.revenue)):
            where = f"{args.revenue}, row {k + 2}"
            customer = row.get("customer_id", "")
            revenue[customer] = _number(row, "revenue", where)
            if (row.get("product_cost") or "").strip():
                product_cost[customer] = _number(row, "product_cost", where)
    statement = profitability_statement(
        revenue,
        product_cost,
        dict(served),
        unallocated_cost=max(capacity.get("unused_cost", 0.0), 0.0),
    )
    profits = {str(c.customer): c.profit for c in statement.customers}
    classes = pareto_classes(profits)
    if args.json:
        curve = whale_curve(profits)
        document = {
            "rates": rates,
            "capacity": capacity,
            "customers": [
                {
                    "customer_id": c.customer,
                    "cost_to_serve": c.cost_to_serve,
                    "revenue": c.revenue,
                    "product_cost": c.product_cost,
                    "profit": c.profit,
                    "pareto_class": classes[str(c.customer)],
                }
                for c in statement.customers
            ],
            "company_profit": statement.company_profit,
            "whale_curve_peak": {"customer_share": curve.peak[0], "profit": curve.peak[1]},
        }
        json.dump(document, out, indent=2)
        out.write("\n")
        return 0
    writer = csv.writer(out)
    writer.writerow(
        ["customer_id", "cost_to_serve", "revenue", "product_cost", "profit", "pareto_class"]
    )
    for c in statement.customers:
        writer.writerow(
            [
                c.customer,
                f"{c.cost_to_serve:.2f}",
                f"{c.revenue:.2f}",
                f"{c.product_cost:.2f}",
                f"{c.profit:.2f}",
                classes[str(c.customer)],
            ]
        )
    return 0
