"""The input walk: files as given, directories recursively in sorted order."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.model import BadInput


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | BadInput]:
    """Every regular file under `paths`, in a stable order; problems as BadInput.

    Directories are walked depth first with entries sorted by name; hidden
    entries (".name") inside them are skipped; a directory reached twice (a
    symbolic link loop) is reported once and not entered again.
    """
    seen: set[tuple[int, int]] = set()
    for given in paths:
        path = Path(given)
        try:
            info = path.stat()
        except OSError as exc:
            yield BadInput(str(path), _why(exc, "cannot open"))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, seen)
        elif stat.S_ISREG(info.st_mode):
            yield path
        else:
            yield BadInput(str(path), "not a regular file (device, pipe or socket)")


def _walk(root: Path, seen: set[tuple[int, int]]) -> Iterator[Path | BadInput]:
    """Depth-first, sorted, with an explicit stack so deep trees do not hit the recursion limit."""
    stack: list[Iterator[Path]] = []
    enter = _enter(root, seen)
    if isinstance(enter, BadInput):
        yield enter
        return
    stack.append(enter)
    while stack:
        path = next(stack[-1], None)
        if path is None:
            stack.pop()
            continue
        try:
            info = path.stat()
        except OSError as exc:
            yield BadInput(str(path), _why(exc, "cannot open"))
            continue
        if stat.S_ISDIR(info.st_mode):
            entered = _enter(path, seen)
            if isinstance(entered, BadInput):
                yield entered
            else:
                stack.append(entered)
        elif stat.S_ISREG(info.st_mode):
            yield path
        else:
            yield BadInput(str(path), "not a regular file (device, pipe or socket)")


def _enter(directory: Path, seen: set[tuple[int, int]]) -> Iterator[Path] | BadInput:
    """The sorted, non-hidden entries of `directory`, or why it cannot be read."""
    try:
        info = directory.stat()
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return BadInput(str(directory), "directory already read (symbolic link loop); skipped")
        seen.add(key)
        names = sorted(e.name for e in os.scandir(directory) if not e.name.startswith("."))
    except OSError as exc:
        return BadInput(str(directory), _why(exc, "cannot read directory"))
    return iter([directory / name for name in names])


def _why(exc: OSError, doing: str) -> str:
    if isinstance(exc, FileNotFoundError) and exc.filename and os.path.islink(exc.filename):
        return "broken symbolic link"
    if isinstance(exc, FileNotFoundError):
        return "file vanished or does not exist"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return f"{doing}: {exc.strerror or exc}"
