"""Who relayed the words: "As reported by Reuters", "quoted by the state agency", "according to state media"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from storyline.quotes.lexicon import lexicon
from storyline.quotes.speakers import SpeakerFinder, is_boundary

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_DETERMINERS = re.compile(r"^(the|a|an)\s+", re.I)


def according_to(sent: Span) -> list[Span]:
    """The phrases named by "according to ..." in a sentence (what follows "to", up to a boundary)."""
    out = []
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and tok.nbor().lower_ == "to":
            j = tok.i + 2
            while j < sent.end and not is_boundary(sent.doc[j]) and not sent.doc[j].is_punct:
                j += 1
            if j > tok.i + 2:
                out.append(sent.doc[tok.i + 2 : j])
    return out


def _ref(phrase: Span, finder: SpeakerFinder) -> str:
    """A relay as an entity id when the phrase names one, else as its words ("state media")."""
    inside = finder.in_span(phrase.start_char, phrase.end_char)
    orgs = [m for m in inside if m.label == "ORG"] or [m for m in inside if m.label not in ("NORP", "GPE")]
    if orgs and orgs[-1].entity:
        return orgs[-1].entity
    return _DETERMINERS.sub("", phrase.text).strip()


def _is_passive(verb: Token) -> bool:
    """Whether a verb is passive ("was quoted", "as reported by")."""
    return any(c.dep_ in ("auxpass", "agent") for c in verb.children) or verb.dep_ in ("acl", "advcl")


def relays(sent: Span, finder: SpeakerFinder, has_speaker_cue: bool) -> list[str]:
    """The relay chain of a sentence, in reading order, as entity ids or names.

    Outlets named by "according to" always relay; another source named that
    way relays only when the sentence has its own speech cue.
    """
    lex = lexicon()
    found: list[tuple[int, str]] = []
    for tok in sent:
        if tok.lemma_.lower() not in lex.relay_verbs:
            continue
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None and list(agent.children):
            obj = next(iter(agent.children))
            found.append((obj.i, _ref(sent.doc[obj.left_edge.i : obj.right_edge.i + 1], finder)))
        elif not _is_passive(tok) and tok.lemma_.lower() in lex.quote_verbs:
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ != "PRON":
                found.append((subj.i, _ref(sent.doc[subj.left_edge.i : subj.right_edge.i + 1], finder)))
    for phrase in according_to(sent):
        if has_speaker_cue or lex.is_outlet(phrase.text) or any(
            lex.is_outlet(m.text) for m in finder.in_span(phrase.start_char, phrase.end_char)
        ):
            found.append((phrase.start, _ref(phrase, finder)))
    out: list[str] = []
    for _, ref in sorted(found):
        if ref and ref not in out:
            out.append(ref)
    return out
