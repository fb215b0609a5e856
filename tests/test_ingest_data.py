"""The ingest data files load, every entry is well-formed, and the recognisers built on them behave."""

from __future__ import annotations

import re

import pytest
import yaml

from storyline.ingest import lexicon
from storyline.ingest.metadata import (
    byline_of,
    date_in_line,
    date_in_path,
    date_in_url,
    is_headline,
    outlet_for_url,
    outlet_named,
    stamp_near_top,
)

DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$")

# Ordinary body sentences (invented) that no chrome or caption pattern may swallow.
BODY_LINES = [
    "The minister said on Tuesday that talks would resume next week in Geneva.",
    "More than 2,000 people were moved to shelters, officials said.",
    "Read the full statement, the spokesman told reporters, and judge for yourselves.",
    "Photographs taken by Getty Images showed the damage to the bridge.",
    "Search teams found two more survivors under the rubble overnight.",
    "Related talks between the two governments stalled in March.",
    "Share prices fell sharply after the announcement.",
    "Subscribers to the service will be refunded, the company said.",
]


class _UniqueKeys(yaml.SafeLoader):
    """A YAML loader that refuses duplicate mapping keys (safe_load keeps the last silently)."""


def _no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[object, object]:
    keys = [loader.construct_object(k) for k, _ in node.value]
    dupes = {k for k in keys if keys.count(k) > 1}
    assert not dupes, f"duplicate keys: {dupes}"
    return dict(loader.construct_pairs(node))


_UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


@pytest.mark.parametrize("name", ["outlets.yaml", "chrome.yaml", "dates.yaml"])
def test_data_file_loads_without_duplicate_keys(name: str) -> None:
    data = yaml.load((lexicon.DATA / name).read_text(encoding="utf-8"), Loader=_UniqueKeys)
    for key, value in data.items():
        for item in value if isinstance(value, list) else []:
            assert isinstance(item, str), f"{name}: {key}: {item!r} is not a string (unquoted YAML keyword?)"


def test_outlets_are_domains_to_names() -> None:
    outlets = lexicon.outlets()
    assert len(outlets) >= 300
    for domain, name in outlets.items():
        assert DOMAIN.match(domain), domain
        assert not domain.startswith("www."), domain
        assert name.strip() == name and name, domain


def test_outlets_cover_world_outlets_and_agencies() -> None:
    expected = {
        "https://www.reuters.com/world/x": "Reuters",
        "https://apnews.com/article/x": "Associated Press",
        "https://www.bbc.co.uk/news/world-1": "BBC News",
        "https://edition.cnn.com/2020/x": "CNN",
        "https://www.aljazeera.com/news/x": "Al Jazeera",
        "https://www.thehindu.com/news/x": "The Hindu",
        "https://www.scmp.com/news/x": "South China Morning Post",
        "https://news.sky.com/story/x": "Sky News",
    }
    for url, name in expected.items():
        assert outlet_for_url(url) == name
    assert outlet_for_url("https://example.org/news/1") is None


def test_chrome_patterns_compile_and_spare_body_sentences() -> None:
    chrome = lexicon.chrome()
    assert chrome.sections and all(s == s.lower() for s in chrome.sections)
    for line in BODY_LINES:
        assert not chrome.lines.fullmatch(line), line
        assert not chrome.caption_labels.fullmatch(line), line
    for line in ["Search icon", "Related Stories", "No stories found.", "Related article: A headline here",
                 "Related links", "X", "Advertisement", "Read more: Another headline", "Share this article",
                 "Reporting by Jane Roe in Vienna; Editing by John Smith", "* * *",
                 "Our Standards: The Trust Principles."]:
        assert chrome.lines.fullmatch(line), line


def test_caption_patterns_match_credits() -> None:
    captions = lexicon.chrome().captions
    for line in ["Rescue boats on a flooded street. Jan Novak / Reuters", "The foreign minister (File | AP)",
                 "Protesters outside the embassy (Photo: AFP)", "Firefighters at the scene. AFP via Getty Images"]:
        assert captions.fullmatch(line), line


@pytest.mark.parametrize(("line", "value"), [
    ("March 7, 2022", "2022-03-07"),
    ("Nov. 4, 2019", "2019-11-04"),
    ("14th Feb 2023", "2023-02-14"),
    ("Published: Tuesday, 3 March 2020 10:15 GMT", "2020-03-03"),
    ("Updated on 2021-12-01", "2021-12-01"),
    ("Updated: November 18, 2021 at 3:24 p.m. ET", "2021-11-18"),
])
def test_date_lines(line: str, value: str) -> None:
    found = date_in_line(line)
    assert found is not None and found[0] == value


