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
from typing import Protocol

__all__ = ["Fitted", "fit_html", "standard_errors"]


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


class Fitted(Protocol):
    """What a fitted model exposes for its summary."""

    @property
    def params(self) -> Mapping[str, float]:
        """Estimates by the papers' symbols."""

    @property
    def standard_errors(self) -> Mapping[str, float]:
        """Standard errors by the same names."""

    @property
    def log_likelihood(self) -> float:
        """The maximised log-likelihood."""

    @property
    def reason(self) -> str:
        """Why the minimiser stopped."""

    @property
    def iterations(self) -> int:
        """The minimiser's accepted steps."""

    @property
    def gradient_norm(self) -> float:
        """The gradient's size at the optimum."""


def fit_html(fitted: Fitted, *, title: str, subject: str, note: str = "") -> str:
    """A fitted model for Jupyter: what it was fitted to, estimates with s.e., diagnostics.

    Args:
        fitted: The fitted model.
        title: Its class name.
        subject: What it was fitted to ("2,357 customers").
        note: A diagnostic to add after the convergence line.

    Returns:
        HTML.
    """
    errors = fitted.standard_errors
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{value:.4f}</td><td>{errors[name]:.4f}</td></tr>"
        for name, value in fitted.params.items()
    )
    extra = f"; {html.escape(note)}" if note else ""
    return (
        f"<p><b>{html.escape(title)}</b>: {html.escape(subject)}</p>"
        f"<table><tr><th>parameter</th><th>estimate</th><th>s.e.</th></tr>{rows}</table>"
        f"<p>log-likelihood {fitted.log_likelihood:.4f}; {html.escape(fitted.reason)} after "
        f"{fitted.iterations} iterations (gradient norm {fitted.gradient_norm:.2e}){extra}</p>"
    )
