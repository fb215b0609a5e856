"""The timex stage on small real sentences: one test per expression family."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import storyline.stages  # noqa: F401 - registers the built-in stages
from storyline.model import Article, Extraction, Published
from storyline.pipeline import Parsed, check_order, run_stages
from storyline.timex import find_timexes, infer_published, refine_published, tag
from storyline.timex import normalize as nz
from storyline.timex.infer import DatedEvent, DatedIndex, dated_events

Run = Callable[..., dict[str, str]]


@pytest.fixture
def values(parse: Callable[..., Parsed]) -> Run:
    """values(text, published) -> {timex text: value} from the timex stage."""

    def run(text: str, published: str | None = "2021-11-18") -> dict[str, str]:
        parsed = parse(text, published)
        return {t.text: t.value for t in find_timexes(parsed, Extraction(parsed.article.id))}

    return run


def test_weekday_on_the_article_date(values: Run) -> None:
    assert values("The Russian military said Thursday it has resumed evacuations.") == {"Thursday": "2021-11-18"}


def test_past_weekday_is_the_most_recent_one(values: Run) -> None:
    assert values("The minister said Monday that talks had failed.")["Monday"] == "2021-11-15"


def test_this_summer(values: Run) -> None:
    assert values("The group seized power this summer.")["this summer"] == "2021-SU"


def test_month_last_year(values: Run) -> None:
    got = values("The regime took power in August last year.", "2022-01-20")
    assert got == {"August last year": "2021-08"}


def test_earlier_this_year(values: Run) -> None:
    got = values("An attack on a concert hall earlier this year killed 130 people.", "2024-10-04")
    assert got["earlier this year"] == "2024"


def test_earlier_that_month_follows_the_month_named_before(values: Run) -> None:
    got = values("In August, the ministry evacuated 500 citizens. Earlier that month, it had evacuated 200.")
    assert got == {"August": "2021-08", "Earlier that month": "2021-08"}


def test_abbreviated_month_day(values: Run) -> None:
    got = values("Russia has been cautious since its Aug. 15 seizure of power.")
    assert got == {"Aug. 15": "2021-08-15"}


def test_from_to_is_two_dates_without_the_prepositions(values: Run) -> None:
    got = values("In the period from August 26 to December 1, 770 citizens were evacuated.", "2022-01-20")
    assert got == {"August 26": "2021-08-26", "December 1": "2021-12-01"}


def test_recent_years_is_past_ref(values: Run) -> None:
    assert values("In recent years, Moscow has made inroads with the group.")["recent years"] == "PAST_REF"


def test_this_week_is_the_iso_week(values: Run) -> None:
    assert values("Thousands have rushed to flee the country this week.")["this week"] == "2021-W46"


def test_extent_drops_since(values: Run) -> None:
    assert values("The group has been on the list since 2003.") == {"2003": "2003"}


def test_past_tense_month_is_the_previous_one(values: Run) -> None:
    assert values("Russia delivered aid in December.", "2022-01-20")["December"] == "2021-12"


def test_future_tense_month_is_the_next_one(values: Run) -> None:
    assert values("The envoy will visit Kabul in March.", "2021-11-18")["March"] == "2022-03"


def test_dates_inside_links_are_not_timexes(values: Run) -> None:
    assert values("See https://example.com/2021/11/18/story for more.") == {}


def test_undated_text_keeps_relative_values_unresolved(values: Run) -> None:
    got = values("The spokeswoman said Thursday that flights were ready. It happened in 2019.", None)
    assert got == {"Thursday": "XXXX-WXX-4", "2019": "2019"}


def test_tag_reports_offsets_that_slice_back(spacy_nlp: object) -> None:
    text = "Officials met on Friday and again in July 2020."
    found = tag(spacy_nlp(text), "2021-11-18")  # type: ignore[operator]
    assert [(text[f.start:f.end], f.value) for f in found] == [("Friday", "2021-11-12"), ("July 2020", "2020-07")]


# --- durations, sets and TimeML conventions ---------------------------------------


def test_recent_weeks_is_a_vague_duration(values: Run) -> None:
    assert values("He has been under treatment for depression in recent weeks.") == {"recent weeks": "PXW"}


def test_adjectival_amount_is_a_duration_but_an_age_is_not(values: Run) -> None:
    got = values("A four-week closure of the towers was ordered, the 68-year-old minister said at the last-minute.")
    assert got == {"four-week": "P4W"}


def test_a_second_before_a_noun_is_an_ordinal_not_one_second(values: Run) -> None:
    assert values("A second aid convoy reached the town, and officials feared a second wave.") == {}
    assert values("The driver paused for a second, then drove on.") == {"a second": "PT1S"}


def test_amount_earlier_than_usual_is_a_duration(values: Run) -> None:
    assert values("The flu season started about a month earlier than usual.") == {"a month": "P1M"}


def test_part_of_a_year_is_the_year(values: Run) -> None:
    got = values("He underwent surgery in early 2011 and retired at the end of 2019.")
    assert got == {"early 2011": "2011", "the end of 2019": "2019"}


def test_bare_plural_units_are_vague_durations(values: Run) -> None:
    got = values("The companies had blocked the rules for years. The call came minutes before the plane left.")
    assert got == {"years": "PXY", "minutes": "PTXM"}


def test_decades(values: Run) -> None:
    got = values("It was the worst season in a decade. He arrived two decades ago.")
    assert got == {"a decade": "P10Y", "two decades ago": "2001"}


def test_ages_and_clock_conventions_are_not_timexes(values: Run) -> None:
    got = values("Children ages 6 months and older should be vaccinated before British Summer Time begins.")
    assert got == {}


def test_postponed_until_points_ahead_and_keeps_the_clock(values: Run) -> None:
    got = values("The match has been postponed until 15:00 GMT Saturday due to snow.", "2013-03-22")
    assert got == {"15:00 GMT Saturday": "2013-03-23T15:00"}


def test_extended_until_points_ahead(values: Run) -> None:
    assert values("The mandate was extended until March.", "2021-11-18")["March"] == "2022-03"


def test_would_leaves_the_side_open(parse: Callable[..., Parsed]) -> None:
    from storyline.timex.tense import NOW, PAST, direction_at

    said = "The analyst said the company would reinstate a dividend in 2011."
    doc = parse(said, None).doc
    assert direction_at(doc, said.index("2011"), said.index("2011") + 4) == NOW
    plain = "The analyst said the company reinstated a dividend in 2011."
    doc = parse(plain, None).doc
    assert direction_at(doc, plain.index("2011"), plain.index("2011") + 4) == PAST


def test_an_expectation_of_a_past_clause_leaves_the_side_open(parse: Callable[..., Parsed]) -> None:
    from storyline.timex.tense import FUTURE, NOW, direction_at

    cancelled = "A tribute concert, expected to take place in Vienna in September, was cancelled."
    planned = "The tribute concert is expected to take place in Vienna in September."
    got = [direction_at(parse(t, None).doc, t.index("September"), t.index("September") + 9)
           for t in (cancelled, planned)]
    assert got == [NOW, FUTURE]


def test_every_morning_is_a_set_of_mornings(values: Run) -> None:
    assert values("She checked for smog every morning.") == {"every morning": "XXXX-XX-XXTMO"}


# --- publication dates -----------------------------------------------------------


def test_stated_date_is_not_inferred(parse: Callable[..., Parsed]) -> None:
    parsed = parse("The minister said Thursday.", "2021-11-18")
    assert infer_published(parsed, Extraction(parsed.article.id)) is None


def test_article_with_no_date_gets_an_honest_empty_inference(parse: Callable[..., Parsed]) -> None:
    parsed = parse("The spokeswoman said Thursday that planes were ready.", None)
    got = infer_published(parsed, Extraction(parsed.article.id))
    assert got is not None and got.source == "inferred" and got.value is None


def test_past_years_bound_the_inferred_date_from_below(parse: Callable[..., Parsed]) -> None:
    parsed = parse("The group seized power in 2021. It was listed in 2003.", None)
    got = infer_published(parsed, Extraction(parsed.article.id))
    assert got is not None and got.earliest == "2021-01-01" and got.latest is None and got.value is None


def _extract(parse: Callable[..., Parsed], text: str, published: str | None, aid: str) -> tuple[Article, Extraction]:
    parsed = parse(text, published)
    parsed.article.id = aid
    found = run_stages(parsed, check_order(["mentions", "entities", "date_evidence", "published", "timexes"]))
    return parsed.article, found


def test_refine_dates_an_article_by_an_event_dated_elsewhere(parse: Callable[..., Parsed]) -> None:
    dated = _extract(parse, "The rebels completed their takeover of Harbin on Aug. 15, officials said.",
                     "2021-11-18", "a")
    undated = _extract(parse, "The minister said Thursday that crowds had fled Harbin this week "
                              "following the rebels' takeover of Harbin.", None, "b")
    got = refine_published([dated[0], undated[0]], [dated[1], undated[1]])
    assert set(got) == {"b"}
    assert (got["b"].value, got["b"].earliest, got["b"].latest) == ("2021-08-19", "2021-08-19", "2021-08-22")


def test_refine_matches_stored_evidence_without_parsing(parse: Callable[..., Parsed],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    dated = _extract(parse, "The rebels completed their takeover of Harbin on Aug. 15, officials said.",
                     "2021-11-18", "a")
    naming = _extract(parse, "Crowds fled Harbin this week following the rebels' takeover of Harbin.", None, "b")
    elsewhere = _extract(parse, "Crowds fled Lisk this week following the takeover of Lisk.", None, "c")

    def no_parsing(*_args: Any) -> Any:
        raise AssertionError("refine_published parsed an article")

    monkeypatch.setattr("storyline.nlp.load", no_parsing)
    got = refine_published([dated[0], naming[0], elsewhere[0]], [dated[1], naming[1], elsewhere[1]])
    assert set(got) == {"b"}  # "c" names no event another article dates


def test_date_evidence_is_read_only_for_articles_that_do_not_state_their_day(parse: Callable[..., Parsed]) -> None:
    dated = _extract(parse, "Crowds fled Harbin this week following the rebels' takeover of Harbin.",
                     "2021-11-18", "a")
    undated = _extract(parse, "Crowds fled Harbin this week following the rebels' takeover of Harbin.", None, "b")
    assert dated[1].date_evidence == []
    (evidence,) = undated[1].date_evidence
    assert [(a.kind, a.word, a.names) for a in evidence.anchors] == [("take_power", "takeover", ["harbin"])]
    (anchor,) = evidence.anchors
    assert anchor.following is not None and evidence.clues[anchor.following].text == "this week"


@pytest.mark.parametrize("text", [
    "The Corvan rig sank on 20 April after an explosion, officials said.",  # the date is the sinking's
    "From the air, the site of the Corvan explosion looked similar to a week ago.",  # it dates "looked"
    "Vast plumes stretch from the site of the Corvan explosion, argued a scientist on Tuesday.",
])
def test_an_expression_of_another_clause_does_not_date_the_event_word(parse: Callable[..., Parsed],
                                                                       text: str) -> None:
    _, found = _extract(parse, text, None, "a")
    assert [a for a in found.date_evidence[0].anchors if a.word == "explosion"] == []


def test_only_events_dated_to_within_a_month_can_date_other_articles(parse: Callable[..., Parsed]) -> None:
    article, found = _extract(parse, "The Corvan council held a meeting in 2015. It held another meeting on "
                                     "March 3, 2021.", "2021-11-18", "a")
    assert [(e.kind, e.earliest.isoformat()) for e in dated_events(article, found)] == [("meet", "2021-03-03")]


def test_last_april_is_the_april_before_the_publication_date(parse: Callable[..., Parsed]) -> None:
    from storyline.timex.infer import clues_of

    (clue,) = clues_of(parse("An explosion killed 11 workers at the Corvan well last April.", None).doc)
    assert [clue.value_at(d) for d in (date(2010, 12, 15), date(2011, 3, 1))] == ["2010-04", "2010-04"]


def test_a_print_edition_line_bounds_the_date_from_above(parse: Callable[..., Parsed]) -> None:
    parsed = parse("Floods closed the Corvan bridge. A version appeared on p22 of the Main section of the "
                   "Gazette on Tuesday 24 August 2010.", None)
    got = infer_published(parsed, Extraction(parsed.article.id))
    assert got is not None and got.latest == "2010-08-24" and got.earliest is not None
    assert got.earliest < "2010-08-24" and "printed" in (got.evidence or "")


def test_an_expression_beside_the_event_word_dates_it(parse: Callable[..., Parsed]) -> None:
    _, found = _extract(parse, "Last month's explosion at the Corvan rig still leaks oil, engineers said.", None, "a")
    (evidence,) = found.date_evidence
    (anchor,) = [a for a in evidence.anchors if a.word == "explosion"]
    assert [evidence.clues[i].text for i in anchor.attached] == ["Last month"]


def test_the_dated_index_sent_with_a_chunk_keeps_the_names_its_texts_hold() -> None:
    def event(kind: str, *names: str) -> DatedEvent:
        return DatedEvent(kind, frozenset(names), date(2021, 8, 15), date(2021, 8, 15), "")

    index = DatedIndex([event("take_power", "harbin", "the taliban"), event("meet", "lisk"), event("meet", "harbin")])
    part = index.for_texts(["Crowds fled Harbin after the takeover.", "The Taliban's takeover."])
    assert sorted(part.by_name) == [("meet", "harbin"), ("take_power", "harbin"), ("take_power", "the taliban")]
    assert len(index.for_texts(["Nothing named here."])) == 0


def test_refined_date_re_anchors_the_timexes(parse: Callable[..., Parsed]) -> None:
    parsed = parse("The regime took power in August last year.", None)
    found = Extraction(parsed.article.id, published=Published("2022", "inferred", "2022-01-01", "2022-04-30"))
    assert [(t.text, t.value) for t in find_timexes(parsed, found)] == [("August last year", "2021-08")]


# --- values and bounds -----------------------------------------------------------


@given(st.dates(min_value=date(2, 1, 1), max_value=date(9998, 12, 31)),
       st.integers(min_value=1, max_value=12), st.sampled_from([-1, 0, 1]))
@settings(max_examples=200)
def test_bare_month_lands_on_the_side_the_tense_says(anchor: date, month: int, direction: int) -> None:
    value = nz.resolve(f"XXXX-{month:02d}", anchor, direction)
    first, last = nz.bounds(value)
    assert first is not None and last is not None
    if direction < 0:
        assert first <= anchor.isoformat()
    if direction > 0:
        assert last >= anchor.isoformat()


def test_bounds_of_a_season_and_a_week() -> None:
    assert nz.bounds("2021-SU") == ("2021-06-01", "2021-08-31")
    assert nz.bounds("2021-W33") == ("2021-08-16", "2021-08-22")


def test_a_date_found_elsewhere_anchors_the_article(parse: Callable[..., Parsed]) -> None:
    parsed = parse("Officials said Thursday that the flights had resumed this week.", None)
    parsed.dated_elsewhere = Published("2021-08-19", "inferred", "2021-08-19", "2021-08-22")
    found = run_stages(parsed, check_order(["published", "timexes"]))
    assert found.published == parsed.dated_elsewhere
    assert [(t.text, t.value) for t in found.timexes] == [("Thursday", "2021-08-19"), ("this week", "2021-W33")]


def test_recognizer_is_not_run_without_a_trigger() -> None:
    from datetime import datetime

    from storyline.timex import tagger

    assert tagger.recognize("The minister thanked the crowd.", datetime(2021, 11, 18)) == ()
    assert tagger.recognize("He left on Thursday.", datetime(2021, 11, 18))


@pytest.mark.parametrize("sentence", [
    "The ministry said on Thursday that 3,052 residents had left their homes.",
    "The river flooded on April 16, nearly two weeks after the storm.",
    "Olka delivered a second aid convoy on Saturday, bringing the total to 57 tonnes.",
    "The death toll from last month's floods now stands at 14, with about 3,815 people displaced.",
    "The court ruled on 20 April 2010 that the 22-year-old had been held for three months.",
    "The talks resumed in May 2010 and again in 2011, officials said today.",
    "The well was leaking about 5,000 barrels per day on Friday.",
    "The company has warned for years that such a spill was possible.",
    "Oil washes ashore every day, and the crews meet each week.",
    "At 16:20 1st Jun 2010, Paul wrote: Who pays for the clean-up?",
    "HOUSTON | Tue Jul 27 , 2010 7:13 pm EDT HOUSTON (Reuters) - The company said it would pay.",
    "At 08:26 am on 17 Jun 2009, a reader wrote: the schools are shut.",
    "Posted by: Kees | May 14 , 2010 09:52 UTC",
    "The beaches were packed at the weekend, and more visitors are expected this weekend.",
    "Humour will rule the day, the organisers said.",
    "Up to one million doses will be shipped to one of the regions.",
    "The government pledged 50m in aid on Friday.",
    "The plane landed this morning, a day after the storm hit the coast last night.",
    "Officials will meet tonight.",
    "It is too soon to say whether recent events will change the plan for now, officials said on Monday.",
    "It was a very sad day when day to day running of the plant stopped in June.",
    "The dam burst two years ago.",
    "Three years later, the plant reopened.",
    "The oldest resident is 69 years old.",
    "The company previously paid out 3bn, and the previous estimate was lower.",
    "The rig exploded on April 20 and sank two days later.",
    "June 1 - BP shares plunge as the company halts its buyback.",
    "The outbreak has spread to 29 countries, and cases rose by 20 percent on Friday.",
    "Three-quarters of the oil is gone, officials said on Monday.",
])
def test_fast_path_reads_common_forms_as_the_recognizer_does(sentence: str) -> None:
    from datetime import datetime

    from storyline.timex import fast, tagger

    ref = datetime(2014, 4, 28)
    got = fast.parse(sentence, ref)
    assert got is not None, "the fast path should answer alone"
    assert fast.kept(sentence, got) == fast.kept(sentence, tagger.parse_sentence(sentence, ref))


@pytest.mark.parametrize("sentence", [
    "The plant has been closed since last week.",
    "He spoke on Monday, April 9.",
    "Officials met on Thursday night.",
    "The statue is about 1,000 years old.",
    "Welfare was not in its title -- 16 years before the law was signed.",
    "The ban applies to all herds, starting from today.",
    "It went to the printer last month , two days before the spill began.",
    "The spill is greater than the 1979 leak.",
    "June 19 - The first heavy oil hits the marshes.",
    "Shares fell in the first quarter.",
    "-- June 02 , 2010 2:40 PM -- June 02 , 2010 2:41 PM",
    "The day before the accident, cement was pumped into the well.",
    "Later in the day, he left.",
    "The show starts at 8.30 pm tonight.",
    "It was a very sad day when the day to day running of the plant stopped in June.",
])
def test_fast_path_leaves_longer_expressions_to_the_recognizer(sentence: str) -> None:
    from datetime import datetime

    from storyline.timex import fast

    assert fast.parse(sentence, datetime(2014, 4, 28)) is None


def test_recognizer_matches_without_a_date_from_the_anchor_are_absolute() -> None:
    from storyline.timex import fast

    s = "The raid in May 2010 came a week after Monday's talks, and last year's."
    assert fast.absolute(s, ((12, 19, "datetimeV2.daterange", "2010-05"), (39, 44, "datetimeV2.date", "XXXX-WXX-1")))
    assert not fast.absolute(s, ((59, 67, "datetimeV2.daterange", "2012"),))


@pytest.mark.parametrize("sentence", [
    "No new cases were reported in the past three days.",
    "The fund will be paid over the next few months.",
    "The company fell 12 percent last year, two weeks after the vote in 2009.",
    "The beaches were packed over the weekend, and the leak was capped last night.",
    "Engineers said the valve would be closed in three hours.",
])
def test_recognizer_results_moved_to_another_date(sentence: str) -> None:
    from datetime import datetime

    from storyline.timex import fast, tagger

    first, other = datetime(2001, 3, 14), datetime(2012, 10, 9)
    derived = fast.derive(sentence, tagger.parse_sentence(sentence, first), first, other)
    assert derived is not None
    assert derived == tagger.parse_sentence(sentence, other)


def test_recognizer_results_with_a_weekday_are_not_moved() -> None:
    from datetime import datetime

    from storyline.timex import fast

    s = "He left last Friday."
    assert fast.derive(s, ((7, 17, "datetimeV2.date", "2001-03-09"),), datetime(2001, 3, 14),
                       datetime(2012, 10, 9)) is None
