"""Who said what: direct, indirect and mixed quotes with speaker, cue and relay chain.

`find_quotes` is the per-article stage: `direct` finds words inside quotation
marks with a cue beside them, `reported` finds reported speech and quoted
fragments, `relays` reads who passed the words on, and speakers are resolved
in reading order so "he added" is the previous speaker. A quote whose speaker
cannot be resolved is left out: a quote with the wrong speaker is worse than
none. `quotes_by_speaker` groups a story's quotes for display.
"""

from __future__ import annotations

from storyline.model import Entity, Extraction, Quote, Story
from storyline.pipeline import Parsed
from storyline.quotes.direct import direct_quotes
from storyline.quotes.found import Found
from storyline.quotes.marks import quotations
from storyline.quotes.relays import relays
from storyline.quotes.reported import reported
from storyline.quotes.speakers import Speaker, SpeakerFinder, resolve_pronoun

__all__ = ["find_quotes", "quotes_by_speaker"]


def find_quotes(parsed: Parsed, found: Extraction) -> list[Quote]:
    """The quotes of one article, in reading order, with speakers resolved to local entities."""
    doc = parsed.doc
    finder = SpeakerFinder(doc, found.mentions)
    marks = quotations(finder.text)
    direct = direct_quotes(doc, marks, finder)
    candidates = sorted(direct + reported(doc, finder, marks, direct), key=lambda f: (f.at, f.start))
    labels = {e.id: e.type for e in found.entities}
    quotes: list[Quote] = []
    previous: Speaker | None = None
    for f in candidates:
        speaker = _resolve(f, previous, found, labels)
        if speaker is None or speaker.entity is None:
            continue
        previous = speaker
        quotes.append(_quote(parsed, found, f, speaker, len(quotes) + 1, finder))
    return quotes


def _resolve(f: Found, previous: Speaker | None, found: Extraction, labels: dict[str, str]) -> Speaker | None:
    """The quote's speaker with a pronoun (or a continued quote) resolved."""
    if f.continues:
        return previous
    speaker = f.speaker
    if speaker is None or not speaker.pronoun:
        return speaker
    entity = resolve_pronoun(speaker, previous, found.mentions, labels)
    return Speaker(speaker.text, speaker.start, speaker.end, entity, speaker.pronoun)


def _quote(parsed: Parsed, found: Extraction, f: Found, speaker: Speaker, n: int,
           finder: SpeakerFinder) -> Quote:
    """The Quote record of a resolved candidate."""
    text = finder.text
    via: list[str] = []
    said_on = None
    if f.sent is not None:
        has_cue = f.cue is not None or f.cue_text == "according to"
        via = [v for v in relays(f.sent, finder, has_cue) if v != speaker.entity]
        said_on = _said_on(found, f)
    aid = parsed.article.id
    return Quote(
        id=f"{aid}:q{n}", article=aid, start=f.start, end=f.end, content=text[f.start : f.end],
        kind=f.kind, speaker=speaker.entity, speaker_text=speaker.text, cue=f.cue_text,
        via=via, said_on=said_on,
    )


def _said_on(found: Extraction, f: Found) -> str | None:
    """The date of the cue's sentence, from a timex outside the quoted content."""
    if f.sent is None:
        return None
    lo, hi = f.sent.start_char, f.sent.end_char
    for t in found.timexes:
        if lo <= t.start < hi and not (f.start <= t.start < f.end) and t.type == "DATE":
            return t.value
    return None


def quotes_by_speaker(story: Story, speaker: str | None = None) -> list[tuple[Entity | None, list[Quote]]]:
    """A story's quotes grouped by global speaker, most quoted first.

    `speaker` filters by a case-insensitive part of the speaker's name or an
    alias. Quotes within a group keep article and reading order.
    """
    by_id = {e.id: e for e in story.entities}
    groups: dict[str | None, list[Quote]] = {}
    for ex in story.extractions:
        for q in ex.quotes:
            gid = story.entity_map.get(q.speaker or "", q.speaker)
            groups.setdefault(gid, []).append(q)
    out = [(by_id.get(gid) if gid else None, qs) for gid, qs in groups.items()]
    if speaker:
        want = speaker.lower()
        out = [(e, qs) for e, qs in out if e and any(want in n.lower() for n in [e.name, *e.aliases])]
    # Unattributed quotes come after every named speaker with as many quotes.
    return sorted(out, key=lambda pair: (-len(pair[1]), pair[0] is None, pair[0].name if pair[0] else ""))
