"""Ingest: files, directories, HTML pages and RSS feeds (local files and a local HTTP
server) into a store; idempotence, duplicates, bad records, worker processes, and a run
killed with SIGKILL that a re-run completes exactly.

Texts are ANT Corpus articles (Chouigui, Ben Khiroun, Elayeb, AJSE 2021;
https://antcorpus.github.io): tests/data/ant-strikes.jsonl and, for the kill test, a
slice of ../shared/data/ant-news/articles.jsonl.gz.
"""

from __future__ import annotations

import functools
import gzip
import html
import http.server
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_backends import in_ci, store, store_url  # noqa: F401 - fixtures
from strike_fixtures import (
    AL_MOGADISHU,
    ARTICLES,
    BBC_MISSILES,
    CNN_MISSILES,
    SKY_MOGADISHU,
    missile_events,
    mogadishu_events,
)

from marsad.ingest import Ingester, read_sources, web_article_id
from marsad.io import InputError, RecordError
from marsad.model import Article, Event
from marsad.store import content_hash, open_store

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "ant-strikes.jsonl"
CORPUS = REPO.parent / "shared" / "data" / "ant-news" / "articles.jsonl.gz"
HAND_CODED = mogadishu_events() | missile_events()


def hand_coder(article: Article) -> list[Event]:
    """A stand-in extractor: the hand-coded events of the fixture reports (found by their
    normalised text); fails on purpose on a text containing 'BOOM'."""
    if "BOOM" in article.text:
        raise RuntimeError("extractor bug")
    for original in ARTICLES.values():
        if content_hash(original.text) == content_hash(article.text):
            return [e for e in HAND_CODED[original.id]]
    return []


def ingest(store_, inputs: list[str], jobs: int = 1, batch_size: int = 3, **kw):
    ingester = Ingester(store_, extract=hand_coder, extractor_version="hand-1", jobs=jobs,
                        batch_size=batch_size)
    return ingester.run(read_sources(inputs, **kw))


def write_jsonl(path: Path, records: list[dict], compress: bool = False) -> Path:
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if compress:
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def fixture_records() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


# -- files ---------------------------------------------------------------------------------


def test_ingest_stores_codes_and_clusters_then_adds_nothing_again(store, tmp_path) -> None:  # noqa: F811
    source = write_jsonl(tmp_path / "news.jsonl.gz", fixture_records(), compress=True)
    report = ingest(store, [str(source)])
    assert (report.read, report.added, report.duplicates, report.skipped) == (4, 4, 0, 0)
    assert report.events == 6 and report.batches == 2
    counts = store.counts()
    assert (counts.articles, counts.events, counts.clusters) == (4, 6, 3)
    again = ingest(store, [str(source)])
    assert (again.added, again.existing, again.events) == (0, 4, 0)
    assert store.counts() == counts
    mogadishu = store.list_clusters(store_filter(country="Somalia")).items
    assert [c.outlets for c in mogadishu] == [("Al Arabiya", "Sky News Arabia")]


def store_filter(**params: str):
    from marsad.store import EventFilter

    return EventFilter.from_params(params)


def test_copies_of_a_text_are_stored_once_and_bad_records_are_reported(store, tmp_path) -> None:  # noqa: F811
    records = fixture_records()
    copy = dict(records[0], id="copy-1")
    respelled = dict(records[1], id="copy-2", text=records[1]["text"].replace("ة ", "ه "))
    broken = dict(records[2], id="bug-1", text=records[2]["text"] + " BOOM")
    no_id = {"text": "نص بلا معرف", "published": "2018-03-25"}
    path = tmp_path / "mixed.jsonl"
    write_jsonl(path, [*records, copy, respelled, broken, no_id])
    with path.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    report = ingest(store, [str(path)])
    assert (report.read, report.added, report.duplicates) == (9, 4, 2)
    skipped = {(e.source, e.line): e.message for e in report.errors}
    assert len(skipped) == 3
    assert "the extractor failed: RuntimeError: extractor bug" in skipped[("bug-1", None)]
    assert any("id" in m for (src, _), m in skipped.items() if src == str(path))
    assert any("not JSON" in m for m in skipped.values())
    counts = store.counts()
    assert (counts.articles, counts.aliases, counts.events) == (4, 2, 6)
    assert store.get_article("copy-2").article.id == records[1]["id"]


