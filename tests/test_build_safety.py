"""Build behaviour in a copy of the project: nothing runs when nothing changed, an edit re-runs exactly the
notebooks that read what changed, failures and kills keep the last good book, builds take turns."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sahelreport.book.manifest import Manifest
from sahelreport.checks.bench import changed, last_row_edited

from .conftest import BuiltCopy, build_copy

pytestmark = pytest.mark.build


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def published(root: Path) -> tuple[str, str, str]:
    return (digest(root / "_build/html/index.html"), digest(root / "_build/html/chapters/border.html"),
            digest(root / "_build/pdf/sahel-report.pdf"))


def executed(stdout: str) -> list[str]:
    """The notebooks a build says it executed."""
    line = next((x for x in stdout.splitlines() if x.startswith("Notebooks executed: ")), "")
    listed = line.removeprefix("Notebooks executed: ")
    return [] if not listed or listed.startswith("none") else [item.split(" (")[0] for item in listed.split(", ")]


def readers(root: Path, name: str) -> list[str]:
    return Manifest.load(root / "_build/.jupyter_cache/inputs.json", root).readers(name)


@pytest.fixture
def copy(built_copy: BuiltCopy) -> Path:
    """The built copy, brought up to date with its (restored) files before each test."""
    result = build_copy(built_copy.root)
    assert result.returncode == 0, result.stdout + result.stderr
    return built_copy.root


def test_cold_build_executes_every_notebook(built_copy: BuiltCopy) -> None:
    assert "chapters/border.md" in executed(built_copy.stdout) and "index.md" in executed(built_copy.stdout)


def test_noop_build_starts_neither_sphinx_nor_latex(copy: Path) -> None:
    logs = [copy / "_build/html.log", copy / "_build/pdf.log"]
    before = [log.stat().st_mtime_ns for log in logs]
    result = build_copy(copy)
    assert result.returncode == 0, result.stderr
    assert "Nothing changed since the last build" in result.stdout
    assert [log.stat().st_mtime_ns for log in logs] == before


def test_claims_edit_reruns_only_the_notebooks_that_read_claims(copy: Path) -> None:
    expected = readers(copy, "data/claims.csv")
    assert expected and len(expected) <= 4  # the claims register, its counts and its schema: not every chapter
    with changed(copy / "data/claims.csv", last_row_edited("evidence", " Edited for the test.")):
        result = build_copy(copy, pdf=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert sorted(executed(result.stdout)) == sorted(expected)


def test_module_edit_reruns_only_the_notebooks_that_import_it(copy: Path) -> None:
    module = "src/sahelreport/figures/process_charts.py"
    expected = readers(copy, module)
    assert expected
    with changed(copy / module, lambda text: text + "\n# edited for the test\n"):
        result = build_copy(copy, pdf=False)
        assert result.returncode == 0, result.stdout + result.stderr
        assert sorted(executed(result.stdout)) == sorted(expected)


def test_data_edit_refreshes_the_numbers(copy: Path) -> None:
    events = copy / "data/events.csv"
    html = copy / "_build/html/chapters/border.html"
    count = events.read_text(encoding="utf-8").count("\n") - 1
    assert f"<span class=\"pasted-text\">{count}</span> dated events" in html.read_text(encoding="utf-8")

    def add_row(text: str) -> str:
        last = text.splitlines()[-1]
        return text + last.replace(last.split(",")[0], last.split(",")[0] + "-copy", 1) + "\n"

    with changed(events, add_row):
        result = build_copy(copy)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "chapters/border.md" in executed(result.stdout)
        assert f"<span class=\"pasted-text\">{count + 1}</span> dated events" in html.read_text(encoding="utf-8")


def test_data_error_stops_before_any_notebook(copy: Path) -> None:
    before = published(copy)
    with changed(copy / "data/events.csv", lambda text: text.replace(",day,", ",dya,", 1)):
        result = build_copy(copy)
    assert result.returncode == 2
    assert "column 'date_precision', value 'dya': must be one of" in result.stderr
    assert "nothing was built" in result.stderr
    assert published(copy) == before


def test_failing_notebook_keeps_last_good_book(copy: Path) -> None:
    before = published(copy)
    with changed(copy / "chapters/border.md",
                lambda text: text + "\n```{code-cell} ipython3\nraise RuntimeError('broken cell')\n```\n"):
        result = build_copy(copy)
    assert result.returncode == 1
    assert "BUILD FAILED" in result.stderr and "last good book" in result.stderr
    assert "chapters/border.md: code cell" in result.stderr and "RuntimeError: broken cell" in result.stderr
    assert published(copy) == before


def test_latex_error_keeps_last_good_book(copy: Path) -> None:
    before = published(copy)
    with changed(copy / "index.md", lambda text: text + "\n```{raw} latex\n\\undefinedcommandforthetest\n```\n"):
        result = build_copy(copy)
    assert result.returncode == 1
    assert "pdflatex build failed" in result.stderr
    assert published(copy) == before


def test_two_builds_at_once_take_turns(copy: Path) -> None:
    env = {**os.environ, "SAHELREPORT_ROOT": str(copy), "PYTHONPATH": str(copy / "src")}
    env.pop("SOURCE_DATE_EPOCH", None)
    with changed(copy / "chapters/outlook.md", lambda text: text + "\nOne more sentence for the test.\n"):
        builds = [subprocess.Popen([sys.executable, "-m", "sahelreport.cli", "build"], cwd=copy, env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        outputs = [b.communicate() for b in builds]
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert any("Another build" in err and "waiting" in err for _, err in outputs)
    info = subprocess.run(["pdfinfo", str(copy / "_build/pdf/sahel-report.pdf")], capture_output=True, text=True)
    assert info.returncode == 0, info.stderr


@pytest.mark.parametrize("after_s", [3.0, 12.0])
def test_a_killed_build_keeps_the_last_good_book_and_the_next_one_is_right(copy: Path, after_s: float) -> None:
    before = published(copy)
    env = {**os.environ, "SAHELREPORT_ROOT": str(copy), "PYTHONPATH": str(copy / "src")}
    env.pop("SOURCE_DATE_EPOCH", None)
    marker = f"Killed-build marker {after_s:.0f}."
    with changed(copy / "chapters/outlook.md", lambda text: text + f"\n{marker}\n"):
        process = subprocess.Popen([sys.executable, "-m", "sahelreport.cli", "build"], cwd=copy, env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(after_s)
        os.killpg(process.pid, signal.SIGKILL)  # the build and everything it started
        process.wait()
        page = (copy / "_build/html/chapters/outlook.html").read_text(encoding="utf-8")
        assert published(copy) == before or marker in page  # the last good book, or the complete new one
        assert subprocess.run(["pdfinfo", str(copy / "_build/pdf/sahel-report.pdf")], capture_output=True).returncode == 0
        result = build_copy(copy)
        assert result.returncode == 0, result.stdout + result.stderr
        assert marker in (copy / "_build/html/chapters/outlook.html").read_text(encoding="utf-8")
