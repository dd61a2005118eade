"""Random variates for the numba samplers, where numba's generic ones are slow or fragile.

Inlined into their callers: a call that passes the generator costs about as much as a
cheap draw.
"""

from __future__ import annotations

import math

import numba
import numpy as np


@numba.njit(cache=True, error_model="numpy", inline="always")
def _stirling_tail(k: float) -> float:
    """log(k!) minus its Stirling approximation (series beyond k = 9)."""
    if k < 10:
        return math.lgamma(k + 1.0) - (
            (k + 0.5) * math.log(k + 1.0) - (k + 1.0) + 0.5 * math.log(2.0 * math.pi)
        )
    kp = k + 1.0
    kp2 = kp * kp
    return (1.0 / 12.0 - (1.0 / 360.0 - 1.0 / 1260.0 / kp2) / kp2) / kp


@numba.njit(cache=True, error_model="numpy", inline="always")
def binomial(rng: np.random.Generator, n: int, p: float) -> int:
    """Binomial(n, p): inversion for small means, Hormann's BTRD (1993) otherwise.

    The multinomial splits of the latent-class sampler call this with a new p every
    time, where BTRD's light set-up beats the general-purpose generator.
    """
    if n == 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    flip = p > 0.5
    if flip:
        p = 1.0 - p
    q = 1.0 - p
    if n * p < 10.0:
        s = p / q
        a = (n + 1) * s
        while True:
            u = rng.random()
            # (1-p)^n >= 1 - np, so such a u is below the first inversion step and the
            # exp/log of the exact probability can be skipped.
            if u <= 1.0 - n * p:
                x = 0
                break
            r = math.exp(n * math.log1p(-p))
            x = 0
            while u > r:
                u -= r
                x += 1
                if x > n:
                    break
                r *= a / x - s
            if x <= n:
                break
    else:
        m = math.floor((n + 1) * p)
        r = p / q
        nr = (n + 1) * r
        npq = n * p * q
        sq = math.sqrt(npq)
        b = 1.15 + 2.53 * sq
        a = -0.0873 + 0.0248 * b + 0.01 * p
        c = n * p + 0.5
        alpha = (2.83 + 5.1 / b) * sq
        vr = 0.92 - 4.2 / b
        urvr = 0.86 * vr
        while True:
            v = rng.random()
            if v <= urvr:
                u = v / vr - 0.43
                x = math.floor((2.0 * a / (0.5 - abs(u)) + b) * u + c)
                break
            if v >= vr:
                u = rng.random() - 0.5
            else:
                u = v / vr - 0.93
                u = math.copysign(0.5, u) - u
                v = rng.random() * vr
            us = 0.5 - abs(u)
            k = math.floor((2.0 * a / us + b) * u + c)
            if k < 0 or k > n:
                continue
            v = v * alpha / (a / (us * us) + b)
            km = abs(k - m)
            if km <= 15:
                f = 1.0
                if m < k:
                    i = m
                    while i < k:
                        i += 1
                        f *= nr / i - r
                elif m > k:
                    i = k
                    while i < m:
                        i += 1
                        v *= nr / i - r
                if v <= f:
                    x = int(k)
                    break
                continue
            v = math.log(v)
            rho = (km / npq) * (((km / 3.0 + 0.625) * km + 1.0 / 6.0) / npq + 0.5)
            t = -km * km / (2.0 * npq)
            if v < t - rho:
                x = int(k)
                break
            if v > t + rho:
                continue
            nm = n - m + 1.0
            h = (
                (m + 0.5) * math.log((m + 1.0) / (r * nm))
                + _stirling_tail(m)
                + _stirling_tail(n - m)
            )
            nk = n - k + 1.0
            if v <= h + (n + 1.0) * math.log(nm / nk) + (k + 0.5) * math.log(
                nk * r / (k + 1.0)
            ) - _stirling_tail(k) - _stirling_tail(n - k):
                x = int(k)
                break
    return n - x if flip else x


@numba.njit(cache=True, error_model="numpy", inline="always")
def gamma_variate(rng: np.random.Generator, shape: float) -> float:
    """Gamma(shape, 1) for shape >= 1: Marsaglia and Tsang's (2000) squeeze method.

    About half the cost of the generator's own gamma inside numba, which matters for
    the latent-class sampler's dozens of beta and stick-breaking draws per sweep.
    """
    d = shape - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        x = rng.standard_normal()
        v = 1.0 + c * x
        if v <= 0.0:
            continue
        v = v * v * v
        u = rng.random()
        x2 = x * x
        if u < 1.0 - 0.0331 * x2 * x2:
            return d * v
        if math.log(u) < 0.5 * x2 + d * (1.0 - v + math.log(v)):
            return d * v


@numba.njit(cache=True, error_model="numpy", inline="always")
def log_gamma_variate(rng: np.random.Generator, shape: float) -> float:
    """log of a Gamma(shape, 1) draw that stays finite when the draw underflows.

    Small shapes (a tiny concentration alpha) give draws like 1e-400; stick-breaking
    fractions and alpha's update need their logs, not zeros.
    """
    if shape >= 1.0:
        return math.log(gamma_variate(rng, shape))
    return math.log(gamma_variate(rng, shape + 1.0)) + math.log(rng.random()) / shape


@numba.njit(cache=True, error_model="numpy", inline="always")
def beta_variate(rng: np.random.Generator, a: float, b: float) -> float:
    """Beta(a, b) for a, b >= 1, as a ratio of gamma draws."""
    first = gamma_variate(rng, a)
    return first / (first + gamma_variate(rng, b))
