"""Dates, article names and conflict details as a reader reads them: shared by the terminal views,
the web app and the HTML report.

    when("2023-03")                      # "Mar 2023"
    span("2023-03-06", "2023-03-10")     # "6–10 Mar 2023"
    explain(detail, labels)              # ids become outlet names, ISO days readable dates
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta

from storyline.model import Article, Published

SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "AU": "autumn", "WI": "winter"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
PARTS = {"Q1": "Q1", "Q2": "Q2", "Q3": "Q3", "Q4": "Q4", "H1": "first half of", "H2": "second half of"}
REFS = {"PRESENT_REF": "now", "PAST_REF": "in the past", "FUTURE_REF": "in the future"}


def when(value: str | None, earliest: str | None = None, latest: str | None = None) -> str:
    """A readable label for a TIMEX3 date value: "15 Mar 2023", "Mar 2023", "summer 2023".

    Without a value the bounds speak ("6–10 Mar 2023", "after 1 Jan 2023"); a
    value the text never anchored says what is missing ("a Friday, date not
    known").
    """
    if not value:
        return span(earliest, latest)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", value):
        return _fmt(value[:10], "%-d %b %Y", value)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return _fmt(f"{value}-01", "%b %Y", value)
    if re.fullmatch(r"\d{4}", value):
        return value
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", value):
        return f"{SEASONS[m[2]]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-(Q[1-4]|H[12])", value):
        return f"{PARTS[m[2]]} {m[1]}"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
        try:
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 6 if m[3] else 1)
        except ValueError:
            return value
        return f"{'weekend' if m[3] else 'week'} of {_fmt(monday.isoformat(), '%-d %b %Y', value)}"
    if m := re.fullmatch(r"(\d{3})X?", value):
        return f"{m[1]}0s"
    if value in REFS:
        return f"{REFS[value]} ({span(earliest, latest)})" if earliest or latest else REFS[value]
    if "X" in value:
        return _unanchored(value)
    return value


def _unanchored(value: str) -> str:
    """A value with unknown parts ("XXXX-07", "XXXX-WXX-5"): what is known, and that the date is not."""
    if m := re.fullmatch(r"XXXX-(\d{2})-(\d{2})", value):
        return f"{int(m[2])} {MONTHS[int(m[1]) - 1][:3]}, year not known" if 1 <= int(m[1]) <= 12 else value
    if m := re.fullmatch(r"XXXX-(\d{2})", value):
        return f"{MONTHS[int(m[1]) - 1]}, year not known" if 1 <= int(m[1]) <= 12 else value
    if m := re.fullmatch(r"XXXX-WXX-([1-7])", value):
        return f"a {WEEKDAYS[int(m[1]) - 1]}, date not known"
    if m := re.fullmatch(r"XXXX-(SP|SU|FA|AU|WI)", value):
        return f"{SEASONS[m[1]]}, year not known"
    return "date not known"


def span(earliest: str | None, latest: str | None) -> str:
    """The days from `earliest` to `latest` as read: "6–10 Mar 2023", "Jan – Apr 2022", "after 1 Jan 2023"."""
    lo, hi = _day(earliest), _day(latest)
    if lo and hi:
        lo, hi = min(lo, hi), max(lo, hi)
        if lo == hi:
            return _d(lo)
        if lo.day == 1 and (hi + timedelta(days=1)).day == 1:  # whole months
            if lo.year == hi.year and lo.month == 1 and hi.month == 12:
                return str(lo.year)
            first = lo.strftime("%b") if lo.year == hi.year else lo.strftime("%b %Y")
            return lo.strftime("%b %Y") if (lo.year, lo.month) == (hi.year, hi.month) else f"{first} – {hi:%b %Y}"
        if (lo.year, lo.month) == (hi.year, hi.month):
            return f"{lo.day}–{_d(hi)}"
        return f"{lo:%-d %b} – {_d(hi)}" if lo.year == hi.year else f"{_d(lo)} – {_d(hi)}"
    if lo:
        return f"on or after {_d(lo)}"
    if hi:
        return f"on or before {_d(hi)}"
    return "undated"


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _d(day: date) -> str:
    return day.strftime("%-d %b %Y")


def _fmt(day: str, pattern: str, fallback: str) -> str:
    try:
        return date.fromisoformat(day).strftime(pattern)
    except ValueError:
        return fallback


def published_label(pub: Published | None) -> str | None:
    """An article's publication date as read: inferred dates give their whole range ("6–10 Mar 2023")."""
    if pub is None:
        return None
    if pub.source == "inferred" and (pub.earliest or pub.latest) and pub.earliest != pub.latest:
        return span(pub.earliest, pub.latest)
    return when(pub.value, pub.earliest, pub.latest)


def article_label(article: Article) -> str:
    """A short name for an article: its outlet, else its title, else its file name."""
    return article.outlet or article.title or article.source.rsplit("/", 1)[-1]


def explain(detail: str, labels: Mapping[str, str]) -> str:
    """A conflict's detail as read: article ids (keys of `labels`) become their labels, ISO days and
    ranges readable dates."""
    text = re.sub(r"\b(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})\b", lambda m: span(m[1], m[2]), detail)
    text = re.sub(r"\b\d{4}-\d{2}-\d{2}\b", lambda m: when(m[0]), text)
    ids = "|".join(re.escape(a) for a in sorted(labels, key=len, reverse=True))
    return re.sub(rf"(?<![\w-])({ids})(?![\w-])", lambda m: labels[m[0]], text) if ids else text
