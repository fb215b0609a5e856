"""Conflicts: where merged or closely related reports disagree.

Disagreements are shown side by side, naming the figures or events involved;
nothing is averaged or picked silently.

- inside an entry: figures of one quantity that cannot both be right, and
  statuses that disagree ("planned" in one report, "occurred" in another);
- across entries of one kind of event: the same figure dated twice, and a count
  over a period that is smaller than the counts reported within that period.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, combinations

from storyline.model import Conflict, Figure, TimelineEntry
from storyline.story import blocking, dates, quantities
from storyline.story.actors import Actors
from storyline.story.merge import Report
from storyline.story.rules import Rules


@dataclass
class Draft:
    """A timeline entry with the reports behind it, while conflicts are found."""

    entry: TimelineEntry
    reports: list[Report]
    bounds: dates.Bounds | None
    _seen: set[tuple[str, tuple[str, ...]]] = field(default_factory=set, repr=False)

    def add(self, conflict: Conflict) -> None:
        """Attach a conflict unless the same one is already there."""
        if not self._seen:
            self._seen.update((c.kind, tuple(sorted(c.items))) for c in self.entry.conflicts)
        key = (conflict.kind, tuple(sorted(conflict.items)))
        if key not in self._seen:
            self._seen.add(key)
            self.entry.conflicts.append(conflict)


def _span(b: dates.Bounds | None) -> str:
    if b is None:
        return "an unknown date"
    return b[0].isoformat() if b[0] == b[1] else f"{b[0].isoformat()}..{b[1].isoformat()}"


#: At most this many figures are written out in a conflict's detail (its items list them all):
#: a number repeated by hundreds of reports must not make a detail of hundreds of kilobytes.
LISTED = 8


def _listing(figs: Iterable[Figure]) -> str:
    """The figures as read: "'14 dead' (a1), '14 people' (a2)", and how many more past `LISTED`."""
    figs = list(figs)
    shown = ", ".join(f"{f.text!r} ({f.article})" for f in figs[:LISTED])
    return shown + (f" and {len(figs) - LISTED} more" if len(figs) > LISTED else "")


def within(reports: list[Report], rules: Rules) -> list[Conflict]:
    """Figure and status disagreements among the reports of one entry."""
    out = []
    slack = rules.conflicts["about_slack"]
    by_kind: dict[str, list[tuple[str, Figure]]] = {}
    for r in reports:
        for f in r.figures:
            k = quantities.kind(f)
            if k and all(f.id != g.id for _, g in by_kind.get(k, [])):
                by_kind.setdefault(k, []).append((r.event.id, f))
    for k, pairs in by_kind.items():
        if any(ea != eb and not quantities.agree(a, b, slack) for (ea, a), (eb, b) in combinations(pairs, 2)):
            figs = [f for _, f in pairs]
            out.append(Conflict("figure", f"reports disagree on {k}: {_listing(figs)}", [f.id for f in figs]))
    groups = {rules.status_group.get(r.event.status, r.event.status) for r in reports}
    if len(groups) > 1:
        said = ", ".join(f"{r.event.status} ({r.event.article})" for r in reports)
        out.append(Conflict("status", f"reports disagree on whether it happened: {said}",
                            [r.event.id for r in reports]))
    return out


def _related(a: Draft, b: Draft, rules: Rules, actors: Actors) -> bool:
    """Entries about the same kind of event by parties that do not contradict."""
    if not rules.types_compatible(a.entry.type, b.entry.type):
        return False
    sa, sb = a.entry.source, b.entry.source
    return sa is None or sb is None or actors.same(sa, sb)


def figure_pairs(drafts: list[Draft], rules: Rules) -> list[tuple[int, int]]:
    """Index pairs (i < j) of dated entries of one type block stating an equal figure within the gap."""
    block = blocking.type_blocks(rules, {d.entry.type for d in drafts})
    by_figure: dict[tuple[str, str, tuple[float, float] | None], list[int]] = {}
    for i, d in enumerate(drafts):
        if d.bounds is None:
            continue
        for f in (f for r in d.reports for f in r.figures):
            if (k := quantities.kind(f)) is not None and quantities.interval(f) is not None:
                held = by_figure.setdefault((block[d.entry.type], k, quantities.interval(f)), [])
                if not held or held[-1] != i:
                    held.append(i)
    max_gap = rules.conflicts["same_figure_max_gap_days"]
    out: set[tuple[int, int]] = set()
    for idx in by_figure.values():
        out.update(_near(drafts, idx, max_gap))
    return sorted(out)


def _near(drafts: list[Draft], idx: list[int], max_gap: float) -> Iterator[tuple[int, int]]:
    """Pairs of the indexed entries whose dates lie at most `max_gap` days apart."""
    order = sorted(idx, key=lambda i: drafts[i].bounds or (date.min, date.min))
    for p, i in enumerate(order):
        bi = drafts[i].bounds
        for j in order[p + 1:]:
            bj = drafts[j].bounds
            if bi is None or bj is None or (bj[0] - bi[1]).days > max_gap:
                break
            yield min(i, j), max(i, j)


def same_figure_dated_twice(drafts: list[Draft], rules: Rules, actors: Actors) -> None:
    """Flag equal figures of one quantity that different articles date differently.

    One conflict per pair of entries and number, listing every report of it on
    both sides: a toll repeated by fifty articles is one disagreement, not 2,500.
    An entry is paired, per number, with the `same_figure_nearest` entries nearest
    in date that state it (and with any entry to which it is one of those): a
    number many entries state ("three", "two days") says little about which
    event it is, and pairing them all would grow with the square of their count.
    """
    found = _figures_dated_twice(drafts, rules, actors)
    kept = _nearest(found, int(rules.conflicts["same_figure_nearest"]))
    for (i, j), (_gap, shared) in found.items():
        a, b = drafts[i], drafts[j]
        for key, left, right in shared:
            if (i, j, key) in kept:
                detail = (f"the same {_listing(left)} and {_listing(right)} "
                          f"reported for {_span(a.bounds)} and {_span(b.bounds)}")
                conflict = Conflict("date", detail, [f.id for f in (*left, *right)])
                a.add(conflict)
                b.add(conflict)


#: A number: the kind of quantity and its interval.
_Key = tuple[str, tuple[float, float]]
#: The numbers two entries state, with the figures stating each in either entry.
_Shared = list[tuple[_Key, list[Figure], list[Figure]]]


def _figures_dated_twice(drafts: list[Draft], rules: Rules,
                         actors: Actors) -> dict[tuple[int, int], tuple[int, _Shared]]:
    """Pairs of related entries, dated apart but within the gap: the gap in days, and the
    numbers both state."""
    max_gap = rules.conflicts["same_figure_max_gap_days"]
    numbers: dict[int, _Numbers] = {}  # by draft index: an entry meets many others
    found: dict[tuple[int, int], tuple[int, _Shared]] = {}
    for i, j in figure_pairs(drafts, rules):
        a, b = drafts[i], drafts[j]
        if a.bounds is None or b.bounds is None or dates.compatible(a.bounds, b.bounds):
            continue
        gap = dates.gap_days(a.bounds, b.bounds)
        if gap > max_gap or not _related(a, b, rules, actors):
            continue
        for k in (i, j):
            if k not in numbers:
                numbers[k] = _by_number(drafts[k])
        if shared := _equal_figures(numbers[i], numbers[j]):
            found[i, j] = gap, shared
    return found


def _nearest(found: dict[tuple[int, int], tuple[int, _Shared]], most: int) -> set[tuple[int, int, _Key]]:
    """(i, j, number) for the pairs in which j is one of the `most` entries nearest in date to
    i stating that number, or i one of j's."""
    partners: dict[tuple[int, _Key], list[tuple[int, int]]] = {}
    for (i, j), (gap, shared) in found.items():
        for key, _, _ in shared:
            partners.setdefault((i, key), []).append((gap, j))
            partners.setdefault((j, key), []).append((gap, i))
    kept = set()
    for (i, key), near in partners.items():
        for _, j in sorted(near)[:most]:
            kept.add((min(i, j), max(i, j), key))
    return kept


