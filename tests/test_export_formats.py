"""CSV, Parquet and TimelineJS exports, read back with pandas / pyarrow / a field check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from test_story import invented_story

from storyline.export.contract import LISTS, story_to_dict
from storyline.export.tables import export_csv, export_parquet
from storyline.export.timelinejs import export_timelinejs, slide_dates
from storyline.model import DateRange, Story
from storyline.story import build_story


@pytest.fixture(scope="module")
def story() -> Story:
    articles, extractions, _ = invented_story()
    articles[0].title = "Rebels <b>strike</b> Northtown"  # markup must come out escaped
    return build_story(articles, extractions)


def test_csv_has_one_readable_table_per_list(story: Story, tmp_path: Path) -> None:
    export_csv(story, tmp_path)
    data = story_to_dict(story)
    for name in LISTS:
        frame = pd.read_csv(tmp_path / f"{name}.csv")
        assert len(frame) == len(data[name]), name
    timeline = pd.read_csv(tmp_path / "timeline.csv")
    assert list(timeline["id"]) == [t.id for t in story.timeline]
    assert {"date_value", "date_earliest", "date_latest", "summary", "articles"} <= set(timeline.columns)
    first = story.timeline[0]
    assert json.loads(timeline.loc[0, "events"]) == first.events
    conflicts = pd.read_csv(tmp_path / "conflicts.csv")
    assert len(conflicts) == sum(len(t.conflicts) for t in story.timeline) > 0
    relations = pd.read_csv(tmp_path / "relations.csv")
    assert set(relations["entry"]) <= {t.id for t in story.timeline}


def test_parquet_round_trips_with_pyarrow(story: Story, tmp_path: Path) -> None:
    export_parquet(story, tmp_path)
    data = story_to_dict(story)
    for name in LISTS:
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.num_rows == len(data[name]), name
    events = pq.read_table(tmp_path / "events.parquet").to_pandas()
    assert set(events["type"]) >= {"attack", "deliver_aid", "evacuate"}
    assert set(events["date_value"].dropna()) >= {"2015", "2023-03-02"}


def test_empty_story_still_writes_every_table_with_columns(tmp_path: Path) -> None:
    export_csv(Story([], [], [], []), tmp_path)
    frame = pd.read_csv(tmp_path / "timeline.csv")
    assert frame.empty and "date_value" in frame.columns and "summary" in frame.columns


def check_timelinejs(doc: dict[str, Any]) -> None:
    """The fields TimelineJS requires: slides with a start_date year and text or media."""
    assert isinstance(doc["events"], list)
    if "title" in doc:
        assert "text" in doc["title"] or "media" in doc["title"]
    ids = [e["unique_id"] for e in doc["events"]]
    assert len(ids) == len(set(ids))
    for slide in doc["events"]:
        assert "text" in slide or "media" in slide
        for key in ("start_date", "end_date"):
            if key in slide or key == "start_date":
                when = slide[key]
                assert isinstance(when["year"], int)
                assert set(when) <= {"year", "month", "day", "hour", "minute", "second", "display_date"}
                assert 1 <= when.get("month", 1) <= 12 and 1 <= when.get("day", 1) <= 31
        if "end_date" in slide:
            start = tuple(slide["start_date"].get(k, 1) for k in ("year", "month", "day"))
            end = tuple(slide["end_date"].get(k, 1) for k in ("year", "month", "day"))
            assert start <= end


def test_timelinejs_has_required_fields_and_escapes_text(story: Story, tmp_path: Path) -> None:
    out = tmp_path / "tl.json"
    export_timelinejs(story, out)
    doc = json.loads(out.read_text())
    check_timelinejs(doc)
    assert [e["unique_id"] for e in doc["events"]] == [t.id for t in story.timeline]
    attack = next(e for e in doc["events"] if e["group"] == "attack")
    assert attack["start_date"] == {"year": 2023, "month": 3, "day": 2}
    assert "<b>" not in attack["text"]["text"] and "&lt;b&gt;" in attack["text"]["text"]


@pytest.mark.parametrize(("date", "want"), [
    (DateRange("2015", "2015-01-01", "2015-12-31"), {"start_date": {"year": 2015}}),
    (DateRange("2021-08", "2021-08-01", "2021-08-31"), {"start_date": {"year": 2021, "month": 8}}),
    (DateRange("2021-08-26", "2021-08-26", "2021-12-01"),
     {"start_date": {"year": 2021, "month": 8, "day": 26}, "end_date": {"year": 2021, "month": 12, "day": 1}}),
    (DateRange("2021-SU", "2021-06-01", "2021-08-31"),
     {"start_date": {"year": 2021, "month": 6, "day": 1}, "end_date": {"year": 2021, "month": 8, "day": 31},
      "display_date": "Summer 2021"}),
    (DateRange("PAST_REF"), None),
])
def test_slide_dates_keep_precision(date: DateRange, want: dict[str, Any] | None) -> None:
    assert slide_dates(date) == want
