"""The date recognizer's sub-extractors share their answers within one call, and nothing changes."""

from __future__ import annotations

from datetime import datetime

import pytest

from storyline.timex import recognizer

SENTENCES = [
    "The ferry left Orvena at 9.30 pm on Tuesday, three days after the storm of 14 March 2021.",
    "Within 60 days the council must answer, and by the end of next week it will meet again.",
    "About 1,200 people, a third of them under 18, had been moved by the evening of May 3.",
    "Earlier this week the inquiry heard that the pumps had failed twice in the past several months.",
]


def _unshared(sentence: str, ref: datetime) -> list[tuple[int, int, str, str]]:
    """The recognizer's own answer, every extractor run from scratch (no call in progress)."""
    out = []
    for r in recognizer._model().parse(sentence, ref):
        values = (r.resolution or {}).get("values") or []
        if values and values[0].get("timex"):
            out.append((r.start, r.end, r.type_name, values[0]["timex"]))
    return out


@pytest.mark.parametrize("sentence", SENTENCES)
def test_a_call_with_shared_answers_gives_what_the_recognizer_gives(sentence: str) -> None:
    ref = datetime(2021, 3, 19)
    assert list(recognizer.parse_sentence(sentence, ref)) == _unshared(sentence, ref)


def test_extractors_built_alike_share_and_others_do_not() -> None:
    from ms_recognizers_date_time.date_time.base_duration import BaseDurationExtractor
    from ms_recognizers_date_time.date_time.english.duration_extractor_config import (
        EnglishDurationExtractorConfiguration,
    )
    from ms_recognizers_number.number.english.extractors import EnglishCardinalExtractor, EnglishOrdinalExtractor
    from ms_recognizers_number.resources.english_numeric import EnglishNumeric

    assert recognizer._state(EnglishCardinalExtractor()) == recognizer._state(EnglishCardinalExtractor())
    assert recognizer._state(EnglishCardinalExtractor()) != recognizer._state(
        EnglishCardinalExtractor(EnglishNumeric.PlaceHolderPureNumber))
    assert recognizer._state(EnglishCardinalExtractor()) != recognizer._state(EnglishOrdinalExtractor())
    merged = BaseDurationExtractor(EnglishDurationExtractorConfiguration())
    unmerged = BaseDurationExtractor(EnglishDurationExtractorConfiguration(), False)
    assert recognizer._state(merged) != recognizer._state(unmerged)


def test_an_answer_changed_by_one_caller_is_not_what_the_next_gets() -> None:
    from ms_recognizers_number.number.english.extractors import EnglishCardinalExtractor

    recognizer._model()  # installs the sharing
    extractor = EnglishCardinalExtractor()
    recognizer._CALL.answers = {}
    try:
        for _ in range(2):
            answer = extractor.extract("twelve boats and 40 crew")
            answer[0].start = 99
            answer[0].text = "changed"
        third = extractor.extract("twelve boats and 40 crew")
        asked = len(recognizer._CALL.answers)
    finally:
        recognizer._CALL.answers = None
    assert asked == 1  # the later asks were answered from the first
    assert [(r.start, r.text) for r in third] == [(0, "twelve"), (17, "40")]


def test_building_the_recognizer_again_does_not_wrap_its_extractors_twice() -> None:
    from ms_recognizers_date_time.date_time.base_date import BaseDateExtractor

    recognizer._model()
    wrapped = BaseDateExtractor.extract
    recognizer._model.cache_clear()
    recognizer._model()
    assert BaseDateExtractor.extract is wrapped
    assert list(recognizer.parse_sentence(SENTENCES[0], datetime(2021, 3, 19))) == _unshared(
        SENTENCES[0], datetime(2021, 3, 19))


def test_a_watch_warms_the_recognizer_up_before_a_change_comes() -> None:
    from storyline.build import Workers
    from storyline.settings import BuildSettings

    recognizer._model.cache_clear()
    with Workers(BuildSettings(jobs=1)) as workers:
        workers.warm_up()
    assert recognizer._model.cache_info().currsize == 1


def test_extractors_past_the_kept_number_are_not_kept_nor_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    from ms_recognizers_number.number.english.extractors import EnglishCardinalExtractor

    monkeypatch.setattr(recognizer, "_STATES", {})
    monkeypatch.setattr(recognizer, "_MAX_KEPT", 1)
    kept, extra = EnglishCardinalExtractor(), EnglishCardinalExtractor()
    assert recognizer._state(kept) == recognizer._state(kept)
    assert recognizer._state(extra) != recognizer._state(extra)
    assert len(recognizer._STATES) == 1
