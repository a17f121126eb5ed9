"""``marsad demo --serve``: the bundled ANT Corpus sample, ingested and served on the page.

The sample (``marsad/examples/ant-sample.jsonl.gz``, 300 articles of the ANT Corpus;
cite: Chouigui, Ben Khiroun, Elayeb, AJSE 2021; https://antcorpus.github.io) is coded
into an SQLite store in the user cache (``$MARSAD_CACHE_DIR``, else
``$XDG_CACHE_HOME/marsad``, else ``~/.cache/marsad``), one file per extractor version so
a second start is immediate; with the cache off (``MARSAD_CACHE=0``) or not writable, into
a temporary directory removed at exit.
"""

from __future__ import annotations

import contextlib
import re
import sys
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

SAMPLE = "ant-sample.jsonl.gz"
CITATION = (
    "Sample: 300 articles of the ANT Corpus (A. Chouigui, O. Ben Khiroun, B. Elayeb, "
    "AJSE 2021; https://antcorpus.github.io)."
)


def sample_path() -> Path:
    return Path(str(resources.files("marsad").joinpath("examples", SAMPLE)))


@contextlib.contextmanager
def demo_store_path(version: str) -> Iterator[Path]:
    """Where the demo store lives: the user cache when usable, else a temporary directory."""
    from marsad.resources.cache import cache_dir, cache_enabled

    name = "demo-" + re.sub(r"[^A-Za-z0-9._-]+", "_", version or "dev") + ".db"
    if cache_enabled():
        directory = cache_dir()
        with contextlib.suppress(OSError):
            directory.mkdir(parents=True, exist_ok=True)
            probe = directory / f".{name}.probe"
            probe.write_bytes(b"")
            probe.unlink()
            yield directory / name
            return
    with tempfile.TemporaryDirectory(prefix="marsad-demo-") as tmp:
        yield Path(tmp) / name


def ingest_sample(db: Path, jobs: int = 2) -> str:
    """Code the bundled sample into the store at ``db`` (skipping what is stored)."""
    from marsad.ingest import Ingester, read_sources
    from marsad.store import open_store

    with open_store(str(db)) as store:
        before = store.counts()
        report = Ingester(store, jobs=jobs).run(read_sources([str(sample_path())]))
        after = store.counts()
    if after.articles == before.articles and before.articles:
        return f"demo store {db}: {after.articles} articles, {after.clusters} events (cached)"
    return f"demo store {db}: {report.summary()}; {after.clusters} events"


def serve_demo(host: str, port: int, jobs: int = 2) -> int:
    from marsad.commands.serve import serve
    from marsad.ingest import pipeline_version

    print(CITATION, file=sys.stderr)
    with demo_store_path(pipeline_version()) as db:
        print(ingest_sample(db, jobs), file=sys.stderr)
        return serve(str(db), host, port)
