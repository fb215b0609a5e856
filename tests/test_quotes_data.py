"""The quotes lexicons and the quotation-mark scanner."""

from __future__ import annotations

from storyline.quotes.lexicon import lexicon
from storyline.quotes.marks import quotations


def test_lexicon_loads_and_keeps_beliefs_apart_from_speech():
    lex = lexicon()
    assert {"say", "add", "tell", "stress"} <= lex.speech_verbs
    assert not lex.speech_verbs & lex.belief_verbs
    assert "quote" in lex.quote_verbs


def test_outlets_by_name_and_by_head_noun():
    lex = lexicon()
    assert lex.is_outlet("Reuters")
    assert lex.is_outlet("state media")
    assert lex.is_outlet("the RBC news website")
    assert not lex.is_outlet("the finance minister")


def test_quotations_skip_apostrophes_and_nest():
    text = "He said “don’t touch the ‘red’ button” and the group’s leader agreed."
    marks = quotations(text)
    assert len(marks) == 1
    assert text[marks[0].start : marks[0].end] == "“don’t touch the ‘red’ button”"


def test_straight_quotes_pair_up():
    text = 'She said "yes" and then "no".'
    assert [text[m.start : m.end] for m in quotations(text)] == ['"yes"', '"no"']


def test_open_quote_closes_at_paragraph_break():
    text = "“First paragraph of a long quote.\n\n“Second paragraph,” she said."
    spans = [text[m.start : m.end] for m in quotations(text)]
    assert spans[0].startswith("“First paragraph")
    assert spans[1] == "“Second paragraph,”"
