"""Stage 2: one Aho-Corasick pass over a Doc gives every mention the assembler needs.

Places, actors, triggers and cues share one PhraseMatcher; numbers and times have their
own scanners. The result is a ``Mentions`` record indexed by sentence.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from marsad.actors import DEMONYM, Actor, ActorLexicon, ActorMention, find_actors
from marsad.geo import Gazetteer, PlaceMention, country_evidence, resolve_places
from marsad.text.doc import Doc
from marsad.text.matcher import Match, PhraseMatcher, longest_first
from marsad.text.numbers import NumberMention, find_numbers
from marsad.text.timex import TimeMention, find_times
from marsad.triggers import Trigger, load_cues, load_triggers

CLAUSE_MARK_RE = re.compile("[،,:]")
# "دبي، الإمارات العربية المتحدة (CNN)— ...": where the report was filed, not where anything
# happened (the agency in brackets, then a dash)
DATELINE_RE = re.compile(r"\s*[^\n.()]{2,80}\([^()\n]{2,20}\)\s*[-–—]{1,3}")
MILITARY = "Military Forces of {country}"
ARMED_GROUP = "Unidentified Armed Group ({country})"
# Where ACLED codes no state military: "صواريخ فلسطينية" were fired by armed groups.
NO_STATE_FORCES = frozenset({"Palestine"})
# Weapon cues are also read with the article and with suffixes: الصاروخي، قذائفهم.
WEAPON_CUES = frozenset({"air", "shell", "explosive", "chem", "suicide"})
STATE_INTER = 1
PLURAL_VERB_ENDING = "وا"


class TriggerMention(NamedTuple):
    first: int
    end: int
    trigger: Trigger
    sentence: int
    definite: bool = False  # written with the article: الغارات، الهجوم
    plural_verb: bool = False  # a verb agreeing with a subject before it: قتلوا، اختطفوا


class DemonymMention(NamedTuple):
    """A nationality adjective (الإسرائيلية، روسية): tokens [first, end), its country and
    the state force it names after a strike noun (غارات روسية → Military Forces of Russia)."""

    first: int
    end: int
    country: str
    force: Actor


@dataclass(slots=True)
class Mentions:
    places: list[PlaceMention]
    actors: list[ActorMention]
    triggers: list[TriggerMention]
    numbers: list[NumberMention]
    times: list[TimeMention]
    country_votes: Counter[str]
    main_country: str | None = None  # the most voted country
    demonyms: list[DemonymMention] = field(default_factory=list)
    # cue kind -> sorted (first, end) token ranges
    cues: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    clause_starts: list[int] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)

    def cue_between(self, kind: str, lo: int, hi: int) -> tuple[int, int] | None:
        """The last cue of ``kind`` that starts in tokens [lo, hi), if any."""
        ranges = self.cues.get(kind)
        if not ranges or lo >= hi:
            return None
        i = bisect_left(ranges, (hi, -1)) - 1
        if i >= 0 and ranges[i][0] >= lo:
            return ranges[i]
        return None

    def cues_between(self, kind: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Every cue of ``kind`` that starts in tokens [lo, hi)."""
        ranges = self.cues.get(kind, [])
        return ranges[bisect_left(ranges, (lo, -1)) : bisect_left(ranges, (hi, -1))]

    def cue_ending_at(self, kind: str, end: int, slack: int = 0) -> bool:
        """Whether a cue of ``kind`` ends at token ``end`` (or up to ``slack`` tokens before)."""
        return any(e in range(end - slack, end + 1) for _, e in self.cues.get(kind, ()) if e <= end)

    def sentence_start(self, token: int) -> int:
        """First token of the sentence holding ``token``."""
        return self.sentence_starts[bisect_right(self.sentence_starts, token) - 1]

    def clause_of(self, token: int) -> tuple[int, int]:
        """Token range [start, end) of the clause holding ``token`` (commas split clauses)."""
        i = bisect_right(self.clause_starts, token)
        start = self.clause_starts[i - 1] if i else 0
        end = self.clause_starts[i] if i < len(self.clause_starts) else 1 << 30
        return start, end


