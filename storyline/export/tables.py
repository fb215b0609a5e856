"""CSV and Parquet: one flat table per list of the story.json contract.

Nested objects are spread into prefixed columns (``date`` -> ``date_value``,
``date_earliest``, ``date_latest``); lists (event ids, conflicts, aliases) are
kept as JSON text so every cell is a plain value any spreadsheet can read.
Two extra tables make the story's cross-document parts easy to filter:
``conflicts`` (one row per conflict of an entry) and ``relations`` (one row
per step of an actor pair's sequence).
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import pandas as pd

from storyline.export.contract import LISTS, story_to_dict
from storyline.model import (
    Article,
    DateRange,
    Entity,
    Event,
    Figure,
    Published,
    Quote,
    Story,
    TimelineEntry,
    Timex,
)

#: The record type of each list, for the columns of an empty table.
_RECORDS: dict[str, type] = {
    "articles": Article, "entities": Entity, "timexes": Timex, "quotes": Quote,
    "figures": Figure, "events": Event, "timeline": TimelineEntry,
}
_NESTED: dict[str, type] = {"published": Published, "date": DateRange}


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """One level of nesting spread into columns; lists and deeper objects as JSON text."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dict) and key in _NESTED:
            for sub, v in value.items():
                out[f"{key}_{sub}"] = v
        elif isinstance(value, dict | list):
            out[key] = json.dumps(value, ensure_ascii=False)
        elif key in _NESTED and value is None:
            for f in fields(_NESTED[key]):
                out[f"{key}_{f.name}"] = None
        else:
            out[key] = value
    return out


def _columns(name: str) -> list[str]:
    """Column names of a list's table when it has no rows."""
    cols: list[str] = []
    for f in fields(_RECORDS[name]):
        if f.name in _NESTED:
            cols += [f"{f.name}_{sub.name}" for sub in fields(_NESTED[f.name])]
        else:
            cols.append(f.name)
    return cols


def _extra_tables(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    conflicts = [
        {"entry": t["id"], "kind": c["kind"], "detail": c["detail"], "items": c["items"]}
        for t in data["timeline"] for c in t.get("conflicts", [])
    ]
    relations = [
        {"source": r["source"], "source_name": r.get("source_name"), "target": r["target"],
         "target_name": r.get("target_name"), **step}
        for r in data.get("relations", []) for step in r["sequence"]
    ]
    return {"conflicts": conflicts, "relations": relations}


def tables(story: Story) -> dict[str, pd.DataFrame]:
    """The story as named DataFrames: the contract's lists plus conflicts and relations."""
    data = story_to_dict(story)
    out = {}
    for name in LISTS:
        rows = [_flat(r) for r in data.get(name, [])]
        out[name] = pd.DataFrame(rows) if rows else pd.DataFrame(columns=_columns(name))
    extra_columns = {"conflicts": ["entry", "kind", "detail", "items"],
                     "relations": ["source", "source_name", "target", "target_name", "date", "type",
                                   "status", "entry"]}
    for name, rows in _extra_tables(data).items():
        flat = [_flat(r) for r in rows]
        out[name] = pd.DataFrame(flat) if flat else pd.DataFrame(columns=extra_columns[name])
    return out


def export_csv(story: Story, out_dir: Path) -> None:
    """Write one CSV file per table (``timeline.csv``, ``events.csv``, ...) into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in tables(story).items():
        frame.to_csv(out_dir / f"{name}.csv", index=False)


def export_parquet(story: Story, out_dir: Path) -> None:
    """Write one Parquet file per table (``timeline.parquet``, ...) into `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, frame in tables(story).items():
        frame.to_parquet(out_dir / f"{name}.parquet", index=False, engine="pyarrow")
