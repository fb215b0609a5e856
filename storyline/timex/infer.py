"""Publication dates inferred for undated articles (placeholder, filled in below)."""

from __future__ import annotations

from storyline.model import Extraction, Published
from storyline.pipeline import Parsed


def infer_published(parsed: Parsed, found: Extraction) -> Published | None:
    """The inferred publication date of an undated article (None when it has a stated one)."""
    return None


def refine_published(articles: list, extractions: list) -> dict[str, Published]:
    """Cross-article refinement of inferred dates."""
    return {}
