"""The entity gazetteers load and answer the lookups the stage relies on."""

from __future__ import annotations

from storyline.entities.gazetteer import (
    capital_of,
    country_of,
    demonym_of,
    institution_of,
    org_of,
    role_class,
    strip_org_suffix,
)


def test_countries_aliases_capitals_demonyms_and_seats():
    assert country_of("U.S.") == "United States"
    assert country_of("the Russian Federation") == "Russia"
    assert country_of("White House") == "United States"
    assert capital_of("Kyiv") == capital_of("Kiev") == "Ukraine"
    assert demonym_of("Afghans") == "Afghanistan"
    assert country_of("Paris") is None


def test_organisations_and_their_branches():
    assert org_of("NATO") == org_of("North Atlantic Treaty Organization")
    assert org_of("ISIL") == org_of("ISIS-K") == "Islamic State"
    assert org_of("Acme Corp") is None


def test_institutions_and_suffixes():
    assert institution_of("Ministry of Defence") == institution_of("military") == "defense ministry"
    assert strip_org_suffix("Kurdistan Workers movement") == "Kurdistan Workers"
    assert strip_org_suffix("Reuters News Agency") == "Reuters"


def test_role_classes():
    assert role_class("ambassador") == role_class("envoy")
    assert role_class("spokesman") == role_class("spokeswoman")
