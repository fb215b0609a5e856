"""The SQLite store: round trips, atomic per-article writes, the story tables."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline.model import (
    Article,
    Conflict,
    DateClue,
    DateEvidence,
    DateRange,
    Entity,
    Event,
    EventAnchor,
    Extraction,
    Figure,
    Published,
    Story,
    TimelineEntry,
)
from storyline.store import Store, from_row, to_row


def _article(text: str = "Floods hit the north.", source: str = "a.txt") -> Article:
    return Article(id=f"id-{abs(hash(text)) % 10_000}", source=source, text=text, title="Floods",
                   published=Published("2023-03-03", "text", "2023-03-03", "2023-03-03", "March 3, 2023"),
                   links=["https://example.org/x"], provenance={"title": "text"})


def _extraction(article: Article) -> Extraction:
    fig = Figure(f"{article.id}:f1", article.id, 0, 6, "Floods", 2.0, None, None, "exact", "people", "people")
    ev = Event(f"{article.id}:v1", article.id, 0, len(article.text), article.text, "casualties", None, "hit",
               f"{article.id}:e1", None, DateRange("2023-03", "2023-03-01", "2023-03-31"), "occurred",
               [fig.id])
    return Extraction(article.id, figures=[fig], events=[ev],
                      entities=[Entity(f"{article.id}:e1", "Valmora", "GPE", ["Valmora"], article=article.id)])


def test_records_round_trip_through_rows_with_nested_dataclasses() -> None:
    entry = TimelineEntry("t1", DateRange("2023-03", "2023-03-01", "2023-03-31"), "casualties", "s", "occurred",
                          ["v1"], ["a1"], [Conflict("figure", "14 vs 19 dead", ["f1", "f2"])])
    assert from_row(TimelineEntry, to_row(entry)) == entry


def test_saved_article_and_extraction_load_back_equal(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    art = _article()
    found = _extraction(art)
    store.save(art, found)
    assert store.articles() == [art]
    loaded = store.extraction(art.id)
    assert loaded.events == found.events and loaded.figures == found.figures
    assert store.is_extracted(art.id)


def test_date_evidence_loads_back_equal(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    art = _article()
    found = _extraction(art)
    found.date_evidence = [DateEvidence(
        art.id, [DateClue(10, 19, "this week", "DATE", "2001-W11", "XXXX-WXX", 0, 0, False)],
        [EventAnchor("take_power", ["harbin"], 40, "takeover", [], 0)],
        Published(None, "inferred", None, None, "no dated expression in the text"))]
    store.save(art, found)
    assert store.extraction(art.id).date_evidence == found.date_evidence
    assert store.extraction(art.id, only=("date_evidence",)).events == []  # only what was asked for


def test_all_extractions_load_in_one_pass_equal_to_one_by_one(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    arts = [_article(f"Floods hit town {i}.", source=f"{i}.txt") for i in range(3)]
    for art in [arts[1], arts[0], arts[2], arts[0]]:  # interleaved saves and a re-save
        store.save(art, _extraction(art))
    assert store.extractions() == [store.extraction(a.id) for a in store.articles()]
    assert [x.article for x in store.extractions()] == [a.id for a in store.articles()]


def test_saving_the_same_article_twice_does_not_duplicate_rows(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    art = _article()
    store.save(art, _extraction(art))
    store.save(art, _extraction(art))
    assert store.db["events"].count == 1 and store.db["articles"].count == 1


def test_a_changed_file_replaces_its_old_article(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    old, new = _article("Old text."), _article("New text.")
    store.save(old, _extraction(old))
    store.save(new, _extraction(new))
    assert [a.id for a in store.articles()] == [new.id]
    assert store.db["events"].count == 1


def test_a_failed_write_leaves_no_partial_extraction(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    art = _article()
    found = _extraction(art)
    found.figures[0].value = object()  # type: ignore[assignment]  # not storable: the insert fails
    with pytest.raises((sqlite3.Error, TypeError, ValueError)):
        store.save(art, found)
    assert store.db["articles"].count == 0 and store.db["events"].count == 0
    assert not store.is_extracted(art.id)


def test_story_tables_are_replaced_whole(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    art = _article()
    store.save(art, _extraction(art))
    entry = TimelineEntry("t1", DateRange("2023-03"), "casualties", "Floods hit the north", "occurred",
                          [f"{art.id}:v1"], [art.id])
    story = Story([art], [_extraction(art)], [Entity("e1", "Valmora", "GPE", ["Valmora"])], [entry],
                  {f"{art.id}:e1": "e1"}, {"relations": [{"source": "e1"}]})
    store.save_story(story)
    store.save_story(story)
    loaded = Store(tmp_path / "s.db", readonly=True).story()
    assert loaded.timeline == [entry] and loaded.entities == story.entities
    assert loaded.entity_map == story.entity_map and loaded.extra == story.extra


def test_articles_and_quotes_are_searchable_with_fts(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    art = _article("Rescue teams reached the flooded villages.")
    store.save(art, _extraction(art))
    hits = list(store.db["articles"].search("village"))  # porter stemming: villages
    assert [h["id"] for h in hits] == [art.id]


def test_readonly_store_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="storyline build"):
        Store(tmp_path / "missing.db", readonly=True)


def test_a_store_from_an_older_version_gains_the_new_columns(tmp_path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(tmp_path / "old.db")
    conn.execute("create table events (id text, article text, type text)")  # as an older version wrote it
    conn.commit()
    conn.close()
    store = Store(tmp_path / "old.db")
    assert {"date_source", "location", "figures"} <= set(store.db["events"].columns_dict)
    art = _article()
    store.save(art, _extraction(art))
    assert store.extraction(art.id).events == _extraction(art).events
