"""Throughput of `storyline build` against bare spaCy, on a generated corpus, on the same cores.

    python bench/throughput.py --n 1000 [--runs 3] [--jobs N]
    python bench/throughput.py --rss-only --n 10000      # peak RSS of builds of N/10 and N articles
    python bench/throughput.py --stages --n 200          # ms per article: ingest, parse, each stage, story
    python bench/throughput.py --rebuild-steps --n 1000  # where a re-build's time goes, step by step
    python bench/throughput.py --corpus DIR --n 300      # the same on real articles (a sample of DIR's files)

The corpus is generated from the example articles in examples/articles/ (one
article per file, in their four formats): names, numbers, dates, paragraph
order and length vary per article (deterministic given --seed), so no two
texts are alike. With --corpus, a sample of --n files of a real folder is used
instead (copied to a scratch folder; the re-build appends a line to 1% of its
plain-text files). Each run measures, in fresh subprocesses:

  (a) bare spaCy: `nlp.pipe` over the ingested texts, same model, batch size and
      number of processes (`n_process`) as the build: the ceiling;
  (b) `storyline build` of the corpus into a fresh store, end to end;
  (c) the re-build of that store after 1% of the files changed;
  (d) the same re-build made by `storyline watch`, whose process is up already (worker
      processes with spaCy loaded, the story's inputs in memory) when the files change.

It prints articles/s, words/s, (b)/(a), the re-build time and its share of the
full build, and the peak memory of each subprocess tree (RSS summed over the
process and its children, sampled every 100 ms), as medians over --runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"

# The invented names of the example story, replaced per article (prefix match: "Kestrian" follows "Kestria").
NAMES = ("Valmora", "Kestria", "Selva", "Lisk", "Tomas", "Brandt", "Anna", "Weller", "Irene", "Kovach",
         "Marta", "Ilic", "Lena", "Ortiz", "Peter", "Lund")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
SYLLABLES = ("ka", "lo", "mer", "va", "tin", "dra", "sel", "bo", "ri", "an", "zu", "pel", "gor", "ne", "sta",
             "vi", "ol", "ma", "ren", "tes")
NUMBER = r"(?<![\w.\-/#])\d{1,3}(?:,\d{3})+(?![\w\-])|(?<![\w.\-/#])\d{1,4}(?![\w\-])"
#: A numeric date in a time stamp or a link: 2023-03-14, 2023/03/14, 2023/mar/14.
NUMERIC_DATE = r"(?P<iso_year>\b(?:19|20)\d\d)(?P<sep>[-/])(?P<iso_month>\d\d|[a-z]{3})(?P=sep)(?P<iso_day>\d\d)(?!\d)"
VARIED = re.compile(rf"(?P<month>{'|'.join(MONTHS)}|Feb\.|Jan\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)\s+(?P<day>\d{{1,2}})\b"
                    rf"|{NUMERIC_DATE}|(?P<year>\b(?:19|20)\d\d\b)|(?P<num>{NUMBER})")


# --- the corpus -----------------------------------------------------------------

@dataclass
class Template:
    """An example article split into what stays in place and the body paragraphs that move."""

    suffix: str
    head: str
    body: list[str]
    tail: str
    record: dict[str, Any] | None = None  # JSON Lines: the record whose text is the body


def templates() -> list[Template]:
    """The example articles as templates (each JSON Lines record is one)."""
    out = []
    for path in sorted(EXAMPLES.iterdir()):
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            for line in raw.splitlines():
                if line.strip():
                    record = json.loads(line)
                    out.append(Template(".jsonl", "", record["text"].split("\n\n"), "", record))
        elif path.suffix == ".html":
            found = list(re.finditer(r"<p>.*?</p>", raw, flags=re.S))
            out.append(Template(".html", raw[:found[0].start()], [m.group(0) for m in found],
                                raw[found[-1].end():]))
        else:
            paras = raw.strip().split("\n\n")
            keep = 3 if path.suffix == ".txt" else 2  # title, date (, byline) stay on top
            out.append(Template(path.suffix, "\n\n".join(paras[:keep]) + "\n\n", paras[keep:-1],
                                "\n\n" + paras[-1] + "\n"))
    return out


def render(template: Template, others: list[Template], rng: random.Random) -> str:
    """One new article from `template`: paragraphs shuffled, some borrowed, names/numbers/dates varied."""
    body = list(template.body)
    for other in rng.sample(others, k=rng.randint(0, 2)):
        body += [_as_format(p, template.suffix) for p in other.body]
    rng.shuffle(body)
    if template.record is not None:
        text = json.dumps({**template.record, "text": "\n\n".join(body)}, ensure_ascii=False) + "\n"
    else:
        text = template.head + ("\n    " if template.suffix == ".html" else "\n\n").join(body) + template.tail
    return vary(text, rng)


def _as_format(paragraph: str, suffix: str) -> str:
    plain = re.sub(r"</?p>", "", paragraph).strip()
    return f"<p>{plain}</p>" if suffix == ".html" else plain


def vary(text: str, rng: random.Random) -> str:
    """New names, scaled numbers, another month and day, a shifted year, all consistent within the text."""
    names = {n: _invent(rng) for n in NAMES}
    text = re.sub("|".join(NAMES), lambda m: names[m.group(0)], text)
    text = re.sub("|".join(n.lower() for n in NAMES), lambda m: names[m.group(0).title()].lower(), text)
    months = list(MONTHS)
    shift, years = rng.randrange(12), rng.randint(-12, 1)
    factor = rng.uniform(0.5, 2.0)

    def replace(m: re.Match[str]) -> str:
        if m.group("month"):
            name = m.group("month").rstrip(".")
            index = next(i for i, full in enumerate(MONTHS) if full.startswith(name))
            return f"{months[(index + shift) % 12]} {rng.randint(1, 28)}"
        if m.group("iso_year"):
            return _numeric_date(m, years, shift, rng.randint(1, 28))
        if m.group("year"):
            return str(int(m.group("year")) + years)
        number = m.group("num")
        value = max(1, round(int(number.replace(",", "")) * factor))
        return f"{value:,}" if "," in number else str(value)

    return VARIED.sub(replace, text)


def _numeric_date(m: re.Match[str], years: int, shift: int, day: int) -> str:
    """A time stamp's or link's date moved as the text's dates are: the year shifted, the month
    moved by `shift`, another day (a publication date left alone would put most generated
    articles on a few dozen days, and out of step with the dates in their text)."""
    month = m.group("iso_month")
    short = [name[:3].lower() for name in MONTHS]
    index = short.index(month) if month in short else int(month) - 1
    moved = (index + shift) % 12
    written = short[moved] if month in short else f"{moved + 1:02d}"
    sep = m.group("sep")
    return f"{int(m.group('iso_year')) + years}{sep}{written}{sep}{day:02d}"


def _invent(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()


def write_corpus(folder: Path, n: int, seed: int) -> list[Path]:
    """`n` generated articles, one per file, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    shapes = templates()
    paths = []
    for i in range(n):
        paths.append(write_article(folder, i, shapes, random.Random(f"{seed}:{i}")))
    return paths


