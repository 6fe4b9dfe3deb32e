"""The MBG/NBD: the BG/NBD with a chance to drop out right after the first purchase.

Sources: Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of
models for customer base analysis", *International Journal of Research in Marketing*
24(3):201–209 (BDF: the model, its likelihood, ``P(alive)`` in Appendix A eq. 5); Wagner &
Hoppe (2008), "Erratum on the MBG/NBD model", *IJRM* 25(3):225–226 (the corrected
conditional expectation).

The story differs from the BG/NBD's (``crmkit.value._bgnbd``; Fader, Hardie & Lee 2005) in
one point: a customer drops out with probability ``p`` at time 0 too, not only after each
repeat purchase. Same symbols (``λ ~ Gamma(r, α)``, ``p ~ Beta(a, b)``; ``x``, ``t_x``, ``T``
in the data's time unit) and the same machinery with ``m = 1``:

    L = Γ(r + x) α^r / Γ(r) · B(a, b + x + 1) / B(a, b)
        · [(α + T)^(−r−x) + a/(b + x) · (α + t_x)^(−r−x)]
    P(alive | x, t_x, T) = 1 / (1 + a/(b + x) · ((α + T)/(α + t_x))^(r+x))
    E[Y(t) | x, t_x, T] = P(alive) · (a + b + x)/(a − 1)
        · [1 − ((α + T)/(α + T + t))^(r+x) ₂F₁(r + x, b + x + 1; a + b + x; t/(α + T + t))]
    E[X(t)] = b/(a − 1) · [1 − (α/(α + t))^r ₂F₁(r, b + 1; a + b; t/(α + t))]
    P(X(t) = n) = B(a, b + n + 1)/B(a, b) · P(N = n) + B(a + 1, b + n)/B(a, b) · P(N >= n)

``N`` counts the purchases of a customer who never drops out (NBD). The last line follows
from the story as the BG/NBD's eq. 8 does; at ``n = 0`` its second term, ``a/(a + b)``, is the
share who drop out at time 0. Unlike the BG/NBD, ``P(alive) < 1`` without repeat purchases.
All are evaluated in the stable forms of ``crmkit.value._bgnbd``.

Imports: the standard library, attrs and the siblings ``crmkit.value._bgnbd`` and
``crmkit.value._summary``.

>>> model = MbgNbdModel(r=0.5248, alpha=6.1830, a=0.8914, b=1.6140, unit="weeks")
>>> round(model.p_alive(frequency=0, recency=0, T=38.86), 4)
0.3897
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import attrs

from crmkit.value._bgnbd import BetaGeoNbd, FitReport, fit_family, log_likelihood_of
from crmkit.value._bgnbd_math import Covariance
from crmkit.value._summary import CustomerSummary

__all__ = ["FittedMbgNbd", "MbgNbdModel", "fit_mbg_nbd", "mbg_nbd_log_likelihood"]


@attrs.frozen(kw_only=True, repr=False)
class MbgNbdModel(BetaGeoNbd):
    """The MBG/NBD with known parameters (BDF 2007); the methods are ``BgNbdModel``'s.

    >>> model = MbgNbdModel(r=0.5248, alpha=6.1830, a=0.8914, b=1.6140)
    >>> round(model.conditional_expected_purchases(39, frequency=2, recency=30.43, T=38.86), 3)
    1.263
    """

    DROPOUT_AT_ZERO: ClassVar[int] = 1


@attrs.frozen(kw_only=True, repr=False)
class FittedMbgNbd(FitReport, MbgNbdModel):
    """An MBG/NBD fitted by :func:`fit_mbg_nbd`; ``unit`` is the data's (see ``FitReport``)."""

    log_likelihood: float
    covariance: Covariance
    iterations: int
    converged: bool
    gradient_norm: float
    reason: str
    customers: int


def fit_mbg_nbd(summaries: Iterable[CustomerSummary]) -> FittedMbgNbd:
    """Fit the MBG/NBD to customer summaries by maximum likelihood (BDF 2007).

    The method, start, diagnostics and rules are ``fit_bg_nbd``'s: deterministic BFGS on the
    log-parameters with the exact gradient; customers with ``T = 0`` have likelihood 1.

    Args:
        summaries: One ``CustomerSummary`` per customer, all in one time unit (kept as the
            fit's ``unit``); at least one repeat purchase.

    Returns:
        The fitted model with log-likelihood, covariance and the minimiser's diagnostics.

    Raises:
        InvalidArgument: ``summaries`` holds something else, mixes time units or has no
            repeat purchase (``field="summaries"``).

    >>> from crmkit.value._summary import CustomerSummary as S
    >>> data = [S(customer_id=i, frequency=x, recency=t_x, T=10.0, unit="weeks")
    ...         for i, (x, t_x) in enumerate([(0, 0), (1, 2), (3, 9), (0, 0), (2, 4), (1, 8)])]
    >>> fit = fit_mbg_nbd(data)
    >>> fit.unit, fit.customers, round(fit.log_likelihood, 3)
    ('weeks', 6, -22.039)
    """
    return FittedMbgNbd(**fit_family(summaries, MbgNbdModel.DROPOUT_AT_ZERO))


def mbg_nbd_log_likelihood(
    summaries: Iterable[CustomerSummary], *, r: float, alpha: float, a: float, b: float
) -> float:
    """Return the MBG/NBD log-likelihood ``Σ ln L`` of the summaries at given parameters, nats.

    A customer seen for ``T = 0`` has likelihood 1:

    >>> from crmkit.value._summary import CustomerSummary as S
    >>> one = [S(customer_id=1, frequency=0, recency=0, T=0.0, unit="weeks")]
    >>> abs(mbg_nbd_log_likelihood(one, r=1.0, alpha=2.0, a=1.0, b=1.0)) < 1e-15
    True
    """
    return log_likelihood_of(summaries, MbgNbdModel(r=r, alpha=alpha, a=a, b=b))
