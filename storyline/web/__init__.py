"""The local, read-only web app over the store, and the pieces the HTML report shares with it.

    from storyline.web import create_app
    uvicorn.run(create_app(Path("storyline.db")), host="127.0.0.1", port=8000)

FastAPI is imported only when the app is created, so the report does not load it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app"]


def create_app(db_path: Path) -> FastAPI:
    """The web app serving the store at `db_path` (read-only)."""
    from storyline.web.app import create_app as make

    return make(Path(db_path))
