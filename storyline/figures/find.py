"""Find the figures of one article: numbers that count something, with unit and qualifier.

A figure is read left to right from a number token: an optional qualifier before it
("more than", "around"), the number itself in digits and/or words, an optional
second number for a range ("one or two hundred", "10-20"), then a unit of measure
("12 metric tons of ..."), a currency, or the noun phrase it counts ("450 Chilean
students"). Dates, times, ordinals, ages, model names ("Tu-154"), phone numbers and
numbers inside URLs are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.figures.lexicon import Lexicon, lexicon
from storyline.figures.numbers import digit_value, is_number_word, trailing_scale, words_value
from storyline.model import Extraction, Figure
from storyline.pipeline import Parsed, doc_text, span_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_URLISH = re.compile(r"\S*(?:https?://|www\.)\S*|\S+\.(?:com|org|net|ru|uk|html?)\b\S*|\S*\w/\w\S*")
_PHONE = re.compile(r"\+\d[\d ()-]{6,}\d|\(\d{3}\) ?\d{3}-\d{4}|\b\d+-\d+-\d+\b")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_QUOTES = frozenset({'"', "'", "“", "”", "‘", "’", "«", "»"})
#: Parts of speech that may sit between a number and the noun it counts.
_NP_INNER = frozenset({"ADJ", "PROPN", "NOUN", "CCONJ", "ADV", "NUM"})
_MAX_NP = 12
_COUNT_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})


@dataclass
class _Number:
    """A number read from the tokens [start, end) with its range end, if any."""

    start: int
    end: int
    low: float
    high: float | None
    vague: bool
    spelled: bool


def find_figures(parsed: Parsed, found: Extraction) -> list[Figure]:
    """The figures of one article, in text order."""
    doc, lex = parsed.doc, lexicon()
    blocked = _blocked_tokens(doc, found)
    # Only a number word or a vague amount ("dozens") starts a figure: the other tokens are
    # passed over without reading them (a Token object each) again and again.
    starts = [w in lex.vague or is_number_word(w) for w in (t.lower_ for t in doc)]
    figures: list[Figure] = []
    i = 0
    while i < len(doc):
        if not starts[i]:
            i += 1
            continue
        fig, end = _read_figure(doc, i, blocked, found.article, len(figures) + 1)
        if fig is not None:
            figures.append(fig)
        i = max(end, i + 1)
    return figures


def _blocked_tokens(doc: Doc, found: Extraction) -> set[int]:
    """Tokens that cannot be part of a figure: dates, times, ordinals, URLs, phone numbers."""
    lex = lexicon()
    blocked = {t.i for e in doc.ents if e.label_ in lex.skip_entity_labels and not _counts(e) for t in e}
    text = doc_text(doc)
    spans = [(m.start(), m.end()) for rx in (_URLISH, _PHONE) for m in rx.finditer(text)]
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            blocked.update(t.i for t in span)
    for x in found.timexes:
        span = doc.char_span(x.start, x.end, alignment_mode="expand")
        if span is not None:
            # Where the parser calls a number a count ("around 20,000"), a timex
            # overlapping it is more likely wrong than the count.
            blocked.update(t.i for t in span if t.ent_type_ not in _COUNT_LABELS)
    return blocked


def _counts(ent: Span) -> bool:
    """Whether a DATE entity is really a count of a plural noun ("between 10-15 trucks")."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is None or after.tag_ != "NNS" or after.ent_type_:
        return False
    return not any(_YEAR.match(t.text) for t in ent if t.like_num)


def _read_figure(doc: Doc, i: int, blocked: set[int], article: str, n: int) -> tuple[Figure | None, int]:
    """The figure whose number starts at token i (or None), and where reading stops."""
    lex = lexicon()
    number = _read_number(doc, i, lex)
    if number is None or any(k in blocked for k in range(number.start, number.end)):
        return None, i + 1
    if _not_a_count(doc, number, lex):
        return None, number.end
    start, qualifier, currency = _before(doc, i, lex)
    end, after_q = _after_qualifier(doc, number.end, lex)
    qualifier = after_q or qualifier
    unit, counted, end = _unit_and_counted(doc, end, lex, currency)
    if number.spelled and unit is None and counted is None:
        return None, number.end  # "one said", "one of them": a pronoun, not a count
    if number.vague:
        qualifier = "at_least"
    elif number.high is not None:
        qualifier = "range"
    value, low, high = _bounds(number, qualifier)
    span = doc[start:end]
    fig = Figure(
        id=f"{article}:f{n}", article=article, start=span.start_char, end=span.end_char,
        text=span_text(span), value=value, low=low, high=high, qualifier=qualifier,
        unit=unit, counted=counted,
    )
    return fig, end


