"""How to cite the report and its events, generated from `CITATION.cff` (the one source of the citation metadata).

The report itself is described under `preferred-citation` (type `report`), as the Citation File Format asks.
From it come the BibTeX entry, the RIS record and the formatted reference of the front page, and the "cite this
event" line of every chronology row. The "as of" date is the data's (`data_as_of` in datapackage.json).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from sahelreport import paths
from sahelreport.data.derive.labels import format_date
from sahelreport.figures.texts import text

CITATION_FILE = "CITATION.cff"
CHRONOLOGY_PAGE = "chapters/chronology.html"


class CitationError(ValueError):
    """CITATION.cff is missing, is not YAML, or lacks a field the citations need."""


@dataclass(frozen=True)
class Citation:
    """The report as CITATION.cff's `preferred-citation` describes it, with the data's as-of date."""

    title: str
    authors: tuple[str, ...]
    version: str
    released: dt.date
    licence: str
    as_of: dt.date
    url: str = ""
    notes: str = ""
    abstract: str = ""
    keywords: tuple[str, ...] = ()

    @property
    def year(self) -> int:
        return self.released.year

    @property
    def key(self) -> str:
        """The BibTeX key: sahelreport-<version>."""
        return f"sahelreport-{self.version}"

    @property
    def as_of_words(self) -> str:
        return format_date(self.as_of.isoformat(), "day", long=True)


def _author(entry: dict, where: str) -> str:
    if "name" in entry:
        return str(entry["name"])
    if "family-names" in entry:
        return ", ".join(str(entry[k]) for k in ("family-names", "given-names") if entry.get(k))
    raise CitationError(f"{where}: an author has neither 'name' nor 'family-names': {entry!r}")


def _date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CitationError(f"{where}: not an ISO date (YYYY-MM-DD): {value!r}") from None


def read_citation(path: Path | None = None, as_of: str | dt.date | None = None) -> Citation:
    """The report's citation from CITATION.cff (default: the project's) and the data-as-of date
    (default: `data_as_of` of the project's datapackage.json)."""
    where = paths.project()
    path = path or where.root / CITATION_FILE
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CitationError(f"{path}: not found (the report's citation metadata)") from None
    except (yaml.YAMLError, ValueError) as error:  # ValueError: a date YAML reads but the calendar lacks
        raise CitationError(f"{path}: not valid YAML: {error}") from None
    report = (cff or {}).get("preferred-citation")
    if not isinstance(report, dict) or report.get("type") != "report":
        raise CitationError(f"{path}: needs a 'preferred-citation' of type 'report'")
    for name in ("title", "authors", "version", "date-released"):
        if not report.get(name):
            raise CitationError(f"{path}: preferred-citation has no '{name}'")
    if as_of is None:
        from sahelreport.data.schema import package_property

        as_of = package_property(where.datapackage, "data_as_of")
    licence = report.get("license", cff.get("license", ""))
    return Citation(
        title=str(report["title"]),
        authors=tuple(_author(a, f"{path}: preferred-citation.authors") for a in report["authors"]),
        version=str(report["version"]),
        released=_date(report["date-released"], f"{path}: preferred-citation.date-released"),
        licence=" and ".join(licence) if isinstance(licence, list) else str(licence),
        as_of=_date(as_of, "data_as_of"),
        url=str(report.get("url", "")),
        notes=str(report.get("notes", "")),
        abstract=" ".join(str(report.get("abstract", cff.get("abstract", ""))).split()),
        keywords=tuple(str(k) for k in report.get("keywords", cff.get("keywords", []))),
    )


def _note(c: Citation, notes: bool = True) -> str:
    return f"Version {c.version}, data as of {c.as_of_words}." + (f" {c.notes}" if c.notes and notes else "")


def bibtex(c: Citation) -> str:
    """A BibTeX @techreport entry (author names braced: they are organisations or exact forms)."""
    fields = [
        ("author", " and ".join("{" + a + "}" for a in c.authors)),
        ("title", "{" + c.title + "}"),
        ("institution", "{" + c.authors[0] + "}"),
        ("type", "Report"),
        ("year", str(c.year)),
        ("month", c.released.strftime("%b").lower()),
        ("version", c.version),
        ("note", _note(c)),
        *([("url", c.url)] if c.url else []),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" if name != "month" else f"  {name} = {value}" for name, value in fields)
    return f"@techreport{{{c.key},\n{body}\n}}\n"


def ris(c: Citation) -> str:
    """An RIS record (type RPRT), one tag a line, as reference managers import it."""
    lines = [("TY", "RPRT"), *(("AU", a) for a in c.authors), ("TI", c.title), ("PY", str(c.year)),
             ("DA", c.released.strftime("%Y/%m/%d")), ("ET", c.version), ("N1", _note(c)),
             *([("UR", c.url)] if c.url else []), ("ER", "")]
    return "".join(f"{tag}  - {value}\n" for tag, value in lines)


def reference(c: Citation) -> str:
    """The formatted reference, in plain text: authors (year). Title. Version, data as of date. Report. Notes. Address."""
    url = f" {c.url}" if c.url else ""
    notes = f" {c.notes}" if c.notes else ""
    return f"{'; '.join(c.authors)} ({c.year}). {c.title}. {_note(c, notes=False)} Report.{notes}{url}"


def cite_markdown(c: Citation) -> str:
    """The front page's "Cite this report" block: the formatted reference, then BibTeX and RIS in code blocks."""
    from sahelreport.book.tables import plain_text  # tables imports this module

    formatted = plain_text(reference(c)).replace(plain_text(c.title), f"*{plain_text(c.title)}*", 1)
    return f"{formatted}\n\nBibTeX:\n\n```bibtex\n{bibtex(c)}```\n\nRIS:\n\n```text\n{ris(c)}```\n"


def event_address(c: Citation, event_id: str) -> str:
    """Where an event is found: its anchor on the chronology page (under the report's url when it has one)."""
    page = f"{CHRONOLOGY_PAGE}#{event_anchor(event_id)}"
    return f"{c.url.rstrip('/')}/{page}" if c.url else page


def event_anchor(event_id: str) -> str:
    """The stable anchor of an event on the chronology page: 'event-' and its id."""
    return f"event-{event_id}"


def event_citation(c: Citation, event_id: str) -> str:
    """The "cite this event" line: report, version, event id, address."""
    return text("citation.event", title=c.title, version=c.version, event=event_id, address=event_address(c, event_id))
