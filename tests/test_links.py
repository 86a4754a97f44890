"""Every internal link and anchor of the built book resolves; external links are only listed (make linkcheck)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sahelreport.checks import bench, links, urls


def write_site(root: Path) -> Path:
    (root / "chapters").mkdir(parents=True)
    (root / "_static").mkdir()
    (root / "_static" / "style.css").write_text("", encoding="utf-8")
    (root / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="_static/style.css?v=1"></head><body>\n'
        '<a href="chapters/a.html#part-two">ok</a>\n'
        '<a href="chapters/a.html#nowhere">bad anchor</a>\n'
        '<a href="chapters/missing.html">missing</a>\n'
        '<a href="#top" id="top">self</a> <a href="#">empty</a> <a href="mailto:x@example.org">mail</a>\n'
        '<a href="https://example.org/a">external</a> <a href="../outside.html">outside</a>\n'
        '<img src="_static/missing.png" alt="x"></body></html>', encoding="utf-8")
    (root / "chapters" / "a.html").write_text(
        '<html><body><section id="part-two"><a name="old"></a><a href="../index.html#top">back</a>'
        '<a href="./">folder</a><a href="https://example.org/a">again</a></section></body></html>', encoding="utf-8")
    return root


def test_broken_internal_links_are_named(tmp_path: Path) -> None:
    site = write_site(tmp_path / "html")
    (tmp_path / "html" / "chapters" / "index.html").write_text("<html></html>", encoding="utf-8")
    assert links.broken_internal_links(site) == [
        "index.html:3: chapters/a.html#nowhere: no anchor #nowhere in chapters/a.html",
        "index.html:4: chapters/missing.html: no such file",
        "index.html:6: ../outside.html: points outside the book",
        "index.html:7: _static/missing.png: no such file",
    ]


def test_external_links_are_listed_once_with_their_pages(tmp_path: Path) -> None:
    assert links.external_links(write_site(tmp_path)) == {"https://example.org/a": ["chapters/a.html", "index.html"]}


def test_page_weights_count_each_image_once(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    (site / "_static" / "missing.png").write_bytes(b"x" * 1000)
    index = site / "index.html"
    index.write_text(index.read_text() + '<img src="_static/missing.png" alt="again">', encoding="utf-8")
    weights = {name: (html, images) for name, html, images in bench.page_weights(site)}
    assert weights["index.html"] == (index.stat().st_size, 1000) and weights["chapters/a.html"][1] == 0
    assert list(weights)[0] == "index.html"


@pytest.mark.build
def test_every_internal_link_of_the_book_resolves(built_book: Path) -> None:
    assert links.broken_internal_links(built_book) == []


@pytest.mark.build
def test_the_book_has_external_links_to_check(built_book: Path) -> None:
    found = links.external_links(built_book)
    assert found and {urlsplit(url).scheme for url in found} <= {"http", "https"}  # absolute, not //host/...


@pytest.mark.parametrize(("url", "remote", "book_file"), [
    ("https://example.org/a", True, False), ("HTTP://example.org", True, False), ("//cdn.example.org/x.js", True, False),
    ("http:x", True, False), ("_static/a.css?v=1", False, True), ("../index.html#top", False, True),
    ("#top", False, True), ("mailto:x@example.org", False, False), ("data:image/png;base64,AA", False, False),
    ("Javascript:void(0)", False, False), ("chapters/http-notes.html", False, True),
])
def test_one_remote_address_test(url: str, remote: bool, book_file: bool) -> None:
    assert (urls.is_remote(url), urls.is_book_file(url)) == (remote, book_file)


def test_linked_file_drops_query_and_fragment(tmp_path: Path) -> None:
    page = tmp_path / "chapters" / "a.html"
    assert urls.linked_file(page, "../_images/a%20b.svg?v=2#x") == (tmp_path / "_images" / "a b.svg").resolve()
