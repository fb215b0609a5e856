"""Readers on small real inputs written into tmp_path: text/Markdown, HTML, JSON Lines, WARC."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import textwrap
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.ingest import READERS, read_paths
from storyline.model import Article, BadInput

# An invented wire story, three paragraphs.
PARAS = [
    "Heavy rain flooded the river town of Eastmere on Monday, forcing more than 300 residents to "
    "leave their homes before dawn, the regional emergency service said.",
    "\u201cWe have never seen the water rise this fast,\u201d the mayor, Ana Kovac, told reporters at a "
    "school that has been turned into a shelter.",
    "Rescue crews reached every district by the evening, and the national weather office warned "
    "that more rain was expected on Wednesday.",
]
BODY = "\n\n".join(PARAS)


def read_one(path: Path) -> Article:
    items = list(read_paths([path]))
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


# --- plain text and Markdown -------------------------------------------------------

def test_hard_wrapped_text_is_unwrapped_into_paragraphs(tmp_path: Path) -> None:
    wrapped = "\n\n".join(textwrap.fill(p, width=88) for p in PARAS)
    assert max(len(line) for line in wrapped.splitlines()) <= 88 and wrapped.count("\n") > 6
    path = tmp_path / "wrapped.txt"
    path.write_text(wrapped, encoding="utf-8")
    art = read_one(path)
    assert art.text == BODY
    assert art.title is None  # the first paragraph is a body sentence, not a headline


def test_sentence_running_on_after_a_short_line_is_joined(tmp_path: Path) -> None:
    lines = textwrap.fill(PARAS[0] + " " + PARAS[2], width=80).splitlines()
    lines[1] = lines[1].rsplit(" ", 2)[0]  # a line broken early, mid-sentence
    rest = PARAS[0] + " " + PARAS[2]
    path = tmp_path / "early.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    text = read_one(path).text
    assert "\n" not in text and text.startswith(rest[:60])


def test_markdown_page_with_chrome_title_date_and_own_url(tmp_path: Path) -> None:
    page = f"""Search icon

# Floods Force Hundreds From Their Homes in Eastmere

March 7, 2022

Rescue boats on a flooded street in Eastmere. **Jan Novak / Reuters**

{PARAS[0].replace("said", "[said](#)")}

