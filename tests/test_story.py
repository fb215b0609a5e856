"""The story stage on an invented three-article story built by hand (no parsing)."""

from __future__ import annotations

import pytest

from storyline.entities.resolve import resolve_entities
from storyline.model import (
    Article,
    DateRange,
    Entity,
    Event,
    Extraction,
    Figure,
    Published,
    Sentence,
    Story,
    TimelineEntry,
    Timex,
)
from storyline.story import build_story, dates, relations
from storyline.story.actors import Actors
from storyline.story.merge import reports_of
from storyline.story.rules import rules
from storyline.story.summary import summarize


def when(value: str, earliest: str | None = None, latest: str | None = None) -> DateRange:
    """A DateRange with bounds computed from the value unless given."""
    b = dates.value_bounds(value)
    lo = earliest or (b[0].isoformat() if b else None)
    hi = latest or (b[1].isoformat() if b else None)
    return DateRange(value, lo, hi)


class Writer:
    """Builds one article's extraction record by record."""

    def __init__(self, aid: str, published: str, text: str = ""):
        self.article = Article(aid, f"{aid}.txt", text or f"text of {aid}",
                               published=Published(published, "text", published, published))
        self.found = Extraction(aid)
        self.names: dict[str, str] = {}

    def entity(self, name: str, kind: str = "GPE", affiliation: str | None = None) -> str:
        """The local id of a named entity (created on first use)."""
        if name not in self.names:
            eid = f"{self.article.id}:e{len(self.names) + 1}"
            self.names[name] = eid
            self.found.entities.append(Entity(eid, name, kind, [name], affiliation=affiliation,
                                              article=self.article.id))
        return self.names[name]

    def figure(self, text: str, low: float, unit: str, counted: str, qualifier: str = "exact",
               high: float | None = None) -> str:
        """Add a figure; returns its id."""
        fid = f"{self.article.id}:f{len(self.found.figures) + 1}"
        value = low if qualifier in ("exact", "about") else None
        self.found.figures.append(Figure(fid, self.article.id, 0, 0, text, value, low, high, qualifier,
                                         unit, counted))
        return fid

    def event(self, etype: str, sentence: str, trigger: str, source: str | None, target: str | None,
              date: DateRange | None, status: str = "occurred", figures: tuple[str, ...] = (),
              date_source: str | None = "text") -> str:
        """Add an event; actors by name; returns its id."""
        vid = f"{self.article.id}:v{len(self.found.events) + 1}"
        start = 100 * len(self.found.events)
        self.found.events.append(Event(
            vid, self.article.id, start, start + len(sentence), sentence, etype, None, trigger,
            self.entity(source) if source else None, self.entity(target) if target else None,
            date, status, list(figures), date_source=date_source if date else None))
        return vid


