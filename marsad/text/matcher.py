"""Clitic-aware multi-pattern matching of lexicon phrases in one Aho-Corasick pass.

Phrases are normalised and matched against ``Doc.view`` (tokens joined by single spaces,
with a space at each end), so a key such as " بالحسكه " only hits whole words (both are
read backwards, see ``build``). Each phrase is entered once per proclitic combination
(و ف ب ل ك and their pairs; لل for ال-words), so ``بمدينة الحسكة``, ``لـ"قسد"`` and
``وبالحسكة`` are found without stripping guesses.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from operator import attrgetter
from typing import Any, NamedTuple

import ahocorasick

from marsad.model import Span
from marsad.text.doc import Doc
from marsad.text.normalize import DELETED_CHARS, normalize_string

CONJUNCTIONS = ("", "و", "ف")
PREPOSITIONS = ("", "ب", "ل", "ك")
PROCLITICS = tuple(c + p for c in CONJUNCTIONS for p in PREPOSITIONS)
# ل + ال contracts to لل: "للحسكة" is ل + "الحسكة".
LAM_ARTICLE = tuple(c + "لل" for c in CONJUNCTIONS)
_MARKS = "".join(sorted(DELETED_CHARS))


class Match(NamedTuple):
    first: int  # first token index
    end: int  # token index after the last
    phrase: str  # the normalised lexicon phrase
    clitic: str  # proclitics attached to the first word
    payload: Any


class PhraseMatcher:
    """Collects (phrase, payload) pairs, then finds them all in a Doc in one pass.

    ``stem=True`` lets the last word continue (inflectional suffixes: استهدف → استهدفت);
    ``definite=True`` also accepts the article ال before the phrase (غارة → الغارة).
    """

    def __init__(self) -> None:
        self._payloads: dict[tuple[str, bool], list[Any]] = {}
        self._flags: dict[tuple[str, bool], bool] = {}
        self._automaton: ahocorasick.Automaton | None = None

    def add(self, phrase: str, payload: Hashable, *, stem: bool = False,
            definite: bool = False) -> None:
        key = " ".join(normalize_string(phrase).split())
        if not key:
            return
        slot = self._payloads.setdefault((key, stem), [])
        if payload not in slot:
            slot.append(payload)
        self._flags[(key, stem)] = self._flags.get((key, stem), False) or definite
        self._automaton = None

    def __len__(self) -> int:
        return len(self._payloads)

    def build(self) -> PhraseMatcher:
        automaton = ahocorasick.Automaton()
        # A word that holds a whole phrase is not also read as more clitics + another
        # phrase: with both بغداد and غداد in the lexicon, "وبغداد" is only و + بغداد.
        literals = {phrase for phrase, _stem in self._flags}
        for (phrase, stem), definite in self._flags.items():
            for clitic, surface in _surface_forms(phrase, definite):
                prefix = _prefix_length(clitic, surface, phrase)
                if any(surface[k:] in literals for k in range(prefix)):
                    continue
                # Keys are entered backwards and matched against the reversed view: the
                # clitic forms of a phrase then share one path of the automaton, which is a
                # third of the size and far kinder to the CPU caches.
                key = (" " + surface + ("" if stem else " "))[::-1]
                words = surface.count(" ") + 1
                entries = [
                    (words, phrase, clitic, payload)
                    for payload in self._payloads[(phrase, stem)]
                ]
                existing = automaton.get(key, None)
                if existing is None:
                    automaton.add_word(key, entries)
                else:
                    existing.extend(e for e in entries if e not in existing)
        automaton.make_automaton()
        self._automaton = automaton
        return self

    def _ready(self) -> ahocorasick.Automaton | None:
        """The automaton, built on first use; None when no phrase was added."""
        if not self._payloads:
            return None
        if self._automaton is None:
            self.build()
        return self._automaton

    def find(self, doc: Doc, end_token: int | None = None) -> list[Match]:
        """Every phrase in ``doc``, or in its tokens before ``end_token``."""
        automaton = self._ready()
        if automaton is None:
            return []
        backwards = doc.view_reversed
        size = len(backwards)
        hits = list(automaton.iter(backwards, size - doc.view_end(end_token), size))
        if not hits:
            return []
        hits.reverse()  # text order: by first token, then shortest first
        token_at = doc.view_index
        make = tuple.__new__  # a NamedTuple's own constructor parses arguments; this does not
        # A key ends (backwards) on the space before its first word.
        return [
            make(Match, (first := token_at[size - last], first + words, phrase, clitic, payload))
            for last, entries in hits
            for words, phrase, clitic, payload in entries
        ]

    def last_end(self, doc: Doc) -> int | None:
        """The token just past the last phrase in ``doc``, None when it holds none. The
        reversed view is read from its start, so only the text after that phrase is read
        (and a key's length more, for a longer phrase around it)."""
        automaton = self._ready()
        if automaton is None:
            return None
        backwards = doc.view_reversed
        size = len(backwards)
        longest = automaton.get_stats()["longest_word"]  # kept by the automaton: no walk
        end, stop = None, size
        for last, entries in automaton.iter(backwards):
            if last > stop:
                break
            first = doc.view_index[size - last]
            end = max(end or 0, first + max(e[0] for e in entries))
            stop = min(stop, last + longest)
        return end

    def __getstate__(self) -> dict[str, Any]:
        return {"payloads": self._payloads, "flags": self._flags, "automaton": self._automaton}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._payloads = state["payloads"]
        self._flags = state["flags"]
        self._automaton = state["automaton"]


def _surface_forms(phrase: str, definite: bool) -> Iterable[tuple[str, str]]:
    """(clitics, surface) pairs under which ``phrase`` may be written in running text."""
    bases = [("", phrase)]
    if definite and not phrase.startswith("ال"):
        bases.append(("ال", "ال" + phrase))
        words = phrase.split()
        if len(words) > 1:  # noun and adjective agree: ضربة جوية → الضربة الجوية
            every = " ".join(w if w.startswith("ال") else "ال" + w for w in words)
            bases.append(("ال", every))
    for article, base in bases:
        for clitic in PROCLITICS:
            yield clitic + article, clitic + base
        if base.startswith("ال"):
            for clitic in LAM_ARTICLE:
                # ل + اللاذقية is written للاذقية: the article's lam merges with the noun's.
                contracted = clitic[:-1] if base.startswith("الل") else clitic
                yield clitic[:-1] + article, contracted + base[2:]


def _prefix_length(clitic: str, surface: str, phrase: str) -> int:
    """Characters of ``surface`` before the phrase proper (the clitics as written)."""
    return len(clitic) if surface.startswith(clitic) else len(surface) - len(phrase)


def longest_first(matches: Iterable[Match]) -> list[Match]:
    """Keep the longest of overlapping matches (ties: the earliest), in text order."""
    chosen: list[Match] = []
    taken: set[int] = set()
    for m in sorted(matches, key=_longest_key):
        tokens = range(m.first, m.end)
        if taken.isdisjoint(tokens):
            chosen.append(m)
            taken.update(tokens)
    chosen.sort(key=_first_token)
    return chosen


def _longest_key(m: Match) -> tuple[int, int]:
    return m.first - m.end, m.first


_first_token = attrgetter("first")


def _proclitics(doc: Doc, m: Match) -> tuple[int, str]:
    """How many leading characters of the first word are proclitics, and the written phrase.

    The written phrase keeps an article the lexicon phrase lacks (والغارة → الغارة). When
    ل + ال contracted (للحسكة، للغارة، للاذقية) the shared lam is not skipped and the
    returned width is one short; ``surface_text`` restores the article.
    """
    clitic = m.clitic
    written = m.phrase
    if clitic.endswith("ال") and not m.phrase.startswith("ال"):
        clitic, written = clitic[:-2], "ال" + m.phrase
    word = doc.words[m.first]
    if word.startswith(written.split(" ", 1)[0], len(clitic)) or not clitic.endswith("ل"):
        return len(clitic), written
    return len(clitic) - 1, written


def surface_span(doc: Doc, m: Match) -> Span:
    """The original span of a match without its proclitics (وبالحسكة → الحسكة)."""
    skip, _written = _proclitics(doc, m)
    return doc.span(doc.token_starts[m.first] + skip, doc.token_ends[m.end - 1])


def surface_text(doc: Doc, m: Match) -> str:
    """The matched words as written, without proclitics, the article restored (للحسكة → الحسكة)."""
    skip, written = _proclitics(doc, m)
    text = surface_span(doc, m).text
    word = doc.words[m.first]
    if written.startswith("ال") and not word.startswith(written.split(" ", 1)[0], skip):
        # Contracted ل + ال: للحسكة → الحسكة, للاذقية → اللاذقية.
        rest = text[1:].lstrip(_MARKS)  # the marks of the dropped lam go with it
        return ("ال" if written.startswith("الل") else "ا") + rest
    return text
