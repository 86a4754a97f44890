"""Check every data file against the schema and against each other; report all problems at once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sahelreport.data.bibliography import Source, read_bibliography
from sahelreport.data.check_routes import check_routes
from sahelreport.data.problems import Problem
from sahelreport.data.schema import Field, Table, load_schema, package_property
from sahelreport.data.source_rules import (
    check_source_entries,
    claim_source_problems,
    event_source_problems,
    host_rules,
)

Row = dict[str, str]
DATE_FORMS = {"year": r"^\d{4}$", "month": r"^\d{4}-\d{2}$", "day": r"^\d{4}-\d{2}-\d{2}$"}
EARLIEST_EVENT = dt.date(1950, 1, 1)
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
# The columns of each table that cite keys of references.bib.
CITING_COLUMNS: dict[str, tuple[str, ...]] = {
    "events": ("sources",), "places": ("sources",), "claims": ("made_in", "sources"), "groups": ("sources",),
    "stated_locations": ("sources",), "routes": ("sources",),
}
WORK_TYPES = frozenset({"article", "book", "incollection", "inbook", "phdthesis", "mastersthesis", "techreport"})
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
    """Each entry needs a title; a web page an http(s) address and the date it was accessed.

    A book, article, thesis or report is cited as the work and may have no address; if it gives one,
    the address and its access date follow the same rules as for a web page.
    """
    problems = []
    for key, source in sources.items():
        match = re.search(r"@\w+\s*\{\s*" + re.escape(key) + r"\s*,", bib_text)
        line = bib_text[: match.start()].count("\n") + 1 if match else None
        if not source.title:
            problems.append(Problem(shown, line, "title", key, "entry has no title"))
        if source.entry_type in WORK_TYPES and not source.url:
            if not source.year:
                problems.append(Problem(shown, line, "year", "",
                                        f"entry {key}: a work cited without an address needs its year"))
            continue
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


def check_source_rules(raw: RawTable, sources: dict[str, Source], rule) -> list[Problem]:
    """Apply a sources-policy rule (event or claim) to every row whose keys all resolve."""
    problems = []
    for line, row in raw.rows:
        keys = split_list(row["sources"])
        if not keys or any(k not in sources for k in keys):
            continue  # unknown keys are reported by check_sources
        for column, value, message in rule(row, [sources[k] for k in keys]):
            problems.append(Problem(raw.file, line, column, value, message))
    return problems


def check_dated_range(raw: RawTable, column: str, as_of: dt.date | None) -> list[Problem]:
    """No row is dated after the date through which the data was checked."""
    if as_of is None:
        return []
    problems = []
    for line, row in raw.rows:
        try:
            start = parse_date(row[column])[0]
        except ValueError:
            continue  # already reported by check_cells
        if start > as_of:
            problems.append(Problem(raw.file, line, column, row[column],
                                    f"after the data-as-of date {as_of.isoformat()} (datapackage.json)"))
    return problems


def check_groups(raw: RawTable, sources: dict[str, Source]) -> list[Problem]:
    """Lineage links name known groups; dates match their precision; one source that is not reference."""
    problems = []
    ids = {row["id"] for _, row in raw.rows}
    for line, row in raw.rows:
        for column in ("successors", "parents"):
            for group_id in split_list(row[column]):
                if group_id not in ids:
                    problems.append(Problem(raw.file, line, column, group_id, "no such group in groups.csv"))
                elif group_id == row["id"]:
                    problems.append(Problem(raw.file, line, column, group_id, "a group cannot be its own " + column))
        for date_column in ("founded", "ended"):
            value, precision = row[date_column], row[f"{date_column}_precision"]
            if not value:
                if precision:
                    problems.append(Problem(raw.file, line, f"{date_column}_precision", precision,
                                            f"given without {date_column}"))
                continue
            try:
                form = parse_date(value)[1]
            except ValueError:
                continue  # already reported by check_cells
            if form != precision:
                problems.append(Problem(raw.file, line, date_column, value,
                                        f"date is given to the {form} but {date_column}_precision says '{precision}'"))
        if bool(row["ended"]) != bool(row["ended_how"]):
            problems.append(Problem(raw.file, line, "ended_how", row["ended_how"],
                                    "ended and ended_how go together"))
        if row["ended_how"] in ("renamed", "merged") and not row["successors"]:
            problems.append(Problem(raw.file, line, "successors", "", f"a group that {row['ended_how']} needs successors"))
    return problems + check_not_reference_only(raw, sources, "needs a source that is not an encyclopedia or gazetteer")


def check_not_reference_only(raw: RawTable, sources: dict[str, Source], message: str) -> list[Problem]:
    """Rows whose known sources are all encyclopedias or gazetteers."""
    problems = []
    for line, row in raw.rows:
        keys = [k for k in split_list(row["sources"]) if k in sources]
        if keys and all(sources[k].kind == "reference" for k in keys):
            problems.append(Problem(raw.file, line, "sources", row["sources"], message))
    return problems


def check_stated_locations(raw: RawTable, event_ids: set[str], place_ids: set[str],
                           sources: dict[str, Source]) -> list[Problem]:
    """Each account names a known event and place and cites a source that is not an encyclopedia."""
    problems = []
    for line, row in raw.rows:
        if row["event_id"] not in event_ids:
            problems.append(Problem(raw.file, line, "event_id", row["event_id"], "no such event in events.csv"))
        if row["near_place_id"] not in place_ids:
            problems.append(Problem(raw.file, line, "near_place_id", row["near_place_id"], "no such place in places.csv"))
    return problems + check_not_reference_only(
        raw, sources, "a stated distance needs a source that is not an encyclopedia or gazetteer")


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
    datapackage = data_dir / "datapackage.json"
    tables = load_schema(datapackage)
    problems: list[Problem] = []
    as_of, as_of_problem = data_as_of(datapackage, today)
    if as_of_problem:
        problems.append(as_of_problem)
    sources, bib_problems = read_bibliography(bib_path)
    problems += bib_problems
    raws: dict[str, RawTable] = {}
    for name, table in tables.items():
        raw, read_problems = read_table(data_dir / table.path, table, f"data/{table.path}")
        raws[name] = raw
        problems += read_problems
        if not read_problems:
            problems += check_cells(raw)
    if bib_path.is_file():
        problems += check_bibliography(sources, bib_path.read_text(encoding="utf-8"), bib_path.name)
        rules = host_rules(row for _, row in raws["source_hosts"].rows)
        problems += check_source_entries(sources, rules, bib_path.name)
    ids = {name: {row[raw.table.primary_key] for _, row in raw.rows} for name, raw in raws.items()}
    if raws["events"].rows:
        problems += check_events(raws["events"], ids["places"], today)
        problems += check_source_rules(raws["events"], sources, event_source_problems)
        problems += check_dated_range(raws["events"], "date", as_of)
    if raws["places"].rows:
        problems += check_places(raws["places"], place_in_country)
    if raws["claims"].rows:
        problems += check_claims(raws["claims"], ids["events"], today)
        problems += check_source_rules(raws["claims"], sources, claim_source_problems)
    if raws["stated_locations"].rows:
        problems += check_stated_locations(raws["stated_locations"], ids["events"], ids["places"], sources)
    if raws["groups"].rows:
        problems += check_groups(raws["groups"], sources)
    problems += check_routes(raws["routes"], ids["places"])
    for name, columns in CITING_COLUMNS.items():
        problems += check_sources(raws[name], columns, sources)
    return raws, sources, problems


def data_as_of(datapackage: Path, today: dt.date) -> tuple[dt.date | None, Problem | None]:
    """The date through which the chronology was checked (datapackage.json `data_as_of`)."""
    value = package_property(datapackage, "data_as_of")
    shown = f"data/{datapackage.name}"
    if not value:
        return None, Problem(shown, None, "data_as_of", "", "the package must say through which date the data was checked")
    try:
        day, precision = parse_date(str(value))
    except ValueError as error:
        return None, Problem(shown, None, "data_as_of", str(value), str(error))
    if precision != "day":
        return None, Problem(shown, None, "data_as_of", str(value), "give a day: YYYY-MM-DD")
    if day > today:
        return None, Problem(shown, None, "data_as_of", str(value), "date is in the future")
    return day, None
