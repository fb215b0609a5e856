"""The timeline against the timelines news outlets wrote: Timeline17 (real stories, real outlets).

    python bench/tls.py                                   # H1N1_guardian and MJ_bbc
    python bench/tls.py ../shared/data/timeline17/bpoil_bbc --db /tmp/bp.db

Each Timeline17 folder holds the articles an outlet's editors had
(`InputDocs/<publication day>/<n>.htm.txt`) and the timeline they wrote
(`timelines/<outlet>.txt`: a day, then what happened, between dashed lines).
The articles are built with `--dates-from-paths` (their folders are their
publication days) into a store (a fresh temporary one unless --db is given; an
existing store is updated, not rebuilt), and the story's timeline is compared
with each gold timeline, within the days the gold timeline spans:

- date recall: gold days on which some entry of ours falls (a day-precise entry
  on that day, or one of at most `WIDEST` days that contains it: a month or a
  year contains every day and says nothing of any);
- day precision: our day-precise entry days that are gold days (an exhaustive
  timeline is expected to score low here: editors pick a few days);
- word recall: per gold day we found, the share of the gold text's content words
  (lower-cased, spaCy's stop words removed) found in our entries' summaries and
  event sentences on that day: a ROUGE-1-recall-like measure of whether we say
  what the editors said happened.

Other systems publish date F1 and alignment ROUGE on this set against a fixed
number of dates; Storyline does not cut its timeline to the editors' length, so
these figures are for following our own progress, not for comparison.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
T17 = ROOT.parent / "shared" / "data" / "timeline17"
sys.path.insert(0, str(ROOT))

from storyline.build import BuildSettings, build  # noqa: E402
from storyline.model import Story, TimelineEntry  # noqa: E402
from storyline.store import Store  # noqa: E402

_GOLD_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: The widest entry (days from first to last) that counts as dating a gold day: a week.
WIDEST = 6


@dataclass
class Scores:
    """One gold timeline's comparison."""

    timeline: str
    gold_days: int
    entries: int
    date_recall: float
    day_precision: float
    word_recall: float


def read_gold(path: Path) -> dict[date, str]:
    """A Timeline17 timeline file: {day: what happened} (blocks of a day line, then text lines)."""
    out: dict[date, str] = {}
    for block in re.split(r"\n-{5,}\n?", path.read_text(encoding="utf-8", errors="replace")):
        lines = [ln.strip() for ln in block.strip().splitlines() if ln.strip()]
        if lines and _GOLD_DAY.match(lines[0]):
            day = date.fromisoformat(lines[0])
            out[day] = (out.get(day, "") + " " + " ".join(lines[1:])).strip()
    return out


def _words(text: str) -> set[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 1 and w not in STOP_WORDS}


def _span(entry: TimelineEntry) -> tuple[date, date] | None:
    if not entry.date.earliest or not entry.date.latest:
        return None
    return date.fromisoformat(entry.date.earliest), date.fromisoformat(entry.date.latest)


def compare(story: Story, gold: dict[date, str], name: str) -> Scores:
    """Our timeline against one gold timeline, within the days the gold one spans."""
    first, last = min(gold), max(gold)
    sentences = {v.id: v.sentence for f in story.extractions for v in f.events}
    on_day: dict[date, list[str]] = defaultdict(list)  # gold day -> our text about it
    days: set[date] = set()  # our day-precise days within the span
    entries = 0
    for entry in story.timeline:
        span = _span(entry)
        if span is None or span[1] < first or span[0] > last or (span[1] - span[0]).days > WIDEST:
            continue
        entries += 1
        if span[0] == span[1]:
            days.add(span[0])
        text = " ".join([entry.summary, *(sentences.get(e, "") for e in entry.events)])
        for day in gold:
            if span[0] <= day <= span[1]:
                on_day[day].append(text)
    found = [d for d in gold if on_day[d]]
    word_recall = [len(_words(gold[d]) & _words(" ".join(on_day[d]))) / max(1, len(_words(gold[d])))
                   for d in found]
    return Scores(name, len(gold), entries, len(found) / len(gold), len(days & set(gold)) / max(1, len(days)),
                  sum(word_recall) / max(1, len(word_recall)))


def run(folder: Path, db: Path) -> list[Scores]:
    """Build `folder`'s articles into `db` (dated by their folders) and score every gold timeline."""
    store = Store(db)
    started = time.perf_counter()
    report = build([folder / "InputDocs"], store, BuildSettings(dates_from_paths=True))
    print(f"{folder.name}: {report.read} articles ({report.parsed} parsed) in "
          f"{time.perf_counter() - started:.0f} s, {report.timeline_entries} timeline entries", file=sys.stderr)
    story = store.story()
    return [compare(story, read_gold(path), f"{folder.name}/{path.stem}")
            for path in sorted((folder / "timelines").glob("*.txt"))]


def main(argv: list[str] | None = None) -> int:
    """Build each folder, compare with its gold timelines, print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path,
                    default=[T17 / "H1N1_guardian", T17 / "MJ_bbc"], help="Timeline17 folders")
    ap.add_argument("--db", type=Path, help="with one folder: the store to build into and keep (default: temporary)")
    args = ap.parse_args(argv)
    rows: list[Scores] = []
    with tempfile.TemporaryDirectory(prefix="storyline-tls-") as tmp:
        for i, folder in enumerate(args.folders):
            db = args.db if args.db and len(args.folders) == 1 else Path(tmp) / f"story-{i}.db"
            rows += run(folder, db)
    print(f"{'gold timeline':32} {'days':>5} {'ours':>5} {'date recall':>12} {'day precision':>14} "
          f"{'word recall':>12}")
    for r in rows:
        print(f"{r.timeline:32} {r.gold_days:5d} {r.entries:5d} {r.date_recall:12.3f} {r.day_precision:14.3f} "
              f"{r.word_recall:12.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
