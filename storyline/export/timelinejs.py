"""TimelineJS JSON: the format the Knight Lab TimelineJS library reads.

One slide per timeline entry; the date keeps the entry's precision (a month
entry gives only year and month, a range gives start and end dates), the
headline is the entry's summary, and the text lists its status, its sources
and its conflicts. All article-derived text is HTML-escaped.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from storyline.model import Article, DateRange, Story, TimelineEntry
from storyline.story import dates

_SEASONS = {"SP": "Spring", "SU": "Summer", "FA": "Autumn", "AU": "Autumn", "WI": "Winter"}


def _ymd(day: str, parts: int) -> dict[str, int]:
    """A TimelineJS date object from an ISO day, keeping `parts` of year/month/day."""
    y, m, d = (int(x) for x in day.split("-"))
    return dict(list({"year": y, "month": m, "day": d}.items())[:parts])


def _display(value: str | None) -> str | None:
    if value and (m := re.match(r"^(\d{4})-(SP|SU|FA|AU|WI)$", value)):
        return f"{_SEASONS[m[2]]} {m[1]}"
    return None


def slide_dates(date: DateRange) -> dict[str, Any] | None:
    """start_date (and end_date, display_date) for an entry's date, or None if undated."""
    value = date.value or ""
    precision = {10: 3, 7: 2, 4: 1}.get(len(value)) if re.match(r"^\d{4}(-\d{2}){0,2}$", value) else None
    b = dates.bounds(date)
    if b is None:
        return None
    own = dates.value_bounds(value)
    if precision is not None and own == b:
        return {"start_date": _ymd(b[0].isoformat(), precision)}
    out: dict[str, Any] = {"start_date": _ymd(b[0].isoformat(), 3), "end_date": _ymd(b[1].isoformat(), 3)}
    if shown := _display(value):
        out["display_date"] = shown
    return out


def _source_name(article: Article) -> str:
    return article.title or article.outlet or Path(article.source).name


def _slide_text(entry: TimelineEntry, articles: dict[str, Article]) -> str:
    esc = html.escape
    lines = [f"<p>Status: {esc(entry.status)} · type: {esc(entry.type)}</p>", "<p>Sources:</p><ul>"]
    for aid in entry.articles:
        a = articles.get(aid)
        label = esc(_source_name(a)) if a else esc(aid)
        link = f'<a href="{esc(a.url, quote=True)}">{label}</a>' if a and a.url else label
        lines.append(f"<li>{link}</li>")
    lines.append("</ul>")
    if entry.conflicts:
        lines.append("<p>Conflicts:</p><ul>")
        lines += [f"<li>{esc(c.kind)}: {esc(c.detail)}</li>" for c in entry.conflicts]
        lines.append("</ul>")
    return "".join(lines)


def timelinejs(story: Story, title: str | None = None) -> dict[str, Any]:
    """The story as a TimelineJS document (entries without a calendar date are left out)."""
    articles = {a.id: a for a in story.articles}
    events = []
    for entry in story.timeline:
        when = slide_dates(entry.date)
        if when is None:
            continue
        events.append({
            **when,
            "text": {"headline": html.escape(entry.summary), "text": _slide_text(entry, articles)},
            "group": entry.type.replace("_", " "),
            "unique_id": entry.id,
        })
    span = [e["start_date"]["year"] for e in events]
    about = f"{len(events)} events from {len(story.articles)} articles"
    if span:
        about += f", {min(span)}–{max(span)}" if min(span) != max(span) else f", {span[0]}"
    headline = title or str(story.extra.get("title") or "Storyline")
    return {"title": {"text": {"headline": html.escape(headline), "text": html.escape(about)}},
            "events": events}


def export_timelinejs(story: Story, out: Path) -> None:
    """Write the TimelineJS JSON of `story` to `out`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(timelinejs(story), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
