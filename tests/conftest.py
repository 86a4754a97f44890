"""Shared fixtures: a small valid dataset in a temporary folder, and the built book."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from sahelreport import paths
from sahelreport.data.load import Dataset, dataset
from sahelreport.data.schema import Field, load_schema

from .drawings import Drawings

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
    {"id": "mnla", "acronym": "MNLA", "acronym_fr": "MNLA", "name_en": "National Movement for the Liberation of Azawad",
     "name_fr": "Mouvement national de libération de l'Azawad", "kind": "rebel-movement", "founded": "2011-10",
     "founded_precision": "month", "ended": "2024-11", "ended_precision": "month", "ended_how": "merged",
     "successors": "fla", "parents": "", "leaders": "Bilal Ag Acherif", "sources": "testsource2024", "note": ""},
    {"id": "fla", "acronym": "FLA", "acronym_fr": "FLA", "name_en": "Azawad Liberation Front",
     "name_fr": "Front de libération de l'Azawad",
     "kind": "coalition", "founded": "2024-11-30", "founded_precision": "day", "ended": "", "ended_precision": "",
     "ended_how": "", "successors": "", "parents": "mnla", "leaders": "", "sources": "testpress2024", "note": ""},
]
STATED = [
    {"id": "2023-kidal-army", "event_id": "2023-kidal-taken", "party": "Mali", "party_fr": "le Mali",
     "stated_by": "Mali's army (test)",
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
     "short_label_fr": "L'armée prend Kidal", "milestone": "Kidal", "milestone_fr": "Kidal",
     "process": "", "phase": "", "turning_point": "", "turning_point_fr": ""},
    {"id": "2024-accord-ended", "date": "2024-01", "date_precision": "month", "title": "Accord ended",
     "description": "The transitional authorities declared the 2015 agreement terminated with immediate effect.",
     "type": "agreement", "relationship": "mali-algeria", "actors": "Mali", "place_id": "",
     "lat": "", "lon": "", "fatalities_low": "", "fatalities_high": "", "fatalities_as_reported": "",
     "sources": "testsource2024;testpress2024", "confidence": "high", "dispute_note": "", "short_label": "",
     "short_label_fr": "Fin de l'accord", "milestone": "", "milestone_fr": "",
     "process": "", "phase": "", "turning_point": "", "turning_point_fr": ""},
]
ROUTES = [
    {"id": "test-pipeline", "name": "Test pipeline", "name_fr": "Gazoduc d'essai", "kind": "gas-pipeline",
     "status": "planned",
     "stops": "kidal;tamanrasset", "path": "overland", "sources": "testpress2024", "note": "A test route."},
]
CLAIMS = [
    {"id": "C01", "claim": "The article says the junta took power in May 2021.", "claimant": "Blog",
     "claim_date": "2025-01", "made_in": "testblog2024", "evidence": "The officers first seized power in 2020.",
     "status": "incorrect", "sources": "testsource2024;testpress2024", "event_ids": "2023-kidal-taken"},
]


@functools.cache
def _french_fields() -> dict[str, list[Field]]:
    """The French columns of each table file that the schema requires with others (requiredWith), by file name."""
    return {table.path: [f for f in table.fields if f.required_with and f.name.endswith("_fr")]
            for table in load_schema(paths.project().datapackage).values()}


def with_french(file: str, row: dict[str, str]) -> dict[str, str]:
    """A row a test adds, with a French text in each French column the validator requires of it (requiredWith)."""
    filled = dict(row)
    for field in _french_fields().get(file, []):
        given = [row[name] for name in field.required_with if row.get(name)]
        if given and not row.get(field.name):
            english = row.get(field.name.removesuffix("_fr")) or row.get("title") or row.get("id") or given[0]
            filled[field.name] = f"FR {english}"[: field.constraints.get("maxLength", 80)]
    return filled


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


@pytest.fixture
def project_data(tmp_path: Path) -> Path:
    """A copy of the project's data files and bibliography, to edit or add rows to."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(paths.project().datapackage, data / "datapackage.json")
    for resource in json.loads(paths.project().datapackage.read_text(encoding="utf-8"))["resources"]:
        shutil.copy(paths.project().data / resource["path"], data / resource["path"])
    shutil.copy(paths.project().bibliography, tmp_path / "references.bib")
    return data


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the project's book once per test session with the real toolchain (only what changed)."""
    result = subprocess.run([sys.executable, "-m", "sahelreport.cli", "build"], cwd=paths.project().root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return paths.project().html


def project_files(root: Path) -> list[str]:
    """The project's files (git's tracked and untracked-but-not-ignored ones; every file outside a git checkout)."""
    try:
        out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=root, capture_output=True,
                             text=True, check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        skip = {"_build", ".venv", ".git", ".pytest_cache", ".ruff_cache", "__pycache__"}
        out = [p.relative_to(root).as_posix() for p in root.rglob("*") if not skip & set(p.relative_to(root).parts)]
    return sorted(name for name in out if (root / name).is_file())


def copy_project(destination: Path) -> Path:
    """A copy of the project's files (no build outputs) in `destination`."""
    for name in project_files(paths.project().root):
        (destination / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(paths.project().root / name, destination / name)
    return destination


def head_commit_date(root: Path) -> str | None:
    """The committer date of the project's last commit (ISO 8601), or None outside a git checkout."""
    out = subprocess.run(["git", "log", "-1", "--format=%cI"], cwd=root, capture_output=True, text=True)
    return out.stdout.strip() or None if out.returncode == 0 else None


def commit_copy(root: Path, date: str | None) -> None:
    """Make the copy a git checkout with one commit dated like the project's last one (so the same epoch)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.org",
           **({"GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date} if date else {})}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "copy"]):
        subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)
    from sahelreport.book.changes import fetch_editions

    fetch_editions(root, paths.project().root)  # the page "What changed" compares with the previous edition's commit


def build_copy(root: Path, pdf: bool = True, languages: tuple[str, ...] = (),
               **env: str) -> subprocess.CompletedProcess[str]:
    """`sahelreport build` in a copy of the project, with the copy's own package first on the path."""
    command = [sys.executable, "-m", "sahelreport.cli", "build"] + ([] if pdf else ["--no-pdf"])
    command += [argument for code in languages for argument in ("--language", code)]
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update(SAHELREPORT_ROOT=str(root), PYTHONPATH=str(root / "src"), **env)
    return subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True)


def published_files(html: Path) -> dict[str, str]:
    """sha256 of every published file of a book, by path."""
    return {p.relative_to(html).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(html.rglob("*")) if p.is_file()}


@dataclass(frozen=True)
class BuiltCopy:
    """A copy of the project built from an empty cache, and what it published then."""

    root: Path
    published: dict[str, str]
    pdf_sha256: str
    stdout: str


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory: pytest.TempPathFactory) -> BuiltCopy:
    """The project copied (one snapshot, committed with the project's commit date) and built cold, once.
    Only tests/test_build_safety.py uses it: under pytest-xdist's `--dist loadfile` one file runs in one
    worker, so the copy is built once per run. (`--dist loadgroup` would be the tool, but pytest-xdist 3.8
    cannot rename the test ids of pytest 9, so its groups are silently ignored.)"""
    root = copy_project(tmp_path_factory.mktemp("copy"))
    commit_copy(root, head_commit_date(paths.project().root))
    result = build_copy(root)
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = root / "_build/pdf/sahel-report.pdf"
    return BuiltCopy(root, published_files(root / "_build/html"), hashlib.sha256(pdf.read_bytes()).hexdigest(),
                     result.stdout)


CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A local HTTP server for a folder, in a thread; returns it and its base URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def site(built_book: Path) -> Iterator[str]:
    """The built book, served over HTTP on a local port."""
    server, url = serve(built_book)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """A real headless Chromium (Debian's), driven by Playwright."""
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def ds() -> Dataset:
    """The project's own dataset, validated once for the session."""
    return dataset()


@pytest.fixture(scope="session")
def drawings(ds: Dataset) -> Drawings:
    """Every registered figure of the project's data, drawn once for the session (on first use)."""
    return Drawings(ds)


@pytest.fixture
def fixed_timestamps(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in the build: PDF and SVG metadata dates come from SOURCE_DATE_EPOCH."""
    from sahelreport.book.build import KERNEL_EPOCH

    monkeypatch.setenv("SOURCE_DATE_EPOCH", KERNEL_EPOCH)


BUILD_FIXTURES = frozenset({"built_book", "built_copy", "site", "hostile_site"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that needs a built book carries the `build` marker, so `pytest -m "not build"` runs in minutes."""
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)
