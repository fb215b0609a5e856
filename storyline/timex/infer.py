"""Publication dates inferred for undated articles, as honest ranges.

Each temporal expression is a clue about the unknown date *d*: an absolute date
in a past-tense clause says d is after it; a bare past month ("in November")
says d is within a few months after the most recent November; an expression
tied to an event dated in another article ("took power in August last year",
"this week following the takeover") pins its own value against that date. The
days consistent with every clue form the range; the value is the finest
TIMEX3 value the whole range shares (or the day of the lede's weekday, the
usual publication day of "X said Thursday").

`infer_published` uses the article alone; `refine_published` adds the events
that other articles of the build date. What it needs of an article is read once,
by the `date_evidence` stage (its clues and the event words they date), so the
cross-article step matches stored records and never parses again.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from storyline.model import Article, DateClue, DateEvidence, EventAnchor, Extraction, Mention, Published
from storyline.pipeline import Parsed, doc_text, span_text
from storyline.resources import load_data
from storyline.timex import normalize as nz
from storyline.timex.rules import load_rules
from storyline.timex.tagger import MONTHS, Found, tag_doc
from storyline.timex.tense import direction_at

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: Two far-apart reference dates: what a text gives the same value under both is absolute
#: (an undated text is read under both, here for its date and in `timex.tag` for its timexes).
PROBES = (date(2001, 3, 14), date(2012, 10, 9))
#: A calendar date without its year ("20 April", "April"): it names its day, not a distance from d.
_CALENDAR = re.compile(r"^XXXX-\d\d(-\d\d)?$")
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"}


@dataclass
class Clue:
    """One expression of an undated article and how its value depends on d."""

    found: Found
    direction: int
    sentence: int
    value_at: Callable[[date], str | None]
    absolute: bool
    printed: bool = False  # the date of a print-edition line: d is on it or a few days before


@dataclass
class Link:
    """An event named in this article and dated (as one of `ranges`) in other articles."""

    ranges: list[tuple[date, date]]
    clues: list[Clue]  # the expressions that date the event here ("from August 26 to December 1")
    following: Clue | None  # "this week following <event>"
    why: str

    @property
    def earliest(self) -> date:
        """The first day any of the ranges allows."""
        return min(r[0] for r in self.ranges)


@dataclass
class Evidence:
    """Everything an article says about its own date."""

    clues: list[Clue]
    links: list[Link] = field(default_factory=list)


@lru_cache(maxsize=1)
def _settings() -> dict[str, int]:
    return dict(load_rules().raw["inference"])


@lru_cache(maxsize=1)
def _print_line() -> re.Pattern[str]:
    """A print-edition line before a date: the date bounds publication from above (rules.yaml)."""
    return re.compile(load_rules().raw["print_line"], re.IGNORECASE)


@lru_cache(maxsize=1)
def _event_lexicon() -> tuple[dict[str, re.Pattern[str]], re.Pattern[str]]:
    raw = load_data("timex", "events.yaml")
    classes = {k: re.compile(r"\b(?:" + "|".join(v) + r")", re.IGNORECASE) for k, v in raw["classes"].items()}
    following = re.compile(r"\b(?:" + "|".join(raw["following"]) + r")\b", re.IGNORECASE)
    return classes, following


# --- clues -------------------------------------------------------------------


def clues_of(doc: Doc) -> list[Clue]:
    """The temporal expressions of `doc` as functions of the unknown publication date."""
    first, second = tag_doc(doc, PROBES[0]), tag_doc(doc, PROBES[1])
    other = {(f.start, f.end): f.value for f in second}
    sent_of = {s.start_char: i for i, s in enumerate(doc.sents)}
    starts = sorted(sent_of)
    text = doc_text(doc)
    out = []
    for f in first:
        if f.type != "DATE" or f.value is None or f.value.endswith("_REF"):
            continue
        sentence_start = max(s for s in starts if s <= f.start)
        printed = bool(_print_line().search(text, sentence_start, f.start))
        direction = 1 if printed else direction_at(doc, f.start, f.end)
        absolute = f.value == other.get((f.start, f.end)) and "XXXX" not in f.value
        sentence = sent_of[sentence_start]
        out.append(Clue(f, direction, sentence, _value_fn(f, direction, absolute), absolute, printed))
    return out


def clue_record(clue: Clue) -> DateClue:
    """A clue as the record the store keeps."""
    f = clue.found
    return DateClue(f.start, f.end, f.text, f.type, f.value, f.raw, clue.direction, clue.sentence, clue.absolute,
                    clue.printed)


def clue_of(record: DateClue) -> Clue:
    """The clue a stored record was made from."""
    f = Found(record.start, record.end, record.text, record.type, record.value, record.raw)
    return Clue(f, record.direction, record.sentence, _value_fn(f, record.direction, record.absolute),
                record.absolute, record.printed)


def _value_fn(f: Found, direction: int, absolute: bool) -> Callable[[date], str | None]:
    value = f.value or ""
    if absolute:
        return lambda d: value
    if "XXXX" in f.raw:
        return lambda d: nz.resolve(f.raw, d, direction)
    if f.raw.startswith("month_offset:"):  # "August last year": the month is fixed, the year moves
        years = int(f.raw.split(":")[1])
        return lambda d: f"{d.year + years:04d}{value[4:]}"
    unit = nz.granularity(value)
    if unit is None:
        return lambda d: None
    first, _ = nz.bounds(value)
    if unit == "month" and _names_a_month(f.text):
        # "last April": the April before d (not eleven months before it), as the probe read it
        month, side = value[5:7], -1 if value < PROBES[0].isoformat()[:7] else 1
        return lambda d: nz.resolve(f"XXXX-{month}", d, side)
    offset = _units_between(PROBES[0], date.fromisoformat(first or PROBES[0].isoformat()), unit)
    return lambda d: nz.at_granularity(nz.shift(d, unit, offset), unit)


def _names_a_month(text: str) -> bool:
    """Whether an expression names a calendar month ("last April"), not a count of months."""
    return any(word in MONTHS for word in re.findall(r"[a-z]+", text.lower()))


def _units_between(a: date, b: date, unit: str) -> int:
    if unit == "year":
        return b.year - a.year
    if unit == "month":
        return (b.year - a.year) * 12 + b.month - a.month
    if unit == "week":
        return (b - timedelta(days=b.weekday()) - (a - timedelta(days=a.weekday()))).days // 7
    return (b - a).days


# --- solving -----------------------------------------------------------------


def solve(evidence: Evidence) -> Published | None:
    """The range of publication days consistent with all the evidence (None without any)."""
    window = _window(evidence)
    if window is None:
        return None
    lo, hi, why = window
    checks = _checks(evidence)
    days = [d for d in _days(lo, hi) if all(ok(d) for ok in checks)]
    if not days:
        return None
    first, last = days[0], days[-1]
    open_ended = last == hi and hi - lo >= timedelta(days=_settings()["search_days"])
    value = _value(evidence, first, last if not open_ended else None)
    return Published(value, "inferred", first.isoformat(), None if open_ended else last.isoformat(),
                     "; ".join(why + _explain(evidence)))


def _days(lo: date, hi: date) -> Iterable[date]:
    d = lo
    while d <= hi:
        yield d
        d += timedelta(days=1)


def _window(evidence: Evidence) -> tuple[date, date, list[str]] | None:
    """The first day any clue allows, and a search horizon after it."""
    starts, why = [], []
    for c in evidence.clues:
        first, _ = nz.bounds(c.found.value or "")
        if c.absolute and c.direction < 0 and first:
            starts.append(date.fromisoformat(first))
            why.append(f"{c.found.text!r} ({c.found.value}) is in the past")
        elif c.absolute and c.printed and first:
            starts.append(_printed_from(first))
            why.append(f"{c.found.text!r} ({c.found.value}) is the day it was printed")
    for link in evidence.links:
        starts.append(link.earliest)
    if not starts:
        return None
    lo = max(starts)
    return lo, lo + timedelta(days=_settings()["search_days"]), why


def _checks(evidence: Evidence) -> list[Callable[[date], bool]]:
    checks: list[Callable[[date], bool]] = []
    horizon = _settings()["bare_month_horizon_months"]
    for c in evidence.clues:
        first, last = nz.bounds(c.found.value or "")
        if c.absolute and c.direction < 0 and first:
            checks.append(_not_before(date.fromisoformat(first)))
        elif c.absolute and c.printed and first and last:
            checks += [_not_before(_printed_from(first)), _not_after(date.fromisoformat(last))]
        elif c.absolute and c.direction > 0 and last:
            checks.append(_not_after(date.fromisoformat(last)))
        elif _CALENDAR.match(c.found.raw) and c.direction < 0:
            checks.append(_recent(c, horizon))
    for link in evidence.links:
        checks.extend(_link_checks(link, evidence))
    return checks


def _printed_from(day: str) -> date:
    """The first day an article printed on `day` may have been published (online) on."""
    return date.fromisoformat(day) - timedelta(days=_settings()["print_lead_days"])


def _not_before(day: date) -> Callable[[date], bool]:
    return lambda d: d >= day


def _not_after(day: date) -> Callable[[date], bool]:
    return lambda d: d <= day


def _recent(clue: Clue, months: int) -> Callable[[date], bool]:
    return lambda d: _within_months(clue.value_at(d), d, months)


def _lede_after(clue: Clue, day: date) -> Callable[[date], bool]:
    return lambda d: (clue.value_at(d) or "9999") >= day.isoformat()


def _within_months(value: str | None, d: date, months: int) -> bool:
    first, _ = nz.bounds(value or "")
    return first is None or (d.year - int(first[:4])) * 12 + d.month - int(first[5:7]) <= months


def _link_checks(link: Link, evidence: Evidence) -> list[Callable[[date], bool]]:
    checks: list[Callable[[date], bool]] = [lambda d: d >= link.earliest]
    if link.clues:
        checks.append(lambda d: _overlaps([c.value_at(d) for c in link.clues], link))
    if link.following is not None:
        unit = nz.granularity(link.following.value_at(PROBES[0]) or "")
        if unit is not None:
            checks.append(lambda d: any(_units_between(r[1], d, unit) in (0, 1) for r in link.ranges))
    lede = [c for c in evidence.clues if c.sentence == 0 and re.fullmatch(r"XXXX-WXX-\d", c.found.raw)]
    for c in lede:
        # The lede reports the newest event: its weekday is not before the events it follows.
        checks.append(_lede_after(c, link.earliest))
    return checks


def _overlaps(values: list[str | None], link: Link) -> bool:
    """Whether the span the values cover meets one of the link's dated ranges."""
    spans = [nz.bounds(v or "") for v in values]
    firsts = [a for a, _ in spans if a]
    lasts = [b for _, b in spans if b]
    if not firsts or not lasts:
        return True
    first, last = min(firsts), max(lasts)
    return any(first <= r[1].isoformat() and last >= r[0].isoformat() for r in link.ranges)


