"""A small hand-made story for the report and web app tests, and tests of its presentation.

Three articles about an invented flood: two disagree on a figure (a conflict), and
one is hostile (script tags, a `javascript:` URL, a quote containing HTML) and
must come out as inert text everywhere. Import `make_story` / `make_store` from
here; ids and offsets are computed from the text, so they always slice back.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline.model import (
    Article,
    Conflict,
    DateRange,
    Entity,
    Event,
    Extraction,
    Figure,
    Published,
    Quote,
    Sentence,
    Story,
    TimelineEntry,
)
from storyline.readable import explain, when
from storyline.store import Store
from storyline.web.axis import layout
from storyline.web.present import Present, safe_url

HOSTILE_TITLE = '<img src=x onerror="alert(1)">Flood news'
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_QUOTE = 'Look <a href="javascript:alert(2)">here</a></script><script>alert(3)</script> & see'

TEXTS = {
    "a1": ("Heavy rain flooded the north of Valmora on Tuesday. Rescue teams evacuated more than "
           "4,000 residents, the Interior Ministry said. \"We are doing everything we can,\" "
           "Interior Minister Tomas Brandt said. Kestria said it was ready to send 40 tonnes of food aid."),
    "a2": ("Some 5,000 residents were evacuated from flooded districts in Valmora last week. "
           "Kestria will send aid in March, officials said. Valmora plans to rebuild the dams this summer."),
    "a3": (f"Breaking {HOSTILE_SCRIPT} update. Brandt said \"{HOSTILE_QUOTE}\" to reporters. "
           "Read more at javascript:alert(4) now."),
}


def _sentences(aid: str, text: str) -> list[Sentence]:
    return [Sentence(aid, n, m.start(), m.end(), m[0])
            for n, m in enumerate(re.finditer(r"\S[^.]*(?:\.(?=\s|$)|$)", text))]


def _at(aid: str, needle: str) -> tuple[int, int]:
    start = TEXTS[aid].index(needle)
    return start, start + len(needle)


def _figure(fid: str, aid: str, needle: str, value: float, qualifier: str) -> Figure:
    start, end = _at(aid, needle)
    return Figure(fid, aid, start, end, needle, value if qualifier == "exact" else None,
                  value if qualifier != "exact" else None, None, qualifier, "people", "residents")


def _event(vid: str, aid: str, trigger: str, etype: str, status: str, date: DateRange | None,
           figures: list[str], source: str | None, target: str | None) -> Event:
    start, end = _at(aid, trigger)
    sent = next(s for s in _sentences(aid, TEXTS[aid]) if s.start <= start < s.end)
    return Event(vid, aid, start, end, sent.text, etype, None, trigger, source, target, date, status, figures)


def _quote(qid: str, aid: str, content: str, speaker: str, speaker_text: str, kind: str) -> Quote:
    start, end = _at(aid, content)
    return Quote(qid, aid, start, end, content, kind, speaker, speaker_text, "said", [], "2023-03-02")


def _articles() -> list[Article]:
    return [
        Article("a1", "corpus/a1.txt", TEXTS["a1"], title="Floods force thousands from homes",
                outlet="Wire One", url="https://example.org/floods", published=Published("2023-03-02", "text")),
        Article("a2", "corpus/a2.txt", TEXTS["a2"], title=None, outlet="Second Paper",
                published=Published("2023-03-08", "metadata")),
        Article("a3", "corpus/a3.html", TEXTS["a3"], title=HOSTILE_TITLE, outlet=HOSTILE_SCRIPT,
                url="javascript:alert(5)", byline='"><script>alert(6)</script>',
                published=Published("2023-03-09", "inferred", "2023-03-06", "2023-03-10",
                                    evidence="'the flood' here is the flood dated 2023-02-28 in a1")),
    ]


def _extractions() -> list[Extraction]:
    f1 = _figure("a1:f1", "a1", "more than 4,000 residents", 4000, "more_than")
    f2 = _figure("a2:f1", "a2", "Some 5,000 residents", 5000, "about")
    flood = DateRange("2023-02-28", "2023-02-28", "2023-02-28")
    march = DateRange("2023-03", "2023-03-01", "2023-03-31")
    summer = DateRange("2023-SU", "2023-06-01", "2023-08-31")
    return [
        Extraction("a1", _sentences("a1", TEXTS["a1"]), figures=[f1],
                   events=[_event("a1:v1", "a1", "evacuated", "evacuate", "occurred", flood, ["a1:f1"],
                                  "a1:e1", "a1:e2"),
                           _event("a1:v2", "a1", "ready to send", "deliver_aid", "intended", march, [],
                                  "a1:e3", "a1:e2")],
                   quotes=[_quote("a1:q1", "a1", "We are doing everything we can,", "a1:e1",
                                  "Interior Minister Tomas Brandt", "direct")]),
        Extraction("a2", _sentences("a2", TEXTS["a2"]), figures=[f2],
                   events=[_event("a2:v1", "a2", "were evacuated", "evacuate", "occurred", flood, ["a2:f1"],
                                  None, "a2:e2"),
                           _event("a2:v2", "a2", "will send", "deliver_aid", "planned", march, [],
                                  "a2:e3", "a2:e2"),
                           _event("a2:v3", "a2", "plans to rebuild", "cooperate", "planned", summer, [],
                                  "a2:e2", None)]),
        Extraction("a3", _sentences("a3", TEXTS["a3"]),
                   events=[_event("a3:v1", "a3", "said", "criticize", "occurred", None, [], "a3:e1", None)],
                   quotes=[_quote("a3:q1", "a3", HOSTILE_QUOTE, "a3:e1", HOSTILE_SCRIPT, "direct")]),
    ]


def make_story() -> Story:
    """The fixture story: 3 articles, 4 timeline entries (one dated to the day, a month, a
    season, one undated), a figure conflict, quotes, and a hostile article."""
    entities = [Entity("e1", "Tomas Brandt", "PERSON", ["Brandt"], role="Interior Minister"),
                Entity("e2", "Valmora", "GPE"), Entity("e3", "Kestria", "GPE")]
    mapping = {f"{a}:e{n}": f"e{n}" for a in TEXTS for n in (1, 2, 3)}
    timeline = [
        TimelineEntry("t1", DateRange("2023-02-28", "2023-02-28", "2023-02-28"), "evacuate",
                      "Rescue teams evacuate residents of Valmora", "occurred", ["a1:v1", "a2:v1"], ["a1", "a2"],
                      [Conflict("figure", "reports disagree on residents: more than 4,000 vs some 5,000",
                                ["a1:f1", "a2:f1"])], "e1", "e2"),
        TimelineEntry("t2", DateRange("2023-03", "2023-03-01", "2023-03-31"), "deliver_aid",
                      "Kestria to send food aid to Valmora", "planned", ["a1:v2", "a2:v2"], ["a1", "a2"],
                      [], "e3", "e2"),
        TimelineEntry("t3", DateRange("2023-SU", "2023-06-01", "2023-08-31"), "cooperate",
                      "Valmora plans to rebuild the dams", "planned", ["a2:v3"], ["a2"], [], "e2", None),
        TimelineEntry("t4", DateRange(None), "criticize", f"Brandt says {HOSTILE_SCRIPT}", "occurred",
                      ["a3:v1"], ["a3"], [], "e1", None),
    ]
    return Story(_articles(), _extractions(), entities, timeline, mapping)


def make_store(path: Path) -> Path:
    """The fixture story saved in a fresh store at `path`."""
    story = make_story()
    store = Store(path)
    for article, found in zip(story.articles, story.extractions, strict=True):
        store.save(article, found)
    store.save_story(story)
    store.close()
    return path


# --- tests of the presentation layer -------------------------------------------------


def test_fixture_offsets_slice_back() -> None:
    story = make_story()
    texts = {a.id: a.text for a in story.articles}
    for found in story.extractions:
        for item in [*found.figures, *found.quotes, *found.events, *found.sentences]:
            assert texts[item.article][item.start:item.end]


def test_entry_has_sources_figures_conflicts_and_passages() -> None:
    view = Present(make_story())
    t1 = view.entry(view.timeline["t1"])
    assert [s["label"] for s in t1["sources"]] == ["Wire One", "Second Paper"]
    assert [f["text"] for f in t1["figures"]] == ["more than 4,000 residents", "Some 5,000 residents"]
    item = t1["conflicts"][0]["items"][1]
    assert item["kind"] == "figure" and item["passage"]["article"] == "a2"
    assert item["passage"]["sentence"] == 0 and item["passage"]["anchor"] == "a-a2-s-0"
    assert t1["source"] == "Tomas Brandt" and "Brandt" in t1["actors"]


def test_an_entry_only_publication_dates_says_so() -> None:
    story = make_story()
    view = Present(story)
    assert not view.entry(view.timeline["t1"])["dated_by_publication"]
    for found in story.extractions:
        for ev in found.events:
            ev.date_source = "published"
    view = Present(story)
    assert view.entry(view.timeline["t1"])["dated_by_publication"]


def test_relations_derived_from_timeline_when_story_stage_gave_none() -> None:
    pairs = Present(make_story()).relations()
    names = {(p["source_name"], p["target_name"]) for p in pairs}
    assert names == {("Tomas Brandt", "Valmora"), ("Kestria", "Valmora")}


def test_relations_from_story_stage_are_used_as_given() -> None:
    story = make_story()
    story.extra["relations"] = [{"source": "e3", "source_name": "Kestria", "target": "e2",
                                 "target_name": "Valmora",
                                 "sequence": [{"date": "2023-03", "type": "deliver_aid", "status": "planned",
                                               "entry": "t2"}]}]
    (pair,) = Present(story).relations()
    assert pair["sequence"][0]["earliest"] == "2023-03-01"


def test_when_reads_timex_values() -> None:
    assert when("2021-08-15") == "15 Aug 2021"
    assert when("2021-08") == "Aug 2021"
    assert when("2021-SU") == "summer 2021"
    assert when("2024") == "2024"
    assert when(None) == "undated"
    assert when("2021-W33") == "week of 16 Aug 2021"
    assert when("2021-H2") == "second half of 2021"
    assert when("202X") == "2020s"
    assert when("XXXX-WXX-5") == "a Friday, date not known"  # never shown as a raw value
    assert when("XXXX-07") == "July, year not known"
    assert when("XXXX") == "date not known"
    assert when("PRESENT_REF") == "now"
    assert when("PRESENT_REF", "2023-03-06", "2023-03-06") == "now (6 Mar 2023)"


@pytest.mark.parametrize(("earliest", "latest", "label"), [
    ("2021-08-19", "2021-08-22", "19–22 Aug 2021"),
    ("2021-08-26", "2021-12-01", "26 Aug – 1 Dec 2021"),
    ("2022-01-01", "2022-04-30", "Jan – Apr 2022"),
    ("2021-12-01", "2022-01-31", "Dec 2021 – Jan 2022"),
    ("2021-01-01", "2021-12-31", "2021"),
    ("2021-01-01", None, "on or after 1 Jan 2021"),
    (None, "2021-03-01", "on or before 1 Mar 2021"),
    (None, None, "undated"),
])
def test_bounds_read_as_a_span(earliest: str | None, latest: str | None, label: str) -> None:
    assert when(None, earliest, latest) == label


def test_an_inferred_publication_date_shows_its_range_and_evidence() -> None:
    view = Present(make_story())
    assert view.publication("a3") == {
        "published_when": "6–10 Mar 2023", "published_how": "inferred",
        "published_evidence": "'the flood' here is the flood dated 28 Feb 2023 in Wire One"}  # as read
    assert view.publication("a1")["published_when"] == "2 Mar 2023"


def test_conflict_details_name_articles_and_read_dates() -> None:
    view = Present(make_story())
    assert view.explain("'36 tons' (a1) and '36 t' (a2) reported for 2023-02-28 and 2023-03-01..2023-03-31") == (
        "'36 tons' (Wire One) and '36 t' (Second Paper) reported for 28 Feb 2023 and Mar 2023")


def test_explain_needs_only_article_labels() -> None:
    # the terminal views use it without the web presentation: ids inside words are left alone
    labels = {"a1": "Wire One", "a12": "Other Paper"}
    assert explain("'5 dead' (a12) and (a1), not xa1 or a1-b, on 2023-02-28", labels) == (
        "'5 dead' (Other Paper) and (Wire One), not xa1 or a1-b, on 28 Feb 2023")


def test_safe_url_refuses_script_urls() -> None:
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JavaScript:alert(1)") is None
    assert safe_url("data:text/html,<script>") is None
    assert safe_url('https://x.org/"onmouseover="alert(1)') is None


def test_article_blocks_mark_items_inside_their_sentences() -> None:
    art = Present(make_story()).article("a1")
    text = "".join(p.text for b in art["blocks"] for p in b.pieces)
    assert text == TEXTS["a1"]
    marked = {p.text: p.kinds for b in art["blocks"] for p in b.pieces if p.items}
    assert marked["more than 4,000 residents"] == ["figure"]
    assert marked["evacuated"] == ["event"]


def test_axis_keeps_every_dated_entry_and_lists_undated() -> None:
    story = make_story()
    ax = layout([(e.id, e.date.earliest, e.date.latest) for e in story.timeline])
    assert {m.key for m in ax.marks} == {"t1", "t2", "t3"} and ax.undated == ["t4"]


def test_sentence_blocks_leave_trailing_newlines_outside_the_highlight() -> None:
    from storyline.model import Sentence
    from storyline.web.highlight import blocks

    text = "One thing.\n\nTwo things."
    out = blocks(text, [Sentence("a", 0, 0, 12, text[:12]), Sentence("a", 1, 12, 23, text[12:])], [])
    assert [(b.index, "".join(p.text for p in b.pieces)) for b in out] == [
        (0, "One thing."), (None, "\n\n"), (1, "Two things.")]


def test_the_terminal_timeline_marks_entries_only_publication_dates() -> None:
    from rich.console import Console

    from storyline.views import print_timeline

    story = make_story()
    for found in story.extractions:
        for ev in found.events:
            ev.date_source = "published"
    console = Console(record=True, width=200)
    print_timeline(console, story, story.timeline)
    assert "(by publication)" in console.export_text()
