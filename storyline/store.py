"""One SQLite file is home: articles, per-article extractions, the story, runs.

An article is keyed by the hash of its clean text, and all of an article's
extraction is written in one transaction together with its `extractions` row,
so a build killed at any point leaves either the whole extraction or none of
it, and the next build picks up where it stopped. The file opens as it is in
`sqlite3` and Datasette.
"""

from __future__ import annotations

import hashlib
import json
import operator
import sqlite3
import sys
import types
import typing
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, fields, is_dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from storyline.lazy import import_without
from storyline.model import (
    Article,
    DateEvidence,
    Entity,
    Event,
    Extraction,
    Figure,
    Mention,
    Published,
    Quote,
    Sentence,
    Story,
    TimelineEntry,
    Timex,
)

if TYPE_CHECKING:
    from storyline.timex.tagger import Answer  # what the timex recognizer gave for a sentence

# sqlite-utils imports pandas and numpy, when installed, only to map their scalar types to
# column types; the store never hands it either. That import was most of a second at the
# start of every command (`storyline show` 1.4 s); they are still imported where used.
sqlite_utils = import_without("sqlite_utils", hidden=("pandas", "numpy"))

DEFAULT_DB = "storyline.db"

#: Bump when the stages change what they extract: stored extractions of an
#: older version are redone on the next build.
EXTRACTION_VERSION = 6  # 2: events record their date_source; 3: date evidence of undated articles;
# 4: events record whether they are told in passing (and named deaths are casualties);
# 5: aid, evacuations, seizures and tolls target the article's setting; a toll describing an attack is its size
# 6: no sentence spans a paragraph break (`nlp.PARAGRAPH_BREAKS`)

#: Per-article tables: Extraction field -> (table, record class).
ARTICLE_TABLES: dict[str, tuple[str, type]] = {
    "sentences": ("sentences", Sentence),
    "mentions": ("mentions", Mention),
    "entities": ("local_entities", Entity),
    "timexes": ("timexes", Timex),
    "quotes": ("quotes", Quote),
    "figures": ("figures", Figure),
    "events": ("events", Event),
    "date_evidence": ("date_evidence", DateEvidence),
}

T = TypeVar("T")


def to_row(record: Any) -> dict[str, Any]:
    """A dataclass as a flat row: nested dataclasses, lists and dicts as JSON text."""
    row = {}
    for name in _field_names(type(record)):  # type: ignore[arg-type]  # classes are hashable
        value = getattr(record, name)
        if value is not None and not isinstance(value, str | int | float):
            value = "[]" if value == [] else _to_json(value)  # most lists are empty
        row[name] = value
    return row


def _record_fields(value: Any) -> dict[str, Any]:
    """A record's fields as a dict, for `json.dumps` (what `dataclasses.asdict` gives, one level
    at a time and without its deep copies)."""
    if not is_dataclass(value):
        raise TypeError(f"{type(value).__name__} cannot be stored as JSON")
    return {name: getattr(value, name) for name in _field_names(type(value))}  # type: ignore[arg-type]  # classes are hashable


#: `json.dumps(value, ensure_ascii=False, default=_record_fields)` without a new encoder per call.
#: The C encoder walks lists and dicts; it calls back only for records.
_to_json = json.JSONEncoder(ensure_ascii=False, default=_record_fields).encode


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _decoder(hint: Any) -> Callable[[Any], Any] | None:
    """How to turn a column back into the Python type `hint` names (None: stored as is).

    Worked out once per type: JSON text for lists, dicts and nested records,
    records rebuilt from their dicts, optional types let through as None.
    """
    if hint is bool:
        return bool  # SQLite keeps it as 0 or 1
    if _is_scalar(hint):
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _decoder(inner[0]) if len(inner) == 1 else None
    if origin is list:
        item = _decoder(typing.get_args(hint)[0])
        return _json if item is None else (lambda v: [item(x) for x in _json(v)])
    if origin is dict:
        return _json
    if isinstance(hint, type) and is_dataclass(hint):
        cls: type = hint
        if all(dec is None for dec in _decoders(cls).values()):  # flat: its dict is its fields
            return lambda v: cls(**_json(v)) if isinstance(v, str | dict) else v
        return lambda v: from_row(cls, _json(v)) if isinstance(v, str | dict) else v
    return None