#: An entry's figures by quantity and number (`_by_number`).
_Numbers = dict[_Key, list[Figure]]


def _by_number(d: Draft) -> _Numbers:
    """An entry's figures by (kind of quantity, interval), each figure once."""
    out: _Numbers = {}
    seen: set[str] = set()
    for f in (f for r in d.reports for f in r.figures):
        k, iv = quantities.kind(f), quantities.interval(f)
        if k is not None and iv is not None and f.id not in seen:
            seen.add(f.id)
            out.setdefault((k, iv), []).append(f)
    return out


def _equal_figures(a: _Numbers, b: _Numbers) -> _Shared:
    """Per number stated in both entries (by other articles), its figures in `a` and in `b`."""
    pairs = []
    for key, left in a.items():
        others = b.get(key)
        # stated by two articles at least (one article's figures do not disagree with it)
        if others and any(f.article != left[0].article for f in chain(left, others)):
            pairs.append((key, left, others))
    return pairs


def _largest_least(d: Draft, kind: str) -> Figure | None:
    """The entry's figure of `kind` with the largest lower bound (one count per entry)."""
    figs = [f for r in d.reports for f in r.figures
            if quantities.kind(f) == kind and quantities.least(f) is not None]
    return max(figs, key=lambda f: quantities.least(f) or 0.0, default=None)


