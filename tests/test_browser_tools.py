"""The HTML book as a research tool, in the real browser (Chromium, every outside request blocked): the
chronology's filter and anchors, the interactive map, the citation blocks and the edition changelog.

Serves the session's built book (`built_book`) with the shared `site` and `browser` fixtures: no build of its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sahelreport import paths
from sahelreport.book import changes, citation, webmap
from sahelreport.data.load import dataset

from .test_browser import open_offline

EVENT_ROWS = "tr:has(span.sahel-event)"
VISIBLE_ROWS = f"() => [...document.querySelectorAll('{EVENT_ROWS}')].filter(r => r.getClientRects().length).length"


def test_chronology_filter_changes_the_rows_shown_and_the_address(site: str, browser: Browser) -> None:
    events = dataset().events
    page, problems = open_offline(browser, site, f"{site}/chapters/chronology.html")
    assert page.evaluate(VISIBLE_ROWS) == len(events)
    page.select_option("#sahel-f-type", "military")
    page.fill("#sahel-f-from", "2020")
    expected = int(((events["type"] == "military") & (events["date"].dt.year >= 2020)).sum())
    assert 0 < expected < len(events)
    assert page.evaluate(VISIBLE_ROWS) == expected
    assert page.inner_text(".sahel-status") == f"Showing {expected} of {len(events)} events."
    assert "type=military" in page.url and "from=2020" in page.url
    shared = page.url
    page.close()
    page, more = open_offline(browser, site, shared)  # the filtered view, shared by its address
    assert page.evaluate(VISIBLE_ROWS) == expected
    page.fill("#sahel-f-q", "zzzz-no-such-word")
    assert page.evaluate(VISIBLE_ROWS) == 0 and page.locator(".sahel-empty:visible").count() >= 1
    page.close()
    assert problems + more == []


def test_event_anchor_scrolls_to_its_row_and_cites_it(site: str, browser: Browser) -> None:
    event_id = str(dataset().events.sort_values(["date", "id"])["id"].iloc[-20])
    anchor = citation.event_anchor(event_id)
    page, problems = open_offline(browser, site, f"{site}/chapters/chronology.html#{anchor}")
    box = page.evaluate(f"""() => {{ const r = document.getElementById('{anchor}').closest('tr').getBoundingClientRect();
                                     return {{top: r.top, bottom: r.bottom, height: innerHeight, y: scrollY}}; }}""")
    assert box["y"] > 0 and 0 <= box["top"] < box["height"], box
    cite = page.locator(f"tr:has(#{anchor}) .sahel-cite").inner_text()
    assert cite == "Cite this event: " + citation.event_citation(citation.read_citation(), event_id).replace(
        citation.CHRONOLOGY_PAGE, f"{site}/{citation.CHRONOLOGY_PAGE}")
    page.close()
    assert problems == []


def test_chronology_without_javascript_is_the_whole_table(site: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/chapters/chronology.html?type=military")
    assert page.evaluate(VISIBLE_ROWS) == len(dataset().events)
    assert page.locator(".sahel-filter").count() == 0
    context.close()


@pytest.mark.parametrize(("query", "chosen"), [
    ("", lambda e: e["year"] > 0),
    ("?type=military&from=2012", lambda e: (e["type"] == "military") & (e["year"] >= 2012)),
])
def test_map_shows_a_marker_per_located_event(site: str, browser: Browser, query: str, chosen) -> None:
    located = webmap.located_events(dataset())
    expected = int(chosen(located).sum())
    page, problems = open_offline(browser, site, f"{site}/chapters/map.html{query}")
    page.wait_for_function("document.getElementById('sahel-map').dataset.shown !== undefined")
    assert problems == []  # no console error, nothing from outside the book
    assert page.locator("path.sahel-event-marker").count() == expected
    assert page.locator("path.sahel-place").count() == len(dataset().places)
    assert page.locator("#sahel-map .leaflet-tile").count() == 0  # no tile server
    assert "do not imply endorsement" in page.inner_text("main")
    page.locator("path.sahel-event-marker").first.dispatch_event("click")
    link = page.locator(".leaflet-popup a", has_text="This event in the chronology")
    assert link.get_attribute("href").startswith("chronology.html#event-")
    page.close()


def test_citation_blocks_match_citation_cff(site: str, browser: Browser) -> None:
    report = citation.read_citation()
    page, problems = open_offline(browser, site, f"{site}/index.html")
    blocks = page.locator("#cite-this-report pre").all_inner_texts()
    assert [b.rstrip("\n") for b in blocks] == [citation.bibtex(report).rstrip("\n"), citation.ris(report).rstrip("\n")]
    text = " ".join(page.inner_text("#cite-this-report").split())
    assert citation.reference(report) in text
    page.close()
    assert problems == []


def test_changes_page_lists_the_added_events(site: str, browser: Browser) -> None:
    root = paths.project().root
    editions = changes.read_editions()
    try:
        found = changes.compare(changes.edition_files(root, editions[-2]), changes.working_files(root))
    except changes.HistoryUnavailable:
        pytest.skip("no git history in this copy: the page's note is tested in tests/test_changes.py")
    page, problems = open_offline(browser, site, f"{site}/chapters/changes.html")
    added = page.locator("#events-added tbody tr td:first-child").all_inner_texts()
    assert added == [e["id"] for e in found.events_added]
    changed = set(page.locator("#events-changed tbody tr td:first-child").all_inner_texts())
    assert changed == set(found.events_changed)
    page.close()
    assert problems == []


def test_page_assets_load_on_their_pages_only(built_book: Path) -> None:
    """Leaflet, the map data and the tools' scripts are on the pages that use them, not on every page."""
    from sahelreport.book.sphinxext import PAGE_ASSETS

    for html in built_book.glob("**/*.html"):
        page = html.relative_to(built_book).with_suffix("").as_posix()
        page = page.removeprefix("fr/")  # the French edition's page of the same name loads the same assets
        text = html.read_text(encoding="utf-8")
        wanted = set(PAGE_ASSETS.get(page, ()))
        every = {asset for assets in PAGE_ASSETS.values() for asset in assets}
        assert {a for a in every if f"_static/{a}?" in text} == wanted, page


