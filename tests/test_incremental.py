"""The staleness rules of the build, tested in-process: recorded inputs, fingerprints, the lock, the epoch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sahelreport.book import inputs, job_inputs, lock
from sahelreport.book.job_inputs import JobRecord, read_record
from sahelreport.book.manifest import Manifest, environment_key, relevant_inputs


def project(tmp_path: Path) -> Path:
    """A tiny project tree: two chapters, two data files, a module, a lock file."""
    for name, text in {"chapters/a.md": "a", "chapters/b.md": "b", "chapters/chronology.md": "c",
                       "data/events.csv": "id\n1\n", "data/claims.csv": "id\nC01\n", "_static/x.css": "p {}",
                       "src/sahelreport/figures/charts.py": "x = 1\n", "requirements.lock": "pandas==3\n",
                       "_config.yml": "title: t\n", "_toc.yml": "root: index\n", "index.md": "i"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def recorded(root: Path) -> Manifest:
    manifest = Manifest(root, environment_key(root))
    manifest.record(root / "chapters/a.md", [root / "data/events.csv", root / "src/sahelreport/figures/charts.py"])
    manifest.record(root / "chapters/b.md", [root / "data/events.csv", root / "data/claims.csv"])
    return manifest


def test_a_notebook_is_stale_only_when_something_it_read_changed(tmp_path: Path) -> None:
    root = project(tmp_path)
    manifest = recorded(root)
    assert manifest.why_stale(root / "chapters/a.md") is None
    (root / "data/claims.csv").write_text("id\nC01\nC02\n", encoding="utf-8")
    assert manifest.why_stale(root / "chapters/a.md") is None  # a never read the claims
    assert manifest.why_stale(root / "chapters/b.md") == "data/claims.csv changed"
    (root / "src/sahelreport/figures/charts.py").write_text("x = 2\n", encoding="utf-8")
    assert manifest.why_stale(root / "chapters/a.md") == "src/sahelreport/figures/charts.py changed"
    (root / "chapters/b.md").write_text("b, edited", encoding="utf-8")
    assert manifest.why_stale(root / "chapters/b.md") == "chapters/b.md changed"


def test_a_removed_input_an_unknown_notebook_and_a_new_environment_make_it_stale(tmp_path: Path) -> None:
    root = project(tmp_path)
    manifest = recorded(root)
    (root / "data/claims.csv").unlink()
    assert manifest.why_stale(root / "chapters/b.md") == "data/claims.csv is gone"
    assert manifest.why_stale(root / "chapters/new.md") == "never executed"
    (root / "requirements.lock").write_text("pandas==4\n", encoding="utf-8")
    assert manifest.why_stale(root / "chapters/a.md") == "the Python environment changed"


def test_the_manifest_survives_a_round_trip_and_ignores_a_broken_file(tmp_path: Path) -> None:
    root = project(tmp_path)
    manifest = recorded(root)
    manifest.save(tmp_path / "inputs.json")
    again = Manifest.load(tmp_path / "inputs.json", root)
    assert again.notebooks == manifest.notebooks and again.environment == manifest.environment
    assert again.readers("data/claims.csv") == ["chapters/b.md"]
    assert again.readers("data/events.csv") == ["chapters/a.md", "chapters/b.md"]
    (tmp_path / "inputs.json").write_text('{"version": 1, "notebo', encoding="utf-8")  # a build killed mid-write
    assert Manifest.load(tmp_path / "inputs.json", root).notebooks == {}


def test_recorded_inputs_keep_project_files_and_drop_build_outputs(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "_build").mkdir()
    (root / "_build/out.txt").write_text("x", encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-site-packages-module.py"
    outside.write_text("y", encoding="utf-8")
    opened = [str(root / "data/events.csv"), str(root / "_build/out.txt"), "relative.csv", str(root / "missing.csv"),
              str(outside)]
    kept = relevant_inputs(root, opened, [str(outside)])
    assert kept == sorted([root / "data/events.csv", outside.resolve()])


def test_fingerprints_tell_the_pdf_and_sphinx_inputs_apart(tmp_path: Path) -> None:
    root = project(tmp_path)
    before = inputs.Fingerprints.of(root)
    (root / "_static/x.css").write_text("p { color: red }", encoding="utf-8")
    after_css = inputs.Fingerprints.of(root)
    assert after_css.html != before.html and after_css.pdf == before.pdf and after_css.sphinx == before.sphinx
    (root / "chapters/chronology.md").write_text("c, edited", encoding="utf-8")
    assert inputs.Fingerprints.of(root).pdf == before.pdf  # an HTML-only page
    (root / "data/events.csv").write_text("id\n1\n2\n", encoding="utf-8")
    after_data = inputs.Fingerprints.of(root)
    assert after_data.pdf != before.pdf and after_data.sphinx == before.sphinx
    (root / "_config.yml").write_text("title: u\n", encoding="utf-8")
    assert inputs.Fingerprints.of(root).sphinx != before.sphinx


def test_generated_files_are_not_inputs(tmp_path: Path) -> None:
    root = project(tmp_path)
    before = inputs.Fingerprints.of(root)
    (root / "chapters/_downloads_data").mkdir()
    (root / "chapters/_downloads_data/events.csv").write_text("written by a notebook", encoding="utf-8")
    (root / "src/sahelreport/figures/__pycache__").mkdir()
    (root / "src/sahelreport/figures/__pycache__/charts.cpython-311.pyc").write_bytes(b"\0")
    assert inputs.Fingerprints.of(root) == before


def test_source_date_epoch_is_the_last_commit_unless_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert inputs.source_date_epoch(root) == inputs.DEFAULT_EPOCH  # not a git checkout
    env = {**os.environ, "GIT_COMMITTER_DATE": "2026-02-23T12:00:00Z", "GIT_AUTHOR_DATE": "2026-02-23T12:00:00Z",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "x"]):
        subprocess.run(command, cwd=root, env=env, check=True)
    assert inputs.source_date_epoch(root) == "1771848000"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert inputs.source_date_epoch(root) == "1700000000"


HOLD = """
import sys, time
from pathlib import Path
from sahelreport.book.lock import build_lock
with build_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_one_build_at_a_time_and_a_killed_build_releases_the_lock(tmp_path: Path) -> None:
    path = tmp_path / ".build.lock"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(BlockingIOError, match=f"another build \\(pid {holder.pid}\\) is running"), \
                lock.build_lock(path, wait=False):
            pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    start = time.perf_counter()
    with lock.build_lock(path, wait=False):  # kill -9 left no stale lock behind
        assert path.read_text(encoding="utf-8").strip() == str(os.getpid())
    assert time.perf_counter() - start < 5


