"""Storyline: a dated, sourced timeline from a pile of news articles about one story.

The public API, imported lazily so that `import storyline.model` stays light::

    from storyline import Store, build, export
    store = Store("story.db")
    build(["articles/"], store)
    export(store.story(), "json", Path("story.json"))
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "BuildSettings",
    "Store",
    "build",
    "build_story",
    "export",
    "read_paths",
    "story_to_dict",
]

_HOME = {
    "BuildSettings": "storyline.build",
    "build": "storyline.build",
    "Store": "storyline.store",
    "build_story": "storyline.story",
    "export": "storyline.export",
    "read_paths": "storyline.ingest",
    "story_to_dict": "storyline.export.contract",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'storyline' has no attribute {name!r}")
