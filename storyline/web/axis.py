"""A date axis for the timeline: every dated item spans its earliest..latest days.

A date known to the day is a point; a month, season or year is a band as wide
as the time it may have happened in, so the drawing never claims more
precision than the text gives. Items are packed into lanes so bands never
overlap, and the same axis (domain, ticks) lines up every chart on a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

#: Width of the drawing in SVG user units (the SVG scales to its container).
WIDTH = 1000.0
#: Room left and right of the first and last day, in user units.
MARGIN = 24.0
#: Two marks closer than this (user units) go to different lanes.
GAP = 10.0
#: Tick steps to choose from, in months (then days below a month).
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60)
DAY_STEPS = (1, 2, 7, 14)
MAX_TICKS = 12


@dataclass
class Mark:
    """One item on the axis: a point (`x1 == x2`) or a band, in its lane."""

    key: str
    x1: float
    x2: float
    lane: int = 0

    @property
    def point(self) -> bool:
        """Whether the item is known to the day (drawn as a point, not a band)."""
        return self.x2 - self.x1 < 0.5


@dataclass
class Tick:
    """A labelled gridline on the axis."""

    x: float
    label: str


@dataclass
class Axis:
    """Where each item goes, the ticks, and the items without a usable date."""

    start: date
    end: date
    marks: list[Mark] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)

    @property
    def lanes(self) -> int:
        """How many lanes the marks need (at least one)."""
        return max((m.lane for m in self.marks), default=0) + 1

    def x(self, day: date) -> float:
        """The x position of `day` (the start of the day)."""
        span = max((self.end - self.start).days, 1)
        return MARGIN + (day - self.start).days / span * (WIDTH - 2 * MARGIN)


def parse_day(text: str | None) -> date | None:
    """An ISO day ("2021-08-15") as a date; None for anything else."""
    if not text or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def bounds(earliest: str | None, latest: str | None) -> tuple[date, date] | None:
    """The days an item may lie in, or None when it has no usable bound."""
    lo, hi = parse_day(earliest), parse_day(latest)
    if lo is None and hi is None:
        return None
    lo, hi = lo or hi, hi or lo
    assert lo is not None and hi is not None
    return (lo, hi) if lo <= hi else (hi, lo)


def layout(items: list[tuple[str, str | None, str | None]], domain: tuple[date, date] | None = None) -> Axis:
    """The axis for `(key, earliest, latest)` items; `domain` fixes its first and last day."""
    spans = {key: b for key, lo, hi in items if (b := bounds(lo, hi))}
    undated = [key for key, _lo, _hi in items if key not in spans]
    if domain is None:
        if not spans:
            today = date.today()
            return Axis(today, today + timedelta(days=1), undated=undated)
        domain = min(b[0] for b in spans.values()), max(b[1] for b in spans.values())
    start, end = domain[0], max(domain[1] + timedelta(days=1), domain[0] + timedelta(days=1))
    axis = Axis(start, end, undated=undated)
    axis.marks = _pack([Mark(k, axis.x(lo), axis.x(hi + timedelta(days=1)) if lo != hi else axis.x(lo))
                        for k, (lo, hi) in spans.items()])
    axis.ticks = ticks(start, end, axis)
    return axis


def _pack(marks: list[Mark]) -> list[Mark]:
    """Assign lanes greedily, earliest start first, so no two marks in a lane touch."""
    lane_ends: list[float] = []
    for mark in sorted(marks, key=lambda m: (m.x1, m.x2)):
        for lane, last in enumerate(lane_ends):
            if mark.x1 >= last + GAP:
                mark.lane, lane_ends[lane] = lane, mark.x2
                break
        else:
            mark.lane = len(lane_ends)
            lane_ends.append(mark.x2)
    return marks


def ticks(start: date, end: date, axis: Axis) -> list[Tick]:
    """Gridlines at round months (or days, for short spans), at most MAX_TICKS of them."""
    days = (end - start).days
    months = days / 30.4
    step = next((s for s in MONTH_STEPS if months / s <= MAX_TICKS), MONTH_STEPS[-1])
    if months < 2:
        dstep = next((s for s in DAY_STEPS if days / s <= MAX_TICKS), DAY_STEPS[-1])
        return [Tick(axis.x(d), d.strftime("%d %b %Y")) for d in _days(start, end, dstep)]
    return [Tick(axis.x(d), _month_label(d, step)) for d in _months(start, end, step)]


def _days(start: date, end: date, step: int) -> list[date]:
    return [start + timedelta(days=n) for n in range(0, (end - start).days + 1, step)]


def _months(start: date, end: date, step: int) -> list[date]:
    """First days of months from `start` to `end` whose month index is a multiple of `step`."""
    out = []
    index = start.year * 12 + start.month - 1
    index += (-index) % step
    while (day := date(index // 12, index % 12 + 1, 1)) <= end:
        if day >= start:
            out.append(day)
        index += step
    return out


def _month_label(day: date, step: int) -> str:
    return str(day.year) if step >= 12 else day.strftime("%b %Y")
