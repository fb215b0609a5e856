"""Same-event clustering: reports of one real-world event become one group.

Every event of every article is a `Report`. Two reports may be one event when
their types are compatible, their dates are (one contains the other), and
their figures for the same quantity do not contradict each other; they *are*
one event when enough else agrees (actors, place, agreeing figures, wording,
the same day by the text of at least one of them or by one sentence, the same
article).
Groups grow best pair first, and a report joins a group only if it may be one
event with every report already in it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import lru_cache
from itertools import pairwise

from storyline.model import Article, DateRange, Event, Extraction, Figure, Published, Timex
from storyline.story import blocking, dates, quantities
from storyline.story.actors import Actors
from storyline.story.rules import Rules

#: What joins the two ends of a stated period ("from X to Y", "between X and Y").
_PERIOD_JOIN = re.compile(r"^\s*(?:to|until|till|through|and|-|–|—)\s*$", re.I)

#: Open-ended TIMEX3 references, as spans around the publication date (days).
_OPEN_REFS = {"PAST_REF": (-3650, 0), "FUTURE_REF": (0, 3650), "PRESENT_REF": (0, 0)}


Quantity = tuple[str, float | None, tuple[float, float] | None]


@dataclass(slots=True)  # a story holds one per event: tens of thousands on large builds
class Report:
    """One event as one article reports it, with what merging compares."""

    event: Event
    order: tuple[int, int]  # (article position, offset): "first mention" order
    source: str | None  # global entity ids
    target: str | None
    location: str | None
    date: DateRange  # the event's own date; the publication date only when it has none
    bounds: dates.Bounds | None
    words: frozenset[str]
    figures: list[Figure] = field(default_factory=list)
    dated: bool = True  # False when the date leans on the publication date
    #: Per slack, the figures as (kind, least value, interval): merging compares them millions of times.
    _quantities: dict[float, list[Quantity]] = field(default_factory=dict, repr=False, compare=False)
    #: `vague(self, rules)` once known (the rules do not change within a build).
    _vague: bool | None = field(default=None, repr=False, compare=False)

    def quantities(self, slack: float) -> list[Quantity]:
        """The figures that measure something, as (kind, least value, interval widened by `slack`)."""
        if slack not in self._quantities:
            self._quantities[slack] = [(k, quantities.least(f), quantities.interval(f, slack))
                                       for f in self.figures if (k := quantities.kind(f)) is not None]
        return self._quantities[slack]

    @property
    def day(self) -> bool:
        """Dated to a single day."""
        return self.bounds is not None and self.bounds[0] == self.bounds[1]


@lru_cache(maxsize=1 << 13)  # a watch meets the same sentences build after build (small: memory)
def _words(text: str) -> frozenset[str]:
    """Content-word stems of a sentence, for wording overlap (no parsing: regex tokens)."""
    tokens = re.findall(r"[a-z0-9]+", text.lower())
    stop = _stop_words()
    return frozenset(sys.intern(t[:6]) for t in tokens if len(t) > 2 and t not in stop)  # one copy of each stem


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    # Imported here: importing spaCy takes most of a second, which `storyline show` need not pay.
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _date_of(event: Event, published: Published | None) -> tuple[DateRange, dates.Bounds | None]:
    """The event's own date and bounds; open references and undated events lean on publication."""
    own = dates.bounds(event.date)
    if own is not None and event.date is not None:
        return event.date, own
    pub = dates.bounds(published)
    value = event.date.value if event.date else None
    if pub is None:
        return event.date or DateRange(None), None
    if value in _OPEN_REFS:
        before, after = _OPEN_REFS[value]
        b = (pub[0] + timedelta(days=before), pub[1] + timedelta(days=after))
        return dates.as_range(value, b), b
    # Undated: placed at the publication date, the only date the text vouches for.
    return dates.as_range(published.value if published else None, pub), pub


