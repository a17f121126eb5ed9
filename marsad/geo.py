"""Places: the packaged gazetteer, and resolving the place names a text mentions.

``Gazetteer.default()`` loads ``resources/gazetteer.tsv.gz`` (built by
``scripts/build_gazetteer.py``) and ``resources/place_stoplist.txt`` once. Its ``phrases()``
go into the shared PhraseMatcher with payload ``("place", key)``; ``resolve_places`` turns
those matches into ``PlaceMention``s: one place per name, chosen by the article's main
country, by the places named next to it (a district and its province, a town and its
governorate), by the locative cue before it (مدينة، محافظة، مديرية، ريف، قرب ...) and by
population. ``country_evidence`` counts which country the article is about.
"""

from __future__ import annotations

import gzip
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from marsad.text.doc import WORD_RE, Doc
from marsad.text.matcher import Match, longest_first, surface_text
from marsad.text.normalize import normalize_string

KINDS = ("country", "admin1", "admin2", "admin3", "place", "region")
GAZETTEER_FILE = "gazetteer.tsv.gz"
STOPLIST_FILE = "place_stoplist.txt"


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. ``kind``: country, admin1, admin2, admin3, place, region (and
    demonym, which only ever counts as country evidence). ``admin1`` is spelled as in the
    scorer's admin1.tsv; ``name`` is the English name."""

    id: str
    name: str
    name_ar: str
    kind: str
    country: str
    admin1: str
    admin2: str
    latitude: float | None
    longitude: float | None
    population: int


class PlaceMention(NamedTuple):
    """A place named in a Doc: tokens [first, end), the place it resolves to, the name as
    written (no clitics), the locative cue before it ('' if none) and the precision:
    1 the named town itself, 2 near it / part of a region, 3 only the province or country."""

    first: int
    end: int
    place: Place
    name_ar: str
    cue: str
    precision: int


# ---------------------------------------------------------------- locative context

CONTEXT_FILE = "place_context.tsv"
# Cue classes (place_context.tsv "cue.<class>").
TOWN, ADMIN1, DISTRICT, SITE, COUNTRYSIDE, NEAR, STATE = (
    "town", "admin1", "district", "site", "countryside", "near", "state",
)
CUE_CLASSES = frozenset({TOWN, ADMIN1, DISTRICT, SITE, COUNTRYSIDE, NEAR, STATE})


