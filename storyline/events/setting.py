"""The country an article is set in: where its aid, evacuations, seizures and tolls happen
when their own sentences do not say ("India sent 20 tonnes of food" in a story on Nepal).

An article's setting is the country it names most often, counting its cities and capitals
for it ("Kathmandu" for Nepal), among the countries that do not act in it: a country
that is the source of one of its events, or the country of such a source ("the Indian
Foreign Ministry"), is where help comes from, not where it goes. No setting when two
countries tie, or when none is named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from storyline.entities.gazetteer import country_of
from storyline.model import Extraction


def countries(found: Extraction) -> dict[str, str]:
    """Local entity id -> the country it is or lies in: a country's own name, or a place
    whose affiliation is such a country (capitals and other cities)."""
    out = {e.id: e.id for e in found.entities if e.type == "GPE" and country_of(e.name)}
    for e in found.entities:
        if e.type in ("GPE", "LOC", "FAC") and e.id not in out and e.affiliation in out:
            out[e.id] = out[e.affiliation]
    return out


def article_setting(found: Extraction, actors: Iterable[str]) -> str | None:
    """The local id of the country the article is set in, if one stands out (see the module
    docstring); `actors` are the sources of its events."""
    where = countries(found)
    affiliation = {e.id: e.affiliation for e in found.entities}
    acting = {where.get(a) or where.get(affiliation.get(a) or "") for a in actors} - {None}
    counts = Counter(where[m.entity] for m in found.mentions if m.entity in where)
    ranked = [(n, c) for c, n in counts.most_common() if c not in acting]
    if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    return ranked[0][1]