def _value(evidence: Evidence, first: date, last: date | None) -> str | None:
    if last is None:
        return None
    if first == last:
        return first.isoformat()
    lede = [c.value_at(first) for c in evidence.clues
            if c.sentence == 0 and re.fullmatch(r"XXXX-WXX-\d", c.found.raw)]
    if lede and all(c.value_at(last) == lede[0] for c in evidence.clues if c.sentence == 0
                    and re.fullmatch(r"XXXX-WXX-\d", c.found.raw)) and lede[0]:
        return lede[0]
    if first.year == last.year and first.month == last.month:
        return f"{first.year:04d}-{first.month:02d}"
    if first.year == last.year:
        return f"{first.year:04d}"
    return None


def _explain(evidence: Evidence) -> list[str]:
    return [link.why for link in evidence.links]


# --- the per-article stage ------------------------------------------------------


def infer_published(parsed: Parsed, found: Extraction) -> Published | None:
    """The inferred publication date of an undated article (None when it states one).

    Uses the article's own expressions (its `date_evidence` when that stage ran),
    or the date `refine_published` found for it in other articles
    (`parsed.dated_elsewhere`), or the events other articles date
    (`parsed.dated_events`, when the build extracts undated articles after the
    dated ones); with no dated clue at all the result has no value and says so.
    """
    if parsed.article.published is not None:
        return None
    if parsed.dated_elsewhere is not None:
        return parsed.dated_elsewhere
    if not found.date_evidence:
        return _own_date(clues_of(parsed.doc))
    evidence = found.date_evidence[0]
    refined = refine_one(evidence, parsed.dated_events) if parsed.dated_events is not None else None
    return refined or _own_date_of(evidence)


