"""The order of a coded field's values, as the schema (data/datapackage.json) lists them."""

from __future__ import annotations

from collections.abc import Iterable

from sahelreport import paths
from sahelreport.data.schema import load_schema


def code_order(table: str, field: str) -> list[str]:
    """The allowed values of a field, in the order its schema lists them (event types, phases, claim statuses)."""
    fields = {f.name: f for f in load_schema(paths.project().datapackage)[table].fields}
    return list(fields[field].constraints.get("enum", []))


def in_code_order(values: Iterable[str], table: str, field: str) -> list[str]:
    """The distinct values given, in schema order; values the schema does not list come last, alphabetically."""
    present = {str(v) for v in values}
    known = code_order(table, field)
    return [v for v in known if v in present] + sorted(present - set(known))
