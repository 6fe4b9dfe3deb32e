"""What every fitted crmkit.value model shows: standard errors and a Jupyter summary.

The fits (sBG, BG/NBD, Pareto/NBD, Gamma-Gamma, BG/BB) keep the inverse observed
information as ``covariance``; their standard errors are the square roots of its diagonal
(Wald), ``nan`` where the diagonal is not positive (a flat or boundary optimum). This module
imports the standard library only.

>>> dict(standard_errors(("r", "alpha"), ((0.0004, 0.0), (0.0, 0.09))))
{'r': 0.02, 'alpha': 0.3}
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from types import MappingProxyType

__all__ = ["fit_html", "standard_errors"]


def standard_errors(
    names: Sequence[str], covariance: Sequence[Sequence[float]]
) -> Mapping[str, float]:
    """``name -> sqrt(covariance[k][k])``, ``nan`` where that variance is not positive.

    >>> standard_errors(("p",), ((-1.0,),))["p"]
    nan
    """
    return MappingProxyType(
        {
            name: math.sqrt(covariance[k][k]) if covariance[k][k] >= 0 else math.nan
            for k, name in enumerate(names)
        }
    )


def fit_html(
    *,
    title: str,
    subject: str,
    params: Mapping[str, float],
    errors: Mapping[str, float],
    log_likelihood: float,
    reason: str,
    iterations: int,
    gradient_norm: float,
    note: str = "",
) -> str:
    """A fitted model for Jupyter: what it was fitted to, estimates with s.e., diagnostics.

    >>> "<td>r</td><td>0.2430</td>" in fit_html(title="FittedBgNbd", subject="2 customers",
    ...     params={"r": 0.243}, errors={"r": 0.01}, log_likelihood=-1.0,
    ...     reason="converged", iterations=3, gradient_norm=1e-9)
    True
    """
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{value:.4f}</td><td>{errors[name]:.4f}</td></tr>"
        for name, value in params.items()
    )
    extra = f"; {html.escape(note)}" if note else ""
    return (
        f"<p><b>{html.escape(title)}</b>: {html.escape(subject)}</p>"
        f"<table><tr><th>parameter</th><th>estimate</th><th>s.e.</th></tr>{rows}</table>"
        f"<p>log-likelihood {log_likelihood:.4f}; {html.escape(reason)} after {iterations} "
        f"iterations (gradient norm {gradient_norm:.2e}){extra}</p>"
    )
