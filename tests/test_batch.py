"""`marsad batch`: the same events as `marsad extract`, resumable, and safe when a worker dies.

Data: the 300 bundled ANT Corpus articles (marsad/examples/ant-sample.jsonl.gz; ANT Corpus,
https://antcorpus.github.io). Clusters are LocalClusters of 2 single-threaded processes.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import signal
from pathlib import Path

import pytest

from marsad import batch, cli

pytestmark = pytest.mark.timeout(120)

SAMPLE = Path(batch.__file__).parent / "examples" / "ant-sample.jsonl.gz"


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample as plain JSONL (so a test can edit a line)."""
    path = tmp_path_factory.mktemp("in") / "articles.jsonl"
    with gzip.open(SAMPLE, "rb") as src:
        path.write_bytes(src.read())
    return path


@pytest.fixture(scope="module")
def extracted(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """What `marsad extract` writes for the sample."""
    out = tmp_path_factory.mktemp("extract") / "events.jsonl"
    assert cli.main(["extract", str(articles), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.count("\n") > 50, "the sample should give many events"
    return text


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                     dashboard_address=":0") as cluster,
        Client(cluster) as c,
    ):
        yield c


def batch_config(inputs: list[Path], out: Path, **spec: object) -> batch.BatchConfig:
    return batch.BatchConfig(
        inputs=[str(p) for p in inputs],
        spec=batch.OutputSpec(out_dir=str(out), **spec),  # type: ignore[arg-type]
        progress=False,
    )


def concatenated(out: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in batch.partition_files(out))


def test_batch_cli_writes_exactly_what_extract_writes(
    articles: Path, extracted: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    status = cli.main([
        "batch", str(articles), "--workers", "2", "--partition-size", "100", "--out", str(out),
    ])
    assert status == 0
    files = batch.partition_files(out)
    assert [f.name[:11] for f in files] == ["part-000000", "part-000001", "part-000002"]
    assert concatenated(out) == extracted
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_rerun_skips_finished_partitions_and_redoes_a_missing_one(
    articles: Path, extracted: str, tmp_path: Path, client
) -> None:
    out = tmp_path / "out"
    config = batch_config([articles], out, partition_size=60)
    first = batch.run_batch(config, client=client)
    assert (first.partitions, first.skipped_partitions, first.ok) == (5, 0, True)

    files = batch.partition_files(out)
    missing = files[2]
    kept = {f.name: f.read_bytes() for f in files}
    stamps = {f.name: (f.stat().st_ino, f.stat().st_mtime_ns) for f in files if f != missing}
    missing.unlink()

    second = batch.run_batch(config, client=client)
    assert (second.partitions, second.skipped_partitions, second.ok) == (5, 4, True)
    assert second.articles == 60  # only the missing partition was coded again
    assert {f.name: (f.stat().st_ino, f.stat().st_mtime_ns)
            for f in batch.partition_files(out) if f != missing} == stamps
    assert missing.read_bytes() == kept[missing.name]
    assert concatenated(out) == extracted


def test_changed_input_recodes_only_the_changed_partition(
    articles: Path, tmp_path: Path, client
) -> None:
    out = tmp_path / "out"
    lines = articles.read_text(encoding="utf-8").splitlines(keepends=True)
    batch.run_batch(batch_config([articles], out, partition_size=100), client=client)
    before = batch.partition_files(out)

    changed = tmp_path / "changed.jsonl"
    record = json.loads(lines[150])
    record["text"] = "قصفت طائرات حربية مدينة إدلب في سوريا يوم الأحد. " + record["text"]
    changed.write_text("".join([*lines[:150], json.dumps(record) + "\n", *lines[151:]]),
                       encoding="utf-8")
    report = batch.run_batch(batch_config([changed], out, partition_size=100), client=client)

    after = batch.partition_files(out)
    assert report.skipped_partitions == 2
    assert [f.name for f in after][0::2] == [f.name for f in before][0::2]
    assert after[1].name != before[1].name
    assert sorted(p.name for p in out.glob("part-*")) == sorted(f.name for f in after)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(
    articles: Path, extracted: str, tmp_path: Path
) -> None:
    from distributed import Client, LocalCluster

    out = tmp_path / "out"
    killed: list[int] = []

    def kill_a_busy_worker(_result: batch.PartitionResult, client) -> None:
        if killed:
            return
        pids = client.run(os.getpid)
        busy = [addr for addr, keys in client.processing().items() if keys and addr in pids]
        assert busy, "a worker should hold a partition when the first one finishes"
        victim = pids[busy[0]]
        os.kill(victim, signal.SIGKILL)
        killed.append(victim)

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                     dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        report = batch.run_batch(
            batch_config([articles], out, partition_size=20),
            client=client,
            on_result=kill_a_busy_worker,
        )
        survivors = set(client.run(os.getpid).values())

    assert killed and killed[0] not in survivors
    assert report.ok and report.partitions == 15 and report.articles == 300
    assert concatenated(out) == extracted
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_parquet_partitions_hold_the_same_event_records(
    articles: Path, extracted: str, tmp_path: Path, client
) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    report = batch.run_batch(batch_config([articles], out, format="parquet"), client=client)
    assert report.ok
    rows = pq.read_table(batch.partition_files(out)[0]).to_pylist(maps_as_pydicts="strict")
    assert rows == [json.loads(line) for line in extracted.splitlines()]


def test_bad_records_are_reported_with_their_line_and_the_rest_is_coded(
    articles: Path, tmp_path: Path, client
) -> None:
    lines = articles.read_text(encoding="utf-8").splitlines(keepends=True)[:40]
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text("".join([*lines[:2], "{not json\n", "\n", *lines[2:]]), encoding="utf-8")
    reference = tmp_path / "reference.jsonl"
    assert cli.main(["extract", str(damaged), "-o", str(reference)]) == 1

    out = tmp_path / "out"
    report = batch.run_batch(batch_config([damaged], out, partition_size=15), client=client)
    assert report.ok and report.articles == 40
    assert len(report.problems) == 1 and f"{damaged}:3: not JSON" in report.problems[0]
    assert concatenated(out) == reference.read_text(encoding="utf-8")


def test_partitions_span_inputs_and_keep_each_record_s_line(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz"
    a.write_text('{"id": "a1"}\n\n{"id": "a3"}\n', encoding="utf-8")
    with gzip.open(b, "wt", encoding="utf-8") as f:
        f.write('{"id": "b1"}\n{"id": "b2"}\n')
    records = batch.iter_raw_records([str(a), str(b)])
    parts = list(batch.iter_partitions(records, 3))
    located = [(Path(s).name, n, json.loads(r)["id"]) for p in parts
               for s, n, r in p.located_records()]
    assert located == [("a.jsonl", 1, "a1"), ("a.jsonl", 3, "a3"),
                       ("b.jsonl.gz", 1, "b1"), ("b.jsonl.gz", 2, "b2")]
    assert [(p.index, p.count) for p in parts] == [(0, 3), (1, 1)]


def test_partition_name_changes_with_what_changes_the_events() -> None:
    part = batch.Partition(0, b'{"id": "x"}', (batch.Segment("f", (1,)),), 1, 11)
    spec = batch.OutputSpec(out_dir="o")
    name = batch.partition_name(part, spec, "v1")
    assert name == batch.partition_name(part, spec, "v1")
    assert name.startswith("part-000000-")
    others = {
        batch.partition_name(part, spec, "v2"),
        batch.partition_name(part, dataclasses.replace(spec, keep_unlocated=True), "v1"),
        batch.partition_name(part, dataclasses.replace(spec, partition_size=10), "v1"),
        batch.partition_name(dataclasses.replace(part, records=b'{"id": "y"}'), spec, "v1"),
    }
    assert name not in others and len(others) == 4


def test_db_output_stores_every_extracted_event_once_and_resumes(
    articles: Path, extracted: str, tmp_path: Path, client
) -> None:
    from marsad.store import open_store

    db = tmp_path / "batch.db"
    config = batch.BatchConfig(
        inputs=[str(articles)],
        spec=batch.OutputSpec(db_url=str(db), partition_size=100),
        progress=False,
    )
    first = batch.run_batch(config, client=client)
    again = batch.run_batch(config, client=client)

    expected = sorted(json.loads(line)["event_id"] for line in extracted.splitlines())
    with open_store(str(db)) as store:
        stored = sorted(m.event.event_id for m in store.iter_members())
        assert store.counts().articles == 300
    assert first.ok and first.events == len(expected)
    assert stored == expected
    assert (again.partitions, again.skipped_partitions) == (3, 3)
