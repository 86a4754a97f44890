"""Check every data file against the schema and against each other; report all problems at once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .bibliography import Source, read_bibliography
from .problems import Problem
from .schema import Field, Table, load_schema

Row = dict[str, str]
DATE_FORMS = {"year": r"^\d{4}$", "month": r"^\d{4}-\d{2}$", "day": r"^\d{4}-\d{2}-\d{2}$"}
EARLIEST_EVENT = dt.date(1950, 1, 1)
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]|\n|\r")


@dataclass
class RawTable:
    """A table read as text: its rows (with their line numbers) keyed by column name."""

    table: Table
    file: str
    rows: list[tuple[int, Row]]


def parse_date(text: str) -> tuple[dt.date, str]:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; return the first day it covers and its precision."""
    for precision, pattern in DATE_FORMS.items():
        if re.match(pattern, text):
            parts = [int(p) for p in text.split("-")] + [1, 1]
            return dt.date(parts[0], parts[1], parts[2]), precision
    raise ValueError("not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")


def read_table(path: Path, table: Table, shown: str) -> tuple[RawTable, list[Problem]]:
    """Read a CSV file strictly: UTF-8, the schema's columns, one cell per column."""
    problems: list[Problem] = []
    raw = RawTable(table, shown, [])
    if not path.is_file():
        return raw, [Problem(shown, None, None, None, "file is missing")]
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        bad = data[error.start : error.end].hex(" ")
        return raw, [Problem(shown, line, None, f"bytes {bad}", "file is not UTF-8 encoded")]
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, [])
    except csv.Error as error:
        return raw, [Problem(shown, 1, None, None, f"malformed CSV header: {error}")]
    expected = table.field_names
    for name in expected:
        if name not in header:
            problems.append(Problem(shown, 1, name, None, "required column is missing"))
    for name in header:
        if name not in expected:
            problems.append(Problem(shown, 1, name, None, "column is not in the schema"))
        elif header.count(name) > 1:
            problems.append(Problem(shown, 1, name, None, "column appears more than once"))
    if problems:
        return raw, problems
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(shown, reader.line_num, None, None, f"malformed CSV: {error}"))
            break
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue  # a blank line holds no data; csv writers add none, editors sometimes do
        if len(cells) != len(header):
            problems.append(
                Problem(shown, line, None, None, f"expected {len(header)} cells, found {len(cells)}")
            )
            continue
        raw.rows.append((line, {name: cell.strip() for name, cell in zip(header, cells, strict=True)}))
    return raw, problems


def check_cell(field: Field, value: str) -> str | None:
    """Return why a single value breaks its field's type or constraints, or None."""
    c = field.constraints
    if value == "":
        return "required value is empty" if field.required else None
    if CONTROL.search(value):
        return "contains a line break or control character"
    try:
        if field.type == "date":
            parse_date(value)
        elif field.type == "integer":
            number: float = int(value)
        elif field.type == "number":
            number = float(value)
    except ValueError as error:
        return str(error) if field.type == "date" else f"not a valid {field.type}"
    if "enum" in c and value not in c["enum"]:
        return f"must be one of: {', '.join(c['enum'])}"
    if "pattern" in c and not re.fullmatch(c["pattern"], value):
        return f"does not match the pattern {c['pattern']}"
    if "minLength" in c and len(value) < c["minLength"]:
        return f"shorter than {c['minLength']} characters"
    if "maxLength" in c and len(value) > c["maxLength"]:
        return f"longer than {c['maxLength']} characters"
    if field.type in ("integer", "number"):
        if "minimum" in c and number < c["minimum"]:
            return f"below the minimum {c['minimum']}"
        if "maximum" in c and number > c["maximum"]:
            return f"above the maximum {c['maximum']}"
    return None


def check_cells(raw: RawTable) -> list[Problem]:
    """Types, constraints and uniqueness of every cell."""
    problems: list[Problem] = []
    seen: dict[str, dict[str, int]] = {}
    for line, row in raw.rows:
        for field in raw.table.fields:
            value = row[field.name]
            message = check_cell(field, value)
            if message:
                problems.append(Problem(raw.file, line, field.name, value, message))
            elif field.constraints.get("unique") and value:
                first = seen.setdefault(field.name, {}).setdefault(value, line)
                if first != line:
                    problems.append(
                        Problem(raw.file, line, field.name, value, f"duplicate of line {first}")
                    )
    return problems


def split_list(value: str) -> list[str]:
    """Split a semicolon-separated cell into its items."""
    return [item.strip() for item in value.split(";") if item.strip()]


def check_sources(raw: RawTable, columns: tuple[str, ...], sources: dict[str, Source]) -> list[Problem]:
    """Every cited key must be an entry of references.bib."""
    problems = []
    for line, row in raw.rows:
        for column in columns:
            for key in split_list(row[column]):
                if key not in sources:
                    problems.append(
                        Problem(raw.file, line, column, key, "no such key in references.bib")
                    )
    return problems


