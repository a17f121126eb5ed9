"""Actor lexicon: who fights whom, read from data files under ``marsad/resources/``.

Phrases that name an actor in Arabic news, by file:

- ``actors.tsv``: named groups and forces (قسد، الحوثيين، الجيش السوري) → a canonical name;
- ``generic_actors.tsv``: generic nouns (مسلحون، المدنيين، الشرطة) → a template such as
  ``Civilians ({country})`` that the event's country completes;
- ``actor_heads.tsv`` + ``demonyms.tsv``: a head noun and a nationality adjective
  (الشرطة الأفغانية، الطائرات الإسرائيلية) → ``Police Forces of Afghanistan``,
  ``Military Forces of Israel``: the adjective, not the event's place, gives the country;
- ``actor_ambiguous.tsv``: phrases whose referent depends on the event's country
  (التحالف: the Saudi-led Coalition in Yemen, the Global Coalition in Syria);
- ``actor_descriptors.tsv``: words that only introduce the named actor after them
  (مسلحي داعش، جماعة حزب الله، عناصر الجيش السوري);
- ``actor_anaphora.tsv``: words that refer back to a group named earlier (التنظيم، الحركة،
  الجماعة) → the nearest preceding actor with an alias of that kind (تنظيم داعش ...);
- ``actor_stoplist.tsv``: longer phrases that hold an actor phrase but are no actor
  (القاعدة العسكرية is a military base, not Al Qaeda).

All phrases go into the caller's ``PhraseMatcher`` with payload ``("actor", key)``;
``find_actors`` turns the matches into non-overlapping ``ActorMention``s.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from marsad.text.doc import Doc
from marsad.text.matcher import Match, surface_text
from marsad.text.normalize import normalize_string

RESOURCES = Path(__file__).parent / "resources"
COUNTRY_SLOT = "{country}"
ANY_COUNTRY = "*"
ROLES = ("agent", "victim", "either")
# ACLED writes "Military Forces of the United States" but "Civilians (United States)".
COUNTRIES_WITH_ARTICLE = frozenset({
    "United States", "United Arab Emirates", "United Kingdom", "Netherlands", "Philippines",
    "Central African Republic", "Democratic Republic of Congo", "Gambia",
})

# Key prefixes, one per kind of lexicon entry.
NAMED, AMBIGUOUS, GENERIC, HEAD, DEMONYM = "n|", "a|", "g|", "h|", "d|"
DESCRIPTOR, ANAPHOR, STOP = "p|", "r|", "x|"
_KIND_NAMES = {NAMED: "named actor", AMBIGUOUS: "ambiguous phrase", GENERIC: "generic noun",
               HEAD: "head noun", DEMONYM: "demonym", DESCRIPTOR: "descriptor",
               ANAPHOR: "anaphor", STOP: "stop phrase"}


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor as coded in an event. ``generic``: ``name`` is a template with ``{country}``."""

    name: str
    inter: int
    country: str
    generic: bool = False


class ActorMention(NamedTuple):
    """An actor named in a Doc: tokens [first, end) and the words as written, proclitics off.

    ``role`` is a hint from the lexicon ('agent', 'victim' or 'either'). ``choices`` is set
    when the phrase means different actors in different countries (``for_country`` picks);
    ``clitic`` holds the proclitics of the first word (وقوات → "و").
    """

    first: int
    end: int
    actor: Actor
    text: str
    role: str = "either"
    choices: tuple[tuple[str, Actor], ...] = ()
    clitic: str = ""

    def for_country(self, country: str) -> Actor:
        """The actor this mention means in an event located in ``country``."""
        default = self.actor
        for where, actor in self.choices:
            if where == country:
                return actor
            if where == ANY_COUNTRY:
                default = actor
        return default


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str  # one of the key prefixes
    actor: Actor | None = None  # NAMED, GENERIC, AMBIGUOUS (its default), ANAPHOR (fallback)
    template: str = ""  # HEAD
    inter: int = 0  # HEAD
    country: str = ""  # DEMONYM
    role: str = "either"
    choices: tuple[tuple[str, Actor], ...] = ()  # AMBIGUOUS
    antecedents: frozenset[str] = frozenset()  # ANAPHOR: names it can refer to


