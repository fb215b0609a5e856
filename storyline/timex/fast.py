"""A fast path for the common temporal expressions, in Recognizers-Text's own terms.

Recognizers-Text costs ~5 ms a call plus ~0.07 ms a character (with its
sub-extractors sharing their answers, `recognizer`). Most sentences
that pass its gate (``recognizer_triggers`` in rules.yaml) hold only the common
forms: a weekday, "April 9[, 2014]", "9 April 2014", "May 2010", a bare month,
a year, today/yesterday/tomorrow/now/recently/previously, last/this/next week|month|year,
"two years ago", "three days later", a clock time ("9.57 pm", "3pm"),
"two weeks", "a 10-day", daily/annual, "every day", "the weekend", "the day",
"this morning", "last night", "tonight",
and the time stamps of datelines and comments ("Tue Jun 9 , 2009 5:33 am",
"16:20 1st Jun 2010"). `parse` gives, for such a sentence,
exactly what the recognizer gives (span, type name, TIMEX string for the same
reference date), so everything downstream is unchanged; it gives None - run
the recognizer - when any trigger in the sentence is not covered by one of
these forms, or when a form stands next to a word that could make it part of
a longer expression ("since", "ago", "night", a number...). Triggers that
never make an expression ("three more shelters", "of 9 trucks", "may" the
modal, "for years": ``fast_path`` in rules.yaml) are covered without output.
`derive` moves what the recognizer gave under one reference date to another.

bench/timex_speed.py checks the fast path against recorded recognizer calls.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache, partial
from typing import Any

from storyline.timex import normalize as nz
from storyline.timex.rules import load_rules

Match = tuple[int, int, str, str]  # start, last char (inclusive), type name, TIMEX value

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
         "nov": 11, "dec": 12}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_UNIT = {"second": ("PT", "S"), "minute": ("PT", "M"), "hour": ("PT", "H"), "day": ("P", "D"),
         "week": ("P", "W"), "month": ("P", "M"), "year": ("P", "Y")}
_SETS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M", "annual": "P1Y",
         "annually": "P1Y", "yearly": "P1Y"}

_MONTH = "|".join(m.capitalize() for m in _MONTHS)
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_ANY_MONTH = rf"(?:{_MONTH}|{_MONTH_ABBR})"
_COUNT = "|".join(("a", "an", *_NUMBER_WORDS)) + r"|\d{1,3}"
_SHORT_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_CLOCK12 = r"(?P<{0}_h>\d{{1,2}}):(?P<{0}_min>\d\d)\s*(?P<{0}_ap>(?i:[ap]m))\b"
_FORMS = re.compile(
    # Every form starts with a letter or a digit: the look-ahead skips other positions at once
    # (without it the engine tries each alternative at every character: twice the time).
    r"(?=\w)(?:"
    # Time stamps of datelines and comments: "16:20 1st Jun 2010", "08:26 am on 17 Jun 2009",
    # "Tue Jun 9 , 2009 5:33 am", "June 02 , 2010 2:03 PM", "Jun 16 , 2010 08:18".
    rf"(?P<hdmy>(?P<hdmy_h24>\d\d):(?P<hdmy_min24>\d\d)\s+(?P<hdmy_d>\d{{1,2}})(?:st|nd|rd|th)\s+"
    rf"(?P<hdmy_m>{_ANY_MONTH})\s+(?P<hdmy_y>(?:19|20)\d\d))\b"
    rf"|(?P<hondmy>{_CLOCK12.format('hondmy')}\s+on\s+(?P<hondmy_d>\d{{1,2}})\s+(?P<hondmy_m>{_ANY_MONTH})\s+"
    rf"(?P<hondmy_y>(?:19|20)\d\d))\b"
    rf"|(?P<mdyh>(?:{_SHORT_WEEKDAY}\s+)?(?P<mdyh_m>{_ANY_MONTH})\s+(?P<mdyh_d>\d{{1,2}})\s*,\s*"
    rf"(?P<mdyh_y>(?:19|20)\d\d)\s+(?:{_CLOCK12.format('mdyh')}|(?P<mdyh_h24>\d\d):(?P<mdyh_min24>\d\d)\b))"
    rf"|(?P<mdy>(?P<mdy_m>{_ANY_MONTH})\s+(?P<mdy_d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(?P<mdy_y>(?:19|20)\d\d))\b"
    rf"|(?P<dmy>(?P<dmy_d>\d{{1,2}})\s+(?P<dmy_m>{_ANY_MONTH})(?:\s*,?\s*(?P<dmy_y>(?:19|20)\d\d))?)\b"
    rf"|(?P<md>(?P<md_m>{_ANY_MONTH})\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?)\b"
    rf"|(?P<my>(?P<my_m>{_MONTH})\s+(?P<my_y>(?:19|20)\d\d))\b"
    rf"|\b(?P<month>{_MONTH})\b"
    rf"|\b(?P<weekday>(?i:{'|'.join(_WEEKDAYS)}))\b(?!['’]?s\b)"
    r"|(?<![\d.,/:$£€#-])\b(?P<year>(?:19|20)\d\d)\b(?![.,/:-]?\d|['’]s\b|%)"
    r"|\b(?P<rel>(?i:last|this|next)\s+(?i:week|month|year))\b"
    r"|\b(?P<day>(?i:today|yesterday|tomorrow))\b"
    r"|\b(?P<now>(?i:(?:right\s+)?now))\b"
    r"|\b(?P<recently>(?i:recently|previously))\b"
    rf"|\b(?P<ago>(?P<ago_n>(?i:{_COUNT}))\s+(?P<ago_u>(?i:day|week|month|year))s?\s+(?P<ago_w>(?i:ago|later)))\b"
    r"|\b(?P<clock>(?P<clock_h>\d{1,2})(?:[:.](?P<clock_min>\d\d))?\s*(?P<clock_ap>(?i:[ap]m)))\b"
    rf"|\b(?P<dur>(?P<dur_n>(?i:{_COUNT}))\s+(?P<dur_u>(?i:second|minute|hour|day|week|month|year))s?)\b"
    rf"|\b(?P<adj>(?P<adj_n>(?i:{'|'.join(_NUMBER_WORDS)})|\d{{1,3}})-(?P<adj_u>(?i:minute|hour|day|week|month|year)))\b"
    rf"|\b(?P<set>(?i:{'|'.join(_SETS)}))\b"
    r"|(?<![\w.,])(?P<mins>(?P<mins_n>[1-9]\d{0,3})[mM])\b"  # "500m": minutes to the recognizer
    r"|\b(?P<pod>(?P<pod_w>(?i:this|yesterday))\s+(?P<pod_p>(?i:morning|afternoon|evening|night))"
    r"|(?i:last\s+night|tonight))\b"
    r"|\b(?P<weekend>(?P<weekend_w>(?i:the|this|next|last))\s+(?i:weekend))\b"
    r"|\b(?P<theday>(?i:the)\s+(?i:day))\b"
    r"|\b(?P<every>(?i:every|each)\s+(?P<every_u>(?i:day|week|year)))\b"
    r")"
)

_WORDS_BEFORE = re.compile(r"(?:([\w']+)[\s\"“”‘’(,]+)?([\w']+)[\s\"“”‘’(,]*$")
_OPENING = " \t\n\"'“‘("
_WORD_AFTER = re.compile(r"^[\s\"“”‘’)]*([\w']+)")


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    raw = load_rules().raw["fast_path"]
    groups = ("stamp", "part_of_day", "the_day", "date", "day_first", "month", "weekday", "year", "rel", "day", "now",
              "duration", "set", "ago", "clock")
    before, after = raw["defer_before"], raw["defer_after"]
    return {
        "before": {g: frozenset(before["all"]) | frozenset(before.get(g, ())) for g in groups},
        "skip": frozenset(before["skip"]),
        "behind": frozenset(before["behind"]),
        "after": {g: (frozenset(after["all"]) | frozenset(after.get(g, ()))) - frozenset(raw["allow_after"].get(g, ()))
                  for g in groups},
        "after_text": _after_text(raw["defer_after_text"]),
        "after_text_of": {k: re.compile(v) for k, v in raw.get("defer_after_text_of", {}).items()},
        "before_text_of": {k: re.compile(v, re.IGNORECASE) for k, v in raw.get("defer_before_text_of", {}).items()},
        "nothing": re.compile("|".join(f"(?:{p})" for p in raw["nothing"])),
        "unread": re.compile("|".join(f"(?:{p})" for p in raw["unread"])),
    }


def _after_text(spec: dict[str, Any]) -> re.Pattern[str]:
    """`defer_after_text` of rules.yaml as one expression anchored where a form ends."""
    names, joins = spec["names"], spec["joins"]
    parts = [p.replace("{joins}", joins).replace("{names}", names) for p in spec["patterns"]]
    return re.compile("^(?:" + "|".join(parts) + ")", re.IGNORECASE)


_GROUP = {"hdmy": "stamp", "hondmy": "stamp", "mdyh": "stamp",
          "mdy": "date", "dmy": "day_first", "md": "date", "my": "month", "month": "month", "weekday": "weekday",
          "year": "year", "rel": "rel", "day": "day", "now": "now", "recently": "now", "dur": "duration",
          "adj": "duration", "set": "set", "every": "set",
          "weekend": "rel", "theday": "the_day", "mins": "duration",
          "pod": "part_of_day", "ago": "ago", "clock": "clock"}


def _month_number(word: str) -> int:
    word = word.rstrip(".").lower()
    if word in _ABBR:
        return _ABBR[word]
    return _MONTHS.index(word) + 1


def _day(y: int | None, m: int, d: int) -> str | None:
    if not 1 <= d <= (calendar.monthrange(y or 2000, m)[1]):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}" if y else f"XXXX-{m:02d}-{d:02d}"


def _count(word: str) -> int:
    word = word.lower()
    if word in ("a", "an"):
        return 1
    return int(word) if word.isdigit() else _NUMBER_WORDS.index(word) + 1


def _value(kind: str, m: re.Match[str], ref: date) -> tuple[str, str] | None:
    """(type name, TIMEX) as Recognizers-Text gives them, or None when unsure."""
    if kind in ("hdmy", "hondmy", "mdyh"):
        d = _day(int(m[f"{kind}_y"]), _month_number(m[f"{kind}_m"]), int(m[f"{kind}_d"]))
        if m.groupdict().get(f"{kind}_h"):
            h, minute = _hour24(m[f"{kind}_h"], m[f"{kind}_ap"]), int(m[f"{kind}_min"])
        else:
            h, minute = int(m[f"{kind}_h24"]), int(m[f"{kind}_min24"])
        if d is None or h is None or h > 23 or minute > 59:
            return None
        return "datetimeV2.datetime", f"{d}T{h:02d}:{minute:02d}"
    if kind == "mdy":
        v = _day(int(m["mdy_y"]), _month_number(m["mdy_m"]), int(m["mdy_d"]))
        return ("datetimeV2.date", v) if v else None
    if kind == "dmy":
        y = int(m["dmy_y"]) if m["dmy_y"] else None
        v = _day(y, _month_number(m["dmy_m"]), int(m["dmy_d"]))
        return ("datetimeV2.date", v) if v else None
    if kind == "md":
        v = _day(None, _month_number(m["md_m"]), int(m["md_d"]))
        return ("datetimeV2.date", v) if v else None
    if kind == "my":
        return "datetimeV2.daterange", f"{m['my_y']}-{_month_number(m['my_m']):02d}"
    if kind == "month":
        return "datetimeV2.daterange", f"XXXX-{_month_number(m['month']):02d}"
    if kind == "weekday":
        return "datetimeV2.date", f"XXXX-WXX-{_WEEKDAYS.index(m['weekday'].lower()) + 1}"
    if kind == "year":
        return "datetimeV2.daterange", m["year"]
    if kind == "rel":
        which, unit = m["rel"].lower().split()
        step = {"last": -1, "this": 0, "next": 1}[which]
        if unit == "week":
            y, w, _ = (ref + timedelta(weeks=step)).isocalendar()
            return "datetimeV2.daterange", f"{y:04d}-W{w:02d}"
        if unit == "month":
            n = ref.year * 12 + ref.month - 1 + step
            return "datetimeV2.daterange", f"{n // 12:04d}-{n % 12 + 1:02d}"
        return "datetimeV2.daterange", f"{ref.year + step:04d}"
    if kind == "weekend":
        if ref.isoweekday() > 5:  # which weekend "this weekend" is on one is left to the recognizer
            return None
        step = {"the": 0, "this": 0, "next": 1, "last": -1}[m["weekend_w"].lower()]
        y, w, _ = (ref + timedelta(weeks=step)).isocalendar()
        return "datetimeV2.daterange", f"{y:04d}-W{w:02d}-WE"
    if kind == "pod":
        text = m["pod"].lower()
        part = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}[m["pod_p"].lower()] \
            if m["pod_p"] else "NI"
        step = -1 if text.startswith(("yesterday", "last")) else 0
        return "datetimeV2.datetimerange", f"{(ref + timedelta(days=step)).isoformat()}T{part}"
    if kind == "ago":
        unit = m["ago_u"].lower()
        if unit in ("month", "year") and ref.day > 28:
            return None  # which day the recognizer lands on past a short month's end is left to it
        moved = nz.shift(ref, unit, _count(m["ago_n"]) * (-1 if m["ago_w"].lower() == "ago" else 1))
        return "datetimeV2.date", moved.isoformat()
    if kind == "clock":
        hour, minutes = _hour24(m["clock_h"], m["clock_ap"]), int(m["clock_min"] or 0)
        if hour is None or minutes > 59:
            return None
        return "datetimeV2.time", f"T{hour:02d}:{minutes:02d}" if m["clock_min"] else f"T{hour:02d}"
    if kind == "mins":
        return "datetimeV2.duration", f"PT{m['mins_n']}M"
    if kind == "theday":
        return "datetimeV2.date", ref.isoformat()
    if kind == "day":
        step = {"today": 0, "yesterday": -1, "tomorrow": 1}[m["day"].lower()]
        return "datetimeV2.date", (ref + timedelta(days=step)).isoformat()
    if kind == "now":
        return "datetimeV2.datetime", "PRESENT_REF"
    if kind == "recently":
        return "datetimeV2.datetime", "PAST_REF"
    if kind in ("dur", "adj"):
        n = _count(m[f"{kind}_n"])
        prefix, letter = _UNIT[m[f"{kind}_u"].lower()]
        return "datetimeV2.duration", f"{prefix}{n}{letter}"
    if kind == "set":
        return "datetimeV2.set", _SETS[m["set"].lower()]
    if kind == "every":
        return "datetimeV2.set", "P1" + _UNIT[m["every_u"].lower()][1]
    return None


def _hour24(hour: str, am_pm: str) -> int | None:
    """A 12-hour clock's hour ("3", "pm") on the 24-hour clock; None when it is no such hour."""
    h = int(hour)
    if not 1 <= h <= 12:
        return None
    return h % 12 + (12 if am_pm.lower() == "pm" else 0)


