"""The quote candidate the finders share before speakers are resolved in document order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.quotes.speakers import Speaker

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


@dataclass
class Found:
    """A quote found in the text, its speaker possibly still a pronoun."""

    start: int  # character offsets of the content
    end: int
    kind: str  # direct | indirect | mixed
    cue: Token | None
    cue_text: str | None
    speaker: Speaker | None
    sent: Span | None  # the sentence holding the cue: where relays and dates are read
    at: int  # where the attribution is, for ordering
    continues: bool = False  # a direct quote continuing the previous one without a cue
    via: list[str] = field(default_factory=list)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding spaces, quotation marks, a leading "that" or trailing comma.

    The result always satisfies start <= result[0] <= result[1] <= max(start, end).
    """
    end = max(start, end)
    while start < end and (text[start].isspace() or text[start] in "“”\"‘'«»:,"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    if text[start:end].lower().startswith("that "):
        start += 5
    return start, end
