"""The story stage's rules, loaded once from `storyline/data/story/*.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from storyline.resources import load_data


def _load(name: str) -> dict[str, Any]:
    data = load_data("story", name)
    if not isinstance(data, dict):
        raise ValueError(f"storyline/data/story/{name}: expected a mapping at the top")
    return data


@cache
def _compatible_pairs(groups: tuple[tuple[str, ...], ...]) -> frozenset[tuple[str, str]]:
    """Every ordered pair of types that share a group (merging asks tens of thousands of times)."""
    return frozenset((a, b) for g in groups for a in g for b in g)


@dataclass(frozen=True)
class Rules:
    """Merge weights, type groups, status policy and conflict thresholds."""

    compatible_types: tuple[tuple[str, ...], ...]
    not_entries: frozenset[str]
    once_types: frozenset[str]
    once_per_person: frozenset[str]
    retold_counts: frozenset[str]
    status_group: dict[str, str]
    status_order: tuple[str, ...]
    merge: dict[str, float]
    conflicts: dict[str, float]
    templates: dict[str, tuple[str, ...]]
    figure_units: dict[str, tuple[str, ...]]

    def types_compatible(self, a: str, b: str) -> bool:
        """Whether reports of types `a` and `b` may be one event."""
        return a == b or (a, b) in _compatible_pairs(self.compatible_types)

    def entry_type(self, types: set[str]) -> str:
        """The type naming an entry whose reports have `types` (first of its group wins)."""
        for group in self.compatible_types:
            for t in group:
                if t in types:
                    return t
        return sorted(types)[0]

    def status_rank(self, status: str) -> int:
        """Position of a status in the preference order (unknown ones last)."""
        return self.status_order.index(status) if status in self.status_order else len(self.status_order)


@cache
def rules() -> Rules:
    """The rules from the data files (cached)."""
    story = _load("story.yaml")
    templates = dict(_load("templates.yaml"))
    units = templates.pop("figure_units", {}) or {}
    group_of = {s: g for g, members in story["status_groups"].items() for s in members}
    return Rules(
        compatible_types=tuple(tuple(g) for g in story["compatible_types"]),
        not_entries=frozenset(story["not_entries"]),
        once_types=frozenset(story.get("once_types", ())),
        once_per_person=frozenset(story.get("once_per_person", ())),
        retold_counts=frozenset(story.get("retold_counts", ())),
        status_group=group_of,
        status_order=tuple(story["status_order"]),
        merge={k: float(v) for k, v in story["merge"].items()},
        conflicts={k: float(v) for k, v in story["conflicts"].items()},
        templates={k: tuple(v) for k, v in templates.items()},
        figure_units={k: tuple(str(u).lower() for u in v) for k, v in units.items()},
    )