def check_bibliography(sources: dict[str, Source], bib_text: str, shown: str) -> list[Problem]:
    """Each entry needs a title, an http(s) address and the date it was accessed."""
    problems = []
    for key, source in sources.items():
        match = re.search(r"@\w+\s*\{\s*" + re.escape(key) + r"\s*,", bib_text)
        line = bib_text[: match.start()].count("\n") + 1 if match else None
        if not source.title:
            problems.append(Problem(shown, line, "title", key, "entry has no title"))
        if not URL.match(source.url):
            problems.append(Problem(shown, line, "url", source.url, f"entry {key}: not an http(s) address"))
        try:
            if parse_date(source.accessed)[1] != "day":
                raise ValueError
        except ValueError:
            problems.append(
                Problem(shown, line, "urldate", source.accessed, f"entry {key}: accessed date must be YYYY-MM-DD")
            )
    return problems


def check_events(raw: RawTable, place_ids: set[str], today: dt.date) -> list[Problem]:
    """Rules for the chronology that a single cell cannot express."""
    problems = []
    for line, row in raw.rows:
        def problem(column: str, message: str, line: int = line, row: Row = row) -> None:
            problems.append(Problem(raw.file, line, column, row[column], message))

        date, precision = row["date"], row["date_precision"]
        try:
            start, form = parse_date(date)
        except ValueError:
            start, form = None, None
        if start and precision in DATE_FORMS and form != precision:
            problem("date", f"date is given to the {form} but date_precision says '{precision}'")
        if start and start > today:
            problem("date", f"date is in the future (today is {today.isoformat()})")
        if start and start < EARLIEST_EVENT:
            problem("date", f"date is before {EARLIEST_EVENT.isoformat()}, outside the chronology")
        if start and not row["id"].startswith(f"{start.year}-"):
            problem("id", f"id must start with the event's year {start.year}")
        if row["place_id"] and row["place_id"] not in place_ids:
            problem("place_id", "no such place in places.csv")
        if bool(row["lat"]) != bool(row["lon"]):
            problem("lat" if not row["lat"] else "lon", "lat and lon must be given together")
        if row["place_id"] and (row["lat"] or row["lon"]):
            problem("place_id", "give either place_id or lat/lon, not both")
        low, high = row["fatalities_low"], row["fatalities_high"]
        if high and not low:
            problem("fatalities_high", "fatalities_high needs fatalities_low")
        if low.isdigit() and high.isdigit() and int(high) < int(low):
            problem("fatalities_high", f"smaller than fatalities_low ({low})")
        if (low or high) and not row["fatalities_as_reported"]:
            problem("fatalities_as_reported", "say how the toll was reported (who, and in what words)")
    return problems


def check_claims(raw: RawTable, event_ids: set[str], today: dt.date) -> list[Problem]:
    """Claims point at known events and are not dated in the future."""
    problems = []
    for line, row in raw.rows:
        for event_id in split_list(row["event_ids"]):
            if event_id not in event_ids:
                problems.append(Problem(raw.file, line, "event_ids", event_id, "no such event in events.csv"))
        try:
            if parse_date(row["claim_date"])[0] > today:
                problems.append(Problem(raw.file, line, "claim_date", row["claim_date"], "date is in the future"))
        except ValueError:
            pass  # already reported by check_cells
    return problems


PlaceCheck = Callable[[str, float, float], str | None]


def check_places(raw: RawTable, place_in_country: PlaceCheck | None) -> list[Problem]:
    """Each place lies in (or within the tolerance of) the country it is said to be in."""
    if place_in_country is None:
        return []
    problems = []
    for line, row in raw.rows:
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            continue  # already reported by check_cells
        message = place_in_country(row["country"], lat, lon)
        if message:
            problems.append(Problem(raw.file, line, "lat/lon", f"{row['lat']}, {row['lon']}", message))
    return problems


def validate_all(
    data_dir: Path,
    bib_path: Path,
    place_in_country: PlaceCheck | None = None,
    today: dt.date | None = None,
) -> tuple[dict[str, RawTable], dict[str, Source], list[Problem]]:
    """Validate every table of the data package and the bibliography; return all problems."""
    today = today or dt.date.today()
    tables = load_schema(data_dir / "datapackage.json")
    problems: list[Problem] = []
    sources, bib_problems = read_bibliography(bib_path)
    problems += bib_problems
    if bib_path.is_file():
        problems += check_bibliography(sources, bib_path.read_text(encoding="utf-8"), bib_path.name)
    raws: dict[str, RawTable] = {}
    for name, table in tables.items():
        raw, read_problems = read_table(data_dir / table.path, table, f"data/{table.path}")
        raws[name] = raw
        problems += read_problems
        if not read_problems:
            problems += check_cells(raw)
    ids = {name: {row["id"] for _, row in raw.rows} for name, raw in raws.items()}
    if raws["events"].rows:
        problems += check_events(raws["events"], ids["places"], today)
        problems += check_sources(raws["events"], ("sources",), sources)
    if raws["places"].rows:
        problems += check_places(raws["places"], place_in_country)
        problems += check_sources(raws["places"], ("sources",), sources)
    if raws["claims"].rows:
        problems += check_claims(raws["claims"], ids["events"], today)
        problems += check_sources(raws["claims"], ("made_in", "sources"), sources)
    return raws, sources, problems