class MentionFinder:
    """Builds the shared matcher once; ``find(doc, published)`` is then pure."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        actors: ActorLexicon,
        matchers: tuple[PhraseMatcher, PhraseMatcher] | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.actors = actors
        self.matcher, self.trigger_matcher = matchers or build_matchers(gazetteer, actors)

    def find(self, doc: Doc, published: dt.date) -> Mentions:
        last = self.trigger_matcher.last_end(doc)
        if last is None:
            return Mentions([], [], [], [], [], Counter())  # nothing happens in this text
        # What follows the last sentence with a trigger names nobody and nowhere an event
        # could use: the full matcher reads up to there.
        horizon = doc.sentences[doc.token_sentence[last - 1]].end_token
        by_kind: dict[str, list[Match]] = defaultdict(list)
        for m in self.matcher.find(doc, horizon):
            by_kind[m.payload[0]].append(m)
        if not by_kind["trigger"]:
            return Mentions([], [], [], [], [], Counter())
        place_matches = _after_dateline(doc, by_kind["place"])
        actor_matches = by_kind["actor"]
        actors = find_actors(doc, actor_matches, self.actors)
        votes = country_evidence(doc, place_matches, self.gazetteer)
        for a in actors:
            if a.actor.country and not a.actor.generic and a.actor.country != "Global":
                votes[a.actor.country] += 0.5
        hint = votes.most_common(1)[0][0] if votes else None
        places = resolve_places(doc, place_matches, self.gazetteer, hint, horizon)
        triggers = [
            TriggerMention(
                m.first,
                m.end,
                m.payload[1],
                doc.token_sentence[m.first],
                "ال" in m.clitic or m.phrase.startswith("ال"),
                m.payload[1].verb and doc.words[m.end - 1].endswith(PLURAL_VERB_ENDING),
            )
            for m in longest_first(by_kind["trigger"])
        ]
        cues: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for m in by_kind["cue"]:
            cues[m.payload[1]].append((m.first, m.end))
        for ranges in cues.values():
            ranges.sort()
        told = {t.sentence for t in triggers}  # numbers and dates matter only there
        return Mentions(
            places=places,
            actors=actors,
            triggers=triggers,
            numbers=find_numbers(doc, told),
            times=find_times(doc, published, told),
            country_votes=votes,
            main_country=hint,
            demonyms=self._demonyms(actor_matches),
            cues=dict(cues),
            clause_starts=_clause_starts(doc),
            sentence_starts=[s.first_token for s in doc.sentences] or [0],
        )

    def _demonyms(self, matches: list[Match]) -> list[DemonymMention]:
        found = []
        for m in matches:
            key = m.payload[1]
            if key.startswith(DEMONYM):
                country, force = self._demonym_force(key)
                found.append(DemonymMention(m.first, m.end, country, force))
        return found

    @functools.cache  # noqa: B019 - one finder per process, keys from a fixed lexicon
    def _demonym_force(self, key: str) -> tuple[str, Actor]:
        country = self.actors.entry(key).country
        template = ARMED_GROUP if country in NO_STATE_FORCES else MILITARY
        return country, self.actors.state_force(template, country, STATE_INTER)


def build_matchers(
    gazetteer: Gazetteer, actors: ActorLexicon
) -> tuple[PhraseMatcher, PhraseMatcher]:
    """The matcher of everything, and a small one of the triggers alone that tells cheaply
    whether a text reports anything at all (with fewer phrases it never misses a trigger
    the full one finds)."""
    return build_matcher(gazetteer, actors), _add_triggers(PhraseMatcher()).build()


def _add_triggers(matcher: PhraseMatcher) -> PhraseMatcher:
    for trig in load_triggers():
        matcher.add(trig.phrase, ("trigger", trig), stem=trig.stem, definite=trig.definite)
    return matcher


def build_matcher(gazetteer: Gazetteer, actors: ActorLexicon) -> PhraseMatcher:
    matcher = PhraseMatcher()
    for surface, key in gazetteer.phrases():
        matcher.add(surface, ("place", key))
    for surface, key in actors.phrases():
        matcher.add(surface, ("actor", key))
    _add_triggers(matcher)
    for phrase, kind in load_cues():
        weapon = kind in WEAPON_CUES
        matcher.add(phrase, ("cue", kind), definite=weapon, stem=weapon)
    return matcher.build()


def _after_dateline(doc: Doc, matches: list[Match]) -> list[Match]:
    dateline = DATELINE_RE.match(doc.text)
    if dateline is None:
        return matches
    first = bisect_left(doc.token_starts, dateline.end())
    return [m for m in matches if m.first >= first]


def _clause_starts(doc: Doc) -> list[int]:
    """Token indices that begin a clause: the first token of a sentence or after a comma."""
    starts = {s.first_token for s in doc.sentences}
    token_starts = doc.token_starts
    for m in CLAUSE_MARK_RE.finditer(doc.text):
        i = bisect_left(token_starts, m.end())
        if i < len(token_starts):
            starts.add(i)
    return sorted(starts)
