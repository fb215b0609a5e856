"""story.json: the export contract, written as UTF-8 JSON."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.export.contract import story_to_dict
from storyline.model import Story


def export_json(story: Story, out: Path) -> None:
    """Write the story as story.json (the contract in shared/design/DESIGN.md)."""
    text = json.dumps(story_to_dict(story), ensure_ascii=False, indent=1)
    out.write_text(text + "\n", encoding="utf-8")
