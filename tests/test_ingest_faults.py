"""Bad input never raises out of read_paths: each item is reported with the file and a reason."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.ingest import read_paths
from storyline.model import Article, BadInput

TEXT = ("Heavy rain flooded the river town of Eastmere on Monday, forcing more than 300 residents to "
        "leave their homes before dawn, the regional emergency service said.")


def kinds(items: list[Article | BadInput]) -> list[str]:
    return [type(i).__name__ for i in items]


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\n \t\n", encoding="utf-8")
    items = list(read_paths([tmp_path]))
    assert kinds(items) == ["BadInput", "BadInput"]
    assert all("empty" in i.reason for i in items if isinstance(i, BadInput))


def test_binary_content_with_a_txt_name(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    (tmp_path / "photo.txt").write_bytes(png)
    (tmp_path / "noise.txt").write_bytes(os.urandom(4096))
    items = list(read_paths([tmp_path]))
    assert kinds(items) == ["BadInput", "BadInput"]
    assert all("binary" in i.reason for i in items if isinstance(i, BadInput))


def test_latin_1_file_is_detected_and_decoded(tmp_path: Path) -> None:
    text = "Le café du marché a rouvert à Genève, a déclaré la mairie. " + TEXT
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    [art] = list(read_paths([path]))
    assert isinstance(art, Article)
    assert art.text == text
    assert any("cp1252" in n or "latin" in n for n in art.notes)


def test_utf16_file_with_bom(tmp_path: Path) -> None:
    text = "Kyiv’s mayor said the café had “reopened”. " + TEXT
    path = tmp_path / "utf16.txt"
    path.write_bytes(text.encode("utf-16"))
    [art] = list(read_paths([path]))
    assert isinstance(art, Article) and art.text == text


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    try:
        [bad] = list(read_paths([path]))
    finally:
        path.chmod(0o644)
    assert isinstance(bad, BadInput) and bad.source == str(path) and "permission" in bad.reason


def test_file_vanishing_mid_walk(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(TEXT + f" File {name}.", encoding="utf-8")
    items = read_paths([tmp_path])
    first = next(items)
    (tmp_path / "b.txt").unlink()
    rest = list(items)
    assert isinstance(first, Article)
    assert kinds(rest) == ["BadInput", "Article"]
    assert rest[0].source == str(tmp_path / "b.txt") and "vanished" in rest[0].reason


def test_missing_path_given(tmp_path: Path) -> None:
    [bad] = list(read_paths([tmp_path / "nope.txt"]))
    assert isinstance(bad, BadInput) and bad.source == str(tmp_path / "nope.txt")


def test_huge_file_is_capped_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text((TEXT + "\n\n") * 2000, encoding="utf-8")  # ~330,000 chars
    [art] = list(read_paths([path], max_chars=10_000))
    assert isinstance(art, Article)
    assert len(art.text) <= 10_000
    assert any("truncated at 10000" in n for n in art.notes)


def test_unknown_types_are_reported_and_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "README").write_text("notes", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    items = list(read_paths([tmp_path]))
    assert kinds(items) == ["BadInput", "BadInput", "Article"]  # README, report.pdf, story.txt
    assert [i.source for i in items] == [str(tmp_path / n) for n in ("README", "report.pdf", "story.txt")]
    assert "unknown file type" in items[1].reason  # type: ignore[union-attr]


def test_directories_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    for rel in ("b/2.txt", "b/1.txt", "a/z/9.md", "c.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(TEXT + f" ({rel}).", encoding="utf-8")
    sources = [i.source for i in read_paths([tmp_path])]
    assert sources == [str(tmp_path / r) for r in ("a/z/9.md", "b/1.txt", "b/2.txt", "c.txt")]


def test_symlink_loop_in_deeply_nested_directories_terminates(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*[f"d{i}" for i in range(60)])
    deep.mkdir(parents=True)
    (deep / "story.txt").write_text(TEXT, encoding="utf-8")
    (deep / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    items = list(read_paths([tmp_path]))
    articles = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, BadInput)]
    assert len(articles) == 1
    assert {b.reason.split(" (")[0].split(";")[0] for b in bad} == {"broken symbolic link", "directory already read"}


def test_article_with_only_chrome_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "chrome.txt").write_text("Search icon\n\nRelated Stories\n\nNo stories found.\n\nX\n")
    [bad] = list(read_paths([tmp_path / "chrome.txt"]))
    assert isinstance(bad, BadInput) and "no article text" in bad.reason


def test_jsonl_with_wrong_encoding_and_huge_record(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    record = '{"text": "Le café a rouvert, a déclaré la mairie. ' + TEXT + '"}\n'
    path.write_bytes(record.encode("latin-1") + b'{"text": "' + b"word " * 5000 + b'"}\n')
    items = list(read_paths([path], max_chars=1000))
    assert kinds(items) == ["Article", "Article"]
    assert items[0].text.startswith("Le café")  # type: ignore[union-attr]
    assert any("truncated" in n for n in items[1].notes)  # type: ignore[union-attr]


def test_reader_failures_become_bad_input(tmp_path: Path) -> None:
    from storyline.ingest import READERS

    def locked(path: Path):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied", str(path))
        yield  # a generator, like every reader

    def buggy(path: Path):  # type: ignore[no-untyped-def]
        yield Article(id="x", source=str(path), text="one good item first")
        raise ValueError("reader bug")

    (tmp_path / "a.locked").write_text("x")
    (tmp_path / "b.buggy").write_text("x")
    READERS.update({".locked": locked, ".buggy": buggy})
    try:
        items = list(read_paths([tmp_path]))
    finally:
        del READERS[".locked"], READERS[".buggy"]
    assert kinds(items) == ["BadInput", "Article", "BadInput"]
    assert items[0].reason == "permission denied"  # type: ignore[union-attr]
    assert "buggy failed: ValueError: reader bug" in items[2].reason  # type: ignore[union-attr]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), ending=st.sampled_from([".txt", ".md", ".html", ".jsonl", ".warc.gz"]))
def test_random_bytes_never_raise(tmp_path: Path, data: bytes, ending: str) -> None:
    path = tmp_path / f"random{ending}"
    path.write_bytes(data)
    for item in read_paths([path]):
        assert item.source.startswith(str(path))
        if isinstance(item, BadInput):
            assert item.reason