def test_a_directory_is_read_recursively(store, tmp_path) -> None:  # noqa: F811
    records = fixture_records()
    (tmp_path / "a" / "b").mkdir(parents=True)
    write_jsonl(tmp_path / "a" / "one.jsonl", records[:2])
    write_jsonl(tmp_path / "a" / "b" / "two.json", records[2:3])
    (tmp_path / "a" / "b" / "three.json").write_text(json.dumps(records[3]), encoding="utf-8")
    (tmp_path / "a" / ".hidden.jsonl").write_text("{broken", encoding="utf-8")
    (tmp_path / "a" / "notes.md").write_text("ignored", encoding="utf-8")
    report = ingest(store, [str(tmp_path / "a")])
    assert (report.added, report.skipped) == (4, 0)
    with pytest.raises(InputError):
        list(read_sources([str(tmp_path / "missing")]))
    with pytest.raises(InputError):
        list(read_sources([str(tmp_path / "a" / "notes.md")]))


def test_worker_processes_give_the_same_store(tmp_path: Path) -> None:
    records = fixture_records()
    source = write_jsonl(tmp_path / "news.jsonl", records * 3 + [
        dict(r, id=r["id"] + "-again") for r in records
    ])
    results = []
    for jobs in (1, 2):
        with open_store(str(tmp_path / f"jobs{jobs}.db")) as opened:
            report = ingest(opened, [str(source)], jobs=jobs, batch_size=2)
            groups = sorted(
                sorted(m.event.event_id for m in d.members) for d in opened.iter_cluster_details()
            )
            results.append((report.added, report.duplicates, report.existing,
                             opened.counts(), groups))
    assert results[0] == results[1]
    assert results[0][:3] == (4, 4, 8)


# -- web pages and feeds -------------------------------------------------------------------


def page(article: Article, url: str, *, date: bool = True) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in article.text.splitlines())
    meta = f'<meta property="article:published_time" content="{article.published}T10:00:00Z">'
    return (
        "<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'>"
        f"<title>{html.escape(article.title)}</title>"
        f'<meta property="og:site_name" content="{article.outlet}">'
        f"{meta if date else ''}<link rel='canonical' href='{url}'></head><body>"
        "<nav><a href='/'>الرئيسية</a> <a href='/world'>العالم</a></nav>"
        f"<article><h1>{html.escape(article.title)}</h1>{paragraphs}</article>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    )


def test_an_html_page_gives_its_main_text_title_date_and_outlet(store, tmp_path) -> None:  # noqa: F811
    url = "https://www.skynewsarabia.com/middle-east/1033583"
    path = tmp_path / "sky.html"
    path.write_text(page(SKY_MOGADISHU, url), encoding="utf-8")
    [article] = list(read_sources([str(path)]))
    assert isinstance(article, Article)
    assert article.id == web_article_id(url)
    assert (article.title, article.outlet, article.url) == (
        SKY_MOGADISHU.title, "Sky News Arabia", url
    )
    assert article.published == SKY_MOGADISHU.published
    assert article.text == SKY_MOGADISHU.text
    report = ingest(store, [str(path)])
    assert (report.added, report.events) == (1, 1)


def test_a_page_without_a_date_needs_published(tmp_path: Path) -> None:
    path = tmp_path / "nodate.html"
    path.write_text(page(SKY_MOGADISHU, "https://example.org/a", date=False), encoding="utf-8")
    [error] = list(read_sources([str(path)]))
    assert isinstance(error, RecordError) and "--published" in error.message
    [article] = list(read_sources([str(path)], published=SKY_MOGADISHU.published))
    assert isinstance(article, Article) and article.published == SKY_MOGADISHU.published


@pytest.fixture
def web_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local HTTP server on 127.0.0.1 serving a temporary directory: (base URL, root)."""
    root = tmp_path / "site"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def rss(items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed of (title, link, description) items."""
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link>"
        f"<pubDate>Sun, 25 Mar 2018 14:00:00 GMT</pubDate>"
        f"<description>{html.escape(d)}</description></item>"
        for t, link, d in items
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Test Outlet</title><link>http://example.org/</link>{entries}</channel></rss>"
    )


