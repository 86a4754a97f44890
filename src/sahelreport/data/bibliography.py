"""Read references.bib: the single list of sources that data rows and chapters cite."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pybtex.database import parse_file
from pybtex.scanner import PybtexError

from sahelreport.data.problems import Problem

CITATION = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]*)`")


@dataclass(frozen=True)
class Source:
    """A bibliography entry as the data needs it."""

    key: str
    title: str
    publisher: str  # the body that issued the work (an agency for a wire dispatch, the outlet otherwise)
    year: str
    url: str
    accessed: str
    kind: str = ""  # official, wire, press, state-media, research, reference, opinion
    entry_type: str = "misc"
    outlet: str = ""  # the site that carries the copy, when it is not the publisher's own
    note: str = ""
    line: int | None = None  # line of the entry in references.bib

    @property
    def host(self) -> str:
        """The address's host name, lower case, without a port."""
        return (urlsplit(self.url).hostname or "").lower().rstrip(".")


def _plain(text: str) -> str:
    return text.replace("{", "").replace("}", "").replace("\\&", "&").replace("\\%", "%").strip()


def _entry_lines(text: str) -> dict[str, int]:
    """The line on which each entry starts, by key."""
    lines: dict[str, int] = {}
    for match in re.finditer(r"@\w+\s*\{\s*([^,\s]+)\s*,", text):
        lines.setdefault(match.group(1), text[: match.start()].count("\n") + 1)
    return lines


def read_bibliography(path: Path) -> tuple[dict[str, Source], list[Problem]]:
    """Parse a BibTeX file; return its sources by key and any problems found."""
    name = path.name
    try:
        database = parse_file(str(path), bib_format="bibtex")
        lines = _entry_lines(path.read_text(encoding="utf-8"))
    except (PybtexError, UnicodeDecodeError) as error:
        return {}, [Problem(name, None, None, None, f"cannot parse BibTeX: {error}")]
    sources: dict[str, Source] = {}
    for key, entry in database.entries.items():
        fields = entry.fields
        authors = " and ".join(_plain(str(p)) for p in entry.persons.get("author", []))
        publisher = _plain(
            fields.get("publisher", "") or fields.get("institution", "") or fields.get("school", "")
            or fields.get("journal", "") or fields.get("howpublished", "") or authors
        )
        sources[key] = Source(
            key=key,
            title=_plain(fields.get("title", "")),
            publisher=publisher,
            year=fields.get("year", ""),
            url=fields.get("url", ""),
            accessed=fields.get("urldate", ""),
            kind=_plain(fields.get("kind", "")),
            entry_type=entry.type.lower(),
            outlet=_plain(fields.get("howpublished", "")),
            note=_plain(fields.get("note", "")),
            line=lines.get(key),
        )
    return sources, []


def cited_keys(text: str) -> list[str]:
    """Keys cited by MyST {cite} roles in a text, in order of first citation."""
    keys: list[str] = []
    for match in CITATION.finditer(text):
        for key in re.split(r"[,;]", match.group(1)):
            if key.strip() and key.strip() not in keys:
                keys.append(key.strip())
    return keys
