"""The interactive map's data: written at build time from data/ (boundaries copied verbatim, located events)."""

from __future__ import annotations

import json
from pathlib import Path

from sahelreport import paths
from sahelreport.book import webmap
from sahelreport.data.load import Dataset, load_dataset

from .conftest import TODAY


def _script_value(path: Path, name: str) -> dict:
    text = path.read_text(encoding="utf-8")
    prefix = f"window.{name} = "
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix):-2])


def test_map_assets_come_from_the_data(dataset_dir: Path, tmp_path: Path) -> None:
    ds: Dataset = load_dataset(dataset_dir, dataset_dir.parent / "references.bib", TODAY)
    boundaries_js, data_js = webmap.write_map_assets(tmp_path / "_static", ds)
    text = boundaries_js.read_text(encoding="utf-8")
    for name, file in webmap.BOUNDARY_FILES.items():  # each vendored file, byte for byte
        assert f'"{name}": ' + (paths.project().boundaries / file).read_text(encoding="utf-8").strip() in text
    assert set(_script_value(boundaries_js, "SAHEL_BOUNDARIES")) == set(webmap.BOUNDARY_FILES)
    data = _script_value(data_js, "SAHEL_MAP")
    # The test data: one event at Kidal (from the gazetteer), one without a place: one marker.
    assert [e["id"] for e in data["events"]] == ["2023-kidal-taken"]
    event = data["events"][0]
    assert (event["lat"], event["lon"], event["place"], event["year"]) == (18.4411, 1.4078, "Kidal", 2023)
    assert event["href"] == "chronology.html#event-2023-kidal-taken"
    assert [s["url"] for s in event["sources"]] == ["https://example.org/page", "https://news.example.org/story"]
    assert event["sources"][0]["label"] == "Test Agency (2024): A test source"
    assert [p["id"] for p in data["places"]] == ["kidal", "tamanrasset"]
    assert data["claim"]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert data["disputedTerritories"] == ["ESH"] and "do not imply endorsement" in data["disclaimer"]
