"""An event before the article-level tidying: the record the events stage works on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.events.ontology import EventType
from storyline.events.triggers import Match
from storyline.model import DateRange, Figure

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


@dataclass
class Candidate:
    """A trigger match with its type, actors, date (and how it was found), status and figures.

    `date_rank`: 2 the trigger's own clause dates it, 1 a governing clause or the
    narrative it continues, 0 only the article's date.
    """

    match: Match
    type: EventType
    sent: Span
    sent_index: int
    status: str
    date: DateRange | None
    date_rank: int
    source: str | None
    target: str | None
    location: str | None
    figures: list[Figure] = field(default_factory=list)
    #: Counted by naming whom it happened to ("Okafor died"), not by a figure: a count in a
    #: later sentence is not its size.
    named_victim: bool = False

    @property
    def token(self) -> Token:
        """The trigger word."""
        return self.match.token
