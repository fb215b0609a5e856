"""The web app in-process (FastAPI TestClient): every page and API route, filters, search,
highlighted passages, read-only access, and hostile article text rendered inert."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from fastapi.testclient import TestClient
from test_web_story import HOSTILE_QUOTE, HOSTILE_SCRIPT, HOSTILE_TITLE, make_store, make_story

from storyline.store import Store
from storyline.web import create_app

PAGES = ["/", "/?type=evacuate&conflicts=1", "/article/a1", "/article/a3?hl=a3:q1", "/articles", "/quotes",
         "/quotes?speaker=brandt", "/relations", "/search?q=residents", "/search?q=alert", "/search", "/docs"]
API = ["/api/story", "/api/timeline", "/api/timeline/t1", "/api/articles", "/api/articles/a3", "/api/quotes",
       "/api/relations", "/api/search?q=alert", "/api/export", "/openapi.json"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("web") / "story.db")


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def C(name: str) -> str:
    """An XPath test for an element having class `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def ids(client: TestClient, query: str) -> list[str]:
    response = client.get("/api/timeline" + query)
    assert response.status_code == 200
    return [e["id"] for e in response.json()["entries"]]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert lxml.html.fromstring(response.text).find(".//main") is not None


@pytest.mark.parametrize("url", API)
def test_every_api_route_answers_json(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()


@pytest.mark.parametrize(("query", "expected"), [
    ("", ["t1", "t2", "t3", "t4"]),
    ("?actor=kestria", ["t2"]),
    ("?actor=BRANDT", ["t1", "t4"]),  # an alias, case-folded
    ("?type=evacuate&type=cooperate", ["t1", "t3"]),
    ("?status=planned", ["t2", "t3"]),
    ("?from=2023-03&to=2023-03", ["t2"]),  # a month compares at month precision
    ("?from=2023-06-15", ["t3"]),  # a season (2023-SU) is not cut by a day inside it
    ("?conflicts=1", ["t1"]),
    ("?actor=&type=&status=", ["t1", "t2", "t3", "t4"]),  # an empty form is no filter
])
def test_timeline_api_filters(client: TestClient, query: str, expected: list[str]) -> None:
    assert ids(client, query) == expected


def test_a_season_lies_within_its_year(client: TestClient) -> None:
    assert ids(client, "?from=2023-03&to=2023-12") == ["t2", "t3"]
    assert ids(client, "?from=2023&to=2023") == ["t1", "t2", "t3"]
    assert ids(client, "?to=2023-06-01") == ["t1", "t2", "t3"]  # summer may have begun by then
    assert ids(client, "?from=2023-SU&to=2023-W40") == ["t3"]  # any TIMEX3 date value bounds a filter


@pytest.mark.parametrize("query", ["?from=March", "?to=2023-13", "?from=2023-0"])
def test_an_unreadable_filter_date_is_refused_not_ignored(client: TestClient, query: str) -> None:
    response = client.get("/api/timeline" + query)
    assert response.status_code == 422
    assert "YYYY" in response.json()["detail"]


def test_timeline_entry_carries_sources_figures_conflicts_and_passages(client: TestClient) -> None:
    t1 = client.get("/api/timeline/t1").json()
    assert [s["article"] for s in t1["sources"]] == ["a1", "a2"]
    assert t1["conflicts"][0]["kind"] == "figure"
    assert {f["passage"]["anchor"] for f in t1["figures"]} == {"a-a1-s-1", "a-a2-s-0"}
    assert client.get("/api/timeline/nope").status_code == 404


def test_timeline_page_filters_server_side_and_offers_filter_values(client: TestClient) -> None:
    doc = lxml.html.fromstring(client.get("/?type=evacuate").text)
    cards = {c.get("data-entry"): c.get("class") for c in doc.xpath(f"//article[{C('entry')}]")}
    assert "filtered-out" not in cards["t1"] and all("filtered-out" in cards[t] for t in ("t2", "t3", "t4"))
    assert doc.xpath("//option[@selected]")[0].get("value") == "evacuate"
    actors = {o.get("value") for o in doc.xpath("//datalist[@id='actor-names']/option")}
    assert actors == {"Kestria", "Tomas Brandt", "Valmora"}
    assert doc.xpath("//body")[0].get("data-api") == "/api/timeline"


def test_timeline_page_draws_points_and_bands(client: TestClient) -> None:
    doc = lxml.html.fromstring(client.get("/").text)
    marks = {m.get("data-entry"): m for m in doc.xpath(f"//svg[{C('timeline-chart')}]//a[{C('mark')}]")}
    assert set(marks) == {"t1", "t2", "t3"}  # t4 is undated: listed, not drawn
    assert marks["t1"].find("circle") is not None  # a day is a point
    assert marks["t2"].find("rect") is not None and marks["t3"].find("rect") is not None  # month, season: bands
    assert float(marks["t3"].find("rect").get("width")) > 2 * float(marks["t2"].find("rect").get("width"))


def test_entry_links_lead_to_the_highlighted_sentence(client: TestClient) -> None:
    doc = lxml.html.fromstring(client.get("/").text)
    link = doc.xpath(f"//*[@id='t-t1']//a[{C('figure')}]")[0].get("href")
    assert link == "/article/a1?hl=a1%3Af1#a-a1-s-1"
    page = lxml.html.fromstring(client.get(link.split("#")[0]).text)
    sentence = page.get_element_by_id("a-a1-s-1")
    assert "focus" in sentence.get("class")
    focused = page.xpath(f"//mark[{C('focus')}]")
    assert [m.text_content() for m in focused] == ["more than 4,000 residents"]


def test_article_page_marks_events_quotes_and_figures(client: TestClient) -> None:
    doc = lxml.html.fromstring(client.get("/article/a1").text)
    marks = doc.xpath(f"//*[{C('article-text')}]//mark")
    kinds = {k for m in marks for k in m.get("class").split() if k.startswith("k-")}
    assert kinds == {"k-event", "k-quote", "k-figure"}
    assert doc.xpath(f"//*[{C('article-text')}]")[0].text_content() == make_story().articles[0].text
    assert client.get("/article/nope").status_code == 404


def test_search_finds_articles_and_quotes_with_stemming(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "evacuating"}).json()  # porter: evacuated
    assert {a["id"] for a in found["articles"]} == {"a1", "a2"}
    quotes = client.get("/api/search", params={"q": "everything"}).json()["quotes"]
    assert [q["id"] for q in quotes] == ["a1:q1"]
    assert {p["text"] for p in quotes[0]["snippet"] if p["hit"]} == {"everything"}
    assert quotes[0]["passage"]["anchor"] == "a-a1-s-2"


@pytest.mark.parametrize("q", ['"', "AND (", "NEAR(", "*", "a OR", "'; drop table articles; --"])
def test_search_survives_fts_syntax(client: TestClient, q: str) -> None:
    assert client.get("/api/search", params={"q": q}).status_code == 200
    assert client.get("/search", params={"q": q}).status_code == 200


def test_search_page_highlights_hits_as_elements_not_markup(client: TestClient) -> None:
    doc = lxml.html.fromstring(client.get("/search", params={"q": "alert"}).text)
    hits = doc.xpath(f"//*[{C('snippet')}]//b")
    assert hits and {b.text for b in hits} == {"alert"}
    assert not doc.xpath(f"//*[{C('snippet')}]//*[self::script or self::a or self::img]")


def test_quotes_page_groups_by_speaker(client: TestClient) -> None:
    doc = lxml.html.fromstring(client.get("/quotes").text)
    (group,) = doc.xpath(f"//section[{C('speaker')}]")
    assert "Tomas Brandt" in group.find("h3").text_content()
    assert len(group.xpath(f".//li[{C('quote')}]")) == 2
    assert not lxml.html.fromstring(client.get("/quotes?speaker=kestria").text).xpath(f"//section[{C('speaker')}]")


def test_relations_page_has_a_row_per_pair(client: TestClient) -> None:
    doc = lxml.html.fromstring(client.get("/relations").text)
    labels = [t.text_content() for t in doc.xpath(f"//svg[{C('relations-chart')}]//*[{C('pair-label')}]")]
    assert labels == ["Tomas Brandt → Valmora", "Kestria → Valmora"]


def test_docs_list_the_api_from_openapi(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "/api/timeline" in schema["paths"] and "/api/search" in schema["paths"]
    names = {p["name"] for p in schema["paths"]["/api/timeline"]["get"]["parameters"]}
    assert {"actor", "type", "status", "from", "to", "conflicts"} <= names
    assert all(set(ops) == {"get"} for ops in schema["paths"].values())
    doc = lxml.html.fromstring(client.get("/docs").text)
    assert "/api/timeline" in [c.text_content() for c in doc.xpath(f"//*[{C('api-route')}]//code")]
    assert not doc.xpath("//script[starts-with(@src, 'http')] | //link[starts-with(@href, 'http')]")  # offline: no CDN


# --- hostile input ----------------------------------------------------------------


def assert_inert(html: str) -> None:
    """No script but ours, no event handler attributes, no javascript: links."""
    doc = lxml.html.fromstring(html)
    assert [s.get("src") for s in doc.iter("script")] == ["/static/storyline.js"]
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        assert not [a for a in el.attrib if a.lower().startswith("on")], lxml.html.tostring(el)[:200]
        for attr in ("href", "src", "action"):
            assert not (el.get(attr) or "").strip().lower().startswith(("javascript:", "data:text")), el.get(attr)
    assert doc.find(".//img") is None


@pytest.mark.parametrize("url", PAGES)
def test_hostile_article_is_inert_on_every_page(client: TestClient, url: str) -> None:
    assert_inert(client.get(url).text)


def test_hostile_text_is_shown_as_text(client: TestClient) -> None:
    doc = lxml.html.fromstring(client.get("/article/a3").text)
    assert doc.find(".//h2").text_content() == HOSTILE_TITLE
    assert HOSTILE_SCRIPT in doc.xpath(f"//*[{C('article-text')}]")[0].text_content()
    assert doc.xpath(f"//*[{C('article-meta')}]//*[{C('url')}]")[0].text == "javascript:alert(5)"  # shown, not linked
    quotes = lxml.html.fromstring(client.get("/quotes").text)
    assert HOSTILE_QUOTE in [b.text_content() for b in quotes.xpath("//blockquote")]
    assert client.get("/api/articles/a3").json()["title"] == HOSTILE_TITLE  # JSON keeps the data as is


def test_security_headers(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


# --- read-only ----------------------------------------------------------------------


def test_only_get_routes(client: TestClient) -> None:
    for url in ("/", "/api/timeline", "/api/search?q=x", "/article/a1"):
        assert client.post(url).status_code == 405
        assert client.delete(url).status_code == 405


def test_the_store_is_opened_read_only_and_left_unchanged(client: TestClient, db: Path) -> None:
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for url in PAGES + API:
        client.get(url)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    with client.app.state.stories.store() as store, pytest.raises(sqlite3.OperationalError):  # type: ignore[attr-defined]
        store.db.execute("create table x (a)")


def test_a_new_build_shows_up_without_restart(tmp_path: Path) -> None:
    db = make_store(tmp_path / "s.db")
    with TestClient(create_app(db)) as c:
        assert len(ids(c, "")) == 4
        story = make_story()
        story.timeline = story.timeline[:1]
        store = Store(db)
        store.save_story(story)
        store.close()
        assert ids(c, "") == ["t1"]


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="storyline build"):
        create_app(tmp_path / "none.db")


def test_show_filters_by_date_bounds_and_refuses_an_unreadable_date(db: Path) -> None:
    from click.testing import CliRunner

    from storyline.cli import cli

    runner = CliRunner(env={"COLUMNS": "200"})
    kept = runner.invoke(cli, ["show", "--db", str(db), "--from", "2023-07", "--to", "2023"], terminal_width=200)
    assert kept.exit_code == 0 and "rebuild the dams" in kept.output and "food aid" not in kept.output
    bad = runner.invoke(cli, ["show", "--db", str(db), "--from", "March"])
    assert bad.exit_code == 2 and "YYYY" in bad.output
