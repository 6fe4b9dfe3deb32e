"""Benchmark: crmkit's probabilistic CLV fits against lifetimes, on CDNOW, side by side.

The CDNOW data (Bruce Hardie's; 1/10 sample: 2,357 customers, calibration weeks 1–39) ships
inside the lifetimes package, so this script reads it from there when lifetimes is installed
(not in CI; crmkit itself never reads files). It then:

* fits BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma with crmkit and with lifetimes, best of
  ``--repeat`` runs each, and prints parameters, log-likelihoods (sums, original units) and
  times side by side; crmkit's estimates must reproduce Fader, Hardie & Lee (2005): BG/NBD
  r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4; Pareto/NBD 0.553 / 10.578 / 0.606 /
  11.669, LL −9595.0; Gamma-Gamma p 6.25, q 3.74, γ 15.44;
* fits BG/NBD on all 23,570 customers of the CDNOW master file (weeks, calibration to
  1997-09-30);
* checks the Pareto/NBD P(alive) edge case lifetimes gets wrong on current scipy (x = 170,
  t_x = T = 496 days).

Usage (in an environment with lifetimes and crmkit installed)::

    python3 -m venv /tmp/lt-venv && /tmp/lt-venv/bin/pip install lifetimes -e .
    /tmp/lt-venv/bin/python benchmarks/value.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import os
import platform
import sys
import time
from collections.abc import Callable
from typing import Any

from crmkit.value import CustomerSummary, summarize


def best_of(repeat: int, function: Callable[[], Any]) -> tuple[float, Any]:
    """Best wall time of ``repeat`` calls, in milliseconds, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return min(times), result


def read_sample(path: str) -> list[tuple[str, dt.date, float]]:
    """CDNOW 1/10 sample transactions: master id, sample id, YYYYMMDD, CDs, dollar value."""
    rows = []
    with open(path, encoding="utf-8") as handle:  # noqa: PTH123
        for line in handle:
            _, customer, date, _, value = line.split()
            day = dt.date(int(date[:4]), int(date[4:6]), int(date[6:8]))
            rows.append((customer, day, float(value)))
    return rows


def cdnow_paths() -> tuple[str, str]:
    """The CDNOW summary and master files inside the installed lifetimes package."""
    import lifetimes  # noqa: PLC0415 - optional, benchmark only

    folder = os.path.join(os.path.dirname(lifetimes.__file__), "datasets")  # noqa: PTH118, PTH120
    return (
        os.path.join(folder, "cdnow_customers_summary_with_transactions.csv"),  # noqa: PTH118
        os.path.join(folder, "CDNOW_master.txt"),  # noqa: PTH118
    )


def read_summary(path: str) -> list[CustomerSummary]:
    """CDNOW 1/10 sample: ID, x, t_x, T (weeks), zbar (mean repeat spend)."""
    with open(path, newline="", encoding="utf-8") as handle:  # noqa: PTH123
        rows = list(csv.DictReader(handle))
    return [
        CustomerSummary(
            customer_id=row["ID"],
            frequency=int(row["x"]),
            recency=float(row["t_x"]),
            T=float(row["T"]),
            unit="weeks",
            monetary_value=float(row["zbar"]) if int(row["x"]) > 0 else None,
        )
        for row in rows
    ]


def read_master(path: str) -> list[tuple[str, dt.date, float]]:
    """CDNOW master: customer_id, date (YYYYMMDD), number of CDs, dollar value."""
    rows = []
    with open(path, encoding="utf-8") as handle:  # noqa: PTH123
        next(handle)
        for line in handle:
            customer, date, _, value = line.split()
            day = dt.date(int(date[:4]), int(date[4:6]), int(date[6:8]))
            rows.append((customer, day, float(value)))
    return rows


def line(name: str, ours: tuple[float, Any], theirs: tuple[float, Any] | None, note: str) -> None:
    """One comparison row: times and ratio."""
    ratio = f"{theirs[0] / ours[0]:5.1f}x" if theirs else "   n/a"
    their_time = f"{theirs[0]:9.1f}" if theirs else "      n/a"
    print(f"{name:<34} crmkit {ours[0]:9.1f} ms  lifetimes {their_time} ms  {ratio}  {note}")