def _safe(sentence: str, kind: str, start: int, end: int) -> bool:
    """No word next to the form that could make it part of a longer expression."""
    cfg = _config()
    group = _GROUP[kind]
    if start and (sentence[start - 1] in "-–/" or sentence[start - 1].isalnum()):
        return False
    before = sentence[max(0, start - 4):start].rstrip()
    if before.endswith(("-", "–", "—")) or (len(before) > 1 and before[-1] in ",." and before[-2].isdigit()):
        return False  # "-- 16 years" is minus sixteen years to the recognizer; "1,000 years" is one number
    words = _WORDS_BEFORE.search(sentence, max(0, start - 40), start)
    if words:
        w1, w2 = (words[2] or "").lower(), (words[1] or "").lower()
        if w1 in cfg["before"][group] or (w1 in cfg["skip"] and w2 in cfg["behind"]):
            return False
    if group in cfg["before_text_of"] and cfg["before_text_of"][group].search(sentence, max(0, start - 30), start):
        return False
    rest = sentence[end:end + 40]
    if cfg["after_text"].match(rest):
        return False
    if group in cfg["after_text_of"] and cfg["after_text_of"][group].match(rest) \
            and not sentence[:start].strip(_OPENING):
        return False
    after = _WORD_AFTER.match(rest)
    return not (after and after[1].lower() in cfg["after"][group])


