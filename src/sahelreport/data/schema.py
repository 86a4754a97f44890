"""The machine-readable schema (data/datapackage.json): the one source of truth for the data.

A Frictionless Tabular Data Package (v1), with three properties of the project's own that Frictionless keeps and
ignores: a resource's `"mayBeEmpty": true` lets its CSV hold a header and no rows (every other table needs at
least one row); a string field's `"datePrecisions"` (a subset of year, month, day) marks an ISO 8601 date
given to those precisions (the field's `pattern` lets Frictionless check its shape; the validator checks it is a
real calendar date; the loader reads it as the first day it covers); and a field's `"requiredWith"` (names of
other fields of its table) makes it required in every row where one of those is set — the French columns
(short_label_fr, milestone_fr…) are required wherever a figure draws the text they translate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sahelreport.data.files import read_json
from sahelreport.data.problems import DataValidationError, Problem

DATE_PRECISIONS = ("year", "month", "day")


@dataclass(frozen=True)
class Field:
    """One column of a table, as the schema describes it."""

    name: str
    type: str
    description: str
    constraints: dict[str, Any] = field(default_factory=dict)
    # A date held as a string (Table Schema types take one precision; these columns mix them): the precisions
    # it may have, from the field's `datePrecisions` ("year", "month", "day"). Empty for other fields.
    date_precisions: tuple[str, ...] = ()
    # Fields of the same table that make this one required in a row where one of them is set (`requiredWith`).
    required_with: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required", False))

    @property
    def precisions(self) -> tuple[str, ...]:
        """The precisions a date field may have (a Table Schema `date` is to the day); empty if not a date."""
        return ("day",) if self.type == "date" else self.date_precisions


@dataclass(frozen=True)
class Table:
    """One resource of the data package."""

    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: str
    foreign_keys: tuple[dict[str, Any], ...]
    may_be_empty: bool = False  # the resource's `mayBeEmpty`: a header with no rows is allowed (else one row needed)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def _shown(datapackage: Path) -> str:
    return f"{datapackage.parent.name}/{datapackage.name}"


def read_package(datapackage: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """datapackage.json as a dict, or None and why it cannot be read (missing, unreadable, not JSON, not an object)."""
    package, problems = read_json(datapackage, _shown(datapackage))
    if package is not None and not isinstance(package, dict):
        return None, [Problem(_shown(datapackage), None, None, None, "the package must be a JSON object")]
    return package, problems


def _table(resource: Any, where: str, shown: str) -> tuple[Table | None, list[Problem]]:
    """One resource as a Table, or the problems that stop the validator from using its schema."""
    def problem(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(shown, None, None, None, f"{where}: {message}")]

    if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
        return problem("a resource must be an object with a name")
    if not isinstance(resource.get("path"), str):
        return problem("the resource has no path (the CSV file it describes)")
    schema = resource.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not schema["fields"]:
        return problem("the resource has no schema with a list of fields")
    fields = []
    for number, f in enumerate(schema["fields"], 1):
        if not isinstance(f, dict) or not isinstance(f.get("name"), str) or not isinstance(f.get("type"), str):
            return problem(f"field {number} needs a name and a type")
        precisions = tuple(f.get("datePrecisions", ()))
        if any(p not in DATE_PRECISIONS for p in precisions):
            return problem(f"field {f['name']}: datePrecisions may only list {', '.join(DATE_PRECISIONS)}")
        required_with = f.get("requiredWith", [])
        if not isinstance(required_with, list) or not all(isinstance(name, str) for name in required_with):
            return problem(f"field {f['name']}: requiredWith must list names of fields")
        fields.append(Field(f["name"], f["type"], f.get("description", ""), f.get("constraints", {}), precisions,
                            tuple(required_with)))
    table = Table(
        name=resource["name"],
        path=resource["path"],
        title=str(resource.get("title", resource["name"])),
        description=str(resource.get("description", "")),
        fields=tuple(fields),
        primary_key=schema.get("primaryKey", "id"),
        foreign_keys=tuple(schema.get("foreignKeys", [])),
        may_be_empty=bool(resource.get("mayBeEmpty", False)),
    )
    if table.primary_key not in table.field_names:
        return problem(f"primaryKey {table.primary_key!r} is not one of its fields")
    for f in table.fields:
        unknown = [name for name in f.required_with if name not in table.field_names or name == f.name]
        if unknown:
            return problem(f"field {f.name}: requiredWith names {', '.join(unknown)}, not another field of the table")
    return table, []


def tables_of(package: dict[str, Any], datapackage: Path) -> tuple[dict[str, Table], list[Problem]]:
    """The package's resources as tables keyed by name, and any problem in their descriptions."""
    shown = _shown(datapackage)
    resources = package.get("resources")
    if not isinstance(resources, list) or not resources:
        return {}, [Problem(shown, None, "resources", None, "the package must list its resources")]
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for number, resource in enumerate(resources, 1):
        name = resource.get("name") if isinstance(resource, dict) else None
        table, found = _table(resource, f"resources[{number}]" + (f" ({name})" if name else ""), shown)
        problems += found
        if table:
            tables[table.name] = table
    return tables, problems


def load_schema(datapackage: Path) -> dict[str, Table]:
    """Read datapackage.json into tables keyed by resource name; raise DataValidationError if it cannot be read."""
    package, problems = read_package(datapackage)
    tables, table_problems = tables_of(package, datapackage) if package is not None else ({}, [])
    if problems or table_problems:
        raise DataValidationError(problems + table_problems)
    return tables


def package_property(datapackage: Path, name: str) -> Any:
    """A top-level property of datapackage.json (e.g. `data_as_of`), or None; raise DataValidationError if unreadable."""
    package, problems = read_package(datapackage)
    if package is None:
        raise DataValidationError(problems)
    return package.get(name)
