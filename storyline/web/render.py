"""The Jinja environment shared by the web app and the HTML report, and their link styles.

Autoescaping is always on: article text is hostile input and reaches the page
only as escaped text (the templates never mark it safe).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined

from storyline.web.present import anchor, passage_anchor


def static_text(name: str) -> str:
    """A file of `storyline/web/static` as text."""
    return resources.files("storyline.web").joinpath("static").joinpath(name).read_text(encoding="utf-8")


@cache
def tones() -> dict[str, str]:
    """Event type -> tone (cooperative / hostile) for colouring charts; other types are neutral."""
    data = json.loads(static_text("tones.json"))
    return {t: tone for tone, types in data.items() if not tone.startswith("_") for t in types}


def tone(event_type: str | None) -> str:
    """The tone of an event type: cooperative, hostile or neutral."""
    return tones().get(event_type or "", "neutral")


@cache
def environment() -> Environment:
    """The Jinja environment over `storyline/web/templates`, autoescaping everything."""
    env = Environment(loader=PackageLoader("storyline.web", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals["tone"] = tone
    env.globals["passage_anchor"] = passage_anchor
    env.filters["fmt"] = lambda x: f"{x:g}" if isinstance(x, float) else x
    return env


class ReportLinks:
    """Links inside the one-file report: everything is an anchor in the same page."""

    def entry(self, entry_id: str) -> str:
        """The card of a timeline entry."""
        return "#" + anchor("t", entry_id)

    def article(self, article_id: str) -> str:
        """An article's full text."""
        return "#" + anchor("a", article_id)

    def passage(self, p: dict[str, Any] | None) -> str | None:
        """The sentence an item came from."""
        return "#" + p["anchor"] if p else None


class AppLinks:
    """Links of the web app: article pages with the item highlighted."""

    def entry(self, entry_id: str) -> str:
        """The card of a timeline entry on the timeline page."""
        return "/#" + anchor("t", entry_id)

    def article(self, article_id: str) -> str:
        """An article's page."""
        return "/article/" + quote(article_id, safe="")

    def passage(self, p: dict[str, Any] | None) -> str | None:
        """The article page with the item highlighted, scrolled to its sentence."""
        if not p:
            return None
        return f"{self.article(p['article'])}?hl={quote(p['item'], safe='')}#{p['anchor']}"
