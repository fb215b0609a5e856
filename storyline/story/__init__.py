"""The story stage: one timeline across all articles, with every source and every conflict.

It never re-parses text: it works on the per-article extractions only.

    story = build_story(articles, extractions)
    story.timeline          # TimelineEntry list, by date
    relations(story)        # per pair of parties, event types over time
"""

from __future__ import annotations

from storyline.entities.resolve import resolve_entities
from storyline.model import Article, DateRange, Extraction, Story, TimelineEntry, anchored_id
from storyline.story import dates
from storyline.story.actors import Actors
from storyline.story.conflicts import Draft, across, within
from storyline.story.memo import Memo
from storyline.story.merge import Report, cluster, reports_of
from storyline.story.relations import relations
from storyline.story.rules import Rules, rules
from storyline.story.summary import best, summarize

__all__ = ["build_story", "relations", "timeline"]


def _entry_date(reports: list[Report]) -> tuple[DateRange, dates.Bounds | None]:
    """The most precise date any report gives (all reports' dates contain it).

    A report's own date always wins over one that leans on its publication date.
    """
    dated = [r for r in reports if r.bounds is not None and r.dated]
    dated = dated or [r for r in reports if r.bounds is not None]
    if not dated:
        return reports[0].date, None
    r = min(dated, key=lambda r: (dates.width(r.bounds) if r.bounds else 0, r.order))
    assert r.bounds is not None
    return dates.as_range(r.date.value, r.bounds), r.bounds


def _entry_status(reports: list[Report], rules: Rules) -> str:
    """The most realized status any report gives.

    A plan that another report says was carried out happened; the disagreement
    stays visible as a status conflict.
    """
    counted = [r.event.status for r in reports if r.event.status not in rules.not_entries]
    return min(counted or [r.event.status for r in reports], key=rules.status_rank)


def _draft(group: list[Report], rules: Rules, actors: Actors) -> Draft:
    rep = best(group, rules)
    entry_type = rules.entry_type({r.event.type for r in group})
    date, b = _entry_date(group)
    status = _entry_status(group, rules)
    entry = TimelineEntry(
        id="",
        date=date,
        type=entry_type,
        summary=summarize(entry_type, status, group, rules, actors),
        status=status,
        events=[r.event.id for r in group],
        articles=list(dict.fromkeys(r.event.article for r in group)),
        conflicts=within(group, rules),
        source=rep.source or next((r.source for r in group if r.source), None),
        target=rep.target or next((r.target for r in group if r.target), None),
    )
    return Draft(entry, group, b)


def _makes_entry(group: list[Report], rules: Rules) -> bool:
    return any(x.event.status not in rules.not_entries for x in group)


def _sort_key(d: Draft) -> tuple[str, str, tuple[int, int]]:
    lo = d.bounds[0].isoformat() if d.bounds else "9999"
    hi = d.bounds[1].isoformat() if d.bounds else "9999"
    return lo, hi, d.reports[0].order


def timeline(
    articles: list[Article], extractions: list[Extraction], actors: Actors, memo: Memo | None = None
) -> list[TimelineEntry]:
    """Timeline entries (by date then first mention) from the articles' events.

    An entry's id comes from its first report's event, not from its place in the
    timeline: adding an article does not renumber the entries after it.

    Reports that only say something did not or might happen (negated,
    hypothetical) join the entry they talk about, but never make one alone.
    """
    r = rules()
    reports = reports_of(articles, extractions, actors, r)
    if memo is None:
        groups = cluster(reports, r, actors)
        drafts = [_draft(g, r, actors) for g in groups if _makes_entry(g, r)]
    else:
        sigs = memo.sign(reports, actors)
        groups = cluster(reports, r, actors, memo.judge(reports, sigs, r, actors))
        sig_of = {rep.event.id: s for rep, s in zip(reports, sigs, strict=True)}
        drafts = [memo.draft(g, [sig_of[x.event.id] for x in g], lambda g: _draft(g, r, actors))
                  for g in groups if _makes_entry(g, r)]
    drafts.sort(key=_sort_key)
    across(drafts, r, actors)
    taken: set[str] = set()
    for d in drafts:
        d.entry.id = anchored_id("t", d.reports[0].event.id, taken)
        taken.add(d.entry.id)
    return [d.entry for d in drafts]


def build_story(articles: list[Article], extractions: list[Extraction], memo: Memo | None = None) -> Story:
    """The cross-document story: global entities, the timeline, and per-pair relations.

    `memo`: what earlier builds of this process worked out (`storyline watch`), reused
    where equal; the story is the same with or without it.
    """
    entities, entity_map = resolve_entities(extractions)
    actors = Actors(entities, entity_map)
    story = Story(articles, extractions, entities, timeline(articles, extractions, actors, memo), entity_map)
    story.extra["relations"] = relations(story, actors)
    return story
