"""Batch coding of large archives with Dask distributed.

The input is cut into partitions of ``partition_size`` records, in input order. The
client streams the raw records to the workers (inputs need not be on a shared file
system); each worker runs the pure extraction function over its partition and writes the
partition's output itself, so ``--out`` must be a directory every worker can reach (and
``--db`` a database every worker can reach).

Each partition's output is named by its index and a digest of its records, the partition
size, the extractor version and the options that change events. It is written to a
temporary file and renamed into place, so an output file is either complete or absent: a
re-run skips partitions whose file exists, and a partition run again after its worker died
rewrites the same name with the same content (nothing lost, nothing duplicated).
Concatenating the JSONL files in index order gives exactly what ``marsad extract`` writes
for the same input.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import json
import os
import re
import resource
import sys
import time
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any, Literal

from marsad import coding
from marsad import io as marsad_io
from marsad.model import Article, Event

Format = Literal["jsonl", "parquet"]
FORMATS: tuple[Format, ...] = ("jsonl", "parquet")

PART_RE = re.compile(r"^part-(\d{6,})-([0-9a-f]{16})\.(jsonl|parquet)$")
MANIFEST = "_manifest.json"
TASK_RETRIES = 2
ALLOWED_WORKER_DEATHS = 3


# --------------------------------------------------------------------------- partitions


@dataclass(frozen=True, slots=True)
class Segment:
    """Consecutive records of one input: its name and each record's line number."""

    source: str
    lines: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Partition:
    """``records`` holds one JSON article per line; ``segments`` say where each came from."""

    index: int
    records: bytes
    segments: tuple[Segment, ...]
    count: int
    input_bytes: int  # input consumed by this partition, for the progress bar

    def located_records(self) -> Iterator[tuple[str, int, bytes]]:
        lines = iter(self.records.split(b"\n"))
        for segment in self.segments:
            for number in segment.lines:
                yield segment.source, number, next(lines)


@dataclass(frozen=True, slots=True)
class OutputSpec:
    """How partitions are coded and where they go; sent to the workers with each task."""

    out_dir: str | None = None
    db_url: str | None = None
    format: Format = "jsonl"
    keep_unlocated: bool = False
    partition_size: int = 1000
    published: dt.date | None = None  # default day for records without one

    @property
    def suffix(self) -> str:
        return ".parquet" if self.format == "parquet" else ".jsonl"


def partition_name(partition: Partition, spec: OutputSpec, extractor_version: str) -> str:
    """``part-000012-<digest>``: the same for the same records, options and extractor."""
    digest = hashlib.blake2b(digest_size=8)
    for part in (
        b"marsad-batch-1",
        extractor_version.encode(),
        str(spec.partition_size).encode(),
        b"keep-unlocated" if spec.keep_unlocated else b"located-only",
        spec.published.isoformat().encode() if spec.published else b"",
        partition.records,
    ):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return f"part-{partition.index:06d}-{digest.hexdigest()}"


@dataclass(frozen=True, slots=True)
class RawRecord:
    source: str
    line: int
    data: bytes  # one JSON object, no newline
    consumed: int  # input bytes read up to and including this record


def iter_raw_records(
    inputs: list[str], published: dt.date | None = None
) -> Iterator[RawRecord | marsad_io.RecordError]:
    """Every record of the inputs as raw JSON, in order; unreadable ones as RecordError.

    JSON Lines files are passed through unparsed (the workers parse them); other inputs
    (.txt, .json, ``-``) are read by ``marsad.io`` and re-encoded, one record each.
    """
    consumed_before = 0
    for source in marsad_io.resolve_inputs(inputs):
        kind = None if source == marsad_io.STDIN else marsad_io.kind_of(Path(source))
        if kind in (".jsonl", ".jsonl.gz"):
            yield from _jsonl_records(source, consumed_before)
        else:
            for number, item in enumerate(marsad_io.read_articles([source], published), 1):
                if isinstance(item, marsad_io.RecordError):
                    yield item
                else:
                    data = json.dumps(item.to_dict(), ensure_ascii=False).encode()
                    yield RawRecord(source, number, data, consumed_before)
        consumed_before += _size(source)


