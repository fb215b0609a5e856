"""Trigger matching: words of the ontology found over the dependency parse."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.events.ontology import Ontology, Trigger

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: Dependencies that hold a verb's object (active object, passive subject, dative).
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "dative", "attr", "oprd"})
#: Modifiers of a noun that belong to what it names ("humanitarian aid", "sanctions list").
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})


@dataclass(frozen=True)
class Match:
    """A trigger word (for "be on a list": the copula) and the pattern it matched."""

    token: Token
    trigger: Trigger


#: Verbs a "be on a list" (copula_on) trigger fires on.
COPULAS = ("be", "remain", "stay")

#: Per ontology (by id, holding the ontology so the id stays its own): triggers by firing word.
_BY_WORD: dict[int, tuple[Ontology, dict[str, tuple[tuple[int, Trigger], ...]]]] = {}


def match_triggers(sent: Span, onto: Ontology) -> Iterator[Match]:
    """Every token of `sent` that matches a trigger, first pattern per type wins."""
    by_word = _triggers_by_word(onto)
    for tok in sent:
        lemma, lower = tok.lemma_.lower(), tok.lower_
        cands = by_word.get(lemma, ()) + (by_word.get(lower, ()) if lower != lemma else ())
        seen: set[str] = set()
        for _, trig in sorted(set(cands), key=lambda c: c[0]):
            if trig.type not in seen and _matches(tok, trig, onto):
                seen.add(trig.type)
                yield Match(tok, trig)


def _triggers_by_word(onto: Ontology) -> dict[str, tuple[tuple[int, Trigger], ...]]:
    """The ontology's triggers (with their rank in ontology order) under each word that can fire them.

    Built once per ontology: matching then looks at a token's few candidates,
    not at every trigger.
    """
    hit = _BY_WORD.get(id(onto))
    if hit is None or hit[0] is not onto:
        index: dict[str, list[tuple[int, Trigger]]] = {}
        for rank, trig in enumerate(onto.triggers()):
            for word in COPULAS if trig.pos == "copula_on" else trig.lemmas:
                index.setdefault(word, []).append((rank, trig))
        hit = _BY_WORD[id(onto)] = (onto, {w: tuple(ts) for w, ts in index.items()})
    return hit[1]


def same_block(a: Token, b: Token) -> bool:
    """Whether two words stand in one paragraph: a parse arc across a line break is not trusted."""
    lo, hi = sorted((a.i, b.i))
    return "\n" not in a.doc[lo:hi].text_with_ws  # not doc.text: that joins the whole Doc on every call


def _matches(tok: Token, trig: Trigger, onto: Ontology) -> bool:
    """Whether `tok` is a trigger of this pattern, with its arguments in place."""
    lemma = tok.lemma_.lower()
    if trig.pos == "copula_on":
        return lemma in COPULAS and any(
            c.lower_ == "on" and has_class([g for g in c.children if g.dep_ == "pobj"], trig.object, onto)
            for c in tok.children
        )
    if trig.pos == "adverb":
        return tok.pos_ == "ADV" and tok.lower_ in trig.lemmas
    wanted_pos = ("VERB",) if trig.pos == "verb" else ("NOUN",)
    if tok.pos_ not in wanted_pos or (lemma not in trig.lemmas and tok.lower_ not in trig.lemmas):
        return False
    if trig.prep and not any(c.dep_ in ("prep", "prt", "agent") and c.lower_ in trig.prep for c in tok.children):
        return False
    if trig.prep_object and not any(
        has_class([g for g in c.children if g.dep_ == "pobj"], trig.prep_object, onto)
        for c in tok.children if c.dep_ == "prep"
    ):
        return False
    if trig.oprd and not any(c.dep_ == "oprd" and c.lemma_.lower() in trig.oprd for c in tok.children):
        return False
    return trig.object is None or has_class(object_heads(tok), trig.object, onto)


def object_heads(tok: Token) -> list[Token]:
    """The heads of what a trigger acts on: objects, "of"/"from"/"off" phrases, noun modifiers."""
    deps = OBJECT_DEPS if tok.pos_ != "NOUN" else frozenset()
    heads = [c for c in tok.children if c.dep_ in deps]
    if tok.pos_ == "NOUN":
        heads += [c for c in tok.children if c.dep_ in _MODIFIER_DEPS]
    around = [*tok.children, *(tok.head.children if tok.pos_ == "NOUN" and tok.dep_ == "dobj" else [])]
    for c in around:
        if c.dep_ in ("prep", "prt") and c.lower_ in (("from", "off") if c.head.i != tok.i else ("of", "from", "off")):
            heads += [g for g in c.children if g.dep_ == "pobj"]
    heads += [cj for h in list(heads) for cj in h.conjuncts]
    return heads


def has_class(heads: list[Token], cls: str | None, onto: Ontology) -> bool:
    """Whether any head, its modifiers or its "of" phrase is a word of class `cls`."""
    if cls is None:
        return True
    words = onto.objects[cls]
    for h in heads:
        near = [h, *(c for c in h.children if c.dep_ in _MODIFIER_DEPS)]
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                near += [g for g in c.children if g.dep_ == "pobj"]
                near += [m for g in c.children for m in g.children if m.dep_ in _MODIFIER_DEPS]
        if any(t.lemma_.lower() in words or t.lower_ in words for t in near):
            return True
    return False
