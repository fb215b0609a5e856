"""Builds that follow a folder: the warm path of `storyline watch` gives the story a fresh build gives."""

from __future__ import annotations

import copy
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.build import STORY_NEEDS, BuildSettings, StoryInputs, Workers, build
from storyline.model import DateRange
from storyline.store import Store


def _as_fresh(inputs: StoryInputs, store: Store) -> None:
    """What the kept inputs give equals what a fresh load of the store gives."""
    assert inputs.load(store) == (store.articles(text=False), store.extractions(only=STORY_NEEDS))


def _same_story(a: Store, b: Store) -> None:
    x, y = a.story(), b.story()
    assert x.timeline == y.timeline and x.entities == y.entities and x.entity_map == y.entity_map
    assert x.extra == y.extra


def test_builds_that_keep_workers_and_inputs_give_the_story_a_fresh_build_gives(
        examples_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(examples_dir / "articles", folder)
    settings = BuildSettings(jobs=2)
    kept = Store(tmp_path / "kept.db")
    with Workers(settings) as workers:
        inputs = StoryInputs()
        build([folder], kept, settings, workers=workers, inputs=inputs)
        workers.warm_up()
        first = sorted(folder.glob("*.txt"))[0]
        first.write_text(first.read_text() + "\nRescue teams reopened two bridges in Lisk on Friday, officials said.\n")
        (folder / "00-new.txt").write_text("Floods closed the Lisk bridge on Monday, the Interior Ministry said.\n")
        again = build([folder], kept, settings, workers=workers, inputs=inputs)
        assert again.parsed == 2 and again.story_rebuilt
        _as_fresh(inputs, kept)
        fresh = Store(tmp_path / "fresh.db")
        build([folder], fresh, BuildSettings(jobs=1))
        _same_story(kept, fresh)
        # An undated article, then the article that dates it: the first is re-dated (stored again).
        (folder / "b.jsonl").write_text(json.dumps(
            {"title": "Rescuers count the damage",
             "text": "Rescuers in Valmora said the flood three days ago destroyed 40 homes."}) + "\n")
        build([folder], kept, settings, workers=workers, inputs=inputs)
        (folder / "a.jsonl").write_text(json.dumps(
            {"title": "Dam bursts", "published": "2023-03-10",
             "text": "The Valmora government said the flood began on March 3 when the Corvan dam burst."}) + "\n")
        assert build([folder], kept, settings, workers=workers, inputs=inputs).redated == 1
        _as_fresh(inputs, kept)
    build([folder], fresh, BuildSettings(jobs=1))
    _same_story(kept, fresh)


def test_kept_inputs_read_only_what_was_stored_since(examples_dir: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    build([examples_dir / "articles"], store, BuildSettings(jobs=1))
    inputs = StoryInputs()
    articles, found = inputs.load(store)
    assert [x.article for x in found] == [a.id for a in articles] == [a.id for a in store.articles()]
    again = inputs.load(store)[1]
    assert all(a is b for a, b in zip(found, again, strict=True))  # nothing stored since: nothing read
    store.save(articles[0], store.extraction(articles[0].id))
    reread = inputs.load(store)[1]
    assert reread[0] is not found[0] and reread[0].events == found[0].events
    assert all(a is b for a, b in zip(found[1:], reread[1:], strict=True))


def test_watch_builds_again_when_a_file_arrives_and_stops_cleanly_on_ctrl_c(
        examples_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(examples_dir / "articles", folder)
    db = tmp_path / "s.db"
    cli = Path(sys.executable).with_name("storyline")
    proc = subprocess.Popen([str(cli), "watch", str(folder), "--db", str(db), "--jobs", "1"],
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            env={**os.environ, "COLUMNS": "200"})
    try:
        assert proc.stderr is not None
        _read_until(proc, "watching")
        before = len(Store(db).articles())
        time.sleep(0.5)
        (folder / "00-new.txt").write_text("Floods closed the Lisk bridge on Monday, the Interior Ministry said.\n")
        said = _read_until(proc, "timeline entries")
        assert "1 changed: 00-new.txt" in said and "1 parsed" in said
        assert len(Store(db).articles()) == before + 1
        proc.send_signal(signal.SIGINT)
        rest = proc.stderr.read()
        assert proc.wait(timeout=60) == 0, rest
        assert "stopped watching" in rest and "Traceback" not in rest
    finally:
        proc.kill()


def _read_until(proc: subprocess.Popen[str], marker: str, seconds: float = 120) -> str:
    """The watch's output up to the first line holding `marker` (fails past `seconds`)."""
    assert proc.stderr is not None
    seen, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            pytest.fail(f"watch ended before printing {marker!r}: {''.join(seen)}")
        seen.append(line)
        if marker in line:
            return "".join(seen)
    pytest.fail(f"no {marker!r} within {seconds} s: {''.join(seen)}")


def test_a_memo_gives_each_report_the_same_number_until_its_article_is_stored_again(
        examples_dir: Path, tmp_path: Path) -> None:
    from storyline.entities.resolve import resolve_entities
    from storyline.story import build_story
    from storyline.story.actors import Actors
    from storyline.story.memo import Memo
    from storyline.story.merge import reports_of
    from storyline.story.rules import rules

    store = Store(tmp_path / "s.db")
    build([examples_dir / "articles"], store, BuildSettings(jobs=1))
    articles, found = StoryInputs().load(store)
    memo = Memo()
    memo.stamps = store.extraction_stamp_rows()
    plain = build_story(articles, found)
    assert build_story(articles, found, memo).timeline == plain.timeline
    assert build_story(articles, found, memo).timeline == plain.timeline  # from what it kept
    actors = Actors(*resolve_entities(found))
    reports = reports_of(articles, found, actors, rules())
    first = memo.sign(reports, actors)
    assert memo.sign(reports, actors) == first and len(set(first)) == len(first)
    memo.stamps = {**memo.stamps, articles[0].id: ("stored again",)}
    again = memo.sign(reports, actors)
    moved = {r.event.article for r, a, b in zip(reports, first, again, strict=True) if a != b}
    assert moved == {articles[0].id}


@pytest.fixture(scope="module")
def example_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Any], list[Any]]:
    """The example articles' story inputs, as the story step loads them."""
    store = Store(tmp_path_factory.mktemp("memo") / "s.db")
    build([Path(__file__).resolve().parent.parent / "examples" / "articles"], store, BuildSettings(jobs=1))
    return StoryInputs().load(store)


EDIT_KINDS = ["drop", "restore", "redate", "rename", "unpublish", "recount", "deny", "reword"]
EDITS = st.lists(st.tuples(st.sampled_from(EDIT_KINDS), st.integers(0, 10_000)), min_size=1, max_size=6)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_a_memo_kept_from_build_to_build_never_changes_the_story(
        example_inputs: tuple[list[Any], list[Any]], edits: list[tuple[str, int]]) -> None:
    from storyline.story import build_story
    from storyline.story.memo import Memo

    articles, originals = example_inputs
    current = {a.id: copy.deepcopy(x) for a, x in zip(articles, originals, strict=True)}
    stamps = {a.id: 0 for a in articles}
    memo = Memo()
    for step, (edit, k) in enumerate(edits, start=1):
        article = articles[k % len(articles)]
        _edit(edit, k, article.id, current, originals[k % len(articles)])
        stamps[article.id] = step  # the article stored again
        memo.stamps = dict(stamps)
        arts = [a for a in articles if a.id in current]
        found = [current[a.id] for a in arts]
        kept, fresh = build_story(arts, found, memo), build_story(arts, copy.deepcopy(found))
        assert kept.timeline == fresh.timeline and kept.entities == fresh.entities
        assert kept.entity_map == fresh.entity_map and kept.extra == fresh.extra


def _edit(edit: str, k: int, article: str, current: dict[str, Any], original: Any) -> None:
    """One change to one article's stored extraction, as a re-build could make it."""
    found = current.get(article)
    if edit == "drop" and found is not None and len(current) > 1:
        current.pop(article)
    elif edit == "restore" or found is None:
        current[article] = copy.deepcopy(original)
    elif edit == "redate" and found.events:
        ev = found.events[k % len(found.events)]
        day = f"2021-08-{1 + k % 28:02d}"
        found.events[k % len(found.events)] = replace(ev, date=DateRange(day, day, day), date_source="text")
    elif edit == "rename" and found.entities:
        ent = found.entities[k % len(found.entities)]
        others = [e.name for x in current.values() for e in x.entities if e.type == ent.type]
        found.entities[k % len(found.entities)] = replace(ent, name=others[k % len(others)] + (" Jr" if k % 2 else ""))
    elif edit == "unpublish":
        found.published = None
    elif edit == "recount" and (told := [i for i, f in enumerate(found.figures)
                                         if any(f.id in ev.figures for ev in found.events)]):
        i = told[k % len(told)]  # a count an event gives: what only the article's stamp tells apart
        fig = found.figures[i]
        found.figures[i] = replace(fig, value=(fig.value or 0) + 1 + k % 7, low=None, high=None, qualifier="exact")
    elif edit == "reword" and found.events:  # the event's own word ("floods"), which summaries may name
        i = k % len(found.events)
        found.events[i] = replace(found.events[i], trigger=("storms", "mudslides", "blasts")[k % 3])
    elif edit == "deny" and found.events:
        i = k % len(found.events)
        denied = "negated" if found.events[i].status != "negated" else "occurred"
        found.events[i] = replace(found.events[i], status=denied)


def test_the_watch_ignores_its_own_store_and_removed_files(tmp_path: Path) -> None:
    from watchfiles import Change

    from storyline.watch import _ArticleChanges

    db = tmp_path / "articles" / "story.db"
    only = _ArticleChanges(ignore_paths=[str(db)])
    assert only(Change.added, str(tmp_path / "articles" / "new.txt"))
    assert only(Change.modified, str(tmp_path / "articles" / "old.html"))
    assert not only(Change.deleted, str(tmp_path / "articles" / "old.html"))  # its articles stay stored
    assert not any(only(Change.modified, f"{db}{suffix}") for suffix in ("", "-wal", "-shm"))
    assert not only(Change.modified, str(tmp_path / "articles" / ".git" / "index"))
