"""Shared fixtures: the spaCy pipeline loaded once, parsing helpers, example data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.language import Language

from storyline import nlp
from storyline.model import Extraction
from storyline.pipeline import Parsed, check_order, run_stages

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--browser", action="store_true", help="also run the Chromium browser tests")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--browser"):
        return
    skip = pytest.mark.skip(reason="browser test: run with --browser")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def spacy_nlp() -> Language:
    """The default spaCy pipeline, loaded once for the whole test run."""
    return nlp.load()


@pytest.fixture
def parse() -> Callable[..., Parsed]:
    """parse(text, published="2021-11-18") -> Parsed, for stage tests on real sentences."""
    return nlp.parse_text


@pytest.fixture
def extract() -> Callable[..., Extraction]:
    """extract(text, published=..., stages=(...)) -> Extraction: run stages on one text."""
    from storyline.stages import DEFAULT_STAGES

    def run(text: str, published: str | None = "2021-11-18", stages: tuple[str, ...] = DEFAULT_STAGES) -> Extraction:
        return run_stages(nlp.parse_text(text, published), check_order(stages))

    return run


@pytest.fixture
def examples_dir() -> Path:
    """The example articles shipped with the repo (an invented story)."""
    return EXAMPLES
