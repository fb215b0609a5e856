"""A Story as plain data for pages, the report and the JSON API.

Every item points back to its *passage*: the article and the sentence it came
from. Links are left to the caller (`Links`): the report links to anchors in
the same file, the web app to its article pages.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from storyline.model import (
    Article,
    Entity,
    Event,
    Extraction,
    Figure,
    Published,
    Quote,
    Story,
    TimelineEntry,
)
from storyline.quotes import quotes_by_speaker
from storyline.readable import article_label, explain, published_label, when
from storyline.web import axis as axes
from storyline.web.highlight import Block, Span, blocks, sentence_of

#: URL schemes shown as links; anything else (javascript:, data:) is shown as text only.
SAFE_SCHEMES = ("http://", "https://")


def anchor(*parts: str | int) -> str:
    """An HTML id made of `parts`, with anything but letters, digits, _ and - replaced."""
    return "-".join(re.sub(r"[^A-Za-z0-9_-]", "_", str(p)) for p in parts)


def passage_anchor(article: str, sentence: int | None) -> str:
    """The id of a sentence of an article (or of the article itself)."""
    return anchor("a", article) if sentence is None else anchor("a", article, "s", sentence)


def safe_url(url: str | None) -> str | None:
    """`url` when it is a plain web address, else None (it is then shown as text only)."""
    if url and url.strip().lower().startswith(SAFE_SCHEMES) and not re.search(r"[\s\"'<>`]", url.strip()):
        return url.strip()
    return None


class Present:
    """Lookups over one Story, and its items as plain dicts with their passages."""

    def __init__(self, story: Story):
        self.story = story
        self.articles: dict[str, Article] = {a.id: a for a in story.articles}
        self.found: dict[str, Extraction] = {f.article: f for f in story.extractions}
        self.entities: dict[str, Entity] = {e.id: e for e in story.entities}
        self.events: dict[str, Event] = {v.id: v for f in story.extractions for v in f.events}
        self.figures: dict[str, Figure] = {x.id: x for f in story.extractions for x in f.figures}
        self.quotes: dict[str, Quote] = {q.id: q for f in story.extractions for q in f.quotes}
        self.timeline: dict[str, TimelineEntry] = {t.id: t for t in story.timeline}
        self.local: dict[str, Entity] = {e.id: e for f in story.extractions for e in f.entities}

    # --- small lookups ----------------------------------------------------------
    def entity(self, ref: str | None) -> Entity | None:
        """The global entity behind a local or global id."""
        return self.entities.get(self.story.entity_map.get(ref or "", ref or ""))

    def name(self, ref: str | None) -> str | None:
        """An entity's name (local or global id); an unresolved name passes through."""
        if not ref:
            return None
        found = self.entity(ref)
        if found:
            return found.name
        local = self.local.get(ref)
        return local.name if local else ref

    def label(self, article_id: str) -> str:
        """A short name for an article: its outlet, else its title, else its file name."""
        a = self.articles.get(article_id)
        return article_label(a) if a else article_id

    def pub(self, article_id: str) -> Published | None:
        """The article's publication date: from ingest, else as the build inferred it."""
        a = self.articles.get(article_id)
        found = self.found.get(article_id)
        return (a.published if a else None) or (found.published if found else None)

    def published(self, article_id: str) -> str | None:
        """The article's stated or inferred publication date value."""
        pub = self.pub(article_id)
        return pub.value if pub else None

    def publication(self, article_id: str) -> dict[str, Any]:
        """How an article is dated: `when` (readable; a range when inferred), `how` it was found, and the
        `evidence` as read (the raw record stays in the article's `published`)."""
        pub = self.pub(article_id)
        return {"published_when": published_label(pub), "published_how": pub.source if pub else None,
                "published_evidence": self.explain(pub.evidence) if pub and pub.evidence else None}

    def explain(self, detail: str) -> str:
        """A conflict's detail as read: article ids become their labels, ISO days and ranges dates."""
        return explain(detail, {a: self.label(a) for a in self.articles})

    def passage(self, article_id: str, start: int, item: str) -> dict[str, Any]:
        """Where an item lies: its article, the sentence containing `start`, and that anchor."""
        found = self.found.get(article_id)
        sent = sentence_of(found.sentences, start) if found else None
        index = sent.index if sent else None
        return {"article": article_id, "sentence": index, "item": item,
                "anchor": passage_anchor(article_id, index), "label": self.label(article_id)}

    # --- timeline ----------------------------------------------------------------
    def entry(self, e: TimelineEntry) -> dict[str, Any]:
        """A timeline entry with names, sources, figures, conflicts and passages."""
        events = [self.events[v] for v in e.events if v in self.events]
        figure_ids = list(dict.fromkeys(f for v in events for f in v.figures))
        source, target = self.entity(e.source), self.entity(e.target)
        return {
            "id": e.id, "anchor": anchor("t", e.id), "type": e.type, "summary": e.summary,
            "status": e.status, "date": asdict(e.date),
            "when": when(e.date.value, e.date.earliest, e.date.latest),
            "precise": bool(e.date.earliest and e.date.earliest == e.date.latest),
            # No report dates it in its text: the date is (around) a publication date.
            "dated_by_publication": bool(events) and all(v.date_source == "published" for v in events),
            "source": self.name(e.source), "target": self.name(e.target),
            "actors": [n for ent in (source, target) if ent for n in (ent.name, *ent.aliases)],
            "sources": [self.source(a, events) for a in e.articles],
            "events": [self.event(v) for v in events],
            "figures": [self.figure(self.figures[f]) for f in figure_ids if f in self.figures],
            "conflicts": [{"kind": c.kind, "detail": c.detail, "explained": self.explain(c.detail),
                           "items": [self.item(i) for i in c.items]} for c in e.conflicts],
            "passage": self.event(events[0])["passage"] if events else None,
        }

    def source(self, article_id: str, events: list[Event] | None = None) -> dict[str, Any]:
        """An article as a source of an entry: label, title, date, anchor, and the passage of
        the entry's first report in it (None when the entry has no event there)."""
        a = self.articles.get(article_id)
        first = next((v for v in events or [] if v.article == article_id), None)
        return {"article": article_id, "label": self.label(article_id), "title": a.title if a else None,
                "published": self.published(article_id), **self.publication(article_id),
                "anchor": passage_anchor(article_id, None),
                "passage": self.passage(first.article, first.start, first.id) if first else None}

    def event(self, v: Event) -> dict[str, Any]:
        """An event with its actors' names and its passage."""
        return {"id": v.id, "type": v.type, "trigger": v.trigger, "status": v.status,
                "sentence": v.sentence, "source": self.name(v.source), "target": self.name(v.target),
                "date": asdict(v.date) if v.date else None, "passage": self.passage(v.article, v.start, v.id)}

    def figure(self, x: Figure) -> dict[str, Any]:
        """A figure with its passage."""
        return {**asdict(x), "passage": self.passage(x.article, x.start, x.id)}

    def item(self, ref: str) -> dict[str, Any]:
        """Whatever a conflict points at (figure, event, quote or article), with its passage."""
        for kind, table in (("figure", self.figures), ("event", self.events), ("quote", self.quotes)):
            if ref in table:
                x = table[ref]
                text = getattr(x, "text", None) or getattr(x, "trigger", None) or getattr(x, "content", "")
                return {"id": ref, "kind": kind, "text": text, "passage": self.passage(x.article, x.start, ref)}
        if ref in self.articles:
            return {"id": ref, "kind": "article", "text": self.label(ref),
                    "passage": {"article": ref, "sentence": None, "item": ref,
                                "anchor": passage_anchor(ref, None), "label": self.label(ref)}}
        return {"id": ref, "kind": "unknown", "text": ref, "passage": None}

    def entries(self, entries: list[TimelineEntry] | None = None) -> list[dict[str, Any]]:
        """Entries (default: the whole timeline) as dicts."""
        return [self.entry(e) for e in (self.story.timeline if entries is None else entries)]

    def axis(self) -> axes.Axis:
        """The date axis of the whole timeline (filters hide marks, never move them)."""
        return axes.layout([(e.id, e.date.earliest, e.date.latest) for e in self.story.timeline])

    # --- quotes and relations ------------------------------------------------------
    def quote(self, q: Quote) -> dict[str, Any]:
        """A quote with relay names, its article and passage."""
        return {**asdict(q), "speaker_name": self.name(q.speaker), "via_names": [self.name(v) for v in q.via],
                "said_when": when(q.said_on) if q.said_on else None,
                "source": self.label(q.article), **self.publication(q.article),
                "passage": self.passage(q.article, q.start, q.id)}

    def quote_groups(self, speaker: str | None = None) -> list[dict[str, Any]]:
        """Quotes grouped by speaker, most quoted first (`storyline.quotes.quotes_by_speaker`)."""
        return [{"speaker": ent.id if ent else None, "name": ent.name if ent else None,
                 "role": ent.role if ent else None, "anchor": anchor("sp", ent.id if ent else "none"),
                 "quotes": [self.quote(q) for q in qs]}
                for ent, qs in quotes_by_speaker(self.story, speaker)]

    def relations(self) -> list[dict[str, Any]]:
        """Each actor pair's entries over time (from the story stage, else from the timeline)."""
        pairs = self.story.extra.get("relations") or self._derived_relations()
        out = []
        for pair in pairs:
            seq = [dict(s, **self._dates(s.get("entry"))) for s in pair.get("sequence", [])]
            out.append({"source": pair.get("source"), "target": pair.get("target"),
                        "source_name": pair.get("source_name") or self.name(pair.get("source")),
                        "target_name": pair.get("target_name") or self.name(pair.get("target")),
                        "sequence": seq})
        return out

    def _dates(self, entry_id: str | None) -> dict[str, Any]:
        e = self.timeline.get(entry_id or "")
        if e is None:
            return {"earliest": None, "latest": None, "summary": None, "anchor": None}
        return {"earliest": e.date.earliest, "latest": e.date.latest, "summary": e.summary,
                "anchor": anchor("t", e.id)}

    def _derived_relations(self) -> list[dict[str, Any]]:
        pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for e in self.story.timeline:
            if e.source and e.target and e.source != e.target:
                pairs.setdefault((e.source, e.target), []).append(
                    {"date": e.date.value, "type": e.type, "status": e.status, "entry": e.id})
        return [{"source": s, "target": t, "sequence": seq} for (s, t), seq in pairs.items()]

    # --- articles ----------------------------------------------------------------
    def spans(self, article_id: str) -> list[Span]:
        """The events, quotes and figures of an article as highlightable spans."""
        found = self.found.get(article_id)
        if found is None:
            return []
        return ([Span(v.id, "event", v.start, v.end) for v in found.events]
                + [Span(q.id, "quote", q.start, q.end) for q in found.quotes]
                + [Span(x.id, "figure", x.start, x.end) for x in found.figures])

    def article(self, article_id: str) -> dict[str, Any]:
        """An article's metadata and its text as highlighted blocks."""
        a = self.articles[article_id]
        found = self.found.get(article_id)
        body: list[Block] = blocks(a.text, found.sentences if found else [], self.spans(article_id))
        return {"id": a.id, "anchor": passage_anchor(a.id, None), "label": self.label(a.id), "title": a.title,
                "outlet": a.outlet, "byline": a.byline, "source": a.source, "url": a.url,
                "href": safe_url(a.url), "published": self.published(a.id), **self.publication(a.id),
                "blocks": body}

    def main_actors(self, n: int = 4) -> list[str]:
        """The names of the actors in most timeline entries, most first."""
        counts: dict[str, int] = {}
        for e in self.story.timeline:
            for name in {self.name(e.source), self.name(e.target)} - {None}:
                counts[str(name)] = counts.get(str(name), 0) + 1
        return sorted(counts, key=lambda k: (-counts[k], k))[:n]

    def filter_options(self) -> dict[str, list[str]]:
        """The values the timeline filters offer: types, statuses and actor names."""
        tl = self.story.timeline
        actors = {n for e in tl for n in (self.name(e.source), self.name(e.target)) if n}
        return {"types": sorted({e.type for e in tl}), "statuses": sorted({e.status for e in tl}),
                "actors": sorted(actors, key=str.casefold)}
