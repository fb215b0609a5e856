"""Direct quotes: words inside quotation marks with a cue beside them.

`“…,” the envoy said.` / `Brandt said: “…”` / `X was quoted as having said, “…”`,
over several sentences when the marks run over them, and a quote that follows
another in the same paragraph with no cue of its own continues its speaker
(`“…,” he told reporters. “But …”`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from storyline.quotes.found import Found, trim
from storyline.quotes.lexicon import lexicon
from storyline.quotes.marks import Marked
from storyline.quotes.sentences import sentence_of, sentences
from storyline.quotes.speakers import Speaker, SpeakerFinder

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: How far from a quotation its cue may be, in tokens.
_RIGHT_REACH = 8
_LEFT_GAP = 3
_FINAL = frozenset({".", "!", "?"})


def is_cue(tok: Token) -> bool:
    """Whether a token is a speech or quoting verb."""
    lex = lexicon()
    lemma = tok.lemma_.lower()
    return tok.pos_ in ("VERB", "AUX") and (lemma in lex.speech_verbs or lemma in lex.quote_verbs)


def speaker_of(finder: SpeakerFinder, cue: Token) -> Speaker | None:
    """The speaker of a cue; for "X quoted Y (as) saying" it is Y, not X."""
    if cue.lemma_.lower() in lexicon().quote_verbs and not any(
        c.dep_ in ("auxpass", "nsubjpass") for c in cue.children
    ):
        return finder.right_of(cue) or finder.of_cue(cue)
    return finder.of_cue(cue)


def _right_cue(doc: Doc, mark: Marked, finder: SpeakerFinder) -> tuple[Token, int] | None:
    """A cue right after the closing mark, and where its sentence ends."""
    first = finder.first_token_from(mark.end)
    toks = list(doc[first : first + _RIGHT_REACH + 8])
    cue = None
    for n, tok in enumerate(toks):
        if "\n" in finder.text[mark.end : tok.idx] or tok.text in "“\"‘":
            break
        if tok.text in _FINAL:
            return (cue, tok.idx + 1) if cue is not None else None
        if cue is None and n <= _RIGHT_REACH and is_cue(tok):
            cue = tok
        elif cue is None and tok.pos_ == "VERB":
            return None
    if cue is not None:
        last = toks[-1] if toks else cue
        return cue, last.idx + len(last.text)
    return None


def _left_cue(doc: Doc, mark: Marked, finder: SpeakerFinder) -> Token | None:
    """A cue just before the opening mark ("Brandt said: “", "tell party members “")."""
    words = 0
    for k in range(finder.tokens_ending_by(mark.start) - 1, -1, -1):
        tok = doc[k]
        if tok.text in _FINAL or "\n" in tok.whitespace_ or tok.text in "”\"’":
            return None
        if is_cue(tok):
            return tok
        if tok.pos_ in ("VERB", "AUX"):
            return None  # the quote belongs to another clause ("said it had evacuated “…”")
        if not tok.is_punct:
            words += 1
        if words > _LEFT_GAP:
            return None
    return None


def _opens_clause(text: str, mark: Marked) -> bool:
    """Whether a quotation starts where a sentence can: at the start, after a sentence, colon or comma.

    One opening after a word ("was “very troubling,” …") is a fragment of that
    clause unless the word is its cue ("said “…”"), which `_left_cue` checks.
    """
    j = mark.start
    while j > 0 and text[j - 1].isspace():
        j -= 1
    starts_line = "\n" in text[j : mark.start]
    return j == 0 or starts_line or text[j - 1] in ".:,!?;—–(\"”"


def direct_quotes(doc: Doc, marks: list[Marked], finder: SpeakerFinder) -> list[Found]:
    """Direct quotes with their cue and speaker (pronouns unresolved)."""
    text = finder.text
    out: list[Found] = []
    frame_end = -1
    spans = sentences(doc)
    for mark in marks:
        start, end = trim(text, *mark.inner)
        if len(re.findall(r"\w+", text[start:end])) < 3:
            continue
        inner = text[start:end]
        clause = _opens_clause(text, mark)
        ends = re.search(r"[,?!.]\W*$", text[mark.start : mark.end - 1]) or text[mark.end : mark.end + 1] == ","
        right = _right_cue(doc, mark, finder) if clause and ends else None
        left = None if right else _left_cue(doc, mark, finder)
        if right or left:
            cue = right[0] if right else left
            assert cue is not None
            sent = sentence_of(cue, spans)
            out.append(Found(start, end, "direct", cue, cue.text, speaker_of(finder, cue), sent, cue.idx))
            frame_end = right[1] if right else mark.end
        elif out and out[-1].kind == "direct" and 0 <= frame_end <= mark.start and \
                not text[frame_end : mark.start].strip() and inner[:1].isupper():
            prev = out[-1]
            out.append(Found(start, end, "direct", None, None, prev.speaker, None, mark.start, continues=True))
            frame_end = mark.end
    return out
