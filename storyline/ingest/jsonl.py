"""JSON Lines: one article per line, fields `text` and optional title, url, outlet, byline, published.

The names of the story.json contract come first; the names that trafilatura's
and news-please's JSON output use for the same things are accepted too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.ingest.article import Meta, make_article
from storyline.ingest.decode import MAX_CHARS, detect_encoding
from storyline.model import Article, BadInput

#: Article field -> record keys that may hold it, first found wins.
FIELDS = {
    "title": ("title", "headline"),
    "url": ("url", "canonical_url", "link"),
    "outlet": ("outlet", "sitename", "site_name", "publisher"),
    "byline": ("byline", "author", "authors"),
    "published": ("published", "date", "date_publish", "published_at", "publish_date"),
}
TEXT_KEYS = ("text", "maintext", "body")


def read_jsonl_file(path: Path, max_chars: int = MAX_CHARS) -> Iterator[Article | BadInput]:
    """The articles in a .jsonl file; a broken line is reported with its number and skipped."""
    with path.open("rb") as fh:
        encoding = detect_encoding(fh.read(64 * 1024) or b"{}")
    with path.open("r", encoding=encoding, errors="replace", newline="\n") as fh:
        for number, line in enumerate(fh, start=1):
            if line.strip():
                yield record_article(line, f"{path}:{number}", str(path), number, max_chars)


def record_article(line: str, source: str, file: str, number: int,
                   max_chars: int = MAX_CHARS) -> Article | BadInput:
    """The article in one JSON Lines record, or BadInput naming the file and line."""
    try:
        record: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        return BadInput(file, f"broken JSON: {exc.msg} at column {exc.colno}", number)
    if not isinstance(record, dict):
        return BadInput(file, f"expected a JSON object, got {type(record).__name__}", number)
    text = next((record[k] for k in TEXT_KEYS if isinstance(record.get(k), str) and record[k].strip()), None)
    if text is None:
        return BadInput(file, "no 'text' field (or it is empty / not a string)", number)
    notes = []
    if len(text) > max_chars:
        text = text[:max_chars]
        notes.append(f"text truncated at {max_chars} chars")
    meta = Meta(**{name: _first(record, keys) for name, keys in FIELDS.items()}, notes=notes)
    made = make_article(text, source, meta)
    if isinstance(made, BadInput):
        return BadInput(file, made.reason, number)
    return made


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first of `keys` holding a non-empty string (a list of names is joined)."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ", ".join(v.strip() for v in value if v.strip())
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
