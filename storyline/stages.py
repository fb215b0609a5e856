"""The built-in per-article stages, registered in the same registry users extend.

Order matters and is checked: each stage's needs must be added earlier.
"""

from __future__ import annotations

from storyline.entities import build_entities, find_mentions
from storyline.events import find_events
from storyline.figures import find_figures
from storyline.pipeline import register
from storyline.quotes import find_quotes
from storyline.settings import DEFAULT_STAGES
from storyline.timex import date_evidence, find_timexes, infer_published

__all__ = ["DEFAULT_STAGES"]

register("mentions", needs=["ents"], adds="mentions")(find_mentions)
register("entities", needs=["mentions"], adds="entities")(build_entities)
register("date_evidence", needs=["sentences", "mentions"], adds="date_evidence")(date_evidence)
register("published", needs=["sentences"], adds="published")(infer_published)
register("timexes", needs=["sentences", "published"], adds="timexes")(find_timexes)
register("figures", needs=["sentences"], adds="figures")(find_figures)
register("quotes", needs=["entities", "timexes"], adds="quotes")(find_quotes)
register("events", needs=["entities", "timexes", "figures", "quotes"], adds="events")(find_events)
