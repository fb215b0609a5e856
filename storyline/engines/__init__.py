"""Running the per-article stage elsewhere, and reading back what it produced.

A distributed job (``storyline.engines.spark``) writes one Parquet row per
article: its id, the Article as JSON and its Extraction as JSON (the JSON of
`dataclasses.asdict`). `read_extractions` streams those rows back as
dataclasses for ``storyline build --from-extractions DIR``. This module needs
only pyarrow, so reading works without Spark installed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from storyline.model import Article, Extraction
from storyline.store import from_row

#: The columns of an extractions row, in order.
COLUMNS = ("id", "article", "extraction")

#: The Arrow schema of an extractions file.
SCHEMA = pa.schema([(name, pa.string()) for name in COLUMNS])


def to_record(article: Article, found: Extraction) -> dict[str, str]:
    """One article and its extraction as an extractions row."""
    return {"id": article.id,
            "article": json.dumps(asdict(article), ensure_ascii=False),
            "extraction": json.dumps(asdict(found), ensure_ascii=False)}


def from_record(row: dict[str, Any]) -> tuple[Article, Extraction]:
    """The article and extraction of an extractions row written by `to_record`."""
    return article_from_json(row["article"]), from_row(Extraction, json.loads(row["extraction"]))


def article_from_json(text: str) -> Article:
    """An Article from the JSON of `dataclasses.asdict(article)`."""
    return from_row(Article, json.loads(text))


def read_extractions(folder: Path) -> Iterator[tuple[Article, Extraction]]:
    """The (article, extraction) pairs in the Parquet files under `folder`, streamed.

    Rows without an extraction (the Spark job's rows for unreadable input) are
    skipped, and so are files whose names start with ``_`` or ``.`` (``_SUCCESS``).
    """
    files = ds.dataset(str(folder), format="parquet", schema=SCHEMA)
    for batch in files.to_batches(columns=list(COLUMNS), filter=ds.field("extraction").is_valid(),
                                  batch_size=256):
        for row in batch.to_pylist():
            yield from_record(row)


def write_extractions(pairs: Iterable[tuple[Article, Extraction]], path: Path, rows_per_group: int = 256) -> int:
    """Write pairs to one Parquet file in the layout `read_extractions` reads; the number written.

    For jobs that run without Spark (tests, a single machine exporting its extractions).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with pq.ParquetWriter(str(path), SCHEMA) as out:
        batch: list[dict[str, str]] = []
        for article, found in pairs:
            batch.append(to_record(article, found))
            if len(batch) >= rows_per_group:
                out.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
                written += len(batch)
                batch = []
        if batch:
            out.write_table(pa.Table.from_pylist(batch, schema=SCHEMA))
            written += len(batch)
    return written
