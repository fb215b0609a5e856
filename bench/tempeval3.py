"""Run the timex tagger on TempEval-3 documents and write its timexes as JSON Lines.

    python bench/tempeval3.py GOLD_DIR -o OUT.jsonl
    python3 ../shared/eval/te3.py GOLD_DIR OUT.jsonl --errors

GOLD_DIR holds TimeML .tml files; each document's plain TEXT and DCT are read
exactly as ``te3.py --dump-input`` gives them, parsed with the pipeline's spaCy
model and tagged by the same code the timex stage runs (`storyline.timex.tag`).

--ungated runs Recognizers-Text on every sentence, uncached (as before the
trigger gate): the output must not change, only the tagging time.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time
import xml.etree.ElementTree as ET

from storyline.nlp import load
from storyline.timex import tag, tagger


def read_tml(path: str) -> tuple[str, str]:
    """The DCT and the plain TEXT of a TimeML file (the text content of <TEXT>)."""
    root = ET.parse(path).getroot()
    dct_el = root.find("DCT/TIMEX3")
    text_el = root.find("TEXT")
    if dct_el is None or text_el is None:
        raise ValueError(f"{path}: no DCT or TEXT")
    return str(dct_el.get("value")), "".join(text_el.itertext())


def main(argv: list[str] | None = None) -> int:
    """Tag every .tml file in GOLD_DIR and write the timexes to -o."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--ungated", action="store_true", help="run the recognizer on every sentence, uncached")
    args = ap.parse_args(argv)
    if args.ungated:
        tagger.recognize = tagger.parse_sentence  # type: ignore[assignment]
    paths = sorted(glob.glob(os.path.join(args.gold_dir, "*.tml")))
    nlp = load()
    t0, n, tagging = time.time(), 0, 0.0
    with open(args.output, "w", encoding="utf-8") as out:
        for path in paths:
            dct, text = read_tml(path)
            doc = nlp(text)
            t1 = time.perf_counter()
            found = tag(doc, dct)
            tagging += time.perf_counter() - t1
            for t in found:
                out.write(json.dumps({"doc": os.path.basename(path), "start": t.start, "end": t.end,
                                      "text": t.text, "type": t.type, "value": t.value}) + "\n")
                n += 1
    print(f"{len(paths)} documents, {n} timexes, {time.time() - t0:.1f}s "
          f"(tagging {1000 * tagging / max(1, len(paths)):.0f} ms/document)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
