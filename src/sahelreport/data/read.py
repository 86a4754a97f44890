"""Read one table of the data package: its CSV file strictly, and each cell against its field's type and constraints."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from sahelreport.data.files import read_text
from sahelreport.data.problems import Problem
from sahelreport.data.schema import Field, Table

Row = dict[str, str]
DATE_FORMS = {"year": r"^\d{4}$", "month": r"^\d{4}-\d{2}$", "day": r"^\d{4}-\d{2}-\d{2}$"}
DATE_SHAPES = {"year": "YYYY", "month": "YYYY-MM", "day": "YYYY-MM-DD"}
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


def header_problems(header: list[str], expected: list[str], shown: str) -> list[Problem]:
    """The header must name the schema's columns, each once, in the schema's order (as Frictionless requires)."""
    problems = [Problem(shown, 1, name, None, "required column is missing") for name in expected if name not in header]
    for name in dict.fromkeys(header):
        if name not in expected:
            problems.append(Problem(shown, 1, name, None, "column is not in the schema"))
        elif header.count(name) > 1:
            problems.append(Problem(shown, 1, name, None, f"column appears {header.count(name)} times"))
    if problems:
        return problems
    for position, (found, wanted) in enumerate(zip(header, expected, strict=True), 1):
        if found != wanted:
            problems.append(Problem(shown, 1, found, None, f"column {position} of the header should be '{wanted}': "
                                                             "the columns must be in the schema's order"))
    return problems


def read_table(path: Path, table: Table, shown: str) -> tuple[RawTable, list[Problem]]:
    """Read a CSV file strictly: UTF-8, the schema's columns in order, one cell per column, rows unless it may be empty."""
    raw = RawTable(table, shown, [])
    text, problems = read_text(path, shown)
    if text is None:
        return raw, problems
    if not text.strip():
        needs = f"it needs at least the header line naming the {len(table.fields)} columns of the schema"
        return raw, [Problem(shown, None, None, None, f"file is empty ({len(text.encode())} bytes): {needs}")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, [])
    except csv.Error as error:
        return raw, [Problem(shown, 1, None, None, f"malformed CSV header: {error}")]
    if not any(name.strip() for name in header):
        return raw, [Problem(shown, 1, None, None, "line 1 must be the header line, and it is blank")]
    problems = header_problems(header, table.field_names, shown)
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
    if not raw.rows and not problems and not table.may_be_empty:
        why = "its resource in datapackage.json does not say mayBeEmpty"
        problems.append(Problem(shown, None, None, None,
                                f"file has a header but no rows; the {table.name} table needs at least one ({why})"))
    return raw, problems


def check_cell(field: Field, value: str) -> str | None:
    """Return why a single value breaks its field's type or constraints, or None."""
    c = field.constraints
    if value == "":
        return "required value is empty" if field.required else None
    if CONTROL.search(value):
        return "contains a line break or control character"
    try:
        if field.precisions and parse_date(value)[1] not in field.precisions:
            return "give the date as " + " or ".join(DATE_SHAPES[p] for p in field.precisions)
        if field.type == "integer":
            number: float = int(value)
        elif field.type == "number":
            number = float(value)
    except ValueError as error:
        return str(error) if field.precisions else f"not a valid {field.type}"
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


def required_with(field: Field, row: Row) -> str | None:
    """Why an empty cell must be filled: a field its `requiredWith` names is set in the row (else None)."""
    if row[field.name]:
        return None
    given = [name for name in field.required_with if row.get(name)]
    if not given:
        return None
    return (f"required when {given[0]} is given ({given[0]} is {row[given[0]]!r}); see its description in "
            "datapackage.json")


def check_cells(raw: RawTable) -> list[Problem]:
    """Types, constraints and uniqueness of every cell."""
    problems: list[Problem] = []
    seen: dict[str, dict[str, int]] = {}
    for line, row in raw.rows:
        for field in raw.table.fields:
            value = row[field.name]
            message = check_cell(field, value) or required_with(field, row)
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