def invented_story() -> tuple[list[Article], list[Extraction], dict[str, str]]:
    """Three reports on a made-up crisis; returns articles, extractions and named ids."""
    ids: dict[str, str] = {}
    a1 = Writer("a1", "2023-03-10")
    ids["attack1"] = a1.event("attack", "Rebels attacked the market in Northtown on March 2, killing 40 people.",
                              "attacked", "Rebels", "Northtown", when("2023-03-02"),
                              figures=(a1.figure("40 people", 40, "people", "killed"),))
    ids["aid_t1"] = a1.figure("50 tonnes", 50, "t", "humanitarian aid")
    ids["aid1"] = a1.event("deliver_aid", "Freedonia flew 50 tonnes of humanitarian aid to Sylvania on Thursday.",
                           "flew", "Freedonia", "Sylvania", when("2023-03-09"), figures=(ids["aid_t1"],))
    ids["designate"] = a1.event("designate", "Freedonia has listed the Rebels as a terrorist group since 2015.",
                                "listed", "Freedonia", "Rebels", when("2015"))
    ids["evac300"] = a1.figure("more than 300 citizens", 300, "people", "citizens", "more_than")
    ids["evac1"] = a1.event("evacuate", "On March 5, Freedonia evacuated more than 300 citizens from Sylvania.",
                            "evacuated", "Freedonia", "Sylvania", when("2023-03-05"), figures=(ids["evac300"],))
    ids["attack1b"] = a1.event("attack", "The attack on Northtown was the worst in years.", "attack",
                               None, "Northtown", when("2023-03-02"))

    a2 = Writer("a2", "2023-04-20")
    ids["attack2"] = a2.event("attack", "Since the March 2 attack by Rebels on Northtown, the city has been calm.",
                              "attack", "Rebels", "Northtown", when("2023-03-02"))
    ids["aid_t2"] = a2.figure("50 tons", 50, "t", "aid")
    ids["aid2"] = a2.event("deliver_aid", "In April Freedonia delivered a second batch of aid weighing 50 tons.",
                           "delivered", "Freedonia", "Sylvania", when("2023-04"), figures=(ids["aid_t2"],))
    ids["evac450"] = a2.figure("450 citizens", 450, "people", "citizens")
    ids["evac2"] = a2.event("evacuate", "From March 1 to April 15, 450 citizens were evacuated by Freedonia.",
                            "evacuated", "Freedonia", "Sylvania",
                            when("2023-03-01", "2023-03-01", "2023-04-15"), figures=(ids["evac450"],))
    ids["meet2"] = a2.event("meet", "The Freedonian envoy met Sylvania's foreign minister on March 28.",
                            "met", "Freedonia", "Sylvania", when("2023-03-28"))
    ids["recog2"] = a2.event("recognize", "Freedonia did not recognize the Rebels.", "recognize",
                             "Freedonia", "Rebels", when("2023-04-20"), status="negated")

    a3 = Writer("a3", "2023-03-21")
    ids["attack3"] = a3.event("attack", "Hundreds fled Northtown after the attack by Rebels in March.",
                              "attack", "Rebels", "Northtown", when("2023-03"))
    ids["evac200"] = a3.figure("200 people", 200, "people", "people")
    ids["evac3"] = a3.event("evacuate", "On Monday Freedonia evacuated 200 people from Sylvania.",
                            "evacuated", "Freedonia", "Sylvania", when("2023-03-20"), figures=(ids["evac200"],))
    ids["aid3"] = a3.event("deliver_aid", "Freedonia will send more aid to Sylvania on Saturday.",
                           "send", "Freedonia", "Sylvania", when("2023-03-25"), status="planned")
    ids["meet3"] = a3.event("meet", "The Freedonian envoy will meet Sylvania's foreign minister on March 28.",
                            "meet", "Freedonia", "Sylvania", when("2023-03-28"), status="planned")
    ids["praise3"] = a3.event("praise", "Freedonia praised Sylvania's response.", "praised",
                              "Freedonia", "Sylvania", None)
    writers = [a1, a2, a3]
    return [w.article for w in writers], [w.found for w in writers], ids


@pytest.fixture(scope="module")
def story() -> tuple[Story, dict[str, str]]:
    articles, extractions, ids = invented_story()
    return build_story(articles, extractions), ids


def entry_with(story: Story, event_id: str) -> TimelineEntry:
    return next(t for t in story.timeline if event_id in t.events)


def test_cross_source_reports_merge_into_one_entry(story):
    s, ids = story
    entry = entry_with(s, ids["attack1"])
    assert entry.articles == ["a1", "a2", "a3"]
    assert {ids["attack1"], ids["attack2"], ids["attack3"], ids["attack1b"]} <= set(entry.events)
    # the most precise date of the reports: the day, not the month
    assert (entry.date.value, entry.date.earliest, entry.date.latest) == ("2023-03-02", "2023-03-02", "2023-03-02")


def test_same_type_different_dates_do_not_merge(story):
    s, ids = story
    first, second = entry_with(s, ids["aid1"]), entry_with(s, ids["aid2"])
    assert first is not second
    assert entry_with(s, ids["aid3"]) not in (first, second)  # planned for another day


def test_same_figure_for_two_dates_is_a_conflict_on_both_entries(story):
    s, ids = story
    for eid in ("aid1", "aid2"):
        kinds = {(c.kind, tuple(sorted(c.items))) for c in entry_with(s, ids[eid]).conflicts}
        assert ("date", tuple(sorted([ids["aid_t1"], ids["aid_t2"]]))) in kinds


def _aid_on_days(days: int) -> list[TimelineEntry]:
    """The timeline of `days` articles, each reporting 20 tonnes delivered on its own day."""
    articles, extractions = [], []
    for n in range(days):
        day = f"2023-05-{n + 1:02d}"
        w = Writer(f"d{n}", day)
        w.event("deliver_aid", f"Freedonia flew 20 tonnes of aid to Sylvania on May {n + 1}.", "flew",
                "Freedonia", "Sylvania", when(day), figures=(w.figure("20 tonnes", 20, "t", "aid"),))
        articles.append(w.article)
        extractions.append(w.found)
    return build_story(articles, extractions).timeline


