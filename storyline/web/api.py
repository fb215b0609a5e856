"""The JSON API under /api: what the pages show, as data (documented at /docs and /openapi.json).

Every route is a GET over the read-only store. The functions returning the data
are plain and shared with the HTML pages, so each page has a JSON twin.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from storyline import views
from storyline.export.contract import story_to_dict
from storyline.readable import when
from storyline.store import Store
from storyline.web.present import Present

#: Markers FTS5 puts around matches in snippets; the page turns them into <b> after escaping.
HIT_OPEN, HIT_CLOSE = "\x02", "\x03"


@dataclass
class Filters:
    """The timeline filters, as query parameters: ?actor=&type=&status=&from=&to=&conflicts=1."""

    actor: str | None = None
    types: list[str] = field(default_factory=list)
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    conflicts_only: bool = False

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return any((self.actor, self.types, self.status, self.date_from, self.date_to, self.conflicts_only))


def filters(
    actor: Annotated[str | None, Query(description="Actor (source or target) name or alias contains this")] = None,
    type: Annotated[list[str] | None, Query(description="Event types (repeatable)")] = None,
    status: Annotated[str | None, Query(description="occurred, ongoing, planned, intended, refused, ...")] = None,
    date_from: Annotated[str | None, Query(alias="from", description="On or after YYYY[-MM[-DD]]")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="On or before YYYY[-MM[-DD]]")] = None,
    conflicts: Annotated[bool, Query(description="Only entries whose reports conflict")] = False,
) -> Filters:
    """Timeline filters read from the query string (empty values count as unset; 422 for an unreadable date)."""
    for name, text in (("from", date_from), ("to", date_to)):
        if text:
            try:
                views.date_bounds(text)
            except ValueError as exc:
                raise HTTPException(422, f"{name}: {exc}") from None
    return Filters(actor or None, [t for t in type or [] if t], status or None, date_from or None,
                   date_to or None, conflicts)


def present(request: Request) -> Present:
    """The presentation of the current story (reloaded when the store file changes)."""
    return request.app.state.stories.get()


def timeline_data(view: Present, f: Filters) -> dict[str, Any]:
    """The timeline entries matching `f`, with the total count."""
    entries = views.filter_timeline(view.story, actor=f.actor, types=f.types, date_from=f.date_from,
                                    date_to=f.date_to, status=f.status, conflicts_only=f.conflicts_only)
    return {"total": len(view.story.timeline), "count": len(entries), "filters": asdict(f),
            "entries": view.entries(entries)}


def article_list(view: Present) -> list[dict[str, Any]]:
    """Every article's metadata and counts (no text)."""
    out = []
    for a in view.story.articles:
        found = view.found.get(a.id)
        out.append({"id": a.id, "label": view.label(a.id), "title": a.title, "outlet": a.outlet,
                    "source": a.source, "url": a.url, "published": view.published(a.id), **view.publication(a.id),
                    "quotes": len(found.quotes) if found else 0, "events": len(found.events) if found else 0,
                    "figures": len(found.figures) if found else 0})
    return out


def search(store: Store, view: Present, q: str, limit: int = 20) -> dict[str, Any]:
    """Full-text search (SQLite FTS5) over article titles and text, and quotes and speakers."""
    result: dict[str, Any] = {"q": q, "articles": [], "quotes": [], "error": None}
    if not q.strip():
        return result
    match = store.db.quote_fts(q)
    try:
        result["articles"] = [
            {"id": r["id"], "label": view.label(r["id"]), "title": r["title"], "snippet": snippet(r["snip"])}
            for r in store.db.query(
                "select a.id, a.title, snippet(articles_fts, 1, char(2), char(3), '…', 20) as snip "
                "from articles_fts join articles a on a.rowid = articles_fts.rowid "
                "where articles_fts match ? order by rank limit ?", [match, limit])]
        rows = store.db.query(
            "select q.id, q.article, q.start, snippet(quotes_fts, 0, char(2), char(3), '…', 24) as snip "
            "from quotes_fts join quotes q on q.rowid = quotes_fts.rowid "
            "where quotes_fts match ? order by rank limit ?", [match, limit])
        result["quotes"] = [_quote_hit(view, r) for r in rows]
    except sqlite3.OperationalError as exc:  # a query FTS5 cannot parse even when quoted
        result["error"] = str(exc)
    return result


