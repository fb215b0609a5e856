"""Watch: keep the story current while articles arrive.

A developing story grows article by article. `watch` builds once, then again each time
files under the watched folders are added or changed, in one process that keeps between
builds what a fresh `storyline build` pays for every time: the worker processes with
spaCy loaded, the story's inputs in memory (only the extractions stored since are read
again) and the results of the story's pure steps (`story/memo.py`). Each build is the
ordinary `build`: the same story a fresh build of the same files gives.

    watch(["articles/"], Store("story.db"), BuildSettings(), on_build=print)
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from watchfiles import Change, DefaultFilter
from watchfiles import watch as watch_changes

from storyline.build import BadInputError, BuildReport, Progress, StoryInputs, Workers, build
from storyline.settings import BuildSettings
from storyline.store import Store, StoreLocked

#: How long (ms) a burst of file events may last and still make one build (a copy of
#: many files into the folder is one change, not hundreds).
DEBOUNCE_MS = 800


@dataclass
class Round:
    """One build of a watch: what set it off, what it did (or why it failed), how long it took."""

    changed: list[str] = field(default_factory=list)
    report: BuildReport | None = None
    error: str | None = None
    seconds: float = 0.0


def watch(paths: Iterable[str | Path], store: Store, settings: BuildSettings,
          on_build: Callable[[Round], None], stop: threading.Event | None = None,
          poll: bool = False, debounce_ms: int = DEBOUNCE_MS, progress: Progress | None = None) -> int:
    """Build the story from `paths` now and again after every change under them, until `stop`
    is set (or Ctrl-C); `on_build` hears of each round, `progress` of each build's steps
    (as `build` tells them). Returns the number of rounds.

    A file removed leaves its articles in the store, as `build` does; files of the store
    itself are ignored. A round that fails (a `--strict` bad item, a store locked by another
    process) is reported and the watch goes on.
    """
    only = _ArticleChanges(ignore_paths=[str(store.path.resolve())])  # and its -wal, -shm files
    rounds = 0
    with Watcher(paths, store, settings, progress) as watcher:
        on_build(watcher.start())
        rounds += 1
        for changes in watch_changes(*(p.resolve() for p in watcher.paths), watch_filter=only,
                                     debounce=debounce_ms, stop_event=stop, force_polling=poll,
                                     rust_timeout=1000, raise_interrupt=False):
            on_build(watcher.build(sorted({p for _c, p in changes})))
            rounds += 1
            watcher.idle()
    return rounds


class Watcher:
    """What a watch keeps between its builds: the worker processes, with spaCy loaded, and the
    story's inputs with what the story's steps worked out from them (`StoryInputs` and its
    memo), in memory. `start` builds first; each `build` after it is one round."""

    def __init__(self, paths: Iterable[str | Path], store: Store, settings: BuildSettings,
                 progress: Progress | None = None):
        self.paths = [Path(p) for p in paths]
        self.progress = progress
        self.store = store
        self.settings = settings
        self.workers = Workers(settings, store.path)
        self.inputs = StoryInputs()

    def start(self) -> Round:
        """The first build, then what the next one needs made ready before a change comes."""
        first = self.build([])
        self.workers.warm_up()
        if first.report is None or not first.report.story_rebuilt:
            self.inputs.prime(self.store)
        self.idle()
        return first

    def idle(self) -> None:
        """Between builds, while nothing changes: collect garbage now, then set what is kept
        aside (`gc.freeze`), so the collector of the next build does not walk the hundreds of
        thousands of objects kept in memory (it took a second of the first build after start)."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def build(self, changed: list[str]) -> Round:
        """One build, timed; a failure the watch survives becomes the round's error."""
        started = time.perf_counter()
        done = Round(changed)
        try:
            done.report = build(self.paths, self.store, self.settings, self.progress, self.workers, self.inputs)
        except BadInputError as exc:
            done.error = f"--strict: bad input {exc}"
        except StoreLocked as exc:
            done.error = str(exc)
        done.seconds = time.perf_counter() - started
        return done

    def close(self) -> None:
        """Stop the worker processes."""
        self.workers.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class _ArticleChanges(DefaultFilter):
    """Files added or changed (not removed), except the usual noise (.git, editors' swap files)."""

    def __call__(self, change: Change, path: str) -> bool:
        return change != Change.deleted and super().__call__(change, path)