def _own_date(clues: list[Clue]) -> Published:
    """The date an undated article's own expressions allow (honestly empty without a dated one)."""
    return solve(Evidence(clues)) or Published(None, "inferred", None, None, "no dated expression in the text")


def _own_date_of(evidence: DateEvidence) -> Published:
    """`_own_date` of an article's stored evidence (kept with it since extraction version 3)."""
    return evidence.own or _own_date([clue_of(c) for c in evidence.clues])


def date_evidence(parsed: Parsed, found: Extraction) -> list[DateEvidence]:
    """The stage: what an article that does not state its day says about its date (its clues and
    the event words they date), for `infer_published` and the cross-article `refine_published`.
    Nothing for an article that states its day; a re-extraction keeps what was read before."""
    if stated_to_the_day(parsed.article.published):
        return []
    if parsed.date_evidence is not None:
        return [parsed.date_evidence]
    clues = clues_of(parsed.doc)
    return [DateEvidence(parsed.article.id, [clue_record(c) for c in clues],
                         anchors_of(parsed.doc, found.mentions, clues), _own_date(clues))]


def anchors_of(doc: Doc, mentions: list[Mention], clues: list[Clue]) -> list[EventAnchor]:
    """Event words of `doc` with a name in their sentence and a clue that dates them there:
    the only places another article's dated event can date this one."""
    classes, following = _event_lexicon()
    index = {id(c): i for i, c in enumerate(clues)}
    sents = list(doc.sents)
    named = _names_by_sentence(_mentioned(mentions), [(s.start_char, s.end_char) for s in sents])
    # spaCy's entities wholly within each sentence (what `Span.ents` gives, walking all of them per call)
    entities = _names_by_sentence(((e.start, e.end - 1, e.label_, e.text) for e in doc.ents),
                                  [(s.start, s.end) for s in sents])
    out = []
    for i, sent in enumerate(sents):
        names = named[i] or entities[i]
        if not names:
            continue
        here = [c for c in clues if c.sentence == i]
        sent_text = span_text(sent)
        for kind, pattern in classes.items():
            for m in pattern.finditer(sent_text):
                pos = sent.start_char + m.start()
                trigger = doc.char_span(pos, pos + len(m.group(0)), alignment_mode="expand")
                attached, after = _attachment(doc, sent_text, sent.start_char, pos, trigger, here, following)
                if attached or after is not None:
                    out.append(EventAnchor(kind, sorted(names), pos, m.group(0), [index[id(c)] for c in attached],
                                           None if after is None else index[id(after)]))
    return out


