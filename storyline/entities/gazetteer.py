"""World knowledge the entity stage reads from data files: countries, organisations, roles.

Everything here is loaded once from `storyline/data/entities/*.yaml` and
answered through small lookup functions, all keyed by a folded name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from storyline.resources import load_data


@lru_cache(maxsize=1 << 16)  # the same names are folded over and over across a build
def fold(text: str) -> str:
    """A name folded for lookup: lower case, typographic apostrophes, single spaces."""
    text = text.replace("’", "'").replace("‘", "'").strip().lower()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text)


@dataclass
class Gazetteer:
    """Lookups over the country, organisation, role and institution data files."""

    country_names: dict[str, str] = field(default_factory=dict)  # name/alias -> country
    capitals: dict[str, str] = field(default_factory=dict)  # capital -> country
    seats: dict[str, str] = field(default_factory=dict)  # "kremlin" -> Russia
    demonyms: dict[str, str] = field(default_factory=dict)  # "russian" -> Russia
    orgs: dict[str, str] = field(default_factory=dict)  # alias -> canonical org name
    institutions: dict[str, str] = field(default_factory=dict)  # head phrase -> class
    org_suffixes: list[str] = field(default_factory=list)
    role_nouns: frozenset[str] = frozenset()
    title_modifiers: frozenset[str] = frozenset()
    role_class: dict[str, str] = field(default_factory=dict)  # role noun -> class


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process."""
    gz = Gazetteer()
    for c in load_data("entities", "countries.yaml"):
        name = c["name"]
        for alias in [name, *c.get("aliases", [])]:
            gz.country_names[fold(alias)] = name
        for cap in [c.get("capital"), *c.get("capital_aliases", [])]:
            if cap:
                gz.capitals[fold(cap)] = name
        for seat in c.get("seats", []):
            gz.seats[fold(seat)] = name
        for dem in c.get("demonyms", []):
            gz.demonyms[fold(dem)] = name
    for o in load_data("entities", "organizations.yaml"):
        for alias in [o["name"], *o.get("aliases", [])]:
            gz.orgs[fold(alias)] = o["name"]
    inst = load_data("entities", "institutions.yaml")
    for cls, heads in inst["classes"].items():
        for head in heads:
            gz.institutions[fold(head)] = cls
    gz.org_suffixes = sorted(inst["org_suffixes"], key=len, reverse=True)
    roles = load_data("entities", "roles.yaml")
    gz.role_nouns = frozenset(roles["role_nouns"])
    gz.title_modifiers = frozenset(roles["title_modifiers"])
    for cls, nouns in roles["role_classes"].items():
        for noun in nouns:
            gz.role_class[noun] = cls
    return gz


def country_of(name: str) -> str | None:
    """The country a name denotes outright: its name, another name, or a seat of government."""
    gz = gazetteer()
    key = fold(name)
    return gz.country_names.get(key) or gz.seats.get(key)


def capital_of(name: str) -> str | None:
    """The country whose capital is `name`, if it is one."""
    return gazetteer().capitals.get(fold(name))


def demonym_of(name: str) -> str | None:
    """The country a demonym ("Russian", "Afghans") belongs to."""
    return gazetteer().demonyms.get(fold(name))


def org_of(name: str) -> str | None:
    """The canonical name of a well-known organisation, by any of its names.

    A branch written as the acronym plus a hyphenated letter ("ABC-K") counts as
    the organisation itself.
    """
    orgs = gazetteer().orgs
    key = fold(name)
    if key in orgs:
        return orgs[key]
    branch = re.match(r"^([a-z.]{2,})-[a-z]{1,2}$", key)
    return orgs.get(branch.group(1)) if branch else None


def institution_of(phrase: str) -> str | None:
    """The institution class ("defense ministry") a phrase names, if any."""
    return gazetteer().institutions.get(fold(phrase))


def strip_org_suffix(name: str) -> str:
    """An organisation's name without a trailing generic word ("X movement" -> "X")."""
    low = name.lower()
    for suffix in gazetteer().org_suffixes:
        if low.endswith(" " + suffix) and len(name) > len(suffix) + 2:
            return name[: -len(suffix) - 1].rstrip()
    return name


def is_role_noun(word: str) -> bool:
    """Whether `word` heads a title ("minister", "envoy", "spokeswoman")."""
    return word.lower() in gazetteer().role_nouns


def is_title_word(word: str) -> bool:
    """Whether `word` may sit inside a title ("Foreign", "Deputy") or heads one."""
    low = word.lower()
    gz = gazetteer()
    return low in gz.role_nouns or low in gz.title_modifiers


def role_class(word: str) -> str:
    """The class a role noun belongs to, for matching descriptions to people."""
    low = word.lower()
    return gazetteer().role_class.get(low, low)
