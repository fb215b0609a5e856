"""Which way a bare month or weekday points: the tense of the verb that governs it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.timex.rules import load_rules

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

PAST, NOW, FUTURE = -1, 0, 1


def direction_at(doc: Doc, start: int, end: int) -> int:
    """-1 when the expression at [start, end) sits in a past-tense clause, +1 future, 0 unknown."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return NOW
    if _deferred_to(span.root):
        return FUTURE
    verb = _governing_verb(span.root)
    return tense_of(verb) if verb is not None else NOW


def _deferred_to(tok: Token) -> bool:
    """'postponed until Saturday': the date a thing is put off to lies ahead, whatever the tense."""
    rules = load_rules()
    for _ in range(3):  # "until 15:00 GMT Saturday": the day may hang off the clock time
        if tok.head.i == tok.i or tok.pos_ in ("VERB", "AUX"):
            return False
        if tok.dep_ == "pobj" and tok.head.lower_ in rules.defer_preps:
            return tok.head.head.lemma_.lower() in rules.defer_verbs
        tok = tok.head
    return False


def _governing_verb(tok: Token) -> Token | None:
    while tok.pos_ not in ("VERB", "AUX"):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return tok


def _expected_side(expecting: Token) -> int:
    """Where "expected (planned, due...) to happen" lies: ahead, unless the expecting verb is a
    participle modifying a noun of a past clause ("a concert, expected to take place in
    September, was cancelled"): an expectation of the past says nothing of the side of today."""
    if expecting.dep_ == "acl" and expecting.tag_ == "VBN":
        outer = _governing_verb(expecting.head)
        if outer is not None and tense_of(outer) == PAST:
            return NOW
    return FUTURE


def tense_of(verb: Token) -> int:
    """The time reference of a verb: its auxiliaries, then its own form."""
    rules = load_rules()
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in aux}
    if words & rules.future_aux or verb.lower_ in rules.future_aux:
        return FUTURE
    if words & rules.open_aux:
        return NOW
    if "to" in words and verb.head.i != verb.i and verb.head.lemma_ in rules.future_verbs:
        return _expected_side(verb.head)
    if (verb.lemma_ in rules.future_verbs and verb.tag_ in ("VBZ", "VBP", "VBN")) or verb.lower_ == "due":
        return FUTURE
    if any(a.tag_ == "VBD" or a.lower_ in ("has", "have", "'ve", "had") for a in aux):
        return PAST
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl")):
        return PAST
    if verb.dep_ not in ("ROOT", "conj") and verb.tag_ in ("VB", "VBG") and verb.head.i != verb.i:
        return tense_of(verb.head)
    return NOW
