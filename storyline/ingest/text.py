"""Plain text and Markdown files: one article per file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from storyline.ingest.article import Meta, make_article
from storyline.ingest.decode import MAX_CHARS, read_text
from storyline.model import Article, BadInput


def read_text_file(path: Path, max_chars: int = MAX_CHARS) -> Iterator[Article | BadInput]:
    """The article in a .txt or .md file (Markdown markup stripped, hard wraps joined)."""
    text, notes = read_text(path, max_chars)
    yield make_article(text, str(path), Meta(notes=notes))
