"""What an event takes from the sentences around it: the narrative's date, a later count.

News tells one occasion over several sentences and paragraphs: "X met Y on
Friday." is followed by "X said at the meeting ...", "He added ...", with no
date of their own. Such events take the date of the narrative they continue
(`carry_dates`): the next sentences, past-tense narration, the same actor, and
no new explicit time in between.

A count in a sentence that reports no event of its own ("The buses will carry
240 residents.") says how big an earlier event was (`attach_loose_figures`): the
nearest earlier event, a sentence or two back, whose type takes that unit.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.events.candidate import Candidate
from storyline.events.ontology import Ontology
from storyline.model import DateRange, Entity, Extraction, Figure

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: How many sentences a narrative's date reaches past its last event.
NARRATIVE_REACH = 2
#: How many sentences back a loose count looks for the event it elaborates.
FIGURE_REACH = 2
_SAID = frozenset({"parataxis", "ccomp"})


@dataclass
class _Narrative:
    """The occasion being told: its date, who takes part, the last sentence that continued it."""

    date: DateRange
    actors: set[str]
    last: int


class Affiliations:
    """Local entities with what they belong to (a minister to a country)."""

    def __init__(self, entities: Iterable[Entity]):
        self.of = {e.id: e.affiliation for e in entities if e.affiliation}

    def widen(self, ids: Iterable[str | None]) -> set[str]:
        """The ids with the entities they are affiliated with."""
        out = {i for i in ids if i}
        return out | {a for i in out if (a := self.of.get(i))}

    def share(self, a: Iterable[str | None], b: Iterable[str | None]) -> bool:
        """Whether one set names an actor of the other, or the body it belongs to."""
        sa, sb = {i for i in a if i}, {i for i in b if i}
        return bool(sa & sb or self.widen(sa) & sb or sa & self.widen(sb))


def past_narrative(sent: Span, speech_verbs: frozenset[str]) -> bool:
    """Whether a sentence narrates in the past: its main verb (or its reporting verb) is past."""
    heads = (t for t in sent if t.dep_ == "ROOT" or (t.dep_ in _SAID and t.lemma_.lower() in speech_verbs))
    return any(_past(t) for t in heads)


def _past(verb: Token) -> bool:
    """A simple past ("met") or past perfect ("had met") verb."""
    if verb.tag_ == "VBD":
        return not any(c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" for c in verb.children)
    return verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)


def carry_dates(
    cands: list[Candidate], sents: list[Span], timed: set[int], found: Extraction, onto: Ontology
) -> None:
    """Date events that have no time of their own by the narrative they continue.

    `timed`: indices of sentences holding an explicit date or time. Such a
    sentence opens a new narrative (if it narrates a dated event in the past)
    or ends the current one. A later sentence within `NARRATIVE_REACH` that
    narrates in the past, with an actor or speaker who took part in the
    narrative's event, continues it.
    """
    aff = Affiliations(found.entities)
    speech = onto.cues["speech_verbs"]
    by_sent: dict[int, list[Candidate]] = {}
    for c in cands:
        by_sent.setdefault(c.sent_index, []).append(c)
    story: _Narrative | None = None
    for k, sent in enumerate(sents):
        group = by_sent.get(k, [])
        if story is not None and k - story.last > NARRATIVE_REACH:
            story = None
        if k in timed:
            story = _opened(group, sent, k, speech, found)
            continue
        undated = [c for c in group if c.date_rank == 0]
        if story is None or not undated or not past_narrative(sent, speech):
            continue
        if aff.share(_agents(group, sent, found), story.actors):
            for c in undated:
                c.date, c.date_rank = story.date, 1
            story.last = k


def _opened(group: list[Candidate], sent: Span, k: int, speech: frozenset[str], found: Extraction) -> _Narrative | None:
    """The narrative a timed sentence opens: its first past event dated in the sentence."""
    if not past_narrative(sent, speech):
        return None
    for c in group:
        if c.date_rank > 0 and c.date is not None and c.status in ("occurred", "ongoing"):
            return _Narrative(c.date, _actors([c], sent, found), k)
    return None


def _actors(group: list[Candidate], sent: Span, found: Extraction) -> set[str]:
    """Who takes part in a sentence's events (either side), and who speaks in it."""
    return {a for c in group for a in (c.source, c.target) if a} | _agents(group, sent, found)


def _agents(group: list[Candidate], sent: Span, found: Extraction) -> set[str]:
    """Who acts in a sentence's events, and who speaks in it."""
    lo, hi = sent.start_char, sent.end_char
    speakers = {q.speaker for q in found.quotes if q.speaker and q.start < hi and lo < q.end}
    return {c.source for c in group if c.source} | speakers


def attach_loose_figures(
    cands: list[Candidate], figures: list[Figure], sents: list[Span], busy: set[int], timed: set[int]
) -> None:
    """Give a count that reports no event of its own to the earlier event it elaborates.

    `busy`: sentences with a trigger (their counts belong to their own events)
    or skipped as chrome. The count joins the nearest event at most
    `FIGURE_REACH` sentences back whose type takes its unit and which states
    no count of that unit yet. A count in a sentence with its own date is left alone.
    """
    used = {f.id for c in cands for f in c.figures}
    starts = [s.start_char for s in sents]
    for f in figures:
        k = _sentence_of(f.start, starts)
        if f.id in used or k < 0 or k in busy or k in timed or not f.unit:
            continue
        unit = f.unit.lower()
        host = _host(cands, k, unit)
        if host is not None:
            host.figures.append(f)
            used.add(f.id)


def _host(cands: list[Candidate], k: int, unit: str) -> Candidate | None:
    """The nearest earlier event (within reach) whose type takes `unit`."""
    before = [c for c in cands
              if k - FIGURE_REACH <= c.sent_index < k and unit in c.type.takes and not c.named_victim]
    if not before:
        return None
    host = max(before, key=lambda c: c.token.idx)
    if any((g.unit or "").lower() == unit for g in host.figures):
        return None
    return host


def _sentence_of(offset: int, starts: list[int]) -> int:
    """The index of the sentence holding a character offset (-1 before the first)."""
    return bisect_right(starts, offset) - 1
