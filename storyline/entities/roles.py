"""Titles around names: "Russian Foreign Minister X", "the rebels' foreign minister, X".

`title_before` reads the title written before a person's name and what it
says about affiliation; `descriptions` finds role descriptions standing in for
a person ("the Russian envoy said"), which `local` links back to the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.entities.gazetteer import demonym_of, is_role_noun, is_title_word, role_class

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Prepositions that may sit inside a title ("envoy to Afghanistan", "head of X").
_TITLE_PREPS = frozenset({"to", "of", "for", "at"})


@dataclass
class Title:
    """A title phrase attached to a name (or standing alone as a description)."""

    start: int  # token index of the title's first token (after any affiliation)
    end: int  # token index just past the title
    role: str  # "Foreign Minister", "envoy to Afghanistan"
    head: str  # the role noun ("minister")
    affiliation: Span | None  # the demonym or possessor that qualifies it ("Russian", "Russia's")


def _is_titlish(tok: Token) -> bool:
    """Whether a token can belong to a title phrase."""
    if is_title_word(tok.text):
        return True
    if tok.lower_ in _TITLE_PREPS:
        return True
    # Capitalised words inside a title name an office or a place ("Ministry", "Lisk").
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and not demonym_of(tok.text)


def _affiliation_before(doc: Doc, i: int) -> Span | None:
    """The demonym or possessor right before token `i` ("Freedonian", "Freedonia's", "the rebels'")."""
    if i < 0:
        return None
    tok = doc[i]
    if demonym_of(tok.text):
        return doc[i : i + 1]
    if tok.tag_ == "POS" or tok.text in ("'s", "’s", "'", "’"):
        j = i - 1
        while j > 0 and doc[j - 1].pos_ == "PROPN" and doc[j - 1].text[:1].isupper():
            j -= 1
        return doc[j:i] if j < i else None
    return None


def _title_span(doc: Doc, end: int, floor: int) -> Title | None:
    """The title phrase ending just before token `end`, not reaching before `floor`."""
    i = end - 1
    while i >= floor and _is_titlish(doc[i]):
        i -= 1
    start = i + 1
    while start < end and doc[start].lower_ in _TITLE_PREPS:
        start += 1
    heads = [t for t in doc[start:end] if is_role_noun(t.text)]
    if start >= end or not heads:
        return None
    # The role noun heads what comes before its first preposition ("envoy to X").
    head = heads[-1]
    preps = [t for t in doc[start:end] if t.lower_ in _TITLE_PREPS]
    if preps:
        before = [t for t in heads if t.i < preps[0].i]
        head = before[-1] if before else head
    role = doc[start:end].text
    return Title(start, end, role, head.lower_, _affiliation_before(doc, start - 1))


def title_before(doc: Doc, start: int) -> Title | None:
    """The title written before a name starting at token `start`.

    Handles a title run into the name ("Foreign Minister Tomas Brandt") and an
    appositive one ("the rebels' foreign minister, Lena Ortiz").
    """
    # `start` may be the end of the text (a role noun ending it: "... the Mayor")
    floor = doc[min(start, len(doc) - 1)].sent.start
    title = _title_span(doc, start, floor)
    if title is None and start - 1 > floor and doc[start - 1].text == ",":
        title = _title_span(doc, start - 1, floor)
    return title


def title_after(doc: Doc, end: int) -> Title | None:
    """An appositive title right after a name: "X, Russia's foreign minister, said"."""
    sent_end = doc[end - 1].sent.end
    if end >= sent_end or doc[end].text != ",":
        return None
    i = end + 1
    if i < sent_end and doc[i].lower_ in ("the", "a", "an"):
        i += 1
    aff_end = i
    if i < sent_end and demonym_of(doc[i].text):
        aff_end = i + 1
    else:
        j = i
        while j < sent_end and doc[j].pos_ == "PROPN":
            j += 1
        if j < sent_end and j > i and doc[j].tag_ == "POS":
            aff_end = j + 1
    k = aff_end
    while k < sent_end and _is_titlish(doc[k]):
        k += 1
    if k == aff_end or not any(is_role_noun(t.text) for t in doc[aff_end:k]):
        return None
    return _title_span(doc, k, aff_end)


def description_class(title: Title) -> str:
    """The role class a description refers by ("envoy" for "the Russian ambassador")."""
    return role_class(title.head)
