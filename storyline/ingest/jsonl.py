"""JSON Lines: one article per line, fields `text` and optional title, url, outlet, byline, published."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from storyline.ingest.article import Meta, make_article
from storyline.ingest.decode import MAX_CHARS, detect_encoding
from storyline.model import Article, BadInput

FIELDS = ("title", "url", "outlet", "byline", "published")


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
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return BadInput(file, "no 'text' field (or it is empty / not a string)", number)
    notes = []
    if len(text) > max_chars:
        text = text[:max_chars]
        notes.append(f"text truncated at {max_chars} chars")
    meta = Meta(**{k: _string(record.get(k)) for k in FIELDS}, notes=notes)
    made = make_article(text, source, meta)
    if isinstance(made, BadInput):
        return BadInput(file, made.reason, number)
    return made


def _string(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
