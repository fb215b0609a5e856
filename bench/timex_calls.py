"""Record Recognizers-Text calls on real and generated text, for `timex_speed.py` to check against.

    python bench/timex_calls.py -o /tmp/calls.pkl [--t17 150] [--generated 150]

Tags TempEval-3 platinum ("te3"), a generated corpus ("gen", as throughput.py
makes it), the seed articles ("seeds") and a fixed sample of Timeline17 input
documents ("t17") with the timex tagger, and pickles every call the gate lets
through to the recognizer as (corpus, sentence, reference datetime, matches).
The recognizer is slow, so this is recorded once (about 90 s) and checked many
times: `python bench/timex_speed.py /tmp/calls.pkl`. The recording is taken
with the fast path off, so it holds the recognizer's own answers for every
gated sentence.
"""

from __future__ import annotations

import argparse
import glob
import pickle
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import tempeval3  # noqa: E402
import throughput  # noqa: E402

from storyline.ingest import read_paths  # noqa: E402
from storyline.model import Article  # noqa: E402
from storyline.nlp import load  # noqa: E402
from storyline.timex import tag, tagger  # noqa: E402
from storyline.timex.rules import load_rules  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Record the calls and write them to -o."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--t17", type=int, default=150, help="Timeline17 documents sampled")
    ap.add_argument("--generated", type=int, default=150, help="generated articles")
    args = ap.parse_args(argv)
    calls: list[tuple[str, str, Any, Any]] = []
    where = {"corpus": ""}  # the corpus being tagged, read by `record`
    original = tagger.parse_sentence

    def record(sentence: str, ref: Any) -> Any:
        if not load_rules().recognizer_trigger.search(sentence):
            return ()
        out = original(sentence, ref)
        calls.append((where["corpus"], sentence, ref, out))
        return out

    # Every gated sentence to the recognizer: no fast path, no reuse across reference dates.
    tagger.recognize = record  # type: ignore[assignment]
    nlp = load()
    where["corpus"] = "te3"
    for path in sorted(glob.glob(str(SHARED / "data/tempeval3/platinum/*.tml"))):
        dct, text = tempeval3.read_tml(path)
        tag(nlp(text), dct)
    with tempfile.TemporaryDirectory() as tmp:
        throughput.write_corpus(Path(tmp), args.generated, 7)
        for name, folder in (("gen", Path(tmp)), ("seeds", SHARED / "corpus/seeds")):
            where["corpus"] = name
            for a in read_paths([folder]):
                if isinstance(a, Article):
                    tag(nlp(a.text), a.published.value if a.published else None)
    where["corpus"] = "t17"
    files = sorted(glob.glob(str(SHARED / "data/timeline17/*/InputDocs/*/*")))
    random.Random(1).shuffle(files)
    for f in files[:args.t17]:
        day = Path(f).parent.name
        tag(nlp(Path(f).read_text(errors="replace")[:20000]), day if len(day) == 10 else None)
    args.output.write_bytes(pickle.dumps(calls))
    print(f"{len(calls)} calls → {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
