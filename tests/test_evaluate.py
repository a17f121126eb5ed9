"""Scoring: the same numbers as the reference scorer, and the error listing."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.cli import main
from marsad.evaluate import (
    METRIC_KEYS,
    canon_actor,
    format_errors,
    group_pred,
    load_actor_aliases,
    score,
)

SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
REFERENCE = SHARED_EVAL / "score.py"
needs_reference = pytest.mark.skipif(
    not REFERENCE.exists(), reason=f"reference scorer {REFERENCE} is not there (../shared absent)"
)

ACTORS_TSV = (
    "name\tinter\tcountry\taliases_ar\taliases_en\textra\n"
    "Islamic State\t2\tGlobal\tداعش|تنظيم الدولة\tISIS|ISIL\tx\n"
    "SDF: Syrian Democratic Forces\t2\tSyria\tقسد|قوات سوريا الديمقراطية\tSDF\t\n"
)


@cache
def reference_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_event(**changes: object) -> dict:
    event = {
        "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
        "event_date": "2022-01-21", "time_precision": 1, "country": "Syria",
        "admin1": "Al-Hasakah", "location": "Al-Hasakah", "location_ar": "الحسكة",
        "geo_precision": 1, "actor1": "Global Coalition against ISIS",
        "actor2": "Islamic State", "fatalities": 0, "evidence": "استهدفت طائرات التحالف",
    }
    event.update(changes)
    return event


def test_aliases_map_to_their_canonical_name(tmp_path: Path) -> None:
    path = tmp_path / "actors.tsv"
    path.write_text(ACTORS_TSV, encoding="utf-8")
    aliases = load_actor_aliases(path)
    same = {canon_actor(name, aliases) for name in ("Islamic State", "ISIS", "داعش",
                                                    "تنظيم الدولة", "islamic state")}
    assert len(same) == 1
    assert canon_actor("قسد", aliases) == canon_actor("SDF: Syrian Democratic Forces", aliases)
    assert canon_actor("Houthis", aliases) != canon_actor("ISIS", aliases)
    assert load_actor_aliases(tmp_path / "absent.tsv") == {}


def test_listing_names_missed_spurious_and_differing_events(tmp_path: Path) -> None:
    aliases = {}
    gold = [{"article_id": "a", "events": [
        gold_event(fatalities=2),
        gold_event(event_type="Battles", sub_event_type="Armed clash",
                   actor1="SDF: Syrian Democratic Forces", evidence="وسط استمرار المواجهات"),
    ]}]
    pred = {"a": [
        gold_event(fatalities=0),
        gold_event(event_type="Protests", sub_event_type="Peaceful protest",
                   actor1="Protesters (Syria)", actor2="", evidence="تظاهر المئات"),
    ]}
    result = score(gold, pred, aliases)
    assert (result["gold_events"], result["pred_events"], result["matched"]) == (2, 2, 1)
    (article,) = result["per_article"]
    assert [e["sub_event_type"] for e in article["missed"]] == ["Armed clash"]
    assert [e["sub_event_type"] for e in article["spurious"]] == ["Peaceful protest"]
    assert [d["fields"] for d in article["differing"]] == [["fatalities"]]
    text = format_errors(result)
    assert "missed    Battles / Armed clash | 2022-01-21 | Al-Hasakah, Syria (الحسكة)" in text
    assert "SDF: Syrian Democratic Forces → Islamic State" in text
    assert "«وسط استمرار المواجهات»" in text
    assert "spurious  Protests / Peaceful protest" in text
    assert "differs in fatalities" in text


def test_eval_command_scores_a_prediction_file(tmp_path: Path, capsys) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"article_id": "a", "published": "2022-01-22",
                                "events": [gold_event(), gold_event(location="Ghwairan",
                                                                    location_ar="غويران",
                                                                    admin1="Aleppo")]},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"article_id": "a", **gold_event()}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    assert main(["eval", str(gold), "--pred", str(pred), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {k: result[k] for k in ("gold_events", "pred_events", "matched", "precision",
                                   "recall")} == {"gold_events": 2, "pred_events": 1,
                                                  "matched": 1, "precision": 1.0,
                                                  "recall": 0.5}
    assert result["per_article"][0]["missed"][0]["location"] == "Ghwairan"
    assert main(["eval", str(gold), "--pred", str(pred)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[: len(METRIC_KEYS)]] == list(METRIC_KEYS)
    assert any(line.startswith("  missed") and "Ghwairan" in line for line in lines)


def test_eval_command_usage_errors(tmp_path: Path, capsys) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"article_id": "a", "events": []}\nnot json\n', encoding="utf-8")
    assert main(["eval", str(gold), "--pred", str(gold)]) == 2
    assert f"{gold}:2: not JSON" in capsys.readouterr().err
    assert main(["eval", str(tmp_path / "absent.jsonl"), "--pred", str(gold)]) == 2
    assert "absent.jsonl" in capsys.readouterr().err
    gold.write_text('{"article_id": "a", "events": []}\n', encoding="utf-8")
    assert main(["eval", str(gold)]) == 2
    assert "--articles" in capsys.readouterr().err


# --- parity with the reference scorer -------------------------------------------------

EVENT_TYPES = {
    "Battles": ["Armed clash", "Government regains territory"],
    "Explosions/Remote violence": ["Air/drone strike", "Shelling/artillery/missile attack"],
    "Strategic developments": ["Arrests", "Change to group/activity"],
}
ACTORS = ["Islamic State", "ISIS", "داعش", "تنظيم داعش", "SDF: Syrian Democratic Forces", "قسد",
          "Houthis", "الحوثيون", "Civilians (Syria)", "", None, "Unknown Group"]
PLACES = [("Al-Hasakah", "Al-Hasakah", "الحسكة"), ("Hasakah Governorate", "Hasakah", "حسكة"),
          ("al Hasakah", "", ""), ("Deir ez-Zor", "Al Mayadin", "الميادين"),
          ("Deir ez Zor", "Mayadin", "الميادين"), ("", "", ""), ("Sanaa", "Nihm", "نهم"),
          ("Sana'a", "Nehm", "نهم"), ("Aleppo", "Manbij", "منبج"), ("Aleppo", "Menbij", "")]

synthetic_event = st.builds(
    lambda etype, sub, country, place, day, actor1, actor2, deaths: {
        "event_type": etype, "sub_event_type": EVENT_TYPES[etype][sub], "country": country,
        "admin1": place[0], "location": place[1], "location_ar": place[2],
        "event_date": day, "actor1": actor1, "actor2": actor2, "fatalities": deaths},
    st.sampled_from(sorted(EVENT_TYPES)), st.integers(0, 1),
    st.sampled_from(["Syria", "syria", "Yemen"]), st.sampled_from(PLACES),
    st.sampled_from(["2022-01-20", "2022-01-21", "2022-01-22", "2022-01-24", None, "soon"]),
    st.sampled_from(ACTORS), st.sampled_from(ACTORS),
    st.sampled_from([0, 1, 3, "3", None, "several"]),
)
article_ids = st.sampled_from(["a", "b", "c"])
gold_rows = st.lists(
    st.fixed_dictionaries({"article_id": article_ids,
                           "events": st.lists(synthetic_event, max_size=4)}),
    max_size=3, unique_by=lambda row: row["article_id"])
pred_rows = st.lists(
    st.one_of(
        st.builds(lambda aid, e: {"article_id": aid, **e}, article_ids, synthetic_event),
        st.fixed_dictionaries({"article_id": article_ids,
                               "events": st.lists(synthetic_event, max_size=3)}),
    ),
    max_size=8)


def reference_result(ref: ModuleType, gold: list[dict], pred: list[dict]) -> dict:
    return ref.score(copy.deepcopy(gold), ref.group_pred(copy.deepcopy(pred)))


def ours(gold: list[dict], pred: list[dict]) -> dict:
    return score(gold, group_pred(pred), load_actor_aliases(SHARED_EVAL / "actors.tsv"))


@needs_reference
@settings(max_examples=300, deadline=None)
@given(gold=gold_rows, pred=pred_rows)
def test_same_numbers_as_the_reference_scorer(gold: list[dict], pred: list[dict]) -> None:
    expected = reference_result(reference_scorer(), gold, pred)
    result = ours(gold, pred)
    assert {k: result[k] for k in METRIC_KEYS} == {k: expected[k] for k in METRIC_KEYS}
    assert [(a["article_id"], a["gold"], a["pred"], a["matched"])
            for a in result["per_article"]] == [
        (a["article_id"], a["gold"], a["pred"], a["matched"]) for a in expected["per_article"]]


def perturbed(gold: list[dict]) -> list[dict]:
    """Predictions made from gold by systematic edits: dropped, shifted and renamed events."""
    out = []
    for n, row in enumerate(gold):
        for k, event in enumerate(row["events"]):
            event = dict(event, article_id=row["article_id"])
            if (n + k) % 5 == 0:
                continue
            if (n + k) % 5 == 1:
                event["event_date"] = str(event["event_date"])[:8] + "01"
            if (n + k) % 5 == 2:
                event["actor1"], event["actor2"] = event["actor2"], event["actor1"]
            if (n + k) % 5 == 3:
                event["fatalities"] = int(event.get("fatalities") or 0) + 1
                event["location"] = event["location"].upper()
            out.append(event)
            if (n + k) % 7 == 0:
                out.append(dict(event, sub_event_type="Other", event_type="Battles"))
    return out


@needs_reference
def test_eval_command_prints_the_reference_metrics_on_the_dev_gold(tmp_path: Path,
                                                                  capsys) -> None:
    gold_path = SHARED_EVAL / "dev-gold.jsonl"
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n"
                                 for e in perturbed(gold)), encoding="utf-8")
    reference = subprocess.run(
        [sys.executable, str(REFERENCE), str(gold_path), str(pred_path)],
        capture_output=True, text=True, check=True).stdout
    assert main(["eval", str(gold_path), "--pred", str(pred_path),
                 "--actors", str(SHARED_EVAL / "actors.tsv")]) == 0
    output = capsys.readouterr().out
    assert output.startswith(reference)
    assert 0 < json.loads(subprocess.run(
        [sys.executable, str(REFERENCE), str(gold_path), str(pred_path), "--json"],
        capture_output=True, text=True, check=True).stdout)["f1"] < 1
