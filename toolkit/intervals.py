"""The Wilson score interval: a 95 % range for a proportion from a small sample.

Why Wilson: with the 10 to 60 people of a community session, the textbook "p ± 1.96·√(p(1−p)/n)"
range runs below 0 % or above 100 % and is far too narrow near 0 % and 100 % (it gives 0 to 0
for 0 of 12). Wilson's range stays inside 0 to 100 % and keeps its promised coverage for small
samples (Newcombe, Statistics in Medicine, 1998). No dependency: it is one formula.
"""

from __future__ import annotations

from math import sqrt

Z95 = 1.959963984540054  # the two-sided 95 % point of the normal distribution


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The (low, high) Wilson score interval for `successes` out of `n`, as proportions."""
    if n <= 0 or not 0 <= successes <= n:
        raise ValueError(f"wilson({successes}, {n}): need 0 <= successes <= n and n >= 1")
    p = successes / n
    z2 = z * z
    centre = p + z2 / (2 * n)
    spread = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    denominator = 1 + z2 / n
    low = 0.0 if successes == 0 else (centre - spread) / denominator
    high = 1.0 if successes == n else (centre + spread) / denominator
    return low, high


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two intervals share any value (a change may then be chance)."""
    return a[0] <= b[1] and b[0] <= a[1]
