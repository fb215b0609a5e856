"""The ingest data files (storyline/data/ingest/*.yaml), loaded once and compiled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from storyline.resources import data_path, load_data

DATA = data_path("ingest")


def load_yaml(name: str) -> dict[str, Any]:
    """The parsed data file `name` from storyline/data/ingest."""
    data = load_data("ingest", name)
    if not isinstance(data, dict):
        raise ValueError(f"storyline/data/ingest/{name}: expected a mapping at the top level")
    return data


def _whole(patterns: list[str], flags: int = 0) -> list[re.Pattern[str]]:
    return [re.compile(p, flags) for p in patterns]


def _any_of(patterns: list[str], flags: int = 0) -> re.Pattern[str]:
    """One pattern that matches (or fullmatches) where any of `patterns` does: one pass over
    a line instead of one per pattern (ingest tries these on every paragraph)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


@dataclass(frozen=True)
class Chrome:
    """Compiled site-chrome patterns (chrome.yaml)."""

    lines: re.Pattern[str]  # each a single pattern standing for the file's list (`_any_of`)
    caption_labels: re.Pattern[str]
    captions: re.Pattern[str]
    sections: frozenset[str]
    own_url_label: re.Pattern[str]
    copyright: re.Pattern[str]
    byline_prefix: re.Pattern[str]
    name_particles: frozenset[str]
    not_name_words: frozenset[str]


@lru_cache(maxsize=1)
def chrome() -> Chrome:
    """The site-chrome lexicon."""
    d = load_yaml("chrome.yaml")
    return Chrome(
        lines=_any_of(d["lines"], re.IGNORECASE),
        caption_labels=_any_of(d["caption_labels"]),
        captions=_any_of(d["captions"]),
        sections=frozenset(s.lower() for s in d["sections"]),
        own_url_label=re.compile(d["own_url_label"], re.IGNORECASE),
        copyright=re.compile(d["copyright"], re.IGNORECASE),
        byline_prefix=re.compile(d["byline_prefix"], re.IGNORECASE),
        name_particles=frozenset(d["name_particles"]),
        not_name_words=frozenset(w.lower() for w in d["not_name_words"]),
    )


@dataclass(frozen=True)
class DatePatterns:
    """Compiled publication-date patterns (dates.yaml)."""

    text: list[re.Pattern[str]]
    url: list[re.Pattern[str]]
    line_words: frozenset[str]
    max_line_words: int
    stamp_within: int
    stamp_clock_after: re.Pattern[str]
    stamp_clock_before: re.Pattern[str]
    stamp_not_after: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def dates() -> DatePatterns:
    """The date lexicon, with month and weekday names filled into the patterns."""
    d = load_yaml("dates.yaml")
    fill = {"month": _alternation(d["months"]), "weekday": _alternation(d["weekdays"]), **d["parts"]}
    text = [re.compile(r"\b" + p.format(**fill) + r"\b", re.IGNORECASE) for p in d["text"]]
    return DatePatterns(
        text=text,
        url=_whole(d["url"], re.IGNORECASE),
        line_words=frozenset(d["line_words"]),
        max_line_words=int(d["max_line_words"]),
        stamp_within=int(d["stamp_within"]),
        stamp_clock_after=re.compile(d["stamp_clock_after"], re.IGNORECASE),
        stamp_clock_before=re.compile(d["stamp_clock_before"]),
        stamp_not_after=re.compile(d["stamp_not_after"], re.IGNORECASE),
    )


@lru_cache(maxsize=1)
def outlets() -> dict[str, str]:
    """News outlets by web domain (outlets.yaml)."""
    return {str(k).lower(): str(v) for k, v in load_yaml("outlets.yaml")["outlets"].items()}


@lru_cache(maxsize=1)
def outlet_names() -> dict[str, str]:
    """Outlet names folded to lower case -> the name as styled."""
    return {name.lower(): name for name in outlets().values()}
