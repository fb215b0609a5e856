"""Exporters: a plain registry from format name to a function writing a Story.

Built-ins are entries like any user's: ``EXPORTERS["myformat"] = my_fn`` or a
``"module:function"`` string, imported only when used (so a JSON export does
not load pandas).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from storyline.model import Story

Exporter = Callable[[Story, Path], None]

EXPORTERS: dict[str, Exporter | str] = {
    "json": "storyline.export.json:export_json",
    "csv": "storyline.export.tables:export_csv",
    "parquet": "storyline.export.tables:export_parquet",
    "timelinejs": "storyline.export.timelinejs:export_timelinejs",
    "html": "storyline.report:export_html",
}

#: Formats that write a folder (one file per list) rather than one file.
FOLDER_FORMATS = frozenset({"csv", "parquet"})


def exporter(name: str) -> Exporter:
    """The exporter registered as `name` (imported on first use)."""
    entry = EXPORTERS.get(name)
    if entry is None:
        raise KeyError(f"unknown export format {name!r}; known: {', '.join(sorted(EXPORTERS))}")
    if isinstance(entry, str):
        module, _, attr = entry.partition(":")
        entry = getattr(importlib.import_module(module), attr)
        EXPORTERS[name] = entry
    return entry


def export(story: Story, fmt: str, out: Path) -> None:
    """Write `story` to `out` in format `fmt`."""
    exporter(fmt)(story, out)
