"""Property-based tests for the text-level stages: figures, time expressions, quotes.

On random Unicode text salted with what the stages look for (quotation marks
of every style, digits, number words, month and weekday names, speech verbs),
each stage must not raise, must give offsets inside the text whose slice is
the item's stated text, and must give the same output for the same input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from spacy.language import Language

import storyline.stages  # noqa: F401 - registers the built-in stages
from storyline.model import Extraction
from storyline.pipeline import Parsed, check_order, run_stages
from storyline.quotes.found import trim
from storyline.quotes.marks import quotations
from storyline.timex import normalize

MARKS = ['"', "'", "“", "”", "‘", "’", "«", "»", "„", "‚", "‹", "›", "「", "」", "``", "''"]
WORDS = [
    "the", "river", "rose", "said", "told", "reporters", "according", "to", "he", "she", "they",
    "Elena", "Varga", "Mayor", "Reuters", "Ministry", "Lisk", "Valmora", "more", "than", "about",
    "hundred", "thousand", "million", "two", "dozen", "percent", "tons", "dollars", "residents",
    "January", "May", "March", "Monday", "Friday", "yesterday", "today", "last", "next", "week",
    "year", "ago", "since", "until", "between", "and", "or", "of", "in", "on", "at", "by", "2021",
    "1999", "3", "12", "10-20", "1,500", "2.5", "$40", "€3bn", "50%", "7pm", "11:30", "2021-11-18",
    "18/11/2021", "Q3", "1990s", "-", "—", ",", ".", ":", ";", "!", "?", "(", ")", "\n", "\n\n",
    "Ünïcödé", "Київ", "北京", "٣٤", "½", "𝟙𝟚", "\u200b", "\u00a0", "\t", "e\u0301",
]

settings_fast = settings(max_examples=200, deadline=None)
settings_slow = settings(max_examples=40, deadline=None,
                         suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def salted_text(max_size: int = 160) -> st.SearchStrategy[str]:
    """Random text: words the stages look for, marks of every style and arbitrary Unicode."""
    piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(MARKS), st.text(max_size=6),
                      st.sampled_from([" ", " ", " ", "", "\n", "\n\n", ", "]))
    return st.lists(piece, min_size=max_size // 4, max_size=max_size).map(lambda parts: "".join(parts))


def _slices_match(text: str, items: list[Any], stated: str) -> None:
    for item in items:
        assert 0 <= item.start <= item.end <= len(text), item
        assert text[item.start : item.end] == getattr(item, stated), item


def _run(spacy_nlp: Language, text: str, stages: tuple[str, ...]) -> tuple[str, Extraction]:
    """Parse and run `stages`, failing on any stage error (run_stages turns them into notes)."""
    from storyline.model import Article, Published

    art = Article(id="a1", source="<text>", text=text,
                  published=Published("2021-11-18", "metadata", "2021-11-18", "2021-11-18"))
    parsed = Parsed(art, spacy_nlp(text))
    found = run_stages(parsed, check_order(stages))
    assert not [n for n in art.notes if n.startswith("stage ")], art.notes
    return parsed.doc.text, found


def _twice(spacy_nlp: Language, text: str, stages: tuple[str, ...],
           pick: Callable[[Extraction], list[Any]]) -> tuple[str, list[Any]]:
    """Run twice on the same text; the outputs must be equal."""
    doc_text, first = _run(spacy_nlp, text, stages)
    _, second = _run(spacy_nlp, text, stages)
    assert [asdict(x) for x in pick(first)] == [asdict(x) for x in pick(second)]
    return doc_text, pick(first)


# --- quotation marks and trimming: pure text functions, many examples -----------


@settings_fast
@given(salted_text(80))
def test_quotations_are_ordered_disjoint_and_inside_the_text(text: str) -> None:
    marks = quotations(text)
    assert marks == quotations(text)
    assert all(text[m.start] in "\"'“‘«„‹" for m in marks)
    previous_end = 0
    for m in marks:
        assert previous_end <= m.start < m.end <= len(text)
        previous_end = m.end
        start, end = m.inner
        assert m.start < start <= end < m.end, (m, text)


@settings_fast
@given(salted_text(40), st.integers(0, 400), st.integers(0, 400))
def test_trim_stays_inside_its_span(text: str, a: int, b: int) -> None:
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    lo, hi = trim(text, start, end)
    assert start <= lo <= hi <= end


# --- time expression normalisation: pure functions --------------------------------

VALUES = st.one_of(
    st.sampled_from(["2021", "2021-11", "2021-11-18", "2021-W46", "2021-Q3", "2021-SU", "XXXX-11-18",
                     "XXXX-XX-18", "XXXX-WXX-1", "PRESENT_REF", "PAST_REF", "FUTURE_REF", "P3D",
                     "2021-11-18T19:00", "199", "20", "XXXX", ""]),
    st.text(max_size=12),
)


@settings_fast
@given(VALUES, st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9998, 12, 31))),
       st.sampled_from([-1, 0, 1]))
def test_timex_normalisation_never_raises_and_is_deterministic(value: str, anchor: date | None,
                                                                direction: int) -> None:
    resolved = normalize.resolve(value, anchor, direction)
    assert isinstance(resolved, str)
    assert resolved == normalize.resolve(value, anchor, direction)
    low, high = normalize.bounds(resolved)
    assert (low, high) == normalize.bounds(resolved)
    if low and high:
        assert low <= high
    normalize.granularity(resolved)


@pytest.mark.parametrize("value", ["2021-02-30", "2021-13", "2021-W53", "XXXX-02-29"])
def test_timex_bounds_of_an_impossible_date(value: str) -> None:
    assert normalize.bounds(normalize.resolve(value, date(2021, 11, 18), -1)) == (None, None)


def test_an_impossible_date_in_the_text_does_not_fail_the_timex_stage(spacy_nlp: Language) -> None:
    _run(spacy_nlp, "The deal was signed on 30 February, officials said.", ("published", "timexes"))


# --- the stages on parsed random text ---------------------------------------------


@settings_slow
@given(salted_text())
def test_figures_offsets_and_determinism(spacy_nlp: Language, text: str) -> None:
    event(f"{len(text) // 100 * 100}+ chars")
    doc_text, figures = _twice(spacy_nlp, text, ("figures",), lambda x: x.figures)
    _slices_match(doc_text, figures, "text")


@settings_slow
@given(salted_text())
def test_timexes_offsets_and_determinism(spacy_nlp: Language, text: str) -> None:
    doc_text, timexes = _twice(spacy_nlp, text, ("published", "timexes"), lambda x: x.timexes)
    _slices_match(doc_text, timexes, "text")
    for t in timexes:
        assert t.value, t


@settings_slow
@given(salted_text())
def test_quotes_offsets_and_determinism(spacy_nlp: Language, text: str) -> None:
    stages = ("mentions", "entities", "published", "timexes", "quotes")
    doc_text, quotes = _twice(spacy_nlp, text, stages, lambda x: x.quotes)
    _slices_match(doc_text, quotes, "content")


@settings_slow
@given(salted_text())
def test_entity_mentions_offsets_and_determinism(spacy_nlp: Language, text: str) -> None:
    doc_text, mentions = _twice(spacy_nlp, text, ("mentions",), lambda x: x.mentions)
    _slices_match(doc_text, mentions, "text")