class ActorLexicon:
    """Named actors, generic nouns, heads, demonyms and the rest, keyed for matching."""

    def __init__(self, entries: dict[str, _Entry], surfaces: list[tuple[str, str]],
                 by_name: dict[str, Actor], named: list[Actor]) -> None:
        self._entries = entries
        self._surfaces = surfaces
        self._by_name = by_name
        self._named = named

    @classmethod
    def default(cls) -> ActorLexicon:
        """The lexicon of the packaged resource files (loaded once)."""
        return _default_lexicon()

    @classmethod
    def from_dir(cls, directory: Path) -> ActorLexicon:
        """Load the resource files from ``directory``; ValueError on inconsistent data."""
        return _load(directory)

    def phrases(self) -> Iterable[tuple[str, str]]:
        """(Arabic phrase, key) pairs to add to a PhraseMatcher with payload ("actor", key)."""
        return iter(self._surfaces)

    def actor(self, key: str) -> Actor:
        """The actor a key stands for (an ambiguous phrase: its default). KeyError otherwise."""
        entry = self._entries[key]
        if entry.kind == HEAD:
            return Actor(entry.template, entry.inter, "", generic=True)
        if entry.actor is None or entry.kind == ANAPHOR:
            raise KeyError(f"{key!r} is a {_KIND_NAMES[entry.kind]}, not an actor")
        return entry.actor

    def entry(self, key: str) -> _Entry:
        return self._entries[key]

    def named(self, name: str) -> Actor | None:
        """The named actor with this canonical name or English alias, if any."""
        return self._by_name.get(_name_key(name))

    def actors(self) -> list[Actor]:
        """Every named actor once, in file order."""
        return list(self._named)

    def state_force(self, template: str, country: str, inter: int) -> Actor:
        """``Military Forces of <country>`` and the like: the named row when there is one."""
        name = fill_template(template, country)
        return self.named(name) or Actor(name, inter, country)


def fill_template(template: str, country: str) -> str:
    """Put ``country`` into a template, with 'the' where ACLED writes it."""
    if f"of {COUNTRY_SLOT}" in template and country in COUNTRIES_WITH_ARTICLE:
        template = template.replace(f"of {COUNTRY_SLOT}", f"of the {COUNTRY_SLOT}")
    return template.replace(COUNTRY_SLOT, country)


def resolve_actor(actor: Actor | ActorMention, country: str,
                  lexicon: ActorLexicon | None = None) -> tuple[str, int]:
    """(name, inter) of an actor in an event located in ``country``.

    Given a mention, its country-dependent reading is taken first (``for_country``). A
    generic template is filled with the country; when the result is the name or English
    alias of a named actor (``Military Forces of Libya`` → the LNA) that actor is returned.
    ValueError for a generic actor without a country.
    """
    if isinstance(actor, ActorMention):
        actor = actor.for_country(country)
    if not actor.generic:
        return actor.name, actor.inter
    if not country:
        raise ValueError(f"generic actor {actor.name!r} needs the event's country")
    name = fill_template(actor.name, country)
    named = (lexicon or ActorLexicon.default()).named(name)
    if named is not None:
        return named.name, named.inter
    return name, actor.inter


# ---------------------------------------------------------------------------------------
# Finding mentions


@dataclass(slots=True)
class _Span:
    first: int
    end: int
    match: Match  # the first match over this span, for its clitics and surface
    kinds: dict[str, _Entry]  # the first entry of each kind


