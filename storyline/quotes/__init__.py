"""quotes (placeholder until the stage lands)."""

from storyline.model import Extraction, Quote
from storyline.pipeline import Parsed


def find_quotes(parsed: Parsed, found: Extraction) -> list[Quote]:
    """The quotes of one article."""
    return []