def main() -> int:
    """Run the benchmark; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best taken)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    try:
        summary_path, master_path = cdnow_paths()
        import lifetimes  # noqa: PLC0415 - optional, benchmark only
        import pandas as pd  # noqa: PLC0415 - optional, benchmark only
    except ImportError:
        print("lifetimes is not installed: nothing to compare (see the module docstring)")
        return 0
    print(f"lifetimes {lifetimes.__version__}")
    from crmkit.value import (  # noqa: PLC0415 - after the optional imports
        fit_bg_nbd,
        fit_gamma_gamma,
        fit_mbg_nbd,
        fit_pareto_nbd,
    )

    summaries = read_summary(summary_path)
    frame = pd.read_csv(summary_path)
    repeaters = frame[frame["x"] > 0]

    def show(fit: Any) -> str:  # noqa: ANN401 - any fitted model with params and a LL
        params = ", ".join(f"{k} {v:.4f}" for k, v in fit.params.items())
        return f"{params}; LL {fit.log_likelihood:.2f}"

    fits = [
        ("BG/NBD, CDNOW 2,357", fit_bg_nbd, lifetimes.BetaGeoFitter, frame),
        ("MBG/NBD, CDNOW 2,357", fit_mbg_nbd, lifetimes.ModifiedBetaGeoFitter, frame),
        ("Pareto/NBD, CDNOW 2,357", fit_pareto_nbd, lifetimes.ParetoNBDFitter, frame),
    ]
    for name, ours_fit, their_class, data in fits:
        ours = best_of(args.repeat, lambda f=ours_fit: f(summaries))
        theirs = best_of(
            args.repeat,
            lambda c=their_class, d=data: c().fit(d["x"], d["t_x"], d["T"]),
        )
        line(name, ours, theirs, show(ours[1]))
    ours = best_of(args.repeat, lambda: fit_gamma_gamma(summaries))
    theirs = best_of(
        args.repeat,
        lambda: lifetimes.GammaGammaFitter().fit(repeaters["x"], repeaters["zbar"]),
    )
    line("Gamma-Gamma, 946 repeaters", ours, theirs, show(ours[1]))

    master = read_master(master_path)
    started = time.perf_counter()
    master_summaries = summarize(master, observation_end=dt.date(1997, 9, 30), unit="weeks")
    summarise_ms = (time.perf_counter() - started) * 1000
    print(f"summarize CDNOW master ({len(master):,} rows): {summarise_ms:.0f} ms")
    master_frame = pd.DataFrame(
        {
            "x": [s.frequency for s in master_summaries],
            "t_x": [s.recency for s in master_summaries],
            "T": [s.T for s in master_summaries],
        }
    )
    ours = best_of(1, lambda: fit_pareto_nbd(master_summaries))
    theirs = best_of(
        1,
        lambda: lifetimes.ParetoNBDFitter().fit(
            master_frame["x"], master_frame["t_x"], master_frame["T"]
        ),
    )
    line(f"Pareto/NBD, CDNOW master {len(master_summaries):,}", ours, theirs, show(ours[1]))
    ours = best_of(args.repeat, lambda: fit_bg_nbd(master_summaries))
    theirs = best_of(
        args.repeat,
        lambda: lifetimes.BetaGeoFitter().fit(
            master_frame["x"], master_frame["t_x"], master_frame["T"]
        ),
    )
    line(f"BG/NBD, CDNOW master {len(master_summaries):,}", ours, theirs, show(ours[1]))

    from crmkit.value import (  # noqa: PLC0415
        GammaGammaModel,
        ParetoNbdModel,
        calibration_and_holdout,
        compare_holdout,
        discounted_clv,
    )

    sample = read_sample(master_path.replace("CDNOW_master.txt", "CDNOW_sample.txt"))
    split = calibration_and_holdout(
        sample,
        calibration_end=dt.date(1997, 9, 30),
        observation_end=dt.date(1998, 6, 30),
        unit="weeks",
    )
    calibration = [item.calibration for item in split]
    for name, fit in (("BG/NBD", fit_bg_nbd), ("Pareto/NBD", fit_pareto_nbd)):
        check = compare_holdout(fit(calibration), split)
        print(
            f"{name} holdout (weeks 40-78): correlation {check.correlation:.4f} "
            f"(FHL 2005: {'0.626' if name == 'BG/NBD' else '0.630'}), predicted "
            f"{check.predicted_total:,.1f}, actual {check.actual_total:,}"
        )
    bg = fit_bg_nbd(summaries)
    gg = GammaGammaModel(p=6.2488, q=3.7446, gamma=15.4477)
    ours = best_of(
        args.repeat,
        lambda: discounted_clv(
            summaries, purchases=bg, spend=gg, horizon=12, period="months", discount_rate=0.01
        ),
    )
    their_bg = lifetimes.BetaGeoFitter().fit(frame["x"], frame["t_x"], frame["T"])
    their_gg = lifetimes.GammaGammaFitter().fit(repeaters["x"], repeaters["zbar"])
    theirs = best_of(
        args.repeat,
        lambda: their_gg.customer_lifetime_value(
            their_bg,
            frame["x"],
            frame["t_x"],
            frame["T"],
            frame["zbar"],
            time=12,
            discount_rate=0.01,
            freq="W",
        ),
    )
    line("12-month CLV, 2,357 customers", ours, theirs, f"sum {sum(ours[1].values()):,.2f}")

    model = ParetoNbdModel(r=0.61089, alpha=95.28868, s=0.31261, beta=43.05043)
    ours_alive = model.p_alive(frequency=170, recency=496.0, T=496.0)
    their_model = lifetimes.ParetoNBDFitter()
    their_model.params_ = pd.Series(
        {"r": 0.61089, "alpha": 95.28868, "s": 0.31261, "beta": 43.05043}
    )
    their_alive = their_model.conditional_probability_alive(170, 496.0, 496.0)
    print(
        f"Pareto/NBD P(alive | x=170, t_x=T=496): crmkit {ours_alive}, lifetimes "
        f"{float(their_alive)}{' (NaN)' if math.isnan(float(their_alive)) else ''}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
