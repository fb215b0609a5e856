"""The cue and relay lexicons, loaded once from `storyline/data/quotes/`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from storyline.entities.gazetteer import fold
from storyline.resources import load_data


@dataclass(frozen=True)
class Lexicon:
    """Cue verbs (lemmas), source phrases, fillers and outlet words."""

    speech_verbs: frozenset[str]
    belief_verbs: frozenset[str]
    fragment_verbs: frozenset[str]
    quote_verbs: frozenset[str]
    relay_verbs: frozenset[str]
    source_phrases: tuple[str, ...]
    fillers: frozenset[str]
    outlets: frozenset[str]
    outlet_nouns: frozenset[str]

    def is_outlet(self, name: str) -> bool:
        """Whether a name is a known news outlet or headed by an outlet noun ("state media")."""
        key = fold(name)
        words = key.split()
        return key in self.outlets or bool(words and words[-1] in self.outlet_nouns)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The quotes lexicon, loaded once per process."""
    cues = load_data("quotes", "cues.yaml")
    relays = load_data("quotes", "relays.yaml")
    return Lexicon(
        speech_verbs=frozenset(cues["speech_verbs"]),
        belief_verbs=frozenset(cues["belief_verbs"]),
        fragment_verbs=frozenset(cues["fragment_verbs"]),
        quote_verbs=frozenset(cues["quote_verbs"]),
        relay_verbs=frozenset(relays["relay_verbs"]),
        source_phrases=tuple(sorted(cues["source_phrases"], key=len, reverse=True)),
        fillers=frozenset(cues["cue_fillers"]),
        outlets=frozenset(fold(o) for o in relays["outlets"]),
        outlet_nouns=frozenset(relays["outlet_nouns"]),
    )
