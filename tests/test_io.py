"""Reading articles: every input kind, and bad records reported without stopping."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from marsad.io import (
    MAX_TEXT_CHARS,
    InputError,
    RecordError,
    count_records,
    read_articles,
    resolve_inputs,
    skip_reason,
)
from marsad.model import Article

TEXT_A = "قتل ثلاثة أشخاص في غارة جوية على مدينة إدلب يوم الأحد."
TEXT_B = "تظاهر مئات المحتجين في بغداد للمطالبة بتحسين الخدمات."
RECORD_A = {"id": "a-1", "published": "2018-04-02", "title": "غارة", "text": TEXT_A,
            "outlet": "BBC Arabic", "url": "https://example.org/a-1"}
RECORD_B = {"id": "b-2", "published": "2018-04-03T10:00:00Z", "title": "", "text": TEXT_B}


def jsonl(*records: object) -> str:
    return "".join(
        (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records
    )


def read(inputs: list[str], published: dt.date | None = None) -> list[Article | RecordError]:
    return list(read_articles(inputs, published))


def articles(items: list[Article | RecordError]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def errors(items: list[Article | RecordError]) -> list[RecordError]:
    return [i for i in items if isinstance(i, RecordError)]


def test_jsonl_gives_one_article_per_line(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(jsonl(RECORD_A, "", RECORD_B), encoding="utf-8")
    items = read([str(path)])
    assert errors(items) == []
    a, b = articles(items)
    assert (a.id, a.published, a.title, a.outlet, a.url, a.text) == (
        "a-1", dt.date(2018, 4, 2), "غارة", "BBC Arabic", "https://example.org/a-1", TEXT_A)
    assert (b.id, b.published, b.text) == ("b-2", dt.date(2018, 4, 3), TEXT_B)


def test_gzipped_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write(jsonl(RECORD_A, RECORD_B))
    assert [a.id for a in articles(read([str(path)]))] == ["a-1", "b-2"]


def test_timestamp_gives_its_utc_day(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(jsonl({**RECORD_A, "published": "2018-04-02T01:30:00+04:00"},
                          {**RECORD_B, "published": "2018-04-02T23:30:00-02:00"}))
    assert [a.published for a in articles(read([str(path)]))] == [
        dt.date(2018, 4, 1), dt.date(2018, 4, 3)]


def test_json_file_holds_an_object_or_a_list(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps(RECORD_A, ensure_ascii=False, indent=2), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([RECORD_A, {"id": "x", "published": "2018-04-02"}, RECORD_B],
                               ensure_ascii=False))
    assert [a.id for a in articles(read([str(one)]))] == ["a-1"]
    items = read([str(many)])
    assert [a.id for a in articles(items)] == ["a-1", "b-2"]
    (err,) = errors(items)
    assert err.source == str(many) and "item 2" in err.message and "text" in err.message


def test_txt_file_is_one_article_named_by_its_stem(tmp_path: Path) -> None:
    path = tmp_path / "idlib-report.txt"
    path.write_text("\ufeff" + TEXT_A + "\n", encoding="utf-8")
    (article,) = read([str(path)], published=dt.date(2018, 4, 2))
    assert isinstance(article, Article)
    assert (article.id, article.text, article.published) == (
        "idlib-report", TEXT_A, dt.date(2018, 4, 2))


def test_txt_without_published_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(TEXT_A, encoding="utf-8")
    (err,) = read([str(path)])
    assert isinstance(err, RecordError)
    assert "--published" in str(err) and str(path) in str(err)


def test_published_is_the_default_for_json_records_without_one(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(jsonl({"id": "n", "text": TEXT_A}), encoding="utf-8")
    (err,) = read([str(path)])
    assert isinstance(err, RecordError) and "published" in err.message and err.line == 1
    (article,) = read([str(path)], published=dt.date(2020, 1, 1))
    assert isinstance(article, Article) and article.published == dt.date(2020, 1, 1)


def test_malformed_lines_are_reported_with_line_numbers_and_reading_goes_on(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(jsonl(
        RECORD_A,                                 # 1
        '{"id": "broken", "text": ',              # 2 not JSON
        {"id": "no-text", "published": "2018-04-02"},  # 3
        {"published": "2018-04-02", "text": TEXT_A},   # 4 no id
        {**RECORD_B, "id": "bad-date", "published": "yesterday"},  # 5
        "[1, 2]",                                 # 6 not an object
        RECORD_B,                                 # 7
    ), encoding="utf-8")
    items = read([str(path)])
    assert [a.id for a in articles(items)] == ["a-1", "b-2"]
    errs = errors(items)
    assert [(e.source, e.line) for e in errs] == [(str(path), n) for n in (2, 3, 4, 5, 6)]
    messages = [e.message for e in errs]
    assert "not JSON" in messages[0]
    assert "text" in messages[1]
    assert "id" in messages[2]
    assert "yesterday" in messages[3]
    assert "object" in messages[4]
    assert str(errs[0]).startswith(f"{path}:2: ")


def test_bom_and_non_utf8_lines(tmp_path: Path) -> None:
    path = tmp_path / "bytes.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf" + jsonl(RECORD_A).encode()
        + b'{"id": "latin1", "published": "2018-04-02", "text": "caf\xe9"}\n'
        + jsonl(RECORD_B).encode()
    )
    items = read([str(path)])
    assert [a.id for a in articles(items)] == ["a-1", "b-2"]
    (err,) = errors(items)
    assert err.line == 2 and "UTF-8" in err.message


def test_damaged_gzip_is_reported_after_the_good_lines(tmp_path: Path) -> None:
    data = gzip.compress(jsonl(*[{**RECORD_A, "id": f"a{i}"} for i in range(200)]).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = read([str(path)])
    assert isinstance(items[-1], RecordError) and "damaged" in items[-1].message
    assert all(isinstance(i, Article) for i in items[:-1])


def test_directory_reads_supported_files_sorted_and_recursively(tmp_path: Path) -> None:
    (tmp_path / "b.jsonl").write_text(jsonl(RECORD_B), encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps(RECORD_A), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(TEXT_A, encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.jsonl").write_text(jsonl(RECORD_A), encoding="utf-8")
    assert resolve_inputs([str(tmp_path)]) == [
        str(tmp_path / name) for name in ("a.json", "b.jsonl", "sub/c.txt")]
    items = read([str(tmp_path)], published=dt.date(2018, 4, 5))
    assert [a.id for a in articles(items)] == ["a-1", "b-2", "c"]


def test_missing_or_unsupported_inputs_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        resolve_inputs([str(tmp_path / "absent.jsonl")])
    (tmp_path / "data.xml").write_text("<doc/>")
    with pytest.raises(InputError, match="unsupported"):
        resolve_inputs([str(tmp_path / "data.xml")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no .* files"):
        resolve_inputs([str(tmp_path / "empty")])
    with pytest.raises(InputError):
        list(read_articles([str(tmp_path / "absent.jsonl")]))


def with_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_json_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    with_stdin(monkeypatch, ("\n" + jsonl(RECORD_A, "{oops", RECORD_B)).encode())
    items = read(["-"])
    assert [a.id for a in articles(items)] == ["a-1", "b-2"]
    (err,) = errors(items)
    assert (err.source, err.line) == ("<stdin>", 3)


def test_stdin_pretty_printed_json(monkeypatch: pytest.MonkeyPatch) -> None:
    with_stdin(monkeypatch, json.dumps([RECORD_A, RECORD_B], indent=2).encode())
    assert [a.id for a in articles(read(["-"]))] == ["a-1", "b-2"]
    with_stdin(monkeypatch, json.dumps([RECORD_A, RECORD_B]).encode())
    assert [a.id for a in articles(read(["-"]))] == ["a-1", "b-2"]


def test_stdin_plain_text_is_one_article(monkeypatch: pytest.MonkeyPatch) -> None:
    with_stdin(monkeypatch, (TEXT_A + "\n" + TEXT_B + "\n").encode())
    (article,) = read(["-"], published=dt.date(2018, 4, 2))
    assert isinstance(article, Article)
    assert article.id == "stdin" and article.text == TEXT_A + "\n" + TEXT_B
    with_stdin(monkeypatch, TEXT_A.encode())
    (err,) = read(["-"])
    assert isinstance(err, RecordError) and "--published" in err.message


def test_skip_reason_for_texts_that_cannot_give_events() -> None:
    day = dt.date(2018, 4, 2)
    assert skip_reason(Article("ok", TEXT_A, day)) is None
    assert skip_reason(Article("e", "  \n ", day)) == "empty text"
    assert skip_reason(Article("en", "Three people were killed in Idlib.", day)) == (
        "no Arabic text")
    huge = Article("h", TEXT_A * (MAX_TEXT_CHARS // len(TEXT_A) + 1), day)
    reason = skip_reason(huge)
    assert reason is not None and "too long" in reason


def test_count_records(tmp_path: Path) -> None:
    plain = tmp_path / "a.jsonl"
    plain.write_text(jsonl(RECORD_A, "", RECORD_B, "{bad"), encoding="utf-8")
    packed = tmp_path / "b.jsonl.gz"
    packed.write_bytes(gzip.compress(jsonl(RECORD_A, RECORD_B).encode()))
    text = tmp_path / "c.txt"
    text.write_text(TEXT_A, encoding="utf-8")
    assert count_records([str(plain), str(packed), str(text)]) == 6
    assert count_records([str(plain), "-"]) is None
