"""The timex fast path and gate against recorded Recognizers-Text calls.

    python bench/timex_speed.py [CALLS.pkl] [--show N] [--recognizer] [--anchors N]

CALLS.pkl is a pickled list of (corpus, sentence, reference datetime, matches)
where matches is what `tagger.parse_sentence` returned for that sentence: the
recognizer's own output, recorded once (it is slow). For every call it checks
that the gate and the fast path (`storyline.timex.fast.parse`) agree with the
recognizer on everything the tagger keeps - a TIME without a clock word and the
modal "may" are dropped downstream (`tagger._fix_extent`, `_plausible`), so
they may differ - and prints, per corpus: calls, how many the fast path
answers alone, how many of those differ (must be 0), and how many still go to
the recognizer. It also times the fast path per sentence, and with --anchors
checks that recognizer results `fast.absolute` calls date-free, or that
`fast.derive` moves to another date (reused by `tagger.recognize` for a text
read under two dates), are what the recognizer gives under another date.
"""

from __future__ import annotations

import argparse
import collections
import pickle
import re
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storyline.timex import fast


def check_anchors(calls: list[Any], limit: int) -> None:
    """A sentence whose matches `fast.absolute` calls date-free gives the same under another date,
    and one whose matches `fast.derive` moves to another date gives what it derives."""
    from storyline.timex.tagger import parse_sentence

    seen = set()
    checked = same = derived = 0
    for _, sentence, ref, matches in calls:
        if sentence in seen or fast.parse(sentence, ref) is not None:
            continue
        other_ref = ref + timedelta(days=400)
        expected = matches if fast.absolute(sentence, matches) else fast.derive(sentence, matches, ref, other_ref)
        if expected is None:
            continue
        seen.add(sentence)
        other = parse_sentence(sentence, other_ref)
        checked += 1
        derived += expected != matches
        same += other == expected
        if other != expected:
            print(f"ANCHOR DIFFERS {ref.date()} {sentence.strip()[:200]!r}\n  {expected}\n  {other}")
        if checked >= limit:
            break
    print(f"date-free or derived recognizer results: {same} of {checked} ({derived} derived) the same "
          f"under a date 400 days later")


def check_recognizer(calls: list[Any]) -> None:
    """The recognizer gives today what it gave when the calls were recorded (a change to how it
    is run, such as `recognizer`'s shared answers, must not change a single answer)."""
    from storyline.timex.recognizer import parse_sentence

    start = time.perf_counter()
    differ = [(sentence, ref) for _, sentence, ref, matches in calls if parse_sentence(sentence, ref) != matches]
    seconds = time.perf_counter() - start
    print(f"recognizer: {len(calls) - len(differ)} of {len(calls)} calls give the recorded answer "
          f"({1000 * seconds / max(1, len(calls)):.1f} ms a call)")
    for sentence, ref in differ[:10]:
        print(f"  RECOGNIZER DIFFERS {ref.date()} {sentence.strip()[:200]!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("calls", nargs="?", default="/tmp/rec/calls.pkl")
    ap.add_argument("--show", type=int, default=0, help="print up to N sentences the recognizer still gets")
    ap.add_argument("--recognizer", action="store_true",
                    help="also run every recorded call through `recognizer.parse_sentence` again and count "
                         "the answers identical to the recorded ones (slow: ~17 ms a call)")
    ap.add_argument("--anchors", type=int, default=0, metavar="N",
                    help="also re-run the recognizer under another date on up to N sentences whose matches "
                         "`fast.absolute` calls date-free (slow: ~20 ms each)")
    args = ap.parse_args()
    calls = pickle.load(open(args.calls, "rb"))  # noqa: SIM115
    stats: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    bad = []
    slow = []
    t0 = time.perf_counter()
    for corpus, sentence, ref, matches in calls:
        st = stats[corpus]
        st["calls"] += 1
        st["empty"] += not fast.kept(sentence, matches)
        got = fast.parse(sentence, ref)
        if got is None:
            st["recognizer"] += 1
            slow.append(sentence)
            continue
        st["fast"] += 1
        if fast.kept(sentence, got) != fast.kept(sentence, matches):
            st["differ"] += 1
            bad.append((corpus, sentence, ref, got, matches))
    elapsed = time.perf_counter() - t0
    print(f"{'corpus':8} {'calls':>6} {'empty':>6} {'fast':>6} {'differ':>6} {'recognizer':>10}")
    total: collections.Counter[str] = collections.Counter()
    for corpus, st in stats.items():
        total.update(st)
        print(f"{corpus:8} {st['calls']:6} {st['empty']:6} {st['fast']:6} {st['differ']:6} {st['recognizer']:10}")
    print(f"{'all':8} {total['calls']:6} {total['empty']:6} {total['fast']:6} {total['differ']:6} "
          f"{total['recognizer']:10}  ({total['recognizer'] / max(1, total['calls']):.1%} still recognised)")
    print(f"fast path: {1000 * elapsed / max(1, len(calls)):.3f} ms per sentence")
    for corpus, sentence, ref, got, matches in bad[:30]:
        print(f"\nDIFFER [{corpus}] {ref.date()} {sentence.strip()[:300]!r}")
        print("  fast:      ", sorted((sentence[a:b + 1], t, v) for a, b, t, v in fast.kept(sentence, got)))
        print("  recognizer:", sorted((sentence[a:b + 1], t, v) for a, b, t, v in fast.kept(sentence, matches)))
    if args.recognizer:
        check_recognizer(calls)
    if args.anchors:
        check_anchors(calls, args.anchors)
    counts = collections.Counter(re.sub(r"\d", "9", s.strip())[:160] for s in slow)
    for s, n in counts.most_common(args.show):
        print(f"RECOGNIZER x{n}: {s!r}")


if __name__ == "__main__":
    main()
