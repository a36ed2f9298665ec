"""Every dashboard page loads in Chromium with the seeds and development articles; filters work."""
from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

from .conftest import LiveServer, Watched


def _query(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_dashboard_overview_draws_timeline_map_graph_and_incidents(page: Watched, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    p = page.page
    assert p.locator("#timeline-svg rect.bar").count() > 0
    assert p.locator("#escalation").count() == 1
    assert p.locator("#map-svg path.country").count() > 100  # the vendored basemap, offline
    assert p.locator("#map-svg circle.incident-dot").count() > 0
    assert p.locator("#graph-svg circle.actor-node").count() > 3
    assert p.locator("tr.incident-row").count() > 5
    page.shot("overview")
    assert page.errors == [] and page.console == []
    # nothing outside the server was requested (as seen by the browser, whatever the origin)
    assert page.requests and all(u.startswith(live_server.url + "/") or u.startswith("data:")
                                 for u in page.requests), page.requests
    assert any(u.endswith("/static/vendor/world-atlas-countries-110m.json") for u in page.requests)
    assert any("/api/places" in u for u in page.requests)  # the map counts every incident server-side


def test_dashboard_brushing_the_timeline_filters_every_view(page: Watched, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    p = page.page
    before = int(p.locator("#incident-total").inner_text().split()[0])
    box = p.locator("#timeline-svg").bounding_box()
    assert box is not None
    # the last tenth of the range holds the 2019-2024 incidents
    y = box["y"] + box["height"] / 2
    p.mouse.move(box["x"] + box["width"] * 0.60, y)
    p.mouse.down()
    p.mouse.move(box["x"] + box["width"] * 0.99, y, steps=5)
    p.mouse.up()
    p.wait_for_selector("body[data-ready='1']")
    q = _query(p)
    assert "since" in q and "until" in q
    assert q["since"][0] < q["until"][0]
    after = int(p.locator("#incident-total").inner_text().split()[0])
    assert 0 < after < before
    for row in p.locator("tr.incident-row td:first-child").all_inner_texts()[:20]:
        assert row == "undated" or row[:4] >= q["since"][0][:4]
    assert p.locator("#f-since").input_value() == q["since"][0]
    page.shot("overview-brushed")


def test_dashboard_filters_live_in_the_url_and_survive_reload(page: Watched, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/events")
    p = page.page
    total = int(p.locator("#event-total").inner_text().split()[0])
    p.fill("#f-actor", "irn")
    p.select_option("#f-type", "THREATEN")
    p.click("#f-apply")
    p.wait_for_selector("body[data-ready='1']")
    assert _query(p) == {"actor": ["irn"], "type": ["THREATEN"]}
    filtered = int(p.locator("#event-total").inner_text().split()[0])
    assert 0 < filtered < total
    p.reload()
    p.wait_for_selector("body[data-ready='1']")
    assert int(p.locator("#event-total").inner_text().split()[0]) == filtered
    assert p.locator("#f-type").input_value() == "THREATEN"
    types = p.locator("tr.event-row td:nth-child(2)").all_inner_texts()
    assert types and all(t.startswith("THREATEN") for t in types)
    page.shot("events-filtered")


def test_dashboard_free_text_filter_follows_the_word_rules(page: Watched, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/events")
    p = page.page
    total = int(p.locator("#event-total").inner_text().split()[0])
    p.fill("#f-q", "ROCKETS")
    p.click("#f-apply")
    p.wait_for_selector("body[data-ready='1']")
    assert _query(p) == {"q": ["ROCKETS"]}
    found = int(p.locator("#event-total").inner_text().split()[0])
    assert 0 < found < total
    # every row shows the word (here always in its evidence sentence)
    rows = p.locator("tr.event-row").all_inner_texts()
    assert rows and all("rockets" in r.lower() for r in rows)
    # the same q filters the overview's incidents by the same word rules
    page.goto(live_server.url + "/?q=ROCKETS")
    some = int(p.locator("#incident-total").inner_text().split()[0])
    page.goto(live_server.url + "/?q=rocke")  # a bare substring is no word
    assert int(p.locator("#incident-total").inner_text().split()[0]) == 0 < some
    page.goto(live_server.url + "/?q=rocke*")
    assert int(p.locator("#incident-total").inner_text().split()[0]) >= some


def test_dashboard_event_row_shows_evidence_in_context_with_outlet(page: Watched, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/events?type=ASSAULT")
    p = page.page
    row = p.locator("tr.event-row").first
    evidence = row.locator("td.evidence").inner_text()
    row.locator("td.evidence").click()
    ctx = p.locator("tr.context-row:not([hidden]) .context")
    ctx.wait_for()
    assert p.locator("tr.context-row:not([hidden]) mark.evidence-mark").inner_text() == evidence
    assert len(ctx.inner_text()) >= len(evidence)
    outlet = row.locator("td:last-child a").first
    assert outlet.get_attribute("href", timeout=2000) is None or outlet.get_attribute("href").startswith("http")
    page.shot("event-context")


def test_dashboard_clicking_an_actor_opens_its_profile(page: Watched, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    p = page.page
    node = p.locator("#graph-svg circle.actor-node[data-id='irn']")
    node.dispatch_event("click")
    p.wait_for_url("**/actors/irn")
    p.wait_for_selector("body[data-ready='1']")
    assert "Iran" in p.locator("#actor-name").inner_text()
    assert p.locator("#relations tr").count() > 1
    assert "aliases:" in p.locator("#aliases").inner_text()
    page.shot("actor-profile")


def test_dashboard_incident_page_shows_the_claims_ledger(page: Watched, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/?type=ASSAULT")
    p = page.page
    p.locator("tr.incident-row").first.click()
    p.wait_for_url("**/incidents/**")
    p.wait_for_selector("body[data-ready='1']")
    assert p.locator("#ledger tr.ledger-row").count() >= 1
    assert p.locator("#contradictions").count() == 1
    assert "ASSAULT" in p.locator("#incident h2").inner_text()
    page.shot("incident-ledger")


def test_dashboard_paste_page_extracts_live_and_highlights(page: Watched, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/paste")
    p = page.page
    p.fill("#paste-text", "Kataib Hezbollah fired rockets at the US embassy in Baghdad on Monday, police said.")
    p.wait_for_selector("#paste-highlighted mark.m-actor", timeout=20000)
    assert "Kataib Hezbollah" in p.locator("#paste-highlighted mark.m-actor").all_inner_texts()
    assert p.locator("#paste-events tr.paste-event").count() >= 1
    assert "ASSAULT" in p.locator("#paste-events").inner_text()
    page.shot("paste")


def test_dashboard_forecast_and_whatif_panels_answer(page: Watched, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/forecast")
    p = page.page
    p.wait_for_selector("#forecast-result td.p7", timeout=20000)
    p7 = float(p.locator("#forecast-result td.p7").inner_text().rstrip("%"))
    assert 0 <= p7 <= 100
    p.click("#wi-run")
    p.wait_for_selector("#whatif-table", timeout=30000)
    assert p.locator("#whatif-table tr").count() == 5  # header + 4 scenarios
    assert p.locator("#whatif-svg polyline").count() == 4
    page.shot("forecast")