def test_an_rss_feed_is_followed_to_its_pages(store, tmp_path, web_server) -> None:  # noqa: F811
    base, root = web_server
    (root / "al.html").write_text(page(AL_MOGADISHU, f"{base}/al.html"), encoding="utf-8")
    (root / "bbc.html").write_text(page(BBC_MISSILES, f"{base}/bbc.html"), encoding="utf-8")
    feed = rss([
        ("مقديشو", f"{base}/al.html", "ملخص"),
        ("الرياض", f"{base}/bbc.html", "ملخص"),
        # the page is gone but the feed carries the text
        (CNN_MISSILES.title, f"{base}/gone.html", CNN_MISSILES.text),
        ("لا شيء", f"{base}/missing.html", ""),
    ])
    (tmp_path / "feed.rss").write_text(feed, encoding="utf-8")
    items = list(read_sources([str(tmp_path / "feed.rss")]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, RecordError)]
    assert [a.url for a in articles] == [f"{base}/al.html", f"{base}/bbc.html",
                                         f"{base}/gone.html"]
    assert articles[0].text == AL_MOGADISHU.text and articles[0].outlet == "Al Arabiya"
    assert content_hash(articles[2].text) == content_hash(CNN_MISSILES.text)
    assert articles[2].outlet == "Test Outlet"
    assert len(errors) == 1 and "HTTP 404" in errors[0].message
    report = ingest(store, [str(tmp_path / "feed.rss")])
    assert (report.added, report.events, report.skipped) == (3, 5, 1)
    (root / "feed.xml").write_text(feed, encoding="utf-8")
    again = ingest(store, [f"{base}/feed.xml"])  # the same feed by URL: all known
    assert (again.added, again.existing) == (0, 3)


def test_urls_of_pages_are_fetched(store, web_server) -> None:  # noqa: F811
    base, root = web_server
    (root / "sky.html").write_text(page(SKY_MOGADISHU, f"{base}/sky.html"), encoding="utf-8")
    report = ingest(store, [f"{base}/sky.html", f"{base}/nothing-here.html",
                            "http://127.0.0.1:9/closed-port.html"])
    assert (report.added, report.skipped) == (1, 2)
    assert store.get_article(web_article_id(f"{base}/sky.html")) is not None


# -- a killed run --------------------------------------------------------------------------


def corpus_slice(path: Path) -> Path:
    """~800 corpus records: Al Arabiya's first 400, France 24's first 300, and every record
    repeating the text of one of those (the corpus has 903 such copies)."""
    if not CORPUS.exists():
        if in_ci():
            pytest.fail(f"the corpus is missing: {CORPUS}")
        pytest.skip(f"the corpus is not here: {CORPUS}")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    france = [i for i, r in enumerate(records) if r["id"].startswith("FR")]
    chosen = list(range(400)) + france[:300]
    texts = {records[i]["text"] for i in chosen}
    chosen += [i for i, r in enumerate(records) if r["text"] in texts and i not in set(chosen)]
    return write_jsonl(path, [records[i] for i in sorted(set(chosen))], compress=True)