def _quote_hit(view: Present, row: dict[str, Any]) -> dict[str, Any]:
    quote = view.quotes.get(row["id"])
    return {"id": row["id"], "article": row["article"], "snippet": snippet(row["snip"]),
            "speaker": view.name(quote.speaker) if quote else None,
            "speaker_text": quote.speaker_text if quote else None,
            "passage": view.passage(row["article"], row["start"], row["id"])}


def snippet(text: str | None) -> list[dict[str, Any]]:
    """An FTS5 snippet as pieces `{"text", "hit"}`, so no markup ever travels in a string."""
    pieces: list[dict[str, Any]] = []
    for n, part in enumerate((text or "").split(HIT_OPEN)):
        hit, _, rest = part.partition(HIT_CLOSE) if n else ("", "", part)
        pieces += [{"text": t, "hit": h} for t, h in ((hit, True), (rest, False)) if t]
    return pieces


router = APIRouter(prefix="/api", tags=["story"])
View = Annotated[Present, Depends(present)]


@router.get("/story", summary="Counts, date span and the values the filters offer")
def api_story(view: View) -> dict[str, Any]:
    """How big the story is and which types, statuses and actors it has."""
    tl = view.story.timeline
    days = sorted(d for e in tl for d in (e.date.earliest, e.date.latest) if d)
    return {"articles": len(view.story.articles), "entries": len(tl),
            "quotes": len(view.quotes), "conflicts": sum(1 for e in tl if e.conflicts),
            "first": days[0] if days else None, "last": days[-1] if days else None,
            "span": f"{when(days[0])} – {when(days[-1])}" if days else None,
            "actors": view.main_actors(), "filters": view.filter_options()}


@router.get("/timeline", summary="Timeline entries, filtered")
def api_timeline(view: View, f: Annotated[Filters, Depends(filters)]) -> dict[str, Any]:
    """Entries with their date bounds, sources, figures, conflicts and the passage of every report."""
    return timeline_data(view, f)


@router.get("/timeline/{entry_id}", summary="One timeline entry")
def api_entry(view: View, entry_id: str) -> dict[str, Any]:
    """One entry, as in /api/timeline."""
    if entry_id not in view.timeline:
        raise HTTPException(404, "no such timeline entry")
    return view.entry(view.timeline[entry_id])


@router.get("/articles", summary="The articles (metadata, no text)")
def api_articles(view: View) -> list[dict[str, Any]]:
    """Every article with its date, outlet and how many quotes, events and figures it gave."""
    return article_list(view)


@router.get("/articles/{article_id}", summary="One article with its text and everything found in it")
def api_article(view: View, article_id: str) -> dict[str, Any]:
    """The article (contract fields) with its sentences, events, quotes and figures (offsets into `text`)."""
    if article_id not in view.articles:
        raise HTTPException(404, "no such article")
    article, found = view.articles[article_id], view.found.get(article_id)
    pub = article.published or (found.published if found else None)
    return {**asdict(article), "published": asdict(pub) if pub else None, "label": view.label(article_id),
            "sentences": [asdict(s) for s in found.sentences] if found else [],
            "events": [view.event(v) for v in found.events] if found else [],
            "quotes": [view.quote(q) for q in found.quotes] if found else [],
            "figures": [view.figure(x) for x in found.figures] if found else []}


@router.get("/quotes", summary="Quotes grouped by speaker")
def api_quotes(view: View, speaker: Annotated[str | None, Query(
        description="Only speakers whose name or alias contains this")] = None) -> list[dict[str, Any]]:
    """Quotes grouped by speaker, most quoted first, each with its passage."""
    return view.quote_groups(speaker or None)


@router.get("/relations", summary="Each actor pair's dealings over time")
def api_relations(view: View) -> list[dict[str, Any]]:
    """Per (source, target) pair, the entries in date order with type and status."""
    return view.relations()


@router.get("/search", summary="Full-text search over articles and quotes")
def api_search(request: Request, view: View, q: Annotated[str, Query(description="Words to find")] = "",
               limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    """Matching articles and quotes, best first; snippets come as pieces with `hit` marking matches."""
    with request.app.state.stories.store() as store:
        return search(store, view, q, limit)


@router.get("/export", summary="The whole story as story.json (the export contract)")
def api_export(view: View) -> dict[str, Any]:
    """The same document `storyline export --format json` writes."""
    return story_to_dict(view.story)