# --- cross-article refinement ---------------------------------------------------


@dataclass(frozen=True)
class DatedEvent:
    """An event mention with a resolved date, from an article whose date is known."""

    kind: str
    names: frozenset[str]
    earliest: date
    latest: date
    text: str

    def as_row(self) -> list[Any]:
        """The event as JSON-ready values (kept in the store between builds)."""
        return [self.kind, sorted(self.names), self.earliest.isoformat(), self.latest.isoformat(), self.text]

    @classmethod
    def from_row(cls, row: list[Any]) -> DatedEvent:
        """The event `as_row` gave."""
        kind, names, earliest, latest, text = row
        return cls(kind, frozenset(names), date.fromisoformat(earliest), date.fromisoformat(latest), text)


def refine_published(articles: Iterable[Article], extractions: Iterable[Extraction]) -> dict[str, Published]:
    """Tighter inferred dates for undated articles, using events dated in other articles of the build.

    `articles` and `extractions` go in the same order, one extraction per article,
    and are read once, so a build can stream them: only the undated articles' date
    evidence and the dated events are kept. An undated article needs its
    `date_evidence`; a dated one its sentences, timexes and mentions. Returns
    {article id: Published} for the articles whose date it could narrow.
    """
    dated, undated = _collect(articles, extractions)
    return {i: pub for i, pub in _refine(undated, dated).items() if pub is not None}


