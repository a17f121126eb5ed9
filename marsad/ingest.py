"""Ingest: files, directories, web pages and feeds -> coded articles in a Store.

Sources (any number, in order):

- everything ``marsad.io`` reads (.txt, .json, .jsonl, .jsonl.gz, ``-``);
- HTML pages (.html/.htm files or http(s) URLs): main text, title, date and outlet
  extracted with trafilatura;
- RSS/Atom feeds (.rss/.atom/.xml files or URLs serving a feed): every entry's link is
  fetched and read as an HTML page; when the page cannot be fetched the entry's own
  content is used, if any;
- directories: every file of the kinds above inside, recursively, sorted, hidden skipped.

Ingesting is idempotent: an article whose id is stored is skipped; one whose normalised
text (``content_hash``) is stored is not stored again, the store records its id as an
alias (it is not even coded when the text was stored before the run or is an exact copy
of an earlier record).
Articles are coded in worker processes (``jobs``) and written in batches, each batch in
one transaction, in input order: a run that is killed and started again ends with the
same store as a run that was never interrupted.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import hashlib
import multiprocessing
import os
import re
import signal
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad import io as marsad_io
from marsad.io import RecordError
from marsad.model import Article, Event
from marsad.store import PreparedText, Store, prepare_text

HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
FETCH_TIMEOUT_S = 20.0
MAX_FETCH_BYTES = 20_000_000
USER_AGENT = "marsad/0.1 (+https://antcorpus.github.io; news event coding)"
DEFAULT_BATCH = 250
CHUNK = 16  # articles per task sent to a worker process
_FEED_HEAD_RE = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")

Extract = Callable[[Article], "list[Event] | str"]


# -- sources -------------------------------------------------------------------------------


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def source_kind(path: Path) -> str | None:
    """'io' (marsad.io reads it), 'html', 'feed', or None for an unsupported file."""
    if marsad_io.kind_of(path):
        return "io"
    name = path.name.lower()
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    return None


def resolve_sources(inputs: Iterable[str]) -> list[str]:
    """Files (directories expanded), URLs and "-", in order. Raises InputError."""
    return marsad_io.expand_inputs(
        inputs,
        source_kind,
        found="article, HTML or feed files",
        expected=".txt .json .jsonl .jsonl.gz .html .htm .rss .atom .xml, a directory, "
        "a URL or -",
        as_is=lambda item: item == marsad_io.STDIN or is_url(item),
    )


@dataclass(frozen=True, slots=True)
class Fetched:
    data: bytes
    content_type: str
    url: str  # after redirects


def fetch(url: str, timeout: float = FETCH_TIMEOUT_S) -> Fetched:
    """GET ``url``. Raises OSError (urllib's errors are OSErrors) with a readable message."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data = response.read(MAX_FETCH_BYTES + 1)
            if len(data) > MAX_FETCH_BYTES:
                raise OSError(f"larger than {MAX_FETCH_BYTES:,} bytes")
            content_type = response.headers.get_content_type() or ""
            return Fetched(data, content_type, response.geturl())
    except urllib.error.HTTPError as e:
        raise OSError(f"HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        raise OSError(f"cannot fetch: {e.reason}") from None
    except TimeoutError:
        raise OSError(f"no answer within {timeout:g} s") from None


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    if content_type in _FEED_TYPES:
        return True
    return _FEED_HEAD_RE.search(data[:2000]) is not None


def web_article_id(url: str) -> str:
    """A stable id for an article known by its URL (fragment dropped)."""
    canonical = url.split("#", 1)[0].strip()
    return "web-" + hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:16]


def article_from_html(
    html: bytes | str,
    *,
    url: str = "",
    fallback_id: str = "",
    published: dt.date | None = None,
    title: str = "",
    outlet: str = "",
) -> Article | str:
    """The main text and metadata of a page, or a message saying why there is no article.

    The page's own metadata (canonical URL, date, title, site name) wins over the
    arguments, which are defaults (e.g. from a feed entry or ``--published``).
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, url=url or None, with_metadata=True, include_comments=False,
            include_tables=False,
        )
    except Exception as e:  # noqa: BLE001 - a broken page is one bad record
        return f"cannot extract the page: {type(e).__name__}: {e}"
    if doc is None:
        return "no main text found in the page"
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (meta.get("text") or "").strip()
    if not text:
        return "no main text found in the page"
    page_title = (meta.get("title") or title or "").strip()
    first, _, rest = text.partition("\n")
    if page_title and first.strip() == page_title and rest.strip():
        text = rest.strip()  # trafilatura repeats the headline as the first line
    page_url = meta.get("url") or url
    day = published
    if meta.get("date"):
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(str(meta["date"])[:10])
    if day is None:
        return "no publication date in the page (pass --published to supply one)"
    art_id = web_article_id(page_url) if page_url else fallback_id
    if not art_id:
        return "the page has no URL to name it by"
    return Article(
        id=art_id,
        text=text,
        published=day,
        title=page_title,
        outlet=(meta.get("sitename") or outlet or meta.get("hostname") or "").strip(),
        url=page_url or "",
    )


def read_feed(
    data: bytes,
    source: str,
    *,
    published: dt.date | None = None,
    fetcher: Callable[[str], Fetched] = fetch,
) -> Iterator[Article | RecordError]:
    """The articles behind every entry of an RSS/Atom feed (links followed)."""
    import feedparser

    feed = feedparser.parse(data)
    if feed.bozo and not feed.entries:
        yield RecordError(source, None, f"not a readable feed: {feed.get('bozo_exception')}")
        return
    outlet = (feed.feed.get("title") or "").strip()
    for index, entry in enumerate(feed.entries, 1):
        where = f"{source}#entry{index}"
        link = (entry.get("link") or "").strip()
        day = _entry_day(entry) or published
        title = (entry.get("title") or "").strip()
        item: Article | str = "entry has no link"
        if link:
            try:
                page = fetcher(link)
            except OSError as e:
                item = f"{link}: {e}"
            else:
                item = article_from_html(
                    page.data, url=page.url or link, published=day, title=title, outlet=outlet
                )
        if isinstance(item, str):
            fallback = _entry_article(entry, link, day, title, outlet)
            item = fallback if fallback is not None else item
        yield RecordError(where, None, item) if isinstance(item, str) else item


def _entry_day(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _entry_article(
    entry: Any, link: str, day: dt.date | None, title: str, outlet: str
) -> Article | None:
    """An article from the entry's own content, when the feed carries the text."""
    contents = [c.get("value", "") for c in entry.get("content") or []]
    body = max(contents, key=len) if contents else entry.get("summary", "")
    text = _strip_tags(body)
    ident = link or entry.get("id") or ""
    if not text or day is None or not ident:
        return None
    art_id = web_article_id(ident)
    return Article(id=art_id, text=text, published=day, title=title, outlet=outlet, url=link)


def _strip_tags(html: str) -> str:
    import html as html_lib

    text = re.sub(r"<(br|/p|/div|/h\d)[^>]*>", "\n", html or "", flags=re.IGNORECASE)
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", text))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def read_sources(
    inputs: Iterable[str],
    *,
    published: dt.date | None = None,
    fetcher: Callable[[str], Fetched] = fetch,
) -> Iterator[Article | RecordError]:
    """Articles from every input, in order; unreadable records come as RecordError."""
    for source in resolve_sources(inputs):
        if source == marsad_io.STDIN:
            yield from marsad_io.read_articles([source], published)
        elif is_url(source):
            yield from _read_url(source, published, fetcher)
        else:
            yield from _read_path(Path(source), published, fetcher)


