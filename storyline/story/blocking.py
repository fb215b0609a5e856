"""Blocking: which pairs of reports or entries are worth comparing at all.

Merging and conflict checks compare pairs, which is quadratic over a large
build. Two reports can only be one event when their types are compatible and
one date contains the other, so they share a type block and at least one
calendar month (and, when both name a single day, that day). The functions
here list those candidate pairs; the callers still apply their full tests, so
results are those of comparing every pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import combinations, pairwise

from storyline.story import dates
from storyline.story.rules import Rules

Pair = tuple[int, int]


def type_blocks(rules: Rules, types: Iterable[str]) -> dict[str, str]:
    """Each type's block: types that may be one event (transitively) share a block."""
    parent: dict[str, str] = {t: t for t in types}
    for group in rules.compatible_types:
        for t in group:
            parent.setdefault(t, t)

    def root(t: str) -> str:
        while parent[t] != t:
            parent[t] = parent[parent[t]]
            t = parent[t]
        return t

    for group in rules.compatible_types:
        for a, b in pairwise(group):
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {t: root(t) for t in parent}


def months(b: dates.Bounds) -> list[tuple[int, int]]:
    """The calendar months a span touches, as (year, month)."""
    (y, m), end = (b[0].year, b[0].month), (b[1].year, b[1].month)
    out = []
    while (y, m) <= end:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _bucket_pairs(items: list[tuple[int, dates.Bounds]]) -> Iterable[Pair]:
    """Pairs (i < j) within one month bucket that may have compatible dates: single days only with the same day."""
    wide = [i for i, b in items if b[0] != b[1]]
    days: dict[date, list[int]] = {}
    for i, b in items:
        if b[0] == b[1]:
            days.setdefault(b[0], []).append(i)
    yield from combinations(wide, 2)  # items come in index order, so combinations do too
    for same in days.values():
        yield from combinations(same, 2)
        yield from ((w, d) if w < d else (d, w) for w in wide for d in same)


def dated_pairs(keys: Sequence[tuple[str, dates.Bounds] | None]) -> Iterator[Pair]:
    """Index pairs (i < j) with the same block key whose dates may be compatible, each once.

    `keys[i]` is (block, bounds), or None for items left out. Pairs stream out
    (a pair is yielded in the first month both touch): a build with thousands
    of reports in one month never holds all its pairs at once.
    """
    buckets: dict[tuple[str, tuple[int, int]], list[tuple[int, dates.Bounds]]] = {}
    for i, key in enumerate(keys):
        if key is not None:
            for ym in months(key[1]):
                buckets.setdefault((key[0], ym), []).append((i, key[1]))
    for (_, ym), items in buckets.items():
        # Both touch this month; it is the first they share unless both began earlier.
        earlier = {i for i, b in items if (b[0].year, b[0].month) != ym}
        pairs = _bucket_pairs(items)
        yield from ((i, j) for i, j in pairs if i not in earlier or j not in earlier) if earlier else pairs


def grouped_pairs(keys: Sequence[object]) -> Iterator[Pair]:
    """Index pairs (i < j) whose keys are equal (None keys are left out)."""
    groups: dict[object, list[int]] = {}
    for i, key in enumerate(keys):
        if key is not None:
            groups.setdefault(key, []).append(i)
    for idx in groups.values():
        yield from combinations(idx, 2)