def _json(value: Any) -> Any:
    if value == "[]":  # most lists are empty; json.loads would make this one slowly
        return []
    return json.loads(value) if isinstance(value, str) else value


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    """A dataclass rebuilt from a row written by `to_row` (extra columns ignored)."""
    plan = _decoders(cls)  # type: ignore[arg-type]  # classes are hashable
    return cls(**{k: v if v is None or (dec := plan[k]) is None else dec(v) for k, v in row.items() if k in plan})


def _records(cls: type[T], cursor: sqlite3.Cursor) -> Iterator[tuple[T, tuple[Any, ...]]]:
    """Each row of `cursor` as a `cls` record, with the raw row: `from_row` for a whole query,
    without a dict per row (loading a story's extractions builds tens of thousands)."""
    plan = _decoders(cls)  # type: ignore[arg-type]  # classes are hashable
    names = [d[0] for d in cursor.description]
    kept = [i for i, name in enumerate(names) if name in plan]
    keys = [names[i] for i in kept]
    pick = operator.itemgetter(*kept)
    decoded = [(names[i], dec) for i in kept if (dec := plan[names[i]]) is not None]
    shared = [name for name in keys if name in _REPEATED]
    for row in cursor:
        fields_ = dict(zip(keys, pick(row), strict=True))
        for name, dec in decoded:
            if (value := fields_[name]) is not None:
                fields_[name] = dec(value)
        for name in shared:
            if isinstance(value := fields_[name], str):
                fields_[name] = sys.intern(value)
        yield cls(**fields_), row


#: Columns whose few values recur in row after row (an article's id in each of its records, a
#: type, a status): loaded as one shared string each, not one per row (tens of MB on large stories).
_REPEATED = frozenset({"article", "type", "status", "qualifier", "unit", "counted", "date_source", "role",
                       "kind", "plover"})


@cache
def _decoders(cls: type) -> dict[str, Callable[[Any], Any] | None]:
    """Per field of `cls`, how to decode its column (None: stored as is). Worked out once per class."""
    hints = typing.get_type_hints(cls)
    return {f.name: _decoder(hints[f.name]) for f in fields(cls)}


def _published(cls: type) -> Callable[[Any], Any]:
    """The decoder of a record's `published` column (a Published as JSON)."""
    decode = _decoders(cls)["published"]
    assert decode is not None
    return decode


def _is_scalar(hint: Any) -> bool:
    args = typing.get_args(hint) if typing.get_origin(hint) in (typing.Union, types.UnionType) else (hint,)
    return all(a in (str, int, float, bool, type(None)) for a in args)


class StoreLocked(RuntimeError):
    """Another process holds the store for longer than we were willing to wait."""


