"""Build behaviour in a scratch copy of the project: failures keep the last good book, and data
or package edits re-execute the notebooks (no stale figures)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sahelreport import paths

pytestmark = pytest.mark.build


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=paths.project().root,
                         capture_output=True, text=True, check=True).stdout
    return [f for f in out.splitlines() if (paths.project().root / f).is_file()]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project (no _build), built once."""
    root = tmp_path_factory.mktemp("project")
    for name in tracked_files():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(paths.project().root / name, root / name)
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def build(root: Path, pdf: bool = True) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "sahelreport.cli", "build"] + ([] if pdf else ["--no-pdf"])
    env = {**os.environ, "SAHELREPORT_ROOT": str(root)}
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def published(root: Path) -> tuple[str, str, str]:
    return (digest(root / "_build/html/index.html"), digest(root / "_build/html/chapters/border.html"),
            digest(root / "_build/pdf/sahel-report.pdf"))


def test_noop_build_executes_nothing(project: Path) -> None:
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert "Notebooks executed: none (all from cache)" in result.stdout


def test_data_error_stops_before_any_notebook(project: Path) -> None:
    before = published(project)
    events = project / "data/events.csv"
    original = events.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    events.write_text(lines[0] + lines[1].replace(",day,", ",dya,", 1) + "".join(lines[2:]), encoding="utf-8")
    try:
        result = build(project)
    finally:
        events.write_text(original, encoding="utf-8")
    assert result.returncode == 2
    assert "data/events.csv, line 2, column 'date_precision', value 'dya': must be one of" in result.stderr
    assert "nothing was built" in result.stderr
    assert published(project) == before


def build_with_appended(root: Path, name: str, text: str) -> subprocess.CompletedProcess[str]:
    """Build with text appended to one file, then restore the file."""
    path = root / name
    original = path.read_text(encoding="utf-8")
    path.write_text(original + text, encoding="utf-8")
    try:
        return build(root)
    finally:
        path.write_text(original, encoding="utf-8")


def test_failing_notebook_keeps_last_good_book(project: Path) -> None:
    before = published(project)
    result = build_with_appended(project, "chapters/border.md",
                                 "\n```{code-cell} ipython3\nraise RuntimeError('broken cell')\n```\n")
    assert result.returncode == 1
    assert "BUILD FAILED" in result.stderr and "last good book" in result.stderr
    assert published(project) == before


def test_latex_error_keeps_last_good_book(project: Path) -> None:
    before = published(project)
    result = build_with_appended(project, "index.md", "\n```{raw} latex\n\\undefinedcommandforthetest\n```\n")
    assert result.returncode == 1
    assert "pdflatex build failed" in result.stderr
    assert published(project) == before


def test_data_edit_reexecutes_and_refreshes_counts(project: Path) -> None:
    events = project / "data/events.csv"
    original = events.read_text(encoding="utf-8")
    html = project / "_build/html/chapters/border.html"
    count = original.count("\n") - 1
    assert f"<span class=\"pasted-text\">{count}</span> dated events" in html.read_text(encoding="utf-8")
    last = original.splitlines()[-1]
    extra = last.replace(last.split(",")[0], last.split(",")[0] + "-copy", 1)
    events.write_text(original + extra + "\n", encoding="utf-8")
    try:
        result = build(project, pdf=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Notebooks executed: chapters/border.md" in result.stdout
        assert f"<span class=\"pasted-text\">{count + 1}</span> dated events" in html.read_text(encoding="utf-8")
    finally:
        events.write_text(original, encoding="utf-8")


def test_src_edit_reexecutes(project: Path) -> None:
    module = project / "src/sahelreport/style.py"
    original = module.read_text(encoding="utf-8")
    module.write_text(original + "\n# edited\n", encoding="utf-8")
    try:
        result = build(project, pdf=False)
    finally:
        module.write_text(original, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert "Notebooks executed: chapters/border.md" in result.stdout
