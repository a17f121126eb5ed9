"""Full-text queries: parsing, Arabic clitic variants, backend syntax, snippets.

Both the index and the query go through ``normalize_string`` (the extractor's
normalisation), so spelling variants of hamza, ta marbuta, alef maqsura and vowelled text
meet. Arabic words are indexed whole, with their clitics; a query word is therefore
expanded to the forms it takes with the usual proclitics (و ف ب ل ك and the article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.text.normalize import normalize, normalize_string

WORD_RE = re.compile(r"[^\W_]+")
QUERY_PART_RE = re.compile(r'"([^"]*)"|(\S+)')
ARABIC_RE = re.compile("[\u0621-\u064a]")
# Proclitics before a word without the article, and before one with it.
_BARE_PREFIXES = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
_ARTICLE_PREFIXES = ("", "و", "ف", "ب", "ك", "وب", "فب", "وك")
_LAM_ARTICLE = ("لل", "ولل", "فلل")
SNIPPET_BEFORE = 80
SNIPPET_AFTER = 200


@dataclass(frozen=True, slots=True)
class Term:
    """A query word (with its clitic forms) or a phrase; ``prefix`` for a trailing '*'."""

    words: tuple[str, ...]
    forms: frozenset[str]
    prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


# Proclitics a query word may carry itself; removed to find the bare word too. Only the
# unambiguous ones: a leading ب ل ك is too often part of the word (بغداد، لبنان).
_QUERY_PROCLITICS = ("وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "و", "ف")
MIN_STEM = 3


def word_forms(word: str) -> frozenset[str]:
    """The normalised word with the proclitics it can carry in running Arabic text; a
    query word that carries a proclitic also matches the bare word and its forms."""
    for clitic in _QUERY_PROCLITICS:
        stem = word[len(clitic) :]
        if word.startswith(clitic) and len(stem) >= MIN_STEM and ARABIC_RE.match(stem):
            if clitic.endswith(("ال", "لل")):
                stem = "ال" + stem
            return _forms(stem) | {word}
    return _forms(word)


def _forms(word: str) -> frozenset[str]:
    if not ARABIC_RE.match(word) or len(word) < 2:
        return frozenset({word})
    if word.startswith("ال") and len(word) > 3:
        stem = word[2:]
        forms = {p + word for p in _ARTICLE_PREFIXES} | {p + stem for p in _LAM_ARTICLE}
    else:
        forms = {p + word for p in _BARE_PREFIXES}
        forms |= {p + "ال" + word for p in _ARTICLE_PREFIXES}
        forms |= {p + word for p in _LAM_ARTICLE}
    return frozenset(forms)


def parse_query(query: str) -> list[Term]:
    """Terms of a user query; raises ValueError when it holds no word."""
    terms: list[Term] = []
    for match in QUERY_PART_RE.finditer(query):
        phrase, bare = match.group(1), match.group(2)
        raw = phrase if phrase is not None else bare
        prefix = phrase is None and raw.endswith("*")
        words = tuple(WORD_RE.findall(normalize_string(raw)))
        if not words:
            continue
        if len(words) == 1:
            forms = word_forms(words[0]) if not prefix else frozenset({words[0]})
            terms.append(Term(words, forms, prefix))
        else:
            terms.append(Term(words, frozenset({" ".join(words)})))
    if not terms:
        raise ValueError("the search query has no words")
    return terms


def fts5_expression(terms: list[Term]) -> str:
    """An SQLite FTS5 MATCH expression: terms ANDed, each term's forms ORed."""
    parts = []
    for term in terms:
        star = "*" if term.prefix else ""
        alternatives = " OR ".join(f'"{form}"{star}' for form in sorted(term.forms))
        parts.append(f"({alternatives})")
    return " AND ".join(parts)


def tsquery_expression(terms: list[Term]) -> str:
    """A PostgreSQL to_tsquery('simple', ...) expression equivalent to fts5_expression."""
    parts = []
    for term in terms:
        if term.is_phrase:
            parts.append("(" + " <-> ".join(f"'{w}'" for w in term.words) + ")")
        else:
            star = ":*" if term.prefix else ""
            parts.append("(" + " | ".join(f"'{f}'{star}" for f in sorted(term.forms)) + ")")
    return " & ".join(parts)


def index_text(text: str) -> str:
    """The text as it goes into the full-text index."""
    return normalize_string(text)


def find_marks(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """(start, end) in the ORIGINAL ``text`` of every occurrence of a query term."""
    norm = normalize(text)
    tokens = [(m.start(), m.end(), m.group()) for m in WORD_RE.finditer(norm.text)]
    words = [t[2] for t in tokens]
    spans: list[tuple[int, int]] = []
    for term in terms:
        if term.is_phrase:
            n = len(term.words)
            for i in range(len(words) - n + 1):
                if tuple(words[i : i + n]) == term.words:
                    spans.append((tokens[i][0], tokens[i + n - 1][1]))
        else:
            for start, end, word in tokens:
                hit = (
                    any(word.startswith(f) for f in term.forms)
                    if term.prefix
                    else word in term.forms
                )
                if hit:
                    spans.append((start, end))
    return sorted({norm.to_original(s, e) for s, e in spans})


def snippet(text: str, marks: list[tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A short window of ``text`` around its first mark, and the marks inside it."""
    if not marks:
        end = _cut_after(text, min(len(text), SNIPPET_BEFORE + SNIPPET_AFTER))
        return _ellipsis(text, 0, end)
    first = marks[0][0]
    start = _cut_before(text, max(0, first - SNIPPET_BEFORE))
    end = _cut_after(text, min(len(text), first + SNIPPET_AFTER))
    window, offset = _ellipsis(text, start, end)
    inside = tuple(
        (s - start + offset, e - start + offset) for s, e in marks if s >= start and e <= end
    )
    return window, inside


def _cut_before(text: str, pos: int) -> int:
    if pos == 0:
        return 0
    space = text.find(" ", pos)
    return pos if space == -1 or space - pos > 20 else space + 1


def _cut_after(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    space = text.rfind(" ", 0, pos)
    return pos if space == -1 or pos - space > 20 else space


def _ellipsis(text: str, start: int, end: int) -> tuple[str, int]:
    """text[start:end] with '… ' / ' …' where cut; also the offset added in front."""
    head = "… " if start > 0 else ""
    tail = " …" if end < len(text) else ""
    return head + text[start:end].replace("\n", " ") + tail, len(head)
