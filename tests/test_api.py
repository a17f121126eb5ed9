"""The HTTP API (marsad.web.app) through FastAPI's test client.

Store: real ANT Corpus texts with hand-coded events (see tests/web_store.py; ANT Corpus,
https://antcorpus.github.io).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil

import pytest
from fastapi.testclient import TestClient
from web_store import build_store

from marsad.store import open_store
from marsad.web.app import MAX_BODY_BYTES, create_app

TOKEN = "test-token-7f3a"
N_CLUSTERS = 6  # 7 hand-coded events; the two Douma reports form one cluster


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "web.db"
    articles = build_store(path)
    return path, articles


@pytest.fixture(scope="module")
def client(built):
    path, _ = built
    with TestClient(create_app(str(path), token="")) as c:
        yield c


@pytest.fixture
def fresh_db(built, tmp_path):
    """A writable copy of the built store."""
    path, _ = built
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    return copy


def clusters(client, **params):
    response = client.get("/api/events", params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def counts(path):
    with open_store(str(path)) as store:
        return store.counts()


# -- GET /api/events ----------------------------------------------------------------------


def test_events_lists_every_cluster_with_its_fields(client):
    page = client.get("/api/events").json()
    assert page["total"] == N_CLUSTERS
    assert len(page["items"]) == N_CLUSTERS
    douma = next(c for c in page["items"] if c["location"] == "Douma")
    assert douma["n_articles"] == 2 and len(douma["outlets"]) == 2
    assert douma["fatalities"] == 40  # the lower figure of the two sources
    assert "fatalities" in douma["disputed"]
    assert douma["country"] == "Syria" and douma["event_type"] == "Explosions/Remote violence"
    days = [c["event_date"] for c in page["items"]]
    assert days == sorted(days, reverse=True)


def test_events_show_the_store_records_unchanged(client, built):
    path, _ = built
    def same_time(d):  # the API writes UTC as "Z", to_dict() as "+00:00"
        return {**d, "updated_at": dt.datetime.fromisoformat(d["updated_at"])}

    with open_store(str(path)) as store:
        expected = [same_time(c.to_dict()) for c in store.list_clusters(None, limit=100).items]
    assert [same_time(c) for c in client.get("/api/events").json()["items"]] == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "Yemen"}, {"Sanaa", "Al Hudaydah"}),
        ({"country": "yemen"}, {"Sanaa", "Al Hudaydah"}),
        ({"admin1": "Rif Dimashq"}, {"Douma"}),
        ({"event_type": "Battles"}, {"Al Hudaydah", "Tripoli"}),
        ({"sub_event_type": "Air/drone strike"}, {"Douma", "Sanaa"}),
        ({"actor": "houthi"}, {"Al Hudaydah"}),
        ({"actor": "Military Forces of Syria"}, {"Douma", "Dar'a"}),
        ({"country": "Syria", "event_type": "Explosions/Remote violence"}, {"Douma", "Dar'a"}),
        ({"bbox": "35,32,42.5,37.5"}, {"Douma", "Dar'a"}),
        ({"bbox": "42,12,46,16"}, {"Sanaa", "Al Hudaydah"}),
        ({"country": "Narnia"}, set()),
    ],
)
def test_event_filters(client, params, expected):
    assert {c["location"] for c in clusters(client, **params)} == expected


def test_date_filters_include_both_ends(client):
    every = clusters(client)
    days = sorted({c["event_date"] for c in every})
    first, last = days[0], days[-1]
    assert len(clusters(client, **{"from": first, "to": last})) == N_CLUSTERS
    only_first = clusters(client, **{"from": first, "to": first})
    assert only_first and all(c["event_date"] == first for c in only_first)
    after_first = clusters(client, **{"from": days[1]})
    assert len(after_first) == N_CLUSTERS - len(only_first)
    assert all(c["event_date"] >= days[1] for c in after_first)


def test_full_text_filter_finds_the_articles_that_contain_the_word(client, built):
    _, articles = built
    word = "صنعاء"
    found = clusters(client, q=word)
    assert "Sanaa" in {c["location"] for c in found}
    for cluster in found:
        detail = client.get(f"/api/events/{cluster['id']}").json()
        texts = [client.get(f"/api/articles/{m['article']['id']}").json()["text"]
                 for m in detail["members"]]
        assert any(word in t for t in texts)
    assert clusters(client, q="كلمةلاوجودلها") == []


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2018-05-02", "to": "2018-05-01"},
        {"bbox": "40,10,30,20"},
        {"q": "!!! ..."},
    ],
)
def test_empty_ranges_and_wordless_queries_match_nothing(client, params):
    page = client.get("/api/events", params=params)
    assert page.status_code == 200 and page.json()["total"] == 0
    stats = client.get("/api/stats", params=params).json()
    assert stats["clusters"] == 0 and stats["counts"]["clusters"] == N_CLUSTERS


def test_bbox_beyond_the_globe_is_clamped(client):
    assert len(clusters(client, bbox="-999,-99,999,99")) == N_CLUSTERS - 1  # all located


def test_paging_covers_every_cluster_once(client):
    seen = []
    for offset in range(0, N_CLUSTERS + 2, 2):
        page = client.get("/api/events", params={"limit": 2, "offset": offset}).json()
        assert page["total"] == N_CLUSTERS and page["limit"] == 2 and page["offset"] == offset
        seen += [c["id"] for c in page["items"]]
    assert len(seen) == len(set(seen)) == N_CLUSTERS


@pytest.mark.parametrize(
    "params",
    [
        {"bbox": "1,2,3"},
        {"bbox": "a,b,c,d"},
        {"bbox": "1,2,3,4,5"},
        {"bbox": "1e3,2,3,4"},
        {"from": "yesterday"},
        {"limit": 0},
        {"limit": 100000},
        {"offset": -1},
        {"order": "random"},
        {"country": "Syria\x00"},
    ],
)
def test_bad_filters_are_422_naming_the_parameter(client, params):
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail and all("msg" in d and "loc" in d for d in detail)


# -- GET /api/events/{id} -----------------------------------------------------------------


def test_event_detail_has_sources_evidence_and_claims(client, built):
    _, articles = built
    douma = next(c for c in clusters(client) if c["location"] == "Douma")
    detail = client.get(f"/api/events/{douma['id']}").json()
    assert detail["id"] == douma["id"]
    members = detail["members"]
    assert {m["article"]["id"] for m in members} == {
        articles["douma"].id, articles["douma_other"].id}
    for member in members:
        text = client.get(f"/api/articles/{member['article']['id']}").json()["text"]
        span = member["event"]["evidence_span"]
        assert text[span["start"]:span["end"]] == span["text"] == member["event"]["evidence"]
        assert "دوما" in span["text"]
    fatality_claims = {c["value"]: c for c in detail["claims"] if c["field"] == "fatalities"}
    assert set(fatality_claims) == {40, 42}
    by_outlet = {s["outlet"] for c in fatality_claims.values() for s in c["sources"]}
    assert by_outlet == set(douma["outlets"])


def test_unknown_event_is_404(client):
    response = client.get("/api/events/987654321")
    assert response.status_code == 404
    assert "987654321" in response.json()["detail"]
    assert client.get("/api/events/not-a-number").status_code == 422


# -- GET /api/articles/{id} ---------------------------------------------------------------


def test_article_has_text_and_event_spans(client, built):
    _, articles = built
    article = articles["Sanaa"]
    body = client.get(f"/api/articles/{article.id}").json()
    assert body["id"] == article.id and body["text"] == article.text
    assert body["outlet"] == article.outlet
    assert len(body["events"]) == 1
    event = body["events"][0]
    for span in [event["evidence_span"], *event["spans"].values()]:
        assert body["text"][span["start"]:span["end"]] == span["text"]
    assert body["cluster_of"][event["event_id"]] in {c["id"] for c in clusters(client)}


def test_unknown_article_is_404(client):
    response = client.get("/api/articles/no-such-article")
    assert response.status_code == 404
    assert response.json()["detail"]


# -- GET /api/stats -----------------------------------------------------------------------


def test_stats_count_by_day_type_country_and_actor(client, built):
    _, articles = built
    stats = client.get("/api/stats").json()
    assert stats["counts"]["articles"] == len(articles)
    assert stats["counts"]["clusters"] == stats["clusters"] == N_CLUSTERS
    assert sum(n for _, n in stats["by_day"]) == N_CLUSTERS
    assert [d for d, _ in stats["by_day"]] == sorted(d for d, _ in stats["by_day"])
    assert dict(stats["by_country"]) == {"Syria": 2, "Yemen": 2, "Palestine": 1, "Libya": 1}
    assert dict(stats["by_type"])["Battles"] == 2
    assert dict(stats["by_actor"])["Military Forces of Syria"] == 2


def test_stats_follow_the_filters(client):
    stats = client.get("/api/stats", params={"country": "Yemen"}).json()
    assert stats["clusters"] == 2
    assert dict(stats["by_country"]) == {"Yemen": 2}
    assert stats["counts"]["clusters"] == N_CLUSTERS  # the whole store, unfiltered


# -- GET /api/export ----------------------------------------------------------------------


def test_export_acled_csv_with_filters(client):
    response = client.get("/api/export", params={"format": "acled-csv", "country": "Yemen"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 2 and {r["country"] for r in rows} == {"Yemen"}
    assert list(rows[0])[:3] == ["event_id_cnty", "event_date", "year"]


def test_export_geojson_has_every_event_and_its_point(client):
    response = client.get("/api/export", params={"format": "geojson"})
    assert response.status_code == 200
    doc = response.json()
    assert doc["type"] == "FeatureCollection"
    assert len(doc["features"]) == N_CLUSTERS
    points = [f["geometry"]["coordinates"] for f in doc["features"] if f["geometry"]]
    located = [c for c in clusters(client) if c["latitude"] is not None]
    assert sorted(points) == sorted([c["longitude"], c["latitude"]] for c in located)


def test_export_jsonl_one_record_per_line(client):
    response = client.get("/api/export", params={"format": "jsonl", "event_type": "Battles"})
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.text.splitlines() if line.strip()]
    assert len(lines) == 2


def test_export_rejects_unknown_format(client):
    assert client.get("/api/export", params={"format": "xlsx"}).status_code == 422


# -- POST /api/articles: token rules, size limit, malformed bodies ---------------------------


def new_article(text: str | None = None, article_id: str = "api-new-1") -> dict:
    return {
        "id": article_id,
        "published": "2018-04-20",
        "outlet": "Test outlet",
        "title": "غارة جوية",
        "text": text or "قتل خمسة مدنيين وأصيب عشرة آخرون في غارة جوية شنها طيران التحالف "
                        "على حي سكني في مدينة صعدة شمالي اليمن يوم الجمعة.",
    }


def test_writing_is_off_without_a_configured_token(fresh_db, monkeypatch):
    monkeypatch.delenv("MARSAD_TOKEN", raising=False)
    before = counts(fresh_db)
    with TestClient(create_app(str(fresh_db))) as c:
        for headers in ({}, {"Authorization": "Bearer anything"}):
            response = c.post("/api/articles", json=new_article(), headers=headers)
            assert response.status_code == 403
            assert "MARSAD_TOKEN" in response.json()["detail"]
    assert counts(fresh_db) == before


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"},
     {"Authorization": TOKEN}],
)
def test_missing_or_wrong_token_is_401(fresh_db, headers):
    before = counts(fresh_db)
    with TestClient(create_app(str(fresh_db), token=TOKEN)) as c:
        response = c.post("/api/articles", json=new_article(), headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert counts(fresh_db) == before


def test_token_from_the_environment(fresh_db, monkeypatch):
    monkeypatch.setenv("MARSAD_TOKEN", TOKEN)
    with TestClient(create_app(str(fresh_db))) as c:
        response = c.post("/api/articles", json={"id": "x"},
                          headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401


def test_right_token_codes_and_stores_the_article(fresh_db):
    before = counts(fresh_db)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(str(fresh_db), token=TOKEN)) as c:
        response = c.post("/api/articles", json=new_article(), headers=auth)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["status"] == "added" and body["stored_id"] == "api-new-1"
        stored = c.get("/api/articles/api-new-1").json()
        assert stored["text"] == new_article()["text"]
        assert [e["event_id"] for e in stored["events"]] == [
            e["event_id"] for e in body["events"]]
        for event in body["events"]:
            assert event["article_id"] == "api-new-1"
            span = event["evidence_span"]
            assert stored["text"][span["start"]:span["end"]] == span["text"]
        again = c.post("/api/articles", json=new_article(), headers=auth)
        assert again.status_code == 200 and again.json()["status"] == "exists"
    after = counts(fresh_db)
    assert after.articles == before.articles + 1
    assert after.events == before.events + len(body["events"])


def test_body_over_1_mb_is_413_by_content_length(fresh_db):
    before = counts(fresh_db)
    big = new_article(text="قصف " * (MAX_BODY_BYTES // 4))
    payload = json.dumps(big, ensure_ascii=False).encode()
    assert len(payload) > MAX_BODY_BYTES
    with TestClient(create_app(str(fresh_db), token=TOKEN)) as c:
        response = c.post("/api/articles", content=payload, headers={
            "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert response.status_code == 413
    assert "bytes" in response.json()["detail"]
    assert counts(fresh_db) == before


def test_body_over_1_mb_is_413_when_streamed_without_length(fresh_db):
    before = counts(fresh_db)
    chunk = b" " * 65536

    def body():
        yield b'{"id": "streamed", "text": "'
        for _ in range(MAX_BODY_BYTES // len(chunk) + 2):
            yield chunk
        yield b'"}'

    with TestClient(create_app(str(fresh_db), token=TOKEN)) as c:
        response = c.post("/api/articles", content=body(), headers={
            "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert response.status_code == 413
    assert counts(fresh_db) == before


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        (b'{"id": "a", "text": ', "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'[{"id": "a", "text": "\xd9\x86\xd8\xb5"}]', "JSON object"),
        (b'{"id": "a"}', "text"),
        (b'{"text": "\xd9\x86\xd8\xb5"}', "id"),
        (b'{"id": "", "text": "\xd9\x86\xd8\xb5"}', "id"),
        (b'{"id": "a\\u0000b", "text": "\xd9\x86\xd8\xb5"}', "id"),
        (b'{"id": "a", "text": "\\ud800"}', "unicode"),
        (b'{"id": "a", "text": 42}', "text"),
        (b'{"id": "a", "published": "last week", "text": "\xd9\x86\xd8\xb5"}', "published"),
        (b'{"id": "a", "text": "only latin letters here"}', "Arabic"),
    ],
)
def test_malformed_bodies_are_422_and_never_stored(fresh_db, payload, needle):
    before = counts(fresh_db)
    with TestClient(create_app(str(fresh_db), token=TOKEN)) as c:
        response = c.post("/api/articles", content=payload, headers={
            "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert needle.lower() in json.dumps(detail, ensure_ascii=False).lower()
    assert counts(fresh_db) == before


def test_token_is_checked_before_the_body_is_read(fresh_db):
    with TestClient(create_app(str(fresh_db), token=TOKEN)) as c:
        response = c.post("/api/articles", content=b"not json at all")
    assert response.status_code == 401


# -- the page and the schema --------------------------------------------------------------


def test_page_and_its_files_are_served_locally(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "default-src 'self'" in page.headers["content-security-policy"]
    for path in ("/static/js/main.js", "/static/css/style.css",
                 "/vendor/leaflet/leaflet-src.esm.js", "/vendor/leaflet/leaflet.css"):
        assert client.get(path).status_code == 200, path
    for name in ("countries", "admin1"):
        doc = client.get(f"/static/geo/{name}.geojson").json()
        assert doc["type"] == "FeatureCollection" and len(doc["features"]) > 30
        assert "Natural Earth" in doc["attribution"]
    assert "http://" not in page.text.replace("http://www.w3.org", "")
    assert "https://" not in page.text


def test_openapi_documents_the_error_responses(client):
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    assert set(paths) >= {"/api/events", "/api/events/{cluster_id}",
                          "/api/articles/{article_id}", "/api/stats", "/api/export",
                          "/api/articles"}
    assert {"401", "403", "413", "422"} <= set(paths["/api/articles"]["post"]["responses"])
    assert "404" in paths["/api/events/{cluster_id}"]["get"]["responses"]
    assert "404" in paths["/api/articles/{article_id}"]["get"]["responses"]
    params = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert params >= {"from", "to", "country", "admin1", "event_type", "sub_event_type",
                      "actor", "q", "bbox", "limit", "offset"}