def run_ingest(source: Path, db: Path, **popen) -> subprocess.Popen:
    env = dict(os.environ, MARSAD_CACHE_DIR=str(db.parent / "cache"))
    return subprocess.Popen(
        [sys.executable, "-m", "marsad.cli", "ingest", str(source), "--db", str(db),
         "--jobs", "2", "--batch-size", "20", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, start_new_session=True,
        **popen,
    )


def store_state(db: Path) -> tuple:
    with sqlite3.connect(db) as conn:
        counts = tuple(
            conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("articles", "article_aliases", "events", "clusters", "cluster_members")
        )
        events = {r[0] for r in conn.execute("SELECT event_id FROM events")}
        groups = {
            frozenset(r[0].split(","))
            for r in conn.execute(
                "SELECT group_concat(event_id) FROM cluster_members GROUP BY cluster_id"
            )
        }
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return counts, events, groups, integrity


def articles_in(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # not created yet


@pytest.mark.timeout(600)
def test_a_killed_ingest_resumes_to_exactly_the_uninterrupted_result(tmp_path: Path) -> None:
    source = corpus_slice(tmp_path / "slice.jsonl.gz")
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        total = sum(1 for _ in fh)

    whole = tmp_path / "whole.db"
    done = run_ingest(source, whole)
    assert done.wait(timeout=400) == 0, done.stderr.read().decode()
    expected = store_state(whole)
    articles, aliases = expected[0][:2]
    assert articles + aliases == total and aliases > 0 and expected[3] == "ok"

    killed = tmp_path / "killed.db"
    proc = run_ingest(source, killed)
    deadline = time.monotonic() + 300
    while articles_in(killed) < 100 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the ingest ended before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)  # the ingest process and its workers, at once
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    partial = store_state(killed)
    assert 0 < partial[0][0] < articles and partial[3] == "ok"

    rerun = run_ingest(source, killed)
    assert rerun.wait(timeout=400) == 0, rerun.stderr.read().decode()
    assert store_state(killed) == expected


# -- the real extractor, end to end --------------------------------------------------------


def test_marsad_ingest_clusters_real_reports_of_one_bombing(tmp_path: Path) -> None:
    from marsad.cli import main

    db = tmp_path / "e2e.db"
    assert main(["ingest", str(DATA), "--db", str(db), "--jobs", "1", "--quiet"]) == 0
    with open_store(str(db)) as opened:
        assert opened.counts().articles == 4
        somalia = opened.list_clusters(store_filter(country="Somalia")).items
        bombing = [c for c in somalia if c.location == "Mogadishu"]
        assert len(bombing) == 1
        assert bombing[0].outlets == ("Al Arabiya", "Sky News Arabia")
        assert bombing[0].fatalities == 2
        saudi = opened.list_clusters(store_filter(country="Saudi Arabia")).items
        towns = {c.location: c for c in saudi if c.sub_event_type.startswith("Shelling")}
        assert {"Jizan", "Najran"} <= set(towns)
        assert towns["Jizan"].id != towns["Najran"].id


def coder_without_sky(article: Article) -> list[Event]:
    """The hand coder of a 'new extractor version' that finds nothing in Sky's report."""
    return [] if article.outlet == "Sky News Arabia" else hand_coder(article)


@pytest.mark.parametrize("jobs", [1, 2])
def test_recode_replaces_stale_events_and_rebuilds_clusters(store, tmp_path, jobs) -> None:  # noqa: F811
    from marsad.ingest import recode

    ingest(store, [str(write_jsonl(tmp_path / "n.jsonl", fixture_records()))])
    same = recode(store, extract=hand_coder, extractor_version="hand-1", jobs=jobs)
    assert (same.recoded, same.clusters) == (0, None)  # nothing is stale
    report = recode(store, extract=coder_without_sky, extractor_version="hand-2", jobs=jobs)
    assert (report.recoded, report.events, report.clusters) == (4, 5, 3)
    mogadishu = store.list_clusters(store_filter(country="Somalia")).items
    assert [(c.outlets, c.fatalities, c.disputed) for c in mogadishu] == [
        (("Al Arabiya",), 2, ())
    ]
    assert store.get_article(SKY_MOGADISHU.id).extractor_version == "hand-2"
    assert list(store.iter_articles(stale_for="hand-2")) == []
