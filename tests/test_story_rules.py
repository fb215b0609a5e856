"""The story stage's helpers and data files: dates, figures, rules, templates."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.events import ontology
from storyline.model import DateRange, Figure
from storyline.story import dates, quantities
from storyline.story.rules import rules


@pytest.mark.parametrize(("value", "first", "last"), [
    ("2021-11-18", "2021-11-18", "2021-11-18"),
    ("2021-08", "2021-08-01", "2021-08-31"),
    ("2024", "2024-01-01", "2024-12-31"),
    ("2021-SU", "2021-06-01", "2021-08-31"),
    ("2021-WI", "2021-12-01", "2022-02-28"),
    ("2021-W33", "2021-08-16", "2021-08-22"),
    ("2022-Q1", "2022-01-01", "2022-03-31"),
    ("2021-08-26/2021-12-01", "2021-08-26", "2021-12-01"),
])
def test_value_bounds(value: str, first: str, last: str) -> None:
    assert dates.value_bounds(value) == (date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize("value", ["PAST_REF", "XXXX-WXX-4", "2021-02-30", "", None])
def test_value_without_calendar_span(value: str | None) -> None:
    assert dates.value_bounds(value) is None


def test_explicit_bounds_win_over_the_value() -> None:
    # a range is a start value with explicit bounds
    assert dates.bounds(DateRange("2021-08-26", "2021-08-26", "2021-12-01")) == (
        date(2021, 8, 26), date(2021, 12, 1))


def test_day_inside_month_or_range_is_compatible_but_two_days_are_not() -> None:
    month, day = dates.value_bounds("2021-08"), dates.value_bounds("2021-08-15")
    assert dates.compatible(month, day) and dates.compatible(day, month)
    assert dates.compatible(dates.value_bounds("2021"), month)
    assert not dates.compatible(day, dates.value_bounds("2021-08-16"))
    assert not dates.compatible(dates.value_bounds("2021-11-18"), dates.value_bounds("2021-12"))


def fig(low: float, qualifier: str = "exact", unit: str | None = "people", high: float | None = None) -> Figure:
    value = low if qualifier == "exact" else None
    return Figure("f", "a", 0, 0, str(low), value, low, high, qualifier, unit, "citizens")


def test_figure_intervals_and_agreement() -> None:
    assert quantities.interval(fig(500, "more_than"))[1] == float("inf")
    assert quantities.agree(fig(500, "more_than"), fig(770))
    assert not quantities.agree(fig(380), fig(770))
    assert quantities.agree(fig(100, "about"), fig(105), slack=0.1)
    assert quantities.equal(fig(36, unit="t"), fig(36, unit="t"))
    assert not quantities.equal(fig(36, unit="t"), fig(36, unit="aircraft"))
    assert quantities.most(fig(100, "range", high=200)) == 200


def test_rules_file_is_consistent() -> None:
    r = rules()
    assert r.merge["threshold"] > 0
    weights = {"source_overlap", "target_overlap", "location_overlap", "figures_agree", "same_day", "wording",
               "status_mismatch", "same_article", "once", "vague_max_days"}
    assert weights <= set(r.merge), weights - set(r.merge)  # the merge score reads every one
    assert r.types_compatible("attack", "casualties") and not r.types_compatible("designate", "delist")
    assert r.entry_type({"casualties", "attack"}) == "attack"
    assert set(r.status_order) == set(r.status_group)
    types = set(ontology().types)
    assert r.once_types <= types and r.once_per_person <= types  # names the ontology's types
    assert r.not_entries <= set(r.status_order)
    limits = {"same_figure_max_gap_days", "same_figure_nearest", "aggregate_min_days", "about_slack"}
    assert limits <= set(r.conflicts), limits - set(r.conflicts)  # the conflict steps read every one
    assert r.conflicts["same_figure_nearest"] >= 1 and r.conflicts["same_figure_nearest"].is_integer()


def test_every_template_uses_known_placeholders() -> None:
    import string

    allowed = {"source", "target", "figure", "location", "type", "what", "victim"}
    for etype, templates in rules().templates.items():
        assert templates, etype
        for t in templates:
            names = {n for _, n, _, _ in string.Formatter().parse(t) if n}
            assert names <= allowed, (etype, t)
    assert any("{" not in t.replace("{type}", "") for t in rules().templates["default"])