class _Reading(NamedTuple):
    span: _Span
    end: int
    rank: int  # at equal length the lower rank wins
    actor: Actor | None  # None: a stop phrase, which only shadows
    role: str = "either"
    choices: tuple[tuple[str, Actor], ...] = ()
    anaphor: _Entry | None = None

    @property
    def first(self) -> int:
        return self.span.first

    def mention(self, doc: Doc) -> ActorMention:
        assert self.actor is not None
        m = self.span.match
        if self.end != m.end:
            m = Match(m.first, self.end, m.phrase, m.clitic, m.payload)
        if m.clitic:
            text, clitic = surface_text(doc, m), _proclitics(m)
        else:
            text, clitic = doc.token_span(m.first, self.end).text, ""
        return ActorMention(m.first, self.end, self.actor, text, self.role, self.choices, clitic)


# Ranks at equal length: a stop phrase, a named alias as listed, a named alias that absorbed
# an adjective (طالبان الباكستانية loses to the TTP alias of the same length), a head noun +
# demonym, a generic noun.
_RANK_STOP, _RANK_NAMED, _RANK_ABSORBED, _RANK_PAIR, _RANK_GENERIC = 0, 1, 2, 3, 4
_READABLE = frozenset({STOP, NAMED, AMBIGUOUS, GENERIC, ANAPHOR, HEAD})


def find_actors(doc: Doc, matches: Iterable[Match], lexicon: ActorLexicon | None = None
                ) -> list[ActorMention]:
    """Actor mentions in ``doc`` from the matcher's actor ``matches``, in text order.

    Overlaps are resolved longest first; at equal length a stop phrase beats a named actor,
    which beats a head + demonym pair, which beats a generic noun. A head noun followed by
    a nationality adjective is a state force of that nationality (الجيش العراقي → Military
    Forces of Iraq); a named or generic actor absorbs an adjective after it (حزب الله
    اللبناني). A head noun or an adjective alone names no actor.
    """
    lexicon = lexicon or ActorLexicon.default()
    spans = _group(matches, lexicon)
    if not spans:
        return []
    by_first: dict[int, list[_Span]] = {}
    for span in spans:
        by_first.setdefault(span.first, []).append(span)
    readings: list[_Reading] = []
    for span in spans:
        if not _READABLE.isdisjoint(span.kinds):
            readings.extend(_readings(span, by_first, lexicon))
    chosen = [(r, r.mention(doc)) for r in _longest_first(readings)]
    chosen = _attach_descriptors(doc, chosen, spans)
    return _resolve_anaphora(chosen)


def _group(matches: Iterable[Match], lexicon: ActorLexicon) -> list[_Span]:
    spans: dict[tuple[int, int], _Span] = {}
    entries = lexicon._entries
    for m in matches:
        payload = m.payload
        if type(payload) is tuple:
            if payload[0] != "actor":
                continue  # a shared matcher's places and triggers
            payload = payload[1]
        found = entries[payload]
        span = spans.get((m.first, m.end))
        if span is None:
            spans[(m.first, m.end)] = _Span(m.first, m.end, m, {found.kind: found})
        else:
            span.kinds.setdefault(found.kind, found)
    return list(spans.values())


