"""Sentences that never cross a line break: the parser may run a headline into the body."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token


def sentences(doc: Doc) -> list[Span]:
    """The Doc's sentences, split again wherever a line break falls inside one."""
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
    return [s for s in out if len(s) and s.text.strip()]


def sentence_of(tok: Token, spans: list[Span]) -> Span:
    """The line-bounded sentence holding `tok`."""
    for s in spans:
        if s.start <= tok.i < s.end:
            return s
    return tok.sent
