"""Benchmark: fit_logistic on simulated historic leads (the issue's target: 100,000 x 30 in 10 s).

Generates ``--rows`` leads with a seeded ``random.Random``: 20 binary rule indicators whose
prevalences run evenly from 2 % to 60 %, and 10 numeric standardised features (standard
normal); each outcome is drawn from a known logistic model. It then times
:func:`crmkit.scoring._logistic.fit_logistic` (best of ``--repeat`` runs, ``l2`` 1 by default)
and prints the time, the machine, and the largest absolute error of the recovered intercept
and coefficients against the true ones, with the largest ratio of that error to the standard
error. When scikit-learn is importable it also fits ``LogisticRegression(C=1/l2)`` (lbfgs,
unpenalised intercept: the same objective) and prints its time and the largest difference
from crmkit's estimates; otherwise it says so and skips that comparison.

Usage::

    .venv/bin/python benchmarks/scoring_fit.py [--rows 100000] [--repeat 3] [--seed 7]

The figures go to docs/performance.md with the command line that produced them.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import random
import sys
import time

from crmkit.scoring._logistic import FittedLogistic, fit_logistic

BINARY = 20
NUMERIC = 10


def simulate(
    rows: int, seed: int
) -> tuple[list[list[float]], list[int], tuple[str, ...], list[float]]:
    """Rows, outcomes, feature names and the true ``(β_0, β_1, …)`` of the logistic model."""
    rng = random.Random(seed)
    prevalence = [0.02 + 0.58 * j / (BINARY - 1) for j in range(BINARY)]
    names = tuple(f"rule_{j}" for j in range(BINARY)) + tuple(f"x_{j}" for j in range(NUMERIC))
    truth = [-2.0]
    truth += [rng.uniform(-1.0, 1.5) for _ in range(BINARY)]
    truth += [rng.uniform(-0.5, 0.5) for _ in range(NUMERIC)]
    data, outcomes = [], []
    for _ in range(rows):
        row = [1.0 if rng.random() < p else 0.0 for p in prevalence]
        row += [rng.gauss(0.0, 1.0) for _ in range(NUMERIC)]
        eta = truth[0] + math.fsum(b * x for b, x in zip(truth[1:], row, strict=True))
        outcomes.append(1 if rng.random() < 1.0 / (1.0 + math.exp(-eta)) else 0)
        data.append(row)
    return data, outcomes, names, truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.processor() or 'unknown processor'}, Python {sys.version.split()[0]}, "
        f"{platform.platform()}"
    )
    started = time.perf_counter()
    rows, outcomes, names, truth = simulate(args.rows, args.seed)
    print(
        f"simulated {args.rows:,} leads x {len(names)} features ({BINARY} binary, {NUMERIC} "
        f"numeric), base rate {sum(outcomes) / len(outcomes):.3f}, "
        f"in {time.perf_counter() - started:.1f} s"
    )

    def timed() -> tuple[float, FittedLogistic]:
        started = time.perf_counter()
        fit = fit_logistic(rows, outcomes, feature_names=names, l2=args.l2)
        return time.perf_counter() - started, fit

    runs = [timed() for _ in range(max(1, args.repeat))]
    times, fit = [t for t, _ in runs], runs[-1][1]
    print(
        f"fit_logistic: best of {args.repeat}: {min(times):.2f} s "
        f"(all: {', '.join(f'{t:.2f}' for t in times)}); converged={fit.converged} after "
        f"{fit.iterations} Newton iterations; log-likelihood {fit.log_likelihood:.3f}"
    )
    estimates = [fit.intercept, *(fit.coefficients[n] for n in names)]
    errors = [fit.intercept_standard_error, *(fit.standard_errors[n] for n in names)]
    gaps = [abs(e - t) for e, t in zip(estimates, truth, strict=True)]
    worst = max(range(len(gaps)), key=gaps.__getitem__)
    print(
        f"recovered vs true: max |error| {max(gaps):.4f} ({(['intercept', *names])[worst]}); "
        f"max |error| / s.e. {max(g / s for g, s in zip(gaps, errors, strict=True)):.2f}"
    )
    compare_with_sklearn(rows, outcomes, estimates, args.l2)


def compare_with_sklearn(
    rows: list[list[float]], outcomes: list[int], estimates: list[float], l2: float
) -> None:
    """Fit scikit-learn's LogisticRegression on the same data, if it is installed."""
    try:
        from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - optional
    except ImportError:
        print("scikit-learn is not installed: comparison skipped")
        return
    model = LogisticRegression(C=1.0 / l2 if l2 > 0 else math.inf, max_iter=1000, tol=1e-10)
    started = time.perf_counter()
    model.fit(rows, outcomes)
    elapsed = time.perf_counter() - started
    theirs = [float(model.intercept_[0]), *(float(c) for c in model.coef_[0])]
    gap = max(abs(a - b) for a, b in zip(estimates, theirs, strict=True))
    print(f"scikit-learn lbfgs: {elapsed:.2f} s (one run); max |crmkit - sklearn| {gap:.2e}")


if __name__ == "__main__":
    main()
