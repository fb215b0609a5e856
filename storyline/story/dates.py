"""Date arithmetic on `DateRange`: bounds, precision, containment.

The story stage compares report dates at the precision each report gives: a
day is compatible with the month, season, year or range that contains it.
Bounds come from the record's `earliest`/`latest` when set, else from its
TIMEX3 value.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from storyline.model import DateRange, Published, Timex

Bounds = tuple[date, date]

#: Records that carry a TIMEX3 value with optional bounds.
Dated = DateRange | Published | Timex

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-(\d))?$")
_PART = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI|Q[1-4]|H[12])$")
_DECADE = re.compile(r"^(\d{3})X$")

#: Months (first, last) of seasons, quarters and halves (northern seasons;
#: winter runs into the next year).
_PARTS = {
    "SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 14),
    "Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12), "H1": (1, 6), "H2": (7, 12),
}


def _month_end(year: int, month: int) -> date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def value_bounds(value: str | None) -> Bounds | None:
    """First and last day a TIMEX3 value covers, or None when it names no calendar span."""
    if not value:
        return None
    if "/" in value:  # an ISO interval "start/end"
        a, b = (value_bounds(v) for v in value.split("/", 1))
        return (a[0], b[1]) if a and b else None
    try:
        return _value_bounds(value)
    except ValueError:  # e.g. "2021-02-30"
        return None


def _value_bounds(value: str) -> Bounds | None:
    if m := _DAY.match(value):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    if m := _MONTH.match(value):
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), _month_end(y, mo)
    if m := _YEAR.match(value):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    if m := _WEEK.match(value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            day = monday + timedelta(days=int(m[3]) - 1)
            return day, day
        return monday, monday + timedelta(days=6)
    if m := _PART.match(value):
        first, last = _PARTS[m[2]]
        y = int(m[1])
        return date(y, first, 1), _month_end(y, last)
    if m := _DECADE.match(value):
        return date(int(m[1]) * 10, 1, 1), date(int(m[1]) * 10 + 9, 12, 31)
    return None


def _iso(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def bounds(when: Dated | None) -> Bounds | None:
    """The first and last day a date may stand for (None when unknown)."""
    if when is None:
        return None
    lo, hi = _iso(when.earliest), _iso(when.latest)
    if lo and hi:
        return (lo, hi) if lo <= hi else (hi, lo)
    own = value_bounds(when.value)
    if own is None:
        return None
    return lo or own[0], hi or own[1]


def width(b: Bounds) -> int:
    """How many days the bounds span."""
    return (b[1] - b[0]).days + 1


def contains(outer: Bounds, inner: Bounds) -> bool:
    """Whether `inner` lies within `outer`."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def compatible(a: Bounds | None, b: Bounds | None) -> bool:
    """Two dates may name the same moment: one contains the other (unknown fits anything)."""
    if a is None or b is None:
        return True
    return contains(a, b) or contains(b, a)


def overlap(a: Bounds, b: Bounds) -> bool:
    """Whether two spans share at least one day."""
    return a[0] <= b[1] and b[0] <= a[1]


def gap_days(a: Bounds, b: Bounds) -> int:
    """Days between two spans (0 when they overlap)."""
    if overlap(a, b):
        return 0
    return (b[0] - a[1]).days if a[1] < b[0] else (a[0] - b[1]).days


def as_range(value: str | None, b: Bounds) -> DateRange:
    """A `DateRange` with the value and explicit bounds."""
    return DateRange(value, b[0].isoformat(), b[1].isoformat())
