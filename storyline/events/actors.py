"""Who did it and to whom: actor words found on the parse, resolved to local entities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.entities import EntityIndex
from storyline.events.ontology import Ontology
from storyline.events.triggers import Match, same_block
from storyline.model import Extraction, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Where a verb's target sits, in order of preference, after its object.
TARGET_PREPS = ("with", "against", "on", "to", "from", "at")
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_PERSONAL = {
    "he": "PERSON", "him": "PERSON", "his": "PERSON", "she": "PERSON", "her": "PERSON",
    "it": "THING", "its": "THING", "they": "GROUP", "them": "GROUP", "their": "GROUP",
}
_LABELS = {"PERSON": {"PERSON"}, "THING": {"ORG", "GPE", "NORP"}, "GROUP": {"ORG", "NORP", "GPE"}}
#: Dependencies that make a mention prominent enough to be a pronoun's antecedent.
_PROMINENT = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos", "attr", "conj", "ROOT"})
_CLIMB = frozenset({"xcomp", "advcl", "conj", "acomp", "pcomp", "prep", "ccomp"})


@dataclass
class ActorContext:
    """What actor resolution needs for one article."""

    doc: Doc
    found: Extraction
    onto: Ontology

    def __post_init__(self) -> None:
        self.index = EntityIndex(self.found.mentions)
        self.mentions: list[Mention] = sorted((m for m in self.found.mentions if m.entity), key=lambda m: m.start)
        self.types = {e.id: e.type for e in self.found.entities}

    def entity_type(self, eid: str | None) -> str | None:
        """The type (PERSON, ORG, ...) of a local entity."""
        return self.types.get(eid) if eid else None

    def entity(self, tok: Token | None, depth: int = 0) -> str | None:
        """The local entity a word refers to: itself, its apposition or its name modifiers."""
        if tok is None or depth > 3:
            return None
        low = tok.lower_
        if low in _RELATIVE and tok.dep_.startswith("nsubj") and tok.head.dep_ == "relcl":
            return self.entity(tok.head.head, depth + 1)
        if tok.pos_ == "PRON":
            return self.pronoun(tok, depth)
        own = self._at(tok)
        if own:
            return own
        for c in tok.children:
            if c.dep_ == "appos" and (eid := self._at(c)):
                return eid
        for t in reversed(list(tok.doc[tok.left_edge.i : tok.i])):
            if (eid := self._at(t)) is not None:
                return eid
        return None

    def _at(self, tok: Token) -> str | None:
        return self.index.entity_at(tok.idx, tok.idx + len(tok.text))

    def pronoun(self, tok: Token, depth: int = 0) -> str | None:
        """The entity a pronoun stands for: the quote's speaker, the reporter, or an earlier name."""
        low = tok.lower_
        if low in self.onto.cues["first_person"]:
            return self.speaker_of(tok, depth)
        kind = _PERSONAL.get(low)
        if kind is None:
            return None
        head = tok.head
        if tok.dep_ == "nsubj" and head.dep_ == "ccomp" and head.head.lemma_ in self.onto.cues["speech_verbs"]:
            subj = subject_of(head.head)
            eid = self.entity(subj, depth + 1) if subj is not None and subj.i != tok.i else None
            if eid and self._label(eid) in _LABELS[kind]:
                return eid
        return self._antecedent(tok, _LABELS[kind])

    def _label(self, eid: str) -> str | None:
        return next((m.label for m in self.mentions if m.entity == eid), None)

    def _antecedent(self, tok: Token, labels: set[str]) -> str | None:
        """The nearest earlier mention with a fitting label, prominent ones first in the sentence."""
        before = [m for m in self.mentions if m.end <= tok.idx and m.label in labels]
        if not before:
            return None
        sent_start = tok.sent.start_char
        in_sent = [m for m in before if m.start >= sent_start]
        prominent = [m for m in in_sent if self._dep(m) in _PROMINENT]
        return (prominent or in_sent or before)[-1].entity

    def _dep(self, m: Mention) -> str:
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        return span.root.dep_ if span is not None else ""

    def speaker_of(self, tok: Token, depth: int = 0) -> str | None:
        """Who speaks at `tok`: a quote's speaker, else the subject of the sentence's reporting verb."""
        for q in self.found.quotes:
            if q.start <= tok.idx < q.end and q.speaker:
                return q.speaker
        for t in tok.sent:
            if t.lemma_ in self.onto.cues["speech_verbs"] and t.pos_ == "VERB":
                subj = subject_of(t)
                if subj is not None and subj.lower_ not in self.onto.cues["first_person"]:
                    return self.entity(subj, depth + 1)
        return None


