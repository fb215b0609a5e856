"""The events stage on small real sentences: trigger patterns, statuses, actors, dates."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.events import find_events, ontology
from storyline.model import Event, Extraction, Figure, Timex
from storyline.pipeline import Parsed, check_order, run_stages
from storyline.stages import DEFAULT_STAGES

Run = Callable[..., list[Event]]


@pytest.fixture
def events(parse: Callable[..., Parsed]) -> Run:
    """events(text, timexes=[...]) -> the events found, after the mentions/entities/figures stages."""

    def run(text: str, timexes: tuple[Timex, ...] = ()) -> list[Event]:
        parsed = parse(text, published="2023-05-10")
        found = run_stages(parsed, check_order(("mentions", "entities", "figures")))
        found.timexes = list(timexes)
        return find_events(parsed, found)

    return run



def only(evs: list[Event], type_: str) -> Event:
    """The only event of a type."""
    hits = [e for e in evs if e.type == type_]
    assert len(hits) == 1, [(e.type, e.trigger) for e in evs]
    return hits[0]


@pytest.mark.parametrize(
    ("text", "type_", "trigger"),
    [
        ("Germany evacuated 300 citizens from Sudan.", "evacuate", "evacuated"),
        ("The evacuation of Canadian nationals from Haiti began at dawn.", "evacuate", "evacuation"),
        ("Japan shipped 40 tonnes of medical supplies to Turkey.", "deliver_aid", "shipped"),
        ("The Chilean president met the Argentine foreign minister in Santiago.", "meet", "met"),
        ("Lyon praised the Oxfam volunteers.", "praise", "praised"),
        ("Brazil's president called China a reliable partner.", "praise", "called"),
        ("France condemned the coup in Niger.", "criticize", "condemned"),
        ("Kenya urged Ethiopia to reopen the border.", "appeal", "urged"),
        ("Serbia rejected the proposal from Kosovo.", "reject", "rejected"),
        ("The ministry said Hamas has been on Britain's terrorist list since 2001.", "designate", "been"),
        ("Canada will remove the group from its list of terrorist entities.", "delist", "remove"),
        ("The European Union imposed sanctions on Iran.", "impose_sanctions", "imposed"),
        ("Washington lifted sanctions on Venezuela.", "lift_sanctions", "lifted"),
        ("The army seized power in Gabon in August.", "seize_power", "seized"),
        ("M23 rebels attacked a convoy in Goma.", "attack", "attacked"),
        ("France withdrew its troops from Mali.", "withdraw", "withdrew"),
        ("Kenyan police arrested the opposition leader in Nairobi.", "arrest", "arrested"),
        ("Thousands of Serbian teachers protested in Belgrade.", "protest", "protested"),
    ],
)
def test_trigger_patterns(events: Run, text: str, type_: str, trigger: str) -> None:
    ev = only(events(text), type_)
    assert ev.trigger == trigger
    assert ev.plover == ontology().types[type_].plover


def test_aid_needs_an_aid_object(events: Run) -> None:
    assert [e.type for e in events("Italy sent two diplomats to Tunisia.")] == []


def test_being_on_a_list_designates_only_on_a_blacklist(events: Run) -> None:
    assert [e.type for e in events("The group has been on Canada's list of terrorist organisations since 2002.")] \
        == ["designate"]
    assert [e.type for e in events("Ravel Anders, the president's chief of staff, is on Glamour magazine's "
                                   "Most Beautiful People list.")] == []


def test_designating_names_a_terrorist_or_banned_kind(events: Run) -> None:
    assert [e.type for e in events("Ruritania designated the Liberation Front as a terrorist organisation.")] \
        == ["designate"]
    assert [e.type for e in events("The Ruritanian government has designated the oil spill an incident of "
                                   "national significance.")] == []


def test_a_hazard_threatening_a_place_is_no_threat_made(events: Run) -> None:
    assert [e.type for e in events("The spill has reached Westland and is threatening Eastland and Northland.")] == []
    assert [e.type for e in events("Ruritania threatened Westland with sanctions on Monday.")] == ["threaten"]


def test_removal_from_list_is_nominal_delisting(events: Run) -> None:
    ev = only(events("Canada completed the removal of the group from its terrorist list."), "delist")
    assert ev.trigger == "removal"


def test_seizure_of_power_nominal_with_possessor(events: Run) -> None:
    ev = only(events("Egypt condemned Hamas's seizure of power in Gaza."), "seize_power")
    assert ev.trigger == "seizure"
    assert ev.source is not None


@pytest.mark.parametrize(
    ("text", "type_", "status"),
    [
        ("Spain has evacuated 200 citizens from Libya.", "evacuate", "occurred"),
        ("Portugal is evacuating its citizens from Lebanon.", "evacuate", "ongoing"),
        ("Norway is preparing to evacuate its embassy staff from Yemen.", "evacuate", "planned"),
        ("Chile said it is ready to send food aid to Bolivia.", "deliver_aid", "intended"),
        ("Mexico vowed that it would keep delivering medicine to Cuba.", "deliver_aid", "intended"),
        ("Governor Ron Vale won't evacuate the coastal towns.", "evacuate", "refused"),
        ("Peru refused to evacuate the mining camp.", "evacuate", "refused"),
        ("Sweden did not evacuate its embassy in Sudan.", "evacuate", "negated"),
        ("If the fighting spreads, Austria could evacuate its citizens from Niger.", "evacuate", "hypothetical"),
        ("Will Ireland evacuate its citizens from Gaza?", "evacuate", "planned"),
        ("Ecuador said it has deployed troops to the border.", "deploy", "occurred"),
        ("Colombia is set to lift sanctions on the company.", "lift_sanctions", "planned"),
        # A past time clause tells what happened, whatever the clause it hangs on plans.
        ("The band was preparing a world tour when Maria Okafor died in Lagos.", "casualties", "occurred"),
        ("Lawyers wanted to show that the drug was safe before Tomas Berg died.", "casualties", "occurred"),
        # A death named by a noun is given: the denial is of its cause.
        ("Dr Reyes has repeatedly denied causing Maria Okafor's death.", "casualties", "occurred"),
    ],
)
def test_status(events: Run, text: str, type_: str, status: str) -> None:
    assert only(events(text), type_).status == status


def test_question_without_modal_is_hypothetical(events: Run) -> None:
    assert only(events("Did Ireland evacuate its citizens from Gaza?"), "evacuate").status == "hypothetical"


def test_negated_recognition_becomes_decline(events: Run) -> None:
    ev = only(events("Lithuania said recognition of the junta government is not possible."), "decline_recognition")
    assert ev.status == "occurred"


def test_reported_speech_keeps_the_actor(events: Run) -> None:
    parsed_events = events("Finland said it had evacuated 120 nationals from Sudan.")
    ev = only(parsed_events, "evacuate")
    assert ev.status == "occurred"
    assert ev.source is not None and ev.source.endswith(":e1")  # "it" is Finland


def test_date_from_own_clause(events: Run) -> None:
    text = "In March, Greece evacuated 90 citizens from Libya."
    march = Timex("a1", 3, 8, "March", "DATE", "2023-03", "2023-03-01", "2023-03-31")
    ev = only(events(text, (march,)), "evacuate")
    assert ev.date is not None and ev.date.value == "2023-03"


@pytest.mark.parametrize(("mark", "value"), [("when", "2023-04-20"), ("after", "2023-05-10")])
def test_a_when_clause_dates_the_event_it_hangs_on(events: Run, mark: str, value: str) -> None:
    """"Died when the rig exploded on 20 April" is the same time; "after" is not."""
    text = f"Eleven workers died {mark} an explosion destroyed the rig on 20 April."
    start = text.index("20 April")
    april = Timex("a1", start, start + 8, "20 April", "DATE", "2023-04-20", "2023-04-20", "2023-04-20")
    assert only(events(text, (april,)), "casualties").date.value == value  # type: ignore[union-attr]


def test_date_from_reporting_verb_then_article(events: Run) -> None:
    text = "Poland said Tuesday it has sent 20 tonnes of aid to Ukraine. Hungary praised the Polish effort."
    tuesday = Timex("a1", 12, 19, "Tuesday", "DATE", "2023-05-09", "2023-05-09", "2023-05-09")
    evs = events(text, (tuesday,))
    assert only(evs, "deliver_aid").date.value == "2023-05-09"  # type: ignore[union-attr]
    assert only(evs, "praise").date.value == "2023-05-10"  # type: ignore[union-attr]
    assert [only(evs, t).date_source for t in ("deliver_aid", "praise")] == ["text", "published"]


def test_timex_in_relative_clause_is_not_the_events(events: Run) -> None:
    text = "Denmark praised the council that took power this spring."
    spring = Timex("a1", 40, 51, "this spring", "DATE", "2023-SP", "2023-03-01", "2023-05-31")
    ev = only(events(text, (spring,)), "praise")
    assert ev.date is not None and ev.date.value == "2023-05-10"


def test_appeal_content_is_not_an_event(events: Run) -> None:
    evs = events("We appeal to the donors to lift sanctions on the country, Minister Ana Costa said.")
    assert [e.type for e in evs] == ["appeal"]


def test_means_gives_way_to_purpose(events: Run) -> None:
    evs = events("Egypt deployed two aircraft to deliver 10 tonnes of aid to Sudan.")
    assert [e.type for e in evs] == ["deliver_aid"]
    assert len(evs[0].figures) == 2


def test_casualties_need_a_count_and_join_the_attack(events: Run) -> None:
    assert events("Many people died in the storm.") == []
    evs = events("Gunmen claimed the bombing in Kano last week that killed at least 30 people.")
    assert [e.type for e in evs] == ["attack"]
    assert evs[0].figures


def test_repeated_mentions_merge(events: Run) -> None:
    text = "Norway evacuated its diplomats from Sudan on Monday. The evacuation was praised by the UN."
    assert [e.type for e in events(text)].count("evacuate") == 1


def test_topic_of_talks_is_not_an_event(events: Run) -> None:
    assert events("The ministers discussed cooperation between Chile and Peru.") == []


def test_event_spans_its_sentence(events: Run) -> None:
    text = "It rained. Tunisia evacuated 40 citizens from Libya."
    ev = only(events(text), "evacuate")
    assert text[ev.start : ev.end] == ev.sentence == "Tunisia evacuated 40 citizens from Libya."
    assert ev.id == "a1:v1"


def test_full_pipeline_runs(parse: Callable[..., Parsed]) -> None:
    parsed = parse("Austria said Monday it had evacuated 60 citizens from Niger.", published="2023-08-01")
    found: Extraction = run_stages(parsed, check_order(DEFAULT_STAGES))
    assert [e.type for e in found.events] == ["evacuate"]


def test_ontology_is_consistent() -> None:
    onto = ontology()
    assert onto.types["evacuate"].plover == "AID"
    assert onto.types["recognize"].negated_type == "decline_recognition"
    assert all(t.type == name for name, et in onto.types.items() for t in et.triggers)


FRIDAY = "2023-05-05"
ROJAS_MET = "Chilean Foreign Minister Ana Rojas met Friday with her Peruvian counterpart, Luis Vega."


def _day(text: str, word: str, value: str) -> Timex:
    at = text.index(word)
    return Timex("a1", at, at + len(word), word, "DATE", value, value, value)


def test_undated_event_takes_the_date_of_the_narrative_it_continues(events: Run) -> None:
    text = ("Chilean Foreign Minister Ana Rojas met Friday with her Peruvian counterpart, Luis Vega. "
            "Rojas praised the Peruvian government at the start of the meeting. "
            "She also urged Bolivia to reopen the border.")
    evs = events(text, (_day(text, "Friday", FRIDAY),))
    assert only(evs, "meet").date.value == FRIDAY  # type: ignore[union-attr]
    assert only(evs, "praise").date.value == FRIDAY  # type: ignore[union-attr]
    assert only(evs, "appeal").date.value == FRIDAY  # type: ignore[union-attr]


def test_narrative_date_needs_the_same_actor(events: Run) -> None:
    text = f"{ROJAS_MET} Brazil condemned the coup in Bolivia."
    evs = events(text, (_day(text, "Friday", FRIDAY),))
    assert only(evs, "criticize").date.value == "2023-05-10"  # type: ignore[union-attr]


def test_narrative_date_stops_at_a_new_time_and_at_the_present(events: Run) -> None:
    text = (f"{ROJAS_MET} In 2019, the Chilean minister Ana Rojas visited Quito. "
            "Rojas praised the Ecuadorian government.")
    y2019 = Timex("a1", text.index("2019"), text.index("2019") + 4, "2019", "DATE", "2019", "2019-01-01", "2019-12-31")
    evs = events(text, (_day(text, "Friday", FRIDAY), y2019))
    assert only(evs, "praise").date.value == "2019"  # type: ignore[union-attr]
    text = f"{ROJAS_MET} Rojas has praised the Peruvian government."
    evs = events(text, (_day(text, "Friday", FRIDAY),))
    assert only(evs, "praise").date.value == "2023-05-10"  # type: ignore[union-attr]


def test_narrative_date_reaches_only_a_few_sentences(events: Run) -> None:
    text = f"{ROJAS_MET} It rained. The roads flooded. The markets closed. Rojas praised the Peruvian government."
    evs = events(text, (_day(text, "Friday", FRIDAY),))
    assert only(evs, "praise").date.value == "2023-05-10"  # type: ignore[union-attr]


def test_count_without_an_event_joins_the_earlier_event_that_takes_it(events: Run) -> None:
    text = ("Spain has resumed evacuating its citizens from Sudan. "
            "The ministry sent 20 tonnes of food aid to Khartoum. "
            "The returning planes will carry 300 Spanish and Italian nationals to Madrid.")
    evs = events(text)
    figs = {f.id: f for f in _figures(events, text)}
    evac, aid = only(evs, "evacuate"), only(evs, "deliver_aid")
    assert [figs[f].unit for f in evac.figures] == ["people"]
    assert [figs[f].unit for f in aid.figures] == ["t"]


def test_count_far_away_or_of_another_unit_stays_loose(events: Run) -> None:
    far = ("Spain has resumed evacuating its citizens from Sudan. It rained. The roads flooded. "
           "The planes will carry 300 Spanish nationals to Madrid.")
    assert only(events(far), "evacuate").figures == []
    other = "Spain has resumed evacuating its citizens from Sudan. The flight lasted 5 hours."
    assert only(events(other), "evacuate").figures == []


def _figures(events: Run, text: str) -> list[Figure]:
    """The figures stage's output for `text` (same parse settings as the `events` fixture)."""
    from storyline import nlp

    parsed = nlp.parse_text(text, published="2023-05-10")
    return run_stages(parsed, check_order(("mentions", "entities", "figures"))).figures