**Related article:** [Storm Warnings Issued Across the Region](#)

{PARAS[1]}

*{PARAS[2]}*

Related Stories

Original url:

<https://www.theguardian.com/world/2022/mar/07/floods-eastmere>
"""
    path = tmp_path / "page.md"
    path.write_text(page, encoding="utf-8")
    art = read_one(path)
    assert art.text == "March 7, 2022\n\n" + BODY  # the dateline stays: its date is a citable timex
    assert art.title == "Floods Force Hundreds From Their Homes in Eastmere"
    assert art.url == "https://www.theguardian.com/world/2022/mar/07/floods-eastmere"
    assert art.outlet == "The Guardian"
    assert art.published is not None
    pub = art.published
    assert (pub.value, pub.source, pub.evidence) == ("2022-03-07", "text", "March 7, 2022")
    assert art.provenance == {"title": "text", "url": "text", "outlet": "url", "published": "text"}
    assert art.links == []


def test_headline_byline_standfirst_and_footer_outlet(tmp_path: Path) -> None:
    page = f"""World

14th Feb 2023

River bursts its banks as storm hits the north

Maria Lopez

Hundreds moved to shelters overnight

{BODY}

Related links

No stories found.

X
The Irish Times
www.irishtimes.com
"""
    path = tmp_path / "story.txt"
    path.write_text(page, encoding="utf-8")
    art = read_one(path)
    assert art.title == "River bursts its banks as storm hits the north"
    assert art.byline == "Maria Lopez"
    assert art.outlet == "The Irish Times" and art.provenance["outlet"] == "text"
    assert art.url is None  # a bare domain in the footer is not the article's address
    assert art.published is not None and art.published.value == "2023-02-14"
    assert art.text == "14th Feb 2023\n\nHundreds moved to shelters overnight\n\n" + BODY


def test_copyright_footer_names_the_outlet(tmp_path: Path) -> None:
    page = f"{BODY}\n\nCopyright 2022 Eastmere Gazette. All rights reserved.\n"
    path = tmp_path / "copyright.txt"
    path.write_text(page, encoding="utf-8")
    art = read_one(path)
    assert art.text == BODY
    assert art.outlet == "Eastmere Gazette" and art.provenance["outlet"] == "text"


def test_related_links_are_links_never_the_articles_url(tmp_path: Path) -> None:
    other = "https://www.bbc.co.uk/news/2021/05/01/earlier-floods"
    page = f"{PARAS[0]}\n\nRelated article: Earlier Floods Hit the Valley\n\n{other}\n\n{PARAS[1]}\n"
    path = tmp_path / "links.txt"
    path.write_text(page, encoding="utf-8")
    art = read_one(path)
    assert art.links == [other]
    assert art.url is None and art.outlet is None and art.published is None
    assert art.text == PARAS[0] + "\n\n" + PARAS[1]


def test_date_in_own_url_path_when_the_text_states_none(tmp_path: Path) -> None:
    page = f"{BODY}\n\nOriginal url: https://www.reuters.com/world/europe/2020/06/30/floods-story/\n"
    path = tmp_path / "dated.txt"
    path.write_text(page, encoding="utf-8")
    art = read_one(path)
    assert art.published is not None
    assert (art.published.value, art.published.source) == ("2020-06-30", "url")
    assert art.outlet == "Reuters" and art.provenance["outlet"] == "url"


def test_a_time_stamp_run_into_the_standfirst_dates_the_article(tmp_path: Path) -> None:
    page = ("Floods latest: rescue teams reach the valley Tuesday 5 May 2009 17.42 BST Rescue boats "
            f"crossed the flooded square at dawn .\n{BODY}\n")
    path = tmp_path / "stamped.txt"
    path.write_text(page, encoding="utf-8")
    art = read_one(path)
    assert art.published is not None
    assert (art.published.value, art.published.source, art.published.evidence) == ("2009-05-05", "text",
                                                                                    "Tuesday 5 May 2009")


def test_photo_caption_with_credit_in_parentheses_is_removed(tmp_path: Path) -> None:
    page = f"Floods force hundreds from homes\n\n{PARAS[0]}\nRescue boats in Eastmere (File | AP)\n" \
           f"Rescue boats in Eastmere (File | AP)\n\n{PARAS[1]}\n"
    path = tmp_path / "caption.txt"
    path.write_text(page, encoding="utf-8")
    assert read_one(path).text == PARAS[0] + "\n\n" + PARAS[1]


def test_same_text_same_id(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "b.md").write_text("\n" + BODY + "\n\n", encoding="utf-8")
    a, b = read_one(tmp_path / "a.txt"), read_one(tmp_path / "b.md")
    assert a.id == b.id == hashlib.sha256(BODY.encode()).hexdigest()[:16]
    assert a.source == str(tmp_path / "a.txt")


# --- HTML ------------------------------------------------------------------------------

HTML = f"""<!DOCTYPE html><html><head>
<title>Floods force hundreds from homes | Example Site</title>
<link rel="canonical" href="https://www.theguardian.com/world/2022/mar/07/floods-eastmere">
<meta name="author" content="Maria Lopez">
<meta property="og:site_name" content="The Guardian">
<meta property="article:published_time" content="2022-03-07T09:30:00Z">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>
<article><h1>Floods force hundreds from homes</h1>
<p>{PARAS[0]}</p>
<p>{PARAS[1].replace("told reporters", '<a href="https://example.org/shelters">told reporters</a>')}</p>
<p>{PARAS[2]}</p>
</article>
<footer>Copyright 2022. All rights reserved.</footer>
</body></html>"""


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    art = read_one(path)
    assert art.text == BODY
    assert art.title == "Floods force hundreds from homes"
    assert art.byline == "Maria Lopez"
    assert art.outlet == "The Guardian"
    assert art.url == "https://www.theguardian.com/world/2022/mar/07/floods-eastmere"
    assert art.published is not None and art.published.value == "2022-03-07"
    assert art.provenance["title"] == art.provenance["url"] == art.provenance["byline"] == "metadata"
    assert art.links == ["https://example.org/shelters"]


def test_html_with_broken_nesting_and_no_body_does_not_raise(tmp_path: Path) -> None:
    path = tmp_path / "broken.htm"
    path.write_text(f"<html><head><title>x</title><div><p>{PARAS[0]}<span><p>{PARAS[1]}</div></i>",
                    encoding="utf-8")
    items = list(read_paths([path]))
    assert len(items) == 1
    if isinstance(items[0], Article):
        assert PARAS[0][:40] in items[0].text
    else:
        assert items[0].source == str(path)


# --- JSON Lines ------------------------------------------------------------------------------

def test_jsonl_records_with_a_broken_line(tmp_path: Path) -> None:
    good = {"text": PARAS[0], "title": "Floods in Eastmere", "url": "https://apnews.com/article/floods-1",
            "outlet": "Associated Press", "byline": "Ana Kovac", "published": "2022-03-07T10:00:00Z"}
    lines = [json.dumps(good), '{"text": "unterminated', "", json.dumps({"text": PARAS[1]}),
             json.dumps(["not", "an", "object"]), json.dumps({"title": "no text"})]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_paths([path]))
    assert [type(i).__name__ for i in items] == ["Article", "BadInput", "Article", "BadInput", "BadInput"]
    first, broken, second = items[0], items[1], items[2]
    assert isinstance(first, Article) and isinstance(second, Article) and isinstance(broken, BadInput)
    assert first.source == f"{path}:1" and second.source == f"{path}:4"
    assert (broken.source, broken.line) == (str(path), 2) and "JSON" in broken.reason
    assert first.title == "Floods in Eastmere" and first.outlet == "Associated Press"
    assert first.byline == "Ana Kovac" and first.url == "https://apnews.com/article/floods-1"
    assert first.published is not None and first.published.value == "2022-03-07"
    assert set(first.provenance.values()) == {"metadata"}
    assert [i.line for i in items if isinstance(i, BadInput)] == [2, 5, 6]


def test_jsonl_trafilatura_style_field_names(tmp_path: Path) -> None:
    record = {"text": BODY, "author": "Ana Kovac", "date": "2022-03-07", "sitename": "Example Daily",
              "authors": ["ignored because author came first"]}
    path = tmp_path / "tf.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    art = read_one(path)
    assert (art.byline, art.outlet) == ("Ana Kovac", "Example Daily")
    assert art.published is not None and art.published.value == "2022-03-07"


def test_jsonl_partial_published_date_keeps_its_precision(tmp_path: Path) -> None:
    path = tmp_path / "month.jsonl"
    path.write_text(json.dumps({"text": BODY, "published": "2022-03"}) + "\n", encoding="utf-8")
    pub = read_one(path).published
    assert pub is not None and (pub.value, pub.earliest, pub.latest) == ("2022-03", "2022-03-01", "2022-03-31")


# --- WARC ------------------------------------------------------------------------------------

def _page(n: int) -> bytes:
    return (f"<html><head><title>Flood report {n}</title></head><body><article><h1>Flood report {n}</h1>"
            f"<p>{PARAS[0]}</p><p>Report number {n} from the regional emergency service, issued at noon "
            f"on the second day of the flooding.</p></article></body></html>").encode()


def write_warc(path: Path, pages: int, gz: bool = True) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for n in range(1, pages + 1):
            uri = f"https://www.reuters.com/world/2022/03/0{n}/flood-report-{n}/"
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(_page(n)),
                                                          http_headers=http))
        meta = writer.create_warc_record("urn:x", "metadata", payload=io.BytesIO(b"k: v"),
                                         warc_content_type="text/plain")
        writer.write_record(meta)


def test_warc_response_records_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, 2)
    items = list(read_paths([path]))
    assert all(isinstance(i, Article) for i in items) and len(items) == 2
    first = items[0]
    assert isinstance(first, Article)
    uri = "https://www.reuters.com/world/2022/03/01/flood-report-1/"
    assert first.source == f"{path}#{uri}" and first.url == uri
    assert first.title == "Flood report 1" and first.outlet == "Reuters"
    assert first.published is not None and first.published.value == "2022-03-01"
    assert first.text.startswith(PARAS[0])


def test_uncompressed_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_warc(path, 1, gz=False)
    assert [type(i).__name__ for i in read_paths([path])] == ["Article"]


def _gzip_members(data: bytes) -> list[int]:
    """Where each gzip member of `data` starts."""
    starts, pos = [], 0
    while pos < len(data):
        starts.append(pos)
        member = zlib.decompressobj(wbits=31)
        member.decompress(data[pos:])
        pos = len(data) - len(member.unused_data)
    return starts


def test_truncated_warc_gz_yields_what_was_read_then_bad_input(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, 3)
    data = whole.read_bytes()
    # Cut in the middle of the third record's gzip member (each record is one): a cut that
    # fell in a member's 8-byte trailer, as a fixed share of the bytes sometimes did (record ids
    # and dates change the size), leaves every record readable.
    members = _gzip_members(data)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: (members[2] + members[3]) // 2])
    items = list(read_paths([cut]))
    assert isinstance(items[-1], BadInput) and "truncated" in items[-1].reason
    assert items[-1].source == str(cut)
    assert sum(isinstance(i, Article) for i in items) == 2
    assert gzip.decompress(data)  # the intact file is a valid gzip stream


def test_readers_registry_is_a_plain_dict_users_can_extend(tmp_path: Path) -> None:
    from storyline.ingest import make_article

    def read_csv(path: Path):  # type: ignore[no-untyped-def]
        for n, row in enumerate(path.read_text().splitlines(), start=1):
            yield make_article(row.split(";", 1)[1], f"{path}:{n}")

    path = tmp_path / "rows.csv"
    path.write_text(f"1;{PARAS[0]}\n2;{PARAS[1]}\n", encoding="utf-8")
    assert isinstance(read_paths([path]).__next__(), BadInput)  # unknown type until registered
    READERS[".csv"] = read_csv
    try:
        assert [a.text for a in read_paths([path]) if isinstance(a, Article)] == PARAS[:2]
    finally:
        del READERS[".csv"]


@pytest.mark.parametrize("line", [
    "Plain words: 5% more (or less) - a \"quote\", it's #1! ~ $3 ^ 2 = 9; 10:30 + rest.",
    "Officials said the talks would resume on 14 March 2023, according to the ministry.",
])
def test_a_line_without_markup_is_read_as_markdown_it_reads_it(line: str) -> None:
    from storyline.ingest.markup import _parser, strip_line

    parsed = "".join(t.content for t in _parser().parseInline(line)[0].children or [])
    assert strip_line(line).text == parsed == line


def test_a_line_with_markup_still_loses_it() -> None:
    from storyline.ingest.markup import strip_line

    line = strip_line("A *bold* [claim](https://x.example/a) &amp; \\[not a link\\] `code`")
    assert line.text == "A bold claim & [not a link] code"
    assert line.links == ["https://x.example/a"]
