"""Temporal expressions (placeholder until the timex stage lands)."""

from storyline.model import Extraction, Published, Timex
from storyline.pipeline import Parsed


def infer_published(parsed: Parsed, found: Extraction) -> Published | None:
    """The inferred publication date of an undated article."""
    return None


def find_timexes(parsed: Parsed, found: Extraction) -> list[Timex]:
    """Temporal expressions normalised to TIMEX3."""
    return []
