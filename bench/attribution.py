"""Speaker attribution on PolNeAR (political news attribution relations), test split.

    .venv/bin/python bench/attribution.py [--split test] [--limit N]

Runs the mentions, entities and quotes stages on each article of
../shared/data/polnear/data/<split>/text and compares with the first
annotator's attributions (source-cue-content triples), printing:

- content: a predicted quote matches a gold attribution when their content
  spans overlap by at least half of each (one-to-one, best overlap first);
  precision over our quotes, recall over all gold attributions and over the
  direct ones (a quotation mark inside the content);
- content exact: the same with trimmed spans equal (closest to CofeNet's
  exact-span Content F1, though CofeNet works per sentence on BIO tags);
- source accuracy: of matched attributions that name a source, how many we
  give the same speaker (a content word of the gold source span in our
  speaker's text or the aliases of our speaker entity);
- end to end: matched with the right speaker, over our quotes (P) and over
  gold attributions that name a source (R).

PolNeAR also annotates reported beliefs and intentions ("X hopes ...",
"X plans ..."), which Storyline deliberately does not report as quotes, so
recall over all attributions is a floor. The published figures printed
beside ours come from the README's table (CofeNet, COLING 2022, Table 6).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storyline.entities import build_entities, find_mentions  # noqa: E402
from storyline.model import Article, Extraction, Quote  # noqa: E402
from storyline.nlp import load  # noqa: E402
from storyline.pipeline import Parsed, sentences_of  # noqa: E402
from storyline.quotes import find_quotes  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "polnear" / "data"
PUBLISHED = {  # CofeNet Table 6, exact span F1 on the PolNeAR test split
    "Rule-based baseline": (10.7, 22.8, 5.6),
    "Stanford CoreNLP quote annotator": (13.9, None, 17.5),
    "BERT-CRF": (82.2, 74.9, 71.0),
    "BERT + CofeNet": (83.2, 75.3, 72.9),
}
_STOP = frozenset(
    ["the", "a", "an", "of", "and", "in", "on", "at", "to", "for", "by", "with", "from", "said", "says",
     "mr", "mrs", "ms"]
)
_QUOTE = re.compile(r"[“”\"]")


@dataclass
class Gold:
    """One gold attribution: content segments and the source span text."""

    content: list[tuple[int, int]]
    source: str | None
    text: str


def parse_ann(path: Path, text: str) -> list[Gold]:
    """Attributions of one brat .ann file (two passes: E lines may name later T ids)."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[str] = []
    for rec in re.split(r"\n(?=[TE#]\d+\t)", path.read_text(encoding="utf-8")):
        if rec.startswith("T"):
            tid, info, *_ = rec.split("\t")
            kind, offsets = info.split(" ", 1)
            pairs = [seg.split() for seg in offsets.split(";")]
            spans[tid] = (kind, [(int(a), int(b)) for a, b in pairs])
        elif rec.startswith("E"):
            events.append(rec.split("\t")[1])
    out = []
    for ev in events:
        roles = dict(part.split(":", 1) for part in ev.split())
        if "Content" not in roles or roles["Content"] not in spans:
            continue
        content = spans[roles["Content"]][1]
        src = spans.get(roles.get("Source", ""))
        source = " ".join(text[a:b] for a, b in src[1]) if src else None
        out.append(Gold(content, source, " ".join(text[a:b] for a, b in content)))
    return out


def _trimmed(text: str, a: int, b: int) -> tuple[int, int]:
    """A span without surrounding spaces, punctuation and quotation marks."""
    while a < b and not text[a].isalnum():
        a += 1
    while b > a and not text[b - 1].isalnum():
        b -= 1
    return a, b


def _overlap(gold: Gold, q: Quote) -> float:
    """The smaller of the two coverage ratios of gold content and predicted content."""
    inter = sum(max(0, min(b, q.end) - max(a, q.start)) for a, b in gold.content)
    glen = sum(b - a for a, b in gold.content)
    plen = q.end - q.start
    return min(inter / glen, inter / plen) if glen and plen else 0.0