def write_article(folder: Path, i: int, shapes: list[Template], rng: random.Random) -> Path:
    """Article number `i` of the corpus, written with the variation `rng` picks."""
    template = shapes[i % len(shapes)]
    path = folder / f"{i:06d}{template.suffix}"
    path.write_text(render(template, [t for t in shapes if t is not template], rng), encoding="utf-8")
    return path


def change_files(folder: Path, paths: list[Path], share: float, seed: int) -> int:
    """Rewrite `share` of the files with new variations; the number changed."""
    shapes = templates()
    rng = random.Random(f"change:{seed}")
    picked = rng.sample(range(len(paths)), k=max(1, round(len(paths) * share)))
    for i in picked:
        write_article(folder, i, shapes, random.Random(f"{seed}:changed:{i}"))
    return len(picked)


def sample_files(folder: Path, n: int, seed: int) -> list[Path]:
    """`n` files of a real folder (all when it has fewer), picked at random but fixed by `seed`, sorted."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    return sorted(random.Random(f"sample:{seed}").sample(files, k=min(n, len(files))))


def copy_sample(folder: Path, into: Path, n: int, seed: int) -> list[Path]:
    """A sample of a real folder's files copied into `into` (same relative paths: folder dates stay)."""
    out = []
    for path in sample_files(folder, n, seed):
        target = into / path.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        out.append(target)
    return out


