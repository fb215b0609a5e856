"""The timex recognizer's answers are kept in the store: a re-build of edited articles does not
ask the recognizer again what it answered in an earlier build (starting it alone takes seconds)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from storyline.build import BuildSettings, build
from storyline.store import Store
from storyline.timex import tagger


@pytest.fixture(autouse=True)
def _fresh_process() -> None:
    """Each test starts as a new process would: nothing recognized in memory (an earlier test's
    answers would spare the recognizer here, and so never be stored)."""
    tagger.recognize.cache_clear()
    tagger._READ.clear()


def _timexes(store: Store) -> dict[str, list[tuple[str, str | None]]]:
    return {a.source.rsplit("/", 1)[-1]: [(t.text, t.value) for t in store.extraction(a.id).timexes]
            for a in store.articles(text=False)}


#: Sentences the timex fast path leaves to the recognizer.
HARD = ("Talks that began in early August ran until the second week of September, the ministry said.",
        "The bridge in {town} was closed for several days after the storm on Tuesday night.",
        "Rescuers worked through the night and into the early hours of Wednesday.",
        "The river is expected to stay high over the next few days.")


def _write_corpus(folder: Path, towns: list[str]) -> None:
    folder.mkdir()
    for i, town in enumerate(towns):
        lines = [f"Flooding in {town}", "Published November 18, 2021", *(s.format(town=town) for s in HARD),
                 "Officials gave no more details.\n"]
        (folder / f"{i:02d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def _edit_every_file(folder: Path) -> None:
    """A correction at the end of each article."""
    for path in folder.iterdir():
        path.write_text(path.read_text(encoding="utf-8") + "\nAn earlier version misspelt a name.\n",
                        encoding="utf-8")


def _count_asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sentences the recognizer is asked from now on (it still answers them)."""
    asked: list[str] = []
    recognizer = tagger.parse_sentence
    monkeypatch.setattr(tagger, "parse_sentence", lambda s, ref: asked.append(s) or recognizer(s, ref))
    return asked


def test_a_rebuild_of_edited_articles_asks_the_recognizer_nothing_it_answered_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "articles"
    _write_corpus(corpus, ["Lisk", "Orvena"])
    store = Store(tmp_path / "story.db")
    build([corpus], store, BuildSettings(jobs=1))
    assert store.db.execute("select count(*) from recognized").fetchone()[0] > 0
    before = _timexes(store)

    tagger.recognize.cache_clear()  # as a new process: nothing known but what the store kept
    tagger._READ.clear()
    asked = _count_asked(monkeypatch)
    _edit_every_file(corpus)
    report = build([corpus], store, BuildSettings(jobs=1))

    assert report.parsed == 2 and asked == []
    assert _timexes(store) == before


@pytest.mark.parametrize(("last_line", "added"), [
    (HARD[3], "The mayor thanked the volunteers."),  # the sentence now ends in a paragraph break
    # A line without a full stop: spaCy ran it into the paragraph added after it, a new sentence.
    (HARD[3].rstrip("."), "This article was updated with new information."),
])
def test_a_paragraph_added_after_a_dated_line_leaves_that_line_known(
        last_line: str, added: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "articles"
    corpus.mkdir()
    article = corpus / "river.txt"
    article.write_text("Flooding in Lisk\n\nPublished November 18, 2021\n\n" + last_line + "\n", encoding="utf-8")
    store = Store(tmp_path / "story.db")
    build([corpus], store, BuildSettings(jobs=1))
    tagger.recognize.cache_clear()  # as a new process
    tagger._READ.clear()
    asked = _count_asked(monkeypatch)
    with article.open("a", encoding="utf-8") as f:
        f.write(f"\n{added}\n")
    report = build([corpus], store, BuildSettings(jobs=1))
    assert report.parsed == 1 and asked == []


def test_workers_send_their_answers_to_the_store(tmp_path: Path) -> None:
    corpus = tmp_path / "articles"
    towns = [f"Town{i}" for i in range(10)]  # enough for the worker processes; named nowhere else
    _write_corpus(corpus, towns)
    store = Store(tmp_path / "story.db")
    build([corpus], store, BuildSettings(jobs=2))
    kept = {row[0] for row in store.db.execute("select sentence from recognized")}
    assert len(kept) >= len(towns)  # the bridge sentence of each town, at least


def test_kept_answers_come_under_their_date_first_then_under_every_other(tmp_path: Path) -> None:
    store = Store(tmp_path / "story.db")
    march, june = datetime(2021, 3, 1), datetime(2021, 6, 1)
    store.save_recognized([("He left last week.", (march, ((3, 16, "datetimeV2.daterange", "2021-W08"),))),
                           ("He left last week.", (june, ((3, 16, "datetimeV2.daterange", "2021-W21"),)))])
    assert store.recognized("He left last week.", march)[0] == (march, ((3, 16, "datetimeV2.daterange", "2021-W08"),))
    assert store.recognized("He left last week.", june)[0][0] == june
    assert {ref for ref, _ in store.recognized("He left last week.", datetime(2022, 1, 1))} == {march, june}
    assert store.recognized("He stayed.", march) == []


def test_answers_of_another_recognizer_version_are_dropped(tmp_path: Path) -> None:
    store = Store(tmp_path / "story.db")
    store.forget_recognized_unless("1.0")
    monday = ((11, 16, "datetimeV2.date", "XXXX-WXX-1"),)
    store.save_recognized([("He left on Monday.", (datetime(2021, 3, 1), monday))])
    store.forget_recognized_unless("1.0")
    assert store.recognized("He left on Monday.", datetime(2021, 3, 1)) != []
    store.forget_recognized_unless("2.0")
    assert store.recognized("He left on Monday.", datetime(2021, 3, 1)) == []


def test_an_answer_under_any_kept_date_that_moves_to_the_asked_one_spares_the_recognizer(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sentence = "Fans and pundits debated the stories and results of the weekend."
    store = Store(tmp_path / "story.db")
    recognizer = tagger.parse_sentence
    asked = _count_asked(monkeypatch)
    kept = [datetime(2001, 3, 14), datetime(2012, 10, 31)]  # from the second, "the weekend" is not moved
    store.save_recognized([(sentence, (ref, recognizer(sentence, ref))) for ref in kept])
    tagger.recognize.cache_clear()
    tagger._READ.clear()
    tagger.remember(store.recognized)
    try:
        found = tagger.recognize(sentence, datetime(2012, 10, 9))
    finally:
        tagger.remember(None)
    assert asked == []
    assert found == recognizer(sentence, datetime(2012, 10, 9))

