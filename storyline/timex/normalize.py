"""TIMEX3 values: anchoring underspecified values on a date, and their day bounds.

A value such as ``XXXX-08`` (a bare "August") or ``XXXX-WXX-4`` (a bare
"Thursday") is resolved against the anchor date in the direction the sentence's
tense gives: -1 the most recent one on or before the anchor, +1 the next one on
or after it, 0 the one in the anchor's own year (the nearest, for weekdays).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
QUARTERS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}
HALVES = {"H1": (1, 6), "H2": (7, 12)}

_MONTH = re.compile(r"^XXXX-(\d\d)$")
_DAY = re.compile(r"^XXXX-(\d\d)-(\d\d)$")
_WEEKDAY = re.compile(r"^XXXX-WXX-(\d)$")
_PART = re.compile(r"^XXXX-(SP|SU|FA|WI|Q[1-4]|H[12])$")


@lru_cache(maxsize=1 << 15)  # date inference resolves the same few values for day after day
def resolve(value: str, anchor: date | None, direction: int) -> str:
    """`value` with its underspecified year or week filled in from `anchor`.

    Unresolvable values (no anchor) come back unchanged.
    """
    if anchor is None or "XXXX" not in value:
        return value
    head, sep, rest = value.partition("T")
    return _resolve_date(head, anchor, direction) + sep + rest


def _resolve_date(value: str, anchor: date, direction: int) -> str:
    if m := _WEEKDAY.match(value):
        return _weekday(int(m.group(1)), anchor, direction).isoformat()
    if m := _MONTH.match(value):
        return f"{_year_for((int(m.group(1)), 1), (anchor.month, 1), anchor.year, direction):04d}-{m.group(1)}"
    if m := _DAY.match(value):
        mm, dd = int(m.group(1)), int(m.group(2))
        year = _year_for((mm, dd), (anchor.month, anchor.day), anchor.year, direction)
        return f"{year:04d}-{m.group(1)}-{m.group(2)}"
    if m := _PART.match(value):
        first = {**SEASONS, **QUARTERS, **HALVES}[m.group(1)][0]
        return f"{_year_for((first, 1), (anchor.month, 1), anchor.year, direction):04d}-{m.group(1)}"
    return value.replace("XXXX", f"{anchor.year:04d}")


#: How far (in days, roughly) a date may sit on the "wrong" side of the anchor
#: before the tense moves it to another year: news often misplaces a date a few
#: weeks ahead in a past-tense clause ("declared a dividend payable Dec. 7").
GRACE_DAYS = 45
#: With no tense to go by, a weekday up to this many days back is the past one:
#: news reports mostly what happened.
WEEKDAY_LOOKBACK = 4


def _year_for(when: tuple[int, int], now: tuple[int, int], year: int, direction: int) -> int:
    gap = (when[0] - now[0]) * 31 + when[1] - now[1]
    grace = GRACE_DAYS if when[1] != 1 or now[1] != 1 else 0  # a bare month has no day to be near
    if direction < 0 and gap > grace:
        return year - 1
    if direction > 0 and gap < -grace:
        return year + 1
    if direction == 0 and gap > 6 * 31:
        return year - 1
    if direction == 0 and gap < -6 * 31:
        return year + 1
    return year


def _weekday(iso_day: int, anchor: date, direction: int) -> date:
    """The weekday `iso_day` (1 = Monday) nearest `anchor` in `direction`; the anchor itself counts."""
    back = (anchor.isoweekday() - iso_day) % 7
    ahead = (iso_day - anchor.isoweekday()) % 7
    if direction < 0:
        return anchor - timedelta(days=back)
    if direction > 0:
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back) if back <= WEEKDAY_LOOKBACK else anchor + timedelta(days=ahead)


def shift(anchor: date, unit: str, n: int) -> date:
    """`anchor` moved by `n` units (year, month, week, day)."""
    if unit == "day":
        return anchor + timedelta(days=n)
    if unit == "week":
        return anchor + timedelta(weeks=n)
    months = anchor.year * 12 + anchor.month - 1 + (n * 12 if unit == "year" else n)
    year, month = divmod(months, 12)
    return date(year, month + 1, min(anchor.day, calendar.monthrange(year, month + 1)[1]))


def at_granularity(day: date, unit: str) -> str:
    """The TIMEX3 value of the `unit` (year, month, week, day) containing `day`."""
    if unit == "year":
        return f"{day.year:04d}"
    if unit == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if unit == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return day.isoformat()


def granularity(value: str) -> str | None:
    """The unit of a resolved DATE value: year, month, week or day (None otherwise)."""
    if re.fullmatch(r"\d{4}", value):
        return "year"
    if re.fullmatch(r"\d{4}-\d\d", value):
        return "month"
    if re.fullmatch(r"\d{4}-W\d\d", value):
        return "week"
    if re.fullmatch(r"\d{4}-\d\d-\d\d(T.*)?", value):
        return "day"
    return None


@lru_cache(maxsize=1 << 15)
def bounds(value: str) -> tuple[str | None, str | None]:
    """The first and last ISO day a resolved TIMEX3 DATE value covers ((None, None) if it has none)."""
    span = _bounds(value[:10] if re.match(r"\d{4}-\d\d-\d\d", value) else value)
    return (span[0].isoformat(), span[1].isoformat()) if span else (None, None)


def _bounds(value: str) -> tuple[date, date] | None:
    try:
        return _calendar_bounds(value)
    except ValueError:  # no such day, month or week ("2021-02-30", "2021-W60", year 0)
        return None


def _calendar_bounds(value: str) -> tuple[date, date] | None:
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value):
        d = date(int(m[1]), int(m[2]), int(m[3]))
        return d, d
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        y, mo = int(m[1]), int(m[2])
        return date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1])
    if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return (monday + timedelta(days=5) if m[3] else monday), monday + timedelta(days=6)
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI|Q[1-4]|H[12])", value):
        y = int(m[1])
        first, last = {**SEASONS, **QUARTERS, **HALVES}[m[2]]
        end_year = y + 1 if last < first else y
        return date(y, first, 1), date(end_year, last, calendar.monthrange(end_year, last)[1])
    if m := re.fullmatch(r"(\d{4})", value):
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    if m := re.fullmatch(r"(\d{3})", value):
        return date(int(m[1]) * 10, 1, 1), date(int(m[1]) * 10 + 9, 12, 31)
    return None