def append_to_files(paths: list[Path], share: float, seed: int) -> int:
    """Append a line to `share` of the plain-text files (a changed article); the number changed."""
    texts = [p for p in paths if p.suffix in (".txt", ".md")]
    picked = random.Random(f"append:{seed}").sample(texts, k=min(len(texts), max(1, round(len(paths) * share))))
    for path in picked:
        with path.open("a", encoding="utf-8") as f:
            f.write("\n\nThis article was updated with new information.\n")
    return len(picked)


# --- the measured work (run in subprocesses) ----------------------------------------

def work_spacy(corpus: str, jobs: int, batch_size: int) -> dict[str, Any]:
    """(a) bare spaCy over the ingested texts: model load + nlp.pipe, timed."""
    from storyline import nlp
    from storyline.ingest import read_paths
    from storyline.model import Article

    texts = [a.text for a in read_paths([corpus]) if isinstance(a, Article)]
    start = time.perf_counter()
    model = nlp.load()
    tokens = sum(len(doc) for doc in model.pipe(texts, batch_size=batch_size, n_process=jobs))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "articles": len(texts), "words": sum(len(t.split()) for t in texts),
            "tokens": tokens}


def work_build(corpus: str, db: str, jobs: int, batch_size: int) -> dict[str, Any]:
    """(b)/(c) `storyline build` of the corpus into the store `db`, timed."""
    from storyline.build import BuildSettings, build
    from storyline.store import Store

    start = time.perf_counter()
    report = build([corpus], Store(db), BuildSettings(jobs=jobs, batch_size=batch_size))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "parsed": report.parsed, "cached": report.cached,
            "problems": len(report.problems), "stage_errors": len(report.stage_errors),
            "timeline": report.timeline_entries}


def work_watch(corpus: str, db: str, change: str, jobs: int, batch_size: int) -> dict[str, Any]:
    """(d) the re-build `storyline watch` makes: its process up (workers with spaCy loaded, the
    story's inputs in memory) when 1% of the files change. `change`: "generated:SEED" rewrites
    1% of a generated corpus's files, "appended:SEED" appends a line to 1% of a real one's."""
    from storyline.build import BuildSettings
    from storyline.store import Store
    from storyline.watch import Watcher

    how, seed = change.split(":")
    with Watcher([corpus], Store(db), BuildSettings(jobs=jobs, batch_size=batch_size)) as watcher:
        watcher.start()
        folder = Path(corpus)
        paths = sorted(p for p in folder.rglob("*") if p.is_file())
        changed = (change_files(folder, paths, 0.01, int(seed)) if how == "generated"
                   else append_to_files(paths, 0.01, int(seed)))
        done = watcher.build([])
    assert done.report is not None, done.error
    return {"seconds": done.seconds, "parsed": done.report.parsed, "changed": changed,
            "timeline": done.report.timeline_entries}


