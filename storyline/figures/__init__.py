"""figures (placeholder until the stage lands)."""

from storyline.model import Extraction, Figure
from storyline.pipeline import Parsed


def find_figures(parsed: Parsed, found: Extraction) -> list[Figure]:
    """The figures of one article."""
    return []