def _jsonl_records(source: str, consumed_before: int) -> Iterator[RawRecord | Any]:
    number = 0
    with open(source, "rb") as raw:
        stream = gzip.GzipFile(fileobj=raw) if source.endswith(".gz") else raw
        try:
            for number, line in enumerate(stream, 1):
                data = line.removeprefix(b"\xef\xbb\xbf") if number == 1 else line
                data = data.strip()
                if data:
                    yield RawRecord(source, number, data, consumed_before + raw.tell())
        except (EOFError, zlib.error, gzip.BadGzipFile) as e:
            yield marsad_io.RecordError(source, number + 1, f"compressed data is damaged: {e}")


def iter_partitions(
    records: Iterable[RawRecord], partition_size: int
) -> Iterator[Partition]:
    """Consecutive partitions of ``partition_size`` records, across input boundaries."""
    if partition_size < 1:
        raise ValueError("partition size must be at least 1")
    index = 0
    batch: list[RawRecord] = []
    start_bytes = 0
    for record in records:
        batch.append(record)
        if len(batch) == partition_size:
            yield _partition(index, batch, start_bytes)
            index, start_bytes, batch = index + 1, batch[-1].consumed, []
    if batch:
        yield _partition(index, batch, start_bytes)


def _partition(index: int, batch: list[RawRecord], start_bytes: int) -> Partition:
    segments: list[tuple[str, list[int]]] = []
    for record in batch:
        if segments and segments[-1][0] == record.source:
            segments[-1][1].append(record.line)
        else:
            segments.append((record.source, [record.line]))
    return Partition(
        index=index,
        records=b"\n".join(r.data for r in batch),
        segments=tuple(Segment(source, tuple(lines)) for source, lines in segments),
        count=len(batch),
        input_bytes=max(batch[-1].consumed - start_bytes, 0),
    )


def input_size(inputs: list[str]) -> int | None:
    """Total bytes of the inputs, or None when one is standard input."""
    sources = marsad_io.resolve_inputs(inputs)
    if marsad_io.STDIN in sources:
        return None
    return sum(_size(s) for s in sources)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


# --------------------------------------------------------------------------- workers


@dataclass(slots=True)
class PartitionResult:
    index: int
    name: str
    articles: int = 0  # records read as articles
    not_coded: int = 0  # of which without codable text
    events: int = 0
    problems: list[str] = field(default_factory=list)
    input_bytes: int = 0
    seconds: float = 0.0
    worker_pid: int = 0


@cache
def worker_extractor() -> Any:
    """This process's extractor: the lexicons load once per worker, not per partition."""
    return coding.load_extractor()


@cache
def extractor_version() -> str:
    return str(coding.extractor_version())


@dataclass(slots=True)
class PartitionEvents:
    """What extracting one partition gave, article by article, in input order."""

    coded: list[tuple[Article, list[Event]]] = field(default_factory=list)
    articles: int = 0  # records read as articles, as extract counts them
    problems: list[str] = field(default_factory=list)  # skipped records, as extract says
    not_coded: int = 0  # empty, non-Arabic or too long texts: no events

    @property
    def events(self) -> list[Event]:
        return [event for _article, events in self.coded for event in events]


def extract_partition(
    partition: Partition, keep_unlocated: bool = False, published: dt.date | None = None
) -> PartitionEvents:
    """The pure step: each record read and coded exactly as ``marsad extract`` does."""
    extractor = worker_extractor()
    out = PartitionEvents()
    for source, number, line in partition.located_records():
        item = _article(line, published)
        if isinstance(item, str):
            out.problems.append(f"skipped {marsad_io.RecordError(source, number, item)}")
            continue
        out.articles += 1
        result = coding.code_article(extractor, item, keep_unlocated)
        if result.failure:
            out.problems.append(f"skipped article {item.id}: extractor failed: {result.failure}")
            continue
        if result.not_coded:
            out.not_coded += 1
        out.coded.append((item, result.events))
    return out


def _article(line: bytes, published: dt.date | None) -> Article | str:
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as e:
        return f"not UTF-8 text ({e.reason})"
    except json.JSONDecodeError as e:
        return f"not JSON: {e.msg} (column {e.colno})"
    return marsad_io.article_from_record(record, published)


