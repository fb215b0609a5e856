"""Reported speech: "X said (that) …", "…, X said Thursday", "according to X, …",
and mixed quotes: a quoted fragment inside reported speech, or the object of a
verb like "commend" / "call" ("commended the “calm and orderly” handover").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from storyline.pipeline import span_text
from storyline.quotes.direct import is_cue
from storyline.quotes.found import Found, trim
from storyline.quotes.lexicon import lexicon
from storyline.quotes.marks import Marked
from storyline.quotes.relays import according_to
from storyline.quotes.sentences import sentence_of, sentences
from storyline.quotes.speakers import SpeakerFinder, is_boundary

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Where reported content stops: a concessive clause or a relay tail is the reporter's, not the speaker's.
_CUT = re.compile(
    r",\s*(despite|although|though|while|whereas|according to|as reported by|citing)\b|;"
    r"|,\s*[^,]{0,60}\b(quoted|cited)\b[^,]{0,30}$",
    re.I,
)
_QUOTE_MARKS = re.compile(r"[“”\"‘’«»]")


def headline_like(sent: Span) -> bool:
    """A title, caption or link line: it ends its line without final punctuation."""
    doc = sent.doc
    line_end = sent.end >= len(doc) or doc[sent.end].is_space or "\n" in doc[sent.end - 1].whitespace_
    return line_end and span_text(sent).rstrip()[-1:] not in ".!?\"”’"


def _cut(text: str, start: int, end: int) -> int:
    """The content's end, cut before a concessive clause or a relay tail."""
    m = _CUT.search(text, start, end)
    return m.start() if m else end


def _content_after(cue: Token) -> tuple[int, int] | None:
    """Reported content after the cue: its clausal complement ("said (that) …")."""
    comp = next((c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i), None)
    if comp is None:
        return None
    first = comp.left_edge
    if first.i <= cue.i:
        return None
    last = max((c.right_edge for c in cue.children if c.i >= comp.i), key=lambda t: t.i)
    return first.idx, last.idx + len(last.text)


def _tail_is_filler(doc: Doc, cue: Token, sent: Span, finder: SpeakerFinder) -> bool:
    """Whether only the speaker, time words or an "according to" tail follow the cue."""
    fillers = lexicon().fillers
    speaker = finder.right_of(cue)
    for tok in doc[cue.i + 1 : sent.end]:
        if tok.is_punct or tok.lower_ in fillers or tok.ent_type_ in ("DATE", "TIME"):
            continue
        if speaker and tok.idx < speaker.end:
            continue
        # Only a trailing phrase may follow: "at the beginning of his meeting", "according to …".
        return tok.lower_ == "according" or (tok.pos_ == "ADP" and tok.i > cue.i + 1)
    return True


def _content_before(doc: Doc, cue: Token, sent: Span, finder: SpeakerFinder) -> tuple[int, int] | None:
    """Reported content before the cue: "<content>, X said Thursday." / "<content>, stated X"."""
    comp = next((c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i), None)
    if comp is not None:
        last = comp.right_edge
        return comp.left_edge.idx, last.idx + len(last.text)
    i = cue.i - 1
    while i > sent.start and not is_boundary(doc[i]):
        i -= 1
    if doc[i].text != "," or i - sent.start < 4 or not _tail_is_filler(doc, cue, sent, finder):
        return None
    return sent.start_char, doc[i].idx


def reported(doc: Doc, finder: SpeakerFinder, marks: list[Marked], taken: list[Found]) -> list[Found]:
    """Indirect and mixed quotes (speakers unresolved), skipping what direct quotes hold."""
    used = {f.cue.i for f in taken if f.cue is not None}
    spans = sentences(doc)
    mark_starts = [m.start for m in marks]
    out: list[Found] = _fragments(doc, finder, marks, taken, spans)
    for sent in spans:
        if headline_like(sent):
            continue
        cues = [t for t in sent if is_cue(t) and t.i not in used and not _inside(t.idx, marks, mark_starts)]
        for cue in cues:
            if _relay_frame(cue):
                continue  # "X quoted him as saying": a relay frame, not a quote of its own
            span = _content_after(cue) or _content_before(doc, cue, sent, finder)
            if span is not None:
                span = (max(span[0], sent.start_char), min(span[1], sent.end_char))
            found = _make(doc, cue, span, finder, taken + out, sent)
            if found:
                out.append(found)
        if not cues:
            out += _according_to(doc, sent, finder, taken + out)
    return out


