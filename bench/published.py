"""Publication dates on real news: what ingest reads and what the build infers, against the truth.

    python bench/published.py [--n 150] [--seed 1] [--db /tmp/pub.db]

Timeline17 files sit in folders named by their publication day
(`InputDocs/<day>/<n>.htm.txt`) and state no date in any metadata, so they
test both ways Storyline dates an article: a date the text states (a date line,
a time stamp run into the first lines) and, for the rest, the date inferred
from the article's own expressions and from events other articles date. A
sample of `--n` files (fixed by `--seed`) from every folder is built *without*
`--dates-from-paths` and each article's date is compared with its folder's:

- stated: articles ingest dated, and how many of those equal the folder's day;
- inferred: of the others, how many got a bound at all, how many bounds hold
  the true day, how many are exactly that day, and the median width of the
  ranges bounded on both sides.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
T17 = ROOT.parent / "shared" / "data" / "timeline17"
sys.path.insert(0, str(ROOT))

from storyline.build import BuildSettings, build  # noqa: E402
from storyline.ingest.metadata import date_in_path  # noqa: E402
from storyline.store import Store  # noqa: E402


def sample(n: int, seed: int) -> list[Path]:
    """`n` Timeline17 input files picked at random (fixed by `seed`) across all folders."""
    files = sorted(T17.glob("*/InputDocs/*/*"))
    random.Random(seed).shuffle(files)
    return sorted(files[:n])


def score(store: Store) -> dict[str, float]:
    """Each stored article's date (stated or inferred) against its folder's day."""
    found = {f.article: f.published for f in store.extractions(only=())}
    keys = ("articles", "stated", "stated_right", "inferred", "bounded", "holds", "exact")
    out: dict[str, float] = dict.fromkeys(keys, 0)
    widths = []
    for article in store.articles(text=False):
        truth = date_in_path(article.source)
        if truth is None:
            continue
        day = truth[0]
        out["articles"] += 1
        if article.published is not None:
            out["stated"] += 1
            out["stated_right"] += article.published.value == day
            continue
        out["inferred"] += 1
        pub = found.get(article.id)
        if pub is None or (pub.earliest is None and pub.latest is None):
            continue
        out["bounded"] += 1
        out["holds"] += (pub.earliest or day) <= day <= (pub.latest or day)
        out["exact"] += pub.earliest == pub.latest == day
        if pub.earliest and pub.latest:
            widths.append((date.fromisoformat(pub.latest) - date.fromisoformat(pub.earliest)).days)
    out["median_width_days"] = statistics.median(widths) if widths else float("nan")
    return out


def main(argv: list[str] | None = None) -> int:
    """Build the sample, score its dates, print them."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=150, help="files sampled")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", type=Path, help="store to build into and keep (default: a temporary one)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="storyline-published-") as tmp:
        store = Store(args.db or Path(tmp) / "story.db")
        started = time.perf_counter()
        build(sample(args.n, args.seed), store, BuildSettings())
        print(f"built {args.n} Timeline17 files in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        s = score(store)
    print(f"articles {s['articles']:.0f}")
    print(f"stated by the text   {s['stated']:4.0f}   equal to the folder's day {s['stated_right']:4.0f}")
    print(f"left to inference    {s['inferred']:4.0f}   with a bound {s['bounded']:4.0f}   holding the true day "
          f"{s['holds']:4.0f}   exactly it {s['exact']:4.0f}   median width {s['median_width_days']} days")
    return 0


if __name__ == "__main__":
    sys.exit(main())
