"""Resolve local entities across articles into global ones."""

from __future__ import annotations

from storyline.entities.local import name_key
from storyline.model import Entity, Extraction


def resolve_entities(extractions: list[Extraction]) -> tuple[list[Entity], dict[str, str]]:
    """Global entities and the map from each local entity id to its global id.

    Local entities that share a name key (any alias) and a type become one.
    """
    by_key: dict[tuple[str, str], Entity] = {}
    mapping: dict[str, str] = {}
    merged: list[Entity] = []
    for ex in extractions:
        for local in ex.entities:
            keys = [(local.type, name_key(a)) for a in [local.name, *local.aliases]]
            target = next((by_key[k] for k in keys if k in by_key), None)
            if target is None:
                target = Entity(f"e{len(merged) + 1}", local.name, local.type, [], local.role, None)
                merged.append(target)
            for alias in [local.name, *local.aliases]:
                if alias not in target.aliases:
                    target.aliases.append(alias)
            target.role = target.role or local.role
            for k in keys:
                by_key.setdefault(k, target)
            mapping[local.id] = target.id
    return merged, mapping
