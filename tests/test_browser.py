"""A real browser (Debian's Chromium, driven by Playwright) over the built HTML book.

Every request outside the book's own server is blocked and reported: each page must render
completely offline (scripts, styles, fonts, images, maths). Each page is also checked for
accessibility: page language, meaningful alt text, heading order, and axe-core's WCAG 2.0/2.1 A and AA
rules (contrast among them) in the light and the dark theme.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from playwright.sync_api import Browser, Page

from sahelreport import paths
from sahelreport.book import sphinxext, toc
from sahelreport.checks.lint import alt_text_problem

from .conftest import copy_project, serve

# axe-core, vendored (tests/vendor/axe-core/PROVENANCE.txt), run on every page for WCAG 2.0 and 2.1, levels A and AA.
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN_JS = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    const rules = [results.passes, results.violations, results.incomplete, results.inapplicable].flat();
    return {version: axe.version, rules: rules.map(rule => rule.id),
            violations: results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                      targets: v.nodes.map(node => node.target.join(' '))}))};
}"""


SETTLE_JS = """(theme) => new Promise(done => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.dataset.mode = theme;
    requestAnimationFrame(() => requestAnimationFrame(done));
})"""


def open_offline(browser: Browser, site: str, url: str, wait: str = "networkidle") -> tuple[Page, list[str]]:
    """Open a page with every request outside `site` blocked; return the page and what went wrong."""
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    problems: list[str] = []

    def route(request_route) -> None:
        if request_route.request.url.startswith(site + "/"):
            request_route.continue_()
        else:
            problems.append(f"network request outside the book: {request_route.request.url}")
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda m: problems.append(f"console error: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} ({r.failure})")
            if r.url.startswith(site) else None)
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    response = page.goto(url, wait_until=wait)
    if response is None or response.status != 200:
        problems.append(f"page status {response.status if response else None}")
    page.evaluate("document.fonts.ready")
    return page, problems


@pytest.mark.parametrize("page_path", toc.pages(paths.project().root))
def test_page_renders_completely_offline(site: str, browser: Browser, page_path: str) -> None:
    page, problems = open_offline(browser, site, f"{site}/{page_path}")
    assert problems == []
    assert page.evaluate("document.fonts.status") == "loaded"
    images = page.eval_on_selector_all("img", "imgs => imgs.map(i => ({src: i.src, ok: i.complete && i.naturalWidth > 0}))")
    assert [i["src"] for i in images if not i["ok"]] == []
    link = page.locator("a.sahel-pdf-link")
    assert link.count() == 1
    pdf = page.request.get(link.evaluate("a => a.href"))
    assert pdf.status == 200 and pdf.body()[:5] == b"%PDF-"
    page.close()


@pytest.mark.parametrize("page_path", toc.pages(paths.project().root))
def test_page_is_accessible(site: str, browser: Browser, page_path: str) -> None:
    page, _ = open_offline(browser, site, f"{site}/{page_path}", wait="load")
    assert page.evaluate("document.documentElement.lang") == "en"
    alts = page.eval_on_selector_all("img", "imgs => imgs.map(i => [i.getAttribute('src'), i.getAttribute('alt') || ''])")
    assert [(src, alt_text_problem(alt)) for src, alt in alts if alt_text_problem(alt)] == []
    # Headings a reader (or a screen reader) meets: the hidden print-only header does not count.
    levels = page.eval_on_selector_all(
        "h1, h2, h3, h4, h5, h6", "hs => hs.filter(h => h.getClientRects().length).map(h => +h.tagName[1])")
    assert levels and levels[0] == 1 and levels.count(1) == 1, levels
    jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert jumps == [], f"heading levels skip: {levels}"
    violations = axe_violations(page, page_path)
    page.close()
    assert violations == [], "axe-core (WCAG 2.0/2.1 A and AA) finds:\n" + "\n".join(violations)