def _makes_nothing(sentence: str, start: int, end: int) -> bool:
    """Whether the trigger at [start, end) is one of the `nothing` patterns ("of 9 trucks")."""
    for m in _config()["nothing"].finditer(sentence, max(0, start - 30)):
        if m.start() >= end:
            return False
        if start < m.end():
            return True
    return False


def parse(sentence: str, ref: datetime) -> tuple[Match, ...] | None:
    """Recognizers-Text's matches in `sentence` if the fast path covers every trigger in it, else None."""
    found = _read(sentence, ref)
    return found[0] if not found[1] else None


def _read(sentence: str, ref: datetime) -> tuple[tuple[Match, ...], list[tuple[int, int]]]:
    """The fast path's matches in `sentence` and the triggers they leave uncovered."""
    triggers = [m.span() for m in load_rules().recognizer_trigger.finditer(sentence)]
    if not triggers:
        return (), []
    covered: list[tuple[int, int]] = []
    out: list[Match] = []
    day = ref.date()
    stamps = 0
    for m in _FORMS.finditer(sentence):
        kind = m.lastgroup  # the outer group: it closes last
        if kind is None:
            continue
        start, end = m.span(kind)
        if _GROUP[kind] == "stamp":
            stamps += 1
            if stamps > 1:  # the recognizer reads a second time stamp in a text as three parts
                continue
        if not _safe(sentence, kind, start, end):
            continue
        found = _value(kind, m, day)
        if found is None:
            continue
        covered.append((start, end))
        out.append((start, end - 1, found[0], found[1]))
    uncovered = [(s, e) for s, e in triggers
                 if not any(cs < e and s < ce for cs, ce in covered) and not _makes_nothing(sentence, s, e)]
    uncovered += [m.span() for m in _config()["unread"].finditer(sentence)]
    return tuple(out), uncovered


