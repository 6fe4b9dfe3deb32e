"""Special functions against closed forms of Abramowitz & Stegun (1964)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import InvalidArgument
from crmkit.value._special import _series as series
from crmkit.value._special import digamma, hyp2f1

EULER_GAMMA = 0.57721566490153286  # A&S 6.1.3


@pytest.mark.parametrize("z", [-0.99, -0.5, -0.01, 0.0, 0.3, 0.9, 0.999])
def test_hyp2f1_closed_forms(z) -> None:
    """A&S 15.1.3: ₂F₁(1, 1; 2; z) = −ln(1 − z)/z; 15.1.8: ₂F₁(a, b; b; z) = (1 − z)^(−a);
    15.1.4–5: ₂F₁(1/2, 1; 3/2; w²) = artanh(w)/w and ₂F₁(1/2, 1; 3/2; −w²) = arctan(w)/w."""
    log_form = 1.0 if z == 0 else -math.log1p(-z) / z
    assert hyp2f1(1.0, 1.0, 2.0, z) == pytest.approx(log_form, rel=1e-12)
    # near z = 1 the terms grow before they fall: rounding accumulates to about 1e-12
    assert hyp2f1(2.5, 0.7, 0.7, z) == pytest.approx((1 - z) ** -2.5, rel=1e-10)
    w = math.sqrt(abs(z))
    if z > 0:
        assert hyp2f1(0.5, 1.0, 1.5, z) == pytest.approx(math.atanh(w) / w, rel=1e-12)
    elif z < 0:
        assert hyp2f1(0.5, 1.0, 1.5, z) == pytest.approx(math.atan(w) / w, rel=1e-12)


@pytest.mark.parametrize("n", [1, 2, 3, 10, 50])
def test_digamma_at_integers_and_halves(n) -> None:
    """A&S 6.3.2: ψ(n) = −γ + Σ_{k<n} 1/k; 6.3.4: ψ(n + 1/2) = −γ − 2 ln 2 + Σ_{k<=n} 2/(2k−1)."""
    assert digamma(n) == pytest.approx(-EULER_GAMMA + sum(1 / k for k in range(1, n)), rel=1e-14)
    half = -EULER_GAMMA - 2 * math.log(2) + sum(2 / (2 * k - 1) for k in range(1, n + 1))
    assert digamma(n + 0.5) == pytest.approx(half, rel=1e-13, abs=1e-14)


@given(
    st.floats(0.1, 3),
    st.floats(0.1, 3),
    st.floats(0.1, 20),
    st.floats(-0.3, -0.001),
)
def test_pfaff_transformation_agrees_with_the_plain_series(a, b, c, z) -> None:
    """Rule of the implementation: for small |z| and moderate a, b the plain alternating
    series converges without cancellation too, and the Pfaff-transformed value crmkit uses
    for z < 0 must agree with it."""
    assert hyp2f1(a, b, c, z) == pytest.approx(series(a, b, c, z), rel=1e-9)


@given(st.floats(0.01, 1e6))
def test_digamma_recurrence(x) -> None:
    """A&S 6.3.5: ψ(x + 1) = ψ(x) + 1/x."""
    assert digamma(x + 1) == pytest.approx(digamma(x) + 1 / x, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: hyp2f1(1, 1, 2, 1.0), "z"),
        (lambda: hyp2f1(1, 1, -2, 0.5), "c"),
        (lambda: digamma(0.0), "x"),
        (lambda: digamma(math.nan), "x"),
    ],
)
def test_bad_arguments(call, field) -> None:
    with pytest.raises(InvalidArgument) as raised:
        call()
    assert raised.value.field == field
