"""WARC archives (.warc, .warc.gz): each HTML response record is an article, through warcio."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.ingest.decode import MAX_CHARS, InputError, decode
from storyline.ingest.html import article_from_html
from storyline.model import Article, BadInput

HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc_file(path: Path, max_chars: int = MAX_CHARS) -> Iterator[Article | BadInput]:
    """The articles in the HTML response records of a WARC file; a damaged tail is reported."""
    read = 0
    with path.open("rb") as fh:
        try:
            for record in ArchiveIterator(fh):
                item = _record_article(record, path, max_chars)
                if item is not None:
                    read += 1
                    yield item
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
            yield BadInput(str(path), f"truncated or damaged WARC after {read} records: "
                                      f"{type(exc).__name__}: {exc}")


def _record_article(record: object, path: Path, max_chars: int) -> Article | BadInput | None:
    """The article in one record, or None when the record is not an HTML response."""
    if getattr(record, "rec_type", None) not in ("response", "resource"):
        return None
    headers = getattr(record, "http_headers", None)
    content_type = (headers.get_header("Content-Type") if headers else None) or \
        record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    if not content_type.lower().startswith(HTML_TYPES):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""  # type: ignore[attr-defined]
    source = f"{path}#{uri}"
    data = record.content_stream().read()  # type: ignore[attr-defined]
    try:
        html, notes = decode(data, max_chars)
    except InputError as exc:
        return BadInput(source, str(exc))
    return article_from_html(html, source, url=uri or None, notes=notes)
