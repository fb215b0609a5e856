"""The date axis: days are points, longer dates are bands, long empty stretches are cut out."""

from __future__ import annotations

from datetime import date

from storyline.web.axis import BREAK, LABEL_ROOM, MARGIN, WIDTH, bounds, clusters, layout


def test_a_day_is_a_point_and_a_month_a_band_as_wide_as_its_days() -> None:
    ax = layout([("day", "2021-08-15", "2021-08-15"), ("month", "2021-08-01", "2021-08-31"),
                 ("year", "2021-01-01", "2021-12-31")])
    marks = {m.key: m for m in ax.marks}
    assert marks["day"].point and not marks["month"].point
    year, month = (marks[k].x2 - marks[k].x1 for k in ("year", "month"))
    assert abs(year / month - 365 / 31) < 0.01


def test_overlapping_marks_go_to_different_lanes() -> None:
    ax = layout([("a", "2021-08-01", "2021-08-31"), ("b", "2021-08-15", "2021-08-15"),
                 ("c", "2021-12-01", "2021-12-01")])
    lanes = {m.key: m.lane for m in ax.marks}
    assert lanes["a"] != lanes["b"] and lanes["c"] == 0 and ax.lanes == 2


def test_marks_stay_inside_the_drawing_and_in_date_order() -> None:
    ax = layout([("a", "2020-01-01", "2020-01-01"), ("b", "2020-06-01", "2020-06-30"),
                 ("c", "2021-03-02", "2021-03-02")])
    xs = [m.x1 for m in sorted(ax.marks, key=lambda m: m.key)]
    assert xs == sorted(xs) and xs[0] >= MARGIN and max(m.x2 for m in ax.marks) <= WIDTH - MARGIN
    assert [t.label for t in ax.ticks][:2] == ["Jan 2020", "Mar 2020"]


def test_a_long_empty_stretch_is_cut_out() -> None:
    ax = layout([("old", "2003-01-01", "2003-12-31"), ("a", "2021-08-15", "2021-08-15"),
                 ("b", "2022-03-01", "2022-03-31")])
    assert len(ax.segments) == 2 and len(ax.breaks) == 1
    assert ax.segments[1].x1 - ax.segments[0].x2 == BREAK
    marks = {m.key: m for m in ax.marks}
    assert marks["old"].x2 <= ax.breaks[0] <= marks["a"].x1
    assert any(0 <= t.x - ax.segments[1].x1 <= LABEL_ROOM for t in ax.ticks)  # says where it starts
    old, new = (s.x2 - s.x1 for s in ax.segments)
    assert new > old  # one background year gets less room than the months holding the story


def test_a_band_spanning_the_gap_keeps_the_axis_whole() -> None:
    assert clusters([(date(2003, 1, 1), date(2003, 1, 1)), (date(2003, 1, 1), date(2021, 8, 1)),
                     (date(2021, 8, 15), date(2021, 8, 15))]) == [(date(2003, 1, 1), date(2021, 8, 15))]


def test_undated_items_are_listed_not_drawn() -> None:
    ax = layout([("a", None, None), ("b", "2021-SU", None), ("c", "2021-08-15", None)])
    assert ax.undated == ["a", "b"] and [m.key for m in ax.marks] == ["c"]
    assert bounds("2021-08-31", "2021-08-01") == (date(2021, 8, 1), date(2021, 8, 31))
