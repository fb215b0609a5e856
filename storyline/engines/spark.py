"""The per-article stage as an Apache Spark job (PySpark): input files in, extractions out as Parquet.

    python -m storyline.engines.spark articles/ more.jsonl -o extractions/ --master local[2]
    storyline build --from-extractions extractions/ --db story.db

The job has two map steps:

1. ingest: input files (any format `storyline build` reads: .txt, .md, .html,
   .jsonl, .warc[.gz], plus .parquet files with the JSON Lines fields) are read
   by Spark as binary files, one task per file, and turned into Articles by the
   same readers as `storyline build`;
2. extract: the articles are spread over partitions and each partition runs
   `storyline.build.extract_chunk` (spaCy parse + stages) in one Python worker,
   which loads the spaCy pipeline once and keeps it while Spark reuses the worker.

The result is one Parquet row per distinct article (see `storyline.engines`),
plus one row per unreadable input item with only its `problem` column set
(the JSON of a `BadInput`). Installs with the
optional extra ``storyline[spark]``.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

import click

from storyline.build import BuildSettings, extract_chunk, truncate
from storyline.engines import COLUMNS, article_from_json, to_record
from storyline.model import Article, BadInput

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

log = logging.getLogger(__name__)

#: Input files the ingest step hands to the readers (anything else is reported as a problem).
PARQUET_SUFFIX = ".parquet"

#: Rows per Arrow batch between the JVM and the Python workers: small, so that
#: big input files and long articles do not pile up in a worker's memory.
ARROW_BATCH = 64

INGESTED = "id string, article string, problem string"
#: The job's output: the extractions columns plus `problem` (set only on rows for unreadable input).
OUTPUT_COLUMNS = [*COLUMNS, "problem"]
OUTPUT = ", ".join(f"{c} string" for c in OUTPUT_COLUMNS)


def spark_session(master: str = "local[2]", app_name: str = "storyline",
                  conf: Mapping[str, str] | None = None) -> SparkSession:
    """A Spark session for the job; in local mode bound to loopback only, with no web UI.

    `conf` adds or overrides Spark settings (``spark.executor.memory``, ``spark.archives``...).
    """
    from pyspark.sql import SparkSession

    builder = (SparkSession.builder.appName(app_name).master(master)
               .config("spark.ui.enabled", "false")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH))
               .config("spark.python.worker.reuse", "true"))
    if master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        # The workers must run this interpreter (the one with spaCy), not whatever python3 is on PATH.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = (builder.config("spark.driver.host", "127.0.0.1")
                   .config("spark.driver.bindAddress", "127.0.0.1"))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def run_spark_job(input_paths: Sequence[str | Path], output_dir: str | Path, master: str = "local[2]",
                  settings: BuildSettings | None = None, partitions: int = 0,
                  spark: SparkSession | None = None, conf: Mapping[str, str] | None = None) -> JobReport:
    """Extract every article under `input_paths` with Spark and write the extractions to `output_dir`.

    `input_paths` are files or folders in any filesystem Spark reads (local paths,
    ``hdfs://``, ``s3a://``); `partitions` (0: twice Spark's default parallelism)
    sets how many tasks the extract step is split into; `spark` reuses an open
    session instead of starting (and stopping) one, `conf` adds Spark settings to a new one.
    """
    settings = settings or BuildSettings()
    session = spark or spark_session(master, conf=conf)
    try:
        parts = partitions or 2 * session.sparkContext.defaultParallelism
        # One shuffle: hash-partitioning by id puts every copy of an article in the same task,
        # which keeps the first and drops the rest.
        items = ingest(session, input_paths, settings).repartition(parts, "id")
        extract(items, settings).write.mode("overwrite").parquet(str(output_dir))
        (counts,) = session.read.parquet(str(output_dir)).selectExpr(
            "count(extraction) as articles", "count(problem) as problems").collect()
        return JobReport(articles=int(counts["articles"]), problems=int(counts["problems"]))
    finally:
        if spark is None:
            session.stop()


@dataclasses.dataclass
class JobReport:
    """What a Spark job wrote."""

    articles: int
    problems: int


def ingest(spark: SparkSession, input_paths: Sequence[str | Path], settings: BuildSettings) -> DataFrame:
    """The articles and problems in the input files, as rows (id, article JSON, problem JSON)."""
    files = (spark.read.format("binaryFile").option("recursiveFileLookup", "true")
             .load([str(p) for p in input_paths]).select("path", "content"))
    max_chars = settings.max_chars
    return files.mapInPandas(lambda batches: _ingest_batches(batches, max_chars), INGESTED)


def extract(items: DataFrame, settings: BuildSettings) -> DataFrame:
    """Rows (id, article, extraction, problem): the per-article stages run on each partition.

    Problem rows pass through with only `problem` set.
    """
    return items.mapInPandas(lambda batches: _extract_batches(batches, settings), OUTPUT)


def _ingest_batches(batches: Iterable[pd.DataFrame], max_chars: int) -> Iterator[pd.DataFrame]:
    import pandas as pd

    for batch in batches:
        rows = [row for path, content in zip(batch["path"], batch["content"], strict=True)
                for row in _ingest_file(path, content, max_chars)]
        yield pd.DataFrame(rows, columns=["id", "article", "problem"])


def _ingest_file(uri: str, content: bytes, max_chars: int) -> Iterator[tuple[str | None, str | None, str | None]]:
    """The rows for one input file: it is written to a local scratch file and read by `read_paths`."""
    from storyline.ingest import read_paths

    name = _local_name(uri)
    with tempfile.TemporaryDirectory(prefix="storyline-") as tmp:
        local = Path(tmp) / Path(name).name
        if local.suffix.lower() == PARQUET_SUFFIX:
            local = _parquet_as_jsonl(content, local.with_suffix(".jsonl"))
        else:
            local.write_bytes(content)
        for item in read_paths([local]):
            if isinstance(item, BadInput):
                item.source = item.source.replace(str(local), name)
                yield None, None, json.dumps(dataclasses.asdict(item), ensure_ascii=False)
                continue
            item.source = item.source.replace(str(local), name)
            article = truncate(item, max_chars)
            yield article.id, json.dumps(dataclasses.asdict(article), ensure_ascii=False), None


def _local_name(uri: str) -> str:
    """A local file's path as `storyline build` would name it; other URIs unchanged."""
    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri


def _parquet_as_jsonl(content: bytes, target: Path) -> Path:
    """A Parquet file of articles (JSON Lines fields as columns) rewritten as JSON Lines."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(pa.BufferReader(content))
    with target.open("w", encoding="utf-8") as out:
        for batch in table.to_batches():
            for row in batch.to_pylist():
                out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    return target


def _extract_batches(batches: Iterable[pd.DataFrame], settings: BuildSettings) -> Iterator[pd.DataFrame]:
    """One partition through `extract_chunk`, streamed batch by batch (the model stays loaded)."""
    import pandas as pd

    problems: list[str] = []
    seen: set[str] = set()

    def articles() -> Iterator[Article]:
        for batch in batches:
            for key, text, problem in zip(batch["id"], batch["article"], batch["problem"], strict=True):
                if isinstance(problem, str):
                    problems.append(problem)
                elif key not in seen:
                    seen.add(key)
                    yield article_from_json(text)

    rows: list[dict[str, str | None]] = []
    for article, found in extract_chunk(articles(), settings):
        rows.append({**to_record(article, found), "problem": None})
        if len(rows) >= ARROW_BATCH:
            yield pd.DataFrame(rows, columns=OUTPUT_COLUMNS)
            rows = []
    rows += [{"id": None, "article": None, "extraction": None, "problem": p} for p in problems]
    if rows:
        yield pd.DataFrame(rows, columns=OUTPUT_COLUMNS)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, help="Folder to write the extractions to (Parquet; replaced).")
@click.option("--master", default="local[2]", show_default=True,
              help="Spark master: local[N], spark://host:7077, yarn, k8s://...")
@click.option("--partitions", type=int, default=0, show_default=True,
              help="Tasks for the extract step (0: twice the cluster's default parallelism).")
@click.option("--model", default=BuildSettings.model, show_default=True, help="spaCy pipeline to parse with.")
@click.option("--batch-size", type=int, default=BuildSettings.batch_size, show_default=True,
              help="Texts per spaCy nlp.pipe batch.")
@click.option("--max-chars", type=int, default=BuildSettings.max_chars, show_default=True,
              help="Longest article text parsed (characters).")
@click.option("--conf", "confs", multiple=True, metavar="KEY=VALUE",
              help="A Spark setting, e.g. --conf spark.executor.memory=4g (repeatable).")
def main(inputs: tuple[str, ...], output: str, master: str, partitions: int, model: str, batch_size: int,
         max_chars: int, confs: tuple[str, ...]) -> None:
    """Run the per-article stage of Storyline over INPUTS with Apache Spark; write Parquet to OUTPUT.

    INPUTS are files or folders (local, hdfs://, s3a://...) of .txt, .md, .html,
    .jsonl, .warc(.gz) or .parquet articles. Then build the story on one machine:
    storyline build --from-extractions OUTPUT --db story.db
    """
    settings = BuildSettings(model=model, batch_size=batch_size, max_chars=max_chars)
    bad = [c for c in confs if "=" not in c]
    if bad:
        raise click.BadParameter(f"expected KEY=VALUE, got {bad[0]!r}", param_hint="--conf")
    conf = dict(c.split("=", 1) for c in confs)
    done = run_spark_job(inputs, output, master=master, settings=settings, partitions=partitions, conf=conf)
    click.echo(f"{done.articles} articles extracted to {output}; {done.problems} unreadable input items "
               "(rows with `problem` set)")


if __name__ == "__main__":
    main()
