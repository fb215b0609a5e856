"""A date axis for the timeline: every dated item spans its earliest..latest days.

A date known to the day is a point; a month, season or year is a band as wide
as the time it may have happened in, so the drawing never claims more
precision than the text gives. Items are packed into lanes so bands never
overlap, and the same axis (domain, ticks) lines up every chart on a page.

A long empty stretch (a background fact from 2003 in a story of 2021-2024)
would squash everything else into a corner, so the axis is broken there: each
cluster of dates gets its own segment, and the drawing marks the break.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise

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
#: A tick label needs about this much room (user units) not to run into the next.
LABEL_ROOM = 60.0
#: Width given to a break between segments, and the smallest share of the width a segment gets.
BREAK = 28.0
MIN_SHARE = 0.1
#: An empty stretch is cut out when it is longer than this many days and this share of the whole span.
GAP_DAYS = 365
GAP_SHARE = 0.25


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
class Segment:
    """A stretch of days [start, end) drawn from x1 to x2."""

    start: date
    end: date
    x1: float
    x2: float

    def x(self, day: date) -> float:
        """The x position of `day` (the start of the day) within this segment."""
        span = max((self.end - self.start).days, 1)
        return self.x1 + (day - self.start).days / span * (self.x2 - self.x1)


@dataclass
class Axis:
    """Where each item goes, the ticks, the breaks, and the items without a usable date."""

    segments: list[Segment]
    marks: list[Mark] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)

    @property
    def lanes(self) -> int:
        """How many lanes the marks need (at least one)."""
        return max((m.lane for m in self.marks), default=0) + 1

    @property
    def breaks(self) -> list[float]:
        """The x positions of the middle of each break between segments."""
        return [(a.x2 + b.x1) / 2 for a, b in pairwise(self.segments)]

    def segment(self, day: date) -> Segment:
        """The segment holding `day` (the last one for days after the end)."""
        return next((s for s in self.segments if day < s.end), self.segments[-1])

    def x(self, day: date) -> float:
        """The x position of `day` (the start of the day)."""
        seg = self.segment(day)
        return seg.x(max(day, seg.start))

    def x_end(self, day: date) -> float:
        """The x position of the end of `day`, in the segment holding it."""
        seg = self.segment(day)
        return seg.x(max(day, seg.start) + timedelta(days=1))


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


def layout(items: list[tuple[str, str | None, str | None]]) -> Axis:
    """The axis for `(key, earliest, latest)` items."""
    spans = {key: b for key, lo, hi in items if (b := bounds(lo, hi))}
    undated = [key for key, _lo, _hi in items if key not in spans]
    if not spans:
        today = date.today()
        return Axis([Segment(today, today + timedelta(days=1), MARGIN, WIDTH - MARGIN)], undated=undated)
    stretches = clusters(list(spans.values()))
    counts = [sum(1 for lo, _hi in spans.values() if a <= lo <= b) for a, b in stretches]
    axis = Axis(segments(stretches, counts), undated=undated)
    axis.marks = _pack([Mark(k, axis.x(lo), axis.x_end(hi) if lo != hi else axis.x(lo))
                        for k, (lo, hi) in spans.items()])
    axis.ticks = [t for seg in axis.segments for t in ticks(seg)]
    return axis


def clusters(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """The stretches of days holding items, split where a long empty stretch lies between them."""
    merged: list[list[date]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    total = (merged[-1][1] - merged[0][0]).days + 1
    out = [(merged[0][0], merged[0][1])]
    for lo, hi in merged[1:]:
        gap = (lo - out[-1][1]).days
        if gap > GAP_DAYS and gap > GAP_SHARE * total:
            out.append((lo, hi))
        else:
            out[-1] = (out[-1][0], hi)
    return out


def segments(stretches: list[tuple[date, date]], counts: list[int] | None = None) -> list[Segment]:
    """Segments sharing the width a third by their length in days, two thirds by how many
    items they hold (`counts`; by days alone without it), each getting at least MIN_SHARE:
    a lone background year does not take as much room as the months where the story happens."""
    room = WIDTH - 2 * MARGIN - BREAK * (len(stretches) - 1)
    days = [(hi - lo).days + 1 for lo, hi in stretches]
    weights = [d / sum(days) for d in days]
    if counts and sum(counts):
        weights = [(w + 2 * c / sum(counts)) / 3 for w, c in zip(weights, counts, strict=True)]
    shares = [max(w, MIN_SHARE if len(days) > 1 else 1.0) for w in weights]
    x, out = MARGIN, []
    for (lo, hi), share in zip(stretches, shares, strict=True):
        width = room * share / sum(shares)
        out.append(Segment(lo, hi + timedelta(days=1), x, x + width))
        x += width + BREAK
    return out


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


def ticks(seg: Segment) -> list[Tick]:
    """Gridlines at round months (or days, for short spans), fewer on narrow segments."""
    start, end = seg.start, seg.end
    last = end - timedelta(days=1)  # the segment's end is the next segment's (or the margin's) business
    most = max(1, round(MAX_TICKS * (seg.x2 - seg.x1) / (WIDTH - 2 * MARGIN)))
    days = (end - start).days
    months = days / 30.4
    if months < 2:
        dstep = next((s for s in DAY_STEPS if days / s <= most), DAY_STEPS[-1])
        found = [Tick(seg.x(d), d.strftime("%-d %b %Y")) for d in _days(start, last, dstep)]
    else:
        step = next((s for s in MONTH_STEPS if months / s <= most), MONTH_STEPS[-1])
        found = [Tick(seg.x(d), _month_label(d, step)) for d in _months(start, last, step)]
    if not found or found[0].x - seg.x1 > LABEL_ROOM:  # say where the segment starts
        found.insert(0, Tick(seg.x1, start.strftime("%b %Y" if months >= 2 else "%-d %b %Y")))
    return found


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
