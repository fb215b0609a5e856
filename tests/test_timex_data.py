"""The timex data files load, compile, and stay generic."""

from __future__ import annotations

import re

import yaml

from storyline.timex import fast
from storyline.timex.rules import DATA, load_rules


def test_rules_compile_and_have_known_value_rules() -> None:
    rules = load_rules()
    assert rules.extra and rules.strip_leading and rules.future_aux
    for extra in rules.extra:
        assert extra.type in {"DATE", "TIME", "DURATION", "SET"}
        known = r"[A-Z_]+_REF|decade|century|unit:\d|ref:[+-]?\d|month_offset:-?\d|year_pair|vague|quarter:-?\d"
        known += r"|decades|decades_ago|counted|group:\d"
        assert re.fullmatch(known, extra.value), extra.value


def test_rule_patterns_match_their_examples() -> None:
    texts = {e.pattern.pattern: e for e in load_rules().extra}
    found = {e.value for e in texts.values() for s in ("recent years", "Earlier that month", "the 1990s")
             if e.pattern.fullmatch(s)}
    assert {"PAST_REF", "ref:0", "decade"} <= found


def test_inference_settings_are_positive() -> None:
    settings = load_rules().raw["inference"]
    assert settings["bare_month_horizon_months"] > 0 and settings["search_days"] > 365


def test_event_classes_compile_and_name_no_one() -> None:
    raw = yaml.safe_load((DATA / "events.yaml").read_text(encoding="utf-8"))
    for kind, patterns in raw["classes"].items():
        for p in patterns:
            re.compile(p)
            assert p == p.lower(), f"{kind}: {p} looks like a proper name"


def test_reject_contexts_compile_and_match_their_examples() -> None:
    rules = load_rules()
    assert rules.reject_before.search("children ages ") and not rules.reject_before.search("in the ")
    assert rules.reject_after.search(" Time begins") and not rules.reject_after.search(" time to go")
    assert {"postpone", "delay"} <= rules.defer_verbs and "until" in rules.defer_preps


def test_recognizer_trigger_spots_dates_and_skips_plain_sentences() -> None:
    trigger = load_rules().recognizer_trigger
    for text in ("He left on Aug. 15.", "It happened last week.", "She spoke Thursday.", "at 8 p.m.",
                 "in the early hours", "over Christmas", "two decades ago", "this summer"):
        assert trigger.search(text), text
    for text in ("The minister thanked the crowd.", "Officials denied the report.", "The market rallied."):
        assert not trigger.search(text), text


def test_recognizer_trigger_words_start_with_a_letter() -> None:
    # `rules._trigger` looks ahead for a word character before it tries the words.
    for word in load_rules().raw["recognizer_triggers"]["words"]:
        assert re.match(r"[a-z]|\\w", word), word


def test_fast_path_lists_are_words_and_its_patterns_compile() -> None:
    raw = load_rules().raw["fast_path"]
    for side in ("defer_before", "defer_after"):
        for kind, words in raw[side].items():
            assert all(isinstance(w, str) and w == w.lower() for w in words), (side, kind)  # YAML reads on as true
    after = raw["defer_after_text"]
    assert all("{" not in p.replace("{joins}", "").replace("{names}", "") for p in after["patterns"])
    ends = fast._after_text(after)
    assert ends.match(" - June 2") and ends.match(", 2010") and not ends.match(" - BP shares plunge")
    nothing = [re.compile(p) for p in raw["nothing"]]
    assert any(p.search("three more shelters") for p in nothing)
    assert any(p.search("a convoy of 9 trucks") for p in nothing)
    assert not any(p.search("in 10 days") for p in nothing)


def test_every_extra_pattern_holds_a_word_of_the_extra_gate() -> None:
    rules = load_rules()
    for extra in rules.extra:
        assert rules.extra_gate.search(extra.pattern.pattern.replace("\\d", "0")), extra.pattern.pattern


def test_ordinal_units_are_lowercase_single_words() -> None:
    units = load_rules().ordinal_units
    assert units and all(re.fullmatch(r"[a-z]+", w) for w in units)
