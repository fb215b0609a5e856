"""An article's raw text split into clean body paragraphs and the metadata lines around them.

The text is cut into paragraphs (hard wraps joined) and each paragraph is
classified: site chrome, photo caption, bare URL, own-URL label, date line, or
text. The body runs from the first to the last paragraph that reads like prose;
the header above it holds the headline, date line and byline, the footer below
it the outlet's name and the article's own address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.ingest import layout, lexicon, markup
from storyline.ingest.metadata import (
    BARE_DOMAIN,
    HEADLINE_WORDS,
    SEPARATORS,
    URL,
    byline_of,
    date_in_line,
    is_headline,
    is_sentence,
    outlet_named,
    urls_in,
    words,
)

#: Chrome, captions, labels and date lines are short; longer paragraphs are text.
MAX_LINE_CHARS = 400
#: Footer paragraphs at least this long are body text that merely lacks a full stop.
FOOTER_BODY_WORDS = 12


@dataclass
class Para:
    """One paragraph, markup stripped, with what it was found to be."""

    text: str
    kind: str  # text | chrome | caption | url | domain | label | date | copyright
    heading: bool = False
    links: list[str] = field(default_factory=list)
    url: str | None = None
    date: tuple[str, str] | None = None


@dataclass
class Found:
    """The clean body and the metadata found in the text."""

    text: str
    title: str | None = None
    byline: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: tuple[str, str] | None = None  # (YYYY-MM-DD, the words that state it)
    links: list[str] = field(default_factory=list)


def classify(raw: layout.RawParagraph, markdown: bool = True) -> Para:
    """A raw paragraph with its markup stripped and its kind decided."""
    if layout.URL_LINE.match(raw.text):
        address = raw.text.strip().strip("<>")
        if BARE_DOMAIN.match(address) and "://" not in address:
            return Para(address, "domain")
        return Para(address, "url", url=address)
    line = markup.strip_line(raw.text, markdown)
    para = Para(line.text, "text", heading=line.heading, links=line.links + urls_in(line.text))
    para.kind = _kind(para, line.link_only)
    if para.kind == "label":
        match = lexicon.chrome().own_url_label.fullmatch(para.text)
        given = match.group("url") if match else None
        para.url = given.strip("<>") if given and URL.match(given.strip("<>")) else None
    elif para.kind == "date":
        para.date = date_in_line(para.text)
    return para


def _kind(para: Para, link_only: bool) -> str:
    text, chrome = para.text, lexicon.chrome()
    if not text:
        return "chrome"
    if link_only:
        return "url"
    if len(text) > MAX_LINE_CHARS:
        return "text"
    if chrome.lines.fullmatch(text):
        return "chrome"
    if chrome.caption_labels.fullmatch(text):
        return "caption"
    if not is_sentence(text) and chrome.captions.fullmatch(text):
        return "caption"
    if chrome.own_url_label.fullmatch(text):
        return "label"
    if chrome.copyright.fullmatch(text):
        return "copyright"
    if date_in_line(text):
        return "date"
    return "text"


def analyse(raw: str, markdown: bool = True, unwrap: bool = True, title_hint: str | None = None) -> Found:
    """The clean body of `raw` and the title, byline, date, outlet, URL and links it states."""
    paras = _dedupe([classify(p, markdown) for p in layout.paragraphs(markup.normalize(raw), unwrap)])
    prose = [i for i, p in enumerate(paras) if p.kind == "text" and not p.heading and is_sentence(p.text)]
    start, end = (prose[0], prose[-1]) if prose else (len(paras), len(paras) - 1)
    found = Found("")
    keep: list[str] = []
    keep += _header(paras[:start], found, title_hint)
    keep += [p.text for p in paras[start : end + 1] if p.kind == "text"]
    keep += _footer(paras[end + 1 :] if prose else [], found)
    found.url = _own_url(paras)
    found.links = _links(paras, found.url)
    found.text = "\n\n".join(keep)
    return found


def _dedupe(paras: list[Para]) -> list[Para]:
    """Paragraphs without immediate repeats of a non-sentence line (a caption shown twice)."""
    out: list[Para] = []
    for p in paras:
        if not out or p.text != out[-1].text or is_sentence(p.text):
            out.append(p)
    return out


def _header(paras: list[Para], found: Found, title_hint: str | None) -> list[str]:
    """Take the headline, date, byline and outlet lines above the body; return the rest as body."""
    keep: list[str] = []
    for p in paras:
        if p.kind == "date" and p.date and not found.published:
            found.published = p.date
            keep.append(p.text)  # the dateline stays in the body: its date is a stated, citable timex
        elif p.kind != "text":
            continue
        elif found.title is None and _is_title(p, title_hint):
            found.title = p.text
        elif found.title is None and _is_kicker(p.text):
            continue
        elif not _take_meta(p.text, found):
            keep.append(p.text)
    return keep


def _is_title(p: Para, hint: str | None) -> bool:
    if hint is not None:
        return _same_title(p.text, hint)
    return p.heading or is_headline(p.text)


def _same_title(text: str, hint: str) -> bool:
    a, b = markup.squash(text).lower(), markup.squash(hint).lower()
    return bool(a) and (a == b or b.startswith(a) or a.startswith(b))


def _is_kicker(text: str) -> bool:
    """A section label or other short line above the headline."""
    return text.lower() in lexicon.chrome().sections or len(words(text)) < HEADLINE_WORDS[0]


def _take_meta(text: str, found: Found) -> bool:
    """Record a byline/date/outlet line (or "By X | date" combination); False when it is none of them."""
    if len(text) > MAX_LINE_CHARS:
        return False
    parts = [s for s in SEPARATORS.split(text) if s.strip()]
    seen: dict[str, object] = {}
    for part in parts:
        byline, when, outlet = byline_of(part), date_in_line(part), lexicon.outlet_names().get(part.lower())
        if byline and "byline" not in seen:
            seen["byline"] = byline
        elif when and "published" not in seen:
            seen["published"] = when
        elif outlet and "outlet" not in seen:
            seen["outlet"] = outlet
        else:
            return False
    for key, value in seen.items():
        if getattr(found, key) is None:
            setattr(found, key, value)
    return bool(seen)


def _footer(paras: list[Para], found: Found) -> list[str]:
    """Take the outlet and date lines below the body; return long text paragraphs as body."""
    keep: list[str] = []
    for p in paras:
        if p.kind == "date" and p.date and not found.published:
            found.published = p.date
        elif p.kind in ("text", "domain", "copyright") and found.outlet is None and outlet_named(p.text):
            found.outlet = outlet_named(p.text)
        elif p.kind == "text" and len(words(p.text)) >= FOOTER_BODY_WORDS:
            keep.append(p.text)
    return keep


def _own_url(paras: list[Para]) -> str | None:
    """The address an "Original url:" label gives, on its line or the next one."""
    for i, p in enumerate(paras):
        if p.kind != "label":
            continue
        if p.url:
            return p.url
        if i + 1 < len(paras) and paras[i + 1].kind == "url":
            return paras[i + 1].url
    return None


def _links(paras: list[Para], own: str | None) -> list[str]:
    """Every http(s) address in the text except the article's own, in order, once each."""
    seen = {own.rstrip("/")} if own else set()
    out: list[str] = []
    for p in paras:
        for link in ([p.url] if p.url else []) + p.links:
            if link.rstrip("/") not in seen:
                seen.add(link.rstrip("/"))
                out.append(link)
    return out