def test_a_number_few_entries_state_is_a_date_conflict_between_each_pair():
    most = int(rules().conflicts["same_figure_nearest"])
    timeline = _aid_on_days(most + 1)
    assert len(timeline) == most + 1
    assert all(sum(c.kind == "date" for c in t.conflicts) == most for t in timeline)


def test_a_number_many_entries_state_is_a_date_conflict_with_the_nearest_only():
    most = int(rules().conflicts["same_figure_nearest"])
    timeline = sorted(_aid_on_days(20), key=lambda t: t.date.value or "")
    dated = [[c for c in t.conflicts if c.kind == "date"] for t in timeline]
    assert len(timeline) == 20 and all(dated)
    # far fewer than the 190 pairs, and no entry with more than twice its own share
    assert len({c.detail for cs in dated for c in cs}) < 20 * most
    assert max(len(cs) for cs in dated) <= 2 * most
    middle = timeline[10]
    partners = {f.split(":")[0] for c in dated[10] for f in c.items} - {middle.articles[0]}
    assert partners <= {f"d{n}" for n in range(10 - most, 11 + most)}  # its neighbours in date


def test_a_conflict_detail_lists_a_few_figures_and_its_items_all():
    from storyline.story.conflicts import LISTED, _listing

    w = Writer("z1", "2023-03-01")
    for n in range(LISTED + 3):
        w.figure(f"{n} people", 14, "people", "people")
    text = _listing(w.found.figures)
    assert text.endswith(" and 3 more") and text.count("people") == LISTED


def test_total_over_a_period_smaller_than_its_parts_is_a_conflict(story):
    s, ids = story
    total = entry_with(s, ids["evac2"])
    assert total.date.earliest == "2023-03-01" and total.date.latest == "2023-04-15"
    conflict = next(c for c in total.conflicts if ids["evac450"] in c.items)
    assert conflict.kind == "figure"
    assert set(conflict.items) == {ids["evac450"], ids["evac300"], ids["evac200"]}
    assert conflict in entry_with(s, ids["evac3"]).conflicts


def test_background_event_keeps_its_own_date(story):
    s, ids = story
    entry = entry_with(s, ids["designate"])
    assert entry.date.value == "2015" and entry.date.earliest == "2015-01-01"
    assert s.timeline[0] is entry  # earliest first


def test_planned_and_occurred_reports_merge_with_a_status_conflict(story):
    s, ids = story
    entry = entry_with(s, ids["meet2"])
    assert ids["meet3"] in entry.events
    assert entry.status == "occurred"
    status = [c for c in entry.conflicts if c.kind == "status"]
    assert status and set(status[0].items) == {ids["meet2"], ids["meet3"]}


def test_negated_event_makes_no_entry(story):
    s, ids = story
    assert all(ids["recog2"] not in t.events for t in s.timeline)


def test_undated_event_sits_at_its_publication_date(story):
    s, ids = story
    assert entry_with(s, ids["praise3"]).date.value == "2023-03-21"


def test_timeline_sorted_with_stable_ids():
    articles, extractions, _ = invented_story()
    one = build_story(articles, extractions).timeline
    two = build_story(articles, extractions).timeline
    assert len({t.id for t in one}) == len(one)
    assert [(t.id, t.events) for t in one] == [(t.id, t.events) for t in two]
    starts = [t.date.earliest or "" for t in one]
    assert starts == sorted(starts)


def test_ids_do_not_move_when_an_article_goes():
    """Entry and entity ids come from what anchors them, not from positions: dropping the
    first article leaves the ids of the entries and entities it had no part in."""
    articles, extractions, _ = invented_story()
    full = build_story(articles, extractions)
    less = build_story(articles[1:], extractions[1:])
    gone = articles[0].id
    kept = {tuple(t.events): t.id for t in full.timeline if gone not in t.articles}
    assert kept and {tuple(t.events): t.id for t in less.timeline if tuple(t.events) in kept} == kept
    names = {e.id: e.name for e in less.entities}
    assert all(names.get(e.id, e.name) == e.name for e in full.entities)
    assert len(set(names) & {e.id for e in full.entities}) >= len(less.entities) - 1


def test_entries_name_global_actors_and_summarize(story):
    s, ids = story
    entry = entry_with(s, ids["aid1"])
    names = {e.id: e.name for e in s.entities}
    assert names[entry.source] == "Freedonia" and names[entry.target] == "Sylvania"
    assert entry.summary == "Freedonia delivers 50 tonnes of aid to Sylvania"
    assert entry_with(s, ids["aid3"]).summary.endswith("(planned)")


