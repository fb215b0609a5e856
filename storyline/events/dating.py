"""When an event happened: its clause's own timex, else one on a governing clause
("said Thursday"), else the article's date."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.events.triggers import same_block
from storyline.model import DateRange, Published, Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Dependencies that open a clause of its own: a timex below one belongs to that clause.
CLAUSE_DEPS = frozenset({"relcl", "ccomp", "advcl", "csubj", "parataxis"})
_DATED = frozenset({"DATE", "TIME"})


class Dater:
    """Dates events of one article from its timexes and publication date."""

    def __init__(self, doc: Doc, timexes: list[Timex], published: Published | None):
        self.doc = doc
        self.published = published
        self.anchored: list[tuple[Token, Timex]] = []
        for x in timexes:
            span = doc.char_span(x.start, x.end, alignment_mode="expand")
            if span is not None and x.type in _DATED and x.value:
                self.anchored.append((span.root, x))
        # A timex can only attach to a word of its own sentence (parse trees end there):
        # index them by sentence so `own` looks at a handful, not at the whole article.
        self._sentence_start = [0] * len(doc)
        for sent in doc.sents:
            self._sentence_start[sent.start:sent.end] = [sent.start] * len(sent)
        self._by_sentence: dict[int, list[tuple[Token, Timex]]] = {}
        for root, x in self.anchored:
            self._by_sentence.setdefault(self._sentence_start[root.i], []).append((root, x))

    def timed_sentences(self) -> set[int]:
        """Indices of the sentences that state a date or time."""
        sents = {s.start: k for k, s in enumerate(self.doc.sents)}
        return {sents[root.sent.start] for root, _ in self.anchored if root.sent.start in sents}

    def own(self, anchor: Token) -> Timex | None:
        """The first timex inside `anchor`'s own clause (not inside a clause below it)."""
        for root, x in self._by_sentence.get(self._sentence_start[anchor.i], ()):
            if _attached(root, anchor):
                return x
        return None

    def date(self, tok: Token, limit: int = 8) -> tuple[DateRange | None, int]:
        """The event's date and how it was found (2 own clause, 1 governing clause, 0 article)."""
        t = tok
        for depth in range(limit):
            x = self.own(t) or self._when_clause(t)
            if x is not None:
                return DateRange(x.value, x.earliest, x.latest), 2 if depth == 0 else 1
            if t.head.i == t.i or not same_block(t, t.head):
                break
            t = t.head
        if self.published is not None and self.published.value:
            p = self.published
            return DateRange(p.value, p.earliest, p.latest), 0
        return None, 0

    def _when_clause(self, anchor: Token) -> Timex | None:
        """The timex of a "when" clause hanging on `anchor`: it names the same time
        ("eleven people died when the rig exploded on 20 April"); "after" or "before" do not."""
        for c in anchor.children:
            if c.dep_ == "advcl" and any(m.lower_ == "when" and m.dep_ in ("advmod", "mark") for m in c.children):
                found = self.own(c)
                if found is not None:
                    return found
        return None


def _attached(root: Token, anchor: Token) -> bool:
    """Whether a timex's root sits in `anchor`'s clause, with no clause boundary between them."""
    t = root
    for _ in range(12):
        if t.i == anchor.i:
            return True
        if t.dep_ in CLAUSE_DEPS or t.head.i == t.i or not same_block(t, t.head):
            return False
        t = t.head
    return False
