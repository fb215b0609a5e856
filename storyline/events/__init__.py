"""Events: who did what to whom, when, how surely, typed by a data-file ontology.

`find_events` is the stage; the ontology, triggers and status cues live in
`storyline/data/events/`.
"""

from storyline.events.find import find_events
from storyline.events.ontology import ontology

__all__ = ["find_events", "ontology"]
