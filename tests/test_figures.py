"""The figures stage on small real sentences: one test per figure shape and exclusion."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.figures import find_figures
from storyline.figures.lexicon import lexicon
from storyline.figures.numbers import words_value
from storyline.model import Extraction, Figure
from storyline.pipeline import Parsed


@pytest.fixture
def figures(parse: Callable[..., Parsed]) -> Callable[[str], list[Figure]]:
    """figures(text) -> the figures the stage finds in `text`."""

    def run(text: str) -> list[Figure]:
        parsed = parse(text)
        return find_figures(parsed, Extraction(article=parsed.article.id))

    return run


def one(figs: list[Figure]) -> Figure:
    """The only figure found."""
    assert len(figs) == 1, [f.text for f in figs]
    return figs[0]


def test_digits_with_people_noun(figures: Callable[[str], list[Figure]]) -> None:
    f = one(figures("The ferry carried 450 passengers across the strait."))
    assert (f.value, f.qualifier, f.unit, f.counted) == (450, "exact", "people", "passengers")


def test_spelled_out_number_counts_aircraft(figures: Callable[[str], list[Figure]]) -> None:
    f = one(figures("The navy sent four cargo planes to the island."))
    assert (f.value, f.unit, f.counted, f.text) == (4, "aircraft", "cargo planes", "four cargo planes")


def test_spelled_range_shares_the_scale(figures: Callable[[str], list[Figure]]) -> None:
    f = one(figures("Officials said “three or four thousand” Ukrainians had crossed the border."))
    assert (f.low, f.high, f.value, f.qualifier, f.unit) == (3000, 4000, None, "range", "people")


def test_digit_range_with_hyphen(figures: Callable[[str], list[Figure]]) -> None:
    f = one(figures("Between 10-15 trucks waited at the crossing."))
    assert (f.low, f.high, f.qualifier, f.unit) == (10, 15, "range", "vehicles")


@pytest.mark.parametrize(
    ("text", "qualifier", "low", "high", "value"),
    [
        ("Police arrested more than 300 protesters on Sunday.", "more_than", 300, None, None),
        ("Over 40 villagers were rescued from the flood.", "more_than", 40, None, None),
        ("The blast killed at least 7 people.", "at_least", 7, None, None),
        ("Around 2,500 workers joined the strike.", "about", None, None, 2500),
        ("Nearly 90 pupils were sent home.", "less_than", None, 90, None),
        ("Up to 60 soldiers guard the base.", "at_most", None, 60, None),
    ],
)
def test_qualifiers(
    figures: Callable[[str], list[Figure]], text: str, qualifier: str, low: float | None,
    high: float | None, value: float | None,
) -> None:
    f = one(figures(text))
    assert (f.qualifier, f.low, f.high, f.value, f.unit) == (qualifier, low, high, value, "people")


def test_measure_unit_and_what_it_measures(figures: Callable[[str], list[Figure]]) -> None:
    f = one(figures("The convoy brought 12 metric tonnes of medicine to the town."))
    assert (f.value, f.unit, f.counted, f.text) == (12, "t", "medicine", "12 metric tonnes")


def test_currency_symbol_and_scale(figures: Callable[[str], list[Figure]]) -> None:
    f = one(figures("The bank approved a $2.5 billion loan."))
    assert (f.value, f.unit) == (2.5e9, "USD")


def test_currency_word(figures: Callable[[str], list[Figure]]) -> None:
    f = one(figures("The club paid 40 million euros for the striker."))
    assert (f.value, f.unit) == (40e6, "EUR")


def test_percent(figures: Callable[[str], list[Figure]]) -> None:
    f = one(figures("Turnout reached 64 percent in the capital."))
    assert (f.value, f.unit) == (64, "percent")


def test_distance(figures: Callable[[str], list[Figure]]) -> None:
    f = one(figures("The fire spread across 30 km of forest."))
    assert (f.value, f.unit, f.counted) == (30, "km", "forest")


def test_vague_plural_is_a_lower_bound(figures: Callable[[str], list[Figure]]) -> None:
    f = one(figures("Thousands of residents fled the fighting."))
    assert (f.low, f.qualifier, f.unit, f.counted) == (1000, "at_least", "people", "residents")


def test_demonym_plural_counts_people(figures: Callable[[str], list[Figure]]) -> None:
    f = one(figures("The embassy flew 150 Germans home."))
    assert (f.value, f.unit) == (150, "people")


@pytest.mark.parametrize(
    "text",
    [
        "The 54-year-old mayor resigned on Monday.",
        "The mayor, aged 54, resigned.",
        "The court met on March 3, 2019 at 10 a.m.",
        "The third shipment arrived yesterday.",
        "The pilots flew a Tu-154 and an F-16 over the city.",
        "One of the ministers resigned, and one said nothing.",
        "Call the hotline on +44 20 7946 0958 for details.",
        "The report is online at https://example.org/news/2020/5/12345 now.",
        "The law was passed in 1998.",
        "Sunday 26 April 2009 18.45 BST People wear surgical masks in the capital.",
        "The talks resumed at 10:22 GMT after a short break.",
    ],
)
def test_not_figures(figures: Callable[[str], list[Figure]], text: str) -> None:
    assert [f.text for f in figures(text)] == []


def test_a_counted_phrase_stops_where_a_date_begins(figures: Callable[[str], list[Figure]]) -> None:
    f = one(figures("Confirmed cases rose to 13 Friday 1 May 2009 15.49 BST Paul Rennick said the agency was ready."))
    assert (f.text, f.value, f.counted) == ("13", 13, None)


def test_offsets_slice_back_to_the_text(parse: Callable[..., Parsed]) -> None:
    parsed = parse("About 200 firefighters and three helicopters fought the blaze.")
    figs = find_figures(parsed, Extraction(article="a1"))
    assert [parsed.article.text[f.start : f.end] for f in figs] == [f.text for f in figs]
    assert [f.id for f in figs] == ["a1:f1", "a1:f2"]


def test_words_value() -> None:
    assert words_value(["two", "hundred", "and", "fifty"]) == (250, True)
    assert words_value(["twenty", "-", "five"]) == (25, False)
    assert words_value(["1.5", "million"]) == (1.5e6, True)
    assert words_value(["banana"]) == (None, False)


def test_lexicon_loads_units() -> None:
    lex = lexicon()
    assert lex.measures[("metric", "tons")] == "t"
    assert lex.counted["refugee"] == "people"
    assert lex.qualifiers_before[("more", "than")] == "more_than"
