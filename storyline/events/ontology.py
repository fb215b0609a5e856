"""The event ontology and status cues (storyline/data/events/*.yaml), loaded once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from storyline.resources import load_data


@dataclass(frozen=True)
class Trigger:
    """One way a type is reported: a verb, noun or adverb pattern with its argument test."""

    type: str
    pos: str  # verb | noun | adverb | copula_on
    lemmas: frozenset[str]
    object: str | None = None  # an object class name
    prep: frozenset[str] = frozenset()
    prep_object: str | None = None  # "came to power": the object class of the prep's object
    oprd: frozenset[str] = frozenset()
    of: str = "target"  # for nouns: whether "of X" is the agent or the target
    not_agent: str | None = None  # an object class the subject must not be ("the slick threatens")
    victim: frozenset[str] = frozenset()  # entity types whose naming stands in for a figure ("X died")


@dataclass(frozen=True)
class EventType:
    """An ontology entry."""

    name: str
    plover: str | None
    triggers: tuple[Trigger, ...]
    agentless: bool = False
    needs_figure: bool = False
    merge: bool = False
    absorbs: frozenset[str] = frozenset()  # type names, or {"all"}
    means: bool = False
    negated_type: str | None = None
    takes: frozenset[str] = frozenset()  # figure units (lower-case) that state the event's size
    target_preps: frozenset[str] = frozenset()  # the target is the object of one of these ("from X")
    place_is_target: bool = False  # with no target, the place it happened is the target
    setting_is_target: bool = False  # with no target nor place, the country the article is set in


@dataclass(frozen=True)
class Ontology:
    """The types, object classes and status cues."""

    types: dict[str, EventType]
    objects: dict[str, frozenset[str]]
    skip_prefixes: tuple[str, ...]
    topic_verbs: frozenset[str]
    cues: dict[str, frozenset[str]] = field(default_factory=dict)

    def triggers(self) -> list[Trigger]:
        """Every trigger of every type, in file order."""
        return [t for et in self.types.values() for t in et.triggers]


def _words(value: Any) -> frozenset[str]:
    """A lemma list (or one lemma) as a set of lower-cased strings."""
    if value is None:
        return frozenset()
    items = value if isinstance(value, list) else [value]
    return frozenset(str(v).lower() for v in items)


def _trigger(type_name: str, raw: dict[str, Any]) -> Trigger:
    """One trigger entry of the data file."""
    for pos in ("verb", "noun", "adverb", "copula_on"):
        if pos in raw:
            lemmas = frozenset() if pos == "copula_on" else _words(raw[pos])
            obj = raw[pos] if pos == "copula_on" else raw.get("object")
            return Trigger(
                type=type_name, pos=pos, lemmas=lemmas, object=obj, prep=_words(raw.get("prep")),
                prep_object=raw.get("prep_object"), oprd=_words(raw.get("oprd")), of=raw.get("of", "target"),
                not_agent=raw.get("not_agent"), victim=frozenset(str(v) for v in raw.get("victim") or ()),
            )
    raise ValueError(f"event type {type_name}: trigger without verb/noun/adverb/copula_on: {raw}")


def _type(name: str, raw: dict[str, Any]) -> EventType:
    """One type entry of the data file."""
    absorbs = raw.get("absorbs") or []
    return EventType(
        name=name, plover=raw.get("plover"),
        triggers=tuple(_trigger(name, t) for t in raw.get("triggers") or []),
        agentless=bool(raw.get("agentless")), needs_figure=bool(raw.get("needs_figure")),
        merge=bool(raw.get("merge")), absorbs=_words(absorbs), means=bool(raw.get("means")),
        negated_type=raw.get("negated_type"), takes=_words(raw.get("takes")),
        target_preps=_words(raw.get("target_preps")), place_is_target=bool(raw.get("place_is_target")),
        setting_is_target=bool(raw.get("setting_is_target")),
    )


@lru_cache(maxsize=1)
def ontology() -> Ontology:
    """The ontology and cues, read from the data files once per process."""
    raw = load_data("events", "ontology.yaml")
    cues = load_data("events", "cues.yaml")
    onto = Ontology(
        types={name: _type(name, t) for name, t in raw["types"].items()},
        objects={k: _words(v) for k, v in raw["objects"].items()},
        skip_prefixes=tuple(p.lower() for p in raw["skip_sentence_prefixes"]),
        topic_verbs=_words(raw["topic_verbs"]),
        cues={k: _words(v) for k, v in cues.items()},
    )
    _check(onto)
    return onto


def _check(onto: Ontology) -> None:
    """Fail early on a data file that names an unknown object class or type."""
    for et in onto.types.values():
        if et.negated_type and et.negated_type not in onto.types:
            raise ValueError(f"event type {et.name}: unknown negated_type {et.negated_type}")
        for t in et.triggers:
            for cls in (t.object, t.prep_object, t.not_agent):
                if cls is not None and cls not in onto.objects:
                    raise ValueError(f"event type {et.name}: unknown object class {cls}")