def test_the_french_tools_speak_french(site: str, browser: Browser) -> None:
    """The French chronology's and map's controls, status lines and legend come from the texts table in French."""
    from sahelreport.book.tool_texts import tool_texts

    english, french = tool_texts("en"), tool_texts("fr")
    events = dataset().events
    page, problems = open_offline(browser, site, f"{site}/fr/chapters/chronology.html")
    tools = page.inner_text("#sahel-chronology-tools")
    assert french["texts"]["from-year"] in tools and french["texts"]["show-all"] in tools
    assert english["texts"]["from-year"] not in tools and english["texts"]["show-all"] not in tools
    assert page.locator("#sahel-f-type option[value=military]").inner_text() == french["types"]["military"]
    page.select_option("#sahel-f-type", "military")
    expected = int((events["type"] == "military").sum())
    assert page.inner_text(".sahel-status") == french["texts"]["status-filtered"].format(shown=expected,
                                                                                         total=len(events))
    page.close()
    page, more = open_offline(browser, site, f"{site}/fr/chapters/map.html")
    page.wait_for_function("document.getElementById('sahel-map').dataset.shown !== undefined")
    legend = page.inner_text(".sahel-map-legend")
    assert french["texts"]["legend-place"] in legend and english["texts"]["legend-place"] not in legend
    located = page.locator("path.sahel-event-marker").count()
    assert page.inner_text("#sahel-map-tools .sahel-status") == french["texts"]["map-status"].format(
        shown=located, total=located)
    page.close()
    assert problems + more == []
