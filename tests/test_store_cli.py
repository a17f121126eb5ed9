"""The store commands: marsad ingest / search / stats / export / recode, on both backends.

The store is filled with real ANT Corpus reports (https://antcorpus.github.io) and their
hand-coded events (strike_fixtures.py), except where `marsad ingest` itself is tested.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from store_backends import store_url  # noqa: F401 - fixture
from strike_fixtures import BBC_MISSILES, fill

from marsad.cli import main
from marsad.store import open_store

DATA = Path(__file__).parent / "data" / "ant-strikes.jsonl"


@pytest.fixture
def filled(store_url: str) -> str:  # noqa: F811
    with open_store(store_url) as opened:
        fill(opened)
    return store_url


def test_search_prints_hits_with_highlights(filled: str, capsys) -> None:
    assert main(["search", "جيزان", "--db", filled]) == 0
    out = capsys.readouterr()
    assert BBC_MISSILES.id in out.out
    assert "[وجيزان]" in out.out
    assert "1 articles match" in out.err
    assert main(["search", "نجران", "--db", filled, "--json", "--limit", "1"]) == 0
    page = json.loads(capsys.readouterr().out)
    assert page["total"] == 2 and len(page["items"]) == 1


def test_search_without_words_is_a_usage_error(filled: str, capsys) -> None:
    assert main(["search", "،", "--db", filled]) == 2
    assert "no words" in capsys.readouterr().err


def test_stats(filled: str, capsys) -> None:
    assert main(["stats", "--db", filled, "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["counts"] == {"articles": 4, "aliases": 0, "events": 6, "clusters": 3}
    assert stats["by_country"] == [["Saudi Arabia", 2], ["Somalia", 1]]
    assert main(["stats", "--db", filled, "--country", "Somalia"]) == 0
    text = capsys.readouterr().out
    assert "matching: 1 clusters from 2 events, 2 fatalities" in text


def test_export_acled_csv_with_filters(filled: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "acled.csv"
    assert main(["export", "--db", filled, "-o", str(out), "--country", "Saudi Arabia",
                 "--from", "2018-03-25", "--to", "2018-03-25", "--type",
                 "Explosions/Remote violence", "--actor", "houthi"]) == 0
    frame = pd.read_csv(out)
    assert sorted(frame.location) == ["Jizan", "Najran"]
    assert "2 events (acled-csv)" in capsys.readouterr().err
    assert main(["export", "--db", filled, "--format", "geojson"]) == 0
    assert len(json.loads(capsys.readouterr().out)["features"]) == 3


def test_export_rejects_a_bad_bbox(filled: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--db", filled, "--bbox", "1,2,3"])
    assert "bbox" in capsys.readouterr().err


def test_ingest_then_recode(store_url: str, capsys) -> None:  # noqa: F811
    assert main(["ingest", str(DATA), "--db", store_url, "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert "4 records read: 4 articles added" in err
    assert main(["ingest", str(DATA), "--db", store_url, "--jobs", "1"]) == 0
    assert "0 articles added" in capsys.readouterr().err
    with open_store(store_url) as opened:
        before = opened.counts()
        csv_before = _export(opened)
    assert main(["recode", "--db", store_url]) == 0  # nothing is stale
    assert "0 articles re-coded" in capsys.readouterr().err
    assert main(["recode", "--db", store_url, "--all"]) == 0
    assert "4 articles re-coded" in capsys.readouterr().err
    with open_store(store_url) as opened:
        assert opened.counts() == before
        assert _rows_without_ids(_export(opened)) == _rows_without_ids(csv_before)


def _export(store) -> str:
    from marsad.store.export import export

    out = io.StringIO()
    export(store, None, "acled-csv", out)
    return out.getvalue()


def _rows_without_ids(csv_text: str) -> list[dict]:
    frame = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)
    frame = frame.drop(columns=["event_id_cnty", "timestamp"])
    return sorted(frame.to_dict("records"), key=lambda r: (r["location"], r["event_date"]))


def test_a_missing_input_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert main(["ingest", str(tmp_path / "nope.jsonl"), "--db", str(tmp_path / "x.db")]) == 2
    assert "no such file" in capsys.readouterr().err
