"""Deterministic builds: two cold builds of the same sources, in two folders, give the same bytes.

Both copies are built at the same time (two processes), each from an empty cache, so every
notebook runs twice: the figures, the PDF and the published pages must not depend on the run,
the folder, the clock or a random id.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sahelreport import paths
from sahelreport.book.build import DEFAULT_EPOCH

pytestmark = pytest.mark.build


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


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The project copied twice (one snapshot), both built from scratch in parallel."""
    roots = [copy_project(tmp_path_factory.mktemp(name)) for name in ("first", "second")]
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    processes = [subprocess.Popen([sys.executable, "-m", "sahelreport.cli", "build"], cwd=root,
                                  env={**env, "SAHELREPORT_ROOT": str(root)}, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True) for root in roots]
    for process in processes:
        output, _ = process.communicate()
        assert process.returncode == 0, output
    return roots[0], roots[1]


def published(html: Path) -> dict[str, bytes]:
    return {p.relative_to(html).as_posix(): p.read_bytes() for p in sorted(html.rglob("*")) if p.is_file()}


def test_figure_files_are_identical(two_builds: tuple[Path, Path]) -> None:
    first, second = (published(root / "_build/html/_images") for root in two_builds)
    assert first, "no figure files"
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_pdf_is_identical(two_builds: tuple[Path, Path]) -> None:
    first, second = (root / "_build/pdf/sahel-report.pdf" for root in two_builds)
    assert first.read_bytes() == second.read_bytes()


def test_every_published_file_is_identical(two_builds: tuple[Path, Path]) -> None:
    first, second = (published(root / "_build/html") for root in two_builds)
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert differ == []


def test_dates_come_from_source_date_epoch(two_builds: tuple[Path, Path]) -> None:
    """No build-time clock in the metadata: every date is the fixed SOURCE_DATE_EPOCH."""
    epoch = dt.datetime.fromtimestamp(int(DEFAULT_EPOCH), dt.UTC)
    root = two_builds[0]
    info = subprocess.run(["pdfinfo", "-isodates", str(root / "_build/pdf/sahel-report.pdf")],
                          capture_output=True, text=True, check=True).stdout
    dates = re.findall(r"^(?:CreationDate|ModDate):\s+(\S+)", info, re.M)
    assert dates and {dt.datetime.fromisoformat(d.replace("Z", "+00:00")) for d in dates} == {epoch}
    for svg in (root / "_build/html/_images").glob("*.svg"):
        assert set(re.findall(r"<dc:date>([^<]*)</dc:date>", svg.read_text(encoding="utf-8"))) <= {
            epoch.isoformat()}, svg.name