def test_actorless_event_takes_the_place_named_next_to_it(events: Run) -> None:
    ev = only(events("Aid workers reached villages after the Kenya floods last week."), "disaster")
    assert ev.location is not None
    far = events("Kenya sent doctors and twelve trucks of food and tents to the north after the floods.")
    assert only(far, "disaster").location is None


def test_a_toll_takes_the_place_its_clause_names(events: Run, parse: Callable[..., Parsed]) -> None:
    text = ("All the 150-plus deaths from the swine flu have been recorded in Mexico, with patients in "
            "other countries experiencing far less severe symptoms.")
    evs = events(text)
    assert _name(evs, only(evs, "casualties").location, text, parse) == "Mexico"


def _name(evs: list[Event], ref: str | None, text: str, parse: Callable[..., Parsed]) -> str | None:
    """The text of the local entity `ref` (its first mention)."""
    parsed = parse(text, published="2023-05-10")
    found = run_stages(parsed, check_order(("mentions", "entities")))
    return next((m.text for m in found.mentions if m.entity == ref), None)


def test_evacuation_target_is_the_place_left_not_the_people(events: Run, parse: Callable[..., Parsed]) -> None:
    for text in ("Germany evacuated 300 citizens from Sudan.",
                 "Germany evacuated 300 citizens of Italy and France from the territory of Sudan.",
                 "The evacuation of Canadian nationals from Haiti began at dawn."):
        ev = only(events(text), "evacuate")
        assert _name([ev], ev.target, text, parse) in ("Sudan", "Haiti"), text
    ev = only(events("Germany evacuated 300 Italian citizens."), "evacuate")
    assert ev.target is None


