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
from functools import lru_cache

from storyline.entities.gazetteer import country_of, org_of, strip_org_suffix
from storyline.entities.local import institution_key, name_key, org_stems_match
from storyline.entities.translit import name_variant_key, surname_key
from storyline.model import Entity, Extraction, anchored_id

#: Entity types that may merge with one another.
_KIND = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "people"}


def _keys(entity: Entity) -> frozenset[tuple[str, str]]:
    """The name keys a local entity can be found by."""
    return _names_keys(_KIND.get(entity.type, entity.type.lower()), entity.name, tuple(entity.aliases))


@lru_cache(maxsize=1 << 16)
def _names_keys(kind: str, name: str, aliases: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    return frozenset().union(*(_alias_keys(kind, alias) for alias in (name, *aliases)))


@lru_cache(maxsize=1 << 16)  # the same names recur in article after article
def _alias_keys(kind: str, alias: str) -> frozenset[tuple[str, str]]:
    keys = set()
    if kind == "person":
        return frozenset({(kind, name_variant_key(alias))} if " " in alias.strip() else ())
    if kind == "place" and country_of(alias):
        keys.add(("place", f"country:{country_of(alias)}"))
    if org_of(alias):
        keys.add(("org", f"known:{org_of(alias)}"))
    inst = institution_key(alias) if kind == "org" else None
    if inst and inst[0]:
        keys.add(("org", f"inst:{inst[0]}:{inst[1]}"))
    keys.add((kind, name_key(strip_org_suffix(alias))))
    return frozenset(keys)


#: `org_stems_match` needs a shared stem of at least this many letters: org keys are bucketed by it.
_STEM = 5


class _Merger:
    """Global entities being built, with the keys that find them.

    Lookups are by index, not by scanning: organisation keys are bucketed by
    their first `_STEM` letters (the least two stem-matching names share), and
    people with a full name by surname, so a story of many articles resolves
    in about linear time.
    """

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self.by_key: dict[tuple[str, str], Entity] = {}
        self.members: dict[str, list[Entity]] = {}
        self.org_stems: dict[str, list[tuple[str, Entity]]] = {}  # first letters -> (org key, entity)
        self.by_surname: dict[str, dict[str, Entity]] = {}  # surname key -> full-named people by id
        self.alias_sets: dict[str, set[str]] = {}

    def find(self, local: Entity) -> Entity | None:
        """The global entity a local one belongs to, if any yet."""
        keys = _keys(local)
        hit = next((self.by_key[k] for k in sorted(keys) if k in self.by_key), None)
        if hit or local.type != "ORG":
            return hit
        for kind, name in sorted(keys):
            if kind != "org":
                continue
            # In key insertion order, as a scan of `by_key` would meet them.
            for n2, ent in self.org_stems.get(name[:_STEM], ()):
                if org_stems_match(name, n2):
                    return ent
        return None

    def surname_target(self, local: Entity) -> Entity | None:
        """The one person in the story whose full name ends with a surname-only local name."""
        hits = self.by_surname.get(surname_key(local.name), {})
        return next(iter(hits.values())) if len(hits) == 1 else None

    def _index_name(self, ent: Entity, add: bool) -> None:
        """Index (or unindex) a global person by surname when their name is a full name."""
        if ent.type != "PERSON" or " " not in ent.name.strip():
            return
        key = surname_key(ent.name)
        if add:
            self.by_surname.setdefault(key, {})[ent.id] = ent
        else:
            self.by_surname.get(key, {}).pop(ent.id, None)

    def _new_id(self, local: Entity) -> str:
        """The id of a global entity founded by `local`: from its first name key (which no
        other global entity holds), so other articles coming or going do not change it; from
        the local id when the name gives no key (a surname alone)."""
        keys = sorted(_keys(local))
        anchor = "\t".join(keys[0]) if keys else local.id or f"{local.type}\t{local.name}"
        return anchored_id("e", anchor, self.members)

    def add(self, local: Entity, target: Entity | None) -> Entity:
        """Put `local` into `target` (or a new global entity) and index its keys."""
        if target is None:
            target = Entity(self._new_id(local), local.name, local.type, [])
            self.entities.append(target)
            self.members[target.id] = []
            self.alias_sets[target.id] = set()
            self._index_name(target, add=True)
        seen = self.alias_sets[target.id]
        for alias in [local.name, *local.aliases]:
            if alias not in seen:
                seen.add(alias)
                target.aliases.append(alias)
        if local.type in ("PERSON", "ORG") and len(local.name) > len(target.name):
            self._index_name(target, add=False)
            target.name = local.name
            self._index_name(target, add=True)
        for k in _keys(local):
            if k not in self.by_key:
                self.by_key[k] = target
                if k[0] == "org":
                    self.org_stems.setdefault(k[1][:_STEM], []).append((k[1], target))
        self.members[target.id].append(local)
        return target


def resolve_entities(extractions: list[Extraction]) -> tuple[list[Entity], dict[str, str]]:
    """Global entities and the map from each local entity id to its global id."""
    merger = _Merger()
    mapping: dict[str, str] = {}
    locals_ = [e for ex in extractions for e in ex.entities]
    single = [e for e in locals_ if _surname_only(e)]
    for local in [e for e in locals_ if not _surname_only(e)] + single:
        target = merger.find(local)
        if target is None and _surname_only(local):
            target = merger.surname_target(local)
        mapping[local.id] = merger.add(local, target).id
    for ent in list(merger.entities):
        _settle(merger, ent, mapping)
    return merger.entities, mapping


def _surname_only(entity: Entity) -> bool:
    """A person named by one word: joined to a full name only when that is unambiguous."""
    return entity.type == "PERSON" and " " not in entity.name.strip()


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
