"""What a process that builds the story again and again (`storyline watch`) keeps from one
build to the next: the results of the story's pure steps, reused when what they read is equal.

A report's *signature* is everything the pair tests (`may_merge`, `judge`) and the drafting
of an entry read from it: its event as stored (the event id with its article's extraction
stamp, which changes whenever the article is stored again), the date the story gives it, and
each of its actors as this build resolves them (id, type, name, party, name keys). Results are
keyed by signatures, so a reused result is the one the step would compute again, and the
story equals a fresh build's (tests/test_watch.py checks it). Only reports' relative order
is left out of signatures: every step compares orders, never reads them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from storyline.model import DateRange, TimelineEntry
from storyline.story.actors import Actors
from storyline.story.conflicts import Draft
from storyline.story.merge import Report, judge, may_merge
from storyline.story.rules import Rules

Signature = tuple[Any, ...]


class _Generations:
    """A dict that forgets what one whole build did not ask for (what changed articles left behind)."""

    def __init__(self) -> None:
        self.now: dict[Any, Any] = {}
        self.before: dict[Any, Any] = {}

    def next_build(self) -> None:
        """Start a build: what the last one asked for is kept, the rest goes."""
        self.before, self.now = self.now, {}

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        """The value kept for `key`, or `make()`'s."""
        if key in self.now:
            return self.now[key]
        value = self.before[key] if key in self.before else make()
        self.now[key] = value
        return value


class Memo:
    """Pair tests and drafts of earlier builds, by the signatures of the reports they read."""

    def __init__(self) -> None:
        #: Each article's extraction stamp (`Store.extraction_stamp_rows`), set before a build.
        self.stamps: Mapping[str, object] = {}
        self._numbers = _Generations()
        self._count = itertools.count()
        self._may = _Generations()
        self._judged = _Generations()
        self._drafts = _Generations()

    def sign(self, reports: list[Report], actors: Actors) -> list[int]:
        """Each report's signature, as a number that stays the same from build to build.
        Called once per build, first: it starts the build's generation of everything kept."""
        for kept in (self._numbers, self._may, self._judged, self._drafts):
            kept.next_build()
        profiles: dict[str | None, tuple[Any, ...]] = {}

        def profile(ref: str | None) -> tuple[Any, ...]:
            if ref not in profiles:
                profiles[ref] = (ref, actors.kind(ref), actors.name(ref), actors.rollup(ref),
                                 actors.name_keys(ref)) if ref else ()
            return profiles[ref]

        out = []
        for r in reports:
            sig = (r.event.id, self.stamps.get(r.event.article), _date(r.date), r.bounds, r.dated,
                   profile(r.source), profile(r.target), profile(r.location))
            out.append(self._numbers.get(sig, self._count.__next__))
        return out

    def judge(self, reports: list[Report], sigs: list[int], rules: Rules,
              actors: Actors) -> tuple[Callable[[int, int], bool], Callable[[int, int], float | None]]:
        """`may_merge` and `merge.judge` of the reports at two positions (i < j), remembered."""
        def may(i: int, j: int) -> bool:
            return bool(self._may.get((sigs[i], sigs[j]), lambda: may_merge(reports[i], reports[j], rules)))

        def judged(i: int, j: int) -> float | None:
            return self._judged.get((sigs[i], sigs[j]), lambda: judge(reports[i], reports[j], rules, actors))

        return may, judged

    def draft(self, group: list[Report], sigs: list[int], make: Callable[[list[Report]], Draft]) -> Draft:
        """The draft of a group of reports (`sigs`, theirs in order): made once per group."""
        made: list[Draft] = []

        def first() -> tuple[TimelineEntry, Any]:
            made.append(make(group))
            return _copy(made[0].entry), made[0].bounds

        entry, bounds = self._drafts.get(tuple(sigs), first)
        return made[0] if made else Draft(_copy(entry), group, bounds)


def _date(d: DateRange) -> tuple[str | None, str | None, str | None]:
    return d.value, d.earliest, d.latest


def _copy(entry: TimelineEntry) -> TimelineEntry:
    """An entry whose lists a later step may grow (conflicts across entries) without touching the kept one."""
    return replace(entry, events=list(entry.events), articles=list(entry.articles), conflicts=list(entry.conflicts))