def stated_period(event: Event, timexes: list[Timex]) -> DateRange | None:
    """The whole period when an event is dated by the first end of "from X to Y".

    The timex stage gives the two ends as two dates; an event dated by the
    first one happened over the period they bound. Reads only the timex
    records inside the event's sentence and the characters joining them.
    """
    if event.date is None or dates.value_bounds(event.date.value) != dates.bounds(event.date):
        return None  # no date, or already wider than its value (a range)
    inside = sorted((t for t in timexes if t.type == "DATE" and event.start <= t.start and t.end <= event.end),
                    key=lambda t: t.start)
    for first, second in pairwise(inside):
        joint = event.sentence[first.end - event.start:second.start - event.start]
        if first.value != event.date.value or not _PERIOD_JOIN.match(joint):
            continue
        a, b = dates.bounds(first), dates.bounds(second)
        if a and b and a[0] <= b[1]:
            return DateRange(event.date.value, a[0].isoformat(), b[1].isoformat())
    return None


def reports_of(
    articles: list[Article], extractions: list[Extraction], actors: Actors, rules: Rules | None = None
) -> list[Report]:
    """Every event of every extraction as a `Report`, in first-mention order.

    With `rules`, a past event of a once-only type that the text does not date
    ("praised the rebels following their takeover") is placed in the year up to
    its article's latest possible date, not on that day: it is background, and
    likely the one another article dates.
    """
    position = {a.id: i for i, a in enumerate(articles)}
    by_id = {a.id: a for a in articles}
    out = []
    for found in extractions:
        figs = {f.id: f for f in found.figures}
        article = by_id.get(found.article)
        pub = (article.published if article else None) or found.published
        for ev in found.events:
            period = stated_period(ev, found.timexes)
            date, b = _date_of(replace(ev, date=period) if period else ev, pub)
            dated = dates.bounds(ev.date) is not None and ev.date_source != "published"
            if rules is not None and not dated and b is not None and _background(ev, rules):
                b = (b[1] - timedelta(days=int(rules.merge["vague_max_days"]) - 1), b[1])
                date = dates.as_range(None, b)
            out.append(Report(
                event=ev,
                order=(position.get(ev.article, len(position)), ev.start),
                source=actors.resolve(ev.source),
                target=actors.resolve(ev.target),
                location=actors.resolve(ev.location),
                date=date,
                bounds=b,
                words=_words(f"{ev.sentence} {ev.trigger}"),
                figures=[figs[i] for i in ev.figures if i in figs],
                dated=dated,
            ))
    out.sort(key=lambda r: r.order)
    if rules is not None:
        _date_by_earlier_report(out, rules, actors)
    return out


def _date_by_earlier_report(reports: list[Report], rules: Rules, actors: Actors) -> None:
    """An undated report that retells an event takes the date that a report of it gives in its
    own words, when that date lies before the report's article: the earliest such date (later
    ones are likelier a mention's, such as an inquest's). Retold are the death of a person
    ("Okafor died"; `once_per_person`) and a count told in passing ("the blast that killed
    11 workers"; `retold_counts`) that equals the dated one."""
    keyed = [(r, keys) for r in reports if r.bounds and (keys := _retold_keys(r, rules, actors))]
    told: dict[tuple[object, ...], Report] = {}
    for r, keys in keyed:
        for key in keys if r.dated else ():
            if key not in told or _earliest_first(r) < _earliest_first(told[key]):
                told[key] = r
    for r, keys in keyed:
        if r.dated:
            continue
        retold = [k for k in keys if k[0] == "person" or r.event.in_passing]
        src = min((told[k] for k in retold if k in told), key=_earliest_first, default=None)
        if src is not None and src.bounds and r.bounds and src.bounds[1] <= r.bounds[1]:
            r.date, r.bounds = src.date, src.bounds


def _retold_keys(r: Report, rules: Rules, actors: Actors) -> list[tuple[object, ...]]:
    """What identifies the event a report may retell: the person it happened to, or each
    exact count it gives (kind and number)."""
    keys: list[tuple[object, ...]] = []
    if _once_to_person(r, rules, actors):
        keys.append(("person", r.event.type, r.target))
    if r.event.type in rules.retold_counts:
        keys.extend(("count", r.event.type, kind, least) for kind, least, _ in r.quantities(0.0))
    return keys