def axe_violations(page: Page, where: str) -> list[str]:
    """axe-core's WCAG A/AA violations of an open page, in the light and the dark theme: 'page (theme): rule (impact):
    what: target selectors'."""
    # The theme animates colour changes: switch transitions off, and run axe after two painted frames.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.add_script_tag(path=str(AXE))
    violations = []
    for theme in ("light", "dark"):  # light is the default
        page.evaluate(SETTLE_JS, theme)
        result = page.evaluate(AXE_RUN_JS, AXE_TAGS)
        assert result["version"] == AXE_VERSION and len(set(result["rules"])) >= 50, result["rules"]
        violations += [f"{where} ({theme} theme): {v['id']} ({v['impact']}): {v['help']}: {', '.join(v['targets'])}"
                       for v in result["violations"]]
    return violations


def test_axe_finds_what_it_should(browser: Browser, tmp_path: Path) -> None:
    """The vendored axe-core is the recorded file, and the run above reports a contrast and an alt-text failure."""
    assert AXE.read_bytes().startswith(f"/*! axe v{AXE_VERSION}".encode())
    assert hashlib.sha256(AXE.read_bytes()).hexdigest() in (AXE.parent / "PROVENANCE.txt").read_text(encoding="utf-8")
    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><title>Bad page</title></head><body><main><h1>Bad page</h1>"
        "<p style='color: #aaa; background: #fff'>Pale grey text.</p><img src='x.png'></main></body></html>",
        encoding="utf-8")
    server, url = serve(tmp_path)
    page, _ = open_offline(browser, url, f"{url}/index.html", wait="load")
    found = {line.split(": ")[1].split(" ")[0] for line in axe_violations(page, "bad page")}
    page.close()
    server.shutdown()
    assert found == {"color-contrast", "image-alt"}