class Store:
    """The SQLite store behind a build, the exports and the web app."""

    def __init__(self, path: str | Path = DEFAULT_DB, timeout: float = 60.0, readonly: bool = False):
        self.path = Path(path)
        if readonly:
            if not self.path.exists():
                raise FileNotFoundError(f"no store at {self.path}: run `storyline build` first")
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=timeout,
                                   check_same_thread=False)
        else:
            conn = sqlite3.connect(str(self.path), timeout=timeout)
            conn.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a killed process never corrupts or half-writes (each article is one
            # transaction); only a power cut may lose the last few commits, which the next build redoes.
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        self.db = sqlite_utils.Database(conn)
        if not readonly:
            self.migrate()

    # --- schema ---------------------------------------------------------------
    def migrate(self) -> None:
        """Create the tables and indexes that do not exist yet (idempotent, all or nothing)."""
        db = self.db
        with self._immediate():
            db.table("articles").create(
                {"id": str, "source": str, "url": str, "outlet": str, "title": str, "byline": str,
                 "published": str, "text": str, "links": str, "provenance": str, "notes": str},
                pk="id", if_not_exists=True)
            db.table("articles").create_index(["source"], if_not_exists=True)
            db.table("extractions").create(
                {"article": str, "version": int, "published": str, "built": str},
                pk="article", if_not_exists=True)
            for _field, (table, cls) in ARTICLE_TABLES.items():
                cols = {f.name: _sql_type(f.type) for f in fields(cls)}
                db.table(table).create(cols, if_not_exists=True)
                db.table(table).create_index(["article"], if_not_exists=True)
                self._add_missing_columns(table, cols)
            db.table("entities").create({f.name: _sql_type(f.type) for f in fields(Entity)}, pk="id",
                                  if_not_exists=True)
            db.table("entity_map").create({"local": str, "entity": str}, pk="local", if_not_exists=True)
            db.table("timeline").create({f.name: _sql_type(f.type) for f in fields(TimelineEntry)}, pk="id",
                                  if_not_exists=True)
            db.table("story_extra").create({"key": str, "value": str}, pk="key", if_not_exists=True)
            db.table("build_state").create({"key": str, "value": str}, pk="key", if_not_exists=True)
            db.table("files").create({"path": str, "size": int, "mtime_ns": int, "articles": str}, pk="path",
                                     if_not_exists=True)
            db.table("recognized").create({"sentence": str, "ref": str, "matches": str}, pk=("sentence", "ref"),
                                          if_not_exists=True)
            self._enable_search()
            db.table("runs").create(
                {"id": int, "started": str, "finished": str, "command": str, "settings": str,
                 "versions": str, "summary": str}, pk="id", if_not_exists=True)
            db.table("problems").create({"run": int, "source": str, "line": int, "reason": str},
                                  if_not_exists=True)

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """One write transaction, taken at once.

        Python's sqlite3 commits each CREATE on its own, so a build killed while writing the
        schema left half of it; BEGIN IMMEDIATE also keeps two builds from interleaving it.
        """
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _add_missing_columns(self, table: str, cols: dict[str, type]) -> None:
        """Columns a newer model added to a record (a store written by an older version)."""
        have = set(self.db.table(table).columns_dict)
        for name, kind in cols.items():
            if name not in have:
                self.db.table(table).add_column(name, kind)

    def _enable_search(self) -> None:
        for table, cols in (("articles", ["title", "text"]), ("quotes", ["content", "speaker_text"])):
            if not self.db.table(table).detect_fts():
                self.db.table(table).enable_fts(cols, create_triggers=True, tokenize="porter")

    # --- per-article ----------------------------------------------------------
    def is_extracted(self, article_id: str) -> bool:
        """Whether the article's whole extraction (of the current version) is stored."""
        row = self.db.execute(
            "select version from extractions where article = ?", [article_id]).fetchone()
        return bool(row) and row[0] == EXTRACTION_VERSION

    def save(self, article: Article, found: Extraction) -> None:
        """Store one article and its whole extraction atomically (replacing any older one).

        An older article read from the same source with other text is replaced.
        """
        with self.db.atomic():
            stale = [r[0] for r in self.db.execute(
                "select id from articles where source = ? and id != ?", [article.source, article.id])]
            for old in [*stale, article.id]:
                self._delete_article(old)
            self._insert("articles", [to_row(article)])
            for name, (table, _cls) in ARTICLE_TABLES.items():
                self._insert(table, [to_row(r) for r in getattr(found, name)])
            self._insert("extractions", [{
                "article": article.id, "version": EXTRACTION_VERSION,
                "published": json.dumps(asdict(found.published)) if found.published else None,
                "built": _now("microseconds")}])  # a stamp: two saves of one article never share it

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert rows that share their keys, in one statement (no per-row work by sqlite-utils)."""
        if not rows:
            return
        cols = list(rows[0])
        sql = f"insert into [{table}] ({', '.join(f'[{c}]' for c in cols)}) values ({', '.join('?' * len(cols))})"
        self.db.conn.executemany(sql, [tuple(r[c] for c in cols) for r in rows])

    def _delete_article(self, article_id: str) -> None:
        for table, _cls in ARTICLE_TABLES.values():
            self.db.execute(f"delete from [{table}] where article = ?", [article_id])
        self.db.execute("delete from extractions where article = ?", [article_id])
        self.db.execute("delete from articles where id = ?", [article_id])

    def articles(self, text: bool = True) -> list[Article]:
        """Every stored article whose extraction is complete, in source order (`text=False`: bodies left empty)."""
        cols = "a.*" if text else ", ".join(f"a.[{n}]" for n in _field_names(Article) if n != "text")
        sql = f"select {cols} from articles a join extractions x on x.article = a.id order by a.source, a.id"
        return [from_row(Article, {"text": "", **r}) for r in self.db.query(sql)]

    def stated_dates(self) -> Iterator[Published | None]:
        """The publication date each complete article states (None where it states none)."""
        decode = _published(Article)
        sql = "select a.published from articles a join extractions x on x.article = a.id"
        for (published,) in self.db.execute(sql):
            yield decode(published)

    def published_of(self, article_id: str) -> Published | None:
        """A stored article's publication date as ingest found it (None: undated or not stored)."""
        row = self.db.execute("select published from articles where id = ?", [article_id]).fetchone()
        return _published(Article)(row[0]) if row and row[0] else None

    def article(self, article_id: str) -> Article:
        """One stored article (KeyError when there is none)."""
        row = next(self.db.query("select * from articles where id = ?", [article_id]), None)
        if row is None:
            raise KeyError(article_id)
        return from_row(Article, row)

    def extractions(self, only: Collection[str] | None = None,
                    ids: Collection[str] | None = None) -> list[Extraction]:
        """The stored extraction of every complete article, in the order of `articles()`.

        `only` names the Extraction lists to load (default all; the rest stay empty);
        `ids`, the articles (default all). One pass over each table (an article's rows
        are contiguous in rowid order, as `save` writes them in one transaction), not
        one query per article.
        """
        found = {a.id: Extraction(article=a.id) for a in self.articles(text=False)
                 if ids is None or a.id in ids}
        where = "" if ids is None else "where article in (select value from json_each(?))"
        args = [] if ids is None else [json.dumps(sorted(found))]
        for name, (table, cls) in ARTICLE_TABLES.items():
            if only is not None and name not in only:
                continue
            cursor = self.db.conn.execute(f"select * from [{table}] {where} order by rowid", args)
            at = next(i for i, d in enumerate(cursor.description) if d[0] == "article")
            records: Iterator[tuple[Any, tuple[Any, ...]]] = _records(cls, cursor)
            for record, row in records:
                if (x := found.get(row[at])) is not None:
                    getattr(x, name).append(record)
        decode = _published(Extraction)
        for article_id, published in self.db.execute("select article, published from extractions"):
            if published and (x := found.get(article_id)) is not None:
                x.published = decode(published)
        return list(found.values())

    def extraction(self, article_id: str, only: Collection[str] | None = None) -> Extraction:
        """One article's stored extraction (`only`: just those lists, as in `extractions`)."""
        found = Extraction(article=article_id)
        for name, (table, cls) in ARTICLE_TABLES.items():
            if only is not None and name not in only:
                continue
            rows = self.db.query(f"select * from [{table}] where article = ? order by rowid", [article_id])
            setattr(found, name, [from_row(cls, r) for r in rows])
        row = self.db.execute("select published from extractions where article = ?", [article_id]).fetchone()
        if row and row[0]:
            found.published = _published(Extraction)(row[0])
        return found

    # --- input files ------------------------------------------------------------
    def unchanged_file(self, path: str, size: int, mtime_ns: int) -> list[str] | None:
        """The ids of a file's articles when it is unchanged since they were all stored, else None.

        None as well when any of them is missing or of an older extraction version,
        so a killed build or a version bump makes the file be read again.
        """
        row = next(self.db.query("select * from files where path = ?", [path]), None)
        if row is None or (row["size"], row["mtime_ns"]) != (size, mtime_ns):
            return None
        ids: list[str] = json.loads(row["articles"])
        return ids if all(self.is_extracted(i) for i in ids) else None

    def remember_file(self, path: str, size: int, mtime_ns: int, article_ids: list[str]) -> None:
        """Record a file read whole without problems, with the ids of its articles."""
        with self.db.atomic():  # one statement: sqlite-utils' upsert reads the schema each time
            self.db.execute("insert or replace into files (path, size, mtime_ns, articles) values (?, ?, ?, ?)",
                            [path, size, mtime_ns, json.dumps(article_ids)])

    # --- the story --------------------------------------------------------------
    def extraction_stamps(self) -> str:
        """A fingerprint of every stored extraction (article, version, time built, date): it
        changes whenever an article is added, replaced or re-dated."""
        digest = hashlib.sha256()
        for article, stamp in sorted(self.extraction_stamp_rows().items()):
            digest.update(json.dumps([article, *stamp]).encode())
        return digest.hexdigest()

    def extraction_stamp_rows(self) -> dict[str, tuple[Any, ...]]:
        """By article, what changes whenever its extraction is stored again (version, time
        built to the microsecond, date): `save` is the only writer, and it writes all three."""
        return {row[0]: tuple(row[1:]) for row in
                self.db.execute("select article, version, built, published from extractions")}

    def story_inputs(self) -> str | None:
        """What the stored story was built from, as `save_story` was told (None: not known)."""
        return self.build_state("story_fingerprint")

    def build_state(self, key: str) -> Any:
        """A value a build kept for the next one (`keep_build_state`), or None."""
        row = self.db.execute("select value from build_state where key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else None

    # --- the timex recognizer's answers ------------------------------------------
    def recognized(self, sentence: str, ref: datetime) -> list[Answer]:
        """What the recognizer gave for `sentence` in earlier builds (`save_recognized`): under
        the reference date `ref` first, if it was asked under it, then under the others."""
        rows = self.db.execute("select ref, matches from recognized where sentence = ?",
                               [_sentence_key(sentence)]).fetchall()
        wanted = ref.isoformat()
        rows.sort(key=lambda row: row[0] != wanted)
        return [(datetime.fromisoformat(stored), tuple((a, b, kind, v) for a, b, kind, v in json.loads(matches)))
                for stored, matches in rows]

    def save_recognized(self, answers: Iterable[tuple[str, Answer]]) -> None:
        """Keep the recognizer's answers (sentence, (reference date, matches)) for later builds."""
        rows = [(_sentence_key(s), ref.isoformat(), json.dumps(m)) for s, (ref, m) in answers]
        if rows:
            with self.db.atomic():
                self.db.conn.executemany(
                    "insert or replace into recognized (sentence, ref, matches) values (?, ?, ?)", rows)

    def forget_recognized_unless(self, version: str) -> None:
        """Drop the kept answers if another version of the recognizer gave them."""
        if self.build_state("recognizer") != version:
            with self.db.atomic():
                self.db.execute("delete from recognized")
            self.keep_build_state("recognizer", version)

    def keep_build_state(self, key: str, value: Any) -> None:
        """Keep a JSON value for the next build (the dated events the redate step saw, ...)."""
        with self.db.atomic():
            self.db.table("build_state").upsert({"key": key, "value": json.dumps(value)}, pk="key")

    def timeline_size(self) -> int:
        """The number of entries in the stored timeline."""
        return int(self.db.execute("select count(*) from timeline").fetchone()[0])

    def save_story(self, story: Story, inputs: str | None = None) -> None:
        """Replace the stored story (global entities, id map, timeline) in one transaction.

        `inputs` fingerprints what it was built from (see `story_inputs`).
        """
        with self.db.atomic():
            for table in ("entities", "entity_map", "timeline", "story_extra"):
                self.db.execute(f"delete from [{table}]")
            self.keep_build_state("story_fingerprint", inputs)
            self._insert("entities", [to_row(e) for e in story.entities])
            self._insert("entity_map", [{"local": k, "entity": v} for k, v in story.entity_map.items()])
            self._insert("timeline", [to_row(t) for t in story.timeline])
            self._insert("story_extra",
                [{"key": k, "value": json.dumps(v, ensure_ascii=False)} for k, v in story.extra.items()])

    def story(self) -> Story:
        """The stored story, with its articles and extractions."""
        articles = self.articles()
        extractions = self.extractions()
        entities = [from_row(Entity, r) for r in self.db.query("select * from entities order by rowid")]
        mapping = {r["local"]: r["entity"] for r in self.db.query("select * from entity_map")}
        timeline = [from_row(TimelineEntry, r) for r in self.db.query("select * from timeline order by rowid")]
        extra = {r["key"]: json.loads(r["value"]) for r in self.db.query("select * from story_extra")}
        return Story(articles, extractions, entities, timeline, mapping, extra)

    # --- runs -------------------------------------------------------------------
    def start_run(self, command: str, settings: dict[str, Any], versions: dict[str, str]) -> int:
        """Record the start of a build with its settings and package versions."""
        with self.db.atomic():
            table = self.db.table("runs")
            table.insert({"started": _now(), "command": command, "settings": json.dumps(settings),
                          "versions": json.dumps(versions)})
            return int(table.last_pk or 0)

    def finish_run(self, run: int, summary: dict[str, Any]) -> None:
        """Record how a build ended."""
        with self.db.atomic():
            self.db.table("runs").update(run, {"finished": _now(), "summary": json.dumps(summary)})

    def add_problem(self, run: int, source: str, reason: str, line: int | None = None) -> None:
        """Record a bad input item reported during `run`."""
        with self.db.atomic():
            self.db.table("problems").insert({"run": run, "source": source, "line": line, "reason": reason})

    def close(self) -> None:
        """Close the connection."""
        self.db.conn.close()


def _sql_type(hint: Any) -> type:
    text = str(hint)
    if text.startswith(("int", "bool")):
        return int
    if text.startswith("float"):
        return float
    return str


def _sentence_key(sentence: str) -> str:
    """A sentence's key in `recognized`: its hash (the sentence itself is in the articles)."""
    return hashlib.blake2b(sentence.encode("utf-8"), digest_size=16).hexdigest()


def _now(timespec: str = "seconds") -> str:
    return datetime.now(UTC).isoformat(timespec=timespec)
