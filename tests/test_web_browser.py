"""The page in a real browser: Debian's Chromium driven by Playwright, against a uvicorn
server on 127.0.0.1 over a small store (ANT Corpus texts, hand-coded events; see
tests/web_store.py; ANT Corpus, https://antcorpus.github.io).

Needs /usr/bin/chromium (Debian package ``chromium``, plus ``fonts-noto-core`` for Arabic);
skipped without it unless $CI is set, where it fails instead. Saves artifacts/page.png.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from web_store import build_store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
ROW_COUNT = "document.querySelectorAll('#events-table tbody tr[data-event-id]').length"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip("no /usr/bin/chromium (apt-get install chromium fonts-noto-core)",
                allow_module_level=True)

pytestmark = pytest.mark.timeout(180)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from marsad.web.app import create_app

    db = tmp_path_factory.mktemp("browser") / "web.db"
    build_store(db)
    port = free_port()
    config = uvicorn.Config(create_app(str(db), token=""), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def api(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                    headless=True)
        context = browser.new_context(viewport={"width": 1500, "height": 950},
                                      locale="en-US")
        pg = context.new_page()
        pg.on("request", lambda r: requests.append(r.url))
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(server + "/", wait_until="load")
        pg.wait_for_selector('body[data-state="ready"]', timeout=30_000)
        pg.requests = requests  # type: ignore[attr-defined]
        pg.errors = errors  # type: ignore[attr-defined]
        yield pg
        context.close()
        browser.close()


def rows(pg) -> list[dict]:
    return pg.eval_on_selector_all(
        "#events-table tbody tr[data-event-id]",
        "trs => trs.map(tr => ({id: tr.dataset.eventId, date: tr.cells[0].textContent}))",
    )


def test_no_request_leaves_localhost(page, server):
    assert page.requests, "the page made no request at all"
    outside = [u for u in page.requests if not (u.startswith(server + "/")
                                                or u.startswith("data:"))]
    assert outside == []
    assert page.errors == []


def test_boundaries_and_one_point_per_located_event(page, server):
    assert page.locator(".leaflet-countries-pane path").count() > 100
    assert page.locator(".leaflet-admin1-pane path").count() > 100
    assert "Made with Natural Earth" in page.inner_text(".leaflet-control-attribution")
    listed = api(server, "/api/events?limit=1000")["items"]
    located = [c for c in listed if c["latitude"] is not None and c["longitude"] is not None]
    assert 0 < len(located) < len(listed)  # the store has one event without coordinates
    markers = page.locator(".leaflet-events-pane path.event-marker")
    assert markers.count() == len(located)
    drawn = set(page.eval_on_selector_all(
        ".leaflet-events-pane path.event-marker", "ps => ps.map(p => p.dataset.eventId)"))
    assert drawn == {str(c["id"]) for c in located}
    assert len(rows(page)) == len(listed)


def test_timeline_selection_narrows_the_table(page, server):
    everything = rows(page)
    bars = page.eval_on_selector_all(
        "#timeline rect.tl-bar",
        "bs => bs.map(b => { const r = b.getBoundingClientRect();"
        " return {day: b.dataset.day, x: r.x + r.width / 2, y: r.y + r.height / 2}; })",
    )
    assert len(bars) >= 3
    box = page.locator("#timeline").bounding_box()
    first, last = bars[0], bars[len(bars) // 2 - 1]
    y = box["y"] + box["height"] / 2
    page.mouse.move(first["x"], y)
    page.mouse.down()
    page.mouse.move((first["x"] + last["x"]) / 2, y, steps=5)
    page.mouse.move(last["x"], y, steps=5)
    page.mouse.up()
    page.wait_for_function(f"n => {ROW_COUNT} < n", arg=len(everything), timeout=10_000)
    page.wait_for_selector('body[data-events-state="ready"]')
    narrowed = rows(page)
    assert narrowed and len(narrowed) < len(everything)
    assert all(first["day"] <= r["date"] <= last["day"] for r in narrowed)
    expected = api(server, f"/api/events?limit=1000&from={first['day']}&to={last['day']}")
    assert {r["id"] for r in narrowed} == {str(c["id"]) for c in expected["items"]}
    assert page.input_value("#f-from") == first["day"]
    assert page.input_value("#f-to") == last["day"]
    page.click("#timeline-clear")
    page.wait_for_function(f"n => {ROW_COUNT} === n", arg=len(everything), timeout=10_000)


def test_clicking_a_point_shows_the_evidence_highlighted(page, server):
    listed = api(server, "/api/events?limit=1000")["items"]
    douma = next(c for c in listed if c["location"] == "Douma")
    detail = api(server, f"/api/events/{douma['id']}")
    page.locator(f'.leaflet-events-pane path[data-event-id="{douma["id"]}"]').click()
    page.wait_for_selector('body[data-panel-state="ready"]')
    page.wait_for_selector(".article-text mark.evidence", timeout=10_000)
    text_box = page.locator(".article-text")
    assert text_box.get_attribute("dir") == "rtl" and text_box.get_attribute("lang") == "ar"
    first_member = detail["members"][0]["event"]
    evidence = page.locator(".article-text mark.evidence")
    assert "".join(evidence.all_inner_texts()) == first_member["evidence"]
    assert page.inner_text(".article-text mark.field-location") == first_member["location_ar"]
    assert page.locator(".sources li").count() == len(detail["members"]) == 2
    assert page.locator(".claims").count() == 1  # the two outlets give other fatality figures
    selected = page.locator("#events-table tbody tr.selected")
    assert selected.get_attribute("data-event-id") == str(douma["id"])
    # The Arabic labels: the page switches language and direction.
    page.click("#lang-toggle")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.inner_text("#filters h2") == "التصفية"
    page.wait_for_selector(".article-text mark.evidence")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page-ar.png"))
    page.click("#lang-toggle")
    assert page.get_attribute("html", "dir") == "ltr"
    page.wait_for_selector(".article-text mark.evidence")
    page.locator(".article-text").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "page.png"))
    assert (ARTIFACTS / "page.png").stat().st_size > 10_000
