"""Entities within and across articles, on small real sentences."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.entities.resolve import resolve_entities
from storyline.entities.translit import name_variant_key
from storyline.model import Entity, Extraction

STAGES = ("mentions", "entities")


@pytest.fixture
def entities(extract: Callable[..., Extraction]) -> Callable[[str], Extraction]:
    """entities(text) -> the Extraction with mentions and local entities."""

    def run(text: str) -> Extraction:
        return extract(text, stages=STAGES)

    return run


def _named(found: Extraction, name: str) -> Entity:
    return next(e for e in found.entities if name in e.aliases)


def _affiliation_name(found: Extraction, entity: Entity) -> str | None:
    """An affiliation by name: a local entity id is looked up, a plain name passes through."""
    by_id = {e.id: e.name for e in found.entities}
    return by_id.get(entity.affiliation or "", entity.affiliation)


def _articles(entities, *texts: str) -> list[Extraction]:
    out = []
    for n, text in enumerate(texts, 1):
        found = entities(text)
        # Give each text its own article id, as the build does.
        prefix = f"a{n}"
        for e in found.entities:
            e.id = e.id.replace("a1:", f"{prefix}:")
            e.affiliation = e.affiliation.replace("a1:", f"{prefix}:") if e.affiliation else None
        out.append(found)
    return out


def test_surname_joins_earlier_full_name(entities):
    found = entities("German Chancellor Olaf Scholz arrived in Rome. Scholz then met the prime minister.")
    scholz = _named(found, "Olaf Scholz")
    assert "Scholz" in scholz.aliases


def test_a_role_noun_ending_the_text_is_no_error(entities):
    # found by hypothesis: a description ("the Mayor") as the very last token
    found = entities("Lena Ortiz, the mayor of Lisk, spoke to the Mayor")
    assert _named(found, "Lena Ortiz").type == "PERSON"


def test_title_gives_role_and_country_affiliation(entities):
    found = entities("Japanese Foreign Minister Kenji Sato visited Seoul on Monday.")
    sato = _named(found, "Kenji Sato")
    assert sato.role == "Foreign Minister"
    assert _affiliation_name(found, sato) == "Japan"


def test_possessive_appositive_affiliation(entities):
    found = entities("He met the Hezbollah's foreign envoy, Karim Haddad, in Beirut.")
    haddad = _named(found, "Karim Haddad")
    assert haddad.role is not None and "envoy" in haddad.role
    assert _affiliation_name(found, haddad) == "Hezbollah"


def test_capital_used_as_actor_stands_for_country(entities):
    found = entities("Paris said it would send more aid. France has already sent two planes.")
    france = _named(found, "France")
    assert "Paris" in france.aliases


def test_capital_as_place_stays_a_city(entities):
    found = entities("The minister arrived in Nairobi on Monday. Kenya welcomed the visit.")
    nairobi = _named(found, "Nairobi")
    kenya = _named(found, "Kenya")
    assert nairobi.id != kenya.id
    assert nairobi.affiliation == kenya.id


def test_military_and_defense_ministry_are_one_institution(entities):
    found = entities("The French military said the drill was over. The Defense Ministry said no one was hurt.")
    ministry = _named(found, "French military")
    assert "Defense Ministry" in ministry.aliases
    assert _affiliation_name(found, ministry) == "France"


def test_role_description_becomes_a_nominal_mention(entities):
    found = entities("Ukrainian Ambassador to Spain Olena Koval spoke first. The Ukrainian envoy said talks went well.")
    koval = _named(found, "Olena Koval")
    nominal = [m for m in found.mentions if m.label == "NOMINAL"]
    assert [m.entity for m in nominal] == [koval.id]


def test_transliteration_variants_share_a_key():
    assert name_variant_key("Sergei Ivanov") == name_variant_key("Sergey Ivanov")
    assert name_variant_key("Dmitriy Petrov") == name_variant_key("Dmitry Petrov") == name_variant_key("Dmitrii Petrov")
    assert name_variant_key("Yuri Popov") == name_variant_key("Yury Popov")
    assert name_variant_key("Maria Smirnova") != name_variant_key("Marina Smirnova")


def test_transliteration_variants_merge_across_articles(entities):
    exs = _articles(entities, "Defense Minister Andrei Volkov said the drills ended.",
                    "Andrey Volkov said the troops were back in barracks.")
    _merged, mapping = resolve_entities(exs)
    ids = {mapping[e.id] for ex in exs for e in ex.entities if "Volkov" in e.name}
    assert len(ids) == 1


def test_people_sharing_a_surname_are_not_merged(entities):
    exs = _articles(entities, "Finance Minister John Carter said taxes would rise.",
                    "Coach Emily Carter said the team was ready.",
                    "Carter said nothing else.")
    _merged, mapping = resolve_entities(exs)
    carters = {mapping[e.id] for ex in exs for e in ex.entities if "Carter" in e.name}
    assert len(carters) == 3  # John, Emily, and an ambiguous bare "Carter" left alone


def test_surname_alone_merges_when_unambiguous(entities):
    exs = _articles(entities, "President Luis Moreno said the vote was fair.",
                    "Opposition leader Moreno said he would stay.")
    _merged, mapping = resolve_entities(exs)
    assert len({mapping[e.id] for ex in exs for e in ex.entities if "Moreno" in e.name}) == 1


def test_global_affiliation_is_a_global_id(entities):
    exs = _articles(entities, "Polish Foreign Minister Jan Nowak spoke in Warsaw.", "Poland said it agreed.")
    merged, _mapping = resolve_entities(exs)
    nowak = next(e for e in merged if e.name == "Jan Nowak")
    poland = next(e for e in merged if e.name == "Poland")
    assert nowak.affiliation == poland.id