def test_relations_list_event_types_per_pair_in_date_order(story):
    s, _ = story
    rows = {(r["source_name"], r["target_name"]): r for r in s.extra["relations"]}
    assert rows == {(r["source_name"], r["target_name"]): r for r in relations(s)}
    seq = rows[("Freedonia", "Rebels")]["sequence"]
    assert [x["type"] for x in seq] == ["designate"]
    types = [x["type"] for x in rows[("Freedonia", "Sylvania")]["sequence"]]
    assert types[0] == "evacuate" and "meet" in types and types[-1] == "deliver_aid"


def test_same_day_reports_with_different_tolls_merge_with_a_figure_conflict():
    a, b = Writer("b1", "2023-05-02"), Writer("b2", "2023-05-03")
    fa = a.figure("12 people", 12, "people", "killed")
    fb = b.figure("at least 19 people", 19, "people", "dead", "at_least")
    va = a.event("attack", "A bomb killed 12 people at the port of Eastville on May 1.", "killed",
                 None, "Eastville", when("2023-05-01"), figures=(fa,))
    vb = b.event("attack", "The May 1 bombing at the Eastville port killed at least 19 people.", "bombing",
                 None, "Eastville", when("2023-05-01"), figures=(fb,))
    s = build_story([a.article, b.article], [a.found, b.found])
    assert len(s.timeline) == 1
    entry = s.timeline[0]
    assert entry.events == [va, vb] and entry.articles == ["b1", "b2"]
    assert [(c.kind, set(c.items)) for c in entry.conflicts] == [("figure", {fa, fb})]


def test_count_for_a_period_does_not_merge_with_a_count_for_a_day_in_it():
    a = Writer("c1", "2023-06-30")
    f900, f150 = a.figure("900 people", 900, "people", "people"), a.figure("150 people", 150, "people", "people")
    month = a.event("evacuate", "In June, 900 people were evacuated from Westport by Freedonia.", "evacuated",
                    "Freedonia", "Westport", when("2023-06"), figures=(f900,))
    day = a.event("evacuate", "On June 3, 150 people were evacuated from Westport by Freedonia.", "evacuated",
                  "Freedonia", "Westport", when("2023-06-03"), figures=(f150,))
    s = build_story([a.article], [a.found])
    assert [t.events for t in s.timeline] == [[month], [day]]
    assert all(not t.conflicts for t in s.timeline)  # 150 within 900 adds up


def test_one_actor_typed_differently_in_two_articles_still_merges():
    a, b = Writer("d1", "2023-07-02"), Writer("d2", "2023-07-09")
    a.entity("Northern Front", "ORG")
    b.entity("Northern Front", "NORP")
    va = a.event("seize_power", "The Northern Front seized power in Southland on July 1.", "seized",
                 "Northern Front", "Southland", when("2023-07-01"))
    vb = b.event("seize_power", "Since the Northern Front took control in July, prices have doubled.", "took",
                 "Northern Front", None, when("2023-07"))
    s = build_story([a.article, b.article], [a.found, b.found])
    assert len({e.id for e in s.entities if e.name == "Northern Front"}) == 2  # resolve kept them apart
    assert [t.events for t in s.timeline] == [[va, vb]]
    assert s.timeline[0].date.value == "2023-07-01"


def test_event_dated_by_the_start_of_a_stated_period_spans_the_period():
    text = "From March 1 to April 15, 450 citizens were evacuated. On March 1, talks began."
    a = Writer("p1", "2023-05-01", text)
    a.found.sentences = [Sentence("p1", 0, 0, 54, text[:54]), Sentence("p1", 1, 55, len(text), text[55:])]
    a.found.timexes = [Timex("p1", 5, 12, "March 1", "DATE", "2023-03-01", "2023-03-01", "2023-03-01"),
                       Timex("p1", 16, 24, "April 15", "DATE", "2023-04-15", "2023-04-15", "2023-04-15"),
                       Timex("p1", 58, 65, "March 1", "DATE", "2023-03-01", "2023-03-01", "2023-03-01")]
    assert text[5:12] == "March 1" and text[16:24] == "April 15" and text[58:65] == "March 1"
    evac = a.event("evacuate", text[:54], "evacuated", None, None, when("2023-03-01"))
    talks = a.event("meet", text[55:], "talks", None, None, when("2023-03-01"))
    a.found.events[0].start, a.found.events[0].end = 0, 54
    a.found.events[1].start, a.found.events[1].end = 55, len(text)
    s = build_story([a.article], [a.found])
    period = entry_with(s, evac).date
    assert (period.value, period.earliest, period.latest) == ("2023-03-01", "2023-03-01", "2023-04-15")
    assert entry_with(s, talks).date.latest == "2023-03-01"


