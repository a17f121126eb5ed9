"""A document: normalised text, tokens, sentences and a matching view, all with offsets.

Modelled on spaCy's Doc: every derived unit knows where it stands in the original text.

Three coordinate systems are in play:
- *original*: indexes into the article text as received;
- *normalised*: indexes into ``Doc.norm.text`` (see ``normalize``);
- *view*: indexes into ``Doc.view``, the tokens joined by single spaces with a space at
  each end, which multi-pattern matchers scan (" w1 w2 w3 ").

Tokens are kept as columns (``words``, ``token_starts``, ``token_ends``,
``token_sentence``): one regex split gives the first three, and sentences are cut only
when asked for, so a text that a look at its view rules out is never segmented.
``tokens`` gives the same as ``Token`` records.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable
from functools import cached_property, partial
from itertools import accumulate, chain, count, repeat
from typing import Any, Generic, NamedTuple, TypeVar

from marsad.model import Span
from marsad.text.normalize import Normalized, normalize

# A run of letters or a number with its separators ("1,200", "8.30"). Digits and letters
# are split, so "14شخصا" gives "14" and "شخصا". The first branch only makes the common case
# fast: a run of basic Arabic letters that no other letter follows.
WORD_RE = re.compile(
    r"[\u0621-\u064a]++(?![^\W\d_])|[^\W\d_]+|\d+(?:[.,\u066b\u066c]\d+)*"
)
_SPLIT_RE = re.compile(f"({WORD_RE.pattern})")
# Sentence ends: . ! ? ؟ ؛ ; and line breaks; a full stop between digits is a decimal point
# (inside a number token, never between tokens).
SENTENCE_ENDS = ".!?\u061f\u061b;\n"
_ENDS_CLASS = re.escape(SENTENCE_ENDS)
# A run of sentence ends and what follows it up to the next sentence's first visible
# character: blanks and stray end marks (". . ." or "! .") start no sentence.
_BREAK_RE = re.compile(f"[{_ENDS_CLASS}]+[\\s{_ENDS_CLASS}]*")
_LEAD_RE = re.compile(f"[\\s{_ENDS_CLASS}]*")


class Token(NamedTuple):
    index: int
    start: int  # normalised coordinates
    end: int
    text: str  # normalised form
    sentence: int


class Sentence(NamedTuple):
    index: int
    start: int  # normalised coordinates
    end: int
    first_token: int
    end_token: int  # exclusive


T = TypeVar("T")
_new_token = partial(tuple.__new__, Token)  # C-level constructors, for map()
_new_sentence = partial(tuple.__new__, Sentence)


class _SetBy(Generic[T]):
    """An attribute that computing another one (``by``) sets as it goes: the first read
    computes that one, later reads find the value in the instance as a plain attribute."""

    def __init__(self, by: str, doc: str) -> None:
        self.by = by
        self.__doc__ = doc

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, objtype: type | None = None) -> T:
        if obj is None:
            return self  # type: ignore[return-value] - the class attribute itself
        getattr(obj, self.by)
        return obj.__dict__[self.name]


class Doc:
    """Everything the extractor reads from one text, each part computed once, when first
    asked for."""

    __slots__ = ("norm", "__dict__")

    def __init__(self, text: str) -> None:
        self.norm: Normalized = normalize(text)

    @cached_property
    def words(self) -> list[str]:
        """The normalised form of each token."""
        words, starts, ends = _tokenize(self.norm.text)
        self.__dict__["token_starts"] = starts
        self.__dict__["token_ends"] = ends
        return words

    token_starts: _SetBy[list[int]] = _SetBy("words", "Normalised start of each token (sorted).")
    token_ends: _SetBy[list[int]] = _SetBy("words", "Normalised end of each token.")

    @cached_property
    def sentences(self) -> list[Sentence]:
        sentences, sentence_of = _cut_sentences(self.norm.text, self.token_starts)
        self.__dict__["token_sentence"] = sentence_of
        return sentences

    token_sentence: _SetBy[list[int]] = _SetBy("sentences", "The sentence index of each token.")

    @cached_property
    def tokens(self) -> list[Token]:
        return list(map(_new_token, zip(
            count(), self.token_starts, self.token_ends, self.words, self.token_sentence
        )))

    @cached_property
    def view(self) -> str:
        """The tokens joined by single spaces, with a space at each end."""
        return " " + " ".join(self.words) + " " if self.words else "  "

    @cached_property
    def view_reversed(self) -> str:
        """The view backwards, as the phrase matchers scan it."""
        return self.view[::-1]

    @cached_property
    def _view_starts(self) -> list[int]:
        # each token starts one space after the previous token's end
        return list(accumulate(map((1).__add__, map(len, self.words[:-1])), initial=1))

    @property
    def original(self) -> str:
        return self.norm.original

    @property
    def text(self) -> str:
        """The normalised text."""
        return self.norm.text

    def span(self, start: int, end: int) -> Span:
        """A Span of the original text from normalised coordinates."""
        ostart, oend = self.norm.to_original(start, end)
        return Span(ostart, oend, self.norm.original[ostart:oend])

    def token_span(self, first: int, end: int) -> Span:
        """The original Span covering tokens [first, end)."""
        return self.span(self.token_starts[first], self.token_ends[end - 1])

    def sentence_span(self, index: int) -> Span:
        s = self.sentences[index]
        return self.span(s.start, s.end)

    def view_end(self, end_token: int | None) -> int:
        """View position just past token ``end_token - 1`` (the whole view for None)."""
        if end_token is None or end_token >= len(self.words):
            return len(self.view)
        return self._view_starts[end_token]

    @cached_property
    def view_index(self) -> dict[int, int]:
        """View position of each token's first letter → the token's index."""
        return dict(zip(self._view_starts, count()))

    @cached_property
    def sentence_texts(self) -> list[str]:
        return [self.norm.text[s.start : s.end] for s in self.sentences]


def scan_order(doc: Doc, only: Collection[int] | None = None) -> Iterable[int]:
    """Token indices in text order: all of them, or those of the sentences in ``only``."""
    if only is None:
        return range(len(doc.words))
    sentences = doc.sentences
    return chain.from_iterable(
        range(sentences[s].first_token, sentences[s].end_token) for s in sorted(only)
    )


def _tokenize(text: str) -> tuple[list[str], list[int], list[int]]:
    """Words, starts and ends in one regex split: the pieces alternate gap, word, gap, …,
    so running sums of their lengths are the word boundaries."""
    pieces = _SPLIT_RE.split(text)
    bounds = list(accumulate(map(len, pieces)))
    return pieces[1::2], bounds[0:-1:2], bounds[1::2]


def _cut_sentences(text: str, token_starts: list[int]) -> tuple[list[Sentence], list[int]]:
    """Sentences (those holding at least one token) and the sentence of each token."""
    sentences: list[Sentence] = []
    sentence_of: list[int] = []
    first = 0
    for start, end in _sentence_bounds(text):
        first = bisect_left(token_starts, start, first)
        last = bisect_left(token_starts, end, first)
        if last > first:
            sid = len(sentences)
            sentences.append(_new_sentence((sid, start, end, first, last)))
            sentence_of += repeat(sid, last - first)
        first = last
    return sentences, sentence_of


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: from its first visible character through its run of
    end punctuation, without surrounding white space."""
    bounds = []
    start = _LEAD_RE.match(text).end()  # type: ignore[union-attr] - matches the empty string
    for m in _BREAK_RE.finditer(text, start):
        gap_start, gap_end = m.span()
        if _is_decimal_point(text, gap_start, gap_end):
            continue
        end = gap_start
        while end < gap_end and text[end] in SENTENCE_ENDS:
            end += 1
        bounds.append((start, _rstrip(text, end)))
        start = gap_end
    if start < len(text):
        bounds.append((start, _rstrip(text, len(text))))
    return bounds


def _is_decimal_point(text: str, start: int, end: int) -> bool:
    return (end - start == 1 and text[start] == "." and start > 0 and end < len(text)
            and text[start - 1].isdecimal() and text[end].isdecimal())


def _rstrip(text: str, end: int) -> int:
    while text[end - 1].isspace():
        end -= 1
    return end