def _readings(span: _Span, by_first: dict[int, list[_Span]], lexicon: ActorLexicon
              ) -> list[_Reading]:
    """The ways this span can be read as an actor."""
    kinds = span.kinds
    if STOP in kinds:
        return [_Reading(span, span.end, _RANK_STOP, None)]
    out: list[_Reading] = []
    named = kinds.get(NAMED) or kinds.get(AMBIGUOUS)
    head = kinds.get(HEAD)
    generic = kinds.get(GENERIC) or kinds.get(ANAPHOR)
    if named is None and generic is None and head is None:
        return out
    adjective = _adjective_after(span, by_first)
    if head is not None and adjective is not None:
        country, adj_end = adjective
        own = _choice_for(named, country) if named is not None else None
        if own is None:  # قوات الاحتلال التركي: the head reading names Turkey
            force = lexicon.state_force(head.template, country, head.inter)
            out.append(_Reading(span, adj_end, _RANK_PAIR, force))
    if named is not None:
        assert named.actor is not None
        if adjective is not None:
            country, adj_end = adjective
            own = _choice_for(named, country)
            if own is not None:
                out.append(_Reading(span, adj_end, _RANK_ABSORBED, own, named.role))
            elif head is None:  # ميليشيات الحوثي الإيرانية
                out.append(_Reading(span, adj_end, _RANK_ABSORBED, named.actor, named.role,
                                    named.choices))
        out.append(_Reading(span, span.end, _RANK_NAMED, named.actor, named.role,
                            named.choices))
        return out
    if generic is not None:
        anaphor = generic if generic.kind == ANAPHOR else None
        actor = generic.actor or Actor("", 0, "")
        if adjective is not None and head is None:
            out.append(_Reading(span, adjective[1], _RANK_GENERIC, actor, generic.role,
                                anaphor=anaphor))
        out.append(_Reading(span, span.end, _RANK_GENERIC, actor, generic.role,
                            anaphor=anaphor))
    return out


def _adjective_after(span: _Span, by_first: dict[int, list[_Span]]) -> tuple[str, int] | None:
    """(country, end token) of a nationality adjective right after ``span``, if any."""
    for nxt in by_first.get(span.end, ()):
        if nxt.match.clitic:
            continue  # an adjective takes no proclitic: وسورية is "and Syria"
        demonym = nxt.kinds.get(DEMONYM)
        if demonym is not None:
            return demonym.country, nxt.end
    return None


def _choice_for(entry: _Entry, country: str) -> Actor | None:
    """The reading of a named or ambiguous entry that belongs to ``country``, if any."""
    if entry.kind == NAMED:
        return entry.actor if entry.actor is not None and entry.actor.country == country \
            else None
    return next((actor for where, actor in entry.choices if where == country), None)


def _proclitics(m: Match) -> str:
    """The clitics in front of the phrase, without an article the phrase itself lacks."""
    if m.clitic.endswith("ال") and not m.phrase.startswith("ال"):
        return m.clitic[:-2]
    return m.clitic


def _longest_first(readings: list[_Reading]) -> list[_Reading]:
    readings.sort(key=lambda r: (r.span.first - r.end, r.rank, r.span.first))
    taken: set[int] = set()
    chosen: list[_Reading] = []
    for r in readings:
        tokens = range(r.span.first, r.end)
        if not taken.isdisjoint(tokens):
            continue
        taken.update(tokens)
        if r.actor is not None:
            chosen.append(r)
    chosen.sort(key=lambda r: r.span.first)
    return chosen


_DESCRIBING = frozenset({"Unidentified Armed Group ({country})"})
_Chosen = tuple[_Reading, ActorMention]


def _attach_descriptors(doc: Doc, chosen: list[_Chosen], spans: list[_Span]
                        ) -> list[_Chosen]:
    """مسلحي داعش، جماعة حزب الله: a descriptor right before a named actor joins its mention.

    The descriptor may itself have been read as an unnamed armed group (ميليشيات); that
    reading gives way. Chains work from right to left (مسلحي ميليشيات الحوثي).
    """
    descriptors = {s.end: s for s in spans if DESCRIPTOR in s.kinds}
    if not descriptors:
        return chosen
    at_end = {m.end: i for i, (_, m) in enumerate(chosen)}
    dropped: set[int] = set()
    for i in range(len(chosen) - 1, -1, -1):
        r, m = chosen[i]
        if r.anaphor is not None or (m.actor.generic and not m.choices):
            continue
        while not m.clitic and m.first in descriptors:
            d = descriptors[m.first]
            before = at_end.get(m.first)
            if before is not None and before not in dropped:
                if chosen[before][1].first != d.first or not _describes(chosen[before][1]):
                    break
                dropped.add(before)
            elif any(c.first < d.end and c.end > d.first for j, (_, c) in enumerate(chosen)
                     if j not in dropped and j != i):
                break
            tail = doc.original[doc.token_span(d.first, d.end).end:
                                doc.token_span(m.first, m.end).end]
            m = m._replace(first=d.first, text=surface_text(doc, d.match) + tail,
                           clitic=_proclitics(d.match))
            chosen[i] = (r, m)
    return [c for i, c in enumerate(chosen) if i not in dropped]