def test_figures_have_alt_text_and_numbers(site: str, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(f"{site}/chapters/border.html")
    captions = page.locator("figcaption").all_inner_texts()
    assert len([c for c in captions if re.match(r"Fig\. \d+", c)]) >= 2, captions
    assert page.locator("figure img[alt]").count() >= 2
    assert page.locator("details.hide.above-input, div.cell.tag_hide-input").count() >= 1  # code folded
    page.close()


# --- maths render offline with the vendored MathJax --------------------------------------------

@pytest.fixture(scope="module")
def maths_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A one-page Sphinx site with the book's MathJax setting and _static folder."""
    config = yaml.safe_load((paths.project().root / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
    source = tmp_path_factory.mktemp("maths")
    (source / "conf.py").write_text(
        f"extensions = ['sphinx.ext.mathjax']\nmathjax_path = {config['mathjax_path']!r}\n"
        f"html_static_path = [{str(paths.project().root / '_static')!r}]\n", encoding="utf-8")
    # \cancel is not in MathJax's main file: its `autoload` fetches the extension from _static/mathjax/.
    (source / "index.rst").write_text("Maths\n=====\n\nInline :math:`x^2 + \\alpha`, :math:`\\cancel{z}`.\n\n"
                                      ".. math:: \\int_0^1 x \\, dx = \\frac{1}{2}\n", encoding="utf-8")
    out = source / "_build"
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(out)], check=True)
    server, url = serve(out)
    yield url
    server.shutdown()


def test_maths_render_offline(maths_site: str, browser: Browser) -> None:
    page, problems = open_offline(browser, maths_site, f"{maths_site}/index.html")
    page.wait_for_selector("mjx-container", timeout=15000)
    assert problems == []
    assert page.locator("mjx-container").count() == 3
    assert page.locator("mjx-merror").count() == 0
    page.close()


# --- data text renders as text, end to end ----------------------------------------------------

MARKUP = "<script>alert(1)</script> **bold** [link](http://evil.example) <img src=x onerror=alert(2)> $x^2$"
BIB_ENTRY = """
@misc{injected2024,
  title = {{Injected <script>alert(3)</script> **bold** [link](http://evil.example)}},
  author = {{Injected Publisher}},
  kind = {press},
  publisher = {Injected Publisher},
  howpublished = {Injected Publisher},
  year = {2024},
  url = {https://example.org/injected},
  urldate = {2026-11-27}
}
"""


def inject(root: Path) -> None:
    """Add an event, a claim and a source whose text is full of HTML and Markdown."""
    for name, edit in (("events.csv", {"title": "<b>Injected</b> | *title*",
                                       "description": MARKUP, "dispute_note": MARKUP}),
                       ("claims.csv", {"id": "C99", "claim": MARKUP, "evidence": MARKUP})):
        path = root / "data" / name
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        extra = {**rows[-1], **edit}
        if name == "events.csv":
            extra.update(id=f"{extra['date'][:4]}-injected", sources="injected2024", confidence="medium")
        with path.open("a", encoding="utf-8", newline="") as handle:
            csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n").writerow(extra)
    with (root / "references.bib").open("a", encoding="utf-8") as handle:
        handle.write(BIB_ENTRY)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The pages that show data text (chronology, claims, bibliography), built from data with markup in it."""
    root = copy_project(tmp_path_factory.mktemp("hostile"))
    inject(root)
    env = {**os.environ, "SAHELREPORT_ROOT": str(root), "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    validate = subprocess.run([sys.executable, "-m", "sahelreport.cli", "validate"], env=env, capture_output=True,
                              text=True)
    assert validate.returncode == 0, validate.stderr
    toc_file = root / "_build" / "toc_file.yml"
    toc_file.parent.mkdir(parents=True, exist_ok=True)
    toc_file.write_text("format: jb-book\nroot: chapters/chronology\nchapters:\n  - file: chapters/two-readings\n"
                   "  - file: chapters/bibliography\n", encoding="utf-8")
    # Warnings are allowed here: links to chapters left out of this small book do not resolve.
    result = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(root), "--toc", str(toc_file),
                             "--builder", "html"], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    server, url = serve(root / "_build" / "html")
    yield url
    server.shutdown()


@pytest.mark.build
@pytest.mark.parametrize(("page_path", "literal"), [
    ("chapters/chronology.html", "<script>alert(1)</script> **bold** [link](http://evil.example)"),
    ("chapters/chronology.html", "<b>Injected</b> | *title*"),
    ("chapters/two-readings.html", "<script>alert(1)</script> **bold** [link](http://evil.example)"),
    ("chapters/bibliography.html", "Injected <script>alert(3)</script> **bold** [link](http://evil.example)"),
])
def test_data_text_renders_as_text(hostile_site: str, browser: Browser, page_path: str, literal: str) -> None:
    page, problems = open_offline(browser, hostile_site, f"{hostile_site}/{page_path}")
    assert [p for p in problems if p.startswith(("dialog", "page error", "network request"))] == []
    assert literal in page.inner_text("main")
    injected = page.evaluate("""() => ({
        links: document.querySelectorAll('a[href*="evil.example"]').length,
        images: [...document.images].filter(i => i.getAttribute('src') === 'x').length,
        scripts: [...document.scripts].filter(s => s.textContent.includes('alert(')).length,
        bold: [...document.querySelectorAll('main strong, main b')]
          .filter(b => /^(bold|Injected)$/.test(b.textContent)).length,
        maths: document.querySelectorAll('main .math, main mjx-container').length,
    })""")
    assert injected == {"links": 0, "images": 0, "scripts": 0, "bold": 0, "maths": 0}
    page.close()


def test_build_refuses_assets_from_the_network(caplog: pytest.LogCaptureFixture) -> None:
    """The Sphinx extension turns a script or stylesheet from another site into a (fatal) build warning."""
    context = {"script_files": [SimpleNamespace(filename="_static/local.js"),
                                SimpleNamespace(filename="https://cdn.example.org/lib.js")],
               "css_files": [SimpleNamespace(filename="//fonts.example.org/font.css")]}
    with caplog.at_level("WARNING"):
        sphinxext._no_network_assets(SimpleNamespace(), "chapters/x", "page.html", context, None)
    assert [r.getMessage() for r in caplog.records] == [
        f"page chapters/x loads {url} from the network; vendor it under _static/ (the book must work offline)"
        for url in ("https://cdn.example.org/lib.js", "//fonts.example.org/font.css")]


def test_vendored_mathjax_is_not_added_to_every_page() -> None:
    page_only = [asset for assets in sphinxext.PAGE_ASSETS.values() for asset in assets]
    config = SimpleNamespace(html_js_files=["mathjax/tex-mml-chtml.js", ("mathjax/input/tex/extensions/cancel.js", {}),
                                            "custom.js", *page_only], html_css_files=["sahel.css", *page_only])
    sphinxext._drop_vendored_scripts(SimpleNamespace(), config)
    assert config.html_js_files == ["custom.js"]
    assert config.html_css_files == ["sahel.css"]
