"""Tables generated from the data for the book (chronology, claims, data dictionary) and the data downloads.

Every value from the data goes through `plain_text`, so that it shows literally: never as HTML,
Markdown or a MyST role. The only markup these functions write is their own: table syntax, a few
labels, and {cite:p} roles for bibliography keys (which must look like identifiers).

The tables are written in the process's language (`language.current()`): headers and labels from the texts
table (figures/texts.csv), dates and numbers in its usage, and in French the data text that exists only in
English (titles, descriptions, claims, notes) inside the `{en}` role (`english_text`), never silently mixed.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import string
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sahelreport import paths
from sahelreport.book.citation import Citation, event_anchor, event_citation
from sahelreport.data.derive.labels import format_date
from sahelreport.data.load import Dataset
from sahelreport.data.schema import Field, Table, load_schema
from sahelreport.data.validate import split_list
from sahelreport.figures.texts import counted, text
from sahelreport.language import english, format_number

ASCII_PUNCTUATION = frozenset(string.punctuation)  # CommonMark: each of these may be backslash-escaped
CITATION_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:+-]*$")
SAFE_CODE = re.compile(r"^[A-Za-z0-9_.-]+$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")  # runs of whitespace, but for the no-break spaces
SHA_PREFIX = 10
NBSP = "\u00a0"  # keeps day and month (or month and year) together in the narrow date column

# Column widths (relative) for the {table} directive, chosen for A4 paper: without them, LaTeX would
# set a long table in columns that never wrap.
CHRONOLOGY_WIDTHS = (13, 16, 39, 14, 18)
CLAIMS_WIDTHS = (5, 20, 11, 11, 35, 18)
DICTIONARY_WIDTHS = (27, 10, 10, 21, 32)
CODES_WIDTHS = (30, 58, 12)
PROVENANCE_WIDTHS = (31, 33, 21, 15)

LICENCE_TEXT = """Sahel Report data
=================

Licence
-------
The data files of the Sahel Report (events.csv, places.csv, claims.csv, sources.csv and
datapackage.json) are licensed under the Creative Commons Attribution 4.0 International
licence (CC BY 4.0): https://creativecommons.org/licenses/by/4.0/
Credit them as: "Sahel Report contributors, Sahel Report data, CC BY 4.0".

sources.csv describes the works the data cites (title, publisher, year, address, date
accessed). The works themselves belong to their authors and are not covered by this licence.

