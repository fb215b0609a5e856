"""Quote shapes on small real sentences, parsed with the real model."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.model import Extraction, Quote

STAGES = ("mentions", "entities", "published", "timexes", "quotes")


@pytest.fixture
def quotes(extract: Callable[..., Extraction]) -> Callable[[str], tuple[list[Quote], dict[str, str]]]:
    """quotes(text) -> (quotes, {local entity id: entity name})."""

    def run(text: str) -> tuple[list[Quote], dict[str, str]]:
        found = extract(text, stages=STAGES)
        return found.quotes, {e.id: e.name for e in found.entities}

    return run


def test_direct_quote_with_cue_after(quotes):
    qs, names = quotes("“The bridge will reopen next month,” Mayor Anna Kowalski said on Monday.")
    assert len(qs) == 1
    q = qs[0]
    assert q.kind == "direct"
    assert q.content == "The bridge will reopen next month"
    assert names[q.speaker] == "Anna Kowalski"
    assert q.cue == "said"


def test_multi_sentence_direct_quote(quotes):
    text = ("“We have finished the first phase. The second phase starts in spring,” "
            "Transport Minister Jean Dubois told reporters.")
    qs, names = quotes(text)
    assert [q.kind for q in qs] == ["direct"]
    assert "second phase starts in spring" in qs[0].content
    assert "first phase" in qs[0].content
    assert names[qs[0].speaker] == "Jean Dubois"


def test_quote_split_by_he_added_goes_to_previous_speaker(quotes):
    text = ("Union leader Peter Novak said the strike would continue. "
            "“Nobody has called us,” he added.")
    qs, names = quotes(text)
    assert len(qs) == 2
    assert qs[1].kind == "direct"
    assert names[qs[1].speaker] == "Peter Novak"
    assert qs[1].speaker_text == "he"


def test_continued_quote_without_cue_keeps_speaker(quotes):
    text = ("“The talks went well,” Ambassador Laura Chen told reporters. "
            "“But nothing has been signed yet.”")
    qs, names = quotes(text)
    assert [names[q.speaker] for q in qs] == ["Laura Chen", "Laura Chen"]
    assert qs[1].cue is None


def test_nested_quote_marks_stay_one_quote(quotes):
    text = "“They keep saying ‘wait a little longer’ and we are tired of it,” farmer Tom Baker said."
    qs, names = quotes(text)
    assert len(qs) == 1
    assert "‘wait a little longer’" in qs[0].content
    assert names[qs[0].speaker] == "Tom Baker"


def test_role_description_speaker(quotes):
    text = ("Italian Foreign Minister Marco Rossi met his counterpart in Paris. "
            "“We agreed on a common plan,” the Italian foreign minister said.")
    qs, names = quotes(text)
    assert len(qs) == 1
    assert names[qs[0].speaker] == "Marco Rossi"
    assert qs[0].speaker_text.lower() == "the italian foreign minister"


def test_indirect_quote_after_speaker(quotes):
    qs, names = quotes("Health Minister Olga Petrova said Tuesday that hospitals had enough beds for the winter.")
    assert len(qs) == 1
    assert qs[0].kind == "indirect"
    assert qs[0].content == "hospitals had enough beds for the winter."
    assert names[qs[0].speaker] == "Olga Petrova"


def test_indirect_quote_before_speaker(quotes):
    qs, names = quotes("The port will stay closed until Friday, harbour master Lars Nilsen said.")
    assert len(qs) == 1
    assert qs[0].content == "The port will stay closed until Friday"
    assert names[qs[0].speaker] == "Lars Nilsen"


def test_mixed_quote_fragment_in_reported_speech(quotes):
    qs, _ = quotes("Senator Mark Ellis said the new budget was “a disaster for farmers” and should be withdrawn.")
    assert len(qs) == 1
    assert qs[0].kind == "mixed"
    assert "a disaster for farmers" in qs[0].content


def test_relay_chain_reported_by_and_quoted_by(quotes):
    text = ("As reported by Reuters, Erdogan was quoted by the Anadolu news agency as having said, "
            "“We will not accept this proposal.”")
    qs, names = quotes(text)
    assert len(qs) == 1
    via = [names.get(v, v) for v in qs[0].via]
    assert via[0] == "Reuters"
    assert any("Anadolu" in v for v in via[1:])
    assert names[qs[0].speaker] == "Erdogan"


def test_agency_quoted_speaker_saying(quotes):
    text = "“The harvest is the best in ten years,” Xinhua quoted Minister Wang Lei as saying."
    qs, names = quotes(text)
    assert len(qs) == 1
    assert names[qs[0].speaker] == "Wang Lei"
    assert [names.get(v, v) for v in qs[0].via] == ["Xinhua"]


def test_according_to_outlet_is_a_relay(quotes):
    text = ("The army will withdraw from the border, Defence Minister Ivan Horvat announced Friday, "
            "according to state media.")
    qs, names = quotes(text)
    assert len(qs) == 1
    assert names[qs[0].speaker] == "Ivan Horvat"
    assert qs[0].via == ["state media"]


def test_according_to_person_is_the_speaker(quotes):
    qs, names = quotes("Prices will fall next year, according to central bank governor Maria Lopez.")
    assert len(qs) == 1
    assert qs[0].cue == "according to"
    assert names[qs[0].speaker] == "Maria Lopez"


def test_headline_and_scare_quotes_are_not_quotes(quotes):
    text = "Mayor Says City Is Ready\n\nThe so-called “reform” was delayed again after the vote."
    qs, _ = quotes(text)
    assert qs == []


def test_quote_offsets_slice_back_to_content(quotes):
    text = "“We will rebuild the school,” Governor Sam Okafor said. He said funds were already approved."
    qs, _ = quotes(text)
    assert qs
    for q in qs:
        assert text[q.start : q.end] == q.content
