"""Raw text to paragraphs: blank lines separate blocks; hard-wrapped lines are joined.

A text is taken as hard-wrapped when the lines that run on into a next line
are all at most `MAX_WRAP` characters long (typical wraps are 70-100 columns)
and most of them come close to the longest: then a line joins the next one
when the next line's first word would not have fitted after it (what a greedy
wrapper guarantees) or when a sentence plainly runs on into a lower-case word. Otherwise every
line is a paragraph of its own (web copy puts one paragraph per line).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

#: Widest wrap column we believe in; longer lines mean one paragraph per line.
MAX_WRAP = 130
#: Narrowest wrap column we believe in, and the fewest running lines to judge by.
MIN_WRAP = 40
MIN_RUNNING = 3
#: Share of the wrap width that most running lines reach in wrapped text.
FULL_SHARE = 0.7
#: Wrappers differ on where exactly they break: allow this much slack (chars).
WRAP_SLACK = 8

SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*\s*$")
URL_LINE = re.compile(r"^\s*<?(?:https?://|www\.)\S+>?\s*$", re.IGNORECASE)


@dataclass
class RawParagraph:
    """A paragraph of raw (still marked-up) text and how many source lines it spans."""

    text: str
    lines: int = 1
    index: int = 0  # the block it came from, so blocks stay apart


def blocks(text: str) -> list[list[str]]:
    """Runs of non-blank lines, right-stripped."""
    out: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def wrap_width(groups: list[list[str]]) -> int | None:
    """The column the text was hard-wrapped at, or None when it was not wrapped."""
    running = [len(line.strip()) for group in groups for line in group[:-1] if not URL_LINE.match(line)]
    if len(running) < MIN_RUNNING:
        return None
    width = max(running)
    full = sorted(running)[len(running) // 2] >= FULL_SHARE * width
    return width if MIN_WRAP <= width <= MAX_WRAP and full else None


def _runs_on(line: str, nxt: str, width: int) -> bool:
    if URL_LINE.match(line) or URL_LINE.match(nxt) or nxt.lstrip().startswith("#"):
        return False
    first_word = nxt.split(None, 1)[0] if nxt.strip() else ""
    if first_word[:1].islower() and not SENTENCE_END.search(line):
        return True  # a sentence running on, whatever the line length
    return len(line.strip()) + 1 + len(first_word) > width - WRAP_SLACK


def paragraphs(text: str, unwrap: bool = True) -> list[RawParagraph]:
    """The paragraphs of `text`, hard wraps joined when `unwrap` and the text is wrapped."""
    groups = blocks(text)
    width = wrap_width(groups) if unwrap else None
    out: list[RawParagraph] = []
    for index, group in enumerate(groups):
        parts = [group[0].strip()]
        for prev, line in itertools.pairwise(group):
            if not (width and _runs_on(prev, line, width)):
                out.append(_joined(parts, index))
                parts = []
            parts.append(line.strip())
        out.append(_joined(parts, index))
    return out


def _joined(parts: list[str], index: int) -> RawParagraph:
    """Wrapped lines as one paragraph; a word hyphenated at the line end stays hyphenated."""
    text = parts[0]
    if len(parts) > 1:
        text = "".join(p + ("" if p.endswith("-") and p[-2:-1].isalpha() else " ") for p in parts[:-1]) + parts[-1]
    return RawParagraph(text, len(parts), index)
