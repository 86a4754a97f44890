"""data/datapackage.json is a valid Frictionless (Tabular) Data Package, and Frictionless catches broken data."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import frictionless
import pytest

from sahelreport import paths
from sahelreport.data.schema import load_schema


def _errors(report: frictionless.Report) -> list[str]:
    found = [f"package: {e.message}" for e in report.errors]
    for task in report.tasks:
        found += [f"{task.name}: {e.type}: {e.message}" for e in task.errors]
    return found


def _validate(datapackage: Path) -> frictionless.Report:
    return frictionless.validate(str(datapackage))


def test_project_package_is_valid() -> None:
    package = json.loads(paths.project().datapackage.read_text(encoding="utf-8"))
    report = _validate(paths.project().datapackage)
    assert report.valid, _errors(report)
    assert report.stats["warnings"] == 0, [w for t in report.tasks for w in t.warnings]
    # every resource the package lists was checked as a table, data and schema
    assert [task.name for task in report.tasks] == [r["name"] for r in package["resources"]]
    assert all(r["profile"] == "tabular-data-resource" for r in package["resources"])


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A copy of data/ (package and CSV files) to break."""
    shutil.copytree(paths.project().data, tmp_path / "data", ignore=shutil.ignore_patterns("boundaries"))
    return tmp_path / "data" / "datapackage.json"


def _edit_rows(path: Path, edit) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    rows = edit(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _first_month_event(rows: list[dict[str, str]]) -> dict[str, str]:
    return next(r for r in rows if r["date_precision"] == "month")


def _impossible_month(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    row = _first_month_event(rows)
    row["date"] = row["date"][:5] + "13"
    return rows


def _duplicate_id(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return rows + [dict(rows[0])]


def _bad_enum(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    rows[0]["type"] = "skirmish"
    return rows


def _unknown_place(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    next(r for r in rows if r["place_id"])["place_id"] = "atlantis"
    return rows


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (_impossible_month, r"events: constraint-error: .*\"date\".*pattern"),
        (_duplicate_id, r"events: primary-key"),
        (_bad_enum, r"events: constraint-error: .*\"type\".*enum"),
        (_unknown_place, r"events: foreign-key"),
    ],
)
def test_broken_copy_is_invalid(package_copy: Path, edit, expected: str) -> None:
    assert _validate(package_copy).valid  # control: the untouched copy is valid
    _edit_rows(package_copy.parent / "events.csv", edit)
    report = _validate(package_copy)
    assert not report.valid
    assert any(re.search(expected, e) for e in _errors(report)), _errors(report)


@pytest.mark.parametrize("name", [r["name"] for r in json.loads(paths.project().datapackage.read_text())["resources"]])
def test_date_patterns_match_their_precisions(name: str) -> None:
    """A date column's pattern (what Frictionless checks) admits exactly the precisions it declares (what we parse)."""
    examples = {"year": "2023", "month": "2023-11", "day": "2023-11-14"}
    for field in load_schema(paths.project().datapackage)[name].fields:
        if not field.date_precisions:
            continue
        pattern = field.constraints["pattern"]
        for precision, example in examples.items():
            assert bool(re.fullmatch(pattern, example)) == (precision in field.date_precisions), (field.name, example)
        for impossible in ("2023-00", "2023-13", "2023-11-00", "2023-11-32"):
            assert not re.fullmatch(pattern, impossible), (field.name, impossible)
