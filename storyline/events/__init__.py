"""events (placeholder until the stage lands)."""

from storyline.model import Extraction, Event
from storyline.pipeline import Parsed


def find_events(parsed: Parsed, found: Extraction) -> list[Event]:
    """The events of one article."""
    return []
