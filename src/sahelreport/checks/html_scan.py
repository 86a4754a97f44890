"""Built HTML pages read with Beautiful Soup (the standard library's parser), for the linter, link checks and bench."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Tag

PARSER = "html.parser"  # the stdlib parser: no extra dependency, and it records each tag's source line


def parse_html(text: str) -> BeautifulSoup:
    """The element tree of an HTML document."""
    return BeautifulSoup(text, PARSER)


def parse_file(path: Path) -> BeautifulSoup:
    return parse_html(path.read_text(encoding="utf-8"))


def main_content(soup: BeautifulSoup) -> Tag:
    """The page's <main> element (the article), or the whole document when there is none."""
    main = soup.find("main")
    return main if isinstance(main, Tag) else soup


def text_of(tag: Tag) -> str:
    """The text content of an element, whitespace collapsed."""
    return " ".join(tag.get_text(" ").split())


def attribute(tag: Tag, name: str) -> str:
    """An attribute's value as one string ("" when absent); multi-valued ones (class, rel) joined by spaces."""
    value = tag.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


def source_line(tag: Tag) -> int:
    """The 1-based line of the page on which the element's start tag is."""
    return tag.sourceline or 0
