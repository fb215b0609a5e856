"""Conflicts: where merged or closely related reports disagree.

Disagreements are shown side by side, naming the figures or events involved;
nothing is averaged or picked silently.

- inside an entry: figures of one quantity that cannot both be right, and
  statuses that disagree ("planned" in one report, "occurred" in another);
- across entries of one kind of event: the same figure dated twice, and a count
  over a period that is smaller than the counts reported within that period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from storyline.model import Conflict, Figure, TimelineEntry
from storyline.story import dates, quantities
from storyline.story.actors import Actors
from storyline.story.merge import Report
from storyline.story.rules import Rules


@dataclass
class Draft:
    """A timeline entry with the reports behind it, while conflicts are found."""

    entry: TimelineEntry
    reports: list[Report]
    bounds: dates.Bounds | None

    def add(self, conflict: Conflict) -> None:
        """Attach a conflict unless the same one is already there."""
        key = (conflict.kind, sorted(conflict.items))
        if all((c.kind, sorted(c.items)) != key for c in self.entry.conflicts):
            self.entry.conflicts.append(conflict)


def _span(b: dates.Bounds | None) -> str:
    if b is None:
        return "an unknown date"
    return b[0].isoformat() if b[0] == b[1] else f"{b[0].isoformat()}..{b[1].isoformat()}"


def _listing(figs: Iterable[Figure]) -> str:
    return ", ".join(f"{f.text!r} ({f.article})" for f in figs)


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


def same_figure_dated_twice(drafts: list[Draft], rules: Rules, actors: Actors) -> None:
    """Flag equal figures of one quantity that different articles date differently."""
    max_gap = rules.conflicts["same_figure_max_gap_days"]
    for a, b in combinations(drafts, 2):
        if a.bounds is None or b.bounds is None or dates.compatible(a.bounds, b.bounds):
            continue
        if dates.gap_days(a.bounds, b.bounds) > max_gap or not _related(a, b, rules, actors):
            continue
        for fa in (f for r in a.reports for f in r.figures):
            for fb in (f for r in b.reports for f in r.figures):
                if fa.article != fb.article and quantities.equal(fa, fb):
                    detail = (f"the same {fa.text!r} ({fa.article}) and {fb.text!r} ({fb.article}) "
                              f"reported for {_span(a.bounds)} and {_span(b.bounds)}")
                    conflict = Conflict("date", detail, [fa.id, fb.id])
                    a.add(conflict)
                    b.add(conflict)


def _largest_least(d: Draft, kind: str) -> Figure | None:
    """The entry's figure of `kind` with the largest lower bound (one count per entry)."""
    figs = [f for r in d.reports for f in r.figures
            if quantities.kind(f) == kind and quantities.least(f) is not None]
    return max(figs, key=lambda f: quantities.least(f) or 0.0, default=None)


def totals_that_do_not_add_up(drafts: list[Draft], rules: Rules, actors: Actors) -> None:
    """Flag a count over a period smaller than the counts reported within it.

    Parts are entries of the same kind dated inside or across the period (a
    count "in August" overlaps a period from August 26): the total may be wrong,
    or the parts may fall outside it; either way the analyst must see both.
    """
    min_days = rules.conflicts["aggregate_min_days"]
    slack = rules.conflicts["about_slack"]
    for agg in drafts:
        if agg.bounds is None or dates.width(agg.bounds) < min_days:
            continue
        for total in (f for r in agg.reports for f in r.figures):
            top, kind = quantities.most(total, slack), quantities.kind(total)
            if top is None or kind is None:
                continue
            parts = []
            for d in drafts:
                if d is agg or d.bounds is None or not dates.overlap(d.bounds, agg.bounds):
                    continue
                if dates.width(d.bounds) >= dates.width(agg.bounds) or not _related(agg, d, rules, actors):
                    continue
                fig = _largest_least(d, kind)
                if fig is not None:
                    parts.append((d, fig))
            summed = sum(quantities.least(f) or 0.0 for _, f in parts)
            if parts and summed > top:
                detail = (f"{total.text!r} ({total.article}) over {_span(agg.bounds)}, but reports "
                          f"within that period add up to at least {summed:g}: "
                          f"{_listing(f for _, f in parts)}")
                conflict = Conflict("figure", detail, [total.id, *(f.id for _, f in parts)])
                for d in [agg, *(d for d, _ in parts)]:
                    d.add(conflict)


def across(drafts: list[Draft], rules: Rules, actors: Actors) -> None:
    """Find conflicts between related entries and attach them to every entry involved."""
    same_figure_dated_twice(drafts, rules, actors)
    totals_that_do_not_add_up(drafts, rules, actors)