def _read_context_lines() -> dict[str, list[tuple[str, ...]]]:
    """place_context.tsv: class → its lines, each a tuple of normalised words."""
    text = (resources.files("marsad") / "resources" / CONTEXT_FILE).read_text(encoding="utf-8")
    lines: dict[str, list[tuple[str, ...]]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cls, _, body = line.partition("\t")
        lines.setdefault(cls.strip(), []).append(
            tuple(normalize_string(w) for w in body.split()))
    return lines


_LINES = _read_context_lines()
_WORDS = {cls: frozenset(w for line in ls for w in line) for cls, ls in _LINES.items()}
_STRONG_WORDS = _WORDS["strong"]
_DIRECTIONS = _WORDS["direction"]
_NEAR_BEFORE_MIN = _WORDS["near_of"]
_ORG_HEADS = _WORDS["org_head"]
_PERSON_HEADS = _WORDS["person_head"]
_PERSON_TAILS = _WORDS["person_tail"]
_COMPOUND_HEADS = _WORDS["compound_head"]
# (word two before, word right before) a name that make it part of an organisation.
_ORG_PAIRS = frozenset(line[:2] for line in _LINES.get("org_pair", []) if len(line) >= 2)
_PLACE_CUES = CUE_CLASSES - {NEAR}  # cues that say what kind of place follows
_CLITICS = ("وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك", "")


def _clitic_table() -> dict[str, tuple[str, str]]:
    """Every cue word with every proclitic combination → (cue class, bare cue word)."""
    table: dict[str, tuple[str, str]] = {}
    for cls in sorted(CUE_CLASSES):
        for bare in sorted(_WORDS.get(f"cue.{cls}", ())):
            for c in _CLITICS:
                table.setdefault(c + bare, (cls, bare))
    return table


_CUE_TABLE = _clitic_table()
_SHORT_NAME_LETTERS = 3
_CLITIC_NAME_LETTERS = 2  # names this short are never read with a proclitic attached
_SHORT_NAME_MIN_POPULATION = 100_000
# How much each kind of evidence counts toward an article's country.
_EVIDENCE_WEIGHT = {"country": 1.0, "demonym": 0.5, "admin1": 1.0, "region": 1.0,
                    "admin2": 0.7, "admin3": 0.5, "place": 0.7}
_FOREIGN_WEIGHT = 0.5  # countries outside the gazetteer's region (mostly actors' homes)
_LEAD_WEIGHT = 2.0  # the first sentence (usually the title or lead)


@dataclass(frozen=True, slots=True)
class _Entry:
    """Everything about one match key that does not depend on the article."""

    candidates: tuple[Place, ...]  # without demonyms
    countries: tuple[str, ...]  # distinct countries of the candidates
    shares: tuple[tuple[str, float], ...]  # (country, share of the name's weight)
    demonym_of: str  # the country when the key is a demonym form
    country_of: str  # the country when the key names a country
    needs_cue: bool  # a stoplisted or short name: only after a strong cue
    main_only: frozenset[str]  # ids of candidates accepted only in their main country


@dataclass(slots=True)  # not frozen: built for every match, and frozen init is slow
class _Context:
    cue_first: int  # first token of the cue, -1 if none
    cue_end: int  # token after the cue
    cue_bare: str  # the cue's first word without proclitics (normalised)
    cue_class: str  # TOWN, ADMIN1, ... or ''
    strong: bool  # the cue word makes even a stoplisted name a place
    near: bool  # a near/direction/countryside word qualifies the name
    blocked: bool  # part of an organisation's or a person's name


class Gazetteer:
    """Place names and their candidate places; immutable after loading."""

    def __init__(self, places: Iterable[tuple[Place, Sequence[str], str]],
                 stoplist: Iterable[str] = (), never: Iterable[str] = (),
                 region_countries: Iterable[str] = ()) -> None:
        # A cue word is never itself a place ("مدينة" is not Medina).
        self._never = frozenset(never) | {w for _, w in _CUE_TABLE.values()}
        self._stop = frozenset(stoplist)
        self._strict: dict[str, str] = {}
        self._by_key: dict[str, list[Place]] = {}
        self.admin1_index: dict[tuple[str, str], Place] = {}
        self.countries: dict[str, Place] = {}
        for place, keys, strictness in places:
            if strictness:
                self._strict[place.id] = strictness
            if place.kind == "admin1":
                self.admin1_index[(place.country, place.admin1)] = place
            elif place.kind == "country":
                self.countries[place.country] = place
            for key in keys:
                if key not in self._never:
                    self._by_key.setdefault(key, []).append(place)
        self.region_countries = frozenset(region_countries) or frozenset(
            c for c, _ in self.admin1_index)
        # Per-key facts are derived on first use: loading stays cheap, and each key is
        # worked out once per process.
        self._entries: dict[str, _Entry] = {}

    def _entry(self, key: str, cands: list[Place]) -> _Entry:
        strict = self._strict
        places = tuple(p for p in cands if p.kind != "demonym")
        demonym = next((p.country for p in cands if p.kind == "demonym"), "")
        country = next((p.country for p in cands if p.kind == "country"), "")
        short = len(key.replace(" ", "")) <= _SHORT_NAME_LETTERS and not any(
            p.kind in ("country", "admin1") or p.population >= _SHORT_NAME_MIN_POPULATION
            for p in places
        )
        return _Entry(
            candidates=places,
            countries=tuple(dict.fromkeys(p.country for p in places)),
            shares=_country_shares(places),
            demonym_of=demonym,
            country_of=country,
            needs_cue=key in self._stop or short,
            main_only=frozenset(p.id for p in places if strict.get(p.id) == "main"),
        )

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        """The packaged gazetteer, loaded once per process."""
        root = resources.files("marsad") / "resources"
        with resources.as_file(root / GAZETTEER_FILE) as gz, \
                resources.as_file(root / STOPLIST_FILE) as stop:
            return cls.load(Path(gz), Path(stop))

    @classmethod
    def load(cls, path: Path, stoplist_path: Path | None = None) -> Gazetteer:
        stop, never = read_stoplist(stoplist_path) if stoplist_path else (set(), set())
        with gzip.open(path, "rt", encoding="utf-8") as f:
            lines = f.read().split("\n")
        rows = []
        for line in lines:
            if not line or line[0] == "#" or line.startswith("id\t"):
                continue
            (pid, kind, name, name_ar, country, admin1, admin2, lat, lon, pop, _src,
             strictness, keys) = line.split("\t")
            place = Place(pid, name, name_ar, kind, country, admin1, admin2,
                          float(lat) if lat else None, float(lon) if lon else None,
                          int(pop) if pop else 0)
            rows.append((place, keys.split("|"), strictness))
        return cls(rows, stop, never)

    def phrases(self) -> Iterable[tuple[str, str]]:
        """(Arabic name, key) pairs for a PhraseMatcher; the names are already normalised."""
        for key in self._by_key:
            yield key, key

    def places(self, key: str) -> list[Place]:
        """All candidate places for one name key (including country and demonym entries)."""
        entry = self.entry(key)
        if entry is None:
            return []
        out = list(entry.candidates)
        if entry.demonym_of:
            out.append(self._demonym_place(entry.demonym_of))
        return out

    def _demonym_place(self, country: str) -> Place:
        c = self.countries.get(country)
        return Place(f"dm:{country}", country, c.name_ar if c else "", "demonym", country,
                     "", "", None, None, 0)

    def country_named(self, key: str) -> str:
        """The country a single normalised word names or is the demonym of, else ''."""
        cands = self._by_key.get(key)
        if not cands:
            return ""
        return next((p.country for p in cands if p.kind in ("country", "demonym")), "")

    def entry(self, key: str) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is None:
            cands = self._by_key.get(key)
            if cands is None:
                return None
            entry = self._entries[key] = self._entry(key, cands)
        return entry

    def __len__(self) -> int:
        return len(self._by_key)


# What a unit without a population counts as when a name is shared by several countries.
_NOMINAL_POPULATION = {"country": 10_000_000, "admin1": 1_000_000, "region": 1_000_000,
                       "admin2": 100_000, "admin3": 30_000}


def _country_shares(places: Sequence[Place]) -> tuple[tuple[str, float], ...]:
    """How likely a name means a place in each country: by the square root of the largest
    (nominal) population there, so Raqqa's Syrian governorate outweighs two villages."""
    best: dict[str, float] = {}
    for p in places:
        size = max(p.population, _NOMINAL_POPULATION.get(p.kind, 500), 500)
        best[p.country] = max(best.get(p.country, 0.0), math.sqrt(size))
    total = sum(best.values())
    return tuple((c, w / total) for c, w in best.items()) if total else ()


def read_stoplist(path: Path) -> tuple[set[str], set[str]]:
    """(cue-required keys, never keys) from a stoplist file."""
    stop, never = set(), set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        target = never if line.startswith("!") else stop
        key = " ".join(WORD_RE.findall(normalize_string(line.lstrip("!"))))
        if key:
            target.add(key)
    return stop, never


# ---------------------------------------------------------------- context


def _context(doc: Doc, m: Match, gazetteer: Gazetteer) -> _Context:
    """The locative cue before a match, and whether it sits inside an actor's name."""
    words = doc.words
    first = m.first
    sentence = doc.sentences[doc.token_sentence[first]]
    lo, hi = sentence.first_token, sentence.end_token
    prev = words[first - 1] if first - 1 >= lo else ""
    if prev and prev not in _CUE_TABLE and gazetteer.country_named(prev) and first - 2 >= lo:
        first -= 1  # "العاصمة اليمنية صنعاء": the cue stands before the nationality
        prev = words[first - 1]
    prev2 = words[first - 2] if first - 2 >= lo else ""
    bare_prev = _BARE.get(prev, prev)
    bare_prev2 = _BARE.get(prev2, prev2)
    blocked = not m.clitic and (
        bare_prev in _BLOCKING_HEADS or prev in _COMPOUND_HEADS
        or (m.end < hi and words[m.end] in _PERSON_TAILS)
        or (bare_prev2, bare_prev) in _ORG_PAIRS
    )
    hit = _CUE_TABLE.get(prev)
    if hit is not None:
        cls, word = hit
        near = cls in (NEAR, COUNTRYSIDE)
        cue_first, cue_bare = first - 1, word
        if cls == NEAR and bare_prev2 in _DIRECTIONS:
            cue_first, cue_bare = first - 2, bare_prev2  # "شمال شرق"
        before = _CUE_TABLE.get(prev2)
        if not near and before is not None and before[0] in (NEAR, COUNTRYSIDE):
            near = True  # "قرب مدينة حمص", "ريف مدينة حلب"
        return _Context(cue_first, first, cue_bare, cls, word in _STRONG_WORDS, near, blocked)
    if prev == "من":
        prev3 = words[first - 3] if first - 3 >= lo else ""
        if bare_prev2 in _NEAR_BEFORE_MIN:
            return _Context(first - 2, first, bare_prev2, NEAR, False, True, blocked)
        if _BARE.get(prev3, prev3) in _NEAR_BEFORE_MIN:  # "على بعد 10 كم من"
            return _Context(first - 3, first, _BARE.get(prev3, prev3), NEAR, False, True,
                            blocked)
    return _Context(-1, -1, "", "", False, False, blocked)


def _cue_text(doc: Doc, first: int, end: int, bare: str) -> str:
    """The cue words [first, end) as written, without the proclitics of the first word
    ("وبمدينة" → "مدينة", "بالقرب من" → "القرب من")."""
    if first < 0 or first >= end:
        return ""
    text = doc.token_span(first, end).text
    skip = len(doc.words[first]) - len(bare)
    return text[skip:] if 0 < skip < len(text) else text


def _bare_table() -> dict[str, str]:
    """Context words with their proclitics (وبالقرب، لجيش) → the bare word."""
    table = {w: w for _, w in _CUE_TABLE.values()}
    for words in (_DIRECTIONS, _NEAR_BEFORE_MIN, _ORG_HEADS, _PERSON_HEADS):
        for w in words:
            for c in ("وب", "ول", "و", "ف", "ب", "ل", ""):
                table.setdefault(c + w, w)
    table.update({k: w for k, (_, w) in _CUE_TABLE.items()})
    return table


_BARE = _bare_table()
_BLOCKING_HEADS = _ORG_HEADS | _PERSON_HEADS


# ---------------------------------------------------------------- country evidence


@dataclass(slots=True)
class _Hit:
    match: Match
    entry: _Entry
    ctx: _Context


def _hits(doc: Doc, matches: list[Match], gazetteer: Gazetteer) -> list[_Hit]:
    """Place matches, longest first, with their context. Cached on the Doc for the same
    match list, since the pipeline asks for country evidence and then for the places."""
    token = (id(matches), len(matches), id(gazetteer))
    cached = doc.__dict__.get("_geo_hits")
    if cached is not None and cached[0] == token:
        return cached[1]
    out = _compute_hits(doc, matches, gazetteer)
    doc.__dict__["_geo_hits"] = (token, out)
    return out


def _compute_hits(doc: Doc, matches: list[Match], gazetteer: Gazetteer) -> list[_Hit]:
    out = []
    # ك before a name is nearly always part of another word (كسرت، كردفان، كحجة واهية)
    for m in longest_first(m for m in matches if _is_place_payload(m) and "ك" not in m.clitic):
        entry = gazetteer.entry(m.payload[1])
        if entry is not None:
            out.append(_Hit(m, entry, _context(doc, m, gazetteer)))
    return out


def _is_place_payload(m: Match) -> bool:
    p = m.payload
    return isinstance(p, tuple) and len(p) == 2 and p[0] == "place"


def country_evidence(doc: Doc, matches: list[Match], gazetteer: Gazetteer) -> Counter[str]:
    """Votes per country from the country names, demonyms, provinces and places a text names.

    The first sentence counts double; countries outside the gazetteer's region count half
    (they are mostly the homes of outside actors, not where things happen).
    """
    return Counter(_votes(doc, matches, gazetteer))


def _votes(doc: Doc, matches: list[Match], gazetteer: Gazetteer) -> Counter[str]:
    """The evidence, computed once per (Doc, match list) like the hits."""
    token = (id(matches), len(matches), id(gazetteer))
    cached = doc.__dict__.get("_geo_votes")
    if cached is not None and cached[0] == token:
        return cached[1]
    votes = _evidence(doc, _hits(doc, matches, gazetteer), gazetteer)
    doc.__dict__["_geo_votes"] = (token, votes)
    return votes


def _evidence(doc: Doc, hits: list[_Hit], gazetteer: Gazetteer) -> Counter[str]:
    votes: Counter[str] = Counter()
    for h in hits:
        e = h.entry
        lead = _LEAD_WEIGHT if doc.token_sentence[h.match.first] == 0 else 1.0
        if e.country_of:
            w = _EVIDENCE_WEIGHT["country"]
            votes[e.country_of] += lead * w * _foreign(gazetteer, e.country_of)
            continue
        if e.demonym_of and not h.ctx.strong:
            votes[e.demonym_of] += (lead * _EVIDENCE_WEIGHT["demonym"]
                                    * _foreign(gazetteer, e.demonym_of))
            continue
        if h.ctx.blocked or not e.countries:
            continue
        if e.needs_cue and not h.ctx.strong:
            continue
        w = max(_EVIDENCE_WEIGHT.get(p.kind, 0.5) for p in e.candidates)
        for c, share in e.shares:
            votes[c] += lead * w * share * _foreign(gazetteer, c)
    return votes


def _foreign(gazetteer: Gazetteer, country: str) -> float:
    return 1.0 if country in gazetteer.region_countries else _FOREIGN_WEIGHT


# ---------------------------------------------------------------- resolution

_CUE_NAME_MIN_SHARE = 0.2  # a stoplisted name after a cue: its country must be this present
_NEARBY_TOKENS = 15  # how far a province or district may stand from the place it qualifies
_CONTEXT_GAP = 4  # a qualifier right after a place ("X شرق صنعاء") is context, not a place
# Kind preference by cue class (higher is better).
_KIND_RANK = {
    TOWN: {"place": 6, "admin2": 4, "admin3": 4, "region": 3, "admin1": 2, "country": 1},
    ADMIN1: {"admin1": 6, "region": 5, "admin2": 3, "place": 2, "admin3": 1, "country": 1},
    DISTRICT: {"admin2": 6, "admin3": 5, "region": 4, "place": 3, "admin1": 2, "country": 1},
    STATE: {"country": 6, "admin1": 3, "place": 2},
    # Without a cue a town beats the province of the same name when it has more than
    # about 50,000 inhabitants (حلب، درعا), else the province wins (صلاح الدين).
    "": {"country": 8, "place": 6, "region": 5.5, "admin1": 5.5, "admin2": 3, "admin3": 3},
}


def resolve_places(doc: Doc, matches: list[Match], gazetteer: Gazetteer,
                   country_hint: str | None = None,
                   horizon: int | None = None) -> list[PlaceMention]:
    """The places a Doc names, each resolved to one gazetteer entry, in text order; with
    ``horizon``, only those before that token (the rest still inform the disambiguation).

    ``matches`` are PhraseMatcher matches; only those with payload ("place", key) are read.
    Stoplisted and very short names need a strong locative cue; names inside an actor's
    name (جيش، حزب، هيئة تحرير ...) and demonyms are skipped. A province, region or country
    named right after a place as its qualifier ("مديرية نهم شرق صنعاء") is not returned.
    """
    hits = _hits(doc, matches, gazetteer)
    if not hits:
        return []
    votes = _votes(doc, matches, gazetteer)
    main = country_hint or (votes.most_common(1)[0][0] if votes else None)
    usable = [h for h in hits if _acceptable(h, votes, main)]
    provinces = _article_provinces(usable, main)
    end = len(doc.words) if horizon is None else horizon
    mentions = []
    for i, h in enumerate(usable):
        if h.match.first >= end:
            break
        place = _choose(h, usable, i, doc, votes, main, provinces)
        if place is None:
            continue
        mentions.append(PlaceMention(
            h.match.first, h.match.end, place, surface_text(doc, h.match),
            _cue_text(doc, h.ctx.cue_first, h.ctx.cue_end, h.ctx.cue_bare),
            _precision(place, h.ctx),
        ))
    mentions = _add_unlisted(doc, mentions, gazetteer, votes, main, end)
    return _drop_qualifiers(doc, mentions)


def _acceptable(h: _Hit, votes: Counter[str], main: str | None) -> bool:
    e = h.entry
    if h.ctx.blocked or not e.candidates:
        return False
    if h.match.clitic and len(h.match.phrase) <= _CLITIC_NAME_LETTERS:
        return False  # "باب" is a word, not ب + إب (Ibb)
    strong = h.ctx.strong
    if e.demonym_of and not e.country_of and not strong:
        return False
    if e.needs_cue:
        total = sum(votes.values()) or 1.0
        return strong and any(
            c == main or votes.get(c, 0.0) / total >= _CUE_NAME_MIN_SHARE for c in e.countries
        )
    return True


def _choose(h: _Hit, hits: list[_Hit], index: int, doc: Doc, votes: Counter[str],
            main: str | None, provinces: dict[str, float]) -> Place | None:
    e = h.entry
    cands = [p for p in e.candidates if p.id not in e.main_only or p.country == main]
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    if e.country_of and h.ctx.cue_class not in _PLACE_CUES:
        return next(p for p in cands if p.kind == "country")
    ranks = _KIND_RANK.get(h.ctx.cue_class, _KIND_RANK[""])
    if h.ctx.cue_class in (NEAR, COUNTRYSIDE, SITE):
        ranks = _KIND_RANK[TOWN]
    total = sum(votes.values()) or 1.0
    nearby = _nearby(h, hits, index, doc)

    def score(p: Place) -> float:
        s = 0.0
        if p.country == main:
            s += 1000
        elif p.country in votes:
            s += 300 * votes[p.country] / total
        if any(_qualifies(q, p) for q in nearby):
            s += 1500
        elif p.admin1 and p.country == main:
            s += 200 * provinces.get(p.admin1, 0.0)
        s += 50 * ranks.get(p.kind, 0)
        size = max(p.population, _NOMINAL_POPULATION.get(p.kind, 0))
        s += 20 * min(math.log10(size + 1), 7.0)
        return s

    return max(cands, key=score)


def _article_provinces(hits: list[_Hit], main: str | None) -> dict[str, float]:
    """Share of the article's unambiguous names (one province of the main country) per
    province: a town named "الهجين" is more likely the one in the province the article is
    about."""
    counts: Counter[str] = Counter()
    for h in hits:
        if h.entry.needs_cue and not h.ctx.strong:
            continue
        provinces = {p.admin1 for p in h.entry.candidates if p.country == main and p.admin1}
        if len(provinces) == 1:
            counts[provinces.pop()] += 1
    total = sum(counts.values())
    return {a: n / total for a, n in counts.items()} if total else {}


def _nearby(h: _Hit, hits: list[_Hit], index: int, doc: Doc) -> list[Place]:
    """Candidates of the other names within a few tokens in the same sentence."""
    sent = doc.token_sentence[h.match.first]
    out = []
    for j in range(max(0, index - 6), min(len(hits), index + 7)):
        if j == index:
            continue
        o = hits[j]
        if doc.token_sentence[o.match.first] != sent:
            continue
        if abs(o.match.first - h.match.first) > _NEARBY_TOKENS:
            continue
        if o.entry.needs_cue and not o.ctx.strong:
            continue
        out.extend(o.entry.candidates)
    return out


def _qualifies(q: Place, p: Place) -> bool:
    """Whether ``q`` (named nearby) is a unit that contains ``p`` or shares its province."""
    if q.country != p.country or q.id == p.id or q.kind == "country":
        return False
    if q.kind in ("admin1", "region") or p.kind in ("admin1", "region"):
        return bool(q.admin1) and q.admin1 == p.admin1
    if q.admin2 and q.admin2 == p.admin2:
        return True
    return bool(q.admin1) and q.admin1 == p.admin1


def _precision(place: Place, ctx: _Context) -> int:
    by_kind = {"place": 1, "admin2": 2, "admin3": 2, "region": 2, "admin1": 3,
               "country": 3}.get(place.kind, 3)
    if ctx.cue_class == DISTRICT or ctx.near or ctx.cue_class == SITE:
        by_kind = max(by_kind, 2)
    return by_kind


def _drop_qualifiers(doc: Doc, mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Leave out a province/region/country (or a "near X") that only qualifies the place
    right before it: "بمدينة الحسكة، شمال شرقي سورية", "في مدينة رفح جنوب قطاع غزة"."""
    out: list[PlaceMention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and _is_qualifier(doc, prev, m):
            continue
        out.append(m)
    return out


def _coordinated(doc: Doc, m: PlaceMention) -> bool:
    """"في وادي زبيد ومديرية الجراحي": a place joined by و is a second place, not a qualifier."""
    before = doc.words[m.first - 1] if m.first > 0 else ""
    hit = _CUE_TABLE.get(before)
    if hit is not None and before != hit[1] and before.startswith("و"):
        return True
    own = doc.words[m.first]
    return own.startswith("و") and not normalize_string(m.name_ar).startswith("و")


def _is_qualifier(doc: Doc, prev: PlaceMention, m: PlaceMention) -> bool:
    if m.first - prev.end > _CONTEXT_GAP:
        return False
    if _coordinated(doc, m):
        return False
    if doc.token_sentence[m.first] != doc.token_sentence[prev.first]:
        return False
    p, q = prev.place, m.place
    if q.country != p.country:
        return False
    if q.kind == "country":
        return True
    near_words = m.precision == 2 and bool(m.cue) and p.kind != "admin1"
    if near_words and _km(p, q) < _QUALIFIER_KM:
        return True  # "في مدينة دوما ... قرب دمشق" (another governorate, 15 km away)
    if q.admin1 != p.admin1 or not q.admin1:
        return False
    if q.kind in ("admin1", "region") and p.kind != "admin1":
        return True
    return near_words


_QUALIFIER_KM = 60.0


def _km(a: Place, b: Place) -> float:
    """Approximate distance in km (equirectangular); infinite when a point is unknown."""
    if a.latitude is None or b.latitude is None or a.longitude is None or b.longitude is None:
        return math.inf
    mean_lat = math.radians((a.latitude + b.latitude) / 2)
    dx = math.radians(b.longitude - a.longitude) * math.cos(mean_lat)
    dy = math.radians(b.latitude - a.latitude)
    return 6371.0 * math.hypot(dx, dy)


# ---------------------------------------------------------------- names the gazetteer lacks

# After these cues an unknown word is taken as a place name ("بلدة أبو صيدا"), if a place
# the gazetteer knows stands next to it and says where it is ("... شمال شرق مدينة بعقوبة").
_UNLISTED_TOWN_CUES = _WORDS["unlisted.town"]
_UNLISTED_AREA_CUES = _WORDS["unlisted.area"]
# "بالقرب من جيليب": the name follows "من".
_UNLISTED_NEAR_HEADS = _WORDS["unlisted.near"]
# First words of two-word names: "أبو صيدا", "أم المياذن", "تل رفعت", "خان شيخون".
_NAME_HEADS = _COMPOUND_HEADS | _WORDS["name_head"]
# Words that follow a cue without being a name ("مدينة أخرى", "قرية صغيرة", "منطقة عسكرية").
_NOT_NAMES = _WORDS["not_name"]
_UNLISTED_WINDOW = 12  # tokens between an unknown name and the place that locates it
_UNLISTED_MIN_SHARE = 0.6  # without a locating place, the main country must dominate


def _add_unlisted(doc: Doc, mentions: list[PlaceMention], gazetteer: Gazetteer,
                  votes: Counter[str], main: str | None, end: int) -> list[PlaceMention]:
    """Add names the gazetteer lacks that a locative cue introduces ("قرية شويكة قضاء
    طولكرم"): located by the nearest known place in the sentence, else (after a town cue
    only) by the article's main country when it clearly dominates."""
    taken = {i for m in mentions for i in range(m.first, m.end)}
    total = sum(votes.values()) or 1.0
    fallback = (main if main in gazetteer.region_countries
                and votes.get(main, 0.0) / total >= _UNLISTED_MIN_SHARE
                and any(m.place.country == main and m.place.kind != "country"
                        for m in mentions) else None)
    added = []
    words, sentence_of = doc.words, doc.token_sentence
    cue_forms = _UNLISTED_CUE_FORMS
    for i in [i for i, word in enumerate(words[:end]) if word in cue_forms]:
        kind, start = _unlisted_cue(doc, i)
        if (kind is None or start >= len(words) or start in taken
                or sentence_of[start] != sentence_of[i]):
            continue
        span = _unlisted_name(doc, start, kind, taken)
        if span is None:
            continue
        first, end = span
        if _foreign_or_adjective(doc, first, end, gazetteer):
            continue
        anchor = _locating_mention(doc, mentions, first, end, gazetteer)
        if anchor is not None and kind == NEAR and not first < end <= anchor.first <= end + 3:
            anchor = None  # "بالقرب من X في منطقة Y": only a place right after locates X
        if anchor is None and (kind != TOWN or fallback is None):
            continue
        place = _unlisted_place(doc, first, end, anchor, fallback)
        cue = _cue_text(doc, i, start, _BARE.get(words[i], words[i]))
        added.append(PlaceMention(first, end, place, doc.token_span(first, end).text, cue,
                                  2 if kind == NEAR else 1 if kind == TOWN else 2))
        taken.update(range(first, end))
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: m.first)


_UNLISTED_CUE_FORMS = frozenset(
    [k for k, (_, w) in _CUE_TABLE.items() if w in _UNLISTED_TOWN_CUES | _UNLISTED_AREA_CUES]
    + list(_UNLISTED_NEAR_HEADS)
)


def _unlisted_cue(doc: Doc, i: int) -> tuple[str | None, int]:
    """(cue kind, index of the name's first token) for a cue at token ``i``."""
    token = doc.words[i]
    if token in _UNLISTED_NEAR_HEADS:
        if i + 1 < len(doc.words) and doc.words[i + 1] == "من":
            return NEAR, i + 2
        return None, 0
    hit = _CUE_TABLE.get(token)
    if hit is None:
        return None, 0
    if hit[1] in _UNLISTED_TOWN_CUES:
        return TOWN, i + 1
    if hit[1] in _UNLISTED_AREA_CUES:
        return DISTRICT, i + 1
    return None, 0


def _unlisted_name(doc: Doc, i: int, kind: str, taken: set[int]) -> tuple[int, int] | None:
    words, sentence_of = doc.words, doc.token_sentence
    word = words[i]
    if word not in _NAME_HEADS and not _name_like(word):
        return None
    if kind == NEAR and word.startswith("ال"):
        return None
    end = i + 1
    if word in _NAME_HEADS:
        if (end >= len(words) or sentence_of[end] != sentence_of[i]
                or end in taken or not _name_like(words[end])):
            return None
        end += 1
    if any(j in taken for j in range(i, end)):
        return None
    if not _adjacent(doc, i, end):
        return None
    return i, end


def _name_like(word: str) -> bool:
    if len(word) < 3 or word[0].isdigit() or "a" <= word[0] <= "z":
        return False
    if word in _NOT_NAMES or word in _CUE_TABLE:
        return False
    return not (word[0] in "وف" and (word[1:] in _NOT_NAMES or word[1:] in _CUE_TABLE))


def _foreign_or_adjective(doc: Doc, first: int, end: int, gazetteer: Gazetteer) -> bool:
    """A nationality adjective ("قرية إسبانية") rather than a name, or a name that the next
    word puts abroad ("مدينة غوتنبرغ السويدية")."""
    for j in range(first, min(end + 1, len(doc.words))):
        word = doc.words[j]
        if j == end and doc.token_sentence[j] != doc.token_sentence[first]:
            break
        bare = word[2:] if word.startswith("ال") else word
        if bare.endswith("يه") and len(bare) > 4:
            stem = bare[:-2]
            if any(gazetteer.country_named(k) for k in (stem, stem + "ا", "ال" + stem,
                                                         stem + "ي")):
                return True
        if j == end and gazetteer.country_named(word):
            return True
    return False


def _adjacent(doc: Doc, first: int, end: int) -> bool:
    """No punctuation inside a two-word name."""
    text = doc.text
    return all(not text[doc.token_ends[j - 1]:doc.token_starts[j]].strip()
               for j in range(first + 1, end))


def _locating_mention(doc: Doc, mentions: list[PlaceMention], first: int, end: int,
                      gazetteer: Gazetteer) -> PlaceMention | None:
    sent = doc.token_sentence[first]
    best, best_dist = None, _UNLISTED_WINDOW + 1
    for m in mentions:
        if doc.token_sentence[m.first] != sent or m.place.kind == "country":
            continue
        if m.place.country not in gazetteer.region_countries or not m.place.admin1:
            continue
        dist = m.first - end if m.first >= end else first - m.end
        if 0 <= dist < best_dist:
            best, best_dist = m, dist
    return best


def _unlisted_place(doc: Doc, first: int, end: int, anchor: PlaceMention | None,
                    fallback: str | None) -> Place:
    name_ar = doc.token_span(first, end).text
    key = " ".join(doc.words[first:end])
    if anchor is not None:
        a = anchor.place
        admin2 = a.admin2 if a.kind in ("admin2", "admin3", "place") else ""
        return Place(f"unlisted:{key}", transliterate(key), name_ar, "place", a.country,
                     a.admin1, admin2, a.latitude, a.longitude, 0)
    return Place(f"unlisted:{key}", transliterate(key), name_ar, "place", fallback or "",
                 "", "", None, None, 0)


_LATIN = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "z", "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "و": "w", "ي": "y", "ء": "'", "ئ": "'", "ؤ": "'",
}


def transliterate(normalised: str) -> str:
    """A rough Latin spelling of a normalised Arabic name (أبو صيدا → Abu Sayda), for names
    the gazetteer lacks; the Arabic name stays the reference."""
    words = []
    for word in normalised.split():
        prefix = ""
        if word.startswith("ال") and len(word) > 3:
            prefix, word = "al-", word[2:]
        out = []
        for j, ch in enumerate(word):
            last = j == len(word) - 1
            if ch == "ه" and last:
                out.append("a")
            elif ch in "وي" and j > 0 and word[j - 1] not in "اوي" and (
                    last or word[j + 1] not in "اوي"):
                out.append("u" if ch == "و" else "i")
            else:
                out.append(_LATIN.get(ch, ""))
        latin = "".join(out).lstrip("'")
        words.append(prefix + latin[:1].upper() + latin[1:])
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]
