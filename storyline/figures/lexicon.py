"""The figures lexicons (storyline/data/figures/*.yaml), loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from storyline.resources import load_data


@dataclass(frozen=True)
class Lexicon:
    """Number words, qualifiers, exclusions and units, ready for matching."""

    words: dict[str, float]
    scales: dict[str, float]
    vague: dict[str, float]
    qualifiers_before: dict[tuple[str, ...], str]
    qualifiers_after: dict[tuple[str, ...], str]
    range_joiners: frozenset[str]
    age_after: tuple[tuple[str, ...], ...]
    age_before: frozenset[str]
    time_after: frozenset[str]
    skip_entity_labels: frozenset[str]
    measures: dict[tuple[str, ...], str]
    currency_after: dict[tuple[str, ...], str]
    currency_before: dict[tuple[str, ...], str]
    counted: dict[str, str]  # counted-noun lemma -> unit


def _phrases(raw: dict[str, Any]) -> dict[tuple[str, ...], str]:
    """Multi-word keys split into token tuples ("more than" -> ("more", "than"))."""
    return {tuple(str(k).lower().split()): str(v) for k, v in raw.items()}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The figures lexicon, read from the data files once per process."""
    nums = load_data("figures", "numbers.yaml")
    units = load_data("figures", "units.yaml")
    counted = {
        lemma.lower(): unit for unit, lemmas in units["counted"].items() for lemma in lemmas
    }
    return Lexicon(
        words={k: float(v) for k, v in nums["words"].items()},
        scales={k: float(v) for k, v in nums["scales"].items()},
        vague={k: float(v) for k, v in nums["vague"].items()},
        qualifiers_before=_phrases(nums["qualifiers_before"]),
        qualifiers_after=_phrases(nums["qualifiers_after"]),
        range_joiners=frozenset(nums["range_joiners"]),
        age_after=tuple(tuple(p) for p in nums["age_after"]),
        age_before=frozenset(nums["age_before"]),
        time_after=frozenset(nums["time_after"]),
        skip_entity_labels=frozenset(nums["skip_entity_labels"]),
        measures=_phrases(units["measures"]),
        currency_after=_phrases(units["currency_after"]),
        currency_before=_phrases(units["currency_before"]),
        counted=counted,
    )
