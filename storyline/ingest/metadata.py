"""Recognisers for an article's metadata lines: date, byline, outlet, headline, own URL.

Each takes one line (Markdown already stripped) and says what it is, using the
lexicons in storyline/data/ingest. Dates are parsed with dateutil.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import PurePath
from urllib.parse import urlsplit

from dateutil import parser as dateutil_parser

from storyline.ingest import lexicon

URL = re.compile(r"https?://[^\s<>\"'\[\]{}|\\^`]+", re.IGNORECASE)
BARE_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})/?$", re.IGNORECASE)
TERMINAL = re.compile(r"(?:[.!?…]|\.\.\.)[\"'”’»)\]]*$")
TIME = re.compile(r"^\d{1,2}[:.]\d{2}(?::\d{2})?(?:[ap]\.?m\.?)?$", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_][\w.'’-]*|\d[\w:.]*")
SEPARATORS = re.compile(r"\s+[|·•–—-]\s+|\s*\|\s*")

#: A headline: this many words at least (shorter lines above it are kickers) and at most.
HEADLINE_WORDS = (4, 30)
HEADLINE_CHARS = 250
#: Questions and exclamations this short are headlines, not body sentences.
SHORT_QUESTION_WORDS = 20


def words(text: str) -> list[str]:
    """The words of `text` (letters or digits, with inner punctuation)."""
    return WORD.findall(text)


def urls_in(text: str) -> list[str]:
    """The http(s) URLs written out in `text`, trailing punctuation removed."""
    return [u.rstrip(".,;:!?)'\"”’") for u in URL.findall(text)]


def is_sentence(text: str) -> bool:
    """True when `text` ends the way body prose does (a full stop, or a long ?/! sentence)."""
    if not TERMINAL.search(text) or len(words(text)) < 3:
        return False
    stop = text.rstrip("\"'”’»)]")
    return stop.endswith((".", "…")) or len(words(text)) > SHORT_QUESTION_WORDS


def is_headline(text: str) -> bool:
    """True when `text` reads like a headline: one short line that is not a sentence."""
    n = len(words(text))
    low, high = HEADLINE_WORDS
    return low <= n <= high and len(text) <= HEADLINE_CHARS and not is_sentence(text) and not URL.search(text)


# --- dates -----------------------------------------------------------------

def parse_date(text: str) -> str | None:
    """`text` (a full date) as YYYY-MM-DD, or None when dateutil cannot read it."""
    try:
        when = dateutil_parser.parse(text, default=datetime(1900, 1, 1), fuzzy=True)
    except (ValueError, OverflowError):
        return None
    return when.date().isoformat()


#: The most words a written date makes ("Tuesday, 14th of March 2023"), and two it may cut
#: at its edges: a line with more than this many besides its `max_line_words` is no date line.
DATE_WORDS = 7


def date_in_line(text: str) -> tuple[str, str] | None:
    """(YYYY-MM-DD, the date as written) when `text` is a date line, else None."""
    lex = lexicon.dates()
    if len(words(text)) > lex.max_line_words + DATE_WORDS:  # cheaper than the patterns on prose
        return None
    for pattern in lex.text:
        match = pattern.search(text)
        if not match:
            continue
        rest = words(text[: match.start()] + " " + text[match.end():])
        if len(rest) > lex.max_line_words or not all(_date_filler(w) for w in rest):
            return None
        value = parse_date(match.group(0))
        return (value, match.group(0)) if value else None
    return None


def stamp_near_top(text: str) -> tuple[str, str] | None:
    """(YYYY-MM-DD, the date as written) for a full date with a clock time beside it near the
    start of `text` (a publication time stamp run into other text), else None."""
    lex = lexicon.dates()
    head = text[: lex.stamp_within]
    for pattern in lex.text:
        for match in pattern.finditer(head):
            clock_before = lex.stamp_clock_before.search(head, 0, match.start())
            clock_after = lex.stamp_clock_after.match(head, match.end()) and \
                not lex.stamp_not_after.search(head, 0, match.start())
            if clock_before or clock_after:
                value = parse_date(match.group(0))
                return (value, match.group(0)) if value else None
    return None


def _date_filler(word: str) -> bool:
    return word.lower().rstrip(".:,") in lexicon.dates().line_words or bool(TIME.match(word))


def date_in_url(url: str) -> tuple[str, str] | None:
    """(YYYY-MM-DD, the matched path part) for a date in the path of `url`, else None."""
    return _date_in(urlsplit(url).path)


def date_in_path(path: str | PurePath) -> tuple[str, str] | None:
    """(YYYY-MM-DD, the matched part) for a date in a file's name or the folders just above it
    ("2010/06/24/a.txt", "2010-06-24/a.txt", "20100624-report.html"), else None. Only the last
    four parts are read (enough for year/month/day/file): dates in folders higher up are not."""
    return _date_in("/" + "/".join(PurePath(path).parts[-4:]))


def _date_in(path: str) -> tuple[str, str] | None:
    for pattern in lexicon.dates().url:
        match = pattern.search(path)
        if match:
            try:
                day = date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                continue
            return day.isoformat(), match.group(0)
    return None


# --- outlets -----------------------------------------------------------------

def host_of(url: str) -> str:
    """The host name of `url` (or of a bare domain), lower case, without "www."."""
    target = url if "://" in url else "http://" + url
    host = (urlsplit(target).hostname or "").lower()
    return host.removeprefix("www.").removeprefix("m.").removeprefix("amp.")


def outlet_for_url(url: str) -> str | None:
    """The outlet whose domain serves `url`, from the news-domains data file."""
    known = lexicon.outlets()
    labels = host_of(url).split(".")
    for i in range(len(labels) - 1):
        name = known.get(".".join(labels[i:]))
        if name:
            return name
    return None


def outlet_named(text: str) -> str | None:
    """The outlet a footer line names: a known outlet's name, its domain, or a copyright line."""
    named = lexicon.outlet_names().get(text.strip().lower())
    if named:
        return named
    domain = BARE_DOMAIN.match(text.strip())
    if domain:
        return outlet_for_url(domain.group(1))
    copyright_line = lexicon.chrome().copyright.fullmatch(text.strip())
    if copyright_line:
        holder = copyright_line.group("outlet").strip()
        return lexicon.outlet_names().get(holder.lower(), holder) if holder else None
    return None


# --- bylines -------------------------------------------------------------------

def byline_of(text: str) -> str | None:
    """The author name(s) when `text` is a byline line ("By Jane Roe", "Jane Roe"), else None."""
    chrome = lexicon.chrome()
    prefixed = chrome.byline_prefix.match(text)
    names = text[prefixed.end():] if prefixed else text
    names = re.split(r"\s*[,|(]\s*|\s+[-–—]\s+", names.strip())[0].strip()
    people = re.split(r"\s+(?:and|&)\s+", names)
    if not people or not all(_is_name(p, chrome) for p in people):
        return None
    if not prefixed and len(people) > 1:
        return None
    return names


def _is_name(text: str, chrome: lexicon.Chrome) -> bool:
    parts = text.split()
    if not 2 <= len(parts) <= 4:
        return False
    for part in parts:
        if part.lower() in chrome.not_name_words:
            return False
        if part.lower() in chrome.name_particles:
            continue
        if not re.fullmatch(r"[^\W\d_][^\W\d_.'’-]*(?:[.'’-][^\W\d_]*)*\.?", part) or not part[0].isupper():
            return False
    return True
