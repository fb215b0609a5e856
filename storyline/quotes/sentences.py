"""Sentences that never cross a line break: the parser may run a headline into the body."""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from storyline.pipeline import once_per_doc, span_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


class Sentences(list["Span"]):
    """Line-bounded sentences in document order, with their first token indices for lookup."""

    def __init__(self, spans: list[Span]):
        super().__init__(spans)
        self.starts = [s.start for s in spans]


def sentences(doc: Doc) -> Sentences:
    """The Doc's sentences, split again wherever a line break falls inside one (read by
    direct and reported speech: worked out once per Doc)."""
    # Kept as token bounds: a Span kept on its own Doc would make a reference cycle, and the
    # Doc would wait for the cyclic garbage collector instead of being freed after its article.
    bounds = once_per_doc(doc, "storyline.quotes.sentences", _split_sentences)
    return Sentences([doc[start:end] for start, end in bounds])


def _split_sentences(doc: Doc) -> list[tuple[int, int]]:
    out = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.is_space:
                out.append(doc[start : tok.i])
                start = tok.i + 1
            elif tok.i > start and "\n" in doc[tok.i - 1].whitespace_:
                out.append(doc[start : tok.i])
                start = tok.i
        out.append(doc[start : sent.end])
    return [(s.start, s.end) for s in out if len(s) and span_text(s).strip()]


def sentence_of(tok: Token, spans: list[Span]) -> Span:
    """The line-bounded sentence holding `tok` (found by bisection when `spans` is a `Sentences`)."""
    if isinstance(spans, Sentences):
        k = bisect_right(spans.starts, tok.i) - 1
        if k >= 0 and spans[k].start <= tok.i < spans[k].end:
            return spans[k]
        return tok.sent
    for s in spans:
        if s.start <= tok.i < s.end:
            return s
    return tok.sent
