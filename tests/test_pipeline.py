"""The stage registry checks order and needs before anything runs."""

from __future__ import annotations

import gc

import pytest

from storyline.model import Extraction
from storyline.pipeline import (
    STAGES,
    Parsed,
    PipelineError,
    check_order,
    once_per_doc,
    register,
    run_stages,
    span_text,
)
from storyline.stages import DEFAULT_STAGES


def test_default_stages_are_in_a_valid_order() -> None:
    assert [s.name for s in check_order(DEFAULT_STAGES)] == list(DEFAULT_STAGES)


def test_a_stage_before_what_it_needs_is_refused_with_the_missing_names() -> None:
    with pytest.raises(PipelineError, match="'events' needs entities, timexes, figures, quotes"):
        check_order(["events"])


def test_unknown_stage_is_named() -> None:
    with pytest.raises(PipelineError, match="unknown stage 'sentiment'"):
        check_order(["mentions", "sentiment"])


def test_a_failing_stage_is_recorded_and_the_others_still_run(parse) -> None:  # type: ignore[no-untyped-def]
    def explode(parsed: Parsed, found: Extraction) -> list[object]:
        raise ValueError("boom")

    register("explode_for_test", needs=["sentences"], adds="quotes")(explode)
    try:
        parsed = parse("Maria Lopez met the mayor of Lyon on Monday.")
        found = run_stages(parsed, check_order(["explode_for_test", "mentions"]))
    finally:
        del STAGES["explode_for_test"]
    assert found.quotes == []
    assert [m.text for m in found.mentions] == ["Maria Lopez", "Lyon"]
    assert any("explode_for_test failed" in n and "boom" in n for n in parsed.article.notes)


def test_sentences_carry_offsets_that_slice_back_to_their_text(parse) -> None:  # type: ignore[no-untyped-def]
    parsed = parse("The river rose overnight. Two bridges were closed on Friday.")
    found = run_stages(parsed, [])
    assert len(found.sentences) == 2
    for s in found.sentences:
        assert parsed.article.text[s.start:s.end] == s.text


def test_the_pipeline_tokenizes_as_the_packaged_model_does(spacy_nlp) -> None:  # type: ignore[no-untyped-def]
    """`nlp.load` builds the tokenizer empty before the model's rules are read in: same tokens."""
    import spacy

    from storyline.settings import DEFAULT_MODEL

    text = ("Don't go to the U.S. at 5pm, e.g. on Jan. 5th; Mr. O'Neill can't see https://x.org/a?b=1 :-) "
            "The U.K.'s 1,200-strong force (about 3.5km away) won't leave 'til Nov. 3, he said.")
    stock = spacy.load(DEFAULT_MODEL)
    ours = spacy_nlp(text)
    assert spacy_nlp.tokenizer is not stock.tokenizer
    assert [(t.text, t.idx) for t in ours] == [(t.text, t.idx) for t in stock(text)]
    assert any(t.text == "n't" for t in ours) and any(t.text == "U.S." for t in ours)


def test_no_sentence_spans_a_paragraph_break(spacy_nlp) -> None:  # type: ignore[no-untyped-def]
    """A dateline or headline without a full stop is not run into the paragraph after it."""
    text = ("12th Mar 2023\n\nFloods cut the road to Orvena overnight\n\n"
            "Rescue teams in Orvena, a river town, said on Monday that 40 homes were lost. They kept searching.")
    sentences = [s.text.strip() for s in spacy_nlp(text).sents]
    assert sentences == ["12th Mar 2023", "Floods cut the road to Orvena overnight",
                         "Rescue teams in Orvena, a river town, said on Monday that 40 homes were lost.",
                         "They kept searching."]
    # Within a paragraph the parser still decides, single line breaks included.
    one = spacy_nlp("Rescue teams said 40 homes\nwere lost in the night. They kept searching.")
    assert [s.text.strip() for s in one.sents][-1] == "They kept searching."


def test_span_text_is_the_span_s_own_text(spacy_nlp) -> None:  # type: ignore[no-untyped-def]
    """Cut from the Doc's text, as spaCy joins it: no trailing space, line breaks and
    runs of spaces inside kept, empty spans empty."""
    doc = spacy_nlp("Floods  cut the road.\n\nRescue teams in Orvena said 40 homes were lost. \n"
                    "They kept  searching, officials said ")
    spans = [*doc.sents, *doc.ents, doc[0:0], doc[2:2], doc[len(doc) - 1:],
             *(doc[i:j] for i in range(0, len(doc), 3) for j in range(i, len(doc) + 1, 4))]
    assert len(spans) > 40
    for span in spans:
        assert span_text(span) == span.text, (span.start, span.end)


def test_once_per_doc_works_a_value_out_once_for_each_doc(spacy_nlp) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []

    def count_tokens(doc):  # type: ignore[no-untyped-def]
        calls.append(doc.text)
        return len(doc)

    first, second = spacy_nlp("Rain fell in Lyon."), spacy_nlp("The river rose overnight near Arles.")
    assert once_per_doc(first, "test.tokens", count_tokens) == 5
    assert once_per_doc(first, "test.tokens", count_tokens) == 5
    assert once_per_doc(second, "test.tokens", count_tokens) == 7
    assert calls == [first.text, second.text]


def _docs_alive() -> int:
    return sum(1 for o in gc.get_objects() if type(o).__name__ == "Doc")


def test_the_stages_leave_each_doc_free_to_go_with_its_article(parse) -> None:  # type: ignore[no-untyped-def]
    """No stage keeps a Span or Token on its Doc (a reference cycle): a build's Docs would pile
    up between runs of the cyclic garbage collector instead of going one by one."""
    text = ("Maria Lopez, the mayor of Lyon, said on Monday: \"We will reopen the bridge.\"\n\n"
            "Officials said 40 families were moved, and a second convoy left on 3 May 2021.")
    stages = check_order(DEFAULT_STAGES)
    run_stages(parse(text, "2021-05-04"), stages)  # first-use caches (rules, gazetteers) fill here
    gc.collect()
    gc.disable()
    try:
        before = _docs_alive()
        for _ in range(3):
            run_stages(parse(text, "2021-05-04"), stages)
        assert _docs_alive() == before
    finally:
        gc.enable()
