"""Where the story step's time goes on a stored corpus, in one process.

    .venv/bin/python bench/story_steps.py STORE.db [--rounds 3]

Loads the stored extractions once, then builds the story `--rounds` times, timing its
steps (entity resolution, reports, clustering, drafts, conflicts across entries,
relations) and printing a digest of the timeline, so that two trees can be compared on
the same store (`git archive <commit> | tar -x -C /tmp/snap`, then run each tree's copy:
the script measures the tree it is in). A store to read: `throughput.py --rebuild-steps
--keep DIR` leaves one, `DIR/steps-base.db`.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("resolve_entities", "reports_of", "cluster", "_draft", "across", "relations")


def timed_steps(rounds: list[defaultdict[str, float]]) -> None:
    """Wrap the story's steps as `storyline.story` calls them, adding their time to the last round's."""
    import storyline.story as story

    for name in STEPS:
        fn = getattr(story, name)

        def run(*args: Any, _fn: Any = fn, _name: str = name, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return _fn(*args, **kwargs)
            finally:
                rounds[-1][_name] += time.perf_counter() - start
        setattr(story, name, run)


def digest(timeline: list[Any]) -> str:
    """A short digest of every field of every entry, to check two trees build the same story."""
    return hashlib.sha256(repr(timeline).encode()).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path, help="a storyline store (SQLite file) with extractions")
    ap.add_argument("--rounds", type=int, default=3, help="story builds; medians are reported")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import spacy  # noqa: F401  # imported in any build that parsed: not part of the story's time

    from storyline.build import STORY_NEEDS
    from storyline.store import Store
    from storyline.story import build_story

    store = Store(args.store, readonly=True)
    start = time.perf_counter()
    articles, extractions = store.articles(text=False), store.extractions(only=STORY_NEEDS)
    print(f"{args.store}: {len(articles)} articles loaded in {time.perf_counter() - start:.2f} s")
    rounds: list[defaultdict[str, float]] = []
    timed_steps(rounds)
    for _ in range(args.rounds):
        rounds.append(defaultdict(float))
        start = time.perf_counter()
        story = build_story(articles, extractions)
        rounds[-1]["story build"] = time.perf_counter() - start
    print(f"timeline {len(story.timeline)} entries, digest {digest(story.timeline)}")
    for name in (*STEPS, "story build"):
        values = [r[name] for r in rounds]
        print(f"  {name:18s} {statistics.median(values):7.2f} s  (rounds: {', '.join(f'{v:.2f}' for v in values)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