def _read_url(
    url: str, published: dt.date | None, fetcher: Callable[[str], Fetched]
) -> Iterator[Article | RecordError]:
    try:
        page = fetcher(url)
    except OSError as e:
        yield RecordError(url, None, str(e))
        return
    if looks_like_feed(page.data, page.content_type):
        yield from read_feed(page.data, url, published=published, fetcher=fetcher)
        return
    item = article_from_html(page.data, url=page.url or url, published=published)
    yield RecordError(url, None, item) if isinstance(item, str) else item


def _read_path(
    path: Path, published: dt.date | None, fetcher: Callable[[str], Fetched]
) -> Iterator[Article | RecordError]:
    kind = source_kind(path)
    if kind == "io":
        yield from marsad_io.read_articles([str(path)], published)
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        yield RecordError(str(path), None, f"cannot read: {e.strerror or e}")
        return
    if kind == "feed" or looks_like_feed(data):
        yield from read_feed(data, str(path), published=published, fetcher=fetcher)
        return
    item = article_from_html(data, fallback_id=path.stem, published=published)
    yield RecordError(str(path), None, item) if isinstance(item, str) else item


# -- coding in worker processes ------------------------------------------------------------


def pipeline_extract(article: Article) -> list[Event] | str:
    """Code one article with the default extractor; a failure comes back as a message."""
    from marsad.coding import code_article, load_extractor

    coded = code_article(load_extractor(), article)
    if coded.failure:
        return f"the extractor failed: {coded.failure}"
    return coded.events


