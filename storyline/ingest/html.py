"""HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import trafilatura

from storyline.ingest.article import Meta, make_article
from storyline.ingest.decode import MAX_CHARS, InputError, read_text
from storyline.model import Article, BadInput

#: Only dates the page states in its markup, not guesses from the text around it.
DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html_file(path: Path, max_chars: int = MAX_CHARS) -> Iterator[Article | BadInput]:
    """The article on a saved HTML page."""
    html, notes = read_text(path, max_chars)
    yield article_from_html(html, str(path), notes=notes)


def article_from_html(html: str, source: str, url: str | None = None,
                      notes: list[str] | None = None) -> Article | BadInput:
    """An Article from an HTML page: trafilatura finds the main text, title, author, date and URL."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_links=True,
                                      include_comments=False, include_tables=False,
                                      date_extraction_params=DATE_PARAMS, as_dict=True)
    if not isinstance(doc, dict) or not str(doc.get("text") or "").strip():
        text = _baseline_text(html)
        if not text:
            return BadInput(source, "no article text found in the HTML")
        return make_article(text, source, Meta(url=url, notes=[*(notes or []), "main text by fallback"]),
                            unwrap=False)
    meta = Meta(title=doc.get("title"), outlet=doc.get("sitename"), url=doc.get("url") or url,
                byline=doc.get("author"), published=doc.get("date"), notes=list(notes or []))
    return make_article(str(doc["text"]), source, meta, unwrap=False)


def _baseline_text(html: str) -> str:
    """All the page's text when trafilatura finds no main text (a page with no body, say)."""
    try:
        _tree, text, _length = trafilatura.baseline(html)
    except (ValueError, TypeError) as exc:
        raise InputError(f"unparseable HTML: {exc}") from exc
    return text.strip()