def test_attack_on_a_place_targets_the_place(events: Run, parse: Callable[..., Parsed]) -> None:
    text = "Gunmen claimed an attack on a market in Kano that killed at least 30 people."
    ev = only(events(text), "attack")
    assert _name([ev], ev.target, text, parse) == "Kano"


@pytest.mark.parametrize(
    ("text", "victim"),
    [
        ("Maria Okafor died on June 25 in Lagos.", "Maria Okafor"),
        ("Gunmen killed the journalist Maria Okafor in Lagos on Monday.", "Maria Okafor"),
        ("Tomas Berg was assassinated in Oslo.", "Tomas Berg"),
        ("Tomas Berg's death shocked his fans.", "Tomas Berg"),
        ("The death of Tomas Berg was announced on Monday.", "Tomas Berg"),
    ],
)
def test_death_of_a_named_person(events: Run, parse: Callable[..., Parsed], text: str, victim: str) -> None:
    """A named person's death is a casualty without a count, with that person as its target."""
    evs = events(text)
    assert _name(evs, only(evs, "casualties").target, text, parse) == victim


def test_a_toll_names_no_victim(events: Run) -> None:
    assert only(events("Twelve people died in the storm."), "casualties").target is None


@pytest.mark.parametrize("text", [
    "Senator Ruiz said the bill died in committee.",  # no person died
    "Maria Okafor killed the proposal.",  # the killer is no victim
    "Maria Okafor was injured in the crash.",  # an injury needs a count
    "Dr Reyes tried to revive the singer before he died.",  # "he" is easily read as the wrong person
])
def test_no_casualty_without_a_count_or_a_named_dead(events: Run, text: str) -> None:
    assert [e for e in events(text) if e.type == "casualties"] == []


