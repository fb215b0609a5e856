"""Quotation marks: which characters open and close a quotation, of any style."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAIRS = {"“": "”", "«": "»", "„": "“", "‘": "’", "‹": "›"}
_STRAIGHT = ('"', "'")
#: Where `quotations` has something to do: a mark, or a paragraph break.
_STOPS = re.compile("(?=\n\n)|[" + re.escape("".join({*_STRAIGHT, *_PAIRS, *_PAIRS.values()})) + "]")


@dataclass(frozen=True)
class Marked:
    """A top-level quotation: `start` at the opening mark, `end` just past the closing one."""

    start: int
    end: int

    @property
    def inner(self) -> tuple[int, int]:
        """The offsets of the quoted words, without the marks."""
        return self.start + 1, self.end - 1


def _opens(text: str, i: int) -> bool:
    """Whether a straight or single mark at `i` opens (follows a space or an opener)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{—–-“‘\"") and not after.isspace()


def _closes_single(text: str, i: int) -> bool:
    """Whether a ’ at `i` closes a quotation rather than being an apostrophe (don’t, Valmora’s)."""
    after = text[i + 1] if i + 1 < len(text) else " "
    return not after.isalpha()


def quotations(text: str) -> list[Marked]:
    """Top-level quotations in `text`, nested ones inside them ignored.

    A quotation left open at a paragraph break is closed there (the news
    convention for quotes running over several paragraphs reopens each one).
    """
    out: list[Marked] = []
    stack: list[tuple[str, int]] = []
    for stop in _STOPS.finditer(text):
        i = stop.start()
        ch = text[i]
        if ch == "\n":
            if stack and text[stack[0][1] + 1 : i].strip():  # a mark ending its paragraph opens nothing
                out.append(Marked(stack[0][1], i))
            stack = []
        elif stack and (ch == _PAIRS.get(stack[-1][0], stack[-1][0])) and (
            ch != "’" or _closes_single(text, i)
        ):
            _, start = stack.pop()
            if not stack:
                out.append(Marked(start, i + 1))
        elif ch == "'" and not stack:
            pass  # a lone straight apostrophe is far likelier than a quotation
        elif ch == "‘" or ch in _STRAIGHT:
            if _opens(text, i):
                stack.append((ch, i))
        elif ch in _PAIRS:
            stack.append((ch, i))
    return sorted(out, key=lambda m: m.start)
