"""The web app and the report in a real Chromium (Debian's, driven by Playwright).

Opt-in: `pytest --browser` (scripts/test.sh runs them inside a network namespace
with only loopback, since Chromium tries DNS at start-up). The app runs under
uvicorn in a thread on a free port; the report is opened from disk (file://).
Two stores: the example articles built by the real pipeline, and the hand-made
fixture story with a hostile article, whose scripts must never run.
"""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_web_story import make_store, make_story

from storyline.report import export_html

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watched:
    """A page that records alert() dialogs and uncaught script errors."""

    def __init__(self, browser: Any):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.page.close()
    assert not w.dialogs, f"a script from article text ran: {w.dialogs}"
    assert not w.errors, w.errors


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def serve() -> Iterator[Any]:
    """serve(db) -> base URL of the app on that store, stopped at the end of the module."""
    import uvicorn

    from storyline.web import create_app

    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(db: Path) -> str:
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "the app did not start"
            time.sleep(0.05)
        servers.append((server, thread))
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("browser") / "fixture.db")


def _build(folder: Path, db: Path) -> Path:
    from storyline.build import BuildSettings, build
    from storyline.store import Store

    store = Store(db)
    build((folder,), store, BuildSettings())
    store.close()
    return db


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example articles built by the real pipeline."""
    return _build(EXAMPLES, tmp_path_factory.mktemp("browser") / "examples.db")


# --- helpers --------------------------------------------------------------------------------


def colored_pixels(browser: Any, png: bytes) -> int:
    """How many clearly coloured (not grey) pixels a screenshot has: a drawn chart has many."""
    page = browser.new_page()
    url = "data:image/png;base64," + base64.b64encode(png).decode()
    page.set_content(f'<img id="shot" src="{url}">')
    count = page.evaluate("""async () => {
        const img = document.getElementById('shot'); await img.decode();
        const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;
        const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 0; i < d.length; i += 4) {
            if (Math.max(d[i], d[i+1], d[i+2]) - Math.min(d[i], d[i+1], d[i+2]) > 60) n++;
        }
        return n; }""")
    page.close()
    return int(count)


def check_chart_drawn(browser: Any, page: Any, selector: str, out: Path) -> int:
    """Screenshot the chart and the page; both non-empty, the chart with coloured marks."""
    chart = page.locator(selector)
    marks = chart.locator("a.mark").count()
    assert marks > 0, f"no dated timeline entry drawn in {selector}: did the build make a timeline?"
    png = chart.screenshot(path=str(out.with_suffix(".chart.png")))
    assert colored_pixels(browser, png) > 20 * marks
    page.screenshot(path=str(out), full_page=True)
    assert out.stat().st_size > 10_000
    return int(marks)


def visible_cards(page: Any) -> list[str]:
    return list(page.locator("article.entry:visible").evaluate_all("els => els.map(e => e.dataset.entry)"))


# --- the web app -----------------------------------------------------------------------------


def test_app_filter_click_through_and_search(browser: Any, watched: Watched, serve: Any, fixture_db: Path,
                                             tmp_path: Path) -> None:
    page, base = watched.page, serve(fixture_db)
    page.goto(base + "/")
    assert check_chart_drawn(browser, page, "svg.timeline-chart", tmp_path / "app.png") == 3
    assert visible_cards(page) == ["t1", "t2", "t3", "t4"]

    page.select_option("select[name=type]", "evacuate")  # filtered through /api/timeline
    page.wait_for_selector("body[data-filtered='1']")
    assert visible_cards(page) == ["t1"]
    assert "type=evacuate" in page.url
    page.check("input[name=conflicts]")
    page.wait_for_function("document.querySelector('#shown .n').textContent === '1'")
    page.click("#filters .reset")
    page.wait_for_selector("body[data-filtered='4']")
    page.type("input[name=from]", "2023-06")  # partial dates on the way are left out, not sent
    page.wait_for_selector("body[data-filtered='1']")
    assert visible_cards(page) == ["t3"]
    page.click("#filters .reset")
    page.wait_for_selector("body[data-filtered='4']")

    page.click("#t-t1 a.chip.figure >> nth=0")  # a figure of the entry, to its sentence
    page.wait_for_url("**/article/a1?hl=*#a-a1-s-1")
    focus = page.locator("mark.focus")
    assert focus.inner_text() == "more than 4,000 residents"
    assert page.locator("#a-a1-s-1").evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert focus.is_visible()
    page.screenshot(path=str(tmp_path / "article.png"))

    page.fill("header input[name=q]", "everything")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url("**/search?q=everything")
    hit = page.locator("#quote-hits .snippet b")
    assert hit.first.inner_text() == "everything"
    page.click("#quote-hits a.passage")
    page.wait_for_url("**/article/a1?hl=a1%3Aq1#a-a1-s-2")
    assert "We are doing everything we can" in page.locator("mark.focus").first.inner_text()


def test_app_hostile_article_is_inert(watched: Watched, serve: Any, fixture_db: Path) -> None:
    page, base = watched.page, serve(fixture_db)
    for url in ("/", "/article/a3", "/article/a3?hl=a3:q1", "/quotes", "/search?q=alert", "/articles"):
        page.goto(base + url)
        page.wait_for_load_state("load")
        assert page.locator("img, iframe").count() == 0
    page.goto(base + "/article/a3")
    assert "<script>alert(1)</script>" in page.locator(".article-text").inner_text()
    # watched asserts that no alert() ran and no script error occurred


def test_app_on_the_example_build(browser: Any, watched: Watched, serve: Any, example_db: Path,
                                  tmp_path: Path) -> None:
    page, base = watched.page, serve(example_db)
    page.goto(base + "/")
    check_chart_drawn(browser, page, "svg.timeline-chart", tmp_path / "examples-app.png")
    first = page.locator("article.entry details.evidence").first
    first.locator("summary").click()
    first.locator("a.passage").first.click()
    page.wait_for_url("**/article/**")
    assert page.locator("mark.focus").count() > 0
    assert page.locator(".sent.focus").is_visible()
    page.goto(base + "/search?q=flood")
    assert page.locator("#article-hits li a").count() > 0


# --- the report ------------------------------------------------------------------------------


def test_report_from_disk_filters_and_links(browser: Any, watched: Watched, tmp_path: Path) -> None:
    out = tmp_path / "story.html"
    export_html(make_story(), out)
    page = watched.page
    page.goto(out.as_uri())
    assert check_chart_drawn(browser, page, "svg.timeline-chart", tmp_path / "report.png") == 3
    check_chart_drawn(browser, page, "svg.relations-chart", tmp_path / "relations.png")

    page.select_option("select[name=status]", "planned")  # filtered in the page: no server
    page.wait_for_selector("body[data-filtered='2']")
    assert visible_cards(page) == ["t2", "t3"]
    page.fill("input[name=actor]", "kestria")
    page.wait_for_selector("body[data-filtered='1']")
    assert visible_cards(page) == ["t2"]
    page.click("#filters .reset")
    page.wait_for_selector("body[data-filtered='4']")
    page.fill("input[name=from]", "2023-03")  # a season lies within the months around it
    page.fill("input[name=to]", "2023-12")
    page.wait_for_selector("body[data-filtered='2']")
    assert visible_cards(page) == ["t2", "t3"]
    page.click("#filters .reset")
    page.wait_for_selector("body[data-filtered='4']")

    page.click("svg.timeline-chart a.mark[data-entry='t1']")
    page.wait_for_url("**#t-t1")
    page.click("#t-t1 a.chip.figure >> nth=1")
    page.wait_for_url("**#a-a2-s-0")
    sentence = page.locator("#a-a2-s-0")
    assert sentence.is_visible()
    assert sentence.evaluate("e => e.matches(':target')")
    assert "Some 5,000 residents" in sentence.inner_text()


def test_report_hostile_article_is_inert(watched: Watched, tmp_path: Path) -> None:
    out = tmp_path / "story.html"
    export_html(make_story(), out)
    watched.page.goto(out.as_uri())
    watched.page.click("#quotes a[href='#a-a3-s-1']")
    assert "<script>alert(1)</script>" in watched.page.locator("#a-a3").inner_text()
    assert watched.page.locator("img, iframe").count() == 0


def test_report_on_the_example_build(browser: Any, watched: Watched, example_db: Path, tmp_path: Path) -> None:
    from storyline.store import Store

    out = tmp_path / "examples.html"
    export_html(Store(example_db, readonly=True).story(), out)
    watched.page.goto(out.as_uri())
    check_chart_drawn(browser, watched.page, "svg.timeline-chart", tmp_path / "examples-report.png")


# --- screenshots for the README ---------------------------------------------------------------


def test_screenshots_of_the_seed_build(browser: Any, serve: Any, tmp_path: Path) -> None:
    """The app and the report on the seed build; STORYLINE_SHOTS=docs writes docs/app.png, docs/report.png."""
    import os

    from storyline.store import Store

    if not SEEDS.is_dir():
        pytest.skip(f"no seed articles at {SEEDS}")
    db = _build(SEEDS, tmp_path / "seeds.db")
    out = Path(os.environ.get("STORYLINE_SHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 860})
    page.goto(serve(db) + "/")
    check_chart_drawn(browser, page, "svg.timeline-chart", tmp_path / "app-full.png")
    page.screenshot(path=str(out / "app.png"))
    report = tmp_path / "story.html"
    export_html(Store(db, readonly=True).story(), report)
    page.goto(report.as_uri())
    check_chart_drawn(browser, page, "svg.timeline-chart", tmp_path / "report-full.png")
    # the app shot shows the chart; the report shot the cards: dates, sources, a conflict
    page.evaluate("(document.querySelector('article.entry.has-conflict') || document.body).scrollIntoView()")
    page.evaluate("window.scrollBy(0, -90)")
    page.screenshot(path=str(out / "report.png"))
    page.close()
    for name in ("app.png", "report.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
