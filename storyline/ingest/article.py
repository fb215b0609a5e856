"""Building an Article: clean text plus metadata, each field with where it came from."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from dateutil import parser as dateutil_parser

from storyline.ingest.clean import analyse
from storyline.ingest.metadata import date_in_url, outlet_for_url, stamp_near_top
from storyline.model import Article, BadInput, Published

ISO_PARTIAL = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?\s*$")


@dataclass
class Meta:
    """Metadata a container states about an article (a JSONL record, an HTML head, a WARC header)."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None
    published: str | None = None
    notes: list[str] = field(default_factory=list)


def article_id(text: str) -> str:
    """The article id: the first 16 hex digits of the SHA-256 of its clean text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def make_article(raw: str, source: str, meta: Meta | None = None, *, markdown: bool = True,
                 unwrap: bool = True) -> Article | BadInput:
    """An Article from raw text and stated metadata, or BadInput when no body text is left."""
    meta = meta or Meta()
    found = analyse(raw, markdown=markdown, unwrap=unwrap, title_hint=meta.title)
    if not found.text.strip():
        return BadInput(source, "no article text found (empty after removing markup and site chrome)")
    art = Article(id=article_id(found.text), source=source, text=found.text, notes=list(meta.notes))
    _pick(art, "title", meta.title, found.title)
    _pick(art, "byline", meta.byline, found.byline)
    _pick(art, "url", meta.url, found.url)
    _pick(art, "outlet", meta.outlet, found.outlet)
    if art.outlet is None and art.url and (outlet := outlet_for_url(art.url)):
        art.outlet, art.provenance["outlet"] = outlet, "url"
    art.published = _published(meta, found.published, art)
    if art.published:
        art.provenance["published"] = art.published.source
    art.links = [u for u in found.links if u.rstrip("/") != (art.url or "").rstrip("/")]
    return art


def _pick(art: Article, name: str, stated: str | None, in_text: str | None) -> None:
    if stated and stated.strip():
        setattr(art, name, stated.strip())
        art.provenance[name] = "metadata"
    elif in_text:
        setattr(art, name, in_text)
        art.provenance[name] = "text"


def _published(meta: Meta, in_text: tuple[str, str] | None, art: Article) -> Published | None:
    if meta.published:
        stated = stated_date(meta.published)
        if stated:
            return stated
        art.notes.append(f"published value {meta.published!r} is not a date; ignored")
    if in_text:
        value, evidence = in_text
        return Published(value, "text", value, value, evidence)
    in_url = date_in_url(art.url) if art.url else None
    if in_url:
        value, evidence = in_url
        return Published(value, "url", value, value, evidence)
    stamp = stamp_near_top(art.text)
    if stamp:
        value, evidence = stamp
        return Published(value, "text", value, value, evidence)
    return None


def stated_date(text: str) -> Published | None:
    """A stated publication date ("2021-11-18T10:00Z", "18 Nov 2021", "2021-11") as Published."""
    partial = ISO_PARTIAL.match(text)
    if partial:
        return _partial(int(partial.group(1)), int(partial.group(2)) if partial.group(2) else None, text)
    try:
        early = dateutil_parser.parse(text, default=datetime(2000, 1, 1))
        late = dateutil_parser.parse(text, default=datetime(2001, 12, 28))
    except (ValueError, OverflowError):
        return None
    if early.date() == late.date():
        value = early.date().isoformat()
        return Published(value, "metadata", value, value, text.strip())
    if early.year == late.year:
        return _partial(early.year, early.month if early.month == late.month else None, text)
    return None


def _partial(year: int, month: int | None, text: str) -> Published | None:
    """A year or year-month publication date with its first and last day."""
    if not 1 <= (month or 1) <= 12:
        return None
    if month is None:
        return Published(f"{year:04d}", "metadata", f"{year:04d}-01-01", f"{year:04d}-12-31", text.strip())
    last = (datetime(year + month // 12, month % 12 + 1, 1) - datetime(year, month, 1)).days
    value = f"{year:04d}-{month:02d}"
    return Published(value, "metadata", f"{value}-01", f"{value}-{last:02d}", text.strip())
