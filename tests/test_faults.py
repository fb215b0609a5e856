"""End to end on a fault corpus: the real `storyline build` on a folder of junk mixed with good articles.

The corpus is generated here (nothing binary is committed): empty and binary
files, a 50 MB text file, Latin-1 and UTF-16 files, HTML with broken nesting
and no body, JSON Lines with a broken line, a truncated .warc.gz, a file that
vanishes mid-build, an unreadable file, a deep tree with a symbolic link loop,
and articles with no sentences, 5,000 quotation marks and a 20,000-word
paragraph. The build must not crash, must exit 0, must store every good
article and must report every bad item once, with its file (and line) and a
reason, both in its output and in the store's `problems` table; `--strict`
makes the first bad item fatal.
"""

from __future__ import annotations

import io
import os
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from rich.console import Console

import storyline.build
import storyline.cli
import storyline.ingest.decode
from storyline.cli import cli
from storyline.model import BadInput
from storyline.store import Store

TOWNS = ["Eastmere", "Lisk", "Orvena", "Mardale", "Tessin", "Calvo", "Brena", "Hollin", "Skarda", "Vell"]
#: Long articles are cut here. The time and event stages are slow on long sentences (the 20,000-word
#: paragraph, the 5,000 quotation marks), so the cut keeps this test near 30 s; the cut itself is checked.
MAX_CHARS = "8000"
MONTHS = ["January", "February", "March", "April", "May", "June"]


def story(i: int) -> str:
    """A short, distinct, well-formed news article."""
    town = TOWNS[i % len(TOWNS)]
    return (
        f"Heavy rain flooded the river town of {town} on Monday, forcing {200 + i} residents to leave "
        f"their homes before dawn, the regional emergency service said.\n\n"
        f"The river rose {i + 2} metres overnight and is expected to peak on {12 + i % 10} "
        f"{MONTHS[i % len(MONTHS)]}, officials said.\n\n"
        f'"We are moving everyone to the school in {town}," mayor Elena Varga told reporters.\n'
    )


@dataclass
class Corpus:
    """The generated folder and what a build of it must do."""

    root: Path
    good: dict[str, str] = field(default_factory=dict)  # source -> a phrase its stored text contains
    bad: dict[tuple[str, int | None], str] = field(default_factory=dict)  # (source, line) -> reason part
    either: set[str] = field(default_factory=set)  # sources that may be read or reported, never crash
    vanish: Path | None = None
    locked: Path | None = None


