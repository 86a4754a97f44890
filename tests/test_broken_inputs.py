"""Every broken input file is a clear error from the command line: the file, what is wrong, exit 2, no traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sahelreport import paths

COPIED = ("data", "references.bib", "_config.yml", "_toc.yml", "chapters")


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A scratch copy of the project's inputs, to break."""
    root = paths.project().root
    for name in COPIED:
        if (root / name).is_dir():
            shutil.copytree(root / name, tmp_path / name)
        else:
            shutil.copy(root / name, tmp_path / name)
    return tmp_path


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SAHELREPORT_ROOT": str(root)}
    return subprocess.run([sys.executable, "-m", "sahelreport.cli", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def _rewrite(path: Path, edit: Callable[[str], str]) -> None:
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")


def _edit_json(path: Path, edit: Callable[[dict], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def _remove(path: Path) -> None:
    path.unlink()


def _directory(path: Path) -> None:
    path.unlink()
    path.mkdir()  # exists, but cannot be read as a file


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _header_only(path: Path) -> None:
    _rewrite(path, lambda text: text.splitlines(keepends=True)[0])


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:5000])


def _columns(edit: Callable[[list[str]], list[str]]) -> Callable[[Path], None]:
    """Rewrite the header line only (so the rows no longer match it)."""
    def change(path: Path) -> None:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[0] = ",".join(edit(lines[0].rstrip("\r\n").split(","))) + "\n"
        path.write_text("".join(lines), encoding="utf-8")
    return change


def _swap(names: list[str]) -> list[str]:
    names[1], names[2] = names[2], names[1]
    return names


def _latin1(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"Tamanrasset,", "Tamanrassèt,".encode("latin-1"), 1))


def _entry_lines(text: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), 1) if line.startswith("@")]


