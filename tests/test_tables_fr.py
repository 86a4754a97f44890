"""The generated tables in French, and the French columns of the data: headers and codes in French, English-only
data text in the {en} role (still escaped), dates and numbers in French usage; a French column left empty where the
validator requires it is reported with file, line, column and value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.myst_role import myst_role_plugin

from sahelreport.book import tables
from sahelreport.data.load import load_dataset
from sahelreport.data.schema import Field, Table, load_schema
from sahelreport.data.validate import validate_all
from sahelreport.figures import source_charts
from sahelreport.figures.texts import text
from sahelreport.language import LANGUAGE_ENV, NARROW_NBSP

from .conftest import CLAIMS, EVENTS, GROUPS, TODAY, write_csv
from .test_tables import INJECTION

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def french(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LANGUAGE_ENV, "fr")


def cells(markdown: str) -> list[list[str]]:
    """The rows of a pipe table (header first), cell by cell, as written."""
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    return [[c.strip() for c in row.strip("|").split(" | ")] for row in rows]


def role(cell: str) -> str:
    """The content of the one {en} role a cell holds, as MyST parses it."""
    tokens = MarkdownIt("commonmark").use(myst_role_plugin).parseInline(cell)[0].children or []
    [found] = [t for t in tokens if t.type == "myst_role" and t.meta["name"] == "en"]
    return found.content


def test_the_chronology_in_french(dataset_dir: Path) -> None:
    event = {**EVENTS[0], "title": INJECTION, "dispute_note": "Rebels say 20", "fatalities_low": "5",
             "fatalities_high": "20", "fatalities_as_reported": "5 (army) to 20 (rebels)"}
    write_csv(dataset_dir / "events.csv", [event, EVENTS[1]])
    ds = load_dataset(dataset_dir, dataset_dir.parent / "references.bib", TODAY)
    header, first, second = cells(tables.chronology_markdown(ds))
    assert header == ["Date", "Événement", "Ce qui s’est passé", "Type", "Sources"]
    assert first[0] == f"14{NBSP}nov\\. 2023" and second[0] == f"janv\\.{NBSP}2024"
    assert role(first[1]) == tables.plain_text(INJECTION)  # English data text: marked, and still escaped
    assert first[3] == "militaire"
    assert f"*Les sources divergent{NBSP}:* {{en}}`Rebels say 20\\.`" in first[2]
    assert first[2].endswith(f"*Bilan rapporté{NBSP}:* {{en}}`5 \\(army\\) to 20 \\(rebels\\)` "
                             f"\\(codé{NBSP}\\: 5 à 20 morts\\)\\.")


def test_the_claims_register_in_french(dataset_dir: Path) -> None:
    ds = load_dataset(dataset_dir, dataset_dir.parent / "references.bib", TODAY)
    header, row = cells(tables.claims_markdown(ds))
    assert header == ["Id", "Affirmation", "Auteur", "Statut", "Ce que disent les sources", "Sources"]
    assert role(row[1]) == tables.plain_text(CLAIMS[0]["claim"])
    assert row[3] == "inexacte"


def test_the_data_dictionary_and_codes_in_french(dataset_dir: Path) -> None:
    schema = load_schema(dataset_dir / "datapackage.json")
    rows = cells(tables.data_dictionary_markdown(schema["events"]))
    assert rows[0] == ["Champ", "Type", "Obligatoire", "Valeurs permises et contraintes", "Description"]
    first = rows[1]
    assert first[1:3] == ["texte", "oui"] and first[3].startswith("clé primaire \\(unique\\)")
    assert role(first[4]).startswith("Stable identifier")
    ds = load_dataset(dataset_dir, dataset_dir.parent / "references.bib", TODAY)
    codes = cells(tables.codes_markdown(schema["events"], ds.events, "type"))
    assert codes[0] == ["Code", "Signification", "Événements"]
    assert role(codes[1][1]) == "statements\\, recalls\\, summons\\, ruptures"


def test_numbers_in_french_usage() -> None:
    table = Table("t", "t.csv", "t", "", (Field("x", "number", "", {"minimum": 0.5, "maximum": 1500.25}),), "x", ())
    assert tables.field_constraints(table, table.fields[0]) == f"clé primaire (unique){NARROW_NBSP}; de 0,5 à 1500,25"
    assert source_charts.percent(0.114, ".1%") == f"11,4{NARROW_NBSP}%"
    assert tables.plain_text(f"a{NBSP}: b{NARROW_NBSP}; c") == f"a{NBSP}\\: b{NARROW_NBSP}\\; c"  # no-break spaces stay


def test_captions_come_from_the_texts_table() -> None:
    assert text("caption.events-from-to", start="2012", end="2019") == "Événements de 2012 à 2019"
    assert text("caption.events-from-to", "en", start="2012", end="2019") == "Events from 2012 to 2019"


# --- the French columns of the data -----------------------------------------------------------------------------

def problems_for(data: Path) -> list[str]:
    return [str(p) for p in validate_all(data, data.parent / "references.bib", None, TODAY)[2]]


@pytest.mark.parametrize(("changes", "expected"), [
    ({"short_label": "Army takes Kidal", "short_label_fr": "", "place_id": "", "milestone": "", "milestone_fr": ""},
     "data/events.csv, line 2, column 'short_label_fr', value '': required when short_label is given "
     "(short_label is 'Army takes Kidal')"),
    ({"short_label_fr": ""}, "column 'short_label_fr', value '': required when place_id is given (place_id is 'kidal')"),
    ({"fatalities_low": "3", "fatalities_as_reported": "three", "short_label_fr": "", "place_id": ""},
     "required when fatalities_low is given"),
    ({"milestone_fr": ""}, "line 2, column 'milestone_fr', value '': required when milestone is given"),
    ({"turning_point": "Kidal", "turning_point_fr": ""}, "column 'turning_point_fr', value '': required when turning_point"),
])
def test_a_missing_french_label_is_a_data_problem(dataset_dir: Path, changes: dict[str, str], expected: str) -> None:
    write_csv(dataset_dir / "events.csv", [{**EVENTS[0], **changes}, EVENTS[1]])
    assert any(expected in p for p in problems_for(dataset_dir)), problems_for(dataset_dir)


def test_french_labels_are_not_required_of_events_no_figure_names(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "events.csv", [EVENTS[0], {**EVENTS[1], "short_label_fr": ""}])
    assert problems_for(dataset_dir) == []


def test_a_group_needs_its_french_acronym(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "groups.csv", [{**GROUPS[0], "acronym_fr": ""}, GROUPS[1]])
    assert "data/groups.csv, line 2, column 'acronym_fr', value '': required value is empty" in problems_for(dataset_dir)


def test_required_with_must_name_fields_of_the_table(dataset_dir: Path) -> None:
    package = json.loads((dataset_dir / "datapackage.json").read_text(encoding="utf-8"))
    fields = package["resources"][0]["schema"]["fields"]
    next(f for f in fields if f["name"] == "milestone_fr")["requiredWith"] = ["milestone", "nosuchfield"]
    (dataset_dir / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    assert any("field milestone_fr: requiredWith names nosuchfield" in p for p in problems_for(dataset_dir))
