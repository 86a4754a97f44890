"""Links of the built HTML book: internal ones must resolve (tested), external ones are listed
with their HTTP status by `make linkcheck` (needs internet; not part of the test suite)."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from sahelreport import paths
from sahelreport.checks.html_scan import attribute, parse_file, source_line
from sahelreport.checks.urls import is_book_file, is_remote, linked_file

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) sahelreport-linkcheck"


@dataclass(frozen=True)
class Link:
    """A link found in a page: where (page, line) and to what."""

    page: str
    line: int
    url: str


def _links(soup: BeautifulSoup, page: str) -> list[Link]:
    found = ((e, attribute(e, LINK_ATTRIBUTES[e.name])) for e in soup.find_all(list(LINK_ATTRIBUTES)))
    return [Link(page, source_line(e), url) for e, url in found if url.strip()]


def pages(html_root: Path) -> list[Path]:
    """The book's HTML pages, of every language edition (not the theme's template fragments copied into _static/)."""
    return sorted(p for p in html_root.rglob("*.html") if "_static" not in p.relative_to(html_root).parts)


class _Anchors:
    """The ids (and <a name>s) of each HTML page, parsed once."""

    def __init__(self) -> None:
        self._cache: dict[Path, set[str]] = {}

    def of(self, page: Path) -> set[str]:
        if page not in self._cache:
            soup = parse_file(page)
            self._cache[page] = {attribute(e, "id") for e in soup.find_all(id=True)} | {
                attribute(e, "name") for e in soup.find_all("a", attrs={"name": True})}
        return self._cache[page]


def broken_internal_links(html_root: Path) -> list[str]:
    """Every internal link or anchor of every page that does not resolve, as 'page:line: url: why'."""
    html_root = html_root.resolve()
    anchors = _Anchors()
    problems = []
    for page in pages(html_root):
        rel = page.relative_to(html_root).as_posix()
        for link in _links(parse_file(page), rel):
            if not is_book_file(link.url):
                continue
            parts = urlsplit(link.url)
            target = linked_file(page, link.url) if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(html_root):
                problems.append(f"{rel}:{link.line}: {link.url}: points outside the book")
            elif not target.is_file():
                problems.append(f"{rel}:{link.line}: {link.url}: no such file")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in anchors.of(target):
                problems.append(f"{rel}:{link.line}: {link.url}: no anchor #{parts.fragment} in "
                                f"{target.relative_to(html_root).as_posix()}")
    return problems


def external_links(html_root: Path) -> dict[str, list[str]]:
    """Every external link of the book, with the pages that use it."""
    found: dict[str, list[str]] = defaultdict(list)
    for page in pages(html_root):
        rel = page.relative_to(html_root).as_posix()
        for link in _links(parse_file(page), rel):
            if is_remote(link.url) and rel not in found[link.url]:
                found[link.url].append(rel)
    return dict(sorted(found.items()))


def status(url: str, timeout: float = 20) -> str:
    """The HTTP status of a URL (following redirects), or the error that stopped the request."""
    request = urllib.request.Request(url if not url.startswith("//") else "https:" + url,
                                     headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            final = response.geturl()
            return f"{response.status}" + (f" -> {final}" if final != url else "")
    except urllib.error.HTTPError as error:
        return f"{error.code} {error.reason}"
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        return f"error: {getattr(error, 'reason', error)}"


def main(html_root: Path | None = None, workers: int = 8) -> int:
    """`make linkcheck`: print each external link with its status and the pages using it; exit 1 if any is broken."""
    html_root = html_root or paths.project().html
    if not (html_root / "index.html").is_file():
        print(f"no built book at {html_root}; run `make html` first", file=sys.stderr)
        return 2
    links = external_links(html_root)
    print(f"Checking {len(links)} external links of {html_root} ...", flush=True)
    broken = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for url, result in zip(links, pool.map(status, links), strict=True):
            ok = result[:1] in {"2", "3"}
            broken += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {result:>5}  {url}  ({', '.join(links[url])})", flush=True)
    print(f"{len(links) - broken} ok, {broken} broken or unreachable")
    return 1 if broken else 0
