"""How sure the text is that an event happened: occurred, ongoing, planned, intended,
refused, negated or hypothetical.

The cues (data/events/cues.yaml) are read along the chain of words that govern the
trigger, innermost first, up to the reporting verb: reported speech never makes an
event unreal ("X said it has deployed" is occurred; "X said it is ready to" is intended).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.events.ontology import Ontology
from storyline.events.triggers import same_block
from storyline.pipeline import span_text

if TYPE_CHECKING:
    from spacy.tokens import Token


def governing_chain(tok: Token, onto: Ontology, limit: int = 8) -> list[Token]:
    """The trigger and the words above it, stopping below a reporting verb or a relative clause."""
    chain = [tok]
    t = tok
    while len(chain) < limit and t.head.i != t.i and t.dep_ != "relcl" and same_block(t, t.head):
        if t.head.lemma_ in onto.cues["speech_verbs"] and t.dep_ in ("ccomp", "parataxis"):
            break
        if _past_time_clause(t, onto):
            break
        t = t.head
        chain.append(t)
    return chain


def _past_time_clause(t: Token, onto: Ontology) -> bool:
    """A past-tense clause opened by "when", "before", "after"...: what it tells happened,
    whatever the clause it hangs on says ("hoped to tour before he died")."""
    return t.dep_ == "advcl" and t.tag_ == "VBD" and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in onto.cues["temporal_marks"] for c in t.children)


def _negated(t: Token, onto: Ontology) -> bool:
    """Whether a word (or the copula it complements) carries a negation."""
    words = [t, t.head] if t.dep_ == "acomp" else [t]
    return any(c.dep_ == "neg" or c.lower_ in onto.cues["negations"] for w in words for c in w.children)


def _modals(t: Token) -> set[str]:
    return {c.lower_ for c in t.children if c.dep_ == "aux" and c.tag_ == "MD"}


def _first_person(t: Token, onto: Ontology) -> bool:
    return any(c.dep_.startswith("nsubj") and c.lower_ in onto.cues["first_person"] for c in t.children)


def status_of(tok: Token, onto: Ontology, limit: int = 8) -> str:
    """The status of the event whose trigger is `tok`, read from it and up to `limit` - 1
    words governing it."""
    cues = onto.cues
    chain = governing_chain(tok, onto, limit)
    lemmas = [t.lemma_.lower() for t in chain]
    promised = any(lem in cues["intended"] for lem in lemmas[1:])
    for k, t in enumerate(chain):
        lemma, governor = lemmas[k], k > 0
        neg = _negated(t, onto)
        if governor and lemma in cues["refused"]:
            return "refused"
        if governor and lemma in cues["planned"]:
            return "negated" if neg else "planned"
        if governor and lemma in cues["intended"]:
            return "refused" if neg else "intended"
        if governor and lemma in cues["hypothetical"]:
            return "hypothetical"
        if {c.lower_ for c in t.children if c.dep_ == "mark"} & cues["conditional_marks"]:
            return "hypothetical"
        modals = _modals(t)
        if modals & cues["future_modals"]:
            if neg:
                return "refused"
            return "intended" if promised or any(_first_person(x, onto) for x in chain) else "planned"
        if modals & cues["hypothetical_modals"]:
            return "intended" if promised else "hypothetical"
        if neg:
            return "negated"
        if governor and lemma in cues["ongoing"]:
            return "ongoing"
    if span_text(tok.sent).rstrip().endswith("?"):
        return "hypothetical"
    if _progressive(tok):
        return "ongoing"
    return "occurred"


def _progressive(tok: Token) -> bool:
    """A present progressive verb ("are fighting"): an event still going on."""
    return tok.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in ("is", "are", "am") for c in tok.children)