def test_undatable_report_does_not_join_another_articles_event():
    a, b = Writer("u1", "2023-02-01"), Writer("u2", "2023-02-02")
    b.article.published = None  # the other article's date is unknown, so is its undated event
    va = a.event("praise", "Freedonia praised Sylvania's reforms on Monday.", "praised",
                 "Freedonia", "Sylvania", when("2023-01-30"))
    vb = b.event("praise", "Freedonia praised Sylvania's reforms.", "praised", "Freedonia", "Sylvania", None)
    s = build_story([a.article, b.article], [a.found, b.found])
    assert sorted(t.events for t in s.timeline) == [[va], [vb]]


def test_summary_names_the_quantity_not_the_vehicle():
    a = Writer("q1", "2023-02-01")
    planes = a.figure("three aircraft", 3, "aircraft", "aircraft")
    tons = a.figure("20 tonnes", 20, "t", "aid")
    a.event("deliver_aid", "Three aircraft carried 20 tonnes of aid to Sylvania.", "carried",
            "Freedonia", "Sylvania", when("2023-01-31"), figures=(planes, tons))
    a.event("deliver_aid", "Two aircraft carried aid to Sylvania in 2021.", "carried",
            "Freedonia", "Sylvania", when("2021"), figures=(a.figure("two aircraft", 2, "aircraft", "aircraft"),))
    s = build_story([a.article], [a.found])
    assert [t.summary for t in s.timeline] == ["Freedonia delivers aid to Sylvania",
                                               "Freedonia delivers 20 tonnes of aid to Sylvania"]


def test_summary_drops_the_quotation_marks_a_figure_straddles():
    a = Writer("q2", "2023-02-01")
    people = a.figure("one or two hundred” residents", 100, "people", "residents", "range", 200)
    a.event("evacuate", "Freedonia said it had evacuated “one or two hundred” residents.", "evacuated",
            "Freedonia", None, when("2023-01-31"), figures=(people,))
    s = build_story([a.article], [a.found])
    assert "one or two hundred residents" in s.timeline[0].summary and "”" not in s.timeline[0].summary


def test_undated_background_mention_of_a_once_only_event_joins_the_dated_report():
    a, b = Writer("g1", "2023-03-02"), Writer("g2", "2023-03-20")
    va = a.event("seize_power", "Rebels seized power in Sylvania on March 1.", "seized", "Rebels", "Sylvania",
                 when("2023-03-01"))
    vb = b.event("seize_power", "Freedonia praised the rebels following their takeover of Sylvania.", "takeover",
                 "Rebels", "Sylvania", when("2023-03-20"), date_source="published")
    s = build_story([a.article, b.article], [a.found, b.found])
    (entry,) = [t for t in s.timeline if t.type == "seize_power"]
    assert sorted(entry.events) == [va, vb] and entry.date.value == "2023-03-01"


def test_undated_background_once_only_event_alone_spans_the_year_before_its_report():
    b = Writer("g3", "2023-03-20")
    b.event("seize_power", "Freedonia praised the rebels following their takeover of Sylvania.", "takeover",
            "Rebels", "Sylvania", when("2023-03-20"), date_source="published")
    (entry,) = build_story([b.article], [b.found]).timeline
    assert (entry.date.value, entry.date.earliest, entry.date.latest) == (None, "2022-03-20", "2023-03-20")


def test_parts_for_overlapping_periods_are_not_summed():
    a, b = Writer("s1", "2023-05-01"), Writer("s2", "2023-05-02")
    total = b.figure("450 citizens", 450, "people", "citizens")
    b.event("evacuate", "From March 1 to April 15, Freedonia evacuated 450 citizens.", "evacuated",
            "Freedonia", None, when("2023-03-01", "2023-03-01", "2023-04-15"), figures=(total,))
    march = a.figure("more than 300 citizens", 300, "people", "citizens", "more_than")
    a.event("evacuate", "In March, Freedonia evacuated more than 300 citizens.", "evacuated",
            "Freedonia", None, when("2023-03"), figures=(march,))
    early = a.figure("200 citizens", 200, "people", "citizens")
    a.event("evacuate", "Earlier that month it had evacuated 200 citizens.", "evacuated",
            "Freedonia", None, when("2023-03"), figures=(early,))
    s = build_story([a.article, b.article], [a.found, b.found])
    assert not [c for t in s.timeline for c in t.conflicts if total in c.items]  # 200 may be within the 300
    april = a.figure("200 people", 200, "people", "people")
    a.event("evacuate", "On April 10, Freedonia evacuated 200 people.", "evacuated",
            "Freedonia", None, when("2023-04-10"), figures=(april,))
    s = build_story([a.article, b.article], [a.found, b.found])
    conflicts = [c for t in s.timeline for c in t.conflicts if total in c.items]
    assert conflicts and set(conflicts[0].items) == {total, march, april}
    assert "450 citizens" in conflicts[0].detail and "more than 300 citizens" in conflicts[0].detail