def run_worker(kind: str, *args: Any) -> dict[str, Any]:
    """Run one measured step in a fresh Python process; its result plus wall time and peak memory."""
    cmd = [sys.executable, __file__, "--worker", kind, *map(str, args)]
    start = time.perf_counter()
    # The measured code is the tree this script is in (also when it is a snapshot outside the checkout).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=ROOT, env=env, text=True)
    peak = PeakRss(proc.pid)
    peak.start()
    out, _ = proc.communicate()
    peak.stop()
    if proc.returncode:
        raise SystemExit(f"{kind} step failed (exit {proc.returncode})")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - start
    result["peak_rss_mb"] = peak.peak / 2**20
    return result


class PeakRss(threading.Thread):
    """Samples the summed RSS of a process and all its descendants until stopped."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak = pid, every, 0
        self._done = threading.Event()

    def run(self) -> None:
        """Sample until `stop`."""
        while not self._done.is_set():
            self.peak = max(self.peak, sum(_rss(p) for p in _tree(self.pid)))
            self._done.wait(self.every)

    def stop(self) -> None:
        """Stop sampling."""
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    """`root` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _rss(pid: int) -> int:
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


# --- the report -----------------------------------------------------------------------

def one_run(n: int, jobs: int, batch_size: int, seed: int, tmp: Path, real: Path | None = None) -> dict[str, Any]:
    """(a), (b) and (c) on a freshly generated corpus, or on a sample of the real folder `real`."""
    corpus = tmp / f"corpus-{seed}"
    if real:
        copy_sample(real, corpus, n, seed)
    else:
        write_corpus(corpus, n, seed)
    bare = run_worker("spacy", corpus, jobs, batch_size)
    db = tmp / f"store-{seed}.db"
    full = run_worker("build", corpus, db, jobs, batch_size)
    warm_db = tmp / f"store-{seed}-watch.db"
    shutil.copy(db, warm_db)  # the stored state after (b): (d) and (c) start from it alike
    warm = run_worker("watch", corpus, warm_db, f"{'appended' if real else 'generated'}:{seed}", jobs, batch_size)
    changed = warm["changed"]  # (d) changed the files in place: (c) re-builds after the same change
    again = run_worker("build", corpus, db, jobs, batch_size)
    if full["parsed"] != bare["articles"] or again["parsed"] != changed or warm["parsed"] != changed:
        print(f"  warning: parsed {full['parsed']} of {bare['articles']} articles; re-builds parsed "
              f"{again['parsed']} and {warm['parsed']} for {changed} changed files", file=sys.stderr)
    return {"bare": bare, "build": full, "rebuild": again, "watch": warm, "changed": changed}


def summarize(runs: list[dict[str, Any]]) -> dict[str, float]:
    """Medians over runs of the figures the report prints."""
    def med(fn: Any) -> float:
        return statistics.median(fn(r) for r in runs)

    return {
        "articles": med(lambda r: r["bare"]["articles"]),
        "words": med(lambda r: r["bare"]["words"]),
        "bare_s": med(lambda r: r["bare"]["seconds"]),
        "build_s": med(lambda r: r["build"]["seconds"]),
        "build_wall_s": med(lambda r: r["build"]["wall"]),
        "ratio": med(lambda r: r["bare"]["seconds"] / r["build"]["seconds"]),
        "rebuild_s": med(lambda r: r["rebuild"]["seconds"]),
        "rebuild_wall_s": med(lambda r: r["rebuild"]["wall"]),
        "rebuild_share": med(lambda r: r["rebuild"]["seconds"] / r["build"]["seconds"]),
        "rebuild_wall_share": med(lambda r: r["rebuild"]["wall"] / r["build"]["wall"]),
        "watch_s": med(lambda r: r["watch"]["seconds"]),
        "watch_share": med(lambda r: r["watch"]["seconds"] / r["build"]["seconds"]),
        "bare_rss_mb": med(lambda r: r["bare"]["peak_rss_mb"]),
        "build_rss_mb": med(lambda r: r["build"]["peak_rss_mb"]),
        "rebuild_rss_mb": med(lambda r: r["rebuild"]["peak_rss_mb"]),
    }


