"""Temporal expressions normalised to TIMEX3, and publication dates inferred for undated articles.

`tag(doc, dct)` is the tagger on any parsed text (the TempEval-3 benchmark runs
it); `find_timexes` and `infer_published` are the pipeline stages;
`refine_published` is the cross-article step the build runs (`build.redate`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from storyline.model import Extraction, Timex
from storyline.pipeline import Parsed
from storyline.timex import normalize as nz
from storyline.timex.infer import PROBES, date_evidence, infer_published, refine_published
from storyline.timex.tagger import Found, tag_doc

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Found", "date_evidence", "find_timexes", "infer_published", "refine_published", "tag"]


def tag(doc: Doc, dct: str | date | None, latest: str | date | None = None) -> list[Found]:
    """The temporal expressions of `doc`, anchored on `dct` (an ISO day, or None when unknown).

    With `latest`, the date is only known to lie in [dct, latest]: a value that
    differs between the two ends is kept at the precision both agree on.
    """
    first = _day(dct)
    last = _day(latest)
    if first is None:
        return _unanchored(doc)
    found = tag_doc(doc, first)
    if first is None or last is None or last == first:
        return found
    other = {(f.start, f.end): f.value for f in tag_doc(doc, last)}
    for f in found:
        f.value = _agree(f, other.get((f.start, f.end)))
    return found


def _unanchored(doc: Doc) -> list[Found]:
    """With no date to anchor on, relative expressions keep only what the text itself fixes."""
    found = tag_doc(doc, PROBES[0])
    other = {(f.start, f.end): f.value for f in tag_doc(doc, PROBES[1])}
    for f in found:
        if f.value != other.get((f.start, f.end)):
            f.value = _underspecified(f)
    return found


def _underspecified(f: Found) -> str | None:
    if "XXXX" in f.raw:
        return f.raw
    unit = nz.granularity(f.value or "")
    if unit == "month" and f.raw.startswith("month_offset") and f.value:
        return "XXXX" + f.value[4:]
    return {"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX", "day": "XXXX-XX-XX"}.get(unit or "")


def _day(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _agree(f: Found, other: str | None) -> str | None:
    """The value both anchors give, else their common date prefix, else the unanchored form."""
    if f.value == other or f.value is None or other is None:
        return f.value
    prefix = f.value
    while prefix and not other.startswith(prefix):
        prefix = prefix[:-1]
    prefix = prefix.rstrip("-W")
    if nz.granularity(prefix) in ("year", "month"):
        return prefix
    return f.raw if "XXXX" in f.raw else None


def find_timexes(parsed: Parsed, found: Extraction) -> list[Timex]:
    """Temporal expressions normalised to TIMEX3, anchored on the stated or inferred date."""
    pub = parsed.published(found)
    first = last = None
    if pub is not None and pub.value and nz.granularity(pub.value) == "day" and pub.source != "inferred":
        first = last = pub.value
    elif pub is not None and pub.earliest and pub.latest:
        first, last = pub.earliest, pub.latest
    aid = parsed.article.id
    out = []
    for f in tag(parsed.doc, first, last):
        if f.value is None:
            continue
        earliest, latest = nz.bounds(f.value) if f.type == "DATE" else (None, None)
        out.append(Timex(aid, f.start, f.end, f.text, f.type, f.value, earliest, latest))
    return out
