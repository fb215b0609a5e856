"""Group the mentions of one article into local entities.

Named mentions come from spaCy's NER, repaired where the small model is known
to slip (a name after a title it missed, a surname it labelled ORG or NORP, a
span running across a paragraph break). Each mention gets a grouping key:

- countries by any name, seat of government ("the Kremlin") or, when the
  article uses the capital as an actor ("Moscow said"), by capital;
- government institutions by country and kind ("the Russian military" /
  "Russia's Ministry of Defense" / "the Defense Ministry");
- people by a transliteration-folded full name; a surname alone joins the
  nearest full name that ends with it, never a merely similar one;
- other organisations by name without generic suffixes ("X movement").

Role descriptions that stand in for a person ("the Russian envoy") become
NOMINAL mentions of that person.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.entities.gazetteer import (
    capital_of,
    country_of,
    demonym_of,
    fold,
    institution_of,
    is_role_noun,
    is_title_word,
    org_of,
    strip_org_suffix,
)
from storyline.entities.roles import Title, description_class, title_after, title_before
from storyline.entities.translit import name_variant_key, surname_key
from storyline.model import Entity, Extraction, Mention
from storyline.pipeline import Parsed, doc_text, once_per_doc, span_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: spaCy labels that name actors or places worth tracking.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
#: Labels of mentions that stand for an entity without naming it.
DESCRIPTIVE = frozenset({"NOMINAL", "PRON"})

_LEADING = re.compile(r"^(the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(['’]s|['’])$")
_AGENT_DEPS = frozenset({"nsubj", "nsubjpass"})


def clean_name(text: str) -> str:
    """A mention's text without a leading article or trailing possessive."""
    name = _LEADING.sub("", text.strip())
    return _POSSESSIVE.sub("", name).strip()


@lru_cache(maxsize=1 << 16)  # the story step asks for the same few thousand names tens of thousands of times
def name_key(text: str) -> str:
    """The key mentions of one name share: case and punctuation folded."""
    return re.sub(r"[^\w]+", " ", clean_name(text)).strip().lower()


def org_stems_match(a: str, b: str) -> bool:
    """Whether two organisation keys are forms of one name ("houthis" / "houthi").

    One, less a plural -s, must be a prefix of the other that is at most two
    letters shorter, and at least five letters long.
    """
    a, b = sorted((a, b), key=len)
    stem = a[:-1] if a.endswith("s") else a
    return " " not in a and len(stem) >= 5 and b.startswith(stem) and len(b) - len(stem) <= 2


@dataclass
class _Cand:
    """A candidate mention: a token span, its label and its grouping key."""

    start: int
    end: int
    label: str
    key: str = ""
    country: str | None = None  # the country the mention is of or belongs to


# --- finding name spans -------------------------------------------------------