def print_report(s: dict[str, float], runs: int, jobs: int, batch_size: int) -> None:
    """The figures, one per line."""
    n, words = s["articles"], s["words"]
    print(f"commit {_commit()}  ·  {int(n)} articles, {int(words)} words  ·  jobs {jobs}, batch {batch_size}, "
          f"cores {os.cpu_count()}  ·  median of {runs} run(s)")
    print(f"(a) bare spaCy nlp.pipe : {s['bare_s']:7.1f} s  {n / s['bare_s']:7.1f} articles/s  "
          f"{words / s['bare_s']:8.0f} words/s  peak RSS {s['bare_rss_mb']:6.0f} MB")
    print(f"(b) storyline build     : {s['build_s']:7.1f} s  {n / s['build_s']:7.1f} articles/s  "
          f"{words / s['build_s']:8.0f} words/s  peak RSS {s['build_rss_mb']:6.0f} MB "
          f"(wall incl. interpreter start {s['build_wall_s']:.1f} s)")
    print(f"    (b)/(a) throughput  : {s['ratio']:.2f}  (target ≥ 0.70)")
    print(f"(c) re-build, 1% changed: {s['rebuild_s']:7.2f} s  = {100 * s['rebuild_share']:.1f}% of the full build "
          f"(wall {s['rebuild_wall_s']:.1f} s = {100 * s['rebuild_wall_share']:.1f}%; target ≤ 5%)  "
          f"peak RSS {s['rebuild_rss_mb']:6.0f} MB")
    print(f"(d) the same re-build in `storyline watch` (its process up): {s['watch_s']:5.2f} s  = "
          f"{100 * s['watch_share']:.1f}% of the full build")


def rss_only(n: int, jobs: int, batch_size: int, seed: int, tmp: Path) -> None:
    """Peak RSS of full builds of n/10 and n articles."""
    peaks = {}
    for size in (max(1, n // 10), n):
        corpus = tmp / f"rss-{size}"
        write_corpus(corpus, size, seed)
        result = run_worker("build", corpus, tmp / f"rss-{size}.db", jobs, batch_size)
        peaks[size] = result["peak_rss_mb"]
        print(f"build of {size:6d} articles: {result['seconds']:7.1f} s  peak RSS {result['peak_rss_mb']:6.0f} MB",
              flush=True)
    small, big = peaks.values()
    print(f"commit {_commit()}  ·  peak RSS ratio {n} / {max(1, n // 10)} articles: {big / small:.2f} (target ≤ 1.2)")


def work_rebuild_steps(corpus: str, db: str, jobs: int, batch_size: int) -> dict[str, Any]:
    """(c) with its steps timed: the build's story-step calls are wrapped, progress events stamped."""
    import storyline.build as build_module
    from storyline.store import Store

    spent: dict[str, float] = {}

    def timed(owner: Any, name: str, label: str) -> None:
        fn = getattr(owner, name)

        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.perf_counter() - start
        setattr(owner, name, run)

    marks: dict[str, float] = {}
    timed(Store, "extractions", "story: load extractions")
    timed(build_module, "build_story", "story: build")
    timed(Store, "save_story", "story: save")
    start = time.perf_counter()

    def progress(event: str, _n: int) -> None:
        marks.setdefault(event, time.perf_counter() - start)
        marks[f"last {event}"] = time.perf_counter() - start

    build_module.build([corpus], Store(db), build_module.BuildSettings(jobs=jobs, batch_size=batch_size), progress)
    total = time.perf_counter() - start
    steps = {"read the folder": marks.get("last cached", 0.0),
             "parse + store changed": marks.get("redate", total) - marks.get("last cached", 0.0),
             "redate": marks.get("story", total) - marks.get("redate", total)}
    steps.update(spent)
    steps["story: rest"] = total - marks.get("story", total) - sum(spent.values())
    return {"seconds": total, "steps": steps}


def work_floor(_corpus: str, jobs: int, _batch_size: int) -> dict[str, Any]:
    """What a fresh re-build pays before it parses anything, timed as (c) is: importing spaCy
    in this process, then loading the pipeline in `jobs` processes at once (as the workers do)."""
    from concurrent.futures import ProcessPoolExecutor

    from storyline import nlp

    start = time.perf_counter()
    import spacy  # noqa: F401

    imported = time.perf_counter() - start
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_load_model, [nlp.DEFAULT_MODEL] * jobs))
    return {"seconds": time.perf_counter() - start, "import": imported}