def _read_number(doc: Doc, i: int, lex: Lexicon) -> _Number | None:
    """A number (or range of numbers) starting at token i."""
    word = doc[i].lower_
    if word in lex.vague:
        return _read_vague(doc, i, lex)
    first = _read_words(doc, i)
    if first is None:
        return None
    end, words = first
    low, _ = words_value(words)
    if low is None:
        return None
    spelled = all(digit_value(w) is None for w in words)
    high: float | None = None
    if end + 1 < len(doc) and doc[end].lower_ in lex.range_joiners and _joins(doc, i, end, lex):
        second = _read_words(doc, end + 1)
        if second is not None:
            end2, words2 = second
            high, scaled = words_value(words2)
            if high is not None:
                if not any(w in lex.scales for w in words):
                    low *= trailing_scale(words2) if scaled else 1.0
                end = end2
                spelled = spelled and all(digit_value(w) is None for w in words2)
    return _Number(i, end, low, high, False, spelled)


def _joins(doc: Doc, start: int, end: int, lex: Lexicon) -> bool:
    """Whether the joiner at `end` makes a range (a hyphen must be tight, "and" needs "between")."""
    joiner = doc[end].text
    if joiner in ("-", "–", "—"):
        return not doc[end - 1].whitespace_ and not doc[end].whitespace_
    if joiner.lower() == "and":
        return start > 0 and doc[start - 1].lower_ == "between"
    return True


def _read_words(doc: Doc, i: int) -> tuple[int, list[str]] | None:
    """The run of number tokens starting at i: (end index, lower-cased words)."""
    lex = lexicon()
    words: list[str] = []
    j = i
    while j < len(doc):
        w = doc[j].lower_
        glue = w in ("and", "-") and words and j + 1 < len(doc) and is_number_word(doc[j + 1].lower_)
        if is_number_word(w) and not (words and digit_value(w) is not None and digit_value(words[-1]) is not None):
            words.append(w)
        elif glue and w == "-" and words[-1] in lex.words and doc[j + 1].lower_ in lex.words:
            words.append(w)  # "twenty-five"
        elif glue and w == "and" and words[-1] in lex.scales:
            words.append(w)  # "two hundred and fifty"
        else:
            break
        j += 1
    if not words or all(w in lex.scales for w in words):
        return None
    return j, words


def _read_vague(doc: Doc, i: int, lex: Lexicon) -> _Number | None:
    """A vague plural ("thousands of", "tens of thousands of") starting at token i."""
    low = lex.vague[doc[i].lower_]
    end = i + 1
    if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].lower_ in lex.vague:
        low *= lex.vague[doc[end + 1].lower_]
        end += 2
    if end >= len(doc) or doc[end].lower_ != "of":
        return None
    return _Number(i, end, low, None, True, True)


def _not_a_count(doc: Doc, number: _Number, lex: Lexicon) -> bool:
    """Ages, times, model names and pronoun-like "one" are numbers but not figures."""
    s, e = number.start, number.end
    after = [t.lower_ for t in doc[e : e + 4]]
    if any(after[: len(p)] == list(p) for p in lex.age_after):
        return True
    if (s > 0 and doc[s - 1].lower_ in lex.age_before) or (after and after[0] in lex.time_after):
        return True
    if s > 0 and not doc[s - 1].whitespace_ and (doc[s - 1].is_alpha or doc[s - 1].text == "-"):
        return True  # glued to letters: a model name or code ("Tu-154", "COVID-19")
    if e < len(doc) and not doc[e - 1].whitespace_ and doc[e].is_alpha and doc[e].lower_ not in lex.scales:
        return True  # "5G", "3D"
    if number.spelled and not number.vague and number.high is None:
        last = doc[e - 1]
        return last.dep_ not in ("nummod", "quantmod", "compound", "npadvmod", "pobj", "dobj", "nsubj", "appos") or (
            e < len(doc) and doc[e].lower_ == "of"
        )
    return False


