"""The one-file HTML report: parsed with lxml and checked for content, links and escaping."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from lxml.html import HtmlElement
from test_web_story import HOSTILE_QUOTE, HOSTILE_SCRIPT, HOSTILE_TITLE, make_store, make_story

from storyline.export import export
from storyline.report import render_report


def C(name: str) -> str:
    """An XPath test for an element having class `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


@pytest.fixture(scope="module")
def html() -> str:
    return render_report(make_story())


@pytest.fixture(scope="module")
def doc(html: str) -> HtmlElement:
    return lxml.html.fromstring(html)


def test_export_registry_writes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "story.html"
    export(make_story(), "html", out)
    h1 = lxml.html.parse(str(out)).getroot().xpath("//h1")[0]
    assert h1.text.strip() == "Story timeline"
    assert h1.xpath("span")[0].text == "Valmora · Tomas Brandt · Kestria"  # most entries first


def test_cli_report_command(tmp_path: Path) -> None:
    from storyline.cli import cli

    db = make_store(tmp_path / "s.db")
    result = CliRunner().invoke(cli, ["report", "--db", str(db), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    assert "Rescue teams evacuate residents of Valmora" in (tmp_path / "r.html").read_text()


def test_timeline_is_drawn_with_points_for_days_and_bands_for_months(doc: HtmlElement) -> None:
    marks = {m.get("data-entry"): m for m in doc.xpath(f"//svg[{C('timeline-chart')}]//a[{C('mark')}]")}
    assert set(marks) == {"t1", "t2", "t3"}
    assert marks["t1"].find("circle") is not None
    month, season = (float(marks[t].find("rect").get("width")) for t in ("t2", "t3"))
    assert 2.5 < season / month < 3.5  # 92 days against 31: widths follow the date bounds
    assert "conflict" in marks["t1"].get("class")
    assert [t.text for t in doc.xpath(f"//svg[{C('timeline-chart')}]//g[{C('grid')}]/text")][:2] == [
        "Mar 2023", "Apr 2023"]


def test_cards_show_date_status_sources_figures_and_conflicts(doc: HtmlElement) -> None:
    cards = {c.get("id"): c for c in doc.xpath(f"//article[{C('entry')}]")}
    assert list(cards) == ["t-t1", "t-t2", "t-t3", "t-t4"]
    t1 = cards["t-t1"]
    assert "has-conflict" in t1.get("class")
    assert t1.xpath(".//time")[0].text == "28 Feb 2023"
    assert [a.text for a in t1.xpath(f".//*[{C('sources')}]/a")] == ["Wire One", "Second Paper"]
    assert [a.text for a in t1.xpath(f".//a[{C('figure')}]")] == ["more than 4,000 residents", "Some 5,000 residents"]
    assert "reports disagree on residents" in t1.xpath(f".//*[{C('conflict')}]")[0].text_content()
    assert cards["t-t2"].xpath(".//time")[0].text == "Mar 2023"
    assert cards["t-t3"].xpath(".//time")[0].text == "summer 2023"
    assert cards["t-t4"].xpath(".//time")[0].text == "undated"


def test_every_internal_link_lands_on_an_element(doc: HtmlElement) -> None:
    ids = {el.get("id") for el in doc.iter() if isinstance(el.tag, str) and el.get("id")}
    targets = [a.get("href")[1:] for a in doc.iter("a") if (a.get("href") or "").startswith("#")]
    assert targets and not [t for t in targets if t not in ids]


def test_every_item_links_to_its_sentence(doc: HtmlElement) -> None:
    figure = doc.xpath(f"//*[@id='t-t1']//a[{C('figure')}]")[0].get("href")
    assert figure == "#a-a1-s-1"
    sentence = doc.get_element_by_id("a-a1-s-1")
    assert "more than 4,000 residents" in sentence.text_content()
    assert sentence.xpath(f".//mark[{C('k-figure')}]")[0].text == "more than 4,000 residents"
    quote_links = doc.xpath(f"//li[{C('quote')}]//a[{C('passage')}]/@href")
    assert quote_links == ["#a-a1-s-2", "#a-a3-s-1"]
    evidence = doc.xpath(f"//*[@id='t-t2']//details//a[{C('passage')}]/@href")
    assert evidence == ["#a-a1-s-3", "#a-a2-s-1"]


def test_every_timeline_line_and_source_links_to_a_sentence(doc: HtmlElement) -> None:
    ids = {el.get("id") for el in doc.iter() if isinstance(el.tag, str) and el.get("id")}
    for card in doc.xpath(f"//article[{C('entry')}]"):
        if not card.xpath(".//details"):
            continue  # an entry with no report in the text has nothing to link to
        links = [*card.xpath(".//h3/a/@href"), *card.xpath(f".//*[{C('sources')}]/a/@href")]
        assert links and all(re.fullmatch(r"#a-\w+-s-\d+", h) and h[1:] in ids for h in links), links


def test_inferred_publication_dates_show_range_and_evidence(doc: HtmlElement) -> None:
    (pub,) = doc.xpath(f"//*[@id='t-t4']//*[{C('sources')}]//*[{C('inferred')}]")
    assert pub.text == "(6–10 Mar 2023, inferred)" and "the flood dated 28 Feb 2023" in pub.get("title")
    meta = doc.get_element_by_id("a-a3").xpath(f".//*[{C('article-meta')}]")[0].text_content()
    assert "published 6–10 Mar 2023" in meta and "dated from: 'the flood' here" in meta


def test_quotes_grouped_by_speaker(doc: HtmlElement) -> None:
    (group,) = doc.xpath(f"//section[{C('speaker')}]")
    assert group.find("h3").text.strip() == "Tomas Brandt"
    assert [b.text for b in group.xpath(".//blockquote")] == ["We are doing everything we can,", HOSTILE_QUOTE]


def test_relations_chart_from_the_story_stage(tmp_path: Path) -> None:
    story = make_story()
    story.extra["relations"] = [{"source": "e3", "source_name": "Kestria", "target": "e2",
                                 "target_name": "Valmora", "sequence": [
                                     {"date": "2023-03", "type": "deliver_aid", "status": "planned", "entry": "t2"},
                                     {"date": "2023-SU", "type": "cooperate", "status": "planned", "entry": "t3"}]}]
    doc = lxml.html.fromstring(render_report(story))
    rows = doc.xpath(f"//svg[{C('relations-chart')}]//g[{C('pair')}]")
    assert [r.xpath(f".//*[{C('pair-label')}]")[0].text for r in rows] == ["Kestria → Valmora"]
    assert [a.get("data-entry") for a in rows[0].iter("a")] == ["t2", "t3"]


def test_relations_chart_derived_from_the_timeline(doc: HtmlElement) -> None:
    labels = doc.xpath(f"//svg[{C('relations-chart')}]//*[{C('pair-label')}]/text()")
    assert labels == ["Tomas Brandt → Valmora", "Kestria → Valmora"]


def test_sources_hold_every_article_text(doc: HtmlElement) -> None:
    story = make_story()
    texts = [t.text_content() for t in doc.xpath(f"//article[{C('source')}]//*[{C('article-text')}]")]
    assert texts == [a.text for a in story.articles]


# --- self-contained and safe ------------------------------------------------------------


def test_self_contained_no_network(doc: HtmlElement) -> None:
    assert not doc.xpath("//script[@src] | //link[@rel='stylesheet'] | //img | //iframe")
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp and "connect-src" not in csp  # so no fetch, no images, no fonts


def test_only_the_reports_own_script_may_run(html: str, doc: HtmlElement) -> None:
    scripts = doc.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json", None]
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    digest = base64.b64encode(hashlib.sha256(scripts[1].text.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp


def test_embedded_json_cannot_close_its_script_element(html: str) -> None:
    raw = re.search(r'<script type="application/json" id="story-data">(.*?)</script>', html, re.S)
    assert raw is not None
    assert not re.search(r"[<>&]", raw[1])  # written as \u003c \u003e \u0026
    data = json.loads(raw[1])
    quotes = {q["id"]: q["content"] for q in data["story"]["quotes"]}
    assert quotes["a3:q1"] == HOSTILE_QUOTE  # the data survives intact
    assert {e["id"] for e in data["entries"]} == {"t1", "t2", "t3", "t4"}


def test_hostile_article_renders_as_inert_text(doc: HtmlElement) -> None:
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        assert not [a for a in el.attrib if a.lower().startswith("on")]
        assert not (el.get("href") or "").lower().startswith("javascript:")
    source = doc.get_element_by_id("a-a3")
    assert source.find("h3").text == HOSTILE_TITLE
    assert HOSTILE_SCRIPT in source.xpath(f".//*[{C('article-text')}]")[0].text_content()
    assert source.xpath(f".//*[{C('url')}]")[0].text == "javascript:alert(5)"  # shown, never linked
    (line,) = doc.xpath("//*[@id='t-t4']//h3/a")  # the summary, linked to the sentence it comes from
    assert line.text == f"Brandt says {HOSTILE_SCRIPT}" and line.get("href").startswith("#a-")


def test_empty_story_still_renders() -> None:
    story = make_story()
    story.timeline, story.articles, story.extractions = [], [], []
    doc = lxml.html.fromstring(render_report(story))
    assert doc.xpath(f"//*[{C('empty')}]")
