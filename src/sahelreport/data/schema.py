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

    @property
    def required(self) -> bool:
        return bool(self.constraints.get("required", False))


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
                Field(f["name"], f["type"], f.get("description", ""), f.get("constraints", {}))
                for f in schema["fields"]
            ),
            primary_key=schema.get("primaryKey", "id"),
            foreign_keys=tuple(schema.get("foreignKeys", [])),
        )
    return tables


def package_property(datapackage: Path, name: str) -> Any:
    """A top-level property of datapackage.json (e.g. `data_as_of`), or None."""
    return json.loads(datapackage.read_text(encoding="utf-8")).get(name)
