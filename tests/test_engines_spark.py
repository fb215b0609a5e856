"""The Spark job (local[2]) on the example articles yields the same story as the plain build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storyline.build import build, build_from_extractions
from storyline.engines import read_extractions
from storyline.export.contract import story_to_dict
from storyline.store import Store

pyspark = pytest.importorskip(
    "pyspark", reason="pyspark is not installed (optional extra: pip install 'storyline[spark]')")

pytestmark = [pytest.mark.slow,
              pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")]


def _story(db: Path) -> dict:
    store = Store(db)
    try:
        return story_to_dict(store.story())
    finally:
        store.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example articles plus one unreadable JSON Lines file."""
    here = Path(__file__).resolve().parent.parent / "examples" / "articles"
    folder = tmp_path_factory.mktemp("corpus") / "articles"
    shutil.copytree(here, folder)
    (folder / "zz-broken.jsonl").write_text('{"title": "no text field"}\n')
    return folder


def test_spark_job_story_equals_plain_build(corpus: Path, tmp_path: Path) -> None:
    from storyline.engines.spark import run_spark_job

    plain = build([corpus], Store(tmp_path / "plain.db"))
    done = run_spark_job([corpus], tmp_path / "extractions", master="local[2]", partitions=2)
    assert (done.articles, done.problems) == (plain.parsed, len(plain.problems)) == (5, 1)
    report = build_from_extractions(read_extractions(tmp_path / "extractions"), Store(tmp_path / "spark.db"))
    assert report.parsed == plain.parsed
    spark_story, plain_story = _story(tmp_path / "spark.db"), _story(tmp_path / "plain.db")
    assert spark_story["timeline"] == plain_story["timeline"]
    assert spark_story == plain_story
