"""Entities within one article: NER mentions grouped into local entities.

`find_mentions` links each named mention to a local entity id; `build_entities`
turns those groups into `Entity` records; `EntityIndex` answers "which entity
is at this span?" for the quotes and events stages. Cross-article resolution
lives in `storyline.entities.resolve`.
"""

from storyline.entities.local import EntityIndex, build_entities, find_mentions

__all__ = ["EntityIndex", "build_entities", "find_mentions"]
