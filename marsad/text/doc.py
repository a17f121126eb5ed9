"""A document: normalised text, tokens, sentences and a matching view, all with offsets.

Modelled on spaCy's Doc: every derived unit knows where it stands in the original text.

Three coordinate systems are in play:
- *original*: indexes into the article text as received;
- *normalised*: indexes into ``Doc.norm.text`` (see ``normalize``);
- *view*: indexes into ``Doc.view``, the tokens joined by single spaces with a space at
  each end, which multi-pattern matchers scan (" w1 w2 w3 ").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import accumulate, chain, count, repeat
from operator import itemgetter
from typing import NamedTuple

from marsad.model import Span
from marsad.text.normalize import Normalized, normalize

# A number with its separators ("1,200", "8.30") or a run of letters. Digits and letters are
# split, so "14شخصا" gives "14" and "شخصا".
WORD_RE = re.compile(r"\d+(?:[.,\u066b\u066c]\d+)*|[^\W\d_]+")
# Sentence ends: . ! ? ؟ ؛ ; and line breaks; a full stop between digits is a decimal point.
_ENDS = r".!?\u061f\u061b;\n"
SENTENCE_RE = re.compile(
    rf"[^\s{_ENDS}](?:[^{_ENDS}]|(?<=\d)\.(?=\d))*[{_ENDS}]*"
)


class Token(NamedTuple):
    index: int
    start: int  # normalised coordinates
    end: int
    text: str  # normalised form
    sentence: int


_new_token = partial(tuple.__new__, Token)  # a C-level constructor, for map()


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int  # normalised coordinates
    end: int
    first_token: int
    end_token: int  # exclusive


class Doc:
    """Everything the extractor reads from one text, each part computed once, when first
    asked for (a text that a cheap look at its normalised form rules out is never split)."""

    __slots__ = ("norm", "__dict__")

    def __init__(self, text: str) -> None:
        self.norm: Normalized = normalize(text)

    @cached_property
    def tokens(self) -> list[Token]:
        sentences, tokens = _segment(self.norm.text)
        self.__dict__["sentences"] = sentences  # computed together; read as plain attributes
        return tokens

    @cached_property
    def sentences(self) -> list[Sentence]:
        self.tokens  # noqa: B018 - sets sentences as it goes
        return self.__dict__["sentences"]

    @cached_property
    def _view(self) -> tuple[str, list[int]]:
        return _build_view(self.tokens)

    @property
    def view(self) -> str:
        """The tokens joined by single spaces, with a space at each end."""
        return self._view[0]

    @property
    def _view_starts(self) -> list[int]:
        return self._view[1]

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
        return self.span(self.tokens[first].start, self.tokens[end - 1].end)

    def sentence_span(self, index: int) -> Span:
        s = self.sentences[index]
        return self.span(s.start, s.end)

    def view_end(self, end_token: int | None) -> int:
        """View position just past token ``end_token - 1`` (the whole view for None)."""
        if end_token is None or end_token >= len(self._view_starts):
            return len(self.view)
        return self._view_starts[end_token]

    @cached_property
    def view_index(self) -> dict[int, int]:
        """View position of each token's first letter → the token's index."""
        return dict(zip(self._view_starts, range(len(self._view_starts)), strict=True))

    @cached_property
    def words(self) -> list[str]:
        """The normalised form of each token."""
        return [t.text for t in self.tokens]

    @cached_property
    def token_starts(self) -> list[int]:
        """Normalised start of each token, for bisection."""
        return [t.start for t in self.tokens]

    @cached_property
    def sentence_texts(self) -> list[str]:
        return [self.norm.text[s.start : s.end] for s in self.sentences]


def scan_order(doc: Doc, only: Collection[int] | None = None) -> Iterable[int]:
    """Token indices in text order: all of them, or those of the sentences in ``only``."""
    if only is None:
        return range(len(doc.tokens))
    sentences = doc.sentences
    return chain.from_iterable(
        range(sentences[s].first_token, sentences[s].end_token) for s in sorted(only)
    )


def _segment(text: str) -> tuple[list[Sentence], list[Token]]:
    """Tokens of the whole text in one regex pass, then cut into sentences by bisection."""
    found = list(WORD_RE.finditer(text))
    if not found:
        return [], []
    starts = list(map(re.Match.start, found))
    ends = list(map(re.Match.end, found))
    sentences: list[Sentence] = []
    sentence_of: list[int] = []
    first = 0
    for start, end in _sentence_bounds(text):
        first = bisect_left(starts, start, first)
        last = bisect_left(starts, end, first)
        if last > first:
            sid = len(sentences)
            sentences.append(Sentence(sid, start, end, first, last))
            sentence_of += repeat(sid, last - first)
        first = last
    texts = list(map(re.Match.group, found))
    tokens = list(map(_new_token, zip(count(), starts, ends, texts, sentence_of)))
    return sentences, tokens


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: from its first visible character through its end
    punctuation, without surrounding white space."""
    bounds = []
    for m in SENTENCE_RE.finditer(text):
        start, end = m.span()
        while text[end - 1].isspace():  # a line's trailing blanks (the first is not one)
            end -= 1
        bounds.append((start, end))
    return bounds


def _build_view(tokens: list[Token]) -> tuple[str, list[int]]:
    texts = list(map(itemgetter(3), tokens))
    if not texts:
        return "  ", []
    # each token starts one space after the previous token's end
    starts = list(accumulate(map((1).__add__, map(len, texts[:-1])), initial=1))
    return " " + " ".join(texts) + " ", starts