def test_undated_report_does_not_merge_with_another_articles_dated_one_of_a_once_type():
    a, b = Writer("w1", "2022-03-01"), Writer("w2", "2024-10-05")
    b.article.published = Published(None, "inferred", "2021-01-01", None)  # only a lower bound
    va = a.event("delist", "Freedonia will remove the Rebels from its terrorist list.", "remove",
                 "Freedonia", "Rebels", when("2022"), status="intended")
    vb = b.event("delist", "Freedonia is preparing to remove the Rebels from its terrorist list.", "remove",
                 "Freedonia", "Rebels", DateRange("XXXX-WXX-5"), status="planned")
    s = build_story([a.article, b.article], [a.found, b.found])
    assert sorted(t.events for t in s.timeline) == [[va], [vb]]


def test_open_ended_date_does_not_merge_across_articles():
    a, b = Writer("o1", "2023-01-10"), Writer("o2", "2023-02-01")
    va = a.event("seize_power", "The army seized power in Southland on January 9.", "seized",
                 "Southland army", "Southland", when("2023-01-09"))
    vb = b.event("seize_power", "In recent years the army has seized power in Southland.", "seized",
                 "Southland army", "Southland", DateRange("PAST_REF"))
    s = build_story([a.article, b.article], [a.found, b.found])
    assert sorted(t.events for t in s.timeline) == [[va], [vb]]


def test_calendar_less_dates_that_differ_do_not_merge():
    a = Writer("x1", "2023-01-10")
    a.article.published = None
    va = a.event("praise", "The minister praised Sylvania on Friday.", "praised", "Freedonia", "Sylvania",
                 DateRange("XXXX-WXX-5"))
    vb = a.event("praise", "In July the president praised Sylvania.", "praised", "Freedonia", "Sylvania",
                 DateRange("XXXX-07"))
    s = build_story([a.article], [a.found])
    assert sorted(t.events for t in s.timeline) == [[va], [vb]]


def synthetic_story(n_articles: int, seed: int = 7) -> tuple[list[Article], list[Extraction]]:
    """Many small invented articles: few types, actors and figures, dates over two years (some vague)."""
    import random
    from datetime import date, timedelta

    rnd = random.Random(seed)
    types = ["evacuate", "deliver_aid", "attack", "casualties", "meet", "delist", "lift_sanctions"]
    places = ["Northtown", "Sylvania", "Freedonia", "Westport"]
    writers = []
    for n in range(n_articles):
        day = date(2022, 1, 1) + timedelta(days=rnd.randrange(730))
        w = Writer(f"s{n}", day.isoformat())
        for _ in range(rnd.randrange(1, 5)):
            etype, src, tgt = rnd.choice(types), rnd.choice(places), rnd.choice(places)
            when_ = rnd.choice([
                when((day - timedelta(days=rnd.randrange(60))).isoformat()), when(day.isoformat()[:7]),
                when(day.isoformat(), day.isoformat(), (day + timedelta(days=rnd.randrange(20, 90))).isoformat()),
                when(str(day.year)), DateRange("PAST_REF"), None])
            figs = ()
            if rnd.random() < 0.5:
                v = rnd.choice([36, 100, 200, 380, 500, 770])
                figs = (w.figure(f"{v} people", v, "people", "people", rnd.choice(["exact", "more_than"])),)
            w.event(etype, f"{src} {etype} {tgt} number {rnd.randrange(5)}.", etype, src, tgt, when_,
                    rnd.choice(["occurred", "occurred", "planned"]), figs)
        writers.append(w)
    return [w.article for w in writers], [w.found for w in writers]


