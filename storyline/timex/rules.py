"""The timex rules data file (storyline/data/timex/rules.yaml), loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from storyline.resources import load_data

#: Where the timex data files live.
DATA = Path(__file__).resolve().parent.parent / "data" / "timex"


@dataclass(frozen=True)
class Extra:
    """An expression the rules own: a pattern, a TIMEX3 type and a value rule."""

    pattern: re.Pattern[str]
    type: str
    value: str
    wins: bool = False  # beats any overlapping Recognizers-Text candidate, however long


@dataclass(frozen=True)
class Rules:
    """Everything in rules.yaml, compiled."""

    strip_leading: frozenset[str]
    keep_the: re.Pattern[str]
    extra: tuple[Extra, ...]
    future_aux: frozenset[str]
    open_aux: frozenset[str]
    future_verbs: frozenset[str]
    word_tags: dict[str, frozenset[str]]
    ordinal_units: frozenset[str]
    reject_before: re.Pattern[str]
    reject_after: re.Pattern[str]
    defer_verbs: frozenset[str]
    defer_preps: frozenset[str]
    recognizer_trigger: re.Pattern[str]
    extra_gate: re.Pattern[str]
    raw: dict[str, Any]


def _word(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


def _any(patterns: list[str]) -> re.Pattern[str]:
    """One case-sensitive pattern matching any of `patterns` (each may set (?i:...) itself)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _trigger(raw: dict[str, list[str]]) -> re.Pattern[str]:
    """Any of the number patterns, or any of the words as a whole word.

    The words all start with a letter: the look-ahead lets the engine skip other positions
    before trying each word (a third of the scan's time).
    """
    return re.compile("|".join(raw["numbers"]) + r"|(?=\w)\b(?:" + "|".join(raw["words"]) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The compiled timex rules."""
    raw = load_data("timex", "rules.yaml")
    return Rules(
        strip_leading=frozenset(w.lower() for w in raw["strip_leading"]),
        keep_the=re.compile(r"(?:" + "|".join(raw["keep_the"]) + ")", re.IGNORECASE),
        extra=tuple(Extra(_word(x["pattern"]), x["type"], str(x["value"]), bool(x.get("wins")))
                    for x in raw["extra"]),
        future_aux=frozenset(raw["future_aux"]),
        open_aux=frozenset(raw["open_aux"]),
        future_verbs=frozenset(raw["future_verbs"]),
        word_tags={w: frozenset(tags) for w, tags in raw["word_tags"].items()},
        ordinal_units=frozenset(w.lower() for w in raw["ordinal_units"]),
        reject_before=_any(raw["reject_before"]),
        reject_after=_any(raw["reject_after"]),
        defer_verbs=frozenset(raw["defer_verbs"]),
        defer_preps=frozenset(raw["defer_preps"]),
        recognizer_trigger=_trigger(raw["recognizer_triggers"]),
        extra_gate=re.compile("|".join(raw["extra_gate"]), re.IGNORECASE),
        raw=raw,
    )
