"""Global actors: local ids mapped to global entities, and who counts as whom.

Two reports share an actor when they name the same global entity, or when one
names a person affiliated with the other ("the foreign minister" for his
country), or two people of the same affiliation.
"""

from __future__ import annotations

from storyline.entities.local import name_key
from storyline.model import Entity


class Actors:
    """Global entities with the local→global map, for actor comparisons."""

    def __init__(self, entities: list[Entity], entity_map: dict[str, str]):
        self.by_id = {e.id: e for e in entities}
        self.entity_map = entity_map
        self.by_name: dict[str, str] = {}
        self._key_cache: dict[str, frozenset[str]] = {}
        self._same_cache: dict[tuple[str, str], bool] = {}
        for e in entities:
            for alias in [e.name, *e.aliases]:
                self.by_name.setdefault(name_key(alias), e.id)

    def resolve(self, ref: str | None) -> str | None:
        """The global id for a local id, global id or plain name (the ref itself if unknown)."""
        if not ref:
            return None
        if ref in self.by_id:
            return ref
        if ref in self.entity_map:
            return self.entity_map[ref]
        return self.by_name.get(name_key(ref), ref)

    def kind(self, gid: str | None) -> str | None:
        """The entity type (PERSON, ORG, GPE...) of a global entity."""
        ent = self.by_id.get(gid) if gid else None
        return ent.type if ent else None

    def affiliation(self, gid: str | None) -> str | None:
        """The global id of the entity `gid` belongs to, if known."""
        ent = self.by_id.get(gid) if gid else None
        if ent is None or not ent.affiliation:
            return None
        aff = self.resolve(ent.affiliation)
        return aff if aff != gid else None

    def rollup(self, gid: str | None) -> str | None:
        """The actor as a party: a person stands for their affiliation when known."""
        return self.affiliation(gid) or gid

    def same(self, a: str | None, b: str | None) -> bool:
        """Whether two actor refs name the same party (directly or through affiliation)."""
        if a is None or b is None:
            return False
        key = (a, b)
        if key not in self._same_cache:
            self._same_cache[key] = self._same(a, b)
        return self._same_cache[key]

    def _same(self, a: str, b: str) -> bool:
        ga, gb = self.resolve(a), self.resolve(b)
        if ga == gb or self.rollup(ga) == self.rollup(gb):
            return True
        # One name typed differently in two articles (ORG here, NORP there).
        return bool(self.name_keys(ga) & self.name_keys(gb))

    def name_keys(self, gid: str | None) -> frozenset[str]:
        """The name keys of an actor's names and aliases (a plain name's own)."""
        if not gid:
            return frozenset()
        if gid not in self._key_cache:
            ent = self.by_id.get(gid)
            names = [ent.name, *ent.aliases] if ent is not None else [gid]
            self._key_cache[gid] = frozenset(name_key(n) for n in names) - {""}
        return self._key_cache[gid]

    def name(self, gid: str | None) -> str | None:
        """A display name for an actor ref."""
        if gid is None:
            return None
        ent = self.by_id.get(gid)
        return ent.name if ent else gid
