"""Build behaviour in a copy of the project: nothing runs when nothing changed, an edit re-runs exactly the
notebooks that read what changed, failures and kills keep the last good book, builds take turns, and an edit
built and then reverted gives back the cold build byte for byte.

One copy, built cold once (`built_copy`), serves every test; each test leaves it as it found it. Which
notebooks an edit makes stale is asked in-process (the build executes exactly those); one real edit is built.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sahelreport import paths
from sahelreport.book.build import KERNEL_EPOCH, notebooks, stale_notebooks
from sahelreport.book.inputs import source_date_epoch
from sahelreport.book.manifest import Manifest
from sahelreport.checks.bench import changed, code_cell_edited, last_row_edited

from .conftest import BuiltCopy, build_copy, published_files

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


def build_in_background(root: Path) -> subprocess.Popen[str]:
    """`sahelreport build` in the copy, started and left running (its own process group, to kill it whole)."""
    env = {**os.environ, "SAHELREPORT_ROOT": str(root), "PYTHONPATH": str(root / "src")}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.Popen([sys.executable, "-m", "sahelreport.cli", "build"], cwd=root, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def pdf_is_whole(root: Path) -> bool:
    return subprocess.run(["pdfinfo", str(root / "_build/pdf/sahel-report.pdf")], capture_output=True).returncode == 0


@pytest.fixture
def copy(built_copy: BuiltCopy) -> Iterator[Path]:
    """The copy as its last successful build left it; each test leaves it so (files restored, book as built)."""
    yield built_copy.root
    assert published(built_copy.root) == cold(built_copy), "a test left the copy's book changed"


def cold(built_copy: BuiltCopy) -> tuple[str, str, str]:
    """What the cold build published (the files `published` looks at)."""
    return (built_copy.published["index.html"], built_copy.published["chapters/border.html"], built_copy.pdf_sha256)


# --- what a build runs ---------------------------------------------------------------------------------------------

def test_cold_build_executes_every_notebook(built_copy: BuiltCopy) -> None:
    assert sorted(executed(built_copy.stdout)) == sorted(str(nb.relative_to(built_copy.root))
                                                          for nb in notebooks(built_copy.root))


def test_noop_build_starts_neither_sphinx_nor_latex(copy: Path) -> None:
    logs = [copy / "_build/html.log", copy / "_build/pdf.log"]
    before = [log.stat().st_mtime_ns for log in logs]
    result = build_copy(copy)
    assert result.returncode == 0, result.stderr
    assert "Nothing changed since the last build" in result.stdout
    assert [log.stat().st_mtime_ns for log in logs] == before


def test_one_edition_builds_without_the_other(copy: Path) -> None:
    """A change to the French catalogues is nothing to an English-only build, which leaves the French book as it
    was; an unknown language is refused before anything runs."""
    catalogue = copy / "locales/fr/LC_MESSAGES/index.po"
    french_index = copy / "_build/html/fr/index.html"
    before = french_index.read_bytes()
    with changed(catalogue, lambda text: text + "\n# edited for the test\n"):
        english_only = build_copy(copy, languages=("en",))
    assert english_only.returncode == 0, english_only.stderr
    assert "Nothing changed since the last build" in english_only.stdout
    assert french_index.read_bytes() == before
    unknown = build_copy(copy, languages=("de",))
    assert unknown.returncode == 2 and "no edition in 'de'" in unknown.stderr


def stale(root: Path) -> list[str]:
    """The notebooks the next build of the copy would execute (what `build` asks before it executes)."""
    where = paths.Paths(root)
    found = stale_notebooks(where, Manifest.load(where.cache / "inputs.json", root))
    return sorted(str(nb.relative_to(root)) for nb in found)


EDITS = {
    "data/claims.csv": last_row_edited("evidence", " Edited for the test."),
    "data/events.csv": last_row_edited("description", " Edited for the test."),
    "data/routes.csv": last_row_edited("note", " Edited for the test."),
    "src/sahelreport/figures/process_charts.py": lambda text: text + "\n# edited for the test\n",
    "src/sahelreport/figures/charts.py": lambda text: text + "\n# edited for the test\n",
}


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_makes_exactly_the_notebooks_that_read_it_stale(copy: Path, name: str) -> None:
    expected = readers(copy, name)
    assert expected and len(expected) < len(notebooks(copy))
    if name == "data/claims.csv":
        assert len(expected) <= 4  # the claims register, its counts and its schema: not every chapter
    assert stale(copy) == []
    with changed(copy / name, EDITS[name]):
        assert stale(copy) == expected
    assert stale(copy) == []


def test_an_edit_that_changes_no_output_reruns_its_readers_and_starts_no_sphinx_nor_latex(copy: Path) -> None:
    """The early cut-off: a comment in a drawing module re-runs the notebooks that import it; their outputs are as
    they were and no publishing job read the module, so no HTML, PDF or brief is built, and the reverted comment
    starts none either."""
    module = "src/sahelreport/figures/lineage.py"
    expected = readers(copy, module)
    logs = [copy / "_build/html.log", copy / "_build/pdf.log", copy / "_build/brief.log"]
    before = [log.stat().st_mtime_ns for log in logs]
    with changed(copy / module, lambda text: text + "\n# edited for the test\n"):
        edited = build_copy(copy)
    reverted = build_copy(copy)
    for result in (edited, reverted):
        assert result.returncode == 0, result.stderr
        assert sorted(executed(result.stdout)) == expected
        unchanged = [line for line in result.stdout.splitlines() if line.endswith("(unchanged: nothing it shows changed)")]
        assert [line.split(":")[0] for line in unchanged] == ["Book built", "PDF", "Book built (fr)", "PDF (fr)",
                                                             "Policy brief"], result.stdout
    assert [log.stat().st_mtime_ns for log in logs] == before


def test_a_chapter_edit_makes_only_that_chapter_and_its_readers_stale(copy: Path) -> None:
    chapter = "chapters/outlook.md"
    also = [nb for nb in readers(copy, chapter) if nb != chapter]  # the methods appendix counts every chapter's citations
    assert also == ["chapters/data-methods.md"]
    with changed(copy / chapter, code_cell_edited):
        assert stale(copy) == sorted({chapter, *also})


# --- deterministic: the copy, built cold in another folder, publishes the project's own bytes ------------------
# (the project's build is cold in CI, incremental on a contributor's machine; neither the run, the folder, the
# clock, a random id nor which notebooks had to run may change a byte)

def test_every_published_file_is_identical(built_book: Path, built_copy: BuiltCopy) -> None:
    ours = published_files(built_book)
    assert [name for name in ours if name.startswith("_images/")], "no figure files"
    assert sorted(ours) == sorted(built_copy.published)
    assert [name for name in ours if ours[name] != built_copy.published[name]] == []


def test_pdf_is_identical(built_book: Path, built_copy: BuiltCopy) -> None:
    assert published_files(paths.project().pdf.parent)[paths.PDF_NAME] == built_copy.pdf_sha256


def test_dates_come_from_the_last_commit(built_copy: BuiltCopy) -> None:
    """No build-time clock in the metadata: the PDF is dated by the last commit, figures carry a fixed date."""
    commit = dt.datetime.fromtimestamp(int(source_date_epoch(built_copy.root)), dt.UTC)
    info = subprocess.run(["pdfinfo", "-isodates", str(built_copy.root / "_build/pdf/sahel-report.pdf")],
                          capture_output=True, text=True, check=True).stdout
    dates = re.findall(r"^(?:CreationDate|ModDate):\s+(\S+)", info, re.M)
    assert dates and {dt.datetime.fromisoformat(d.replace("Z", "+00:00")) for d in dates} == {commit}
    fixed = dt.datetime.fromtimestamp(int(KERNEL_EPOCH), dt.UTC).isoformat()
    for svg in (built_copy.root / "_build/html/_images").glob("*.svg"):
        assert set(re.findall(r"<dc:date>([^<]*)</dc:date>", svg.read_text(encoding="utf-8"))) <= {fixed}, svg.name


# --- failures keep the last good book ------------------------------------------------------------------------------

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
    with changed(copy / "chapters/outlook.md",
                 lambda text: text + "\n```{code-cell} ipython3\nraise RuntimeError('broken cell')\n```\n"):
        result = build_copy(copy)
    assert result.returncode == 1
    assert "BUILD FAILED" in result.stderr and "last good book" in result.stderr
    assert "chapters/outlook.md: code cell" in result.stderr and "RuntimeError: broken cell" in result.stderr
    assert published(copy) == before


def test_latex_error_keeps_last_good_book(copy: Path) -> None:
    before = published(copy)
    with changed(copy / "index.md", lambda text: text + "\n```{raw} latex\n\\undefinedcommandforthetest\n```\n"):
        result = build_copy(copy)
    assert result.returncode == 1
    assert "pdflatex build failed" in result.stderr
    assert published(copy) == before


# --- one edit, built, then reverted under kills and two builds at once ---------------------------------------------

@dataclass
class EditAndRevert:
    """A claim added and built; then its removal built by a build killed twice and by two builds started at once."""

    n_claims: int
    readers: list[str]
    added: subprocess.CompletedProcess[str]
    index_html: str
    pdf_text: str
    sphinx_updates: list[str]  # each Sphinx job's "updating environment" line in the build with the claim
    after_kills: list[tuple[bool, bool]]  # for each kill: (the last good or the complete new book, the PDF whole)
    together: list[tuple[int, str, str]]  # (exit status, stdout, stderr) of each of the two builds at once
    pdf_whole: bool
    published: dict[str, str]
    pdf_sha256: str


def add_claim(text: str) -> str:
    """One more claim: a copy of the last one under a new id (the file stays valid)."""
    rows = list(csv.DictReader(io.StringIO(text)))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows, {**rows[-1], "id": "C99"}])
    return out.getvalue()


@pytest.fixture(scope="module")
def edit_and_revert(built_copy: BuiltCopy) -> EditAndRevert:
    root = built_copy.root
    claims = root / "data/claims.csv"
    n_claims = len(list(csv.DictReader(io.StringIO(claims.read_text(encoding="utf-8")))))
    original = claims.read_bytes()
    with changed(claims, add_claim):
        added = build_copy(root)
        with_claim = published(root)
        index_html = (root / "_build/html/index.html").read_text(encoding="utf-8")
        pdf_text = subprocess.run(["pdftotext", "-l", "6", str(root / "_build/pdf/sahel-report.pdf"), "-"],
                                  capture_output=True, text=True).stdout
        sphinx_updates = [line for log in ("html", "pdf", "fr-html", "fr-pdf")
                          for line in (root / f"_build/{log}.log").read_text(encoding="utf-8").splitlines()
                          if "updating environment" in line]
    assert claims.read_bytes() == original
    after_kills = []
    for after_s in (3.0, 12.0):  # during the execution of the stale notebooks, then during Sphinx and LaTeX
        process = build_in_background(root)
        time.sleep(after_s)
        os.killpg(process.pid, signal.SIGKILL)  # the build and everything it started
        process.communicate()
        after_kills.append((published(root) in (with_claim, cold(built_copy)), pdf_is_whole(root)))
    builds = [build_in_background(root) for _ in range(2)]
    outputs = [b.communicate() for b in builds]
    together = [(b.returncode, out, err) for b, (out, err) in zip(builds, outputs, strict=True)]
    return EditAndRevert(n_claims, readers(root, "data/claims.csv"), added, index_html, pdf_text, sphinx_updates,
                         after_kills, together, pdf_is_whole(root), published_files(root / "_build/html"),
                         digest(root / "_build/pdf/sahel-report.pdf"))


def test_an_added_claim_reruns_only_its_readers_and_refreshes_html_and_pdf(edit_and_revert: EditAndRevert) -> None:
    run = edit_and_revert
    assert run.added.returncode == 0, run.added.stdout + run.added.stderr
    assert sorted(executed(run.added.stdout)) == run.readers
    assert f'<span class="pasted-text">{run.n_claims + 1}</span> claims' in run.index_html
    assert f"{run.n_claims + 1} claims" in " ".join(run.pdf_text.split())


def test_sphinx_rereads_only_the_changed_pages(edit_and_revert: EditAndRevert) -> None:
    """Each Sphinx job keeps its environment and reads again only the pages whose executed notebook changed: none
    finds its configuration changed (the PDF's 'no code' setting is made before Sphinx compares it)."""
    updates = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in edit_and_revert.sphinx_updates]
    assert len(updates) == 4, updates
    for line in updates:
        added, changed_pages = (int(n) for n in re.findall(r"(\d+) (?:added|changed)", line))
        assert "config changed" not in line and added == 0 and 0 < changed_pages < 6, line


@pytest.mark.parametrize("kill", [0, 1])
def test_a_killed_build_keeps_the_last_good_book(edit_and_revert: EditAndRevert, kill: int) -> None:
    assert edit_and_revert.after_kills[kill] == (True, True)


def test_two_builds_at_once_take_turns_and_the_next_one_is_right(edit_and_revert: EditAndRevert) -> None:
    assert [code for code, _, _ in edit_and_revert.together] == [0, 0], edit_and_revert.together
    assert any("Another build" in err and "waiting" in err for _, _, err in edit_and_revert.together)
    assert edit_and_revert.pdf_whole


def test_the_reverted_edit_gives_back_the_cold_build_byte_for_byte(edit_and_revert: EditAndRevert,
                                                                   built_copy: BuiltCopy) -> None:
    changed_files = [name for name in built_copy.published if edit_and_revert.published.get(name)
                     != built_copy.published[name]]
    assert changed_files == [] and sorted(edit_and_revert.published) == sorted(built_copy.published)
    assert edit_and_revert.pdf_sha256 == built_copy.pdf_sha256
