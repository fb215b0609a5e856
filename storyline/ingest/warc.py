"""WARC archives (.warc, .warc.gz): each HTML response record is an article, through warcio.

warcio stops quietly at a cut-off gzip member, so the reader checks that each
record's block was read to its stated length and that the iterator reached
the end of the file; a damaged tail becomes a BadInput after the good records.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from storyline.ingest.decode import MAX_CHARS, InputError, decode
from storyline.ingest.html import article_from_html
from storyline.model import Article, BadInput

HTML_TYPES = ("text/html", "application/xhtml+xml")


class Truncated(Exception):
    """A record whose block ends before its stated length."""


def read_warc_file(path: Path, max_chars: int = MAX_CHARS) -> Iterator[Article | BadInput]:
    """The articles in the HTML response records of a WARC file; a damaged tail is reported."""
    read = 0
    with path.open("rb") as fh:
        records = ArchiveIterator(fh)
        try:
            for record in records:
                item = _record_article(record, path, max_chars)
                if item is not None:
                    read += 1
                    yield item
        except (ArchiveLoadFailed, Truncated, EOFError, OSError, ValueError, zlib.error) as exc:
            yield _damaged(path, read, f"{type(exc).__name__}: {exc}")
            return
        size = os.fstat(fh.fileno()).st_size
        if records.offset < size:
            yield _damaged(path, read, f"{size - records.offset} bytes after the last complete record")


def _damaged(path: Path, read: int, detail: str) -> BadInput:
    return BadInput(str(path), f"truncated or damaged WARC (read {read} articles before it): {detail}")


def _record_article(record: Any, path: Path, max_chars: int) -> Article | BadInput | None:
    """The article in one record, or None when the record is not an HTML response."""
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    data = record.content_stream().read()
    left = getattr(record.raw_stream, "limit", None)
    if not isinstance(left, int) or left > 0:
        raise Truncated(f"record {uri or '(no URI)'} ends before its stated length")
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.http_headers
    content_type = (headers.get_header("Content-Type") if headers else None) or \
        record.rec_headers.get_header("Content-Type") or ""
    if not content_type.lower().startswith(HTML_TYPES):
        return None
    source = f"{path}#{uri}"
    try:
        html, notes = decode(data, max_chars)
    except InputError as exc:
        return BadInput(source, str(exc))
    return article_from_html(html, source, url=uri or None, notes=notes)