OpenStreetMap
-------------
data/boundaries/algeria_wilayas.geojson and the OpenStreetMap border line (source
"openstreetmap") in data/boundaries/mali_algeria_border.geojson are derived from
OpenStreetMap data: © OpenStreetMap contributors, available under the Open Database
Licence (ODbL 1.0): https://opendatacommons.org/licenses/odbl/1-0/
"""


def plain_text(value: Any) -> str:
    """Make a data value safe for a MyST Markdown table cell: it renders as literal text, never as markup.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows this for all of them):
    this neutralises HTML tags and entities (< > &), emphasis, links, code, roles ({role}`x`), math ($),
    substitutions ({{ }}) and the table's own cell separator (|). Line breaks and runs of whitespace
    become single spaces, since a table row is one line (no-break spaces stay: French puts them before : ; % and
    between thousands); other control characters are dropped.
    Empty values and pandas NA give "".
    """
    words = SPACES.sub(" ", CONTROL.sub("", _cell(value))).strip()
    return "".join("\\" + char if char in ASCII_PUNCTUATION else char for char in words)


def english_text(value: Any) -> str:
    """A data value that exists only in English, for a table cell: escaped (plain_text), and in French marked as
    English (`language.english`)."""
    return english(plain_text(value))


def citations(cited: str | Iterable[str]) -> str:
    """A MyST {cite:p} role for bibliography keys (a semicolon-separated cell or a list); "" for none."""
    keys = split_list(cited) if isinstance(cited, str) else [k.strip() for k in cited if k and k.strip()]
    for key in keys:
        if not CITATION_KEY.match(key):
            raise ValueError(f"not a citation key: {key!r}")
    return "{cite:p}`" + ",".join(keys) + "`" if keys else ""


def _cell(value: Any) -> str:
    """A cell value as text: "" for missing values, else str()."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A pipe table from cells that are already Markdown (escape data with plain_text first)."""
    lines = ["| " + " | ".join(plain_text(h) for h in header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"row has {len(row)} cells, header has {len(header)}")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def table_directive(table: str, widths: Sequence[int], caption: str = "", longtable: bool = True) -> str:
    """Wrap a pipe table in a MyST {table} directive for the book: relative column widths, an optional caption.

    For LaTeX, the columns get the given widths and ragged-right text (a {tabularcolumns} directive just
    before the table), and a longtable may break across pages (short tables read better whole);
    HTML lays the columns out itself.
    """
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", table)), default=0) + 1)
    total = sum(widths)
    columns = "".join(rf">{{\raggedright\arraybackslash}}\X{{{w}}}{{{total}}}" for w in widths)
    title = f" {plain_text(caption)}" if caption else ""
    return (
        f"{fence}{{tabularcolumns}} {columns}\n{fence}\n\n"
        f"{fence}{{table}}{title}\n:widths: {' '.join(str(w) for w in widths)}\n"
        + (":class: longtable\n" if longtable else "")
        + f"\n{table}{fence}\n"
    )


def _finish(table: str, widths: Sequence[int], block: bool, caption: str, longtable: bool = True) -> str:
    """The bare table, or with block=True the table in a {table} directive (see table_directive)."""
    return table_directive(table, widths, caption, longtable) if block else table


def _sentence(text: str) -> str:
    """Text ending with a full stop (or a question or exclamation mark), before any closing quote."""
    text = text.strip()
    return text if not text or text.rstrip("\"'”’")[-1:] in (".", "!", "?") else text + "."


def coded_toll(event: pd.Series) -> str:
    """The coded death toll in words: '6 deaths', '6–10 deaths', 'at least 6 deaths'; "" when none is coded."""
    low, high = _cell(event.get("fatalities_low")), _cell(event.get("fatalities_high"))
    if not low:
        return ""
    if high and low != high:
        return text("table.toll.range", low=format_number(int(low)), high=format_number(int(high)))
    if not high:
        return text("table.toll.at-least", n=format_number(int(low)))
    return counted("death", int(low))


def reported_toll(event: pd.Series) -> str:
    """The toll as reported, with the coded range: 'six killed (coded as 6 deaths)'; "" when none."""
    words = _cell(event.get("fatalities_as_reported")).strip()
    coded = coded_toll(event)
    if not coded:
        return words  # a toll in words only (the sources give no figure to code), or none
    return f"{words} {text('table.toll.coded-as', coded=coded)}" if words else coded


def _toll_markdown(event: pd.Series) -> str:
    """The reported toll for a table cell: the sources' words (English data text), then the coded figure."""
    words = _cell(event.get("fatalities_as_reported")).strip()
    coded = coded_toll(event)
    if not coded:
        return english_text(_sentence(words)) if words else ""
    if not words:
        return plain_text(_sentence(coded))
    return english_text(words) + " " + plain_text(_sentence(text("table.toll.coded-as", coded=coded)))


def _what_happened(event: pd.Series) -> str:
    """Description, then the dispute note and the reported toll when present."""
    parts = [english_text(_sentence(_cell(event["description"])))]
    if _cell(event.get("dispute_note")).strip():
        parts.append(f"*{text('table.sources-differ')}* " + english_text(_sentence(_cell(event["dispute_note"]))))
    toll = _toll_markdown(event)
    if toll:
        parts.append(f"*{text('table.reported-toll')}* " + toll)
    return " ".join(parts)


def _event_anchor(event: pd.Series, date: str) -> str:
    """The date cell as the event's anchor: a span with the event's stable id (`event-<id>`) and classes that
    the chronology's filter reads (type, relationship, year). Ids, types and relationships are schema-checked
    slugs; anything else is refused, never escaped into an attribute."""
    values = {"id": _cell(event["id"]), "type": _cell(event["type"]), "rel": _cell(event.get("relationship"))}
    for name, value in values.items():
        if value and not SAFE_CODE.match(value):
            raise ValueError(f"events.csv: event {values['id']!r}: {name} {value!r} cannot be an HTML class or id")
    classes = f".sahel-event .ev-type-{values['type']} .ev-year-{event['date'].year}"
    classes += f" .ev-rel-{values['rel']}" if values["rel"] else ""
    return f"[{date}]{{#{event_anchor(values['id'])} {classes}}}"


def chronology_markdown(ds: Dataset, start_year: int | None = None, end_year: int | None = None,
                        *, block: bool = False, caption: str = "", cite: Citation | None = None) -> str:
    """The chronology as a Markdown table (Date, Event, What happened, Type, Sources), oldest first.

    start_year and end_year (inclusive) select a period; block=True wraps the table in a {table}
    directive with column widths, as the book needs for the PDF. With `cite` (the report's citation), every
    date is the event's anchor (`#event-<id>`, see _event_anchor) and every row ends with its "cite this
    event" line.
    """
    events = ds.events.sort_values(["date", "id"])
    if start_year is not None:
        events = events[events["date"].dt.year >= start_year]
    if end_year is not None:
        events = events[events["date"].dt.year <= end_year]
    rows = []
    for _, event in events.iterrows():
        date = plain_text(format_date(event["date"], str(event["date_precision"]))).replace(" ", NBSP, 1)
        what = _what_happened(event)
        if cite is not None:
            date = _event_anchor(event, date)
            what += (f" [{text('table.cite-event')} " + plain_text(event_citation(cite, _cell(event["id"])))
                     + "]{.sahel-cite}")
        rows.append((date, english_text(event["title"]), what, plain_text(text(f"type.{event['type']}")),
                     citations(_cell(event["sources"]))))
    table = markdown_table((text("table.date"), text("table.event"), text("table.what-happened"), text("table.type"),
                            text("table.sources")), rows)
    return _finish(table, CHRONOLOGY_WIDTHS, block, caption)


def claims_markdown(ds: Dataset, *, block: bool = False, caption: str = "") -> str:
    """The claims register as a Markdown table (Id, Claim, Who, Status, Evidence, Sources)."""
    rows = [
        (
            plain_text(claim["id"]),
            english_text(claim["claim"]),
            " ".join(filter(None, [english_text(claim["claimant"]), citations(_cell(claim["made_in"]))])),
            plain_text(text(f"claim-status.{claim['status']}")),
            english_text(claim["evidence"]),
            citations(_cell(claim["sources"])),
        )
        for _, claim in ds.claims.sort_values("id").iterrows()
    ]
    table = markdown_table((text("table.id"), text("table.claim"), text("table.who"), text("table.status"),
                            text("table.evidence"), text("table.sources")), rows)
    return _finish(table, CLAIMS_WIDTHS, block, caption)


def _number(value: Any) -> str:
    """A schema bound as text, with a true minus sign."""
    return (format_number(value, "g") if isinstance(value, float) else str(value)).replace("-", "−")


def field_constraints(table: Table, field: Field) -> str:
    """The constraints of one field in words: key, uniqueness, allowed values, pattern, bounds, references."""
    c = field.constraints
    words = []
    if field.name == table.primary_key:
        words.append(text("table.constraint.primary-key"))
    elif c.get("unique"):
        words.append(text("table.constraint.unique"))
    if "enum" in c:
        words.append(text("table.constraint.one-of", values=", ".join(str(v) for v in c["enum"])))
    if "pattern" in c:
        words.append(text("table.constraint.pattern", pattern=c["pattern"]))
    if "minLength" in c:
        words.append(text("table.constraint.min-length", n=str(c["minLength"])))
    if "maxLength" in c:
        words.append(text("table.constraint.max-length", n=str(c["maxLength"])))
    if "minimum" in c and "maximum" in c:
        words.append(text("table.constraint.range", low=_number(c["minimum"]), high=_number(c["maximum"])))
    elif "minimum" in c:
        words.append(text("table.constraint.minimum", value=_number(c["minimum"])))
    elif "maximum" in c:
        words.append(text("table.constraint.maximum", value=_number(c["maximum"])))
    for key in table.foreign_keys:
        if key.get("fields") == field.name:
            reference = key.get("reference", {})
            words.append(text("table.constraint.refers-to",
                              target=f"{reference.get('resource', '')}.{reference.get('fields', '')}"))
    return text("list.separator").join(words)


def data_dictionary_markdown(table: Table, *, block: bool = False, caption: str = "") -> str:
    """A Markdown table describing every field of one schema table: name, type, required, constraints, description."""
    rows = [
        (
            f"`{field.name}`" if SAFE_CODE.match(field.name) else plain_text(field.name),
            plain_text(text(f"field-type.{field.type}")),
            text("table.yes" if field.required else "table.no"),
            plain_text(field_constraints(table, field)),
            english_text(field.description),
        )
        for field in table.fields
    ]
    markdown = markdown_table((text("table.field"), text("table.type"), text("table.required"),
                               text("table.constraints"), text("table.description")), rows)
    return _finish(markdown, DICTIONARY_WIDTHS, block, caption)


def enum_definitions(field: Field) -> dict[str, str]:
    """Each allowed value of a field with the definition its schema description gives ('value: meaning; ...').

    Values the description names without a definition, or does not name, map to "".
    """
    text = field.description
    found: list[tuple[int, int, str]] = []
    for value in field.constraints.get("enum", []):
        match = re.search(r"(?:^|(?<=[.;] ))" + re.escape(value) + r"(?=[:;]|\.?$)", text)
        if match:
            found.append((match.start(), match.end(), value))
    found.sort()
    definitions = {value: "" for value in field.constraints.get("enum", [])}
    for i, (_, end, value) in enumerate(found):
        stop = found[i + 1][0] if i + 1 < len(found) else len(text)
        definitions[value] = text[end:stop].strip().lstrip(":").strip().rstrip(";.").strip()
    return definitions


def codes_markdown(table: Table, frame: pd.DataFrame, field_name: str, *, block: bool = False,
                   caption: str = "") -> str:
    """The codes of one field (from the schema), their meaning (from its description) and how many rows use each.

    A code the description does not define shows "—" as its meaning.
    """
    field = next(f for f in table.fields if f.name == field_name)
    counts = frame[field_name].value_counts()
    rows = [
        (f"`{value}`" if SAFE_CODE.match(value) else plain_text(value), english_text(meaning) or "—",
         format_number(int(counts.get(value, 0))))
        for value, meaning in enum_definitions(field).items()
    ]
    markdown = markdown_table((text("table.code"), text("table.meaning"), text(f"table.rows.{table.name}")), rows)
    return _finish(markdown, CODES_WIDTHS, block, caption, longtable=False)


def boundary_provenance(provenance: Path | None = None) -> list[dict[str, str]]:
    """The provenance records of the vendored boundary files (data/boundaries/provenance.json), by file name."""
    records = json.loads((provenance or paths.project().boundary_provenance).read_text(encoding="utf-8"))
    return [{"file": name, **{k: str(v) for k, v in record.items()}} for name, record in sorted(records.items())]


def boundary_provenance_markdown(provenance: Path | None = None, *, block: bool = False, caption: str = "") -> str:
    """The boundary files as a Markdown table: file, source, licence and the start of the sha256."""
    rows = [
        (
            plain_text(record["file"]),
            english_text(record.get("source", "")),
            english_text(record.get("licence", "")),
            plain_text(record.get("sha256", "")[:SHA_PREFIX]),
        )
        for record in boundary_provenance(provenance)
    ]
    markdown = markdown_table((text("table.file"), text("table.source"), text("table.licence"),
                               text("table.sha256")), rows)
    return _finish(markdown, PROVENANCE_WIDTHS, block, caption, longtable=False)


def write_sources_csv(ds: Dataset, path: Path) -> Path:
    """The bibliography as a table: key, kind, title, publisher, year, url, accessed (one row per entry, by key)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["key", "kind", "title", "publisher", "year", "url", "accessed"])
        for key in sorted(ds.sources):
            s = ds.sources[key]
            writer.writerow([s.key, s.kind, s.title, s.publisher, s.year, s.url, s.accessed])
    return path


def export_downloads(ds: Dataset, out_dir: Path, data_dir: Path | None = None) -> list[Path]:
    """Write the data downloads into out_dir and return their paths.

    The tables of the data package (events.csv, places.csv, claims.csv) and datapackage.json are
    byte-for-byte copies of the files in data_dir (default data/), which ds must have been loaded
    from; sources.csv is derived from the bibliography; LICENSE-DATA.txt states the licences.
    """
    data_dir = data_dir or paths.project().data
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in load_schema(data_dir / "datapackage.json").values():
        written.append(Path(shutil.copyfile(data_dir / table.path, out_dir / Path(table.path).name)))
    written.append(write_sources_csv(ds, out_dir / "sources.csv"))
    written.append(Path(shutil.copyfile(data_dir / "datapackage.json", out_dir / "datapackage.json")))
    licence = out_dir / "LICENSE-DATA.txt"
    licence.write_text(LICENCE_TEXT, encoding="utf-8")
    written.append(licence)
    return written