def _words(s: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", s.lower()) if w not in _STOP}


def speaker_ok(gold: Gold, q: Quote, found: Extraction) -> bool:
    """Whether our speaker is the gold source (by shared content words of names or pronoun text)."""
    if gold.source is None:
        return False
    names = [q.speaker_text or ""]
    names += [a for e in found.entities if e.id == q.speaker for a in [e.name, *e.aliases]]
    want = _words(gold.source) or {gold.source.lower().strip()}
    return any(_words(n) & want or n.lower().strip() == gold.source.lower().strip() for n in names)


def match(golds: list[Gold], quotes: list[Quote]) -> dict[int, int]:
    """One-to-one gold->quote matches with overlap >= 0.5, best first."""
    pairs = sorted(((_overlap(g, q), gi, qi) for gi, g in enumerate(golds) for qi, q in enumerate(quotes)),
                   reverse=True)
    used_g: set[int] = set()
    used_q: set[int] = set()
    out = {}
    for score, gi, qi in pairs:
        if score < 0.5:
            break
        if gi not in used_g and qi not in used_q:
            used_g.add(gi)
            used_q.add(qi)
            out[gi] = qi
    return out


def articles(split: str, limit: int | None) -> list[tuple[Path, Path]]:
    """(text, first annotator's .ann) pairs of a split."""
    texts = sorted((DATA / split / "text").glob("*.txt"))[:limit]
    out = []
    for t in texts:
        anns = sorted((DATA / split / "attributions").glob(t.stem + "_*.ann"))
        if anns:
            out.append((t, anns[0]))
    return out


def run(split: str, limit: int | None) -> dict[str, float]:
    """Score the quotes stage on a PolNeAR split; returns the figures."""
    nlp = load()
    pairs = articles(split, limit)
    c = dict(pred=0, gold=0, gold_direct=0, hit=0, hit_direct=0, exact=0, with_src=0, hit_src=0, src_ok=0, e2e=0)
    for text_path, ann_path in pairs:
        text = text_path.read_text(encoding="utf-8")
        golds = parse_ann(ann_path, text)
        parsed = Parsed(Article(id=text_path.stem, source=str(text_path), text=text), nlp(text))
        found = Extraction(parsed.article.id, sentences=sentences_of(parsed))
        found.mentions = find_mentions(parsed, found)
        found.entities = build_entities(parsed, found)
        quotes = find_quotes(parsed, found)
        m = match(golds, quotes)
        c["pred"] += len(quotes)
        c["gold"] += len(golds)
        for gi, g in enumerate(golds):
            direct = bool(_QUOTE.search(g.text))
            c["gold_direct"] += direct
            c["with_src"] += g.source is not None
            if gi not in m:
                continue
            q = quotes[m[gi]]
            c["hit"] += 1
            c["hit_direct"] += direct
            segs = g.content
            c["exact"] += _trimmed(text, segs[0][0], segs[-1][1]) == _trimmed(text, q.start, q.end)
            if g.source is not None:
                c["hit_src"] += 1
                ok = speaker_ok(g, q, found)
                c["src_ok"] += ok
                c["e2e"] += ok
    return _figures(c, len(pairs))


def _figures(c: dict[str, int], n_articles: int) -> dict[str, float]:
    def div(a: float, b: float) -> float:
        return a / b if b else 0.0

    def f1(p: float, r: float) -> float:
        return div(2 * p * r, p + r)

    p, r = div(c["hit"], c["pred"]), div(c["hit"], c["gold"])
    ep, er = div(c["exact"], c["pred"]), div(c["exact"], c["gold"])
    sp, sr = div(c["e2e"], c["pred"]), div(c["e2e"], c["with_src"])
    return {
        "articles": n_articles, "gold attributions": c["gold"], "predicted quotes": c["pred"],
        "content precision": p, "content recall (all)": r, "content recall (direct)": div(c["hit_direct"],
                                                                                         c["gold_direct"]),
        "content F1": f1(p, r), "content exact F1": f1(ep, er),
        "source accuracy (matched)": div(c["src_ok"], c["hit_src"]),
        "speaker precision (end to end)": sp, "speaker recall (end to end)": sr, "speaker F1 (end to end)": f1(sp, sr),
    }


def main() -> None:
    """Print our figures beside the published ones."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = ap.parse_args()
    t0 = time.time()
    figs = run(args.split, args.limit)
    print(f"PolNeAR {args.split}, first annotator per article ({time.time() - t0:.0f} s)")
    for k, v in figs.items():
        print(f"  {k:<32} {v:.3f}" if isinstance(v, float) else f"  {k:<32} {v}")
    print("\nPublished (CofeNet, COLING 2022, Table 6; exact span F1, per sentence, not linked):")
    print(f"  {'system':<34} {'Source':>7} {'Cue':>7} {'Content':>8}")
    for name, vals in PUBLISHED.items():
        cells = " ".join(f"{v:>7.1f}" if v is not None else f"{'-':>7}" for v in vals)
        print(f"  {name:<34} {cells}")


if __name__ == "__main__":
    main()