def pipeline_version() -> str:
    from marsad.coding import extractor_version

    return extractor_version()


def _warm_up_pipeline() -> None:
    from marsad.coding import load_extractor

    load_extractor()


# Content hashes of the texts stored when the run started: a worker does not code an
# article whose text is one of them (set before the workers are forked, which inherit it).
_STORED_HASHES: frozenset[str] = frozenset()


def _code_chunk(
    extract: Extract, items: list[tuple[Article, bool]]
) -> list[tuple[list[Event] | str, PreparedText]]:
    """Prepare every article's text; code those marked True unless their text is stored."""
    results: list[tuple[list[Event] | str, PreparedText]] = []
    for article, wanted in items:
        prepared = prepare_text(article)
        outcome: list[Event] | str = []
        if wanted and prepared.content_hash not in _STORED_HASHES:
            try:
                outcome = extract(article)
            except Exception as e:  # noqa: BLE001 - one bad article must not end the run
                outcome = f"the extractor failed: {type(e).__name__}: {e}"
        results.append((outcome, prepared))
    return results


def _die_with_parent() -> None:
    """Worker initializer: end this worker when the ingest process dies (Linux)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Inline(Executor):
    """Runs tasks at once in this process (jobs=1)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as e:  # noqa: BLE001 - handed to the caller via the future
            future.set_exception(e)
        return future