def refine_published_since(articles: Iterable[Article], extractions: Iterable[Extraction],
                           previous: frozenset[DatedEvent] | None, fresh: Collection[str],
                           known: list[DatedEvent] | None = None,
                           ) -> tuple[dict[str, Published], frozenset[DatedEvent]]:
    """`refine_published` for a re-build: only the undated articles whose refined date can differ
    from the last build's, whose dated events were `previous` (None: unknown, refine all).

    Those are the articles parsed in this build (`fresh`) and those naming an event that was
    dated then and is not now, or the reverse: an article's links only ever match events of a
    kind it names, with a name it names. Returns, for each article looked at, the date it
    should have now (the one found elsewhere, else its own, so that a date found in an event
    that is gone is withdrawn), and the events dated now (`known`: those, when the caller has
    them, so the dated articles' extractions need not be read again).
    """
    dated, undated = _collect(articles, extractions)
    dated = dated if known is None else known
    now = frozenset(dated)
    if previous is not None:
        changed = DatedIndex(now ^ previous)
        undated = [(a, ev) for a, ev in undated if a.id in fresh or changed.names_any(ev.anchors)]
    found = _refine(undated, dated)
    return {a.id: found.get(a.id) or _own_date_of(ev) for a, ev in undated}, now


def _collect(articles: Iterable[Article], extractions: Iterable[Extraction],
             ) -> tuple[list[DatedEvent], list[tuple[Article, DateEvidence]]]:
    dated: list[DatedEvent] = []
    undated: list[tuple[Article, DateEvidence]] = []
    for a, x in zip(articles, extractions, strict=True):
        if _is_dated(a, x):
            dated += dated_events(a, x)
        elif x.date_evidence:
            undated.append((a, x.date_evidence[0]))
    return dated, undated


class DatedIndex:
    """Dated events by kind and name: what an event word of that kind and a name of its sentence match."""

    def __init__(self, events: Iterable[DatedEvent]):
        self.by_name: dict[tuple[str, str], list[DatedEvent]] = {}
        for e in events:
            for name in e.names:
                self.by_name.setdefault((e.kind, name), []).append(e)

    def matches(self, anchor: EventAnchor) -> list[DatedEvent]:
        """The dated events of the anchor's kind that share a name with its sentence."""
        return [e for name in anchor.names for e in self.by_name.get((anchor.kind, name), ())]

    def names_any(self, anchors: Iterable[EventAnchor]) -> bool:
        """Whether any of the anchors matches an event here."""
        return any((a.kind, name) in self.by_name for a in anchors for name in a.names)

    def for_texts(self, texts: Iterable[str]) -> DatedIndex:
        """The part of the index articles with these texts can match (what a worker is sent):
        an anchor's names are its article's mention texts, lower-cased, so each occurs in it."""
        lowered = [t.lower() for t in texts]
        words = {w for t in lowered for w in _WORD.findall(t)}
        keep = DatedIndex(())
        for (kind, name), events in self.by_name.items():
            first = _WORD.search(name)
            if (first is None or first.group(0) in words) and any(name in t for t in lowered):
                keep.by_name[(kind, name)] = events
        return keep

    def __len__(self) -> int:
        return len(self.by_name)


_WORD = re.compile(r"\w+")


def dated_events_of(articles: Iterable[Article], extractions: Iterable[Extraction]) -> list[DatedEvent]:
    """The events the dated articles among these date (streamed once, like `refine_published`)."""
    dated, _ = _collect(articles, extractions)
    return dated


def _refine(undated: list[tuple[Article, DateEvidence]], dated: list[DatedEvent]) -> dict[str, Published | None]:
    """For the undated articles that name a dated event, the date the events give (None: they
    do not narrow it)."""
    index = DatedIndex(dated)
    return {a.id: refine_one(evidence, index) for a, evidence in undated if index.names_any(evidence.anchors)}


def refine_one(evidence: DateEvidence, dated: DatedIndex) -> Published | None:
    """The date of one undated article from its own clues and the `dated` events it names
    (None when it names none of them, or they do not narrow it)."""
    clues = [clue_of(c) for c in evidence.clues]
    links = links_of(evidence.anchors, clues, dated)
    return solve(Evidence(clues, links)) if links else None


def _is_dated(article: Article, found: Extraction) -> bool:
    return stated_to_the_day(article.published or found.published)


def stated_to_the_day(pub: Published | None) -> bool:
    """Whether a publication date is stated to the day (an inferred one, even precise, is not evidence)."""
    return bool(pub and pub.value and pub.source != "inferred" and nz.granularity(pub.value) == "day")


