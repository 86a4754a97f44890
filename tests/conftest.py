"""Shared fixtures: a small valid dataset in a temporary folder, and the built book."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sahelreport import paths
from sahelreport.data.load import Dataset, dataset

TODAY = dt.date(2026, 11, 27)
BIB = """@misc{testsource2024,
  title = {{A test source}},
  author = {{Test Agency}},
  kind = {wire},
  publisher = {Test Agency},
  howpublished = {Test Agency},
  year = {2024},
  url = {https://example.org/page},
  urldate = {2026-11-27}
}

@misc{testpress2024,
  title = {{A test newspaper story}},
  author = {{Test Daily}},
  kind = {press},
  publisher = {Test Daily},
  year = {2024},
  url = {https://news.example.org/story},
  urldate = {2026-11-27}
}

@misc{testwiki2024,
  title = {{Test article}},
  author = {{Wikipedia contributors}},
  kind = {reference},
  publisher = {Wikipedia},
  year = {2024},
  url = {https://en.wikipedia.org/wiki/Test},
  urldate = {2026-11-27}
}

@misc{testblog2024,
  title = {{A test blog post}},
  author = {{Test Blog}},
  kind = {opinion},
  publisher = {Test Blog},
  year = {2024},
  url = {https://blog.example.org/post},
  urldate = {2026-11-27}
}
"""
GROUPS = [
    {"id": "mnla", "acronym": "MNLA", "name_en": "National Movement for the Liberation of Azawad",
     "name_fr": "Mouvement national de libération de l'Azawad", "kind": "rebel-movement", "founded": "2011-10",
     "founded_precision": "month", "ended": "2024-11", "ended_precision": "month", "ended_how": "merged",
     "successors": "fla", "parents": "", "leaders": "Bilal Ag Acherif", "sources": "testsource2024", "note": ""},
    {"id": "fla", "acronym": "FLA", "name_en": "Azawad Liberation Front", "name_fr": "Front de libération de l'Azawad",
     "kind": "coalition", "founded": "2024-11-30", "founded_precision": "day", "ended": "", "ended_precision": "",
     "ended_how": "", "successors": "", "parents": "mnla", "leaders": "", "sources": "testpress2024", "note": ""},
]
STATED = [
    {"id": "2023-kidal-army", "event_id": "2023-kidal-taken", "party": "Mali", "stated_by": "Mali's army (test)",
     "country": "MLI", "distance_km": "3", "near_place_id": "kidal", "sources": "testsource2024",
     "note": "The army said it was 3 km inside Mali."},
]
HOSTS = [
    {"host": "mirror.example.net", "verdict": "mirror", "note": "a test mirror"},
    {"host": "wikizero.com", "verdict": "proxy", "note": "a Wikipedia proxy"},
]
PLACES = [
    {"id": "kidal", "name_en": "Kidal", "name_fr": "Kidal", "other_names": "", "country": "MLI",
     "lat": "18.4411", "lon": "1.4078", "kind": "regional-capital", "geonames_id": "2455290", "sources": "testsource2024"},
    {"id": "tamanrasset", "name_en": "Tamanrasset", "name_fr": "Tamanrasset", "other_names": "Tamanghasset",
     "country": "DZA", "lat": "22.785", "lon": "5.5228", "kind": "regional-capital", "geonames_id": "",
     "sources": "testsource2024"},
]
EVENTS = [
    {"id": "2023-kidal-taken", "date": "2023-11-14", "date_precision": "day", "title": "Army takes Kidal",
     "description": "The Malian army and its Russian auxiliaries entered Kidal, held by the rebels since 2012.",
     "type": "military", "relationship": "mali-armed-groups", "actors": "Mali; CSP-PSD", "place_id": "kidal",
     "lat": "", "lon": "", "fatalities_low": "", "fatalities_high": "", "fatalities_as_reported": "",
     "sources": "testsource2024;testpress2024", "confidence": "high", "dispute_note": "", "short_label": "",
     "milestone": "Kidal",
     "process": "", "phase": "", "turning_point": ""},
    {"id": "2024-accord-ended", "date": "2024-01", "date_precision": "month", "title": "Accord ended",
     "description": "The transitional authorities declared the 2015 agreement terminated with immediate effect.",
     "type": "agreement", "relationship": "mali-algeria", "actors": "Mali", "place_id": "",
     "lat": "", "lon": "", "fatalities_low": "", "fatalities_high": "", "fatalities_as_reported": "",
     "sources": "testsource2024;testpress2024", "confidence": "high", "dispute_note": "", "short_label": "", "milestone": "",
     "process": "", "phase": "", "turning_point": ""},
]
ROUTES = [
    {"id": "test-pipeline", "name": "Test pipeline", "kind": "gas-pipeline", "status": "planned",
     "stops": "kidal;tamanrasset", "path": "overland", "sources": "testpress2024", "note": "A test route."},
]
CLAIMS = [
    {"id": "C01", "claim": "The article says the junta took power in May 2021.", "claimant": "Blog",
     "claim_date": "2025-01", "made_in": "testblog2024", "evidence": "The officers first seized power in 2020.",
     "status": "incorrect", "sources": "testsource2024;testpress2024", "event_ids": "2023-kidal-taken"},
]


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> None:
    header = header or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def dataset_dir(tmp_path: Path) -> Path:
    """A valid minimal copy of the data package (real schema, test rows) and a bibliography."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(paths.project().datapackage, data / "datapackage.json")
    write_csv(data / "places.csv", PLACES)
    write_csv(data / "events.csv", EVENTS)
    write_csv(data / "claims.csv", CLAIMS)
    write_csv(data / "groups.csv", GROUPS)
    write_csv(data / "source-hosts.csv", HOSTS)
    write_csv(data / "stated-locations.csv", STATED)
    write_csv(data / "routes.csv", ROUTES)
    (tmp_path / "references.bib").write_text(BIB, encoding="utf-8")
    return data


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the project's book once per test session with the real toolchain."""
    result = subprocess.run([sys.executable, "-m", "sahelreport.cli", "build"], cwd=paths.project().root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return paths.project().html


@pytest.fixture(scope="session")
def ds() -> Dataset:
    """The project's own dataset, validated once for the session."""
    return dataset()


@pytest.fixture
def fixed_timestamps(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in the build: PDF and SVG metadata dates come from SOURCE_DATE_EPOCH."""
    from sahelreport.book.build import DEFAULT_EPOCH

    monkeypatch.setenv("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