def test_a_new_commit_date_changes_what_dates_the_pdf(tmp_path: Path) -> None:
    root = project(tmp_path)
    first, later = inputs.Fingerprints.of(root, "1771848000"), inputs.Fingerprints.of(root, "1771934400")
    assert first.pdf != later.pdf and first.html == later.html and first.sphinx == later.sphinx


# --- the early cut-off: a publishing job runs only when what it read or shows changed --------------------------

def job_print(root: Path, record: JobRecord, shown: dict[str, str]) -> str:
    now = inputs.Fingerprints.of(root)
    return inputs.job_fingerprint(root, now.declared(root, "pdf", "en", "en"), record, shown, now.hashes)


def test_a_job_fingerprint_follows_what_the_job_read_and_shows_only(tmp_path: Path) -> None:
    root = project(tmp_path)
    record = JobRecord(files=("data/events.csv",), folders=("_static",))
    shown = {"chapters/a.md": "sha-a"}
    before = job_print(root, record, shown)
    (root / "data/claims.csv").write_text("id\nC01\nC02\n", encoding="utf-8")  # data the job never read
    (root / "src/sahelreport/figures/charts.py").write_text("x = 2\n", encoding="utf-8")  # nor imported
    assert job_print(root, record, shown) == before
    assert job_print(root, record, {"chapters/a.md": "sha-a, executed again with another output"}) != before
    (root / "data/events.csv").write_text("id\n1\n2\n", encoding="utf-8")
    after_read = job_print(root, record, shown)
    assert after_read != before
    (root / "_static/y.css").write_text("p {}", encoding="utf-8")  # a new file in a folder it listed
    after_listing = job_print(root, record, shown)
    assert after_listing != after_read
    (root / "_static/y.css").write_text("p { color: red }", encoding="utf-8")  # same names in the folder
    assert job_print(root, record, shown) == after_listing
    (root / "index.md").write_text("i, edited", encoding="utf-8")  # a declared input: a page
    assert job_print(root, record, shown) != after_listing


