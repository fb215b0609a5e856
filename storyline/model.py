"""The data model: plain dataclasses passed from stage to stage.

Offsets (`start`, `end`) are character offsets into `Article.text`.
Per-article records refer to entities by *local* ids (``"<article>:e<n>"``);
the story stage maps them to global ids (``"e<digest>"``) when it resolves entities
across articles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Container
from dataclasses import dataclass, field
from typing import Any

#: Where a metadata value was found.
PROVENANCE = ("metadata", "text", "url", "inferred")


@dataclass(slots=True)
class DateRange:
    """A date at the precision the text supports (TIMEX3 value) with its bounds.

    `value` is a TIMEX3 value ("2021-11-18", "2021-08", "2021-SU", "2024");
    `earliest` / `latest` are ISO days bounding it.
    """

    value: str | None
    earliest: str | None = None
    latest: str | None = None


@dataclass(slots=True)
class Published:
    """An article's publication date and how it was obtained."""

    value: str | None
    source: str  # one of PROVENANCE
    earliest: str | None = None
    latest: str | None = None
    evidence: str | None = None


@dataclass
class Article:
    """One news article after ingest: clean body text plus metadata.

    `provenance` maps a metadata field name ("title", "url", ...) to where it
    was found (one of PROVENANCE).
    """

    id: str  # hash of the clean text: same text, same id
    source: str  # the file (and record) it came from
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None
    published: Published | None = None
    links: list[str] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # e.g. "text truncated at 200000 chars"


@dataclass(slots=True)
class Sentence:
    """A sentence of an article, as split by the parser."""

    article: str
    index: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Mention:
    """A named-entity (or resolved nominal/pronoun) mention in one article."""

    article: str
    start: int
    end: int
    text: str
    label: str  # spaCy NER label (PERSON, ORG, GPE, NORP, ...) or "PRON"/"NOMINAL"
    entity: str | None = None  # local entity id


@dataclass(slots=True)
class Entity:
    """A real-world entity: local to one article, or global after the story stage."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    affiliation: str | None = None  # an entity id, or a name when unresolved
    article: str | None = None  # set for local entities, None for global ones


@dataclass(slots=True)
class Timex:
    """A temporal expression normalised to TIMEX3."""

    article: str
    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str
    earliest: str | None = None
    latest: str | None = None


@dataclass(slots=True)
class Quote:
    """Who said what: direct, indirect or mixed speech."""

    id: str
    article: str
    start: int
    end: int
    content: str
    kind: str  # direct | indirect | mixed
    speaker: str | None  # entity id
    speaker_text: str | None
    cue: str | None
    via: list[str] = field(default_factory=list)  # entity ids (or names) of relays
    said_on: str | None = None


@dataclass(slots=True)
class Figure:
    """A number that counts something, with unit and qualifier."""

    id: str
    article: str
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: str  # exact | about | at_least | more_than | at_most | less_than | range
    unit: str | None
    counted: str | None


@dataclass(slots=True)
class Event:
    """Who did what to whom, when, typed by the ontology."""

    id: str
    article: str
    start: int
    end: int
    sentence: str
    type: str
    plover: str | None
    trigger: str
    source: str | None  # entity id
    target: str | None  # entity id
    date: DateRange | None
    status: str  # occurred | ongoing | planned | intended | refused | negated | hypothetical
    figures: list[str] = field(default_factory=list)  # figure ids
    location: str | None = None  # entity id
    #: Where `date` comes from: "text" (the event's clause, a governing clause or the
    #: narrative it continues) or "published" (no date in the text: the article's stands in).
    date_source: str | None = None
    #: Told in passing, in a clause that describes something else ("the blast that killed
    #: 11 workers", "exploded, killing 11"): likelier an earlier event retold than news.
    in_passing: bool = False


@dataclass(slots=True)
class Conflict:
    """Reports that disagree, shown side by side and never averaged."""

    kind: str  # figure | date | status
    detail: str
    items: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TimelineEntry:
    """One real-world event as reported by one or more articles."""

    id: str
    date: DateRange
    type: str
    summary: str
    status: str
    events: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    source: str | None = None  # entity id of the main actor
    target: str | None = None


@dataclass(slots=True)
class DateClue:
    """A date expression of an article that does not state its day, as publication-date
    inference reads it: its value at a probe date and how it moves with the unknown one."""

    start: int
    end: int
    text: str
    type: str
    value: str | None
    raw: str  # the value before anchoring: what tells how it moves with the date
    direction: int  # -1 past, 0 present, 1 future (tense around it)
    sentence: int
    absolute: bool  # the same value whatever the publication date
    printed: bool = False  # the date of a print-edition line ("appeared on p22 ... on 24 August 2010")


@dataclass(slots=True)
class EventAnchor:
    """An event word of such an article that a date expression there dates: where it can be
    linked to the same event dated in other articles ("this week following the takeover")."""

    kind: str  # an event class of timex/events.yaml
    names: list[str]  # the entity names of its sentence, lower-cased
    start: int
    word: str
    attached: list[int] = field(default_factory=list)  # indexes of the clues that date it here
    following: int | None = None  # index of the clue it follows


@dataclass(slots=True)
class DateEvidence:
    """What an article that does not state its day says about its date: read once, in the
    per-article stage, so the cross-article redate step never parses it again."""

    article: str
    clues: list[DateClue] = field(default_factory=list)
    anchors: list[EventAnchor] = field(default_factory=list)
    own: Published | None = None  # the date its own expressions allow (no other article's events)


@dataclass
class Extraction:
    """Everything the per-article stage found in one article.

    A pure function of the article: cacheable by the article's content hash.
    `published` is set when the timex stage inferred a date for an undated
    article.
    """

    article: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    published: Published | None = None
    #: One record when the article does not state its day (none otherwise).
    date_evidence: list[DateEvidence] = field(default_factory=list)


@dataclass
class Story:
    """The cross-document result: what story.json exports."""

    articles: list[Article]
    extractions: list[Extraction]
    entities: list[Entity]
    timeline: list[TimelineEntry]
    entity_map: dict[str, str] = field(default_factory=dict)  # local id -> global id
    extra: dict[str, Any] = field(default_factory=dict)


def anchored_id(prefix: str, anchor: str, taken: Container[str] = ()) -> str:
    """A story-level id derived from what anchors the record, not from its position.

    A global entity is anchored on the name key that founded it, a timeline entry
    on its first report's event id: a re-build that adds or removes other records
    leaves the id as it was. `taken` ids are skipped (a longer digest is used).
    """
    digest = hashlib.sha1(anchor.encode("utf-8")).hexdigest()
    for size in range(10, len(digest) + 1, 4):
        candidate = f"{prefix}{digest[:size]}"
        if candidate not in taken:
            return candidate
    raise ValueError(f"no free id for {anchor!r}")


@dataclass
class BadInput:
    """An input item that could not be read: reported once, skipped, counted."""

    source: str  # the file
    reason: str
    line: int | None = None  # the line, for JSON Lines input