def _load_model(model: str) -> None:
    from storyline import nlp

    nlp.load(model)


def rebuild_steps(n: int, jobs: int, batch_size: int, seed: int, tmp: Path, runs: int) -> None:
    """Where a re-build's time goes: one full build, then `runs` re-builds of it, each after
    a different 1 % of the files changed (from the same stored state), each in a fresh process."""
    corpus, pristine, base = tmp / "steps-corpus", tmp / "steps-pristine", tmp / "steps-base.db"
    paths = write_corpus(corpus, n, seed)
    full = run_worker("build", corpus, base, jobs, batch_size)
    shutil.copytree(corpus, pristine)  # copy2: same times, so unchanged files stay unread
    results = []
    for r in range(runs):
        shutil.rmtree(corpus)
        shutil.copytree(pristine, corpus)
        db = tmp / "steps-work.db"
        for old in tmp.glob("steps-work.db*"):
            old.unlink()
        shutil.copy(base, db)
        change_files(corpus, paths, 0.01, seed + r)
        results.append(run_worker("steps", corpus, db, jobs, batch_size))
    print(f"commit {_commit()}  ·  re-build of {n} generated articles, 1% changed, medians of {runs} "
          f"(full build {full['seconds']:.1f} s)")
    for step in results[0]["steps"]:
        seconds = statistics.median(res["steps"][step] for res in results)
        print(f"  {step:28s} {seconds:6.2f} s  ({seconds / full['seconds']:5.1%} of the full build)")
    total = statistics.median(res["seconds"] for res in results)
    print(f"  {'re-build':28s} {total:6.2f} s  ({total / full['seconds']:5.1%})")
    floor = [run_worker("floor", corpus, jobs, batch_size) for _ in range(runs)]
    seconds = statistics.median(f["seconds"] for f in floor)
    imported = statistics.median(f["import"] for f in floor)
    print(f"  fixed cost of a fresh process, in the re-build above: import spaCy {imported:.2f} s, then load "
          f"it in {jobs} workers: {seconds:.2f} s ({seconds / full['seconds']:.1%} of the full build)")