def _before(doc: Doc, i: int, lex: Lexicon) -> tuple[int, str, str | None]:
    """Where the figure starts, its qualifier ("exact" if none) and a currency before the number."""
    start, currency = i, None
    for n in (2, 1):
        key = tuple(t.lower_ for t in doc[max(i - n, 0) : i])
        if len(key) == n and key in lex.currency_before:
            start, currency = i - n, lex.currency_before[key]
            break
    for n in (4, 3, 2, 1):
        key = tuple(t.lower_ for t in doc[max(start - n, 0) : start])
        if len(key) == n and key in lex.qualifiers_before:
            return start - n, lex.qualifiers_before[key], currency
    return start, "exact", currency


def _after_qualifier(doc: Doc, j: int, lex: Lexicon) -> tuple[int, str | None]:
    """A qualifier right after the number ("500 or more"): (new end, qualifier)."""
    for n in (2, 1):
        key = tuple(t.lower_ for t in doc[j : j + n])
        if len(key) == n and key in lex.qualifiers_after:
            return j + n, lex.qualifiers_after[key]
    return j, None


def _match(doc: Doc, j: int, table: dict[tuple[str, ...], str]) -> tuple[int, str] | None:
    """The longest entry of `table` starting at token j: (end, value)."""
    for n in (3, 2, 1):
        key = tuple(t.lower_ for t in doc[j : j + n])
        if len(key) == n and key in table:
            return j + n, table[key]
    return None


def _unit_and_counted(doc: Doc, j: int, lex: Lexicon, currency: str | None) -> tuple[str | None, str | None, int]:
    """The unit and what is counted after the number at token j, and the figure's end."""
    while j < len(doc) and doc[j].text in _QUOTES:
        j += 1
    if currency is not None:
        return currency, None, j
    if (m := _match(doc, j, lex.currency_after)) is not None:
        return m[1], None, m[0]
    if (m := _match(doc, j, lex.measures)) is not None:
        end, unit = m
        return unit, _of_phrase(doc, end), end
    if j < len(doc) and doc[j].lower_ == "of":
        j += 1  # "thousands of Haitian citizens"
    head = _counted_head(doc, j)
    if head is None:
        return None, None, j
    counted = doc[j : head + 1]
    return _unit_of(doc[head], lex), counted.text, head + 1


def _of_phrase(doc: Doc, j: int) -> str | None:
    """The noun phrase after "of" at token j ("of humanitarian aid" -> "humanitarian aid")."""
    if j >= len(doc) or doc[j].lower_ != "of":
        return None
    head = _counted_head(doc, j + 1)
    if head is None:
        return None
    start = j + 1
    while start < head and doc[start].pos_ == "DET":
        start += 1
    return doc[start : head + 1].text


def _counted_head(doc: Doc, j: int) -> int | None:
    """The index of the noun a number counts, scanning its noun phrase from token j."""
    last_name = None
    for k in range(j, min(j + _MAX_NP, len(doc))):
        t = doc[k]
        if t.ent_iob_ == "B" and t.ent_type_ in ("DATE", "TIME"):
            break  # a date begins: "13 Friday 1 May 2009 15.49 BST" counts no Friday
        if t.tag_ == "NNPS":
            return k
        if t.pos_ == "NOUN":
            while k + 1 < len(doc) and doc[k].dep_ == "compound" and doc[k + 1].pos_ == "NOUN":
                k += 1  # "cargo planes"
            return k
        if t.pos_ == "PROPN":
            last_name = k
        elif not (t.pos_ in _NP_INNER or t.text in (",", "-") or (t.pos_ == "DET" and k == j)):
            break
    return last_name


def _unit_of(head: Token, lex: Lexicon) -> str | None:
    """The normalised unit for a counted noun ("citizens" -> people, "planes" -> aircraft)."""
    lemma = head.lemma_.lower()
    for form in (lemma, head.lower_):
        if form in lex.counted:
            return lex.counted[form]
    if head.ent_type_ == "NORP" and head.lower_.endswith("s"):
        return "people"  # "Germans", "Peruvians"
    return lemma if head.pos_ == "NOUN" else None


def _bounds(number: _Number, qualifier: str) -> tuple[float | None, float | None, float | None]:
    """(value, low, high) for a number under its qualifier."""
    if number.high is not None:
        return None, number.low, number.high
    if qualifier in ("more_than", "at_least"):
        return None, number.low, None
    if qualifier in ("less_than", "at_most"):
        return None, None, number.low
    return number.low, None, None