def _once_to_person(r: Report, rules: Rules, actors: Actors) -> bool:
    """A report of a type that happens once to a person, with a person as its target."""
    return r.event.type in rules.once_per_person and actors.kind(r.target) == "PERSON"


def _earliest_first(r: Report) -> tuple[str, int]:
    """Orders dated reports by when they end at the latest, then by how narrow they are."""
    assert r.bounds is not None
    return r.bounds[1].isoformat(), dates.width(r.bounds)


def _background(event: Event, rules: Rules) -> bool:
    """An event that happens once (per actor), told as past, with no date or time reference of its own."""
    value = event.date.value if event.date and event.date_source != "published" else None
    return event.type in rules.once_types and event.status == "occurred" and value not in _OPEN_REFS


def wording(a: Report, b: Report) -> float:
    """Dice overlap of the two reports' content words (0..1)."""
    if not a.words or not b.words:
        return 0.0
    return 2 * len(a.words & b.words) / (len(a.words) + len(b.words))


def _figures_compared(a: Report, b: Report, slack: float, strict: bool) -> tuple[bool, bool]:
    """(whether the reports give figures of one kind, whether two of them agree)."""
    shared = False
    for kind_a, least_a, ia in a.quantities(slack):
        for kind_b, least_b, ib in b.quantities(slack):
            if kind_a != kind_b:
                continue
            shared = True
            if least_a == least_b or (not strict and quantities.overlap(ia, ib)):
                return True, True
    return shared, False


def may_merge(a: Report, b: Report, rules: Rules) -> bool:
    """Hard conditions: compatible type and date, figures that do not contradict.

    Reports of two articles merge only when both dates are known to within
    `merge.vague_max_days`: an undated event ("Freedonia is preparing to ...")
    could lie years from another article's dated one of the same kind.
    Figures of one kind must state the same number when the dates differ in
    precision (a count for a period is not the count for a day within it), and
    may merely overlap when the dates are equal. Figures that disagree still
    allow a merge of two different articles' reports of the same day (the same
    event, counted differently: a figure conflict).
    """
    return _dates_allow(a, b, rules) and _figures_allow(a, b, _figures(a, b, rules))


def judge(a: Report, b: Report, rules: Rules, actors: Actors) -> float | None:
    """How strongly two reports look like one event (compared to `merge.threshold`), or None
    when they may not be one (`may_merge`): clustering asks both of every candidate pair, and
    the figures are compared once for both."""
    if not _dates_allow(a, b, rules):
        return None
    figures = _figures(a, b, rules)
    return _score(a, b, rules, actors, figures[1]) if _figures_allow(a, b, figures) else None


def _dates_allow(a: Report, b: Report, rules: Rules) -> bool:
    """`may_merge`'s conditions on types and dates."""
    if not rules.types_compatible(a.event.type, b.event.type):
        return False
    if not dates.compatible(a.bounds, b.bounds) or _unanchored_clash(a, b):
        return False
    # an undatable or open-ended report may lie years from the other article's event
    return a.event.article == b.event.article or not (vague(a, rules) or vague(b, rules))


def _figures(a: Report, b: Report, rules: Rules) -> tuple[bool, bool]:
    """(whether the reports give figures of one kind, whether two agree), as merging compares them."""
    return _figures_compared(a, b, rules.conflicts["about_slack"], strict=a.bounds != b.bounds)


def _figures_allow(a: Report, b: Report, figures: tuple[bool, bool]) -> bool:
    """Figures that clash allow only two articles' reports of one day (a figure conflict)."""
    shared, agree = figures
    if shared and not agree:
        return a.day and a.bounds == b.bounds and a.event.article != b.event.article
    return True


def vague(r: Report, rules: Rules) -> bool:
    """A report whose date is unknown, open-ended or wider than `merge.vague_max_days`."""
    if r._vague is None:
        r._vague = r.bounds is None or dates.width(r.bounds) > rules.merge["vague_max_days"]
    return r._vague


def _unanchored_clash(a: Report, b: Report) -> bool:
    """Two calendar-less dates that name different times ("XXXX-07" and "XXXX-WXX-5")."""
    if a.bounds is not None or b.bounds is not None:
        return False
    x, y = a.date.value or "", b.date.value or ""
    return bool(x and y) and not (x.startswith(y) or y.startswith(x))


