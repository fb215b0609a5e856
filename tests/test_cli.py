"""The CLI end to end on the example articles: build → show → export → the contract."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.build import BuildSettings, build
from storyline.cli import cli
from storyline.export.contract import validate
from storyline.model import Published
from storyline.store import Store


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once from the example articles through the CLI."""
    root = Path(__file__).resolve().parent.parent
    db = tmp_path_factory.mktemp("cli") / "story.db"
    result = CliRunner().invoke(cli, ["build", str(root / "examples" / "articles"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_build_prints_a_summary_naming_the_store(examples_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = CliRunner().invoke(cli, ["build", str(examples_dir / "articles"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "articles read" in result.output and str(db) in result.output
    assert re.search(r"in \d+\.\d s$", result.output.strip())  # how long it took


def test_export_json_follows_the_contract(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "story.json"
    result = CliRunner().invoke(cli, ["export", "--db", str(built), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    story = json.loads(out.read_text())
    assert validate(story) == []
    assert len(story["articles"]) == 5  # four files, one of them JSON Lines with two records
    assert all(a["text"] for a in story["articles"])


def test_exported_offsets_slice_back_to_the_text_they_claim(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "story.json"
    CliRunner().invoke(cli, ["export", "--db", str(built), "-o", str(out)])
    story = json.loads(out.read_text())
    texts = {a["id"]: a["text"] for a in story["articles"]}
    for kind, key in (("timexes", "text"), ("figures", "text"), ("events", "sentence")):
        for item in story[kind]:
            assert texts[item["article"]][item["start"]:item["end"]] == item[key], (kind, item)


def test_references_in_the_export_point_at_existing_items(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "story.json"
    CliRunner().invoke(cli, ["export", "--db", str(built), "-o", str(out)])
    story = json.loads(out.read_text())
    entities = {e["id"] for e in story["entities"]}
    events = {e["id"] for e in story["events"]}
    articles = {a["id"] for a in story["articles"]}
    for q in story["quotes"]:
        assert q["speaker"] is None or q["speaker"] in entities
    for entry in story["timeline"]:
        assert set(entry["events"]) <= events and set(entry["articles"]) <= articles


def test_a_second_build_parses_nothing_and_one_new_file_parses_one(examples_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(examples_dir / "articles", folder)
    store = Store(tmp_path / "s.db")
    settings = BuildSettings(jobs=1)
    first = build([folder], store, settings)
    again = build([folder], store, settings)
    assert first.parsed == 5 and again.parsed == 0 and again.cached == 5
    (folder / "05-new.txt").write_text("Rescue teams in Lisk reopened two bridges on Friday, officials said.\n")
    third = build([folder], store, settings)
    assert third.parsed == 1 and third.cached == 5


def test_the_story_is_rebuilt_only_when_an_extraction_changed(examples_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(examples_dir / "articles", folder)
    store = Store(tmp_path / "s.db")
    first = build([folder], store, BuildSettings(jobs=1))
    stored = store.story().timeline
    again = build([folder], store, BuildSettings(jobs=1))
    assert first.story_rebuilt and not again.story_rebuilt
    assert store.story().timeline == stored and again.timeline_entries == len(stored)
    (folder / "05-new.txt").write_text("Rescue teams in Lisk reopened two bridges on Friday, officials said.\n")
    third = build([folder], store, BuildSettings(jobs=1))
    assert third.story_rebuilt and any("05-new" in a.source for a in store.story().articles)


def test_dates_from_paths_date_undated_articles_by_their_folders(tmp_path: Path) -> None:
    day = tmp_path / "archive" / "2010-06-24"
    day.mkdir(parents=True)
    (day / "a.txt").write_text("Crews reopened the harbour on Monday, the coast guard said.\n")
    store = Store(tmp_path / "s.db")
    plain = build([tmp_path / "archive"], store, BuildSettings(jobs=1))
    assert plain.undated_with_path_date == 1 and store.articles()[0].published is None
    dated = build([tmp_path / "archive"], store, BuildSettings(jobs=1, dates_from_paths=True))
    assert dated.parsed == 1  # stored undated: extracted again on its new date
    published = store.articles()[0].published
    assert published is not None and (published.value, published.source) == ("2010-06-24", "metadata")
    assert "2010-06-24" in (published.evidence or "")
    monday = [t.value for f in store.extractions() for t in f.timexes if t.text == "Monday"]
    assert monday == ["2010-06-21"]  # read against the folder's date
    again = build([tmp_path / "archive"], store, BuildSettings(jobs=1, dates_from_paths=True))
    assert again.parsed == 0 and again.cached == 1


def test_the_build_hints_at_dates_from_paths(tmp_path: Path) -> None:
    day = tmp_path / "2021" / "11" / "18"
    day.mkdir(parents=True)
    (day / "story.txt").write_text("Rescue teams reopened two bridges on Friday, officials said.\n")
    result = CliRunner().invoke(cli, ["build", str(tmp_path), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert "--dates-from-paths" in result.output and "1 undated articles" in result.output


def test_a_rebuild_after_a_change_gives_the_story_a_fresh_build_gives(examples_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(examples_dir / "articles", folder)
    updated = Store(tmp_path / "updated.db")
    build([folder], updated, BuildSettings(jobs=1))
    first = sorted(folder.glob("*.txt"))[0]
    first.write_text(first.read_text() + "\nRescue teams reopened two bridges in Lisk on Friday, officials said.\n")
    (folder / "00-new.txt").write_text("Floods closed the Lisk bridge on Monday, the Interior Ministry said.\n")
    again = build([folder], updated, BuildSettings(jobs=1))
    assert again.parsed == 2 and again.story_rebuilt
    fresh = Store(tmp_path / "fresh.db")
    build([folder], fresh, BuildSettings(jobs=1))
    a, b = updated.story(), fresh.story()
    assert a.timeline == b.timeline and a.entities == b.entities and a.entity_map == b.entity_map


def test_a_story_saved_without_its_inputs_is_rebuilt(examples_dir: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    build([examples_dir / "articles"], store, BuildSettings(jobs=1))
    store.save_story(store.story())  # as an older version saved it: no fingerprint
    assert build([examples_dir / "articles"], store, BuildSettings(jobs=1)).story_rebuilt


def test_files_unchanged_since_the_last_build_are_not_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    page = folder / "a.txt"
    page.write_text("Floods closed the Lisk bridge on Friday, officials said.\n")
    (folder / "b.txt").write_text("Rescue teams reopened the Corvan road on Monday.\n")
    store = Store(tmp_path / "s.db")
    assert build([folder], store).parsed == 2
    stat = page.stat()
    page.write_text("Floods closed the Lisk tunnel on Friday, officials said.\n")  # same size
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    unread = build([folder], store)
    assert unread.parsed == 0 and unread.cached == 2  # size and mtime unchanged: not read
    page.touch()
    changed = build([folder], store)
    assert changed.parsed == 1 and changed.cached == 1
    assert ["tunnel" in a.text for a in store.articles() if a.source == str(page)] == [True]


def test_progress_names_the_cross_article_steps_after_the_articles(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Floods closed the Lisk bridge on Friday, officials said.\n")
    (folder / "b.txt").write_text("Rescue teams reopened the Corvan road on Monday.\n")
    events: list[str] = []
    store = Store(tmp_path / "s.db")
    build([folder], store, progress=lambda event, n: events.append(event))
    assert events.count("parsed") == 2 and events[-2:] == ["redate", "story"]
    events.clear()
    build([folder], store, progress=lambda event, n: events.append(event))
    assert "parsed" not in events and "redate" not in events and events[-1] == "story"  # nothing new to date


def test_a_file_whose_articles_left_the_store_is_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Floods closed the Lisk bridge on Friday, officials said.\n")
    store = Store(tmp_path / "s.db")
    build([folder], store)
    store.db.execute("delete from extractions")  # as if the build had been killed before saving
    store.db.conn.commit()
    assert build([folder], store).parsed == 1


def test_show_prints_the_timeline_articles_and_quotes(built: Path) -> None:
    runner = CliRunner(env={"COLUMNS": "250"})
    timeline = runner.invoke(cli, ["show", "--db", str(built)], terminal_width=160)
    assert timeline.exit_code == 0, timeline.output
    articles = runner.invoke(cli, ["show", "--articles", "--db", str(built)], terminal_width=200)
    assert "Kestria sends aid convoy" in articles.output
    quotes = runner.invoke(cli, ["show", "--quotes", "--db", str(built)], terminal_width=160)
    assert quotes.exit_code == 0, quotes.output


def test_export_formats_all_write_something(built: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for fmt in ("csv", "parquet", "timelinejs"):
        out = tmp_path / fmt
        result = runner.invoke(cli, ["export", "--db", str(built), "-f", fmt, "-o", str(out)])
        assert result.exit_code == 0, (fmt, result.output)
        assert out.exists()


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["show", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "storyline build" in result.output


def test_nonexistent_input_path_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "nope"), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_a_folder_with_nothing_readable_exits_non_zero(tmp_path: Path) -> None:
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = CliRunner().invoke(cli, ["build", str(folder), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1
    assert "nothing could be built" in result.output


def test_strict_makes_a_bad_item_fatal(examples_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(examples_dir / "articles", folder)
    (folder / "broken.jsonl").write_text('{"text": "fine"}\n{not json\n')
    result = CliRunner().invoke(cli, ["build", str(folder), "--db", str(tmp_path / "s.db"), "--strict"])
    assert result.exit_code == 1
    assert "broken.jsonl" in result.output


def test_unknown_stage_is_refused_before_reading(examples_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(examples_dir), "--db", str(tmp_path / "s.db"),
                                      "--stages", "mentions,sentiment"])
    assert result.exit_code == 1
    assert "unknown stage 'sentiment'" in result.output


def test_every_command_has_help() -> None:
    for cmd in ("build", "watch", "show", "export", "report", "serve"):
        result = CliRunner().invoke(cli, [cmd, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_an_undated_article_is_dated_by_an_event_another_article_dates(tmp_path: Path) -> None:
    records = [
        {"title": "Dam bursts", "published": "2023-03-10",
         "text": "The Valmora government said the flood began on March 3 when the Corvan dam burst."},
        {"title": "Rescuers count the damage",
         "text": "Rescuers in Valmora said the flood three days ago destroyed 40 homes."},
    ]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    db = tmp_path / "s.db"
    report = build([tmp_path / "in"], Store(db))
    assert (report.parsed, report.redated) == (2, 0)  # extracted after the dated one, on its date: parsed once
    undated = next(a for a in Store(db).story().articles if a.published is None)
    found = Store(db).extraction(undated.id)
    assert found.published is not None and found.published.source == "inferred"
    assert found.published.value == "2023-03-06" and "other articles" in (found.published.evidence or "")
    assert build([tmp_path / "in"], Store(db)).redated == 0  # nothing new: nothing re-parsed


def test_an_undated_article_is_redated_when_the_dating_article_comes_later(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "b.jsonl").write_text(json.dumps(
        {"title": "Rescuers count the damage",
         "text": "Rescuers in Valmora said the flood three days ago destroyed 40 homes."}))
    db = tmp_path / "s.db"
    build([tmp_path / "in"], Store(db))
    (tmp_path / "in" / "a.jsonl").write_text(json.dumps(
        {"title": "Dam bursts", "published": "2023-03-10",
         "text": "The Valmora government said the flood began on March 3 when the Corvan dam burst."}))
    report = build([tmp_path / "in"], Store(db))
    assert (report.parsed, report.redated) == (1, 1)
    undated = next(a for a in Store(db).story().articles if a.published is None)
    found = Store(db).extraction(undated.id)
    assert found.published is not None and found.published.value == "2023-03-06"


def test_commands_that_read_the_store_start_without_spacy() -> None:
    import subprocess
    import sys

    probe = ("import sys, storyline.cli, storyline.web, storyline.report; "
             "print('spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr  # spaCy loads when a build first parses


def test_a_date_found_elsewhere_is_withdrawn_when_the_event_that_gave_it_is_gone(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    dated = folder / "a.jsonl"
    dated.write_text(json.dumps({"text": "The rebels completed their takeover of Harbin on Aug. 15, officials said.",
                                 "published": "2021-11-18"}) + "\n")
    (folder / "b.txt").write_text("Crowds fled Harbin this week following the rebels' takeover of Harbin.\n")
    store = Store(tmp_path / "updated.db")
    build([folder], store, BuildSettings(jobs=1))
    assert _published_of(store, "b.txt").source == "inferred" and _published_of(store, "b.txt").value
    dated.write_text(json.dumps({"text": "Officials reopened the Harbin airport on Aug. 15.",
                                 "published": "2021-11-18"}) + "\n")
    build([folder], store, BuildSettings(jobs=1))
    fresh = Store(tmp_path / "fresh.db")
    build([folder], fresh, BuildSettings(jobs=1))
    assert _published_of(store, "b.txt") == _published_of(fresh, "b.txt")
    assert _published_of(fresh, "b.txt").value is None  # nothing in b.txt itself dates it


def _published_of(store: Store, name: str) -> Published:
    (article,) = [a for a in store.articles() if a.source.endswith(name)]
    published = store.extraction(article.id).published
    assert published is not None
    return published