def _warc(path: Path, pages: list[tuple[str, str]]) -> list[int]:
    """A real gzipped WARC of HTML responses at `path`; returns each record's end offset."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ends = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, body in pages:
            html = (f"<html><head><title>{url}</title></head><body><article><p>"
                    + "</p><p>".join(body.split("\n\n")) + "</p></article></body></html>").encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html),
                                                          http_headers=headers))
            fh.flush()
            ends.append(fh.tell())
    return ends


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    """The fault corpus: good articles of every format mixed with every kind of bad item."""
    root = tmp_path / "news"
    root.mkdir()
    c = Corpus(root)
    n = iter(range(1000))

    def good(name: str, text: str | None = None, phrase: str | None = None) -> Path:
        i = next(n)
        body = text if text is not None else story(i)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
        c.good[str(path)] = phrase or f"forcing {200 + i} residents"
        return path

    good("a-plain.txt")
    good("b-notes.md")
    i = next(n)
    (root / "c-page.html").write_text(
        "<html><head><title>Floods</title></head><body><article><p>"
        + "</p><p>".join(story(i).split("\n\n")) + "</p></article></body></html>", encoding="utf-8")
    c.good[str(root / "c-page.html")] = f"forcing {200 + i} residents"

    # Empty, blank and binary files.
    (root / "empty.txt").write_bytes(b"")
    c.bad[(str(root / "empty.txt"), None)] = "empty"
    (root / "blank.md").write_text(" \n\n\t \n", encoding="utf-8")
    c.bad[(str(root / "blank.md"), None)] = "empty"
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64
    (root / "photo.txt").write_bytes(png)
    c.bad[(str(root / "photo.txt"), None)] = "binary"

    # A 50 MB text file: read, cut by --max-chars, noted.
    huge = root / "huge.txt"
    para = story(next(n)).replace("\n\n", " ").strip() + "\n\n"
    with huge.open("w", encoding="utf-8") as fh:
        fh.write(para * (50 * 1024 * 1024 // len(para) + 1))
    c.good[str(huge)] = para.split(",")[0]

    # Encodings: detected, not assumed.
    i = next(n)
    latin = "Le café du marché a rouvert à Genève, a déclaré la mairie.\n\n" + story(i)
    (root / "latin1.txt").write_bytes(latin.encode("latin-1"))
    c.good[str(root / "latin1.txt")] = "Le café du marché"
    i = next(n)
    (root / "utf16.txt").write_bytes(("Kyiv’s mayor said the “café” reopened.\n\n" + story(i)).encode("utf-16"))
    c.good[str(root / "utf16.txt")] = "Kyiv’s mayor"

    # HTML with broken nesting and no <body>.
    i = next(n)
    broken = ("<html><head><title>Broken</title><div><p>" + story(i).replace("\n\n", "<p><b><i>")
              + "</div></b></span></table>")
    (root / "broken.html").write_text(broken, encoding="utf-8")
    c.good[str(root / "broken.html")] = f"forcing {200 + i} residents"

    # JSON Lines: good records around a broken one (line 2) and a non-object (line 4).
    import json

    lines = []
    feed = root / "feed.jsonl"
    for line_no in range(1, 6):
        if line_no == 2:
            lines.append('{"text": "cut off here, "title": ')
            c.bad[(str(feed), 2)] = "broken JSON"
        elif line_no == 4:
            lines.append("[1, 2, 3]")
            c.bad[(str(feed), 4)] = "expected a JSON object"
        else:
            i = next(n)
            lines.append(json.dumps({"text": story(i), "title": f"Record {line_no}",
                                     "published": "2021-11-18"}))
            c.good[f"{feed}:{line_no}"] = f"forcing {200 + i} residents"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")

    # A real .warc.gz cut inside its last record: the records before the cut are read.
    archive = root / "archive.warc.gz"
    pages = []
    for k in range(3):
        i = next(n)
        pages.append((f"https://news.example.org/2021/11/18/flood-{k}", story(i)))
        if k < 2:
            c.good[f"{archive}#{pages[-1][0]}"] = f"forcing {200 + i} residents"
    ends = _warc(archive, pages)
    with archive.open("r+b") as fh:
        fh.truncate(ends[1] + (ends[2] - ends[1]) // 2)
    c.bad[(str(archive), None)] = "truncated or damaged WARC"

    # A file that vanishes mid-build and one that cannot be read.
    c.vanish = root / "m-vanishes.txt"
    c.vanish.write_text(story(next(n)), encoding="utf-8")
    c.bad[(str(c.vanish), None)] = "vanished"
    c.locked = root / "n-locked.txt"
    c.locked.write_text(story(next(n)), encoding="utf-8")
    c.locked.chmod(0)
    c.bad[(str(c.locked), None)] = "permission denied"

    # Deeply nested directories with a symbolic link loop back to the top.
    deep = root.joinpath("nest", *[f"d{k}" for k in range(40)])
    good(str(deep.relative_to(root) / "deep.txt"))
    (deep / "loop").symlink_to(root, target_is_directory=True)
    c.bad[(str(deep / "loop"), None)] = "symbolic link loop"

    # Odd but readable articles.
    (root / "no-sentences.txt").write_text("flood\n\nrain\n\n12 34 56\n\nEastmere Lisk Orvena\n", encoding="utf-8")
    c.either.add(str(root / "no-sentences.txt"))
    rng = random.Random(9)
    marks = "\"'“”‘’«»„‚‹›「」"
    quotes = "".join(rng.choice(marks) + rng.choice(["", "word ", "He said ", "2021 "]) for _ in range(5000))
    good("q-quotes.txt", "Officials said the river rose.\n\n" + quotes + "\n", "Officials said the river rose.")
    words = ["the", "river", "rose", "on", "Monday", "said", "Varga", "in", "Lisk", "3", "May", "“floods”,",
             "officials", "and", "residents", "left", "2021,"]
    paragraph = "Heavy rain fell. " + " ".join(rng.choice(words) for _ in range(20_000)) + ".\n"
    good("r-paragraph.txt", paragraph, "Heavy rain fell.")
    return c


def _invoke(args: list[str], monkeypatch: pytest.MonkeyPatch, c: Corpus) -> Result:
    """Run the real CLI in-process, with the vanishing and unreadable files arranged for."""
    real_iter_files = storyline.build.iter_files

    def walk_and_vanish(paths: Any) -> Iterator[Path | BadInput]:
        for item in real_iter_files(paths):
            if item == c.vanish and c.vanish.exists():
                c.vanish.unlink()  # the walk has found it; it is gone before the build opens it
            yield item

    monkeypatch.setattr(storyline.build, "iter_files", walk_and_vanish)
    if os.geteuid() == 0:
        # Root reads a mode-000 file; stand in for the kernel's EACCES at the open.
        real_read_bytes = storyline.ingest.decode.read_bytes

        def read_bytes(path: Path, *a: Any, **kw: Any) -> tuple[bytes, bool]:
            if c.locked is not None and path == c.locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_read_bytes(path, *a, **kw)

        monkeypatch.setattr(storyline.ingest.decode, "read_bytes", read_bytes)
    monkeypatch.setattr(storyline.cli, "console", Console(stderr=True, width=2000, color_system=None))
    return CliRunner().invoke(cli, args)


def _problems(db: Path) -> list[tuple[str, int | None, str]]:
    with sqlite3.connect(db) as conn:
        return [tuple(r) for r in conn.execute("select source, line, reason from problems order by rowid")]


def test_fault_corpus_builds_every_good_article_and_reports_every_bad_item(
        corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "faults.db"
    result = _invoke(["build", str(corpus.root), "--db", str(db), "--max-chars", MAX_CHARS, "--jobs", "1"],
                     monkeypatch, corpus)
    out = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), out
    assert result.exit_code == 0, out
    assert "stage error" not in out
    assert "Traceback" not in out

    stored = {a.source: a for a in Store(db).articles()}
    for source, phrase in corpus.good.items():
        assert source in stored, f"good article {source} missing from the store\n{out}"
        assert phrase in stored[source].text, source
        assert not [n for n in stored[source].notes if n.startswith("stage ")], stored[source].notes
    for name in ("huge.txt", "q-quotes.txt", "r-paragraph.txt"):
        cut = stored[str(corpus.root / name)]
        assert len(cut.text) <= int(MAX_CHARS) and any("truncated" in n for n in cut.notes), name
    assert "decoded as" in " ".join(stored[str(corpus.root / "latin1.txt")].notes)

    problems = _problems(db)
    reported = [(s, line) for s, line, _ in problems]
    assert len(reported) == len(set(reported)), f"an item reported twice: {problems}"
    for (source, line), reason in corpus.bad.items():
        hits = [p for p in problems if p[0] == source and p[1] == line]
        assert len(hits) == 1, f"{source}:{line} not reported once in the store: {problems}"
        assert reason in hits[0][2], hits[0]
        where = f"{source}:{line}" if line else source
        shown = [ln for ln in out.splitlines() if ln.startswith(f"skipped {where}: ")]
        assert len(shown) == 1 and reason in shown[0], f"{where} not reported once in the output:\n{out}"
    expected = set(corpus.good) | {s for s, _ in corpus.bad} | corpus.either
    unexplained = [s for s, _line, _r in problems if s not in expected]
    assert not unexplained, f"unexpected problems: {unexplained}"
    for source in corpus.either:
        assert (source in stored) != any(p[0] == source for p in problems), source
    assert f"{len(problems)} bad items skipped" in out

    # A second build reads the same folder, parses nothing and still reports the bad items.
    again = _invoke(["build", str(corpus.root), "--db", str(db), "--max-chars", MAX_CHARS, "--jobs", "1"],
                    monkeypatch, corpus)
    assert again.exit_code == 0, again.output
    assert f"0 parsed, {len(stored)} already in the store" in again.output


def test_strict_makes_the_first_bad_item_fatal(corpus: Corpus, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "strict.db"
    result = _invoke(["build", str(corpus.root), "--db", str(db), "--strict", "--max-chars", "20000"],
                     monkeypatch, corpus)
    assert result.exit_code != 0
    first = (str(corpus.root / "archive.warc.gz"), None)  # the walk is sorted by name: the first bad item
    assert first[0] == str(corpus.root / "archive.warc.gz")
    assert f"--strict: bad input {first[0]}: {corpus.bad[first]}" in result.output
    assert len(_problems(db)) == 1
