"""The web app: HTML pages over the read-only store, plus the JSON API they use.

The store is opened read-only (SQLite `mode=ro`) and only GET routes exist.
The story is loaded once and reloaded when the store file changes (a new
build), so pages stay fast without ever going stale.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from storyline.store import Store
from storyline.web import api
from storyline.web.present import Present
from storyline.web.render import AppLinks, environment

#: Scripts and styles come only from this app; article text can never bring its own.
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                                "frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

View = Annotated[Present, Depends(api.present)]
Filters = Annotated[api.Filters, Depends(api.filters)]


class Stories:
    """The store's story, loaded read-only and reloaded when the file changes."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._key: tuple[int, ...] | None = None
        self._view: Present | None = None

    def _stamp(self) -> tuple[int, ...]:
        files = [self.path, self.path.with_name(self.path.name + "-wal")]
        return tuple(n for f in files if f.exists() for n in (f.stat().st_mtime_ns, f.stat().st_size))

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A read-only connection for one request."""
        store = Store(self.path, readonly=True)
        try:
            yield store
        finally:
            store.close()

    def get(self) -> Present:
        """The current story's presentation."""
        with self._lock:
            key = self._stamp()
            if self._view is None or key != self._key:
                with self.store() as store:
                    self._view = Present(store.story())
                self._key = key
            return self._view


def create_app(db_path: Path) -> FastAPI:
    """The app serving the store at `db_path` (which must exist)."""
    if not Path(db_path).exists():
        raise FileNotFoundError(f"no store at {db_path}: run `storyline build` first")
    app = FastAPI(title="Storyline", version="1", docs_url=None, redoc_url=None,
                  description="Read-only JSON API over a Storyline store: the timeline, articles, "
                              "quotes, relations and full-text search. Every page of the app has a "
                              "JSON twin here.")
    app.state.stories = Stories(Path(db_path))
    app.mount("/static", StaticFiles(packages=[("storyline.web", "static")]), name="static")
    app.include_router(api.router)
    app.include_router(pages())

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def pages() -> Any:
    """The HTML pages (each renders the same data its /api twin returns)."""
    from fastapi import APIRouter

    router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
    templates = Jinja2Templates(env=environment())
    links = AppLinks()

    def page(request: Request, name: str, here: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"link": links, "here": here, **context})

    @router.get("/")
    def timeline_page(request: Request, view: View, f: Filters) -> Any:
        data = api.timeline_data(view, f)
        entries = view.entries()
        return page(request, "timeline.html", "timeline", data=data, entries=entries,
                    by_id={e["id"]: e for e in entries}, axis=view.axis(), options=view.filter_options(),
                    filters=f, shown={e["id"] for e in data["entries"]}, stats=api.api_story(view))

    @router.get("/article/{article_id}")
    def article_page(request: Request, view: View, article_id: str,
                     hl: Annotated[str | None, Query()] = None) -> Any:
        if article_id not in view.articles:
            raise HTTPException(404, "no such article")
        return page(request, "article.html", "articles", art=view.article(article_id), focus=hl,
                    entries=[view.entry(e) for e in view.story.timeline if article_id in e.articles])

    @router.get("/articles")
    def articles_page(request: Request, view: View) -> Any:
        return page(request, "articles.html", "articles", articles=api.article_list(view))

    @router.get("/quotes")
    def quotes_page(request: Request, view: View, speaker: Annotated[str | None, Query()] = None) -> Any:
        return page(request, "quotes.html", "quotes", groups=view.quote_groups(speaker or None),
                    speaker=speaker or "")

    @router.get("/relations")
    def relations_page(request: Request, view: View) -> Any:
        return page(request, "relations.html", "relations", relations=view.relations(), axis=view.axis())

    @router.get("/search")
    def search_page(request: Request, view: View, q: Annotated[str, Query()] = "") -> Any:
        with request.app.state.stories.store() as store:
            result = api.search(store, view, q)
        return page(request, "search.html", "search", result=result, q=q)

    @router.get("/docs")
    def docs_page(request: Request) -> Any:
        return page(request, "docs.html", "docs", routes=api_routes(request.app.openapi()))

    return router


def api_routes(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The API's routes as listed in its OpenAPI schema: path, summary, description, parameters."""
    out = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "description": p.get("description") or p.get("schema", {}).get("description", "")}
                      for p in op.get("parameters", [])]
            out.append({"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "params": params})
    return out
