"""The extractions Parquet layout and the Spark job's ingest step, without starting Spark."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from storyline.build import BuildSettings, build, build_from_extractions, extract_chunk
from storyline.engines import read_extractions, write_extractions
from storyline.engines.spark import _ingest_file, main
from storyline.export.contract import story_to_dict
from storyline.ingest import read_paths
from storyline.model import Article
from storyline.store import Store

RECORDS = [
    {"title": "Port reopens after storm", "url": "https://example.org/port", "published": "2024-02-01",
     "text": "The port of Amberley reopened on Thursday after a storm closed it for three days, "
             "harbour officials said."},
    {"title": "Ferries resume", "published": "2024-02-02",
     "text": "Ferry services to the islands resumed on Friday, the operator said."},
]


def _story(db: Path) -> dict:
    store = Store(db)
    try:
        return story_to_dict(store.story())
    finally:
        store.close()


def test_extractions_round_trip_through_parquet(examples_dir: Path, tmp_path: Path) -> None:
    articles = [a for a in read_paths([examples_dir / "articles"]) if isinstance(a, Article)]
    pairs = list(extract_chunk(articles, BuildSettings()))
    assert write_extractions(pairs, tmp_path / "out" / "part-0.parquet", rows_per_group=2) == len(pairs)
    (tmp_path / "out" / "_SUCCESS").write_text("")
    back = list(read_extractions(tmp_path / "out"))
    assert back == pairs
    assert any(found.timexes for _a, found in back)


def test_story_from_extractions_equals_plain_build(examples_dir: Path, tmp_path: Path) -> None:
    folder = (examples_dir / "articles").resolve()
    build([folder], Store(tmp_path / "plain.db"))
    articles = [a for a in read_paths([folder]) if isinstance(a, Article)]
    write_extractions(extract_chunk(articles, BuildSettings()), tmp_path / "out" / "x.parquet")
    report = build_from_extractions(read_extractions(tmp_path / "out"), Store(tmp_path / "from.db"))
    assert report.parsed == len(articles)
    assert _story(tmp_path / "from.db") == _story(tmp_path / "plain.db")


def test_ingest_reads_jsonl_under_its_own_name(tmp_path: Path) -> None:
    data = ("\n".join(json.dumps(r) for r in RECORDS) + "\n{broken\n").encode()
    rows = list(_ingest_file("file:///data/wire%20copy.jsonl", data, 100_000))
    articles = [json.loads(a) for _id, a, _p in rows if a]
    problems = [json.loads(p) for _id, _a, p in rows if p]
    assert [a["source"] for a in articles] == ["/data/wire copy.jsonl:1", "/data/wire copy.jsonl:2"]
    assert articles[0]["title"] == "Port reopens after storm"
    assert problems == [{"source": "/data/wire copy.jsonl", "reason": problems[0]["reason"], "line": 3}]


def test_ingest_reads_parquet_rows_as_json_lines_records(tmp_path: Path) -> None:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pylist(RECORDS), sink)
    rows = list(_ingest_file("s3a://bucket/news/day.parquet", sink.getvalue().to_pybytes(), 100_000))
    sources = [json.loads(a)["source"] for _id, a, _p in rows]
    assert sources == ["s3a://bucket/news/day.parquet:1", "s3a://bucket/news/day.parquet:2"]
    plain = [a for a in read_paths([_as_jsonl(tmp_path)]) if isinstance(a, Article)]
    assert [key for key, _a, _p in rows] == [a.id for a in plain]


def _as_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "same.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n")
    return path


def test_ingest_truncates_long_texts_like_build() -> None:
    record = {"title": "Long", "text": ("The council met on Monday and voted. " * 40).strip()}
    ((_id, article, _p),) = _ingest_file("/x/long.jsonl", json.dumps(record).encode(), 300)
    found = json.loads(article)
    assert len(found["text"]) <= 300
    assert any("truncated" in note for note in found["notes"])


def test_job_command_has_help() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "--master" in result.output and "--from-extractions" in result.output