def _describes(m: ActorMention) -> bool:
    if m.actor.generic:
        return m.actor.name in _DESCRIBING
    return any(a.generic and a.name in _DESCRIBING for _, a in m.choices)


def _resolve_anaphora(chosen: list[_Chosen]) -> list[ActorMention]:
    """التنظيم → the nearest actor named before it that has a تنظيم alias; else its fallback."""
    out: list[ActorMention] = []
    for r, m in chosen:
        if r.anaphor is None:
            out.append(m)
            continue
        names = r.anaphor.antecedents
        antecedent = next((a for a in reversed(out)
                           if not a.actor.generic and a.actor.name in names), None)
        if antecedent is not None:
            out.append(m._replace(actor=antecedent.actor, role=antecedent.role,
                                  choices=antecedent.choices))
        elif r.anaphor.actor is not None:
            out.append(m._replace(actor=r.anaphor.actor))
    return out


# ---------------------------------------------------------------------------------------
# Loading


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower())


def _norm(phrase: str) -> str:
    return " ".join(normalize_string(phrase).split())


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            {k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def _inter(value: str, where: str) -> int:
    try:
        inter = int(value)
    except ValueError:
        raise ValueError(f"{where}: inter {value!r} is not a number") from None
    if not 1 <= inter <= 8:
        raise ValueError(f"{where}: inter {inter} is not an ACLED code 1-8")
    return inter


def _split(aliases: str) -> list[str]:
    return [a.strip() for a in aliases.split("|") if a.strip()]


@dataclass
class _Builder:
    entries: dict[str, _Entry]
    surfaces: list[tuple[str, str]]

    def add(self, surface: str, key: str, entry: _Entry) -> None:
        self.entries.setdefault(key, entry)
        self.surfaces.append((surface, key))


def _load(directory: Path) -> ActorLexicon:
    out = _Builder({}, [])
    by_name: dict[str, Actor] = {}
    named: list[Actor] = []
    alias_owners: dict[str, list[Actor]] = {}
    alias_surface: dict[str, str] = {}
    for n, row in enumerate(_rows(directory / "actors.tsv"), 2):
        where = f"actors.tsv:{n}"
        name = row["name"]
        if not name or COUNTRY_SLOT in name or any(a.name == name for a in named):
            raise ValueError(f"{where}: {name!r} is empty, a template or listed twice")
        actor = Actor(name, _inter(row["inter"], where), row["country"])
        named.append(actor)
        for label in [name, *_split(row.get("aliases_en", ""))]:
            by_name.setdefault(_name_key(label), actor)
        for alias in _split(row["aliases_ar"]):
            key = _norm(alias)
            owners = alias_owners.setdefault(key, [])
            if actor not in owners:
                owners.append(actor)
            alias_surface.setdefault(key, alias)
    named_by_name = {a.name: a for a in named}

    templates: dict[str, Actor] = {}
    generic: dict[str, tuple[str, _Entry]] = {}
    for n, row in enumerate(_rows(directory / "generic_actors.tsv"), 2):
        where = f"generic_actors.tsv:{n}"
        template, inter = row["template"], _inter(row["inter"], where)
        if COUNTRY_SLOT not in template:
            raise ValueError(f"{where}: template {template!r} has no {COUNTRY_SLOT}")
        if row["role"] not in ROLES:
            raise ValueError(f"{where}: role {row['role']!r} is not one of {ROLES}")
        actor = templates.setdefault(template, Actor(template, inter, "", generic=True))
        if actor.inter != inter:
            raise ValueError(f"{where}: template {template!r} with two inter codes")
        key = _norm(row["phrase_ar"])
        if key in generic:
            raise ValueError(f"{where}: {row['phrase_ar']!r} is listed twice")
        generic[key] = (row["phrase_ar"], _Entry(GENERIC, actor, role=row["role"]))

    def target(name: str, where: str) -> Actor:
        actor = templates.get(name) or named_by_name.get(name)
        if actor is None:
            raise ValueError(f"{where}: {name!r} is neither an actor nor a template")
        return actor

    ambiguous: dict[str, list[tuple[str, Actor]]] = {}
    ambiguous_surface: dict[str, str] = {}
    for n, row in enumerate(_rows(directory / "actor_ambiguous.tsv"), 2):
        key = _norm(row["phrase_ar"])
        choice = (row["country"], target(row["name"], f"actor_ambiguous.tsv:{n}"))
        ambiguous.setdefault(key, []).append(choice)
        ambiguous_surface.setdefault(key, row["phrase_ar"])
    for key, choices in ambiguous.items():
        defaults = [a for c, a in choices if c == ANY_COUNTRY]
        if len(defaults) != 1:
            raise ValueError(f"actor_ambiguous.tsv: {ambiguous_surface[key]!r} needs one "
                             f"'{ANY_COUNTRY}' row")
        out.add(ambiguous_surface[key], AMBIGUOUS + key,
                _Entry(AMBIGUOUS, defaults[0], choices=tuple(choices)))

    for key, owners in alias_owners.items():
        if key in ambiguous:
            continue
        if len(owners) > 1:
            raise ValueError(f"actors.tsv: {alias_surface[key]!r} names "
                             f"{', '.join(a.name for a in owners)}; list it in "
                             "actor_ambiguous.tsv")
        if key in generic:
            raise ValueError(f"{alias_surface[key]!r} is both a named alias and a generic "
                             "noun; list it in actor_ambiguous.tsv")
        out.add(alias_surface[key], NAMED + key, _Entry(NAMED, owners[0]))
    for key, (surface, entry) in generic.items():
        if key not in ambiguous:
            out.add(surface, GENERIC + key, entry)

    for n, row in enumerate(_rows(directory / "actor_heads.tsv"), 2):
        where = f"actor_heads.tsv:{n}"
        if COUNTRY_SLOT not in row["template"]:
            raise ValueError(f"{where}: template {row['template']!r} has no {COUNTRY_SLOT}")
        out.add(row["phrase_ar"], HEAD + _norm(row["phrase_ar"]),
                _Entry(HEAD, template=row["template"], inter=_inter(row["inter"], where)))

    for row in _rows(directory / "demonyms.tsv"):
        out.add(row["demonym_ar"], DEMONYM + _norm(row["demonym_ar"]),
                _Entry(DEMONYM, country=row["country"]))

    for row in _rows(directory / "actor_descriptors.tsv"):
        out.add(row["phrase_ar"], DESCRIPTOR + _norm(row["phrase_ar"]), _Entry(DESCRIPTOR))

    for n, row in enumerate(_rows(directory / "actor_anaphora.tsv"), 2):
        where = f"actor_anaphora.tsv:{n}"
        prefix = _norm(row["alias_head"]) + " "
        names = frozenset(a.name for key, owners in alias_owners.items()
                          if key.startswith(prefix) for a in owners)
        if not names:
            raise ValueError(f"{where}: no actor has an alias starting with {prefix!r}")
        fallback = target(row["fallback"], where) if row["fallback"] else None
        out.add(row["phrase_ar"], ANAPHOR + _norm(row["phrase_ar"]),
                _Entry(ANAPHOR, fallback, antecedents=names))

    for row in _rows(directory / "actor_stoplist.tsv"):
        out.add(row["phrase_ar"], STOP + _norm(row["phrase_ar"]), _Entry(STOP))

    return ActorLexicon(out.entries, out.surfaces, by_name, named)


@functools.cache
def _default_lexicon() -> ActorLexicon:
    return _load(RESOURCES)
