"""``crmkit clv TRANSACTIONS.csv``: each customer's expected purchases, P(alive) and CLV.

TRANSACTIONS.csv has one row per purchase: ``customer_id``, ``date`` (ISO, YYYY-MM-DD) and
``amount``. The command summarises the log (same-day purchases merged), fits BG/NBD (or
Pareto/NBD with ``--model pareto-nbd``) and Gamma-Gamma, and writes one CSV row per customer
with frequency, recency, T, P(alive), expected purchases and discounted CLV over the
horizon, or with ``--json`` the fitted parameters as well.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import pathlib
from typing import TextIO

from crmkit._errors import InvalidArgument
from crmkit.value import (
    DAYS_PER_UNIT,
    discounted_clv,
    fit_bg_nbd,
    fit_gamma_gamma,
    fit_pareto_nbd,
    summarize,
)


def add_clv_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``crmkit clv``."""
    parser.add_argument("file", type=pathlib.Path, help="CSV: customer_id, date, amount")
    parser.add_argument(
        "--observation-end",
        type=dt.date.fromisoformat,
        help="last day observed (default: the last purchase date in the file)",
    )
    parser.add_argument(
        "--unit", choices=sorted(DAYS_PER_UNIT), default="weeks", help="time unit of the fit"
    )
    parser.add_argument("--model", choices=("bg-nbd", "pareto-nbd"), default="bg-nbd")
    parser.add_argument("--horizon", type=int, default=12, help="periods of CLV (default 12)")
    parser.add_argument(
        "--period", choices=sorted(DAYS_PER_UNIT), default="months", help="CLV period"
    )
    parser.add_argument(
        "--discount-rate", type=float, default=0.01, help="per period (default 0.01)"
    )
    parser.add_argument("--margin", type=float, default=1.0, help="profit share of revenue")
    parser.add_argument("--json", action="store_true", help="parameters and customers as JSON")


def _transactions(path: pathlib.Path) -> list[tuple[str, dt.date, float | None]]:
    rows: list[tuple[str, dt.date, float | None]] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{path}, row {number}"
            try:
                day = dt.date.fromisoformat((row.get("date") or "").strip())
            except ValueError:
                msg = f"{where}: column 'date' must be YYYY-MM-DD (got {row.get('date')!r})"
                raise InvalidArgument(msg, field="date", value=row.get("date")) from None
            text = (row.get("amount") or "").strip()
            try:
                amount = float(text) if text else None
            except ValueError:
                msg = f"{where}: column 'amount' must be a number (got {text!r})"
                raise InvalidArgument(msg, field="amount", value=text) from None
            rows.append(((row.get("customer_id") or "").strip(), day, amount))
    return rows


def run_clv(args: argparse.Namespace, *, out: TextIO) -> int:
    """Run ``crmkit clv``."""
    rows = _transactions(args.file)
    if not rows:
        msg = f"{args.file}: no transactions"
        raise InvalidArgument(msg, field="file", value=str(args.file))
    end = args.observation_end or max(day for _, day, _ in rows)
    summaries = summarize(rows, observation_end=end, unit=args.unit)
    purchases = (fit_bg_nbd if args.model == "bg-nbd" else fit_pareto_nbd)(summaries)
    spend = fit_gamma_gamma(summaries)
    values = discounted_clv(
        summaries,
        purchases=purchases,
        spend=spend,
        horizon=args.horizon,
        period=args.period,
        discount_rate=args.discount_rate,
        margin=args.margin,
    )
    horizon = args.horizon * DAYS_PER_UNIT[args.period] / DAYS_PER_UNIT[args.unit]
    customers = [
        {
            "customer_id": s.customer_id,
            "frequency": s.frequency,
            "recency": s.recency,
            "T": s.T,
            "monetary_value": s.monetary_value,
            "p_alive": purchases.p_alive(frequency=s.frequency, recency=s.recency, T=s.T),
            "expected_purchases": purchases.conditional_expected_purchases(
                horizon, frequency=s.frequency, recency=s.recency, T=s.T
            ),
            "clv": values[s.customer_id],
        }
        for s in summaries
    ]
    if args.json:
        document = {
            "observation_end": end.isoformat(),
            "unit": args.unit,
            "purchase_model": {"model": args.model, **purchases.params},
            "purchase_log_likelihood": purchases.log_likelihood,
            "spend_model": dict(spend.params),
            "customers": customers,
        }
        json.dump(document, out, indent=2)
        out.write("\n")
        return 0
    writer = csv.writer(out)
    columns = list(customers[0]) if customers else ["customer_id"]
    writer.writerow(columns)
    for customer in customers:
        writer.writerow(
            [
                f"{value:.4f}" if isinstance(value, float) else ("" if value is None else value)
                for value in customer.values()
            ]
        )
    return 0
