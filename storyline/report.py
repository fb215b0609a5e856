"""The one-file HTML report: timeline, relations, quotes and sources, readable offline.

Everything is inline (styles, script, data), so the file opens from disk with no
network. Article text is hostile input: the page is rendered with autoescaping,
the embedded data is JSON with `<`, `>` and `&` escaped, and a Content Security
Policy lets only the report's own script run and forbids any network access.
"""

from __future__ import annotations

import base64
import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from storyline.export.contract import story_to_dict
from storyline.model import Story
from storyline.readable import when
from storyline.web.present import Present
from storyline.web.render import ReportLinks, environment, static_text

__all__ = ["export_html", "render_report"]


def export_html(story: Story, out: Path) -> None:
    """Write the story as one self-contained HTML file."""
    Path(out).write_text(render_report(story), encoding="utf-8")


def render_report(story: Story, title: str | None = None) -> str:
    """The report as an HTML string."""
    view = Present(story)
    entries = view.entries()
    js = static_text("storyline.js")
    context: dict[str, Any] = {
        "title": title or "Story timeline",
        "version": _version(),
        "stats": stats(story, entries),
        "actors": view.main_actors(),
        "options": view.filter_options(),
        "entries": entries,
        "by_id": {e["id"]: e for e in entries},
        "axis": view.axis(),
        "relations": view.relations(),
        "quotes": view.quote_groups(),
        "articles": [view.article(a.id) for a in story.articles],
        "link": ReportLinks(),
        "css": static_text("storyline.css"),
        "js": js,
        "script_hash": "sha256-" + base64.b64encode(hashlib.sha256(js.encode()).digest()).decode(),
        "data": {"entries": [filter_fields(e) for e in entries], "story": story_to_dict(story)},
    }
    return environment().get_template("report.html").render(context)


def filter_fields(entry: dict[str, Any]) -> dict[str, Any]:
    """What the report's script needs to filter an entry without a server."""
    return {"id": entry["id"], "type": entry["type"], "status": entry["status"],
            "earliest": entry["date"]["earliest"], "latest": entry["date"]["latest"],
            "actors": entry["actors"], "conflicts": len(entry["conflicts"])}


def stats(story: Story, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts for the page header, and the span of dates the timeline covers."""
    days = sorted(d for e in entries for d in (e["date"]["earliest"], e["date"]["latest"]) if d)
    span = f"{when(days[0])} – {when(days[-1])}" if days else None
    return {"articles": len(story.articles), "entries": len(entries),
            "quotes": sum(len(f.quotes) for f in story.extractions),
            "conflicts": sum(1 for e in entries if e["conflicts"]), "span": span}


def _version() -> str:
    try:
        return version("storyline")
    except PackageNotFoundError:
        return "dev"
