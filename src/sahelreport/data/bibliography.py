"""Read references.bib: the single list of sources that data rows and chapters cite."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pybtex.database import parse_string
from pybtex.scanner import PybtexError, PybtexSyntaxError

from sahelreport.data.files import read_text
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


ENTRY_START = re.compile(r"@\w+\s*\{\s*([^,\s]+)\s*,")


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _entry_starts(text: str) -> list[tuple[str, int]]:
    """Each entry's key and the line it starts on, in file order."""
    starts, line, previous = [], 1, 0
    for match in ENTRY_START.finditer(text):
        line += text.count("\n", previous, match.start())
        previous = match.start()
        starts.append((match.group(1), line))
    return starts


def _repeated_keys(starts: list[tuple[str, int]], shown: str) -> list[Problem]:
    """Keys given to more than one entry (BibTeX keys are case-insensitive), with the lines of each."""
    lines: dict[str, list[int]] = {}
    for key, line in starts:
        lines.setdefault(key.lower(), []).append(line)
    return [Problem(shown, found[1], None, key, f"entry key used {len(found)} times (lines {', '.join(map(str, found))})")
            for key, found in lines.items() if len(found) > 1]


def _syntax_problem(error: PybtexSyntaxError, text: str, shown: str) -> Problem:
    """A BibTeX syntax error at its line, with the line of the entry it is in."""
    message = error.args[0] if error.args else str(error)
    entry_start = error.error_context_info[0] if isinstance(error.error_context_info, tuple) else None
    if entry_start is not None and 0 <= entry_start < len(text):
        message += f" (in the entry that starts at line {_line_at(text, entry_start)})"
    return Problem(shown, error.lineno, None, None, f"BibTeX syntax error: {message}")


def read_bibliography(path: Path) -> tuple[dict[str, Source], list[Problem]]:
    """Parse a BibTeX file; return its sources by key, or no sources and why the file cannot be read or parsed."""
    name = path.name
    text, problems = read_text(path, name)
    if text is None:
        return {}, problems
    if not ENTRY_START.search(text):
        return {}, [Problem(name, None, None, None, f"file holds no BibTeX entries ({len(text.encode())} bytes)")]
    starts = _entry_starts(text)
    problems = _repeated_keys(starts, name)
    try:
        database = parse_string(text, bib_format="bibtex")
    except PybtexSyntaxError as error:
        return {}, problems + [_syntax_problem(error, text, name)]
    except PybtexError as error:  # e.g. a repeated key, reported above with its lines
        return {}, problems or [Problem(name, None, None, None, f"cannot parse BibTeX: {error}")]
    if problems:
        return {}, problems
    lines = dict(starts)
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
