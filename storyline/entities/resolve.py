"""Resolve local entities across articles into global ones.

Two local entities are one global entity when they share a name key of the
same kind: a transliteration-folded full name for people, a country for
places and governments, a name without generic suffixes for organisations.
A surname alone joins a full name only when exactly one person in the story
has that surname: people are never merged on a shared surname when it is
ambiguous.
"""

from __future__ import annotations

from collections import Counter

from storyline.entities.gazetteer import country_of, org_of, strip_org_suffix
from storyline.entities.local import institution_key, name_key, org_stems_match
from storyline.entities.translit import name_variant_key, surname_key
from storyline.model import Entity, Extraction

#: Entity types that may merge with one another.
_KIND = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "people"}


def _keys(entity: Entity) -> set[tuple[str, str]]:
    """The name keys a local entity can be found by."""
    kind = _KIND.get(entity.type, entity.type.lower())
    keys = set()
    for alias in [entity.name, *entity.aliases]:
        if kind == "person":
            if " " in alias.strip():
                keys.add((kind, name_variant_key(alias)))
            continue
        if kind == "place" and country_of(alias):
            keys.add(("place", f"country:{country_of(alias)}"))
        if org_of(alias):
            keys.add(("org", f"known:{org_of(alias)}"))
        inst = institution_key(alias) if kind == "org" else None
        if inst and inst[0]:
            keys.add(("org", f"inst:{inst[0]}:{inst[1]}"))
        keys.add((kind, name_key(strip_org_suffix(alias))))
    return keys


class _Merger:
    """Global entities being built, with the keys that find them."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.by_key: dict[tuple[str, str], Entity] = {}
        self.members: dict[str, list[Entity]] = {}

    def find(self, local: Entity) -> Entity | None:
        """The global entity a local one belongs to, if any yet."""
        keys = _keys(local)
        hit = next((self.by_key[k] for k in sorted(keys) if k in self.by_key), None)
        if hit or local.type != "ORG":
            return hit
        for kind, name in sorted(keys):
            for (k2, n2), ent in self.by_key.items():
                if k2 == kind == "org" and org_stems_match(name, n2):
                    return ent
        return None

    def add(self, local: Entity, target: Entity | None) -> Entity:
        """Put `local` into `target` (or a new global entity) and index its keys."""
        if target is None:
            target = Entity(f"e{len(self.entities) + 1}", local.name, local.type, [])
            self.entities.append(target)
            self.members[target.id] = []
        for alias in [local.name, *local.aliases]:
            if alias not in target.aliases:
                target.aliases.append(alias)
        if local.type in ("PERSON", "ORG") and len(local.name) > len(target.name):
            target.name = local.name
        for k in _keys(local):
            self.by_key.setdefault(k, target)
        self.members[target.id].append(local)
        return target


def _surname_target(merger: _Merger, local: Entity) -> Entity | None:
    """The one person in the story whose full name ends with a surname-only local name."""
    key = surname_key(local.name)
    hits = {e.id: e for e in merger.entities if e.type == "PERSON" and " " in e.name.strip()
            and surname_key(e.name) == key}
    return next(iter(hits.values())) if len(hits) == 1 else None


def resolve_entities(extractions: list[Extraction]) -> tuple[list[Entity], dict[str, str]]:
    """Global entities and the map from each local entity id to its global id."""
    merger = _Merger()
    mapping: dict[str, str] = {}
    locals_ = [e for ex in extractions for e in ex.entities]
    single = [e for e in locals_ if e.type == "PERSON" and " " not in e.name.strip()]
    for local in [e for e in locals_ if e not in single] + single:
        target = merger.find(local)
        if target is None and local in single:
            target = _surname_target(merger, local)
        mapping[local.id] = merger.add(local, target).id
    for ent in list(merger.entities):
        _settle(merger, ent, mapping)
    return merger.entities, mapping


def _settle(merger: _Merger, ent: Entity, mapping: dict[str, str]) -> None:
    """A global entity's role and affiliation, by majority over its local entities."""
    members = merger.members[ent.id]
    roles = Counter(m.role for m in members if m.role)
    ent.role = roles.most_common(1)[0][0] if roles else None
    affs = Counter(_global_ref(merger, m.affiliation, mapping) for m in members if m.affiliation)
    affs.pop(None, None)
    affs.pop(ent.id, None)
    ent.affiliation = affs.most_common(1)[0][0] if affs else None


def _global_ref(merger: _Merger, ref: str | None, mapping: dict[str, str]) -> str | None:
    """A local affiliation (local id or plain name) as a global entity id."""
    if ref is None:
        return None
    if ref in mapping:
        return mapping[ref]
    probe = Entity("", ref, "GPE" if country_of(ref) else "ORG", [])
    found = merger.find(probe)
    if found is None:
        found = merger.add(probe, None)
        _settle(merger, found, mapping)
    return found.id
