"""The edition changelog: the working data compared with the previous edition's commit, in a scratch git repo."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sahelreport.book import changes

from .conftest import BIB, CLAIMS, EVENTS, write_csv

GIT_ENV = {"GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "test",
           "GIT_COMMITTER_EMAIL": "test@example.org"}
NEW_EVENT = {**EVENTS[1], "id": "2025-test-added", "date": "2025-04-01", "title": "An event added in this edition"}
NEW_SOURCE = "@misc{testadded2025,\n  title = {{Added}},\n  year = {2025}\n}\n"


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT_ENV}, check=True, capture_output=True,
                          text=True).stdout.strip()


def write_editions(root: Path, *commits: str) -> None:
    lines = ["editions:"] + [f"  - version: '0.{n}.0'\n    date: 2026-0{n}-01\n    commit: {commit}"
                             for n, commit in enumerate(commits, 1)]
    (root / changes.EDITIONS_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A git repo whose first commit is edition 0.1.0; then, uncommitted: an event added, one event's title and
    sources changed, the claim's status changed, a bibliography entry added and one removed."""
    root = tmp_path / "report"
    (root / "data").mkdir(parents=True)
    write_csv(root / "data" / "events.csv", EVENTS)
    write_csv(root / "data" / "claims.csv", CLAIMS)
    (root / "references.bib").write_text(BIB, encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "edition 0.1.0")
    write_editions(root, git(root, "rev-parse", "HEAD"), "")
    changed = {**EVENTS[0], "title": "Army retakes Kidal", "sources": "testsource2024"}
    write_csv(root / "data" / "events.csv", [changed, EVENTS[1], NEW_EVENT])
    write_csv(root / "data" / "claims.csv", [{**CLAIMS[0], "status": "contested"}])
    (root / "references.bib").write_text(BIB.replace("@misc{testblog2024", "@misc{testblogrenamed2024") + NEW_SOURCE,
                                         encoding="utf-8")
    return root


def test_compare_finds_each_kind_of_change(scratch: Path) -> None:
    editions = changes.read_editions(scratch / changes.EDITIONS_FILE)
    found = changes.compare(changes.edition_files(scratch, editions[0]), changes.working_files(scratch))
    assert [e["id"] for e in found.events_added] == ["2025-test-added"]
    assert found.events_removed == []
    assert found.events_changed == {"2023-kidal-taken": [("title", "Army takes Kidal", "Army retakes Kidal"),
                                                         ("sources", "testsource2024;testpress2024", "testsource2024")]}
    assert found.claims_status == [("C01", "incorrect", "contested")]
    assert (found.sources_added, found.sources_removed) == (["testadded2025", "testblogrenamed2024"], ["testblog2024"])


def test_page_lists_the_added_event_and_the_old_and_new_values(scratch: Path) -> None:
    page = changes.page_markdown(scratch)
    assert set(page) == set(changes.SECTIONS)
    assert "1 events added, 0 removed and 1 changed; 1 claims changed status; 2 sources added and 1 removed" \
        in page["summary"]
    assert "| `2025-test-added` | 2025\\-04\\-01 | An event added in this edition |" in page["events_added"]
    assert "| 2023\\-kidal\\-taken | `title` | Army takes Kidal | Army retakes Kidal |" in page["events_changed"]
    assert "| C01 | incorrect | contested |" in page["claims"]
    assert "testadded2025" in page["sources"] and "testblog2024" in page["sources"]


def test_fields_only_one_edition_has_are_listed_apart(scratch: Path) -> None:
    rows = list(csv.DictReader((scratch / "data" / "events.csv").open(encoding="utf-8")))
    write_csv(scratch / "data" / "events.csv", [{**row, "new_field": "x"} for row in rows])
    page = changes.page_markdown(scratch)
    assert "added in this edition: new\\_field" in page["summary"]
    assert "new\\_field" not in page["events_changed"]


def test_without_history_the_page_says_so(scratch: Path, tmp_path: Path) -> None:
    """A tarball (no .git) or a clone without the previous commit: a clear note on the page, no exception."""
    tarball = tmp_path / "tarball"
    shutil.copytree(scratch, tarball, ignore=shutil.ignore_patterns(".git"))
    page = changes.page_markdown(tarball)
    assert page["summary"].startswith("**The changes cannot be listed in this copy.**")
    assert "no git history that holds it" in page["summary"]
    assert all(text == "Not available in this copy (see above).\n" for name, text in page.items() if name != "summary")
    write_editions(scratch, "0" * 40, "")  # a commit this repository does not have
    assert "cannot be listed" in changes.page_markdown(scratch)["summary"]


def test_a_fresh_copy_fetches_the_previous_edition(scratch: Path, tmp_path: Path) -> None:
    """A copy with a new repository (as the determinism test makes) lists the same changes after fetch_editions."""
    copy = tmp_path / "copy"
    shutil.copytree(scratch, copy, ignore=shutil.ignore_patterns(".git"))
    git(copy, "init", "-q")
    assert "cannot be listed" in changes.page_markdown(copy)["summary"]
    changes.fetch_editions(copy, scratch)
    assert changes.page_markdown(copy) == changes.page_markdown(scratch)


def test_first_edition_has_nothing_to_compare(scratch: Path) -> None:
    write_editions(scratch, "")
    assert "first edition" in changes.page_markdown(scratch)["summary"]


@pytest.mark.parametrize(("text", "message"), [
    ("editions: []\n", "at least one edition"),
    ("editions:\n  - version: '1'\n", "needs a version and a date"),
    ("editions:\n  - {version: '1', date: 2026-02-30}\n", "not valid YAML: day is out of range"),
    ("editions:\n  - {version: '1', date: 'soon'}\n", "is not YYYY-MM-DD"),
])
def test_bad_editions_file_is_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / changes.EDITIONS_FILE
    path.write_text(text, encoding="utf-8")
    with pytest.raises(changes.EditionsError, match=message):
        changes.read_editions(path)


def test_project_editions_start_with_the_first_edition() -> None:
    first = changes.read_editions()[0]
    assert (first.version, first.commit[:7]) == ("0.1.0", "614f6bd")