def test_blocking_gives_the_same_story_as_comparing_every_pair(monkeypatch):
    from itertools import combinations

    from storyline.story import conflicts, merge

    articles, extractions = synthetic_story(150)
    fast = build_story(articles, extractions).timeline
    monkeypatch.setattr(merge, "candidate_pairs", lambda reports, rules: set(combinations(range(len(reports)), 2)))
    monkeypatch.setattr(conflicts, "figure_pairs", lambda drafts, rules: list(combinations(range(len(drafts)), 2)))
    monkeypatch.setattr(conflicts, "part_candidates", lambda drafts, rules: lambda i: list(range(len(drafts))))
    slow = build_story(articles, extractions).timeline
    assert len(fast) > 100 and any(t.conflicts for t in fast) and any(len(t.events) > 1 for t in fast)
    assert fast == slow


def test_only_candidate_pairs_may_merge_and_judge_refuses_the_rest():
    from itertools import combinations

    from storyline.story.merge import candidate_pairs, judge, may_merge

    articles, extractions = synthetic_story(60)
    entities, entity_map = resolve_entities(extractions)
    actors, r = Actors(entities, entity_map), rules()
    reports = reports_of(articles, extractions, actors, r)
    candidates = set(candidate_pairs(reports, r))
    allowed = {(i, j) for i, j in combinations(range(len(reports)), 2) if may_merge(reports[i], reports[j], r)}
    assert allowed and allowed <= candidates and len(candidates) > len(allowed)
    for i, j in candidates:
        judged = judge(reports[i], reports[j], r, actors)
        assert (judged is not None) == ((i, j) in allowed)


def test_summary_names_the_event_word_and_place():
    a = Writer("y1", "2023-02-01")
    a.event("disaster", "The Northtown floods forced 300 people from their homes.", "floods", None, None,
            when("2023-01-30"))
    a.found.events[0].location = a.entity("Northtown")
    a.event("evacuate", "Rescue teams evacuated 200 people.", "evacuated", None, None, when("2023-01-31"),
            figures=(a.figure("200 people", 200, "people", "people"),))
    s = build_story([a.article], [a.found])
    assert [t.summary for t in s.timeline] == ["Floods in Northtown", "Evacuation of 200 people"]


def _located(w: Writer, event_id: str, place: str) -> None:
    """Give an event a location (`Writer.event` leaves it empty)."""
    next(e for e in w.found.events if e.id == event_id).location = w.entity(place)


def test_same_day_tolls_in_one_place_merge_without_actors():
    """No actor, other words: the same day, the same place and an agreeing count make one entry."""
    a, b = Writer("m1", "2023-04-26"), Writer("m2", "2023-04-27")
    fa = a.figure("81 people", 81, "people", "died")
    fb = b.figure("at least 81 people", 81, "people", "dead", "at_least")
    va = a.event("casualties", "The virus has killed 81 people in Eastland, officials said on Sunday.", "killed",
                 None, None, when("2023-04-26"), figures=(fa,))
    vb = b.event("casualties", "At least 81 people had died from severe pneumonia by April 26.", "died",
                 None, None, when("2023-04-26"), figures=(fb,))
    _located(a, va, "Eastland")
    _located(b, vb, "Eastland")
    s = build_story([a.article, b.article], [a.found, b.found])
    assert [t.events for t in s.timeline] == [[va, vb]]


def test_undated_reports_of_two_articles_of_one_day_are_not_dated_alike():
    """Both lean on the publication day: that is no evidence they happened on one day, so
    look-alike sentences about two different offers stay apart."""
    a, b = Writer("m3", "2023-03-09"), Writer("m4", "2023-03-09")
    fa, fb = a.figure("74 tonnes", 74, "t", "aid"), b.figure("36 tonnes", 36, "t", "aid")
    va = a.event("deliver_aid", "Neighbouring Gormland said it was ready to send rescue boats and 74 tonnes "
                 "of food aid.", "send", None, None, None, figures=(fa,))
    vb = b.event("deliver_aid", "Neighbouring Merland said it was ready to send rescue boats and 36 tonnes "
                 "of food aid.", "send", None, None, None, figures=(fb,))
    s = build_story([a.article, b.article], [a.found, b.found])
    assert sorted(t.events for t in s.timeline) == [[va], [vb]]


def test_two_undated_events_of_one_sentence_share_its_day():
    """One sentence has one date: its two readings of one act still merge when it leans on publication."""
    a = Writer("m5", "2023-06-16")
    sentence = "The opposition was quick to criticise the address, with its chairman Rolf Anders accusing the minister."
    v1 = a.event("criticize", sentence, "criticise", "opposition", None, None)
    v2 = a.event("criticize", sentence, "accusing", "Rolf Anders", "minister", None)
    a.found.events[1].start = a.found.events[0].start  # both read from one sentence
    s = build_story([a.article], [a.found])
    assert [t.events for t in s.timeline] == [[v1, v2]]