@pytest.mark.parametrize("line", [
    "The ceasefire agreed on March 7, 2022 collapsed within a week.",
    "Talks are due in May.",
    "Flooding hit the region in 2021",
])
def test_not_date_lines(line: str) -> None:
    assert date_in_line(line) is None


def test_a_date_line_may_hold_its_most_filler_words_and_a_long_date() -> None:
    filler = " ".join(["updated"] * lexicon.dates().max_line_words)
    longest = "Tuesday, 14th of March 2023"
    assert date_in_line(f"{filler} {longest}") == ("2023-03-14", longest)
    assert date_in_line(f"{filler} posted {longest}") is None  # one filler word too many


def test_dates_in_url_paths() -> None:
    assert date_in_url("https://site.example/2021/11/18/slug-a1") == ("2021-11-18", "/2021/11/18/")
    assert date_in_url("https://site.example/news/2020-02-29-leap-story")[0] == "2020-02-29"  # type: ignore[index]
    assert date_in_url("https://site.example/2021/02/30/not-a-day/") is None
    assert date_in_url("https://site.example/story/123456") is None


def test_time_stamps_run_into_the_first_lines() -> None:
    run_on = ("The latest developments from around the world Tuesday 5 May 2009 17.42 BST A policeman "
              "guards the hotel, which is under quarantine.")
    assert stamp_near_top(run_on) == ("2009-05-05", "Tuesday 5 May 2009")
    bbc = stamp_near_top("Page last updated at 08:58 GMT, Thursday, 21 May 2009 The vaccine ...")
    assert bbc is not None and bbc[0] == "2009-05-21"
    narrative = "The storm reached the coast on 5 May 2009, officials said."
    assert stamp_near_top(narrative) is None  # no clock beside it: a date in the story, not a stamp
    assert stamp_near_top("On 15 August 2021, 10:30, fighters entered the city.") is None  # told in the story
    assert stamp_near_top("On 15 August 2021 at 10:30 fighters entered the city.") is None
    tokenized = stamp_near_top("HONG KONG | Wed Apr 15 , 2009 5:56 am EDT HONG KONG (Reuters) - Scientists ...")
    assert tokenized is not None and tokenized[0] == "2009-04-15"
    semicolon = stamp_near_top("Send us an e-mail . Friday , April 30 , 2010 ; 2:30 PM A huge oil spill ...")
    assert semicolon is not None and semicolon[0] == "2010-04-30"
    posted = stamp_near_top("Posted 10:30 GMT on 5 May 2009 The vaccine ...")
    assert posted is not None and posted[0] == "2009-05-05"
    assert stamp_near_top("x " * 200 + "Tuesday 5 May 2009 17.42 BST") is None  # too far down


def test_dates_in_file_paths() -> None:
    assert date_in_path("archive/InputDocs/2010-06-24/64.htm.txt") == ("2010-06-24", "/2010-06-24/")
    assert date_in_path("/data/wire/2009/11/26/reuters-flu.html")[0] == "2009-11-26"  # type: ignore[index]
    assert date_in_path("saved/20100624-bp-spill.txt")[0] == "2010-06-24"  # type: ignore[index]
    assert date_in_path("/crawl-2026-11-22/a/b/c/story.txt") is None  # too far above the file
    assert date_in_path("notes/2010-02-30/x.txt") is None  # no such day
    assert date_in_path("corpus/seeds/000_0b280436d762e46b.txt") is None


def test_bylines_headlines_and_footer_outlets() -> None:
    assert byline_of("By Jane Roe and John Smith") == "Jane Roe and John Smith"
    assert byline_of("Maria de la Cruz") == "Maria de la Cruz"
    assert byline_of("Breaking News") is None and byline_of("International") is None
    assert byline_of("The minister said so.") is None
    assert is_headline("Floods force hundreds from their homes")
    assert not is_headline("Floods forced hundreds from their homes on Monday, officials said.")
    assert outlet_named("The Irish Times") == "The Irish Times"
    assert outlet_named("www.irishtimes.com") == "The Irish Times"
    assert outlet_named("© 2023 Daily Example. All rights reserved.") == "Daily Example"
    assert outlet_named("Officials said the river kept rising.") is None
