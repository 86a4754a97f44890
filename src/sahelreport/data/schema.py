"""The machine-readable schema (data/datapackage.json): the one source of truth for the data."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


def load_schema(datapackage: Path) -> dict[str, Table]:
    """Read datapackage.json into tables keyed by resource name."""
    package = json.loads(datapackage.read_text(encoding="utf-8"))
    tables: dict[str, Table] = {}
    for resource in package["resources"]:
        schema = resource["schema"]
        tables[resource["name"]] = Table(
            name=resource["name"],
            path=resource["path"],
            title=resource.get("title", resource["name"]),
            description=resource.get("description", ""),
            fields=tuple(
                Field(f["name"], f["type"], f.get("description", ""), f.get("constraints", {}),
                      tuple(f.get("datePrecisions", ())))
                for f in schema["fields"]
            ),
            primary_key=schema.get("primaryKey", "id"),
            foreign_keys=tuple(schema.get("foreignKeys", [])),
        )
    return tables


def package_property(datapackage: Path, name: str) -> Any:
    """A top-level property of datapackage.json (e.g. `data_as_of`), or None."""
    return json.loads(datapackage.read_text(encoding="utf-8")).get(name)