def _bib_syntax_error(path: Path) -> None:
    """The second entry's title loses a closing brace: the parser reads on until it finds no '}' where one must be."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    second, third = _entry_lines("".join(lines))[1:3]
    title = next(i for i in range(second - 1, third - 1) if lines[i].lstrip().startswith("title"))
    lines[title] = lines[title].replace("}},", "},", 1)
    path.write_text("".join(lines), encoding="utf-8")


def _bib_repeated_key(path: Path) -> None:
    _rewrite(path, lambda text: text + "\n" + text[: text.index("\n}\n") + 3])


def _drop_geometry(data: dict) -> None:
    data["features"][0]["geometry"] = None


def _bowtie(data: dict) -> None:
    data["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}


def _no_schema(data: dict) -> None:
    del data["resources"][0]["schema"]


def _drop_groups(data: dict) -> None:
    data["resources"] = [r for r in data["resources"] if r["name"] != "groups"]


def _rename_feature(data: dict) -> None:
    data["features"][0]["properties"]["name"] = "Albania (edited)"


CASES = {
    # file, how it is broken, what stderr must say
    "package missing": ("data/datapackage.json", _remove, "data/datapackage.json: file is missing"),
    "package unreadable": ("data/datapackage.json", _directory, "data/datapackage.json: cannot read the file"),
    "package truncated": ("data/datapackage.json", _truncate, "not valid JSON at column"),
    "package empty": ("data/datapackage.json", _empty, "data/datapackage.json: file is empty (0 bytes)"),
    "package resource without schema": ("data/datapackage.json", lambda p: _edit_json(p, _no_schema),
                                        "resources[1] (events): the resource has no schema"),
    "package without a table": ("data/datapackage.json", lambda p: _edit_json(p, _drop_groups),
                                "data/datapackage.json: the package has no resource named 'groups'"),
    "table missing": ("data/events.csv", _remove, "data/events.csv: file is missing"),
    "table empty": ("data/events.csv", _empty, "data/events.csv: file is empty (0 bytes): it needs at least the header"),
    "table header only": ("data/events.csv", _header_only,
                          "data/events.csv: file has a header but no rows; the events table needs at least one"),
    "column missing": ("data/places.csv", _columns(lambda n: [c for c in n if c != "kind"]),
                       "data/places.csv, line 1, column 'kind': required column is missing"),
    "column extra": ("data/places.csv", _columns(lambda n: [*n, "comment"]),
                     "data/places.csv, line 1, column 'comment': column is not in the schema"),
    "columns reordered": ("data/places.csv", _columns(_swap),
                          "data/places.csv, line 1, column 'name_fr': column 2 of the header should be 'name_en'"),
    "table not utf-8": ("data/places.csv", _latin1, "value 'bytes e8': file is not UTF-8 encoded (at byte"),
    "bibliography missing": ("references.bib", _remove, "references.bib: file is missing"),
    "bibliography unreadable": ("references.bib", _directory, "references.bib: cannot read the file"),
    "bibliography empty": ("references.bib", _empty, "references.bib: file holds no BibTeX entries (0 bytes)"),
    "bibliography syntax": ("references.bib", _bib_syntax_error, "BibTeX syntax error"),
    "bibliography repeated key": ("references.bib", _bib_repeated_key,
                                  "value 'dzpatriots2025mali': entry key used 2 times (lines 1,"),
    "boundary truncated": ("data/boundaries/countries.geojson", _truncate,
                           "data/boundaries/countries.geojson, line 1: not valid JSON at column 5001 (character 5000): "
                           "Expecting value (the file looks truncated)"),
    "boundary empty": ("data/boundaries/mali_regions.geojson", _empty,
                       "data/boundaries/mali_regions.geojson: file is empty (0 bytes)"),
    "boundary missing": ("data/boundaries/algeria_wilayas.geojson", _remove,
                         "data/boundaries/algeria_wilayas.geojson: file is missing"),
    "boundary without features": ("data/boundaries/countries.geojson",
                                  lambda p: p.write_text('{"type": "FeatureCollection"}'),
                                  'data/boundaries/countries.geojson: no "features" list'),
    "boundary feature without geometry": ("data/boundaries/countries.geojson", lambda p: _edit_json(p, _drop_geometry),
                                          "data/boundaries/countries.geojson: feature 1 (iso3 'ALB') has no geometry"),
    "boundary invalid geometry": ("data/boundaries/countries.geojson", lambda p: _edit_json(p, _bowtie),
                                  "feature 1 (iso3 'ALB'): invalid geometry (Self-intersection"),
    "boundary changed without provenance": ("data/boundaries/countries.geojson", lambda p: _edit_json(p, _rename_feature),
                                            "recorded in data/boundaries/provenance.json: the file changed without "
                                            "its provenance"),
    "provenance missing": ("data/boundaries/provenance.json", _remove, "data/boundaries/provenance.json: file is missing"),
}


def assert_clear_error(result: subprocess.CompletedProcess[str], file: str, expected: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stdout + result.stderr
    assert file in result.stderr and expected in result.stderr, result.stderr
    problems = [line for line in result.stderr.splitlines() if line.startswith("  - ")]
    assert problems and all(line[4:].startswith(("data/", "references.bib")) for line in problems), result.stderr


@pytest.mark.parametrize("case", list(CASES))
def test_validate_reports_broken_input(project_copy: Path, case: str) -> None:
    file, breaks, expected = CASES[case]
    breaks(project_copy / file)
    assert_clear_error(run_cli(project_copy, "validate"), file, expected)


def test_validate_control(project_copy: Path) -> None:
    """The untouched copy is valid, so each case above fails for its own reason."""
    result = run_cli(project_copy, "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Data valid:")


def test_bibliography_syntax_error_names_the_entry(project_copy: Path) -> None:
    bib = project_copy / "references.bib"
    _bib_syntax_error(bib)
    result = run_cli(project_copy, "validate")
    assert_clear_error(result, "references.bib", "BibTeX syntax error: '}' expected")
    assert f"(in the entry that starts at line {_entry_lines(bib.read_text())[1]})" in result.stderr, result.stderr


def test_a_table_that_may_be_empty(project_copy: Path) -> None:
    """stated-locations.csv says mayBeEmpty: a header with no rows is valid there."""
    _header_only(project_copy / "data/stated-locations.csv")
    result = run_cli(project_copy, "validate")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("case", ["package missing", "boundary truncated"])
def test_build_reports_broken_input(project_copy: Path, case: str) -> None:
    file, breaks, expected = CASES[case]
    breaks(project_copy / file)
    result = run_cli(project_copy, "build", "--no-pdf")
    assert_clear_error(result, file, expected)
    assert not (project_copy / "_build" / "html").exists()
