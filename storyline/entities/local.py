"""Group the named mentions of one article into local entities."""

from __future__ import annotations

import bisect
import re

from storyline.model import Entity, Extraction, Mention
from storyline.pipeline import Parsed

#: spaCy labels that name actors or places worth tracking.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})

_LEADING = re.compile(r"^(the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(['’]s|['’])$")


def clean_name(text: str) -> str:
    """A mention's text without a leading article or trailing possessive."""
    name = _LEADING.sub("", text.strip())
    return _POSSESSIVE.sub("", name).strip()


def name_key(text: str) -> str:
    """The key mentions of one name share: case and punctuation folded."""
    return re.sub(r"[^\w]+", " ", clean_name(text)).strip().lower()


def find_mentions(parsed: Parsed, found: Extraction) -> list[Mention]:
    """Named mentions linked to local entity ids.

    Mentions with the same name share an entity; a one-word PERSON mention
    joins the earlier full name that ends with it ("Lavrov" -> "Sergei Lavrov").
    """
    aid = parsed.article.id
    ids: dict[tuple[str, str], str] = {}
    surnames: dict[str, str] = {}
    mentions = []
    for ent in parsed.doc.ents:
        if ent.label_ not in ENTITY_LABELS or not name_key(ent.text):
            continue
        label, key = ent.label_, name_key(ent.text)
        eid = ids.get((label, key))
        if eid is None and label == "PERSON" and " " not in key:
            eid = surnames.get(key)
        if eid is None:
            eid = f"{aid}:e{len(set(ids.values())) + 1}"
        ids[(label, key)] = eid
        if label == "PERSON" and " " in key:
            surnames.setdefault(key.rsplit(" ", 1)[1], eid)
        mentions.append(Mention(aid, ent.start_char, ent.end_char, ent.text, label, eid))
    return mentions


def build_entities(parsed: Parsed, found: Extraction) -> list[Entity]:
    """One local `Entity` per group of mentions, named by its longest mention."""
    groups: dict[str, list[Mention]] = {}
    for m in found.mentions:
        if m.entity:
            groups.setdefault(m.entity, []).append(m)
    entities = []
    for eid, ms in groups.items():
        names = sorted({clean_name(m.text) for m in ms}, key=lambda n: (-len(n), n))
        label = max({m.label for m in ms}, key=lambda lab: sum(m.label == lab for m in ms))
        entities.append(Entity(eid, names[0], label, names, article=found.article))
    return entities


class EntityIndex:
    """Look up which local entity a character span refers to."""

    def __init__(self, mentions: list[Mention]):
        self.mentions = sorted((m for m in mentions if m.entity), key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]

    def at(self, start: int, end: int) -> Mention | None:
        """The first mention overlapping [start, end), if any."""
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        for m in self.mentions[i:]:
            if m.start >= end:
                break
            if m.end > start:
                return m
        return None

    def entity_at(self, start: int, end: int) -> str | None:
        """The local entity id of the first mention overlapping [start, end)."""
        m = self.at(start, end)
        return m.entity if m else None