def kept(sentence: str, matches: tuple[Match, ...]) -> set[Match]:
    """The matches the tagger keeps whatever their context: a TIME with no clock word
    (`tagger._fix_extent`) and "may" the modal (`tagger._plausible`) are dropped."""
    from storyline.timex.tagger import _CLOCK, _type

    out = set()
    for m in matches:
        text = sentence[m[0]:m[1] + 1]
        if _type(m[2], m[3]) == "TIME" and not _CLOCK.search(text.rstrip(" ,;:'\"”’")):
            continue
        if text != "may":
            out.add(m)
    return out


_YEAR = re.compile(r"\d{4}")


def absolute(sentence: str, matches: tuple[Match, ...]) -> bool:
    """Whether Recognizers-Text would give the same `matches` under any reference date:
    a value it anchors carries a year, so every year in every value must be written
    in the matched text ("May 2010", not "last year")."""
    for start, end, _, value in matches:
        text = sentence[start:end + 1]
        if any(y not in text for y in _YEAR.findall(value)):
            return False
    return True


_STAMP = re.compile(r"(?:^|(?<=[(,]))\d{4}(?:-W\d\d(?:-WE)?|-\d\d(?:-\d\d(?:T(?:MO|AF|EV|NI|\d\d(?::\d\d){0,2}))?)?)?"
                    r"(?=$|[,)])")
