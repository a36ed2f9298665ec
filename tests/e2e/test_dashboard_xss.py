"""Articles carrying <script>, onerror= and javascript: payloads are shown as text, never run."""
from __future__ import annotations

from .conftest import LiveServer, Watched


def _no_execution(page: Watched, live: LiveServer) -> None:
    assert page.dialogs == [], page.dialogs
    assert "/xss-beacon" not in live.hits
    assert page.page.evaluate("document.querySelectorAll('main script, main img, main iframe').length") == 0


def test_dashboard_xss_event_table_shows_payloads_as_text(page: Watched, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/events?q=xss-beacon")
    p = page.page
    rows = p.locator("tr.event-row")
    assert rows.count() >= 1
    assert "<img src=/xss-beacon" in p.locator("#event-table").inner_text()
    rows.first.locator("td.evidence").click()
    p.locator("tr.context-row:not([hidden]) .context").wait_for()
    # the javascript: URL never becomes a link; the outlet payload is plain text
    hrefs = p.evaluate("Array.from(document.querySelectorAll('main a')).map(a => a.getAttribute('href') || '')")
    assert not any(h.lower().startswith("javascript") for h in hrefs)
    p.wait_for_timeout(300)
    _no_execution(page, live_server)
    page.shot("xss-events")


def test_dashboard_xss_incident_and_overview_pages_stay_inert(page: Watched, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/?q=xss-beacon")
    p = page.page
    assert p.locator("tr.incident-row").count() >= 1
    p.locator("tr.incident-row").first.click()
    p.wait_for_url("**/incidents/**")
    p.wait_for_selector("body[data-ready='1']")
    assert "xss-beacon" in p.locator("#ledger").inner_text()
    p.wait_for_timeout(300)
    _no_execution(page, live_server)
    page.shot("xss-incident")


def test_dashboard_xss_pasted_article_is_escaped(page: Watched, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/paste")
    p = page.page
    p.fill("#paste-text", "Iran's Quds Force <script>alert('paste')</script> directed Kataib Hezbollah "
           "<img src=/xss-beacon onerror=alert('paste-img')> to attack US troops in Iraq on May 2, 2021.")
    p.click("#paste-run")
    p.wait_for_selector("#paste-highlighted mark", timeout=20000)
    assert "<script>alert('paste')</script>" in p.locator("#paste-highlighted").inner_text()
    p.wait_for_timeout(300)
    _no_execution(page, live_server)
    page.shot("xss-paste")


def test_dashboard_csp_blocks_an_injected_inline_script(page: Watched, live_server: LiveServer) -> None:
    """Belt and braces: even markup that reached the DOM could not run inline code under the CSP."""
    page.goto(live_server.url + "/")
    p = page.page
    p.evaluate("""() => { const d = document.createElement('div');
        d.innerHTML = '<img src=x onerror="alert(1)">'; document.body.appendChild(d);
        const s = document.createElement('script'); s.textContent = 'alert(2)'; document.body.appendChild(s); }""")
    p.wait_for_timeout(300)
    assert page.dialogs == []
