"""The extract, eval and demo commands, run on the real extractor.

The article is the bundled seed report (Al-Araby Al-Jadeed, January 2022,
marsad/examples/sample-seed.json).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from marsad import io as marsad_io
from marsad import pipeline
from marsad.cli import main
from marsad.commands.demo import load_seed

SEED = load_seed()
SEED_RECORD = {k: SEED[k] for k in ("id", "published", "outlet", "title", "text")}
SEED_SUB_EVENTS = ("Air/drone strike", "Armed clash", "Arrests", "Change to group/activity")
SHARED_SEED = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "sample-seed.json"
REPO = Path(__file__).resolve().parents[1]


def jsonl(*records: object) -> str:
    return "".join(
        (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records
    )


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def events_of(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    path = tmp_path / "seed.jsonl"
    path.write_text(jsonl(SEED_RECORD), encoding="utf-8")
    return path


def test_extract_writes_placed_and_dated_events_with_evidence(
    seed_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "extract", str(seed_file))
    assert status == 0
    events = events_of(out)
    assert events, "the seed report gives events"
    text = SEED["text"]
    for event in events:
        assert event["article_id"] == SEED["id"]
        assert event["event_date"] and event["geo_precision"] is not None and event["country"]
        span = event["evidence_span"]
        assert text[span["start"]:span["end"]] == span["text"]
        assert event["evidence"] in text
    summary = err.strip().splitlines()[-1]
    assert summary.startswith("marsad extract: 1 article read, ")
    assert f"{len(events)} event{'s' * (len(events) != 1)} written, 0 records skipped" in summary


def test_malformed_lines_are_reported_and_the_rest_is_coded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(jsonl(
        SEED_RECORD,
        '{"id": "cut", "text": "استهدفت',
        {"id": "no-text", "published": "2022-01-22"},
        {**SEED_RECORD, "id": "seed-copy"},
    ), encoding="utf-8")
    status, out, err = run(capsys, "extract", str(path))
    assert status == 1
    assert f"{path}:2: not JSON" in err
    assert f"{path}:3: " in err and "text" in err
    assert {e["article_id"] for e in events_of(out)} == {SEED["id"], "seed-copy"}
    assert "2 articles read" in err and "2 records skipped" in err


def test_txt_needs_published(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hasakah.txt"
    path.write_text(SEED["text"], encoding="utf-8")
    status, out, err = run(capsys, "extract", str(path))
    assert (status, out) == (1, "")
    assert f"{path}: a plain-text article needs its publication day: pass --published" in err
    status, out, _ = run(capsys, "extract", str(path), "--published", SEED["published"])
    assert status == 0
    assert {e["article_id"] for e in events_of(out)} == {"hasakah"}


def test_missing_input_is_a_usage_error(tmp_path: Path, capsys) -> None:
    out_path = tmp_path / "events.jsonl"
    absent = tmp_path / "absent.jsonl"
    status, out, err = run(capsys, "extract", str(absent), "-o", str(out_path))
    assert status == 2 and out == ""
    assert err.strip() == f"marsad extract: error: {absent}: no such file or directory"
    assert not out_path.exists()


def test_bad_option_values_are_usage_errors(seed_file: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", str(seed_file), "--published", "22/01/2022"])
    assert exit_info.value.code == 2
    assert "not a date" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", str(seed_file), "--format", "xml"])
    assert exit_info.value.code == 2


def test_empty_non_arabic_and_huge_texts_give_no_events(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = SEED["text"] * (marsad_io.MAX_TEXT_CHARS // len(SEED["text"]) + 1)
    path = tmp_path / "odd.jsonl"
    path.write_text(jsonl(
        {"id": "empty", "published": "2022-01-22", "text": ""},
        {"id": "english", "published": "2022-01-22",
         "text": "Coalition aircraft struck positions held by escaped ISIS fighters in Hasakah."},
        {"id": "digits", "published": "2022-01-22", "text": "2022 ... 110 ،؟ 17:30"},
        {"id": "huge", "published": "2022-01-22", "text": huge},
    ), encoding="utf-8")
    status, out, err = run(capsys, "extract", str(path))
    assert (status, out) == (0, "")
    assert "4 articles read, 0 events written, 0 records skipped, 4 without codable text" in err
    assert "article huge gives no events: text too long" in err


def test_text_limit_is_the_pipeline_limit() -> None:
    assert marsad_io.MAX_TEXT_CHARS == pipeline.MAX_TEXT_CHARS


def test_an_extractor_failure_skips_the_article_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_extract = pipeline.Extractor.extract

    def failing_on_one(self, article, **options):
        if article.id == "poison":
            raise RuntimeError("boom")
        return real_extract(self, article, **options)

    monkeypatch.setattr(pipeline.Extractor, "extract", failing_on_one)
    path = tmp_path / "two.jsonl"
    path.write_text(jsonl({**SEED_RECORD, "id": "poison"}, SEED_RECORD), encoding="utf-8")
    status, out, err = run(capsys, "extract", str(path))
    assert status == 1
    assert "skipped article poison: extractor failed: RuntimeError: boom" in err
    assert {e["article_id"] for e in events_of(out)} == {SEED["id"]}


def test_keep_unlocated_adds_only_unplaced_or_undated_detections(
    seed_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "extract", str(seed_file))
    placed = events_of(out)
    status, out, _ = run(capsys, "extract", str(seed_file), "--keep-unlocated")
    everything = events_of(out)
    assert status == 0
    assert {e["event_id"] for e in placed} <= {e["event_id"] for e in everything}
    for extra in [e for e in everything if e["event_id"] not in {p["event_id"] for p in placed}]:
        assert extra["geo_precision"] is None or not extra["event_date"] or not extra["country"]


def test_output_format_follows_the_suffix_or_the_option(
    seed_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    geo = tmp_path / "events.geojson"
    assert run(capsys, "extract", str(seed_file), "-o", str(geo))[0] == 0
    doc = json.loads(geo.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and doc["features"]
    _, out, _ = run(capsys, "extract", str(seed_file))
    by_id = {e["event_id"]: e for e in events_of(out)}
    for feat in doc["features"]:
        event = by_id[feat["id"]]
        lon, lat = feat["geometry"]["coordinates"]
        assert (lon, lat) == (event["longitude"], event["latitude"])
        if feat["properties"]["country"] == "Syria":
            assert 35 < lon < 43 and 32 < lat < 38
    table = tmp_path / "events.csv"
    assert run(capsys, "extract", str(seed_file), "-o", str(table))[0] == 0
    rows = list(csv.DictReader(table.open(encoding="utf-8", newline="")))
    assert rows and {r["article_id"] for r in rows} == {SEED["id"]}
    status, out, _ = run(capsys, "extract", str(seed_file), "--format", "csv")
    assert status == 0
    assert list(csv.DictReader(io.StringIO(out))) == rows


def test_no_progress_bar_when_stderr_is_not_a_terminal(seed_file: Path, capsys) -> None:
    _, _, err = run(capsys, "extract", str(seed_file))
    assert "\x1b[" not in err and "━" not in err
    assert len(err.strip().splitlines()) == 1


def test_stdin_text_and_json_lines_through_the_installed_command(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "marsad.cli", "extract", "-"]
    text_run = subprocess.run([*command, "--published", SEED["published"]], cwd=tmp_path,
                              input=SEED["text"].encode(), capture_output=True, timeout=300)
    assert text_run.returncode == 0, text_run.stderr.decode()
    assert {e["article_id"] for e in events_of(text_run.stdout.decode())} == {"stdin"}
    lines_run = subprocess.run(command, cwd=tmp_path, capture_output=True, timeout=300,
                               input=jsonl(SEED_RECORD, "not json").encode())
    assert lines_run.returncode == 1
    assert "<stdin>:2: not JSON" in lines_run.stderr.decode()
    assert {e["article_id"] for e in events_of(lines_run.stdout.decode())} == {SEED["id"]}


def test_demo_shows_the_four_kinds_of_event_of_the_seed(capsys) -> None:
    status, out, _ = run(capsys, "demo")
    assert status == 0
    assert "Al-Araby Al-Jadeed" in out
    missing = [name for name in SEED_SUB_EVENTS if name not in out]
    assert not missing, f"demo does not show {missing}"


def test_bundled_seed_is_the_shared_seed() -> None:
    if not SHARED_SEED.exists():
        pytest.skip(f"{SHARED_SEED} is not there (../shared absent)")
    bundled = REPO / "marsad" / "examples" / "sample-seed.json"
    assert bundled.read_bytes() == SHARED_SEED.read_bytes()


def test_eval_codes_the_gold_articles(
    seed_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(jsonl(
        {"article_id": SEED["id"], "published": SEED["published"],
         "events": SEED["gold_events"]},
    ), encoding="utf-8")
    saved = tmp_path / "pred.jsonl"
    status, out, _ = run(capsys, "eval", str(gold), "--articles", str(seed_file), "--json",
                         "--write-pred", str(saved))
    assert status == 0
    result = json.loads(out)
    assert run(capsys, "eval", str(gold), "--pred", str(saved), "--json")[1] == out
    (article,) = result["per_article"]
    assert result["gold_events"] == 4 and result["pred_events"] == article["pred"] > 0
    assert len(article["missed"]) == 4 - result["matched"]
    assert len(article["spurious"]) == result["pred_events"] - result["matched"]

    gold.write_text(gold.read_text(encoding="utf-8") + jsonl(
        {"article_id": "not-in-articles", "published": "2022-01-22", "events": []}),
        encoding="utf-8")
    status, out, err = run(capsys, "eval", str(gold), "--articles", str(seed_file))
    assert status == 1
    assert "1 gold article(s) not found" in err and "not-in-articles" in err
    assert out.splitlines()[0].split() == ["articles", "2"]