def _score(a: Report, b: Report, rules: Rules, actors: Actors, figures_agree: bool) -> float:
    """How strongly two reports look like one event (compared to `merge.threshold`)."""
    w = rules.merge
    s = w["wording"] * wording(a, b)
    if actors.same(a.source, b.source):
        s += w["source_overlap"]
    elif a.source and b.source:
        s += w.get("source_mismatch", 0.0)
    if actors.same(a.target, b.target):
        s += w["target_overlap"]
    if actors.same(a.location, b.location):
        s += w["location_overlap"]
    if figures_agree:
        s += w["figures_agree"]
    if a.day and a.bounds == b.bounds and (a.dated or b.dated or _same_sentence(a, b)):
        # Two reports that both lean on one publication day are not dated alike, unless
        # they come from one sentence (which has one date).
        s += w["same_day"]
    if rules.status_group.get(a.event.status) != rules.status_group.get(b.event.status):
        s += w["status_mismatch"]
    if a.event.article == b.event.article:
        s += w["same_article"]
    if a.event.type == b.event.type and (a.event.type in rules.once_types or (
            _once_to_person(a, rules, actors) and actors.same(a.target, b.target))):
        s += w["once"]
    return s


def _same_sentence(a: Report, b: Report) -> bool:
    """Two events read from one sentence of one article."""
    return a.event.article == b.event.article and a.event.start == b.event.start


def candidate_pairs(reports: list[Report], rules: Rules) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) that `may_merge` could accept, each once: every other pair fails it.

    Same-article pairs of one type block, and pairs of reports of one block with
    known, not vague dates that share a month (a day only with the same day).
    """
    block = blocking.type_blocks(rules, {r.event.type for r in reports})
    yield from blocking.grouped_pairs([(r.event.article, block[r.event.type]) for r in reports])
    dated = blocking.dated_pairs([
        None if r.bounds is None or vague(r, rules) else (block[r.event.type], r.bounds) for r in reports
    ])
    article = [r.event.article for r in reports]
    yield from ((i, j) for i, j in dated if article[i] != article[j])


def cluster(reports: list[Report], rules: Rules, actors: Actors,
            judged: tuple[Callable[[int, int], bool], Callable[[int, int], float | None]] | None = None,
            ) -> list[list[Report]]:
    """Groups of reports of one event, each in first-mention order.

    Best-scoring pairs merge first; two groups join only if every pair across
    them may merge (so a month never bridges two different days). Only the
    `candidate_pairs` are compared: the rest cannot merge. Only pairs that
    score above the threshold are kept, so memory grows with the merges, not
    with the pairs compared. `judged`: `may_merge` and `judge` of the reports at
    two positions, when the caller remembers them (`story.memo`).
    """
    may, judged_pair = judged or (lambda i, j: may_merge(reports[i], reports[j], rules),
                                  lambda i, j: judge(reports[i], reports[j], rules, actors))
    group = list(range(len(reports)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(reports))}
    threshold = rules.merge["threshold"]
    pairs = []
    for i, j in candidate_pairs(reports, rules):
        s = judged_pair(i, j)
        if s is not None and s >= threshold:
            pairs.append((-s, i, j))
    pairs.sort()

    def joinable(x: int, y: int) -> bool:
        return may(min(x, y), max(x, y))

    failed: set[tuple[int, int]] = set()  # groups only grow: two that cannot join never will
    for _, i, j in pairs:
        gi, gj = group[i], group[j]
        if gi == gj or (min(gi, gj), max(gi, gj)) in failed:
            continue
        if not all(joinable(x, y) for x in members[gi] for y in members[gj]):
            failed.add((min(gi, gj), max(gi, gj)))
            continue
        keep, gone = min(gi, gj), max(gi, gj)
        for x in members.pop(gone):
            group[x] = keep
            members[keep].append(x)
    return [sorted((reports[x] for x in xs), key=lambda r: r.order) for _, xs in sorted(members.items())]
