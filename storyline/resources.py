"""Data files shipped in `storyline/data/`: one way to find and load them."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


def data_path(*parts: str) -> Path:
    """The path of a data file, e.g. ``data_path("timex", "seasons.yaml")``."""
    return DATA_DIR.joinpath(*parts)


@cache
def load_data(*parts: str) -> Any:
    """A YAML or JSON data file, parsed once per process (treat the result as read-only)."""
    path = data_path(*parts)
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.load(text, Loader=SafeLoader)


#: libyaml's safe loader when PyYAML was built with it (about 10x faster), else the pure-Python one.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