def code_partition(partition: Partition, spec: OutputSpec, name: str) -> PartitionResult:
    """The task run on a worker: extract one partition and write its output atomically."""
    started = time.perf_counter()
    found = extract_partition(partition, spec.keep_unlocated, spec.published)
    events = found.events
    if spec.db_url:
        write_store_partition(spec.db_url, found.coded)
    else:
        assert spec.out_dir is not None
        write_partition_file(Path(spec.out_dir), name + spec.suffix, events, spec.format)
    return PartitionResult(
        index=partition.index,
        name=name,
        articles=found.articles,
        not_coded=found.not_coded,
        events=len(events),
        problems=found.problems,
        input_bytes=partition.input_bytes,
        seconds=time.perf_counter() - started,
        worker_pid=os.getpid(),
    )


def write_partition_file(out_dir: Path, filename: str, events: list[Event], fmt: Format) -> Path:
    """Write to a temporary name in ``out_dir``, then rename: no one sees half a file."""
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / filename
    tmp = out_dir / f".{filename}.{uuid.uuid4().hex}.tmp"
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            pq.write_table(events_table(events), tmp, compression="zstd")
        else:
            _write_jsonl(tmp, events)
        os.replace(tmp, final)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return final


def _write_jsonl(path: Path, events: list[Event]) -> None:
    from marsad.export import EventWriter

    with open(path, "w", encoding="utf-8", newline="\n") as f:
        writer = EventWriter("jsonl", f)
        for event in events:
            writer.write(event)
        writer.close()
        os.fsync(f.fileno())


def events_table(events: list[Event]) -> Any:
    """A pyarrow Table of ``marsad.export.record`` rows with a fixed schema."""
    import pyarrow as pa

    from marsad.export import FIELDS, record

    schema = parquet_schema()
    rows = [record(e) for e in events]
    columns = {name: [row[name] for row in rows] for name in FIELDS}
    return pa.Table.from_pydict(columns, schema=schema)


def parquet_schema() -> Any:
    """Column types of the Parquet output: ``export.FIELDS``, typed after ``Event``."""
    import pyarrow as pa

    from marsad.export import FIELDS

    span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
    annotations = {f.name: str(f.type) for f in fields(Event)}

    def column_type(name: str) -> Any:
        annotation = annotations.get(name, "str")
        if annotation.startswith("dict"):
            return pa.map_(pa.string(), span)
        if "Span" in annotation:
            return span
        if "float" in annotation:
            return pa.float64()
        if "int" in annotation:
            return pa.int64()
        return pa.string()

    return pa.schema([(name, column_type(name)) for name in FIELDS])


@cache
def _worker_store(url: str) -> Any:
    """One store connection per worker process, reused by its partitions."""
    import atexit

    from marsad.store import open_store

    store = open_store(url)
    atexit.register(store.close)
    return store


def write_store_partition(url: str, coded: list[tuple[Article, list[Event]]]) -> None:
    """All articles of a partition with their events, in ONE transaction.

    The store ignores an article id it already holds, so a partition written again after
    its worker died adds nothing twice.
    """
    _worker_store(url).add_articles(coded, extractor_version=extractor_version())


def stored_article_ids(url: str) -> set[str]:
    from marsad.store import open_store

    with open_store(url) as store:
        ids, _hashes = store.known_keys()
    return ids


