"""The story.json contract (shared/design/DESIGN.md) as a plain dict.

Every exporter starts from `story_to_dict`, so the lists and their fields are
defined in exactly one place.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from storyline.model import Article, Extraction, Story

SCHEMA = "storyline/1"

#: The contract's lists, in the order they are written.
LISTS = ("articles", "entities", "timexes", "quotes", "figures", "events", "timeline")


def _article(article: Article, found: Extraction | None) -> dict[str, Any]:
    published = article.published or (found.published if found else None)
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "byline": article.byline,
        "published": asdict(published) if published else None,
        "text": article.text,
        "links": article.links,
        "provenance": article.provenance,
        "notes": article.notes,
    }


def _global(story: Story, ref: str | None) -> str | None:
    """A local entity id mapped to its global id (names and None pass through)."""
    return story.entity_map.get(ref, ref) if ref else ref


def _records(story: Story) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {"timexes": [], "quotes": [], "figures": [], "events": []}
    for found in story.extractions:
        out["timexes"] += [asdict(t) for t in found.timexes]
        out["figures"] += [asdict(f) for f in found.figures]
        for q in found.quotes:
            row = asdict(q)
            row["speaker"] = _global(story, q.speaker)
            row["via"] = [_global(story, v) for v in q.via]
            out["quotes"].append(row)
        for v in found.events:
            row = asdict(v)
            for key in ("source", "target", "location"):
                row[key] = _global(story, row[key])
            out["events"].append(row)
    return out


def story_to_dict(story: Story) -> dict[str, Any]:
    """The whole story as the story.json contract (extra fields allowed, none missing)."""
    found_by_article = {f.article: f for f in story.extractions}
    result: dict[str, Any] = {
        "schema": SCHEMA,
        "articles": [_article(a, found_by_article.get(a.id)) for a in story.articles],
        "entities": [
            {k: v for k, v in asdict(e).items() if k != "article"} for e in story.entities
        ],
    }
    result.update(_records(story))
    result["timeline"] = [asdict(t) for t in story.timeline]
    if story.extra:
        result.update({k: v for k, v in story.extra.items() if k not in result})
    return result


def schema() -> dict[str, Any]:
    """The JSON Schema of the contract (storyline/data/story.schema.json)."""
    from storyline.resources import load_data

    return dict(load_data("story.schema.json"))


def validate(data: dict[str, Any]) -> list[str]:
    """Contract violations in an exported story, as readable strings (empty when valid)."""
    import jsonschema

    checker = jsonschema.Draft202012Validator(schema())
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in sorted(checker.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))]
