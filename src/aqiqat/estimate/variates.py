"""Random variates for the numba samplers, where numba's generic ones are slow or fragile.

They draw from xoshiro256++ (Blackman and Vigna 2021), a 256-bit generator kept in a
4-word array that the sampler seeds from its numpy Generator. Inlined, a uniform costs
about a fifth of a call through the Generator, which goes through a function pointer
into numpy's PCG64; the latent-class sampler draws hundreds a sweep.
"""

from __future__ import annotations

import math

import numba
import numpy as np
import numpy.typing as npt
from numba import uint64

State = npt.NDArray[np.uint64]

_DOUBLE_UNIT = 1.0 / 9007199254740992.0  # 2**-53
_MANTISSA = 0x000FFFFFFFFFFFFF


def _ziggurat_tables() -> tuple[
    npt.NDArray[np.uint64], npt.NDArray[np.float64], npt.NDArray[np.float64], float
]:
    """Marsaglia and Tsang's (2000) 256-layer ziggurat for the normal, on 52-bit integers.

    The layers share the area of the base strip (its rectangle plus the tail beyond r),
    so the recurrence closes at the top within rounding. Returns the acceptance bounds,
    widths, densities at the layer edges and r.
    """
    r = 3.6541528853610088
    area = r * math.exp(-0.5 * r * r) + math.sqrt(math.pi / 2.0) * math.erfc(r / math.sqrt(2.0))
    scale = 2.0**52
    bounds = np.zeros(256, dtype=np.uint64)
    widths = np.zeros(256)
    densities = np.zeros(256)
    base = area / math.exp(-0.5 * r * r)
    bounds[0] = int(r / base * scale)
    widths[0] = base / scale
    widths[255] = r / scale
    densities[0] = 1.0
    densities[255] = math.exp(-0.5 * r * r)
    edge = upper = r
    for i in range(254, 0, -1):
        edge = math.sqrt(-2.0 * math.log(area / edge + math.exp(-0.5 * edge * edge)))
        bounds[i + 1] = int(edge / upper * scale)
        upper = edge
        densities[i] = math.exp(-0.5 * edge * edge)
        widths[i] = edge / scale
    return bounds, widths, densities, r


_ZIG_BOUNDS, _ZIG_WIDTHS, _ZIG_DENSITIES, _ZIG_R = _ziggurat_tables()


@numba.njit(cache=True, error_model="numpy")
def seed_state(rng: np.random.Generator) -> State:
    """A xoshiro256++ state from one draw of `rng`, spread by splitmix64 as its authors advise."""
    state = np.empty(4, dtype=np.uint64)
    z = uint64(rng.integers(0, 2**62))
    for i in range(4):
        z += uint64(0x9E3779B97F4A7C15)
        w = z
        w = (w ^ (w >> uint64(30))) * uint64(0xBF58476D1CE4E5B9)
        w = (w ^ (w >> uint64(27))) * uint64(0x94D049BB133111EB)
        state[i] = w ^ (w >> uint64(31))
    return state


@numba.njit(cache=True, error_model="numpy", inline="always")
def next_uint64(state: State) -> np.uint64:
    """The next 64 random bits (xoshiro256++)."""
    s0 = state[0]
    s1 = state[1]
    s2 = state[2]
    s3 = state[3]
    total = s0 + s3
    result = ((total << uint64(23)) | (total >> uint64(41))) + s0
    shifted = s1 << uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= shifted
    state[0] = s0
    state[1] = s1
    state[2] = s2
    state[3] = (s3 << uint64(45)) | (s3 >> uint64(19))
    return result


@numba.njit(cache=True, error_model="numpy", inline="always")
def uniform(state: State) -> float:
    """Uniform on [0, 1), 53 random bits."""
    return float(next_uint64(state) >> uint64(11)) * _DOUBLE_UNIT


@numba.njit(cache=True, error_model="numpy", inline="always")
def standard_normal(state: State) -> float:
    """Standard normal by the ziggurat: one 64-bit draw and no logs 99% of the time."""
    while True:
        bits = next_uint64(state)
        layer = np.int64(bits & uint64(0xFF))
        bits >>= uint64(8)
        magnitude = (bits >> uint64(1)) & uint64(_MANTISSA)
        x = float(magnitude) * _ZIG_WIDTHS[layer]
        if bits & uint64(1):
            x = -x
        if magnitude < _ZIG_BOUNDS[layer]:
            return x
        if layer == 0:
            # The tail beyond r, by Marsaglia's (1964) exponential method.
            while True:
                xx = -math.log1p(-uniform(state)) / _ZIG_R
                yy = -math.log1p(-uniform(state))
                if yy + yy > xx * xx:
                    return -(_ZIG_R + xx) if (magnitude >> uint64(8)) & uint64(1) else _ZIG_R + xx
        low = _ZIG_DENSITIES[layer]
        if (_ZIG_DENSITIES[layer - 1] - low) * uniform(state) + low < math.exp(-0.5 * x * x):
            return x


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
def binomial(state: State, n: int, p: float) -> int:
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
            u = uniform(state)
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
            v = uniform(state)
            if v <= urvr:
                u = v / vr - 0.43
                x = math.floor((2.0 * a / (0.5 - abs(u)) + b) * u + c)
                break
            if v >= vr:
                u = uniform(state) - 0.5
            else:
                u = v / vr - 0.93
                u = math.copysign(0.5, u) - u
                v = uniform(state) * vr
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
def gamma_variate(state: State, shape: float) -> float:
    """Gamma(shape, 1) for shape >= 1: Marsaglia and Tsang's (2000) squeeze method.

    About half the cost of the generator's own gamma inside numba, which matters for
    the latent-class sampler's dozens of beta and stick-breaking draws per sweep.
    """
    d = shape - 1.0 / 3.0
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        x = standard_normal(state)
        v = 1.0 + c * x
        if v <= 0.0:
            continue
        v = v * v * v
        u = uniform(state)
        x2 = x * x
        if u < 1.0 - 0.0331 * x2 * x2:
            return d * v
        if math.log(u) < 0.5 * x2 + d * (1.0 - v + math.log(v)):
            return d * v


@numba.njit(cache=True, error_model="numpy", inline="always")
def log_gamma_variate(state: State, shape: float) -> float:
    """log of a Gamma(shape, 1) draw that stays finite when the draw underflows.

    Small shapes (a tiny concentration alpha) give draws like 1e-400; stick-breaking
    fractions and alpha's update need their logs, not zeros.
    """
    if shape >= 1.0:
        return math.log(gamma_variate(state, shape))
    return math.log(gamma_variate(state, shape + 1.0)) + math.log(uniform(state)) / shape


@numba.njit(cache=True, error_model="numpy", inline="always")
def beta_variate(state: State, a: float, b: float) -> float:
    """Beta(a, b) for a, b >= 1, as a ratio of gamma draws."""
    first = gamma_variate(state, a)
    return first / (first + gamma_variate(state, b))
