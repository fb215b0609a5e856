"""The per-article pipeline: small stages over one parsed article.

Each stage says what it needs and which `Extraction` field it adds; the
pipeline checks the order before it runs anything (like stanza's processor
requirements). A stage is a plain function ``run(parsed, found)`` that returns
the value for its field. Stages live in the `STAGES` registry, a plain dict,
so a user can add one without touching the core.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from storyline.model import Article, DateEvidence, Extraction, Published, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from storyline.timex.infer import DatedIndex

log = logging.getLogger(__name__)
T = TypeVar("T")

#: What every stage can count on: the article and its parsed Doc.
BASE_FEATURES = frozenset({"article", "doc", "sentences", "ents"})


@dataclass
class Parsed:
    """One article with its spaCy Doc: the object every stage reads."""

    article: Article
    doc: Doc
    #: A date found for an undated article outside its own text (from events other
    #: articles of the build date); the `published` stage prefers it.
    dated_elsewhere: Published | None = None
    #: What the article says about its date, when an earlier extraction read it (a re-extraction
    #: with a date found elsewhere): the `date_evidence` stage keeps it rather than read it again.
    date_evidence: DateEvidence | None = None
    #: Events other articles date (an undated article extracted after the dated ones of its
    #: build): the `published` stage dates the article by them as the redate step would.
    dated_events: DatedIndex | None = None

    def published(self, found: Extraction) -> Published | None:
        """The article's stated date, else the one the pipeline inferred."""
        return self.article.published or found.published


StageFn = Callable[[Parsed, Extraction], Any]


@dataclass(frozen=True)
class Stage:
    """A registered per-article stage."""

    name: str
    needs: tuple[str, ...]
    adds: str  # the Extraction field the stage's return value fills
    run: StageFn


#: The registry. Built-in stages register themselves in `storyline.stages`.
STAGES: dict[str, Stage] = {}


def register(name: str, needs: Iterable[str], adds: str) -> Callable[[StageFn], StageFn]:
    """Decorator: add a stage function to the registry under `name`."""

    def wrap(fn: StageFn) -> StageFn:
        STAGES[name] = Stage(name, tuple(needs), adds, fn)
        return fn

    return wrap


class PipelineError(ValueError):
    """The stage list cannot run as given (unknown stage or unmet needs)."""


def check_order(names: Iterable[str]) -> list[Stage]:
    """The stages for `names`, after checking each one's needs are met before it."""
    have = set(BASE_FEATURES)
    stages, problems = [], []
    for name in names:
        stage = STAGES.get(name)
        if stage is None:
            problems.append(f"unknown stage {name!r} (known: {', '.join(sorted(STAGES))})")
            continue
        missing = [n for n in stage.needs if n not in have]
        if missing:
            problems.append(f"stage {name!r} needs {', '.join(missing)}, which no earlier stage adds")
        have.add(stage.adds)
        stages.append(stage)
    if problems:
        raise PipelineError("; ".join(problems))
    return stages


def once_per_doc(doc: Doc, key: str, make: Callable[[Doc], T]) -> T:
    """`make(doc)`, worked out once per Doc and kept in spaCy's scratch space on it
    (`doc.user_data`): for what several stages read and none changes. The value must not
    hold the Doc (no Span, no Token): that would make a reference cycle, and the Doc would
    outlive its article until the cyclic garbage collector runs."""
    if key not in doc.user_data:
        doc.user_data[key] = make(doc)
    value: T = doc.user_data[key]
    return value


def doc_text(doc: Doc) -> str:
    """The Doc's text, joined once (spaCy joins every token again on each `doc.text`)."""
    return once_per_doc(doc, "storyline.text", lambda d: d.text)


def span_text(span: Span) -> str:
    """`span.text`, cut from the Doc's text joined once (`Span.text` makes a Token per word)."""
    return doc_text(span.doc)[span.start_char:span.end_char]


def sentences_of(parsed: Parsed) -> list[Sentence]:
    """The Doc's sentences as records."""
    aid = parsed.article.id
    return [
        Sentence(aid, i, s.start_char, s.end_char, span_text(s)) for i, s in enumerate(parsed.doc.sents)
    ]


def run_stages(parsed: Parsed, stages: list[Stage]) -> Extraction:
    """Run `stages` in order over one parsed article.

    A failing stage is logged with the article and the stage, and its field is
    left empty: one bad stage never loses the rest of the article.
    """
    found = Extraction(article=parsed.article.id, sentences=sentences_of(parsed))
    for stage in stages:
        try:
            setattr(found, stage.adds, stage.run(parsed, found))
        except Exception as exc:  # noqa: BLE001 - a stage bug must not stop the build
            msg = f"stage {stage.name} failed on {parsed.article.source}: {exc!r}"
            log.info(msg)  # the build summary reports it; -v shows it as it happens
            parsed.article.notes.append(msg)
    return found
