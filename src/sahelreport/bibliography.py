"""Read references.bib: the single list of sources that data rows and chapters cite."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pybtex.database import parse_file
from pybtex.scanner import PybtexError

from .problems import Problem


@dataclass(frozen=True)
class Source:
    """A bibliography entry as the data needs it."""

    key: str
    title: str
    publisher: str
    year: str
    url: str
    accessed: str


def _plain(text: str) -> str:
    return text.replace("{", "").replace("}", "").replace("\\&", "&").replace("\\%", "%").strip()


def read_bibliography(path: Path) -> tuple[dict[str, Source], list[Problem]]:
    """Parse a BibTeX file; return its sources by key and any problems found."""
    name = path.name
    try:
        database = parse_file(str(path), bib_format="bibtex")
    except (PybtexError, UnicodeDecodeError) as error:
        return {}, [Problem(name, None, None, None, f"cannot parse BibTeX: {error}")]
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    for key, entry in database.entries.items():
        fields = entry.fields
        authors = " and ".join(_plain(str(p)) for p in entry.persons.get("author", []))
        publisher = _plain(fields.get("howpublished", "") or fields.get("publisher", "") or authors)
        sources[key] = Source(
            key=key,
            title=_plain(fields.get("title", "")),
            publisher=publisher,
            year=fields.get("year", ""),
            url=fields.get("url", ""),
            accessed=fields.get("urldate", ""),
        )
    return sources, problems
