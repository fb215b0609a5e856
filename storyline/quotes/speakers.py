"""Who is speaking: the subject of a cue, found by the parse or by position.

The small parser often gets inverted or comma-separated frames wrong
("…, Russian envoy to X Y announced Friday"), so when a cue has no subject
in the parse the speaker is read from the words between the nearest clause
boundary and the cue. Pronouns are kept as pronouns here; `resolve` links them
to the previous speaker once all quotes are in document order.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.entities.local import EntityIndex
from storyline.model import Mention
from storyline.pipeline import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Which kind of mention makes the likeliest speaker, best first.
_PRIORITY = {"PERSON": 0, "NOMINAL": 1, "ORG": 2, "GPE": 3, "PRON": 4, "NORP": 5}
_PERSONAL = frozenset({"he", "she", "him", "her"})
_IMPERSONAL = frozenset({"it", "they", "them"})
_RELATIVE = frozenset({"who", "which", "that"})
_BOUNDARY = frozenset({",", ";", ":", "(", ")", "—", "–", "“", "”", '"', "‘", "’", "«", "»"})


@dataclass
class Speaker:
    """A speaker as written: an entity mention, or a pronoun still to resolve."""

    text: str
    start: int  # character offsets of the words naming the speaker
    end: int
    entity: str | None = None
    pronoun: str | None = None  # "he", "she", "it", ... when still to resolve


def is_boundary(tok: Token) -> bool:
    """Whether a token ends the stretch of words a speaker can be read from."""
    return tok.text in _BOUNDARY or tok.is_sent_start or tok.is_space or "\n" in tok.whitespace_


class SpeakerFinder:
    """Find the speaker of a cue token in one parsed article."""

    def __init__(self, doc: Doc, mentions: list[Mention]):
        self.doc = doc
        self.text = doc_text(doc)
        self.index = EntityIndex(mentions)
        self.mentions = sorted((m for m in mentions if m.entity), key=lambda m: m.start)
        self._mention_starts = [m.start for m in self.mentions]
        self._token_starts = [t.idx for t in doc]
        self._token_ends = [t.idx + len(t) for t in doc]

    def in_span(self, start: int, end: int) -> list[Mention]:
        """Mentions inside the character range [start, end)."""
        lo = bisect_left(self._mention_starts, start)
        hi = bisect_right(self._mention_starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def first_token_from(self, offset: int) -> int:
        """The index of the first token starting at or after character `offset` (len(doc) if none)."""
        return bisect_left(self._token_starts, offset)

    def tokens_ending_by(self, offset: int) -> int:
        """How many tokens (from the start of the doc) end at or before character `offset`."""
        return bisect_right(self._token_ends, offset)

    def best(self, start: int, end: int, near: int | None = None) -> Speaker | None:
        """The likeliest speaker among the mentions and pronouns in [start, end)."""
        found = [(m.label, m.start, m.end, m.text, m.entity) for m in self.in_span(start, end)]
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            for t in span:
                if t.lower_ in _PERSONAL | _IMPERSONAL and t.pos_ == "PRON":
                    found.append(("PRON", t.idx, t.idx + len(t.text), t.text, None))
        if not found:
            return None

        def rank(f: tuple[str, int, int, str, str | None]) -> tuple[int, int]:
            return _PRIORITY.get(f[0], 9), abs(f[1] - near) if near is not None else 0

        label, s, e, text, eid = min(found, key=rank)
        return Speaker(text, s, e, eid, text.lower() if label == "PRON" else None)

    def of_token(self, tok: Token) -> Speaker | None:
        """The speaker a subject token names: its mention, a pronoun, or a mention in its phrase."""
        if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl":
            tok = tok.head.head
        if tok.pos_ == "PRON" and tok.lower_ in _PERSONAL | _IMPERSONAL:
            return Speaker(tok.text, tok.idx, tok.idx + len(tok.text), pronoun=tok.lower_)
        m = self.index.at(tok.idx, tok.idx + len(tok.text))
        if m is not None:
            return Speaker(m.text, m.start, m.end, m.entity)
        left, right = tok.left_edge, tok.right_edge
        return self.best(left.idx, right.idx + len(right.text), near=tok.idx)

    def subject(self, verb: Token) -> Speaker | None:
        """The parse's subject of `verb`, if it names someone."""
        for child in verb.children:
            lo, hi = sorted((child.idx, verb.idx))
            if child.dep_ in ("nsubj", "nsubjpass") and "\n" not in self.text[lo:hi]:
                return self.of_token(child)
        return None

    def left_of(self, verb: Token) -> Speaker | None:
        """The speaker named between the nearest boundary on the left and `verb`."""
        i = verb.i - 1
        while i >= 0 and not is_boundary(self.doc[i]):
            i -= 1
        start = self.doc[i + 1].idx if i + 1 < verb.i else verb.idx
        return self.best(start, verb.idx, near=verb.idx) if start < verb.idx else None

    def right_of(self, verb: Token, stop_words: frozenset[str] = frozenset({"as", "saying"})) -> Speaker | None:
        """The speaker named right after `verb`, up to the next boundary ("stated X, ...")."""
        j = verb.i + 1
        while j < len(self.doc) and not is_boundary(self.doc[j]) and self.doc[j].lower_ not in stop_words:
            if self.doc[j].is_sent_start:
                break
            j += 1
        if j == verb.i + 1:
            return None
        last = self.doc[j - 1]
        return self.best(self.doc[verb.i + 1].idx, last.idx + len(last.text), near=verb.idx)

    def of_cue(self, verb: Token) -> Speaker | None:
        """The speaker of a speech cue: parse subject, else the words before, else after."""
        return self.subject(verb) or self.left_of(verb) or self.right_of(verb)


def resolve_pronoun(speaker: Speaker, previous: Speaker | None, mentions: list[Mention],
                    labels: dict[str, str]) -> str | None:
    """The entity a pronoun speaker stands for.

    "he/she" is the previous quote's speaker when that was a person, else the
    nearest person named before; "it/they" the previous speaker when that was
    not a person.
    """
    personal = speaker.pronoun in _PERSONAL
    if previous is not None and previous.entity:
        prev_person = labels.get(previous.entity) == "PERSON"
        if prev_person == personal:
            return previous.entity
    wanted = ("PERSON", "NOMINAL") if personal else ("ORG", "GPE")
    return next((m.entity for m in reversed(mentions)
                 if m.end <= speaker.start and m.label in wanted and m.entity), None)