_RELATIVE = re.compile(rf"{_STAMP.pattern}|\({_STAMP.pattern},{_STAMP.pattern},PT?\d+[DWMYHS]\)")
_ONE_UNIT = re.compile(r"\b(?:(?P<day>days?|today|yesterday|tomorrow|tonight|nights?|mornings?|afternoons?|evenings?)"
                       r"|(?P<week>weeks?|weekends?)|(?P<month>months?)|(?P<year>years?)|(?P<hour>hours?|hrs?|minutes?|mins?))\b",
                       re.IGNORECASE)
_NAMED = re.compile(rf"(?i:\b(?:{'|'.join(_MONTHS)}|{'|'.join(_WEEKDAYS)}|mon|tues?|wed|thu|thurs|fri|sat|sun)\b"
                    r"|\b(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b|noon|midnight|season|quarter|half|/)")


def derive(sentence: str, matches: tuple[Match, ...], ref: datetime, other: datetime) -> tuple[Match, ...] | None:
    """What Recognizers-Text gives for `sentence` under the reference date `other`, from what it
    gave under `ref`, when every value is the reference date moved by whole units that the
    matched text names ("last year", "two weeks ago", "the next few days", "this weekend",
    "last night", "in three hours": one unit, no month, weekday or holiday name); else None
    (run the recognizer). Both dates are midnights (`tagger._from_recognizer`)."""
    r0, r1 = ref.date(), other.date()
    if r0.day > 28 or r1.day > 28 or ref.time() != other.time() or ref.time() != datetime.min.time():
        return None
    out = []
    for start, end, type_name, value in matches:
        text = sentence[start:end + 1]
        if all(y in text for y in _YEAR.findall(value)):
            out.append((start, end, type_name, value))
            continue
        if value.startswith("P"):  # an amount of time ("3 million years"): no date in it
            out.append((start, end, type_name, value))
            continue
        units = {m.lastgroup for m in _ONE_UNIT.finditer(text)}
        if len(units) != 1 or not _RELATIVE.fullmatch(value) or _NAMED.search(text) or re.search(r"\d{4}", text):
            return None
        unit = units.pop()
        moved = _STAMP.sub(partial(_moved, unit=unit, r0=r0, r1=r1), value)
        if "?" in moved:
            return None
        out.append((start, end, type_name, moved))
    return tuple(out)


