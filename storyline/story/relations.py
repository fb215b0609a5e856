"""Per pair of parties, the sequence of event types over time."""

from __future__ import annotations

from typing import Any

from storyline.model import Story
from storyline.story.actors import Actors


def relations(story: Story, actors: Actors | None = None) -> list[dict[str, Any]]:
    """Each (source, target) pair of parties with its timeline entries in date order.

    People stand for the party they are affiliated with (a minister for his
    country), so one pair gathers what its officials did. Rows:
    ``{"source", "source_name", "target", "target_name",
    "sequence": [{"date", "type", "status", "entry"}]}``, pairs by first entry.
    `actors`: the story's, when the caller has them already.
    """
    actors = actors or Actors(story.entities, story.entity_map)
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for entry in story.timeline:
        src, tgt = actors.rollup(entry.source), actors.rollup(entry.target)
        if src is None or tgt is None or src == tgt:
            continue
        pairs.setdefault((src, tgt), []).append(
            {"date": entry.date.value, "type": entry.type, "status": entry.status, "entry": entry.id}
        )
    return [
        {"source": s, "source_name": actors.name(s), "target": t, "target_name": actors.name(t),
         "sequence": seq}
        for (s, t), seq in pairs.items()
    ]