def worker_stats() -> dict[str, Any]:
    """Run on a worker (``client.run``): pid, peak resident memory, CPU time, load time."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "pid": os.getpid(),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "extractor_load_s": _LOAD_SECONDS.get("extractor"),
    }


_LOAD_SECONDS: dict[str, float] = {}


def warm_worker() -> float:
    """Load the extractor now, so that the first partition does not pay for it."""
    if "extractor" not in _LOAD_SECONDS:
        started = time.perf_counter()
        worker_extractor()
        _LOAD_SECONDS["extractor"] = time.perf_counter() - started
    return _LOAD_SECONDS["extractor"]


def _warm_plugin() -> Any:
    from distributed.diagnostics.plugin import WorkerPlugin

    class WarmExtractor(WorkerPlugin):
        """Loads the lexicons when a worker starts, also one restarted after a crash."""

        name = "marsad-warm-extractor"

        def setup(self, worker: Any) -> None:
            warm_worker()

    return WarmExtractor()


# --------------------------------------------------------------------------- client


@dataclass(slots=True)
class BatchReport:
    partitions: int = 0
    skipped_partitions: int = 0  # already done by an earlier run
    failed_partitions: list[tuple[int, str]] = field(default_factory=list)
    articles: int = 0
    not_coded: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)
    cluster_start_s: float = 0.0
    run_s: float = 0.0
    workers: list[dict[str, Any]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed_partitions


@dataclass(slots=True)
class BatchConfig:
    inputs: list[str]
    spec: OutputSpec
    workers: int | None = None
    scheduler: str | None = None
    progress: bool = True
    recluster: bool = True  # --db: rebuild clusters deterministically after parallel writes


def run_batch(
    config: BatchConfig,
    *,
    client: Any | None = None,
    on_result: Callable[[PartitionResult, Any], None] | None = None,
) -> BatchReport:
    """Code every partition of the inputs on a Dask cluster; resumable and idempotent.

    With ``client`` given, its cluster is used. Otherwise ``scheduler`` connects to a
    running cluster, or a LocalCluster of ``workers`` single-threaded processes is started
    and stopped at the end. ``on_result(result, client)`` runs on the client as each
    partition finishes. Raises marsad.io.InputError for a missing or unsupported input.
    """
    import dask
    from distributed import Client, LocalCluster

    marsad_io.resolve_inputs(config.inputs)  # fail on a bad path before starting a cluster
    report = BatchReport()
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        stack.enter_context(dask.config.set({
            "distributed.scheduler.allowed-failures": ALLOWED_WORKER_DEATHS,
            # the workers' sampling profiler walks every thread's stack each 10 ms, under
            # the GIL: a few per cent of a coding task for a flame graph nobody asked for
            "distributed.worker.profile.enabled": False,
        }))
        if client is None:
            if config.scheduler:
                client = stack.enter_context(Client(config.scheduler))
            else:
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=config.workers or os.cpu_count() or 1,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=":0",
                        silence_logs=50,
                    )
                )
                client = stack.enter_context(Client(cluster))
        _check_worker_versions(client)
        client.register_plugin(_warm_plugin(), name="marsad-warm-extractor")
        report.cluster_start_s = time.perf_counter() - started
        run_started = time.perf_counter()
        _drive(client, config, report, on_result)
        report.run_s = time.perf_counter() - run_started
        with contextlib.suppress(Exception):
            stats = client.run(worker_stats).values()
            report.workers = sorted(stats, key=lambda w: w["pid"])
    if report.ok and config.spec.out_dir:
        finish_directory(Path(config.spec.out_dir), report.files, config)
    coded = report.partitions - report.skipped_partitions
    if report.ok and config.spec.db_url and config.recluster and coded:
        from marsad.store import open_store

        with open_store(config.spec.db_url) as store:
            store.recluster()
    return report


class ClusterMismatch(RuntimeError):
    """The cluster's workers run another extractor version than this client."""


def _check_worker_versions(client: Any) -> None:
    """Partitions are named by the client's extractor version: the workers must agree."""
    local = extractor_version()
    found = client.run(extractor_version)
    other = {addr: v for addr, v in found.items() if v != local}
    if other:
        raise ClusterMismatch(
            f"workers run extractor {sorted(set(other.values()))}, this client {local}: "
            "install the same marsad on every worker"
        )


