"""One-line summaries of timeline entries, from per-type templates (a data file)."""

from __future__ import annotations

import string
from collections import Counter

from storyline.story.actors import Actors
from storyline.story.merge import Report
from storyline.story.rules import Rules


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def support(report: Report, rules: Rules) -> tuple[int, int, int, int, int]:
    """How well a report supports a summary: more known parts, a narrower date, said first."""
    known = sum(x is not None for x in (report.source, report.target, report.location))
    width = -(report.bounds[1] - report.bounds[0]).days if report.bounds else -100000
    counted = report.event.status not in rules.not_entries
    return (int(counted), known + 2 * bool(report.figures), width, -report.order[0], -report.order[1])


def best(reports: list[Report], rules: Rules) -> Report:
    """The best-supported report of an entry."""
    return max(reports, key=lambda r: support(r, rules))


def _figure(entry_type: str, rep: Report, rules: Rules) -> str | None:
    """The text of the figure that names the entry's quantity (by the type's preferred units)."""
    wanted = rules.figure_units.get(entry_type, ())
    for unit in wanted:
        for f in rep.figures:
            if (f.unit or "").lower() == unit:
                return _unquoted(f.text)
    return _unquoted(rep.figures[0].text) if rep.figures and not wanted else None


def _unquoted(text: str) -> str:
    """A figure's words without the quotation marks it may straddle (“a few hundred” residents)."""
    return " ".join(text.translate(_QUOTE_MARKS).split())


_QUOTE_MARKS = str.maketrans("", "", "\"“”„«»")


def _victim(reports: list[Report], actors: Actors) -> str | None:
    """The person that at least half of the reports name as the target without a figure
    ("Okafor died"): the entry is that person's death, even if a toll joined it."""
    named = Counter(r.target for r in reports if not r.figures and actors.kind(r.target) == "PERSON")
    top = named.most_common(1)
    return top[0][0] if top and 2 * top[0][1] >= len(reports) else None


def summarize(entry_type: str, status: str, reports: list[Report], rules: Rules, actors: Actors) -> str:
    """One line: actor, action, object, place, figure, from the best-supported report.

    Placeholders: {source} {target} {location} {figure} {type}, {victim} (the
    person that most of the reports name as whom it happened to, giving no figure) and
    {what} (the report's own word for the event: "floods", "earthquake").
    """
    rep = best(reports, rules)
    values = {
        "source": actors.name(rep.source) or actors.name(next((r.source for r in reports if r.source), None)),
        "target": actors.name(rep.target) or actors.name(next((r.target for r in reports if r.target), None)),
        "location": actors.name(rep.location) or actors.name(next((r.location for r in reports if r.location), None)),
        "figure": _figure(entry_type, rep, rules),
        "victim": actors.name(_victim(reports, actors)),
        "type": entry_type.replace("_", " "),
        "what": rep.event.trigger.lower(),
    }
    known = {k for k, v in values.items() if v}
    templates = rules.templates.get(entry_type, ()) + rules.templates["default"]
    template = next(t for t in templates if _fields(t) <= known)
    line = template.format(**{k: v or "" for k, v in values.items()})
    line = line[:1].upper() + line[1:]
    return line if status == "occurred" else f"{line} ({status})"
