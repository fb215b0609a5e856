"""Importing a library without the optional heavy packages it would load at import."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from types import ModuleType


def import_without(name: str, hidden: Iterable[str]) -> ModuleType:
    """Import module `name` as if the `hidden` packages were not installed.

    For libraries that try an optional import at their top ("try: import pandas"),
    which costs every command its start-up time. A hidden package that is already
    imported stays visible; one that is not can still be imported afterwards, as usual.
    """
    masked = [h for h in hidden if h not in sys.modules]
    for h in masked:
        sys.modules[h] = None  # type: ignore[assignment]  # None makes `import h` raise ImportError
    try:
        return importlib.import_module(name)
    finally:
        for h in masked:
            if sys.modules.get(h) is None:
                del sys.modules[h]
