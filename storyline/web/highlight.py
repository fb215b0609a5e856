"""An article's text cut into sentences and marked spans, ready to render as inert text.

Spans (events, quotes, figures) may overlap: the text is cut at every span
boundary and each piece carries the items that cover it, so a template only
wraps pieces in `<mark>` elements and never inserts markup into the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from storyline.model import Sentence


@dataclass
class Span:
    """An item's place in the text: `kind` is event, quote or figure."""

    id: str
    kind: str
    start: int
    end: int


@dataclass
class Piece:
    """A run of text covered by the same items (none: plain text)."""

    text: str
    items: list[Span] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        """The distinct kinds of the items covering this piece, sorted."""
        return sorted({s.kind for s in self.items})

    @property
    def ids(self) -> list[str]:
        """The ids of the items covering this piece."""
        return [s.id for s in self.items]


@dataclass
class Block:
    """A sentence (index set) or the text between sentences (index None)."""

    index: int | None
    pieces: list[Piece]
    items: list[Span] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        """The distinct kinds of items anywhere in this block."""
        return sorted({s.kind for s in self.items})


def sentence_of(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence containing character `offset`, if any."""
    for s in sentences:
        if s.start <= offset < s.end:
            return s
    return None


def blocks(text: str, sentences: list[Sentence], spans: list[Span]) -> list[Block]:
    """The whole text as blocks (sentences and gaps), each cut into marked pieces."""
    out: list[Block] = []
    pos = 0
    for s in sorted(sentences, key=lambda s: s.start):
        start, end = max(s.start, pos), min(s.end, len(text))
        end = start + len(text[start:end].rstrip())  # parsers keep trailing newlines in a sentence
        if start >= end:
            continue
        if start > pos:
            out.append(_block(text, pos, start, None, spans))
        out.append(_block(text, start, end, s.index, spans))
        pos = end
    if pos < len(text):
        out.append(_block(text, pos, len(text), None, spans))
    return out


def _block(text: str, start: int, end: int, index: int | None, spans: list[Span]) -> Block:
    inside = [s for s in spans if s.start < end and s.end > start and s.end > s.start]
    cuts = sorted({start, end, *(max(start, min(end, x)) for s in inside for x in (s.start, s.end))})
    pieces = []
    for a, b in pairwise(cuts):
        covering = [s for s in inside if s.start <= a and s.end >= b]
        pieces.append(Piece(text[a:b], covering))
    return Block(index, pieces, inside)