# -- the run -------------------------------------------------------------------------------


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did. ``errors``: records skipped, with where and why."""

    read: int = 0
    added: int = 0
    existing: int = 0
    duplicates: int = 0
    events: int = 0
    batches: int = 0
    errors: list[RecordError] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def skipped(self) -> int:
        return len(self.errors)

    def summary(self) -> str:
        return (
            f"{self.read:,} records read: {self.added:,} articles added "
            f"({self.events:,} events), {self.duplicates:,} duplicates of stored texts, "
            f"{self.existing:,} already stored, {self.skipped:,} skipped; "
            f"{self.seconds:.1f} s"
        )


def open_executor(jobs: int) -> Executor:
    """``jobs`` worker processes (forked: they share what the parent loaded), or this
    process when ``jobs`` is 1."""
    if jobs <= 1:
        return _Inline()
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_die_with_parent)


Coded = tuple[Article, bool, "list[Event] | str", PreparedText]


def code_in_order(
    executor: Executor, extract: Extract, items: Iterable[tuple[Article, bool]], jobs: int
) -> Iterator[Coded]:
    """(article, wanted, events or failure message, prepared text) for each item, in
    input order; the articles marked True are coded (see _code_chunk). At most a few
    chunks per worker are in flight, so memory stays small whatever the input size."""
    window: deque[tuple[list[tuple[Article, bool]], Future]] = deque()
    chunk: list[tuple[Article, bool]] = []

    def drain(keep: int) -> Iterator[Coded]:
        while len(window) > keep:
            sent, future = window.popleft()
            for (article, wanted), (outcome, prepared) in zip(
                sent, future.result(), strict=True
            ):
                yield article, wanted, outcome, prepared

    for item in items:
        chunk.append(item)
        if len(chunk) >= CHUNK:
            window.append((chunk, executor.submit(_code_chunk, extract, chunk)))
            chunk = []
            yield from drain(keep=4 * jobs)
    if chunk:
        window.append((chunk, executor.submit(_code_chunk, extract, chunk)))
    yield from drain(keep=0)


class Ingester:
    """Codes and stores articles; ``run`` consumes sources and returns an IngestReport.

    ``extract`` must be picklable (a module-level function) when ``jobs`` > 1; it returns
    the events of an article or a message when the article could not be coded.
    """

    def __init__(
        self,
        store: Store,
        *,
        extract: Extract | None = None,
        extractor_version: str | None = None,
        jobs: int = 1,
        batch_size: int = DEFAULT_BATCH,
        on_item: Callable[[], None] | None = None,
        on_error: Callable[[RecordError], None] | None = None,
    ) -> None:
        self.store = store
        self.extract = extract or pipeline_extract
        self.version = (
            extractor_version if extractor_version is not None
            else (pipeline_version() if extract is None else "")
        )
        self.jobs = max(1, jobs)
        self.batch_size = max(1, batch_size)
        self.on_item = on_item or (lambda: None)
        self.on_error = on_error or (lambda error: None)

    def run(self, items: Iterable[Article | RecordError]) -> IngestReport:
        global _STORED_HASHES
        report = IngestReport()
        started = time.perf_counter()
        ids, hashes = self.store.known_keys()
        _STORED_HASHES = frozenset(hashes)
        if self.extract is pipeline_extract:
            _warm_up_pipeline()  # before forking: the workers share the loaded lexicons
        failed: set[str] = set()  # texts whose coding failed: their copies are skipped too
        batch: list[tuple[Article, list[Event], PreparedText]] = []
        try:
            with open_executor(self.jobs) as executor:
                triaged = self._triage(items, ids, report)
                for article, wanted, outcome, prepared in code_in_order(
                    executor, self.extract, triaged, self.jobs
                ):
                    if not wanted and prepared.content_hash in failed:
                        outcome = "the same text failed to be coded in this run"
                    if isinstance(outcome, str):
                        failed.add(prepared.content_hash)
                        self._error(RecordError(article.id, None, outcome), report)
                        continue
                    batch.append((article, outcome, prepared))
                    self._flush(batch, report, final=False)
                self._flush(batch, report, final=True)
        finally:
            _STORED_HASHES = frozenset()
        report.seconds = time.perf_counter() - started
        return report

    def _triage(
        self, items: Iterable[Article | RecordError], ids: set[str], report: IngestReport
    ) -> Iterator[tuple[Article, bool]]:
        """The articles to store, each with whether to code it: a copy of a text met
        earlier in this run is stored uncoded (the store keeps it as an alias)."""
        seen_texts: set[bytes] = set()
        for item in items:
            report.read += 1
            self.on_item()
            if isinstance(item, RecordError):
                self._error(item, report)
                continue
            if item.id in ids:
                report.existing += 1
                continue
            reason = marsad_io.skip_reason(item)
            if reason:
                self._error(RecordError(item.id, None, f"not stored: {reason}"), report)
                continue
            ids.add(item.id)
            key = hashlib.sha1(item.text.strip().encode("utf-8")).digest()
            wanted = key not in seen_texts
            seen_texts.add(key)
            yield item, wanted

    def _flush(
        self,
        batch: list[tuple[Article, list[Event], PreparedText]],
        report: IngestReport,
        *,
        final: bool,
    ) -> None:
        while len(batch) >= self.batch_size or (final and batch):
            chunk = batch[: self.batch_size]
            del batch[: self.batch_size]
            results = self.store.add_articles(chunk, extractor_version=self.version)
            report.batches += 1
            for result in results:
                if result.status == "added":
                    report.added += 1
                    report.events += result.events
                elif result.status == "duplicate":
                    report.duplicates += 1
                else:
                    report.existing += 1

    def _error(self, error: RecordError, report: IngestReport) -> None:
        report.errors.append(error)
        self.on_error(error)


@dataclass(slots=True)
class RecodeReport:
    recoded: int = 0
    events: int = 0
    errors: list[RecordError] = field(default_factory=list)
    clusters: int | None = None  # after the rebuild, if any
    seconds: float = 0.0


def recode(
    store: Store,
    *,
    everything: bool = False,
    recluster: bool = True,
    jobs: int = 1,
    extract: Extract | None = None,
    extractor_version: str | None = None,
    on_item: Callable[[], None] | None = None,
) -> RecodeReport:
    """Code stored articles again: those of another extractor version (all with
    ``everything``); replace their events; then rebuild every cluster (``recluster``)."""
    report = RecodeReport()
    started = time.perf_counter()
    extract = extract or pipeline_extract
    version = extractor_version if extractor_version is not None else pipeline_version()
    if extract is pipeline_extract:
        _warm_up_pipeline()
    articles = store.iter_articles(stale_for=None if everything else version)
    with open_executor(jobs) as executor:
        for article, _, outcome, _ in code_in_order(
            executor, extract, ((a, True) for a in articles), max(1, jobs)
        ):
            if on_item:
                on_item()
            if isinstance(outcome, str):
                report.errors.append(RecordError(article.id, None, outcome))
                continue
            store.replace_events(article.id, outcome, extractor_version=version)
            report.recoded += 1
            report.events += len(outcome)
    if recluster and report.recoded:
        report.clusters = store.recluster()
    report.seconds = time.perf_counter() - started
    return report


def count_sources(inputs: list[str]) -> int | None:
    """How many records the inputs hold, when cheap to count (for a progress bar)."""
    if any(is_url(s) or (s != marsad_io.STDIN and source_kind(Path(s)) != "io") for s in inputs):
        return None
    return marsad_io.count_records(inputs)
