"""Views of a Story: filters that return data, and their terminal rendering."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from storyline.model import DateRange, Entity, Story, TimelineEntry
from storyline.quotes import quotes_by_speaker
from storyline.readable import article_label, explain, published_label, when
from storyline.story.dates import bounds, value_bounds

if TYPE_CHECKING:
    from rich.console import Console


def entity_matches(entity: Entity | None, needle: str) -> bool:
    """Whether `needle` occurs (case-folded) in the entity's name or aliases."""
    if entity is None:
        return False
    needle = needle.casefold()
    return any(needle in n.casefold() for n in [entity.name, *entity.aliases])


def date_bounds(text: str) -> tuple[date, date]:
    """The first and last day a filter date covers ("2023" → all of 2023, "2023-03" → March).

    Takes any TIMEX3 date value a timeline shows (YYYY, YYYY-MM, YYYY-MM-DD, a
    week "2023-W10", a season "2023-SU", a quarter "2023-Q2"). Raises
    ValueError for anything else.
    """
    span = value_bounds(text.strip())
    if span is None:
        raise ValueError(f"not a date: {text!r} (expected YYYY[-MM[-DD]])")
    return span


def _within(when: DateRange, date_from: str | None, date_to: str | None) -> bool:
    """Whether the days `when` may stand for meet the days from `date_from` to `date_to`.

    Each side compares at its own precision, through its earliest and latest
    day: a season lies within its year and a day inside a season does not cut
    it off. An undated entry passes only when no date filter is set.
    """
    span = bounds(when)
    if span is None:
        return date_from is None and date_to is None
    if date_from and span[1] < date_bounds(date_from)[0]:
        return False
    return not (date_to and span[0] > date_bounds(date_to)[1])


def filter_timeline(story: Story, actor: str | None = None, types: Iterable[str] = (),
                    date_from: str | None = None, date_to: str | None = None,
                    status: str | None = None, conflicts_only: bool = False) -> list[TimelineEntry]:
    """Timeline entries matching every given filter.

    An entry is kept when the days it may stand for meet the days from
    `date_from` to `date_to` (see `date_bounds`); an unreadable date raises
    ValueError.
    """
    for text in (date_from, date_to):
        if text:
            date_bounds(text)
    by_id = {e.id: e for e in story.entities}
    wanted = set(types)
    result = []
    for entry in story.timeline:
        if wanted and entry.type not in wanted:
            continue
        if actor and not any(entity_matches(by_id.get(x or ""), actor) for x in (entry.source, entry.target)):
            continue
        if (date_from or date_to) and not _within(entry.date, date_from, date_to):
            continue
        if status and entry.status != status:
            continue
        if conflicts_only and not entry.conflicts:
            continue
        result.append(entry)
    return result


def _article_label(story: Story, article_id: str) -> str:
    for a in story.articles:
        if a.id == article_id:
            return a.outlet or a.title or a.source.rsplit("/", 1)[-1]
    return article_id


def print_timeline(console: Console, story: Story, entries: list[TimelineEntry]) -> None:
    """The timeline as a table: date, type, summary, status, sources, conflicts."""
    if not entries:
        console.print("no timeline entries (build first, or loosen the filters)")
        return
    labels = {a.id: article_label(a) for a in story.articles}
    dated_by = {v.id: v.date_source for f in story.extractions for v in f.events}
    table = Table(show_lines=False, header_style="bold")
    for col in ("date", "type", "summary", "status", "src", "!"):
        table.add_column(col, overflow="fold")
    for e in entries:
        conflicts = "; ".join(dict.fromkeys(explain(c.detail, labels) for c in e.conflicts))
        mark = Text(f"⚠ {conflicts}", style="red") if conflicts else Text("")
        date = when(e.date.value, e.date.earliest, e.date.latest)
        if e.events and all(dated_by[v] == "published" for v in e.events if v in dated_by):
            date += " (by publication)"  # no report dates it in its text
        table.add_row(date, e.type, Text(e.summary), e.status, str(len(e.articles)), mark)
    console.print(table)


def print_quotes(console: Console, story: Story, speaker: str | None = None) -> None:
    """Quotes grouped by speaker, each with its date, relays and source article."""
    groups = quotes_by_speaker(story, speaker)
    if not groups:
        console.print("no quotes" + (f" by a speaker matching {speaker!r}" if speaker else ""))
    for entity, quotes in groups:
        name = entity.name if entity else "(unattributed)"
        role = f" — {entity.role}" if entity and entity.role else ""
        console.print(Text(f"{name}{role} ({len(quotes)})", style="bold"))
        for q in quotes:
            via = f" via {', '.join(_names(story, q.via))}" if q.via else ""
            said = when(q.said_on) if q.said_on else "undated"
            meta = f"[{said}] {q.kind}, {q.cue or '?'}{via} · {_article_label(story, q.article)}"
            console.print(Text(f"  {meta}", style="dim"))
            console.print(Text(f"    “{q.content}”"))


def _names(story: Story, refs: list[str]) -> list[str]:
    by_id = {e.id: e.name for e in story.entities}
    return [by_id.get(story.entity_map.get(r, r), r) for r in refs]


def print_articles(console: Console, story: Story) -> None:
    """One row per article: date (and how it was found), outlet, title, counts."""
    table = Table(header_style="bold")
    for col in ("published", "outlet", "title", "source", "quotes", "events"):
        table.add_column(col, overflow="fold")
    counts = {f.article: f for f in story.extractions}
    for a in story.articles:
        found = counts.get(a.id)
        pub = a.published or (found.published if found else None)
        date = f"{published_label(pub)} ({pub.source})" if pub else "?"
        table.add_row(date, a.outlet or "", Text(a.title or ""), a.source,
                      str(len(found.quotes) if found else 0), str(len(found.events) if found else 0))
    console.print(table)