def _trim(doc: Doc, start: int, end: int, label: str) -> tuple[int, int]:
    """A span cut to its last paragraph, without stray punctuation or leading titles."""
    for i in range(end - 1, start - 1, -1):
        if "\n" in doc[i].text or (i > start and "\n" in doc[i - 1].whitespace_):
            start = i if "\n" not in doc[i].text else i + 1
            break
    while start < end and (doc[start].is_punct or doc[start].lower_ in ("the", "a", "an")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
        end -= 1
    if label == "PERSON":
        while end - start > 1 and (is_title_word(doc[start].text) or demonym_of(doc[start].text)):
            start += 1
    return start, end


def _ner_spans(doc: Doc) -> list[_Cand]:
    """NER mentions of the tracked labels, trimmed, relabelled where a gazetteer knows better."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        start, end = _trim(doc, ent.start, ent.end, ent.label_)
        text = doc[start:end].text if end > start else ""
        if not re.search(r"[^\W\d_]", text):
            continue
        label = ent.label_
        if country_of(text) and label != "NORP":
            label = "GPE"
        elif demonym_of(text) and not capital_of(text):
            label = "NORP"
        elif org_of(text):
            label = "ORG"
        out.append(_Cand(start, end, label))
    return _extend_norp_names(doc, out)


def _extend_norp_names(doc: Doc, spans: list[_Cand]) -> list[_Cand]:
    """"Islamic" (NORP) + "State" -> the organisation "Islamic State"."""
    taken = {i for c in spans for i in range(c.start, c.end)}
    for c in spans:
        if c.label != "NORP":
            continue
        end = c.end
        while (
            end < len(doc)
            and end not in taken
            and doc[end].pos_ == "PROPN"
            and doc[end].text[:1].isupper()
            and not is_title_word(doc[end].text)
            and doc[end].sent == doc[c.start].sent
        ):
            end += 1
        if end > c.end:
            c.end, c.label = end, "ORG"
    return spans


def _people_after_titles(doc: Doc, spans: list[_Cand]) -> list[_Cand]:
    """Names NER missed or mislabelled right after a title ("Ambassador to Lisk Ana Varga")."""
    people = {i for c in spans if c.label == "PERSON" for i in range(c.start, c.end)}
    starts = {c.start: c for c in spans}
    added = []
    for tok in doc:
        if not is_role_noun(tok.text):
            continue
        i = tok.i + 1
        if i < len(doc) and doc[i].lower_ in ("to", "of", "for") and i + 1 < len(doc):
            nxt = starts.get(i + 1)
            i = nxt.end if nxt and nxt.label in ("GPE", "LOC", "ORG") else i + 2
        j = i
        while j < len(doc) and _namelike(doc, j) and j not in people:
            j += 1
        if j - i >= 2 or (j - i == 1 and doc[i].ent_type_ in ("", "NORP", "ORG")):
            added.append(_Cand(i, j, "PERSON"))
    if not added:
        return spans
    cover = {k for c in added for k in range(c.start, c.end)}
    kept = [c for c in spans if not any(k in cover for k in range(c.start, c.end))]
    return sorted(kept + added, key=lambda c: c.start)


def _namelike(doc: Doc, i: int) -> bool:
    """Whether token `i` looks like part of a personal name."""
    tok = doc[i]
    return (
        tok.pos_ == "PROPN"
        and tok.text[:1].isupper()
        and tok.text.isalpha()
        and not is_title_word(tok.text)
        and not country_of(tok.text)
        and not demonym_of(tok.text)
        and not capital_of(tok.text)
        and tok.sent == doc[i - 1].sent
    )


def _institutions(doc: Doc, spans: list[_Cand]) -> list[_Cand]:
    """Institutions named by a demonym NER left alone: "the Russian military"."""
    out = list(spans)
    for c in spans:
        if c.label != "NORP" or c.end - c.start != 1:
            continue
        for size in (3, 2, 1):
            words = doc[c.end : c.end + size]
            if len(words) == size and not any(t.ent_type_ for t in words) and institution_of(span_text(words)):
                out.remove(c)
                out.append(_Cand(c.start, c.end + size, "ORG"))
                break
    return sorted(out, key=lambda c: c.start)


# --- grouping keys --------------------------------------------------------------


def institution_key(text: str) -> tuple[str | None, str] | None:
    """(country or None, institution class) for "Russian Defense Ministry", "Russia's army"."""
    name = fold(clean_name(text))
    cls = institution_of(name)
    if cls:
        return None, cls
    words = name.split()
    for k in (1, 2, 3):
        head, rest = " ".join(words[:k]), " ".join(words[k:])
        head = re.sub(r"'s?$", "", head)
        country = demonym_of(head) or country_of(head)
        if country and institution_of(rest):
            return country, str(institution_of(rest))
    return None


def _key(doc: Doc, c: _Cand, agentive: set[str]) -> None:
    """Set a candidate's grouping key and the country it is of."""
    text = clean_name(doc[c.start : c.end].text)
    country = country_of(text)
    capital = capital_of(text)
    if country and c.label != "NORP":
        c.label, c.key, c.country = "GPE", f"country:{country}", country
    elif capital and c.label in ("GPE", "LOC", "ORG", "FAC"):
        c.country = capital
        c.key = f"country:{capital}" if fold(text) in agentive else f"place:{fold(text)}"
        c.label = "GPE"
    elif c.label == "NORP" and demonym_of(text):
        c.country = demonym_of(text)
        c.key = f"people:{c.country}"
    elif c.label == "PERSON":
        c.key = f"person:{name_variant_key(text)}"
    elif org_of(text):
        c.label, c.key = "ORG", f"org:{org_of(text)}"
    elif c.label == "ORG" and institution_key(text):
        country, cls = institution_key(text) or (None, "")
        c.key, c.country = f"inst:{country or ''}:{cls}", country
    else:
        c.key = f"{c.label.lower()}:{name_key(strip_org_suffix(text))}"


def _agentive_capitals(doc: Doc) -> set[str]:
    """Capitals the article uses as actors ("Moscow said"): these stand for their country."""
    out = set()
    for tok in doc:
        if tok.dep_ in _AGENT_DEPS and capital_of(tok.text):
            out.add(fold(tok.text))
    return out


def _resolve_surnames(doc: Doc, cands: list[_Cand]) -> None:
    """A one-word name joins the nearest full name ending with it (before, else after)."""
    full: dict[str, list[_Cand]] = {}  # full names by surname key, in text order
    for f in cands:
        if f.label == "PERSON" and f.end - f.start > 1:
            full.setdefault(surname_key(doc[f.start : f.end].text), []).append(f)
    for c in cands:
        if c.end - c.start != 1 or c.label not in ("PERSON", "ORG", "NORP") or c.country:
            continue
        same = full.get(surname_key(doc[c.start].text))
        if not same:
            continue
        before = [f for f in same if f.start < c.start]
        chosen = before[-1] if before else same[0]
        c.label, c.key = "PERSON", chosen.key


def _missed_surnames(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Surnames of people named in full that NER did not tag at all ("Scholz then met ...")."""
    taken = {i for c in cands for i in range(c.start, c.end)}
    full = {surname_key(doc[c.start : c.end].text): c.key for c in cands if c.label == "PERSON" and c.end - c.start > 1}
    added = [
        _Cand(t.i, t.i + 1, "PERSON", full[surname_key(t.text)])
        for t in doc
        if t.i not in taken and t.pos_ == "PROPN" and t.text[:1].isupper() and surname_key(t.text) in full
    ]
    return sorted(cands + added, key=lambda c: c.start) if added else cands


def _merge_institutions(cands: list[_Cand]) -> None:
    """An institution named without a country joins the one qualified one of its kind."""
    qualified: dict[str, set[str]] = {}
    for c in cands:
        if c.key.startswith("inst:") and c.country:
            qualified.setdefault(c.key.rsplit(":", 1)[1], set()).add(c.key)
    for c in cands:
        if c.key.startswith("inst::"):
            keys = qualified.get(c.key.rsplit(":", 1)[1], set())
            if len(keys) == 1:
                c.key = next(iter(keys))
                c.country = c.key.split(":")[1]


def _merge_org_stems(cands: list[_Cand]) -> None:
    """Organisation keys that are forms of one name share the first one's key."""
    seen: list[str] = []
    for c in cands:
        if not c.key.startswith("org:"):
            continue
        name = c.key[4:]
        match = next((s for s in seen if org_stems_match(s, name)), None)
        if match and match != name:
            c.key = f"org:{match}"
        elif name not in seen:
            seen.append(name)


def _candidates(doc: Doc) -> list[_Cand]:
    """All named candidates of a Doc with their grouping keys (read by the mentions stage
    and the entities stage: worked out once)."""
    return once_per_doc(doc, "storyline.entities.candidates", _find_candidates)


def _find_candidates(doc: Doc) -> list[_Cand]:
    cands = _institutions(doc, _people_after_titles(doc, _ner_spans(doc)))
    agentive = _agentive_capitals(doc)
    for c in cands:
        _key(doc, c, agentive)
    _resolve_surnames(doc, cands)
    cands = _missed_surnames(doc, cands)
    _merge_institutions(cands)
    _merge_org_stems(cands)
    return cands


# --- descriptions -------------------------------------------------------------


def person_titles(doc: Doc, mentions: list[Mention]) -> dict[str, Title]:
    """The first title written with each person's name, by local entity id."""
    titles: dict[str, Title] = {}
    for m in mentions:
        if m.label != "PERSON" or not m.entity or m.entity in titles:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        title = title_before(doc, span.start) or title_after(doc, span.end)
        if title:
            titles[m.entity] = title
    return titles


def _title_country(doc: Doc, title: Title) -> str | None:
    """The country a title's affiliation names ("Russian", "Russia's"), if any."""
    if title.affiliation is None:
        return None
    text = clean_name(title.affiliation.text)
    return demonym_of(text) or country_of(text) or capital_of(text)


def _descriptions(doc: Doc, mentions: list[Mention], aid: str) -> list[Mention]:
    """Role descriptions ("the Russian envoy") linked to the person they describe."""
    titles = person_titles(doc, mentions)
    taken = {i for m in mentions for i in range(m.start, m.end)}
    in_titles = {i for t in titles.values() for i in range(t.start, t.end)}
    people = [m for m in mentions if m.label == "PERSON" and m.entity in titles]
    text = doc_text(doc)
    out = []
    for tok in doc:
        if not is_role_noun(tok.text) or tok.idx in taken or tok.i in in_titles:
            continue
        if tok.i + 1 < len(doc) and (doc[tok.i + 1].pos_ == "PROPN" or doc[tok.i + 1].text == ","):
            continue  # a title before a name, not a description
        title = title_before(doc, tok.i + 1)
        if title is None or title.end != tok.i + 1:
            continue
        first = title.affiliation.start if title.affiliation is not None else title.start
        if first > tok.sent.start and doc[first - 1].lower_ not in ("the", "this", "that"):
            continue
        target = _describes(doc, title, tok.idx, people, titles)
        if target:
            start = doc[first - 1].idx if first > tok.sent.start else doc[first].idx
            out.append(Mention(aid, start, tok.idx + len(tok.text), text[start : tok.idx + len(tok.text)],
                               "NOMINAL", target))
    return out


def _describes(doc: Doc, title: Title, at: int, people: list[Mention], titles: dict[str, Title]) -> str | None:
    """The person a description most plausibly refers to: same role class and country, nearest before."""
    cls = description_class(title)
    words = {t.lower_ for t in doc[title.start : title.end] if not is_role_noun(t.text)}
    country = _title_country(doc, title)

    def fits(m: Mention) -> bool:
        t = titles[m.entity or ""]
        their_words = {w.lower() for w in re.findall(r"[\w-]+", t.role)}
        their_country = _title_country(doc, t)
        return (
            description_class(t) == cls
            and words <= their_words
            and not (country and their_country and country != their_country)
        )

    fitting = [m for m in people if fits(m)]
    before = [m for m in fitting if m.end <= at]
    chosen = before[-1] if before else (fitting[0] if fitting else None)
    return chosen.entity if chosen else None


# --- the stage functions --------------------------------------------------------


def find_mentions(parsed: Parsed, found: Extraction) -> list[Mention]:
    """Named mentions linked to local entity ids, plus role descriptions of people.

    Mentions with one grouping key share an entity (see the module docstring).
    """
    doc, aid = parsed.doc, parsed.article.id
    ids: dict[str, str] = {}
    mentions = []
    for c in _candidates(doc):
        eid = ids.setdefault(c.key, f"{aid}:e{len(ids) + 1}")
        span = doc[c.start : c.end]
        mentions.append(Mention(aid, span.start_char, span.end_char, span_text(span), c.label, eid))
    mentions += _descriptions(doc, mentions, aid)
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _dominant_country(cands: list[_Cand]) -> str | None:
    """The country an article is mostly about: the most mentioned one."""
    counts = Counter(c.country for c in cands if c.country and c.key.split(":")[0] in ("country", "people"))
    return counts.most_common(1)[0][0] if counts else None


def build_entities(parsed: Parsed, found: Extraction) -> list[Entity]:
    """One local `Entity` per group of mentions, with aliases, role and affiliation."""
    doc = parsed.doc
    cands = {(doc[c.start : c.end].start_char, doc[c.start : c.end].end_char): c for c in _candidates(doc)}
    groups: dict[str, list[Mention]] = {}
    for m in found.mentions:
        if m.entity:
            groups.setdefault(m.entity, []).append(m)
    country_ids = {c.country: eid for eid, ms in groups.items() for m in ms
                   if (c := cands.get((m.start, m.end))) and c.key.startswith("country:") and c.country}
    dominant = _dominant_country(list(cands.values()))
    titles = person_titles(doc, found.mentions)
    entities = []
    for eid, ms in groups.items():
        named = [m for m in ms if m.label not in DESCRIPTIVE] or ms
        info = [c for m in named if (c := cands.get((m.start, m.end)))]
        entity = _entity(eid, named, info, found.article)
        country = next((c.country for c in info if c.country), None)
        if country is None and any(c.key.startswith("inst::") for c in info):
            country = dominant  # "the Foreign Ministry" in a story about one country
        if entity.type != "GPE" or not any(c.key.startswith("country:") for c in info):
            entity.affiliation = country_ids.get(country, country) if country else None
        entities.append(entity)
    entities += _byline_authors(parsed, entities)
    by_id = {e.id: e for e in entities}
    index = EntityIndex(found.mentions)
    for eid, title in titles.items():
        role, affiliation = _person_role(doc, title, index, by_id, country_ids)
        by_id[eid].role, by_id[eid].affiliation = role, affiliation or by_id[eid].affiliation
    return entities


_BYLINE_NAME = re.compile(r"^(?:by\s+)?((?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+)$", re.I)


def _byline_authors(parsed: Parsed, entities: list[Entity]) -> list[Entity]:
    """The article's author from its byline, as a person entity (no mention: the byline is metadata)."""
    byline = (parsed.article.byline or "").strip()
    out: list[Entity] = []
    for part in re.split(r"\s*(?:,|\band\b|&)\s*", byline):
        m = _BYLINE_NAME.match(part.strip())
        if not m or any(name_variant_key(m.group(1)) == name_variant_key(e.name) for e in entities):
            continue
        eid = f"{parsed.article.id}:e{len(entities) + len(out) + 1}"
        out.append(Entity(eid, m.group(1), "PERSON", [m.group(1)], role="journalist", article=parsed.article.id))
    return out


def _entity(eid: str, named: list[Mention], info: list[_Cand], article: str) -> Entity:
    """An entity record from its named mentions: name, type and aliases."""
    names = sorted({clean_name(m.text) for m in named}, key=lambda n: (-len(n), n))
    label = Counter(m.label for m in named).most_common(1)[0][0]
    name = names[0]
    country_key = next((c.key for c in info if c.key.startswith("country:")), None)
    if country_key:
        label, name = "GPE", country_key.split(":", 1)[1]
        names = [name, *[n for n in names if n != name]]
    return Entity(eid, name, label, names, article=article)


def _person_role(
    doc: Doc, title: Title, index: EntityIndex, by_id: dict[str, Entity], country_ids: dict[str, str]
) -> tuple[str, str | None]:
    """A person's role and affiliation (local entity id, else a name) from their title.

    The affiliation is the country or group the title names ("Russian", "the
    Rebels'"), else the country of the organisation inside the title
    ("Foreign Ministry spokeswoman"), else that organisation.
    """
    country = _title_country(doc, title)
    if country:
        return title.role, country_ids.get(country, country)
    if title.affiliation is not None:
        span = title.affiliation
        return title.role, index.entity_at(span.start_char, span.end_char) or clean_name(span_text(span))
    inner = doc[title.start : title.end]
    org = index.at(inner.start_char, inner.end_char)
    if org is not None and org.label == "ORG" and org.entity in by_id:
        return title.role, by_id[org.entity].affiliation or org.entity
    return title.role, None


class EntityIndex:
    """Look up which local entity a character span refers to."""

    def __init__(self, mentions: list[Mention]):
        self.mentions = sorted((m for m in mentions if m.entity), key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]

    def at(self, start: int, end: int) -> Mention | None:
        """The first mention overlapping [start, end), if any."""
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        for m in self.mentions[i:]:
            if m.start >= end:
                break
            if m.end > start:
                return m
        return None

    def entity_at(self, start: int, end: int) -> str | None:
        """The local entity id of the first mention overlapping [start, end)."""
        m = self.at(start, end)
        return m.entity if m else None
