"""Data validation: each bad input gives a clear problem naming file, line, column and value."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from sahelreport.data.load import Dataset, load_dataset
from sahelreport.data.problems import DataValidationError
from sahelreport.data.validate import validate_all
from sahelreport.geo.boundaries import place_in_country

from .conftest import EVENTS, PLACES, TODAY, write_csv


def problems_for(data: Path) -> list[str]:
    _, _, problems = validate_all(data, data.parent / "references.bib", place_in_country, TODAY)
    return [str(p) for p in problems]


def edit_event(data: Path, **changes: str) -> None:
    write_csv(data / "events.csv", [{**EVENTS[0], **changes}, EVENTS[1]])


def test_valid_dataset_loads(dataset_dir: Path) -> None:
    ds = load_dataset(dataset_dir, dataset_dir.parent / "references.bib", TODAY)
    assert list(ds.events["id"]) == ["2023-kidal-taken", "2024-accord-ended"]
    assert ds.events.loc[0, "lat"] == pytest.approx(18.4411)  # coordinates come from the gazetteer
    assert ds.events.loc[0, "actor_list"] == ["Mali", "CSP-PSD"]


def test_project_data_is_valid() -> None:
    load_dataset()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"id": "2023-kidal-taken"}, None),  # control: no problem
        ({"description": ""}, "line 2, column 'description', value '': required value is empty"),
        ({"date": "2027-01-05"}, "line 2, column 'date', value '2027-01-05': date is in the future"),
        ({"date": "2023-11"}, "column 'date', value '2023-11': date is given to the month but date_precision"),
        ({"date": "2023-13-40"}, "column 'date', value '2023-13-40': month must be in 1..12"),
        ({"date": "14/11/2023"}, "column 'date', value '14/11/2023': not an ISO date"),
        ({"type": "skirmish"}, "column 'type', value 'skirmish': must be one of: diplomatic"),
        ({"place_id": "atlantis"}, "column 'place_id', value 'atlantis': no such place in places.csv"),
        ({"sources": "nosuchkey2020"}, "column 'sources', value 'nosuchkey2020': no such key in references.bib"),
        ({"lat": "18.4", "lon": ""}, "column 'lon', value '': lat and lon must be given together"),
        ({"place_id": "", "lat": "18.4", "lon": "95.0"}, "column 'lon', value '95.0': above the maximum 20"),
        ({"fatalities_low": "50", "fatalities_high": "20", "fatalities_as_reported": "x"},
         "column 'fatalities_high', value '20': smaller than fatalities_low (50)"),
        ({"fatalities_low": "many", "fatalities_as_reported": "x"},
         "column 'fatalities_low', value 'many': not a valid integer"),
        ({"id": "2019-kidal-taken"}, "column 'id', value '2019-kidal-taken': id must start with the event's year 2023"),
        ({"title": "x" * 91}, "column 'title'"),
        ({"confidence": "certain"}, "column 'confidence', value 'certain': must be one of: high, medium, low"),
        ({"description": "First line.\nSecond line of a description."}, "contains a line break"),
    ],
)
def test_bad_event_cell(dataset_dir: Path, changes: dict[str, str], expected: str | None) -> None:
    edit_event(dataset_dir, **changes)
    found = problems_for(dataset_dir)
    if expected is None:
        assert found == []
    else:
        assert any(expected in p and p.startswith("data/events.csv") for p in found), found


def test_duplicate_id_names_first_line(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "events.csv", [EVENTS[0], EVENTS[1], EVENTS[0]])
    assert any("line 4, column 'id', value '2023-kidal-taken': duplicate of line 2" in p
               for p in problems_for(dataset_dir))


def test_missing_and_extra_columns(dataset_dir: Path) -> None:
    header = [c for c in EVENTS[0] if c != "confidence"] + ["comment"]
    write_csv(dataset_dir / "events.csv", [{**e, "comment": "x"} for e in EVENTS], header)
    found = problems_for(dataset_dir)
    assert "data/events.csv, line 1, column 'confidence': required column is missing" in found
    assert "data/events.csv, line 1, column 'comment': column is not in the schema" in found


def test_non_utf8_file(dataset_dir: Path) -> None:
    path = dataset_dir / "places.csv"
    path.write_bytes(path.read_bytes().replace(b"Tamanrasset", "Tamanrasset é".encode("latin-1"), 1))
    found = problems_for(dataset_dir)
    assert any(p.startswith("data/places.csv, line 3, value 'bytes e9") and "not UTF-8" in p for p in found), found


def test_wrong_number_of_cells(dataset_dir: Path) -> None:
    path = dataset_dir / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8") + "C02,too few cells\n", encoding="utf-8")
    assert any("data/claims.csv, line 3: expected 9 cells, found 2" in p for p in problems_for(dataset_dir))


def test_place_in_wrong_country(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "places.csv", [{**PLACES[0], "lon": "-1.4078"}, PLACES[1]])
    assert not problems_for(dataset_dir)  # -1.4 is still Mali: the check is geographic, not a sign rule
    write_csv(dataset_dir / "places.csv", [{**PLACES[0], "country": "DZA"}, PLACES[1]])
    found = problems_for(dataset_dir)
    assert any("data/places.csv, line 2, column 'lat/lon', value '18.4411, 1.4078': point is" in p
               and "outside DZA (it lies in MLI, Mali); check the country code" in p for p in found), found


def test_swapped_coordinates(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "places.csv", [PLACES[0], {**PLACES[1], "lat": "5.5228", "lon": "22.785"}])
    found = problems_for(dataset_dir)
    assert any("line 3, column 'lon', value '22.785': above the maximum 20" in p for p in found), found


def test_bibliography_entry_needs_http_url(dataset_dir: Path) -> None:
    bib = dataset_dir.parent / "references.bib"
    bib.write_text(bib.read_text().replace("https://example.org/page", "ftp://example.org/x"))
    assert any(p.startswith("references.bib, line 1, column 'url', value 'ftp://example.org/x'")
               for p in problems_for(dataset_dir))


def test_claim_points_at_unknown_event(dataset_dir: Path) -> None:
    path = dataset_dir / "claims.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["event_ids"] = "2023-kidal-taken; 2031-nothing"
    write_csv(path, rows)
    assert "data/claims.csv, line 2, column 'event_ids', value '2031-nothing': no such event in events.csv" in (
        problems_for(dataset_dir)
    )


def test_all_problems_reported_at_once(dataset_dir: Path) -> None:
    edit_event(dataset_dir, description="", type="skirmish", date="2030-01-01")
    with pytest.raises(DataValidationError) as raised:
        load_dataset(dataset_dir, dataset_dir.parent / "references.bib", TODAY)
    assert len(raised.value.problems) >= 3
    assert "3 data problem(s)" in str(raised.value) or len(raised.value.problems) > 3


def test_missing_file(dataset_dir: Path) -> None:
    (dataset_dir / "claims.csv").unlink()
    assert "data/claims.csv: file is missing" in problems_for(dataset_dir)


@pytest.mark.parametrize(
    ("file", "column", "value", "expected"),
    [
        ("claims.csv", "claim_date", "2025", "give the date as YYYY-MM or YYYY-MM-DD"),  # claims are dated to the month
        ("claims.csv", "claim_date", "2025-02-30", "day is out of range for month"),
        ("groups.csv", "founded", "2011-13", "month must be in 1..12"),
    ],
)
def test_date_string_fields(dataset_dir: Path, file: str, column: str, value: str, expected: str) -> None:
    path = dataset_dir / file
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0][column] = value
    write_csv(path, rows)
    assert any(p.startswith(f"data/{file}, line 2, column '{column}', value '{value}': {expected}")
               for p in problems_for(dataset_dir)), problems_for(dataset_dir)


def test_dates_load_as_datetimes(dataset_dir: Path) -> None:
    ds = load_dataset(dataset_dir, dataset_dir.parent / "references.bib", TODAY)
    assert str(ds.events["date"].dtype).startswith("datetime64")
    assert ds.events.loc[1, "date"] == pd.Timestamp("2024-01-01")  # a month-precision date: its first day
    assert str(ds.claims["claim_date"].dtype).startswith("datetime64")
    assert ds.groups["ended"].isna().tolist() == [False, True]


@pytest.mark.parametrize(
    ("country", "lat", "lon", "expected"),
    [
        ("DZA", 22.785, 5.5228, None),  # Tamanrasset, control
        ("DZA", 5.5228, 22.785, "lies in no country of the region); lat and lon look swapped"),
        ("DZA", 28.0408, -9.5431, "the sign of lon looks wrong"),  # In Amenas with lon negated
        ("NER", 18.4434, 1.4092, "outside NER (it lies in MLI, Mali); check the country code"),  # Kidal
    ],
)
def test_place_in_country_says_what_looks_wrong(country: str, lat: float, lon: float, expected: str | None) -> None:
    message = place_in_country(country, lat, lon)
    assert message == expected if expected is None else expected in (message or ""), message


@pytest.mark.parametrize(
    ("place", "region"),
    [("kidal", "Kidal"), ("tessalit", "Kidal"), ("tamanrasset", "Tamanrasset"),
     ("bordj-badji-mokhtar", "Bordj Badji Mokhtar"),
     ("taoudenit", "Timbuktu"),  # a region created in 2016: the pre-2016 layer puts it in Timbuktu
     ("tinzaouaten-mli", "Kidal"), ("tinzaouaten-dza", "In Guezzam"),  # the two sides of the border town
     ("niamey", "Niger")],
)
def test_region_of_project_places(ds: Dataset, place: str, region: str) -> None:
    assert ds.places.set_index("id").loc[place, "region"] == region


def test_every_located_event_has_a_region(ds: Dataset) -> None:
    located = ds.events[ds.events["lat"].notna()]
    assert located["region"].notna().all(), located[located["region"].isna()]["id"].tolist()
    assert ds.events[ds.events["lat"].isna()]["region"].isna().all()


def test_event_region_from_its_place_or_its_own_point(dataset_dir: Path) -> None:
    write_csv(dataset_dir / "events.csv", [EVENTS[0], {**EVENTS[1], "lat": "20.2013", "lon": "1.0119"}])  # Tessalit
    ds = load_dataset(dataset_dir, dataset_dir.parent / "references.bib", TODAY)
    assert list(ds.places["region"]) == ["Kidal", "Tamanrasset"]
    assert list(ds.events["region"]) == ["Kidal", "Kidal"]
    write_csv(dataset_dir / "events.csv", [EVENTS[0], {**EVENTS[1], "lat": "13.5137", "lon": "2.1098"}])  # Niamey
    assert load_dataset(dataset_dir, dataset_dir.parent / "references.bib", TODAY).events.loc[1, "region"] == "Niger"