def test_a_death_named_inside_another_phrase_is_not_dated_by_it(events: Run) -> None:
    """"Marked the anniversary of her death on Friday" dates the anniversary, not the death."""
    text = "Fans marked the anniversary of Maria Okafor's death on Friday."
    start = text.index("Friday")
    timexes = (Timex("x", start, start + 6, "Friday", "DATE", "2023-05-05", "2023-05-05", "2023-05-05"),)
    ev = only(events(text, timexes=timexes), "casualties")
    assert ev.date_source == "published"


def test_a_named_death_takes_no_later_count(events: Run) -> None:
    """A count in a later sentence elaborates a toll, not one named person's death."""
    evs = events("Maria Okafor died on Monday in Lagos. A total of 145 people have been chosen for the jury.")
    assert only(evs, "casualties").figures == []


@pytest.mark.parametrize(("text", "in_passing"), [
    ("Investigators examined the blast that killed 11 workers.", True),
    ("The rig exploded, killing 11 workers.", True),
    ("Eleven workers were killed in the blast.", False),
])
def test_a_toll_told_in_passing_is_marked(events: Run, text: str, in_passing: bool) -> None:
    assert only(events(text), "casualties").in_passing is in_passing


def test_aid_with_no_place_of_its_own_goes_to_the_country_the_article_is_set_in(
        events: Run, parse: Callable[..., Parsed]) -> None:
    text = ("Floods have cut off dozens of villages in Nepal. Officials in Kathmandu said the rivers were "
            "still rising. India sent 20 tonnes of food and medicine on Tuesday.")
    ev = only(events(text), "deliver_aid")
    assert _name([ev], ev.target, text, parse) == "Nepal"


def test_the_giver_is_never_the_setting_and_a_tie_sets_nothing(events: Run) -> None:
    own = "India sent 20 tonnes of food and medicine on Tuesday. India has sent aid before."
    assert only(events(own), "deliver_aid").target is None
    tie = ("Storms hit Peru and Chile this week. India sent 20 tonnes of food and medicine on Tuesday.")
    assert only(events(tie), "deliver_aid").target is None


def test_a_toll_told_in_a_clause_describing_an_attack_is_the_attack_s_size(events: Run) -> None:
    evs = events("Gunmen claimed the bombing in Kano last week that killed at least 30 people.")
    assert [e.type for e in evs] == ["attack"]
    assert len(evs[0].figures) == 1
    alone = events("Gunmen attacked a market in Kano on Monday. The blasts killed at least 30 people.")
    assert sorted(e.type for e in alone) == ["attack", "casualties"]
