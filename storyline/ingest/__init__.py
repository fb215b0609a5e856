"""Ingest: files (text, Markdown, HTML, JSON Lines, WARC) to clean Articles with sourced metadata.

    from storyline.ingest import read_paths
    for item in read_paths(["corpus/"]):
        ...  # an Article, or a BadInput saying which file (and line) was skipped and why

`iter_files` walks the paths and `read_file` reads one file, for callers that
work file by file (the build skips files unchanged since they were stored).

Readers live in the plain dict `READERS` (file-name ending -> reader); add an
entry to read another format. A reader is ``fn(path) -> Iterator[Article |
BadInput]``; it may raise `InputError` (or OSError) for a file it cannot read.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from storyline.ingest.article import Meta, article_id, make_article
from storyline.ingest.decode import MAX_CHARS, InputError
from storyline.ingest.html import read_html_file
from storyline.ingest.jsonl import read_jsonl_file
from storyline.ingest.text import read_text_file
from storyline.ingest.walk import iter_files
from storyline.ingest.warc import read_warc_file
from storyline.model import Article, BadInput

Reader = Callable[[Path], Iterator[Article | BadInput]]

READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".md": read_text_file,
    ".markdown": read_text_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".jsonl": read_jsonl_file,
    ".warc": read_warc_file,
    ".warc.gz": read_warc_file,
}

__all__ = ["MAX_CHARS", "READERS", "InputError", "Meta", "article_id", "iter_files", "make_article", "read_file",
           "read_paths", "reader_for"]


def reader_for(path: Path) -> Reader | None:
    """The reader registered for the longest matching ending of `path`'s name, if any."""
    name = path.name.lower()
    for ending in sorted(READERS, key=len, reverse=True):
        if name.endswith(ending.lower()):
            return READERS[ending]
    return None


def read_paths(paths: Iterable[str | Path], *, max_chars: int | None = None) -> Iterator[Article | BadInput]:
    """Articles from files and directories, in a stable order; every bad item as a BadInput.

    Never raises for bad input: unknown file types, unreadable, vanished, empty,
    binary or damaged files are reported (file, line for JSON Lines, reason) and
    skipped. `max_chars` caps each article's text (default `MAX_CHARS`), with a
    note on the article when it cuts.
    """
    for item in iter_files(paths):
        if isinstance(item, BadInput):
            yield item
            continue
        yield from read_file(item, max_chars=max_chars)


def read_file(path: Path, *, max_chars: int | None = None) -> Iterator[Article | BadInput]:
    """The articles of one file, or BadInputs naming it (never raises for bad input)."""
    reader = reader_for(path)
    if reader is None:
        yield BadInput(str(path), f"unknown file type {_ending(path)!r}; readable: {', '.join(READERS)}")
        return
    yield from _guarded(reader, path, max_chars)


def _ending(path: Path) -> str:
    return "".join(path.suffixes[-2:]) or "(no extension)"


def _guarded(reader: Reader, path: Path, max_chars: int | None) -> Iterator[Article | BadInput]:
    """The reader's items; any failure becomes a BadInput naming the file."""
    try:
        if max_chars is not None and "max_chars" in inspect.signature(reader).parameters:
            yield from reader(path, max_chars=max_chars)  # type: ignore[call-arg]
        else:
            yield from reader(path)
    except InputError as exc:
        yield BadInput(str(path), str(exc))
    except FileNotFoundError:
        yield BadInput(str(path), "file vanished before it could be read")
    except PermissionError:
        yield BadInput(str(path), "permission denied")
    except IsADirectoryError:
        yield BadInput(str(path), "is a directory")
    except OSError as exc:
        yield BadInput(str(path), f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - one reader's failure on one file must not stop the build
        yield BadInput(str(path), f"{getattr(reader, '__name__', 'reader')} failed: {type(exc).__name__}: {exc}")
