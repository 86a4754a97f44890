"""A real browser (Debian's Chromium, driven by Playwright) over the built HTML book."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, sync_playwright

from sahelreport import paths

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


def toc_pages() -> list[str]:
    """Every page of _toc.yml, as a path in the HTML output."""
    toc = yaml.safe_load((paths.ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part["chapters"]:
            pages.append(chapter["file"])
            pages += [s["file"] for s in chapter.get("sections", [])]
    return [Path(p).with_suffix(".html").as_posix() for p in pages]


@pytest.fixture(scope="module")
def site(built_book: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(built_book))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.mark.parametrize("page_path", toc_pages())
def test_page_loads_cleanly(site: str, browser: Browser, page_path: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    response = page.goto(f"{site}/{page_path}", wait_until="networkidle")
    assert response is not None and response.status == 200
    assert errors == []
    images = page.eval_on_selector_all(
        "main img", "imgs => imgs.map(i => ({src: i.src, ok: i.complete && i.naturalWidth > 0, alt: i.alt}))"
    )
    assert [i["src"] for i in images if not i["ok"]] == []
    assert [i["src"] for i in images if len(i["alt"].strip()) < 15] == []
    link = page.locator("a.sahel-pdf-link")
    assert link.count() == 1
    pdf = page.request.get(link.get_attribute("href") and link.evaluate("a => a.href"))
    assert pdf.status == 200 and pdf.body()[:5] == b"%PDF-"
    page.close()


def test_figures_have_alt_text_and_numbers(site: str, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(f"{site}/chapters/border.html")
    captions = page.locator("figcaption").all_inner_texts()
    assert len([c for c in captions if re.match(r"Fig\. \d+", c)]) >= 2, captions
    assert page.locator("figure img[alt]").count() >= 2
    assert page.locator("details.hide.above-input, div.cell.tag_hide-input").count() >= 1  # code folded
    page.close()