def test_summary_of_a_toll_names_its_deaths():
    a = Writer("y2", "2023-04-29")
    v = a.event("casualties", "The authorities said the virus had caused 152 deaths.", "deaths", None, None,
                when("2023-04-29"), figures=(a.figure("152 deaths", 152, "death", "deaths"),))
    _located(a, v, "Eastland")
    s = build_story([a.article], [a.found])
    assert [t.summary for t in s.timeline] == ["Casualties in Eastland: 152 deaths"]


def test_summary_without_actors_names_the_place():
    a = Writer("y3", "2023-05-04")
    talks = a.event("meet", "The decision came after a meeting of experts in Northtown today.", "meeting", None,
                    None, when("2023-05-04"))
    _located(a, talks, "Northtown")
    s = build_story([a.article], [a.found])
    assert [t.summary for t in s.timeline] == ["Meeting in Northtown"]


def test_an_undated_death_takes_the_date_another_article_gives():
    """A person dies once: a later article's undated "Okafor died" joins the dated report,
    while a death told by a third article of someone else stays apart."""
    first = Writer("d1", "2023-06-26")
    first.entity("Maria Okafor", "PERSON")
    dated = first.event("casualties", "Maria Okafor died on June 25 in Lagos.", "died", None, "Maria Okafor",
                        when("2023-06-25"))
    later = Writer("d2", "2024-09-01")
    later.entity("Maria Okafor", "PERSON")
    undated = later.event("casualties", "Okafor's family sued the clinic after Maria Okafor died.", "died", None,
                          "Maria Okafor", when("2024-09-01"), date_source="published")
    other = Writer("d3", "2024-09-02")
    other.entity("Tomas Berg", "PERSON")
    apart = other.event("casualties", "Tomas Berg died.", "died", None, "Tomas Berg", when("2024-09-02"),
                        date_source="published")
    writers = (first, later, other)
    story = build_story([w.article for w in writers], [w.found for w in writers])
    entry = next(t for t in story.timeline if dated in t.events)
    assert undated in entry.events and apart not in entry.events
    assert entry.date.value == "2023-06-25"
    assert entry.summary == "Death of Maria Okafor"


def test_a_death_most_reports_name_is_summarized_as_that_death():
    """A toll that joined a named death ("one person killed") does not rename the entry."""
    writers = [Writer(f"v{n}", "2023-06-26") for n in range(3)]
    for w in writers[:2]:
        w.entity("Maria Okafor", "PERSON")
        w.event("casualties", "Maria Okafor died on June 25.", "died", None, "Maria Okafor", when("2023-06-25"))
    toll = writers[2]
    toll.event("casualties", "One person was killed in Lagos on June 25.", "killed", None, None,
               when("2023-06-25"), figures=(toll.figure("One person", 1, "people", "killed"),))
    extractions = [w.found for w in writers]
    actors = Actors(*resolve_entities(extractions))
    group = reports_of([w.article for w in writers], extractions, actors, rules())
    assert summarize("casualties", "occurred", group, rules(), actors) == "Death of Maria Okafor"
    assert summarize("casualties", "occurred", group[2:], rules(), actors) == "Casualties: One person"


def test_a_toll_told_in_passing_takes_the_date_of_the_toll_it_retells():
    """"The blast that killed 11 workers", weeks later and undated, is the toll of the blast's
    day; the same count told as news ("11 workers were killed") stays on its own day."""
    first = Writer("k1", "2023-04-21")
    dated = first.event("casualties", "A blast on the rig killed 11 workers on April 20.", "killed", None, None,
                        when("2023-04-20"), figures=(first.figure("11 workers", 11, "people", "killed"),))
    later = Writer("k2", "2023-05-27")
    retold = later.event("casualties", "Engineers blamed the blast that killed 11 workers.", "killed", None, None,
                         when("2023-05-27"), figures=(later.figure("11 workers", 11, "people", "killed"),),
                         date_source="published")
    later.found.events[-1].in_passing = True
    news = Writer("k3", "2023-06-02")
    fresh = news.event("casualties", "Eleven workers were killed in a mine.", "killed", None, None,
                       when("2023-06-02"), figures=(news.figure("Eleven workers", 11, "people", "killed"),),
                       date_source="published")
    writers = (first, later, news)
    story = build_story([w.article for w in writers], [w.found for w in writers])
    date_of = {v: t.date.value for t in story.timeline for v in t.events}
    assert date_of[retold] == date_of[dated] == "2023-04-20"
    assert date_of[fresh] == "2023-06-02"
