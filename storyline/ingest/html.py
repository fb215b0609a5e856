"""HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import trafilatura

from storyline.ingest.article import Meta, make_article
from storyline.ingest.decode import MAX_CHARS, InputError, read_text
from storyline.ingest.metadata import BARE_DOMAIN, date_in_url
from storyline.model import Article, BadInput, Published

#: Only dates the page states in its markup, not guesses from the text around it.
DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html_file(path: Path, max_chars: int = MAX_CHARS) -> Iterator[Article | BadInput]:
    """The article on a saved HTML page."""
    html, notes = read_text(path, max_chars)
    yield article_from_html(html, str(path), notes=notes)


def article_from_html(html: str, source: str, url: str | None = None,
                      notes: list[str] | None = None) -> Article | BadInput:
    """An Article from an HTML page: trafilatura finds the main text, title, author, date and URL."""
    # No url here: trafilatura would date the page from its URL and call that metadata.
    found = trafilatura.bare_extraction(html, with_metadata=True, include_links=True,
                                        include_comments=False, include_tables=False,
                                        date_extraction_params=DATE_PARAMS)
    doc = found.as_dict() if found is not None and not isinstance(found, dict) else (found or {})
    if not str(doc.get("text") or "").strip():
        text = _baseline_text(html)
        if not text:
            return BadInput(source, "no article text found in the HTML")
        return make_article(text, source, Meta(url=url, notes=[*(notes or []), "main text by fallback"]),
                            unwrap=False)
    sitename = doc.get("sitename")
    if sitename and BARE_DOMAIN.match(sitename):
        sitename = None  # trafilatura's fallback is the host name; the domain lookup does better
    meta = Meta(title=doc.get("title"), outlet=sitename, url=doc.get("url") or url,
                byline=doc.get("author"), published=doc.get("date"), notes=list(notes or []))
    return _date_from_url(make_article(str(doc["text"]), source, meta, unwrap=False))


def _date_from_url(art: Article | BadInput) -> Article | BadInput:
    """Say "url" for a date trafilatura read off the page's URL path rather than its markup.

    trafilatura reports both as page metadata; when the date equals the one in
    the URL path we can only vouch for the URL.
    """
    if isinstance(art, BadInput) or not art.published or not art.url:
        return art
    in_url = date_in_url(art.url)
    if art.published.source == "metadata" and in_url and in_url[0] == art.published.value:
        art.published = Published(in_url[0], "url", in_url[0], in_url[0], in_url[1])
        art.provenance["published"] = "url"
    return art


def _baseline_text(html: str) -> str:
    """All the page's text when trafilatura finds no main text (a page with no body, say)."""
    try:
        _tree, text, _length = trafilatura.baseline(html)
    except (ValueError, TypeError) as exc:
        raise InputError(f"unparseable HTML: {exc}") from exc
    return text.strip()