def _moved(m: re.Match[str], unit: str | None, r0: date, r1: date) -> str:
    return _move(m[0], unit, r0, r1) or "?"


def _move(stamp: str, unit: str | None, r0: date, r1: date) -> str | None:
    """`stamp` (a year, month, ISO week, weekend, day, or day and time) set as far from `r1` as it is
    from `r0` in `unit`."""
    if len(stamp) == 4:
        return f"{r1.year + int(stamp) - r0.year:04d}" if unit == "year" else None
    if "-W" in stamp:
        # which weekend "this weekend" is on a Saturday or Sunday is left to the recognizer
        if unit != "week" or (stamp.endswith("-WE") and max(r0.isoweekday(), r1.isoweekday()) > 5):
            return None
        y, w = int(stamp[:4]), int(stamp[6:8])
        weeks = (date.fromisocalendar(y, w, 1) - (r0 - timedelta(days=r0.weekday()))).days // 7
        y1, w1, _ = (r1 + timedelta(weeks=weeks)).isocalendar()
        return f"{y1:04d}-W{w1:02d}{stamp[8:]}"
    y, m = int(stamp[:4]), int(stamp[5:7])
    months = (y * 12 + m) - (r0.year * 12 + r0.month)
    if len(stamp) == 7:
        if unit not in ("month", "year"):
            return None
        n = r1.year * 12 + r1.month - 1 + months
        return f"{n // 12:04d}-{n % 12 + 1:02d}"
    d, clock = date(y, m, int(stamp[8:10])), stamp[10:]
    if unit in ("day", "week", "hour"):  # a whole number of days from a midnight reference
        return (r1 + (d - r0)).isoformat() + clock
    if clock or abs(d.day - r0.day) > 1:
        return None
    n = r1.year * 12 + r1.month - 1 + months
    return date(n // 12, n % 12 + 1, r1.day + d.day - r0.day).isoformat()
