"""Reading articles from files, directories and standard input.

Supported inputs:

- ``.txt``: one article; its id is the file stem and the publication day comes from the
  caller (``--published``);
- ``.json``: one article object, or a list of them;
- ``.jsonl`` / ``.jsonl.gz``: one article object per line;
- a directory: every supported file inside it (recursively, sorted by path);
- ``-``: standard input, read as JSON Lines when it looks like JSON, else as one text.

An article object has ``id``, ``published`` (a day or an ISO timestamp; the UTC day is
taken), ``text`` and optionally ``title``, ``outlet`` and ``url``. A record that cannot be
read becomes a :class:`RecordError` in the stream, and reading goes on with the next one.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from marsad.model import Article

STDIN = "-"
# Texts longer than this are not coded: no news report is that long, and the cost of
# extraction grows with the text. The same limit as marsad.pipeline.MAX_TEXT_CHARS.
MAX_TEXT_CHARS = 200_000
SUFFIXES = (".txt", ".json", ".jsonl", ".jsonl.gz")
ARABIC_LETTER_RE = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06fc]")


class InputError(Exception):
    """An input that cannot be read at all (missing path, unsupported kind): a usage error."""


@dataclass(frozen=True, slots=True)
class RecordError:
    """A record that was skipped: where it is and why."""

    source: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.message}"


def kind_of(path: Path) -> str | None:
    """The supported suffix of ``path`` ('.txt', '.json', '.jsonl', '.jsonl.gz') or None."""
    name = path.name.lower()
    return next((s for s in sorted(SUFFIXES, key=len, reverse=True) if name.endswith(s)), None)


def resolve_inputs(inputs: Iterable[str]) -> list[str]:
    """Expand directories and check that every input exists and is a supported kind.

    Returns the list of files (and "-") to read, in order. Raises InputError.
    """
    return expand_inputs(
        inputs,
        kind_of,
        found=f"{', '.join(SUFFIXES)} files",
        expected=f"one of {', '.join(SUFFIXES)}, a directory or -",
    )


def expand_inputs(
    inputs: Iterable[str],
    kind: Callable[[Path], str | None],
    *,
    found: str,
    expected: str,
    as_is: Callable[[str], bool] = lambda item: item == STDIN,
) -> list[str]:
    """Inputs in order, each directory replaced by its files of a ``kind`` (recursively,
    sorted, hidden ones skipped); items for which ``as_is`` holds are kept unchecked.

    Raises InputError for a missing path, a file of no ``kind`` (the message says what is
    ``expected``) or a directory with no such files (the message says none of ``found``).
    """
    resolved: list[str] = []
    for item in inputs:
        if as_is(item):
            resolved.append(item)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and kind(p) and not _hidden(p.relative_to(path))
            )
            if not files:
                raise InputError(f"{item}: no {found} in this directory")
            resolved.extend(str(p) for p in files)
        elif path.is_file():
            if kind(path) is None:
                raise InputError(f"{item}: unsupported input; expected {expected}")
            resolved.append(item)
        elif path.exists():
            raise InputError(f"{item}: not a regular file or directory")
        else:
            raise InputError(f"{item}: no such file or directory")
    return resolved


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def read_articles(
    inputs: list[str], published: dt.date | None = None
) -> Iterator[Article | RecordError]:
    """Articles from ``inputs`` (paths, directories or "-"), in order.

    ``published`` is the publication day of plain-text inputs, and the default for JSON
    records without one. Raises InputError before reading if an input is missing.
    """
    for source in resolve_inputs(inputs):
        if source == STDIN:
            yield from _read_stdin(published)
        else:
            yield from _read_file(Path(source), published)


def _read_file(path: Path, published: dt.date | None) -> Iterator[Article | RecordError]:
    source = str(path)
    kind = kind_of(path)
    try:
        if kind == ".txt":
            yield _text_article(path.stem, path.read_bytes(), source, published)
        elif kind == ".json":
            yield from _json_document(path.read_bytes(), source, published)
        elif kind == ".jsonl.gz":
            with gzip.open(path, "rb") as f:
                yield from _json_lines(f, source, published)
        else:
            with path.open("rb") as f:
                yield from _json_lines(f, source, published)
    except OSError as e:
        yield RecordError(source, None, f"cannot read: {e.strerror or e}")


def _read_stdin(published: dt.date | None) -> Iterator[Article | RecordError]:
    stream: BinaryIO = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else _encode(sys.stdin)
    blank_lines, head = _peek_nonblank(stream)
    if head.lstrip()[:1] in (b"{", b"["):
        yield from _stdin_json(head, stream, published, first_line=blank_lines + 1)
    else:
        yield _text_article("stdin", head + stream.read(), "<stdin>", published)


def _encode(text_stream: Any) -> BinaryIO:
    return io.BytesIO(text_stream.read().encode("utf-8"))


def _peek_nonblank(stream: BinaryIO) -> tuple[int, bytes]:
    """The number of blank lines at the start, and the first line that is not blank."""
    blank = 0
    while True:
        line = stream.readline()
        if blank == 0:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line or line.strip():
            return blank, line
        blank += 1


def _stdin_json(
    head: bytes, stream: BinaryIO, published: dt.date | None, first_line: int
) -> Iterator[Article | RecordError]:
    """JSON Lines from stdin, or one JSON document spread over several lines."""
    try:
        first = json.loads(head)
    except ValueError:
        first = None
    if isinstance(first, dict):
        yield from _json_lines(_chain(head, stream), "<stdin>", published, first_line)
        return
    data = head + stream.read()
    try:
        json.loads(data)
    except ValueError:
        yield from _json_lines(io.BytesIO(data), "<stdin>", published, first_line)
    else:
        yield from _json_document(data, "<stdin>", published)


def _chain(head: bytes, stream: BinaryIO) -> Iterator[bytes]:
    yield head
    yield from stream


def _text_article(
    art_id: str, data: bytes, source: str, published: dt.date | None
) -> Article | RecordError:
    if published is None:
        return RecordError(
            source, None, "a plain-text article needs its publication day: pass --published"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return RecordError(source, None, f"not UTF-8 text ({e.reason} at byte {e.start})")
    return Article(id=art_id, text=text.strip(), published=published)


def _json_document(
    data: bytes, source: str, published: dt.date | None
) -> Iterator[Article | RecordError]:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        yield RecordError(source, None, f"not UTF-8 text ({e.reason} at byte {e.start})")
        return
    except json.JSONDecodeError as e:
        yield RecordError(source, e.lineno, f"not JSON: {e.msg}")
        return
    if isinstance(doc, list):
        for index, record in enumerate(doc, 1):
            item = article_from_record(record, published)
            if isinstance(item, str):
                yield RecordError(source, None, f"item {index}: {item}")
            else:
                yield item
    else:
        item = article_from_record(doc, published)
        yield RecordError(source, None, item) if isinstance(item, str) else item


def _json_lines(
    lines: Iterable[bytes], source: str, published: dt.date | None, first_line: int = 1
) -> Iterator[Article | RecordError]:
    number = first_line - 1
    try:
        for number, raw in enumerate(lines, first_line):
            line = raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw
            if not line.strip():
                continue
            try:
                record = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as e:
                yield RecordError(source, number, f"not UTF-8 text ({e.reason})")
                continue
            except json.JSONDecodeError as e:
                yield RecordError(source, number, f"not JSON: {e.msg} (column {e.colno})")
                continue
            item = article_from_record(record, published)
            yield RecordError(source, number, item) if isinstance(item, str) else item
    except (EOFError, zlib.error, gzip.BadGzipFile) as e:
        yield RecordError(source, number + 1, f"compressed data is damaged: {e}")


def article_from_record(record: Any, published: dt.date | None = None) -> Article | str:
    """An Article from one JSON record, or a message saying what is wrong with it."""
    if not isinstance(record, dict):
        return "not a JSON object"
    if "published" in record and record["published"] not in (None, ""):
        try:
            day = utc_day(record["published"])
        except ValueError as e:
            return str(e)
    elif published is not None:
        day = published
    else:
        return "missing 'published' (pass --published to supply a default)"
    try:
        return Article.from_dict({**record, "published": day})
    except ValueError as e:
        return str(e)


def utc_day(value: Any) -> dt.date:
    """The UTC day of 'YYYY-MM-DD' or an ISO-8601 timestamp. Raises ValueError."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        return value
    else:
        text = str(value).strip()
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'published' is not a date: {text[:40]!r}") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.date()


def skip_reason(article: Article) -> str | None:
    """Why ``article`` gives no events without being coded, or None when it can be coded."""
    if not article.text.strip():
        return "empty text"
    if len(article.text) > MAX_TEXT_CHARS:
        return f"text too long ({len(article.text):,} > {MAX_TEXT_CHARS:,} characters)"
    if not ARABIC_LETTER_RE.search(article.text):
        return "no Arabic text"
    return None


def count_records(inputs: list[str]) -> int | None:
    """How many records ``inputs`` hold, counting lines; None when that is not cheap."""
    total = 0
    for source in inputs:
        if source == STDIN:
            return None
        kind = kind_of(Path(source))
        if kind in (".txt", ".json"):
            total += 1  # a .json list counts as one: close enough for a progress bar
            continue
        try:
            opener = gzip.open if kind == ".jsonl.gz" else open
            with opener(source, "rb") as f:
                total += sum(1 for line in f if line.strip())
        except (OSError, EOFError, zlib.error):
            return None
    return total