def _drive(
    client: Any,
    config: BatchConfig,
    report: BatchReport,
    on_result: Callable[[PartitionResult, Any], None] | None,
) -> None:
    """Submit partitions a window at a time (bounded memory) and collect the results."""
    from distributed import as_completed

    spec = config.spec
    version = extractor_version()
    window = max(2, 2 * (sum(client.nthreads().values()) or 1))
    raw = iter_raw_records(config.inputs, spec.published)
    partitions = iter_partitions(_records_only(raw, report), spec.partition_size)
    names: dict[int, str] = {}
    stored = stored_article_ids(spec.db_url) if spec.db_url else set()
    pending = as_completed()
    in_flight = 0

    with _progress(config.progress, input_size(config.inputs)) as advance:

        def submit_more() -> int:
            submitted = 0
            while in_flight + submitted < window:
                partition = next(partitions, None)
                if partition is None:
                    break
                name = partition_name(partition, spec, version)
                names[partition.index] = name
                report.partitions += 1
                if _already_done(spec, name, partition, stored):
                    report.skipped_partitions += 1
                    advance(partition.input_bytes, partition.count, 0)
                    continue
                future = client.submit(
                    code_partition, partition, spec, name,
                    key=f"marsad-{name}", retries=TASK_RETRIES, pure=False,
                )
                pending.add(future)
                submitted += 1
            return submitted

        in_flight += submit_more()
        while in_flight:
            future = next(pending)
            in_flight -= 1
            try:
                result: PartitionResult = future.result()
            except Exception as exc:
                report.failed_partitions.append((_index_of(future.key), repr(exc)))
            else:
                report.articles += result.articles
                report.not_coded += result.not_coded
                report.events += result.events
                report.problems.extend(result.problems)
                advance(result.input_bytes, result.articles, result.events)
                if on_result is not None:
                    on_result(result, client)
            future.release()
            in_flight += submit_more()
    report.files = [names[i] + spec.suffix for i in sorted(names)]


def _records_only(
    items: Iterable[RawRecord | marsad_io.RecordError], report: BatchReport
) -> Iterator[RawRecord]:
    for item in items:
        if isinstance(item, marsad_io.RecordError):
            report.problems.append(f"skipped {item}")
        else:
            yield item


def _index_of(key: Any) -> int:
    match = re.search(r"part-(\d+)-", str(key))
    return int(match.group(1)) if match else -1


def _already_done(spec: OutputSpec, name: str, partition: Partition, stored: set[str]) -> bool:
    if spec.db_url:
        ids = partition_article_ids(partition)
        return bool(ids) and ids <= stored
    assert spec.out_dir is not None
    return (Path(spec.out_dir) / (name + spec.suffix)).is_file()


def partition_article_ids(partition: Partition) -> set[str]:
    """The ids of the partition's records that can be read as articles."""
    ids = set()
    for _source, _number, line in partition.located_records():
        with contextlib.suppress(ValueError):
            record = json.loads(line)
            if isinstance(record, dict):
                value = record.get("id", record.get("article_id"))
                if value is not None and str(value).strip():
                    ids.add(str(value))
    return ids


def finish_directory(out_dir: Path, files: list[str], config: BatchConfig) -> None:
    """After a complete run: remove other runs' partitions and temp files; write a manifest.

    The directory then holds exactly this input's partitions, listed in order in
    ``_manifest.json``.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    current = set(files)
    for path in out_dir.iterdir():
        stale = PART_RE.match(path.name) is not None and path.name not in current
        leftover = path.name.startswith((".part-", f".{MANIFEST}.")) and path.name.endswith(".tmp")
        if stale or leftover:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    manifest = {
        "extractor_version": extractor_version(),
        "format": config.spec.format,
        "partition_size": config.spec.partition_size,
        "keep_unlocated": config.spec.keep_unlocated,
        "inputs": [p if p == marsad_io.STDIN else os.path.abspath(p) for p in config.inputs],
        "files": files,
    }
    tmp = out_dir / f".{MANIFEST}.{uuid.uuid4().hex}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    os.replace(tmp, out_dir / MANIFEST)


def partition_files(out_dir: Path) -> list[Path]:
    """The output files of a finished batch directory, in partition order."""
    manifest = out_dir / MANIFEST
    if manifest.is_file():
        names = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        return [out_dir / name for name in names]
    return sorted(p for p in out_dir.iterdir() if PART_RE.match(p.name))


@contextlib.contextmanager
def _progress(
    enabled: bool, total_bytes: int | None
) -> Iterator[Callable[[int, int, int], None]]:
    """A rich progress bar on stderr; yields ``advance(input_bytes, articles, events)``."""
    if not enabled:
        yield lambda _bytes, _articles, _events: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("coding"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[articles]:,} articles · {task.fields[events]:,} events"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
    )
    totals = {"articles": 0, "events": 0}
    with progress:
        task = progress.add_task("coding", total=total_bytes, **totals)

        def advance(nbytes: int, articles: int, events: int) -> None:
            totals["articles"] += articles
            totals["events"] += events
            progress.update(task, advance=nbytes, **totals)

        yield advance
        if total_bytes is not None:
            progress.update(task, completed=total_bytes)