def test_a_job_record_keeps_the_project_files_it_read_and_nothing_generated(tmp_path: Path) -> None:
    root = project(tmp_path)
    (root / "_build/html").mkdir(parents=True)
    (root / "_build/html/page.html").write_text("out", encoding="utf-8")
    raw = {"opened": [str(root / "data/events.csv"), str(root / "_build/html/page.html"), "/etc/hostname"],
           "listed": [str(root), str(root / "_static"), str(root / "_build/html")],
           "modules": [str(root / "src/sahelreport/figures/charts.py")]}
    (root / "record.json").write_text(json.dumps(raw), encoding="utf-8")
    record = read_record(root / "record.json", root)
    assert record == JobRecord(files=("data/events.csv", "src/sahelreport/figures/charts.py"), folders=("_static",))
    assert read_record(root / "missing.json", root) == JobRecord()
    assert JobRecord.from_dict(record.as_dict()) == record
    assert record.union(JobRecord(files=("index.md",))).files == ("data/events.csv", "index.md",
                                                                  "src/sahelreport/figures/charts.py")
    older = JobRecord(files=("data/places.csv", "src/sahelreport/book/citations.py", "src/sahelreport/figures/maps.py"),
                      folders=("_static",))
    assert older.carried_over() == JobRecord(files=("data/places.csv", "src/sahelreport/book/citations.py"),
                                             folders=("_static",))


def test_a_notebook_record_says_whether_its_executed_copy_changed(tmp_path: Path) -> None:
    root = project(tmp_path)
    manifest = Manifest(root, environment_key(root))
    assert manifest.record(root / "chapters/a.md", [], "sha-1") is True  # never recorded before
    assert manifest.record(root / "chapters/a.md", [], "sha-1") is False
    assert manifest.output(root / "chapters/a.md") == "sha-1"
    assert manifest.record(root / "chapters/a.md", [], "sha-2") is True
    assert manifest.output(root / "chapters/b.md") == ""


def test_a_recording_process_writes_what_it_opened_listed_and_imported(tmp_path: Path) -> None:
    root = project(tmp_path)
    target = tmp_path / "record.json"
    script = ("import os, sahelreport.book.job_inputs as j; j.record_if_asked(); "
              f"open({str(root / 'data/events.csv')!r}).read(); os.listdir({str(root / '_static')!r})")
    env = {**os.environ, job_inputs.RECORD_ENV: str(target)}
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
    raw = json.loads(target.read_text(encoding="utf-8"))
    assert str(root / "data/events.csv") in raw["opened"] and str(root / "_static") in raw["listed"]
    assert any(m.endswith("book/job_inputs.py") for m in raw["modules"])


def test_the_shown_digest_of_a_notebook_ignores_cell_ids_and_timings_only() -> None:
    import nbformat

    from sahelreport.book.build import shown_digest

    def executed(cell_id: str, started: str, text: str) -> nbformat.NotebookNode:
        cell = nbformat.v4.new_code_cell("print(1)", id=cell_id, metadata={"execution": {"started": started}})
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
        return nbformat.v4.new_notebook(cells=[cell])

    first = shown_digest(executed("aaaa", "10:00", "1\n"))
    assert shown_digest(executed("bbbb", "11:00", "1\n")) == first
    assert shown_digest(executed("aaaa", "10:00", "2\n")) != first