def subject_of(verb: Token) -> Token | None:
    """A verb's own subject, or the agent of its passive."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj", "expl"):
            return c
    for c in verb.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def agent_word(m: Match) -> Token | None:
    """The word for who did it."""
    tok = m.token
    if m.trigger.pos == "copula_on":
        on = next(c for c in tok.children if c.lower_ == "on")
        lst = next((g for g in on.children if g.dep_ == "pobj"), None)
        return next((c for c in lst.children if c.dep_ == "poss"), None) if lst is not None else None
    if m.trigger.pos == "noun":
        return _noun_agent(tok, m.trigger.of)
    return _clause_agent(tok)


def _clause_agent(verb: Token) -> Token | None:
    """The subject of a verb, climbing infinitives and conjoined verbs that share it."""
    t = verb
    for _ in range(6):
        subj = subject_of(t)
        if subj is not None:
            return subj
        passive = next((c for c in t.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:
            # "X is set to lift": the governor's passive subject acts; a trigger's own does not
            return passive if t.i != verb.i else None
        if t.dep_ == "relcl":
            return t.head
        if t.dep_ not in _CLIMB or t.dep_ == "ccomp" or t.head.i == t.i or not same_block(t, t.head):
            return None
        t = t.head
    return None


def _noun_agent(noun: Token, of: str) -> Token | None:
    """The agent of a nominal trigger: its possessor, "by X", "of X", a name before it, or the clause's subject."""
    for c in noun.children:
        if c.dep_ == "poss":
            return c
        if c.dep_ == "prep" and (c.lower_ == "by" or (of == "agent" and c.lower_ == "of")):
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        if c.dep_ == "compound" and c.pos_ == "PROPN":
            return c
    t = noun
    for _ in range(6):
        if t.head.i == t.i or not same_block(t, t.head):
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            subj = subject_of(t)
            if subj is not None and noun.i not in {x.i for x in subj.subtree}:
                return subj
    return None


def target_word(m: Match) -> Token | None:
    """The word for whom or what it was done to."""
    tok, trig = m.token, m.trigger
    if trig.pos == "copula_on":
        return subject_of(tok)
    if trig.pos == "adverb":
        return subject_of(tok.head) or _clause_agent(tok.head)
    kids = list(tok.children)
    if trig.pos == "verb" and trig.object is None:
        for c in kids:
            if c.dep_ in ("dobj", "nsubjpass"):
                return c
    if trig.pos == "noun" and trig.of == "target":
        for c in kids:
            if c.dep_ == "prep" and c.lower_ == "of":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    for prep in TARGET_PREPS:
        for c in kids:
            if c.dep_ == "prep" and c.lower_ == prep:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return None


def victim_words(m: Match) -> list[Token]:
    """Who it may have happened to, best first: the target, the subject of an intransitive verb
    ("X died on Monday"; not "the drug that killed him") or the owner of a noun ("X's death")."""
    kids = list(m.token.children)
    own = "poss" if m.trigger.pos == "noun" else None
    if m.trigger.pos == "verb" and not any(c.dep_ == "dobj" for c in kids):
        own = "nsubj"
    words = [target_word(m), next((c for c in kids if c.dep_ == own), None)]
    return [w for w in words if w is not None]


def location_word(tok: Token) -> Token | None:
    """A place the trigger happened at ("in Lagos", "at the airport"), within its own phrase."""
    return next((place for t in tok.subtree if (place := _place_phrase(t, tok)) is not None), None)


def clause_place(tok: Token) -> Token | None:
    """The place a noun trigger's own clause names ("deaths ... have been recorded in Mexico",
    "caused 152 deaths in Mexico"): an "in"/"at" phrase of the verb it is subject or object of."""
    if tok.dep_ not in ("nsubj", "nsubjpass", "dobj") or tok.head.pos_ not in ("VERB", "AUX"):
        return None
    return next((place for c in tok.head.children if (place := _place_phrase(c, tok)) is not None), None)


def _place_phrase(prep: Token, trigger: Token) -> Token | None:
    """The named place of an "in"/"at" phrase headed by `prep`, in the trigger's paragraph."""
    if prep.dep_ != "prep" or prep.lower_ not in ("in", "at") or not same_block(prep, trigger):
        return None
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
    return pobj if pobj is not None and pobj.ent_type_ in ("GPE", "LOC", "FAC") else None


def place_near(tok: Token, reach: int = 5) -> Token | None:
    """The place named closest to a trigger, at most `reach` words away in its sentence
    ("the Lagos floods", "flooding in northern Kenya"): where an actorless event (a
    flood, a death toll) happened when no "in X" phrase of its own says so."""
    near = [t for t in tok.sent if abs(t.i - tok.i) <= reach and t.ent_type_ in ("GPE", "LOC")]
    return min(near, key=lambda t: (abs(t.i - tok.i), t.i), default=None)


def prep_target(tok: Token, preps: frozenset[str]) -> Token | None:
    """The object of the first of `preps` on the trigger or inside its object phrase
    ("evacuated citizens from Sudan"), read through "the territory of X" to X."""
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]
    objects += [g for c in of for g in c.children if g.dep_ == "pobj"]
    heads = [tok, *objects]
    for h in heads:
        for t in (h, *h.subtree) if h.i != tok.i else (h,):
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in preps and same_block(c, tok):
                    pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        return _through_of(pobj)
    return None


def _through_of(noun: Token) -> Token:
    """X for a common noun with an "of X" phrase naming a place ("the territory of X")."""
    if noun.ent_type_:
        return noun
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.ent_type_ in ("GPE", "LOC"):
                return pobj
    return noun