def _relay_frame(cue: Token) -> bool:
    """Whether a cue only frames a relay: "quoted", or "saying" in "quoted him as saying"."""
    quote_verbs = lexicon().quote_verbs
    chain = [cue, cue.head, cue.head.head]
    return any(t.lemma_.lower() in quote_verbs for t in chain)


def _inside(offset: int, marks: list[Marked], starts: list[int]) -> bool:
    """Whether an offset lies inside a quotation (`marks` in order, disjoint; `starts` their starts)."""
    k = bisect_left(starts, offset) - 1
    return k >= 0 and offset < marks[k].end


def _overlaps(start: int, end: int, others: list[Found]) -> bool:
    """Whether [start, end) overlaps the content of any quote found already."""
    return any(start < f.end and f.start < end for f in others)


def _make(doc: Doc, cue: Token, span: tuple[int, int] | None, finder: SpeakerFinder,
          others: list[Found], sent: Span) -> Found | None:
    """A reported quote from a cue and its content span, if the span holds one."""
    if span is None:
        return None
    text = finder.text
    start, end = trim(text, *span)
    end = _cut(text, start, end)
    start, end = trim(text, start, end)
    if len(re.findall(r"\w+", text[start:end])) < 3 or _overlaps(start, end, others):
        return None
    kind = "mixed" if _QUOTE_MARKS.search(text[start:end]) else "indirect"
    speaker = finder.of_cue(cue)
    if speaker is not None and start <= speaker.start < end:
        return None  # the "speaker" sits inside the content: a misread frame
    return Found(start, end, kind, cue, cue.text, speaker, sent, cue.idx)


def _according_to(doc: Doc, sent: Span, finder: SpeakerFinder, others: list[Found]) -> list[Found]:
    """"<content>, according to X" with X a source (not an outlet, which only relays)."""
    out = []
    text = finder.text
    for phrase in according_to(sent):
        if lexicon().is_outlet(phrase.text):
            continue
        speaker = finder.best(phrase.start_char, phrase.end_char)
        if speaker is None or speaker.pronoun or any(
            lexicon().is_outlet(m.text) for m in finder.in_span(phrase.start_char, phrase.end_char)
        ):
            continue
        head = doc[phrase.start - 2]  # "according"
        before = phrase.start - 2 > sent.start
        start, end = trim(text, *((sent.start_char, head.idx) if before else (phrase.end_char, sent.end_char)))
        start, end = trim(text, start, end - 1 if text[end - 1 : end] == "." else end)
        if len(re.findall(r"\w+", text[start:end])) >= 3 and not _overlaps(start, end, others):
            kind = "mixed" if _QUOTE_MARKS.search(text[start:end]) else "indirect"
            out.append(Found(start, end, kind, None, "according to", speaker, sent, head.idx))
    return out


def _fragments(doc: Doc, finder: SpeakerFinder, marks: list[Marked], others: list[Found],
               spans: list[Span]) -> list[Found]:
    """Quoted fragments in the object of verbs like "commend", "call", "describe"."""
    verbs = lexicon().fragment_verbs
    out: list[Found] = []
    for mark in marks:
        start, end = trim(finder.text, *mark.inner)
        if _overlaps(mark.start, mark.end, others) or _overlaps(mark.start, mark.end, out):
            continue
        first = finder.first_token_from(start)
        tok = doc[first] if first < len(doc) else None
        verb = tok
        while verb is not None and verb.head.i != verb.i and verb.lemma_.lower() not in verbs:
            verb = verb.head
        if tok is None or verb is None or verb.lemma_.lower() not in verbs:
            continue
        sent = sentence_of(verb, spans)
        if headline_like(sent) or not verb.idx < start or not sent.start <= tok.i < sent.end:
            continue
        speaker = finder.of_cue(verb)
        out.append(Found(start, end, "mixed", verb, verb.text, speaker, sent, verb.idx))
    return out