def part_candidates(drafts: list[Draft], rules: Rules) -> Callable[[int], list[int]]:
    """For an entry's index, the indices (in order) of dated entries of its type block that share a month with it."""
    block = blocking.type_blocks(rules, {d.entry.type for d in drafts})
    index: dict[tuple[str, tuple[int, int]], list[int]] = {}
    for i, d in enumerate(drafts):
        if d.bounds is not None:
            for ym in blocking.months(d.bounds):
                index.setdefault((block[d.entry.type], ym), []).append(i)

    def near(i: int) -> list[int]:
        d = drafts[i]
        if d.bounds is None:
            return []
        key = block[d.entry.type]
        return sorted({j for ym in blocking.months(d.bounds) for j in index.get((key, ym), ())})

    return near


def disjoint_parts(parts: list[tuple[Draft, Figure]]) -> list[tuple[Draft, Figure]]:
    """The parts with the largest sum whose periods do not overlap (in their given order).

    Counts for overlapping periods may count the same people twice ("more than
    300 in May" and "a few dozen earlier that month"): only counts
    for separate periods add up.
    """
    spans = sorted(range(len(parts)), key=lambda k: _bounds(parts[k][0])[1])
    ends = [_bounds(parts[k][0])[1] for k in spans]
    best: list[tuple[float, list[int]]] = [(0.0, [])]
    for n, k in enumerate(spans):
        before = bisect_left(ends, _bounds(parts[k][0])[0], 0, n)
        take = best[before][0] + (quantities.least(parts[k][1]) or 0.0)
        best.append((take, [*best[before][1], k]) if take > best[n][0] else best[n])
    return [parts[k] for k in sorted(best[-1][1])]


def _bounds(d: Draft) -> dates.Bounds:
    assert d.bounds is not None
    return d.bounds


def totals_that_do_not_add_up(drafts: list[Draft], rules: Rules, actors: Actors) -> None:
    """Flag a count over a period smaller than the counts reported within it (parts exceed the whole).

    Parts are entries of the same kind dated inside or across the period (a
    count "in August" overlaps a period from August 26), each with its largest
    count; only parts for separate periods are summed (`disjoint_parts`). The
    total may be wrong, or the parts may fall outside it; either way the
    analyst must see all the figures side by side.
    """
    min_days = rules.conflicts["aggregate_min_days"]
    slack = rules.conflicts["about_slack"]
    near = part_candidates(drafts, rules)
    for n, agg in enumerate(drafts):
        if agg.bounds is None or dates.width(agg.bounds) < min_days:
            continue
        for total in (f for r in agg.reports for f in r.figures):
            top, kind = quantities.most(total, slack), quantities.kind(total)
            if top is None or kind is None:
                continue
            parts = disjoint_parts(_parts(agg, [drafts[i] for i in near(n)], kind, rules, actors))
            summed = sum(quantities.least(f) or 0.0 for _, f in parts)
            if parts and summed > top:
                detail = (f"{total.text!r} ({total.article}) over {_span(agg.bounds)}, but reports "
                          f"for separate periods within it add up to at least {summed:g}: "
                          f"{_listing(f for _, f in parts)}")
                conflict = Conflict("figure", detail, [total.id, *(f.id for _, f in parts)])
                for d in [agg, *(d for d, _ in parts)]:
                    d.add(conflict)


def _parts(agg: Draft, others: list[Draft], kind: str, rules: Rules, actors: Actors) -> list[tuple[Draft, Figure]]:
    """Entries narrower than `agg`, overlapping it, by related parties, with their largest count of `kind`."""
    assert agg.bounds is not None
    parts = []
    for d in others:
        if d is agg or d.bounds is None or not dates.overlap(d.bounds, agg.bounds):
            continue
        if dates.width(d.bounds) >= dates.width(agg.bounds) or not _related(agg, d, rules, actors):
            continue
        fig = _largest_least(d, kind)
        if fig is not None:
            parts.append((d, fig))
    return parts


def across(drafts: list[Draft], rules: Rules, actors: Actors) -> None:
    """Find conflicts between related entries and attach them to every entry involved."""
    same_figure_dated_twice(drafts, rules, actors)
    totals_that_do_not_add_up(drafts, rules, actors)
