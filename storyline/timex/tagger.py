"""Finding temporal expressions and giving each a TIMEX3 type and value.

Candidates come from Microsoft Recognizers-Text (absolute dates, most relative
expressions; run by `recognizer`; its common forms read by `fast`, which gives
what it would give, so it runs only on sentences with a form left to it) and
from the rules in ``data/timex/rules.yaml`` (what it misses or reads differently
from TimeML). The rules here own the TIMEX3 extent (no
leading preposition), splitting "from X to Y" into two dates, the choice
between the past and future reading of a bare month or weekday (the tense of
the governing verb), and expressions anchored on an earlier date in the text
("earlier that month").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.pipeline import doc_text, once_per_doc
from storyline.timex import fast
from storyline.timex import normalize as nz
from storyline.timex.recognizer import parse_sentence
from storyline.timex.rules import Extra, load_rules
from storyline.timex.tense import direction_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: Recognizers-Text's matches in a sentence: (start, last char, type name, TIMEX value).
Matches = tuple[fast.Match, ...]

MONTHS = {m.lower(): i for i, m in enumerate(
    ["", "january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"]) if m}
ORDINALS = {w: i for i, w in enumerate(
    ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
     "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
     "eighteenth", "nineteenth", "twentieth", "twenty-first"]) if w}
UNITS = {"year": "year", "month": "month", "week": "week", "day": "day", "decade": "decade",
         "century": "century"}
_RANGE = re.compile(r"^\((?P<a>[^,]+),(?P<b>[^,]+),(?P<p>P[^)]+)\)$")
_SPLIT = re.compile(
    r"^(?:from |between )?(?P<a>.+?)\s*(?:\bto\b|\bthrough\b|\buntil\b|\btill\b|\band\b|-|–|—)\s*(?P<b>.+)$",
    re.IGNORECASE)
_ADJECTIVAL = re.compile(r"^([\w.]+)-(?:year|month|week|day|hour|minute)(?:-old)?$", re.IGNORECASE)
_COUNT = re.compile(r"\d[\d.,]*|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|"
                    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|several|few|multi", re.IGNORECASE)
_DATEISH = re.compile(r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s|$)", re.IGNORECASE)
_CLOCK = re.compile(r":|\b[ap]\.?m\b|o'clock|noon|midnight|morning|afternoon|evening|night|tonight|dawn|dusk",
                    re.IGNORECASE)
_SPAN_WORDS = re.compile(r"\b(?:past|last|next|coming|previous|following|recent|first|final)\b", re.IGNORECASE)


@dataclass
class Found:
    """A temporal expression in a text: extent, TIMEX3 type and value (None until resolved)."""

    start: int
    end: int
    text: str
    type: str
    value: str | None = None
    raw: str = ""  # the value before anchoring (Recognizers-Text timex or rule value)
    rule: Extra | None = None
    groups: tuple[tuple[str, int, int], ...] = ()


def tag_doc(doc: Doc, anchor: date | None) -> list[Found]:
    """The temporal expressions of a parsed text, resolved against `anchor` (the article's date).

    Worked out once per Doc and anchor (an undated article is read under the same two probe
    dates for its date evidence and for its timexes); each caller gets its own copies.
    """
    found = once_per_doc(doc, f"storyline.timex.found:{anchor}", lambda d: _tag(d, anchor))
    return [replace(f) for f in found]


def _tag(doc: Doc, anchor: date | None) -> list[Found]:
    text = doc_text(doc)
    found: list[Found] = []
    for sent in doc.sents:
        found.extend(_in_sentence(doc, text, sent, anchor))
    found.sort(key=lambda f: f.start)
    return _merge_clock_dates(text, _resolve_all(doc, found, anchor))


_ZONE_GAP = re.compile(r"\s*(?:\(?\b(?:GMT|UTC|BST|CET|CEST|[ECMP][SD]T)\b\)?)?\s*,?\s*(?:on\s+)?")


def _merge_clock_dates(text: str, found: list[Found]) -> list[Found]:
    """'15:00 GMT Saturday', '5 p.m. EST Nov. 9': a clock time and the day after it are one TIME."""
    out: list[Found] = []
    for f in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.type == "TIME" and f.type == "DATE" and f.value and prev.value
                and nz.granularity(f.value) == "day" and "T" in prev.value
                and _ZONE_GAP.fullmatch(text[prev.end:f.start])):
            clock = prev.value[prev.value.index("T"):]
            out[-1] = replace(prev, end=f.end, text=text[prev.start:f.end], value=f.value[:10] + clock)
            continue
        out.append(f)
    return out


def _in_sentence(doc: Doc, text: str, sent: Span, anchor: date | None) -> list[Found]:
    cands = _from_rules(text, sent) + _from_recognizer(text, sent, anchor)
    cands = [c for c in (_fix_extent(doc, text, c) for c in cands) if c is not None]
    return _split_ranges(text, _best(cands))


def _from_recognizer(text: str, sent: Span, anchor: date | None) -> list[Found]:
    ref = datetime.combine(anchor or date(2000, 1, 1), datetime.min.time())
    out = []
    # Without the whitespace a sentence ends with (a paragraph break, read as nothing; none lies
    # inside one, `nlp.PARAGRAPH_BREAKS`): it is the same sentence, to the caches, when a
    # paragraph is added after it or the one after is edited.
    for r_start, r_end, type_name, timex in recognize(text[sent.start_char:sent.end_char].rstrip(), ref):
        start = sent.start_char + r_start
        end = sent.start_char + r_end + 1
        out.append(Found(start, end, text[start:end], _type(type_name, timex), raw=timex))
    return out


@lru_cache(maxsize=4096)
def recognize(sentence: str, ref: datetime) -> Matches:
    """Recognizers-Text's matches in a sentence, gated and cached (see `parse_sentence`).

    The recognizer is the slow part of the stage: it only runs on sentences with
    a trigger (a digit, a month, a time word: ``recognizer_triggers`` in
    rules.yaml), only where the fast path (`fast.parse`: the common forms, read
    as the recognizer reads them) does not cover every trigger, and a sentence
    seen before with the same reference date is not parsed again - nor with
    another one, when nothing in what it gave came from the date or every value
    is the date moved by units the text names (`fast.derive`: `tag` reads an
    undated text under two dates). Seen before means in this process or, when a
    build gave its store (`remember`), in an earlier build: a re-build of edited
    articles then need not start the recognizer at all (about two seconds).
    """
    found = fast.parse(sentence, ref)
    if found is not None:
        return found
    for first_ref, first in _answers_before(sentence, ref):
        if first_ref == ref:
            return first
        derived = first if fast.absolute(sentence, first) else fast.derive(sentence, first, first_ref, ref)
        if derived is not None:
            return derived
    found = parse_sentence(sentence, ref)
    if len(_READ) >= 1024:
        _READ.clear()
    _READ[sentence] = (ref, found)
    if _EARLIER:
        _NEW.append((sentence, (ref, found)))
    return found


#: What the recognizer gave for a sentence, and under which reference date.
Answer = tuple[datetime, Matches]
#: The last reference date each sentence was given to the recognizer under, and what it gave.
_READ: dict[str, Answer] = {}
#: Where answers of earlier builds are looked up (`remember`), and the answers given in this
#: process since they were last collected (`take_new`), kept only while there is such a place.
_EARLIER: list[Callable[[str, datetime], list[Answer]]] = []
_NEW: list[tuple[str, Answer]] = []


def _answers_before(sentence: str, ref: datetime) -> Iterator[Answer]:
    """What the recognizer gave for `sentence` before: in this process, then in earlier builds
    (under `ref` first if it was asked under it, then under each other date: the first that
    `fast.derive` can move to `ref` spares asking again)."""
    if sentence in _READ:
        yield _READ[sentence]
    if _EARLIER:
        yield from _EARLIER[0](sentence, ref)


def remember(lookup: Callable[[str, datetime], list[Answer]] | None) -> None:
    """Look up the recognizer's answers of earlier builds with `lookup` (None: nowhere), and
    collect the new ones for `take_new`."""
    _EARLIER[:] = [lookup] if lookup is not None else []
    _NEW.clear()


def take_new() -> list[tuple[str, Answer]]:
    """The answers the recognizer gave since the last call, by sentence (for the store to keep)."""
    out = _NEW[:]
    _NEW.clear()
    return out


def add_new(answers: list[tuple[str, Answer]]) -> None:
    """Answers another process gave (a worker's), collected with this one's."""
    if _EARLIER:
        _NEW.extend(answers)


def _type(type_name: str, timex: str) -> str:
    kind = type_name.rsplit(".", 1)[-1]
    if kind == "duration":
        return "DURATION"
    if kind == "set":
        return "SET"
    if kind in ("time", "timerange", "datetime", "datetimerange") and "T" in timex and "_REF" not in timex:
        return "TIME"
    return "DATE"


def _from_rules(text: str, sent: Span) -> list[Found]:
    out: list[Found] = []
    sentence = text[sent.start_char:sent.end_char]
    rules = load_rules()
    if not rules.extra_gate.search(sentence):
        return out
    for rule in rules.extra:
        for m in rule.pattern.finditer(sentence):
            s, e = sent.start_char + m.start(), sent.start_char + m.end()
            groups = tuple((g or "", sent.start_char + m.start(i + 1), sent.start_char + m.end(i + 1))
                           for i, g in enumerate(m.groups()))
            out.append(Found(s, e, text[s:e], rule.type, raw=rule.value, rule=rule, groups=groups))
    return out


def _fix_extent(doc: Doc, text: str, c: Found) -> Found | None:
    """TIMEX3 extent: no leading preposition; a leading "the" kept where the expression needs it."""
    rules = load_rules()
    start, end = c.start, c.end
    while True:
        m = re.match(r"(\S+)\s+", text[start:end])
        if not m or m.group(1).lower() not in rules.strip_leading:
            break
        if m.group(1).lower() == "the" and rules.keep_the.match(text[start + m.end():end]):
            break
        start += m.end()
    before = re.search(r"\bthe\s+$", text[max(0, start - 8):start], re.IGNORECASE)
    if before and rules.keep_the.match(text[start:end]) and c.rule is None:
        start -= len(before.group(0))
    stripped = text[start:end].rstrip(" ,;:'\"”’")
    if stripped.endswith(".") and not re.search(r"\b(?:[ap]\.m|[A-Z][a-z]{2,3})\.$", stripped):
        stripped = stripped[:-1]
    end = start + len(stripped)
    if end <= start or _in_url(text, start, end) or not _plausible(doc, text, start, end):
        return None
    if rules.reject_before.search(text[max(0, start - 30):start]) or rules.reject_after.search(text[end:end + 30]):
        return None
    if c.type == "TIME" and not _CLOCK.search(text[start:end]):
        return None
    return replace(c, start=start, end=end, text=text[start:end])


def _in_url(text: str, start: int, end: int) -> bool:
    """Dates inside links (".../2021/11/18/...") are not part of the prose."""
    left = text.rfind(" ", 0, start) + 1
    right = len(text) if (r := re.search(r"\s", text[end:])) is None else end + r.start()
    chunk = text[left:right]
    return bool(re.search(r"://|www\.|\.(?:com|org|net|ru|uk)\b|/\S*/", chunk))


def _plausible(doc: Doc, text: str, start: int, end: int) -> bool:
    """Reject single words that are not temporal here ("may" the modal, "march" the verb),
    and ordinals read as units ("a second wave")."""
    if not _adjectival_ok(text, start, end):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return True
    if _ordinal_modifier(span[-1]):
        return False
    if len(span) != 1:
        return True
    tok = span[0]
    tags = load_rules().word_tags.get(tok.lower_)
    if tags is not None and tok.tag_ not in tags:
        return False
    return not re.fullmatch(r"\d+/\d+", tok.text)


def _ordinal_modifier(tok: Token) -> bool:
    """'second' in 'a second aid convoy': an ordinal modifying a noun after it."""
    return tok.lower_ in load_rules().ordinal_units and tok.dep_ == "amod" and tok.head.i > tok.i


def _adjectival_ok(text: str, start: int, end: int) -> bool:
    """'a four-week closure' is a duration (TimeML annotates it); '68-year-old' (an age) and
    'last-minute' (no amount) are not."""
    m = _ADJECTIVAL.match(text[start:end])
    if m is None:
        return True
    return not text[start:end + 4].lower().endswith("-old") and bool(_COUNT.fullmatch(m.group(1)))


def _best(cands: list[Found]) -> list[Found]:
    """Non-overlapping candidates, longest first; on a tie the rules win."""
    chosen: list[Found] = []
    for c in sorted(cands, key=lambda c: (not (c.rule and c.rule.wins), -(c.end - c.start), c.rule is None,
                                          c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _split_ranges(text: str, cands: list[Found]) -> list[Found]:
    """'from August 26 to December 1' is two dates; '2009-2010' two years."""
    out = []
    for c in cands:
        out.extend(_split(text, c))
    return out


def _split(text: str, c: Found) -> list[Found]:
    if c.rule is not None and c.rule.value == "year_pair":
        (a, sa, ea), (b, sb, eb) = c.groups[:2]
        second = a[: 4 - len(b)] + b
        return [Found(sa, ea, a, "DATE", raw=a), Found(sb, eb, b, "DATE", raw=second)]
    m = _RANGE.match(c.raw)
    if c.rule is not None or not m:
        return [c]
    parts = _SPLIT.match(c.text)
    if parts and not _SPAN_WORDS.search(c.text) and _DATEISH.search(parts["a"]) and _DATEISH.search(parts["b"]):
        left = Found(c.start + parts.start("a"), c.start + parts.end("a"), parts["a"], "DATE", raw=m["a"])
        right = Found(c.start + parts.start("b"), c.start + parts.end("b"), parts["b"], "DATE", raw=m["b"])
        return [x for x in (left, right) if re.search(r"\w", x.text)]
    if _SPAN_WORDS.search(c.text):
        return [replace(c, type="DURATION", raw=m["p"])]
    return [replace(c, raw=_part_of_year(m["a"], m["b"]) or m["a"])]


def _part_of_year(a: str, b: str) -> str | None:
    """'(XXXX-07-01,XXXX-10-01,P3M)' is the third quarter: XXXX-Q3."""
    months = {("01", "04"): "Q1", ("04", "07"): "Q2", ("07", "10"): "Q3", ("10", "01"): "Q4",
              ("01", "07"): "H1", ("07", "01"): "H2"}
    if len(a) == 10 and len(b) == 10 and a[8:] == "01" and b[8:] == "01":
        part = months.get((a[5:7], b[5:7]))
        return f"{a[:4]}-{part}" if part else None
    return None


def _resolve_all(doc: Doc, found: list[Found], anchor: date | None) -> list[Found]:
    previous: list[str] = []
    out = []
    for f in found:
        direction = direction_at(doc, f.start, f.end)
        value = _value(f, anchor, direction, previous)
        if value is None:
            continue
        f.value = value
        if f.type == "DATE" and nz.granularity(value) is not None:
            previous.append(value)
        out.append(f)
    return out


def _value(f: Found, anchor: date | None, direction: int, previous: list[str]) -> str | None:
    if f.rule is not None:
        return _rule_value(f, anchor, direction, previous)
    if _COUNTED.fullmatch(f.text) and not re.match(r"P", f.raw):
        f.type = "DURATION"
        return _duration(f.text)  # "(in) two weeks": TimeML marks the amount of time
    value = nz.resolve(f.raw, anchor, direction)
    value = re.sub(r"T(\d\d)$", r"T\1:00", value)
    if anchor is not None and value.endswith("-WE") and direction < 0 and anchor.isoweekday() < 6:
        value = nz.at_granularity(anchor - timedelta(weeks=1), "week") + "-WE"
    if anchor is not None and f.type == "TIME" and value.startswith("T"):
        value = anchor.isoformat() + value
    if f.type == "SET" and value.startswith("T"):
        value = "XXXX-XX-XX" + value  # "every morning": each day's morning
    unit = re.search(r"\b(year|month|week|day)s?\b.*\b(?:ago|earlier|later|before|after)\b", f.text, re.I)
    if unit and nz.granularity(value) == "day":
        value = nz.at_granularity(date.fromisoformat(value[:10]), unit.group(1).lower())
    return value


_NUMBERS = {w: i for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"])}
_NUMBERS.update({"a": 1, "an": 1})
_COUNTED = re.compile(r"(\d+|" + "|".join(_NUMBERS) + r") (year|month|week|day|hour|minute)s?", re.IGNORECASE)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _duration(text: str) -> str | None:
    m = _COUNTED.fullmatch(text)
    if not m:
        return None
    n = _count(m[1])
    unit = m[2].lower()
    return f"PT{n}{unit[0].upper()}" if unit in ("hour", "minute") else f"P{n}{unit[0].upper()}"


def _rule_value(f: Found, anchor: date | None, direction: int, previous: list[str]) -> str | None:
    rule = f.raw
    g = [x[0].lower() for x in f.groups]
    if rule == "decade":
        return g[0]
    if rule == "century":
        n = int(g[0]) if g[0].isdigit() else ORDINALS.get(g[0], 0)
        return f"{n - 1:02d}" if n else None
    if rule == "vague":  # "the past few weeks": a duration of unknown length
        return "PT" + "X" + g[0][0].upper() if g[0] in ("hours", "minutes") else "PX" + g[0][0].upper()
    if rule == "decades":
        return f"P{10 * _count(g[0])}Y"
    if rule == "decades_ago":
        return f"{anchor.year - 10 * _count(g[0]):04d}" if anchor else None
    if rule == "counted":
        return _duration(f.text)
    if rule.startswith("group:"):
        return g[int(rule[6:]) - 1]
    if rule.startswith("unit:"):
        return "P10Y" if g[0] == "decade" else "P100Y"
    if rule.startswith("ref:"):
        return _from_previous(UNITS[g[0]], previous, anchor, int(rule[4:]))
    if rule.startswith("quarter:") and anchor:
        q = (anchor.month - 1) // 3 + int(rule.split(":")[1])
        return f"{anchor.year + q // 4:04d}-Q{q % 4 + 1}"
    if rule.startswith("month_offset:"):
        month = _month(g[0])
        return f"{anchor.year + int(rule.split(':')[1]):04d}-{month:02d}" if anchor and month else (
            f"XXXX-{month:02d}" if month else None)
    if rule == "year_pair":
        return f.raw
    return rule


def _month(word: str) -> int | None:
    word = word.rstrip(".").lower()
    for name, n in MONTHS.items():
        if name.startswith(word) and len(word) >= 3:
            return n
    return None


_FINER = {"year": ("year", "month", "week", "day"), "month": ("month", "day"), "week": ("week", "day"),
          "day": ("day",)}


def _from_previous(unit: str, previous: list[str], anchor: date | None, offset: int = 0) -> str | None:
    """'that month': the last date mentioned at that unit or finer, else the anchor's."""
    day = anchor
    for value in reversed(previous):
        first, _ = nz.bounds(value)
        if first and nz.granularity(value) in _FINER.get(unit, ()):
            day = date.fromisoformat(first)
            break
    if day is None:
        return None
    if unit in ("decade", "century"):
        return None
    return nz.at_granularity(nz.shift(day, unit, offset), unit)