def stage_times(n: int, batch_size: int, seed: int, tmp: Path, real: Path | None = None) -> None:
    """Where the per-article time goes, in one process: ingest, parse, each stage, store, story."""
    from dataclasses import replace

    from storyline import nlp
    from storyline.build import BuildSettings
    from storyline.ingest import read_paths
    from storyline.model import Article
    from storyline.pipeline import check_order, run_stages
    from storyline.store import Store
    from storyline.story import build_story

    corpus = tmp / f"stages-{n}"
    if real:
        copy_sample(real, corpus, n, seed)
    else:
        write_corpus(corpus, n, seed)
    spent: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        def run(*args: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
        return run

    start = time.perf_counter()
    articles = [a for a in read_paths([corpus]) if isinstance(a, Article)]
    spent["ingest (read_paths)"] = time.perf_counter() - start
    model = nlp.load()
    stages = [replace(st, run=timed(f"stage {st.name}", st.run)) for st in check_order(BuildSettings().stages)]
    store = Store(tmp / f"stages-{n}.db")
    parse_start = time.perf_counter()
    docs = list(model.pipe((a.text for a in articles), batch_size=batch_size))
    spent["spaCy parse (nlp.pipe)"] = time.perf_counter() - parse_start
    from storyline.pipeline import Parsed

    for article, doc in zip(articles, docs, strict=True):
        found = timed("sentences + stage runner", run_stages)(Parsed(article, doc), stages)
        timed("store.save", store.save)(article, found)
    spent["sentences + stage runner"] -= sum(v for k, v in spent.items() if k.startswith("stage "))
    timed("story: store.articles + extractions", lambda: (store.articles(), list(store.extractions())))()
    stored = store.articles(), list(store.extractions())
    timed("story: build_story", build_story)(*stored)
    parse = spent["spaCy parse (nlp.pipe)"]
    print(f"commit {_commit()}  ·  {len(articles)} articles ({_corpus_label(real)}), one process; "
          f"ms per article (share of the parse)")
    for name, seconds in spent.items():
        print(f"  {name:38s} {1000 * seconds / len(articles):8.1f} ms  ({seconds / parse:6.1%})")


def _corpus_label(real: Path | None) -> str:
    return f"a sample of {real}" if real else "generated from examples/articles"


def _commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    if not head:
        return "(not a git checkout)"
    dirty = git("status", "--porcelain", "--", "storyline")
    return head + (" + uncommitted changes in storyline/" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus, run the measurements, print the report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1000, help="articles in the generated corpus")
    ap.add_argument("--runs", type=int, default=3, help="runs; medians are reported")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes, for build and spaCy alike")
    ap.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size, for build and spaCy alike")
    ap.add_argument("--seed", type=int, default=1, help="seed of the first run's corpus")
    ap.add_argument("--rss-only", action="store_true", help="only peak RSS of builds of N/10 and N articles")
    ap.add_argument("--stages", action="store_true",
                    help="only where the time goes: ingest, parse, each stage, store, story (one process)")
    ap.add_argument("--rebuild-steps", action="store_true",
                    help="only where a re-build's time goes: read, parse, redate, story load/build/save")
    ap.add_argument("--corpus", type=Path, help="measure on a sample of --n files of this real folder instead")
    ap.add_argument("--json", type=Path, help="also write the medians (and every run) to this file")
    ap.add_argument("--keep", type=Path, help="generate into this folder and keep it (default: a temp folder)")
    ap.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        kind, *rest = args.worker
        workers: dict[str, Callable[..., dict[str, Any]]] = {"spacy": work_spacy, "build": work_build,
                                                               "steps": work_rebuild_steps, "watch": work_watch,
                                                               "floor": work_floor}
        fn = workers[kind]
        print(json.dumps(fn(*rest[:-2], int(rest[-2]), int(rest[-1]))))
        return 0
    sys.path.insert(0, str(ROOT))  # in-process modes measure this tree too
    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as scratch:
        tmp = args.keep or Path(scratch)
        if args.stages:
            stage_times(args.n, args.batch_size, args.seed, tmp, args.corpus)
            return 0
        if args.rebuild_steps:
            rebuild_steps(args.n, args.jobs, args.batch_size, args.seed, tmp, args.runs)
            return 0
        if args.rss_only:
            rss_only(args.n, args.jobs, args.batch_size, args.seed, tmp)
            return 0
        runs = []
        for r in range(args.runs):
            runs.append(one_run(args.n, args.jobs, args.batch_size, args.seed + r, tmp, args.corpus))
            print(f"run {r + 1}: " + json.dumps({k: v if isinstance(v, int) else
                                                 {m: round(x, 2) for m, x in v.items()}
                                                 for k, v in runs[-1].items()}), file=sys.stderr, flush=True)
        summary = summarize(runs)
        print(f"corpus: {_corpus_label(args.corpus)}")
        print_report(summary, args.runs, args.jobs, args.batch_size)
        if args.json:
            args.json.write_text(json.dumps({"summary": summary, "runs": runs, "commit": _commit()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
