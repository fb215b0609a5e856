"""Markdown markup stripped from a line of text, keeping the words and collecting the links.

Inline markup (emphasis, links, autolinks, images, code) goes through
markdown-it-py's CommonMark parser; block markers (headings, quotes, bullets)
are per line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
BLOCK_MARKER = re.compile(r"^\s{0,3}(?:>\s?)+|^\s{0,3}(?:[-+•]|\*(?=\s))\s+")
SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
#: What starts inline markup in CommonMark (escapes, code, emphasis, entities, autolinks,
#: links and images) or a line break: a line with none of them is its own text.
INLINE_MARKUP = re.compile(r"[\\`*_&<\[\n]")


@dataclass
class Line:
    """One line with its markup removed."""

    text: str
    heading: bool = False
    links: list[str] = field(default_factory=list)
    link_only: bool = False  # the whole line was one link (a related-article list item)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def normalize(text: str) -> str:
    """Unicode NFC, one kind of newline, no invisible or control characters."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return CONTROL.sub("", INVISIBLE.sub("", text))


def squash(text: str) -> str:
    """Runs of white space folded to one space, ends trimmed."""
    return SPACES.sub(" ", text).strip()


def strip_line(raw: str, markdown: bool = True) -> Line:
    """The words of one line without Markdown markup, and the links it held."""
    if not markdown:
        return Line(squash(raw))
    heading = HEADING.match(raw)
    body = heading.group(2) if heading else BLOCK_MARKER.sub("", raw)
    text, links, link_only = _inline(body)
    return Line(squash(text), heading=bool(heading), links=links, link_only=link_only)


def _inline(text: str) -> tuple[str, list[str], bool]:
    if not INLINE_MARKUP.search(text):  # most lines: markdown-it would give the text back
        return text, [], False
    tokens = _parser().parseInline(text)[0].children or []
    out: list[str] = []
    links: list[str] = []
    depth, outside = 0, ""
    for tok in tokens:
        if tok.type == "link_open":
            depth += 1
            href = str(tok.attrs.get("href", ""))
            if href.startswith(("http://", "https://")):
                links.append(href)
        elif tok.type == "link_close":
            depth -= 1
        elif tok.type in ("text", "code_inline"):
            out.append(tok.content)
            outside += tok.content if depth == 0 else ""
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
    link_only = bool(links) and not outside.strip()
    return "".join(out), links, link_only
