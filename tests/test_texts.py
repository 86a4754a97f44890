"""The texts table (figures/texts.csv): checked whole, and every problem in it named by file, line, column, value."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from sahelreport import paths
from sahelreport.data.schema import load_schema
from sahelreport.data.source_rules import SOURCE_KINDS
from sahelreport.data.sources_profile import UNKNOWN
from sahelreport.figures import texts
from sahelreport.figures.texts import TextsError, counted, read_texts, text
from sahelreport.geo.boundaries import country_names, mali_region_shapes

# Codes of the schema whose names the figures and tables write, and the key each one's text has.
CODE_KEYS = {("events", "type"): "type", ("events", "relationship"): "relationship", ("events", "phase"): "phase",
             ("events", "confidence"): "confidence", ("claims", "status"): "claim-status",
             ("groups", "kind"): "group-kind", ("routes", "status"): "route.status"}


def test_the_whole_table_is_valid() -> None:
    rows = read_texts(texts.TEXTS_CSV)
    assert len(rows) > 200
    for key, row in rows.items():
        assert row.texts["en"].strip() and row.texts["fr"].strip(), key
        assert texts.placeholders(row.texts["en"]) == texts.placeholders(row.texts["fr"]) == row.fields


@pytest.mark.parametrize(("table", "field"), list(CODE_KEYS))
def test_every_code_has_its_text(table: str, field: str) -> None:
    schema = load_schema(paths.project().datapackage)
    for code in next(f for f in schema[table].fields if f.name == field).constraints["enum"]:
        assert text(f"{CODE_KEYS[table, field]}.{code}", "fr")


def test_every_field_type_source_kind_country_region_and_chapter_has_its_text() -> None:
    schema = load_schema(paths.project().datapackage)
    for field in (f for table in schema.values() for f in table.fields):
        assert text(f"field-type.{field.type}", "fr")
    for name in schema:
        assert text(f"table.rows.{name}", "fr")
    for kind, meaning in SOURCE_KINDS.items():
        assert text(f"source-kind-meaning.{kind}", "en") == meaning  # the rules' definitions, in the table's words
        assert text(f"source-kind.{kind}", "en") == kind
    assert text(f"source-kind.{UNKNOWN}", "fr")
    for iso, name in country_names().items():
        assert text(f"country.{iso}", "en") == name  # the boundary file's English names
    for region in mali_region_shapes():
        assert text(f"mali-region.{region}", "en") == region
    toc = yaml.safe_load((paths.project().root / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    for page in pages:
        assert text(f"chapter.{Path(page).name}", "en") == Path(page).name


def test_text_fills_placeholders_in_each_language() -> None:
    assert text("axis.year", "en") == "Year" and text("axis.year", "fr") == "Année"
    assert text("count.event.other", "fr", n="3") == "3 événements"
    assert counted("event", 1, "en") == "1 event" and counted("event", 0, "fr") == "0 événement"
    assert counted("death", 2, "fr") == "2 morts"


def test_a_missing_key_or_value_names_file_row_column_value() -> None:
    with pytest.raises(TextsError, match=r"figures/texts\.csv, column 'key', value 'no\.such\.key': no row"):
        text("no.such.key")
    line = read_texts(texts.TEXTS_CSV)["count.event.one"].line
    with pytest.raises(TextsError, match=rf"figures/texts\.csv, line {line}, column 'fr', value '{{n}} événement': "
                                         r"no value given for n"):
        text("count.event.one", "fr")


def write(tmp_path: Path, rows: list[list[str]], header: tuple[str, ...] = ("key", "en", "fr")) -> Path:
    path = tmp_path / "texts.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([list(header), *rows])
    return path


@pytest.mark.parametrize(("rows", "message"), [
    ([["a", "A", "Un"], ["b", "B", ""]], r"texts\.csv, line 3, column 'fr', value '': empty text \(key 'b'\)"),
    ([["a", " ", "Un"]], r"line 2, column 'en', value ' ': empty text"),
    ([["a", "{n} events", "{count} événements"]],
     r"line 2, column 'fr', value '\{count\} événements': placeholders \['count'\] differ from 'en''s \['n'\]"),
    ([["a", "A", "Un"], ["a", "B", "Deux"]], r"line 3, column 'key', value 'a': key already given in line 2"),
    ([["", "A", "Un"]], r"line 2, column 'key', value '': empty key"),
    ([["a", "{n:,}", "{n:,}"]], r"line 2, column 'en', value '\{n:,\}': placeholder \{n:,\} is not of the form"),
    ([["a", "A"]], r"line 2, column 'key', value 'a': 2 cells, expected 3"),
])
def test_a_broken_table_names_file_row_column_value(tmp_path: Path, rows: list[list[str]], message: str) -> None:
    with pytest.raises(TextsError, match=message):
        read_texts(write(tmp_path, rows))


def test_a_table_with_other_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TextsError, match=r"line 1, column 'header', value 'key,en,de'"):
        read_texts(write(tmp_path, [["a", "A", "B"]], ("key", "en", "de")))


def test_french_texts_use_the_typographic_apostrophe() -> None:
    """Figures, tables and the tools draw these texts as they are (no smart quotes there): l’Algérie, not l'Algérie."""
    straight = {key: row.texts["fr"] for key, row in read_texts().items() if re.search(r"\w'", row.texts["fr"])}
    assert straight == {}


def test_french_data_columns_use_the_typographic_apostrophe() -> None:
    """The same for the French columns of data/ (labels drawn on the maps and charts), so a label and a text of the
    table that it contains (an event's "(voir l’encart)") agree."""
    straight = []
    for table in load_schema(paths.project().datapackage).values():
        with (paths.project().data / table.path).open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                straight += [f"{table.path}, line {line}, {name}: {value}" for name, value in row.items()
                             if name.endswith("_fr") and re.search(r"\w'", value or "")]
    assert straight == []
