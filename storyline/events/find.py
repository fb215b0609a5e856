"""The events stage: typed triggers with actors, date, status, figures and place.

Per sentence, triggers from the ontology are matched on the parse; each becomes a
candidate event with its actors, date and status. Then the article is tidied the
way an analyst would: headline and site-chrome lines are skipped, events inside an
appeal's or rejection's complement are not events of their own, a means ("deployed
aircraft") gives way to its purpose ("to send aid"), nominal mentions of things only
discussed or hypothesised are dropped, and repeated mentions of one event are merged.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

from storyline.events.actors import (
    ActorContext,
    agent_word,
    clause_place,
    location_word,
    place_near,
    prep_target,
    target_word,
    victim_words,
)
from storyline.events.candidate import Candidate
from storyline.events.dating import Dater
from storyline.events.discourse import attach_loose_figures, carry_dates
from storyline.events.ontology import Ontology, ontology
from storyline.events.setting import article_setting
from storyline.events.status import status_of
from storyline.events.triggers import Match, has_class, match_triggers
from storyline.model import DateRange, Event, Extraction, Figure
from storyline.pipeline import Parsed, span_text

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_SPACE = re.compile(r"\s+")
#: How many sentences back an agentless event may borrow the previous event's actor.
_CARRY_SENTENCES = 2
#: Where a trigger's complement hangs ("rejected the idea of ...", "appeal ... to lift ...").
_COMPLEMENT_DEPS = frozenset({"dobj", "prep", "xcomp", "ccomp", "pobj", "attr", "oprd", "acomp", "advcl"})
#: A clause describing a nominal trigger tells of the same event ("an attack that killed 30").
_DESCRIBING_DEPS = frozenset({"relcl", "acl"})


def find_events(parsed: Parsed, found: Extraction) -> list[Event]:
    """The events of one article, in text order."""
    onto = ontology()
    ctx = ActorContext(parsed.doc, found, onto)
    dater = Dater(parsed.doc, found.timexes, parsed.published(found))
    headline = _headline(parsed)
    sents = list(parsed.doc.sents)
    cands: list[Candidate] = []
    busy: set[int] = set()  # sentences that report events of their own, or are chrome
    for k, sent in enumerate(sents):
        if _norm(span_text(sent)).startswith(onto.skip_prefixes):
            busy.add(k)
            continue
        for m in match_triggers(sent, onto):
            busy.add(k)
            if headline[0] <= m.token.idx < headline[1]:
                continue  # the headline repeats the lede
            cand = _candidate(m, onto, ctx, dater, found.figures, sent, k)
            if cand is not None:
                cands.append(cand)
    timed = dater.timed_sentences()
    carry_dates(cands, sents, timed, found, onto)
    cands = sorted(_tidy(cands, onto), key=lambda c: c.token.idx)
    attach_loose_figures(cands, found.figures, sents, busy, timed)
    _carry_sources(cands)
    _target_the_setting(cands, found)
    return [_event(c, found.article, n) for n, c in enumerate(cands, 1)]


def _headline(parsed: Parsed) -> tuple[int, int]:
    """The character span of the title where it stands in the text (empty if it does not)."""
    title = (parsed.article.title or "").strip()
    at = parsed.article.text.find(title) if title else -1
    return (at, at + len(title)) if at >= 0 else (0, 0)


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def _candidate(
    m: Match, onto: Ontology, ctx: ActorContext, dater: Dater, figures: list[Figure], sent: Span, k: int
) -> Candidate | None:
    """A candidate event for one trigger match, or None when it is not a reportable event."""
    et = onto.types[m.trigger.type]
    tok = m.token
    if m.trigger.pos == "noun" and _only_talked_about(tok, onto):
        return None
    figs = _figures_of(tok, figures)
    victim = None
    if et.needs_figure and not figs:
        victim = _named_victim(m, ctx)
        if victim is None:
            return None  # "12 people died" is a toll, "Okafor died" a death, "many died" or "the plan died" nothing
    # A death named by a noun is taken as given ("denied causing Okafor's death" denies the cause)
    # and dated by its own phrase ("the anniversary of her death on Friday" dates the anniversary).
    own_only = victim is not None and m.trigger.pos == "noun"
    status = "occurred" if m.trigger.pos == "adverb" else status_of(tok, onto, 1 if own_only else 8)
    if m.trigger.pos == "noun" and status == "hypothetical":
        return None  # "recognition would depend on ...": a topic, not an event
    if et.negated_type and status in ("negated", "refused"):
        status = "ongoing" if any(c.lower_ == "yet" for t in (tok, tok.head) for c in t.children) else "occurred"
        et = onto.types[et.negated_type]
    anchor = tok.head if m.trigger.pos == "adverb" else tok
    date, rank = dater.date(anchor, limit=1 if own_only else 8)
    source = None
    if not et.agentless and m.trigger.pos == "adverb":
        source = ctx.speaker_of(tok)
    elif not et.agentless:
        agent = agent_word(m)
        # Checked here, not with the trigger's other argument tests: finding the subject climbs
        # infinitives and conjoined verbs (events.actors), which the trigger matcher does not.
        if agent is not None and m.trigger.not_agent and has_class([agent], m.trigger.not_agent, onto):
            return None  # "the slick is threatening Florida": no one threatens
        source = ctx.entity(agent)
    target = victim or ctx.entity(prep_target(tok, et.target_preps) if et.target_preps else target_word(m))
    if target == source:
        target = None
    location = ctx.entity(location_word(tok))
    if location is None and et.agentless:  # a flood or a toll: where its clause, or else its words, say
        location = ctx.entity(clause_place(tok)) or ctx.entity(place_near(tok))
    if target is None and (et.place_is_target or et.setting_is_target) and location != source:
        target = location
    return Candidate(m, et, sent, k, status, date, rank, source, target, location, figs,
                     named_victim=victim is not None)


def _named_victim(m: Match, ctx: ActorContext) -> str | None:
    """For a trigger that names whom it happened to (`victim`), the first such word that is a
    named entity of one of its types."""
    if not m.trigger.victim:
        return None
    # Not through a personal pronoun: "tried to revive him before he died" is easily read as the
    # wrong man's death, and a death is no claim to guess at.
    victims = (ctx.entity(w) for w in victim_words(m) if w.tag_ not in ("PRP", "PRP$"))
    return next((v for v in victims if ctx.entity_type(v) in m.trigger.victim), None)


def _only_talked_about(tok: Token, onto: Ontology) -> bool:
    """A nominal trigger that is only the topic of talk ("discussed cooperation")."""
    t = tok
    for _ in range(3):
        if t.head.i == t.i:
            return False
        if t.dep_ in ("dobj", "nsubjpass", "pobj") and t.head.lemma_.lower() in onto.topic_verbs:
            return True
        if t.dep_ not in ("conj", "pobj", "prep"):
            return False
        t = t.head
    return False


def _figures_of(tok: Token, figures: list[Figure]) -> list[Figure]:
    """Figures inside the trigger's phrase (a noun's clause for nominal triggers)."""
    scope = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    lo, hi = scope.left_edge.idx, scope.right_edge.idx + len(scope.right_edge.text)
    if tok.pos_ != "NOUN":
        return [f for f in figures if lo <= f.start and f.end <= hi]
    own = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
    inside = [f for f in figures if own[0] <= f.start and f.end <= own[1]]
    return inside or [f for f in figures if lo <= f.start and f.end <= hi]


def _tidy(cands: list[Candidate], onto: Ontology) -> list[Candidate]:
    """Drop absorbed and means-only candidates, then merge repeated mentions."""
    kept = [c for c in cands if not _absorbed(c, cands) and not _means_only(c, cands)]
    kept = [c for c in kept if c.source or c.target or c.location or c.type.agentless or c.figures]
    return _merge(kept)


def _absorbed(c: Candidate, cands: list[Candidate]) -> bool:
    """Whether another trigger's complement, or a clause describing it, holds this one (and gives
    it its figures)."""
    for other in cands:
        if other is c or not other.type.absorbs or other.sent_index != c.sent_index:
            continue
        if "all" not in other.type.absorbs and c.type.name not in other.type.absorbs:
            continue
        deps = _COMPLEMENT_DEPS | _DESCRIBING_DEPS if other.token.pos_ == "NOUN" else _COMPLEMENT_DEPS
        if any(c.token.i in {x.i for x in k.subtree} for k in other.token.children if k.dep_ in deps) or (
            _bare_conjunct(c.token, other.token)
        ):
            other.figures += [f for f in c.figures if f not in other.figures]
            return True
    return False


def _bare_conjunct(tok: Token, head: Token) -> bool:
    """A subjectless infinitive parsed as a conjunct of the verb it complements ("appeal ..., lift")."""
    return (
        tok.dep_ == "conj" and tok.head.i == head.i and tok.tag_ == "VB" and head.tag_ != "VB"
        and not any(c.dep_.startswith("nsubj") for c in tok.children)
    )


def _means_only(c: Candidate, cands: list[Candidate]) -> bool:
    """A means whose purpose clause is an event of its own ("deployed aircraft to send aid")."""
    if not c.type.means:
        return False
    for o in cands:
        if o is not c and o.token.head.i == c.token.i and o.token.dep_ in ("advcl", "xcomp"):
            o.figures = [*c.figures, *(f for f in o.figures if f not in c.figures)]
            return True
    return False


def _merge(cands: list[Candidate]) -> list[Candidate]:
    """One event per real event: repeated mentions merge into the best-dated mention."""
    out: list[Candidate] = []
    for c in cands:
        twin = next((o for o in out if _same(o, c)), None)
        if twin is None:
            out.append(c)
            continue
        if _better(c, twin):
            c.figures = c.figures or twin.figures
            c.source, c.target = c.source or twin.source, c.target or twin.target
            out[out.index(twin)] = c
        else:
            twin.source, twin.target = twin.source or c.source, twin.target or c.target
    return out


def _same(a: Candidate, b: Candidate) -> bool:
    """Two mentions of one event: same mergeable type, compatible dates, not two distinct counts."""
    if a.type.name != b.type.name or not a.type.merge or (a.figures and b.figures):
        return False
    if a.date_rank == 2 and b.date_rank == 2 and a.token.pos_ != "NOUN" and b.token.pos_ != "NOUN":
        return _overlap(a.date, b.date) and a.date == b.date
    return _overlap(a.date, b.date)


def _overlap(a: DateRange | None, b: DateRange | None) -> bool:
    """Whether two dates may be the same time (unknown bounds overlap anything)."""
    if a is None or b is None:
        return True
    if a.earliest and a.latest and b.earliest and b.latest:
        return a.earliest <= b.latest and b.earliest <= a.latest
    x, y = a.value or "", b.value or ""
    return x.startswith(y) or y.startswith(x)


def _better(new: Candidate, old: Candidate) -> bool:
    """Whether a later mention describes the event better: a more precise own date, or figures."""
    if new.date_rank != old.date_rank:
        return new.date_rank > old.date_rank and new.date_rank == 2
    if new.date_rank == 2 and new.date and old.date:
        return len(new.date.value or "") > len(old.date.value or "")
    return bool(new.figures) and not old.figures


def _carry_sources(cands: list[Candidate]) -> None:
    """An agentless passive ("were evacuated") keeps the actor of the event just before it."""
    for prev, c in pairwise(cands):
        near = c.sent_index - prev.sent_index <= _CARRY_SENTENCES
        if c.source is None and not c.type.agentless and prev.source and near:
            c.source = prev.source


def _target_the_setting(cands: list[Candidate], found: Extraction) -> None:
    """Events of a `setting_is_target` type that name no target nor place happen in the
    country the article is set in, if one stands out (events.setting)."""
    if not any(c.target is None and c.type.setting_is_target for c in cands):
        return
    setting = article_setting(found, (c.source for c in cands if c.source))
    if setting is None:
        return
    for c in cands:
        if c.target is None and c.type.setting_is_target:
            c.target = setting


def _event(c: Candidate, article: str, n: int) -> Event:
    """The Event record for a candidate."""
    return Event(
        id=f"{article}:v{n}", article=article, start=c.sent.start_char, end=c.sent.end_char,
        sentence=span_text(c.sent), type=c.type.name, plover=c.type.plover, trigger=_trigger_text(c.token),
        source=c.source, target=c.target, date=c.date, status=c.status,
        figures=[f.id for f in c.figures], location=c.location,
        date_source=None if c.date is None else "published" if c.date_rank == 0 else "text",
        in_passing=_in_passing(c.token),
    )


def _in_passing(tok: Token) -> bool:
    """A trigger in a clause describing a noun ("the blast that killed 11", "workers killed in
    the blast") or in a participle clause added to another verb ("exploded, killing 11")."""
    return tok.dep_ in ("relcl", "acl") or (tok.dep_ == "advcl" and tok.tag_ == "VBG")


def _trigger_text(tok: Token) -> str:
    """The trigger word with its particle ("pull out", "turn down")."""
    prt = [c for c in tok.children if c.dep_ == "prt"]
    return " ".join([tok.text, *(p.text for p in prt)])