def _names_by_sentence(named: Iterable[tuple[int, int, str, str]], bounds: list[tuple[int, int]]
                       ) -> list[frozenset[str]]:
    """The names in each sentence ([start, end), in text order) of (first, last, label, text)
    items, each lying in the sentence its first position falls in if its last one does too:
    each item placed once, not tried against every sentence (long articles have thousands)."""
    starts = [start for start, _ in bounds]
    names: list[set[str]] = [set() for _ in bounds]
    for first, last, label, text in named:
        i = bisect_right(starts, first) - 1
        if label in ENTITY_LABELS and i >= 0 and last < bounds[i][1]:
            names[i].add(re.sub(r"['’]s$", "", text).lower())
    return [frozenset(n) for n in names]


def _mentioned(mentions: Iterable[Mention]) -> Iterator[tuple[int, int, str, str]]:
    """Mentions for `_names_by_sentence`: a mention belongs to the sentence it starts in."""
    return ((m.start, m.start, m.label, m.text) for m in mentions)


def dated_events(article: Article, found: Extraction) -> list[DatedEvent]:
    """Events with a resolved date in a dated article: an event word and a timex in one sentence."""
    classes, _ = _event_lexicon()
    out = []
    named = _names_by_sentence(_mentioned(found.mentions), [(s.start, s.end) for s in found.sentences])
    for s, names in zip(found.sentences, named, strict=True):
        times = [t for t in found.timexes if s.start <= t.start < s.end and t.type == "DATE" and t.earliest]
        if not times:
            continue
        for kind, pattern in classes.items():
            for m in pattern.finditer(s.text):
                pos = s.start + m.start()
                t = min(times, key=lambda t: abs(t.start - pos))
                first, last = date.fromisoformat(t.earliest or ""), date.fromisoformat(t.latest or t.earliest or "")
                if (last - first).days < _settings()["link_max_days"]:
                    out.append(DatedEvent(kind, names, first, last, s.text[:80]))
    return out


def links_of(anchors: list[EventAnchor], clues: list[Clue], dated: DatedIndex) -> list[Link]:
    """Events of this (undated) article that another article dates: same kind, a shared name.

    `clues` are the article's own expressions, which the anchors' indexes name.
    """
    links = []
    for anchor in anchors:
        matches = dated.matches(anchor)
        if not matches:
            continue
        ranges = _ranges(matches)
        links.append(Link(ranges, [clues[i] for i in anchor.attached],
                          None if anchor.following is None else clues[anchor.following],
                          f"{anchor.word!r} here is the {anchor.kind} event dated "
                          f"{', '.join(f'{a}..{b}' for a, b in ranges)} in other articles"))
    return links


def _ranges(matches: list[DatedEvent]) -> list[tuple[date, date]]:
    """The dates other articles give: one narrowest range when they agree, else each of them."""
    lo, hi = max(e.earliest for e in matches), min(e.latest for e in matches)
    if lo <= hi:
        return [(lo, hi)]
    return sorted({(e.earliest, e.latest) for e in matches})


def _attachment(doc: Doc, text: str, offset: int, pos: int, trigger: object, here: list[Clue],
                following: re.Pattern[str]) -> tuple[list[Clue], Clue | None]:
    """The expressions that date the event word at `pos`, and one it follows ("this week following X")."""
    attached: list[Clue] = []
    after = None
    heads = {t.i for t in getattr(trigger, "__iter__", lambda: iter(()))()}
    for c in sorted(here, key=lambda c: abs(c.found.start - pos)):
        lo, hi = min(c.found.end, pos), max(c.found.start, pos)
        between = text[lo - offset:hi - offset]
        if c.found.end <= pos and following.search(between) and not c.absolute:
            if not _CALENDAR.match(c.found.raw):  # "sank on 20 April after an explosion" dates the sinking
                after = after or c
        elif not following.search(between) and (
                (abs(c.found.start - pos) < 40 and not _verb_between(doc, lo, hi)) or _governed_by(doc, c, heads)):
            attached.append(c)
    return attached, after


def _verb_between(doc: Doc, start: int, end: int) -> bool:
    """Whether a verb stands between two character offsets: then a nearby expression dates that
    verb's clause ("the explosion, argued a scientist on Tuesday"), not the event word."""
    span = doc.char_span(start, end, alignment_mode="contract")
    return span is not None and any(t.pos_ == "VERB" for t in span)


def _governed_by(doc: Doc, clue: Clue, heads: set[int]) -> bool:
    span = doc.char_span(clue.found.start, clue.found.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    for _ in range(6):
        if tok.i in heads:
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False
