"""Importing without optional heavy packages (storyline.lazy), and the store's start-up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storyline.lazy import import_without


def test_hidden_package_looks_uninstalled_to_the_import_then_imports_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "optional_user.py").write_text(
        "try:\n    import wave\n    HAS_WAVE = True\nexcept ImportError:\n    HAS_WAVE = False\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "wave", raising=False)
    module = import_without("optional_user", hidden=("wave",))
    assert module.HAS_WAVE is False
    import wave  # still importable afterwards

    assert wave.open is not None


def test_a_package_already_imported_stays_visible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "optional_user2.py").write_text("import json\nHAS_JSON = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "json" in sys.modules
    assert import_without("optional_user2", hidden=("json",)).HAS_JSON is True


def test_the_store_starts_without_pandas() -> None:
    code = "import sys, storyline.store; print('pandas' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_a_build_with_nothing_new_to_parse_never_imports_spacy(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Flood hits town\n\nPublished: 2021-03-04\n\n"
                                  "Floods closed the main road on Tuesday, the mayor said.\n")
    db = tmp_path / "s.db"
    build = ("import sys; from storyline.build import build; from storyline.store import Store; "
             f"r = build([{str(folder)!r}], Store({str(db)!r})); print(r.parsed, 'spacy' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", build], capture_output=True, text=True, check=True).stdout
    again = subprocess.run([sys.executable, "-c", build], capture_output=True, text=True, check=True).stdout
    assert first.split() == ["1", "True"]
    assert again.split() == ["0", "False"]
