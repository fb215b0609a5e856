"""Figures as quantities: what they count and the interval of values they allow."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from storyline.model import Figure

#: Qualifiers that put no upper bound on a figure.
_OPEN_ABOVE = frozenset({"more_than", "at_least"})


def kind(fig: Figure) -> str | None:
    """What a figure measures: its unit, else the head word of what it counts."""
    return _kind(fig.unit, fig.counted)


@lru_cache(maxsize=65536)
def _kind(unit: str | None, counted: str | None) -> str | None:
    if unit:
        return unit.strip().lower()
    words = re.findall(r"[a-z]+", (counted or "").lower())
    return words[-1] if words else None


def interval(fig: Figure, slack: float = 0.0) -> tuple[float, float] | None:
    """The values a figure allows, [low, high] (high is inf when open above).

    `slack` widens "about" figures by that share on both sides.
    """
    low = fig.low if fig.low is not None else fig.value
    high = fig.high if fig.high is not None else fig.value
    if fig.qualifier in ("at_most", "less_than"):
        top = high if high is not None else low
        return (0.0, top) if top is not None else None
    low = low if low is not None else high
    if low is None:
        return None
    if fig.qualifier in _OPEN_ABOVE:
        return low, math.inf
    high = high if high is not None else low
    if fig.qualifier == "about":
        return low * (1 - slack), high * (1 + slack)
    return low, high


def agree(a: Figure, b: Figure, slack: float = 0.0) -> bool:
    """Whether two figures of one kind could state the same number."""
    return overlap(interval(a, slack), interval(b, slack))


def overlap(ia: tuple[float, float] | None, ib: tuple[float, float] | None) -> bool:
    """Whether two intervals could hold the same number (an unknown one could)."""
    return ia is None or ib is None or (ia[0] <= ib[1] and ib[0] <= ia[1])


def equal(a: Figure, b: Figure) -> bool:
    """The same number stated twice (same kind, same bounds, same qualifier)."""
    if kind(a) is None or kind(a) != kind(b):
        return False
    return interval(a) == interval(b) and interval(a) is not None


def least(fig: Figure) -> float | None:
    """The smallest value a figure allows."""
    iv = interval(fig)
    return iv[0] if iv else None


def most(fig: Figure, slack: float = 0.0) -> float | None:
    """The largest value a figure allows (None when it has no upper bound)."""
    iv = interval(fig, slack)
    return iv[1] if iv and iv[1] != math.inf else None
