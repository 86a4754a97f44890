"""Build the book safely: validate, refresh stale notebooks, build aside, publish on success.

Staleness rule: Jupyter Book's cache keys a notebook on its own code only. Every chapter
imports this package and reads data/, so a change in any file of src/sahelreport/ or data/
(or references.bib) makes every cached execution stale. The build hashes those files; when the
hash differs from the one of the last successful build, it empties the execution cache and
Sphinx's environment, and every notebook runs again. Otherwise the cache is reused, and a changed notebook alone re-runs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sahelreport import paths
from sahelreport.book.toc import read as read_toc
from sahelreport.data.load import load_dataset
from sahelreport.data.problems import DataValidationError

# Pages in the HTML book only: the PDF, for print, points to them instead (the full chronology
# is a 100-row table; it stays one click away in the HTML and as CSV).
HTML_ONLY_PAGES = ("chapters/chronology",)
DEFAULT_EPOCH = "1735689600"  # 2025-01-01: fixed timestamps in figures and the PDF


class BuildError(RuntimeError):
    """The book could not be built; the last good HTML and PDF are untouched."""


@dataclass
class BuildReport:
    """What a build did: which notebooks ran, and how long each stage took."""

    executed: list[str] = field(default_factory=list)
    cache_cleared: bool = False
    seconds: dict[str, float] = field(default_factory=dict)


def dependency_files() -> list[Path]:
    """Files every notebook depends on beyond its own code."""
    files = [p for p in paths.project().src.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += [p for p in paths.project().data.rglob("*") if p.is_file() and "staging" not in p.parts]
    files.append(paths.project().bibliography)
    return sorted(files)


def dependency_fingerprint() -> str:
    """sha256 over the paths and contents of the dependency files."""
    digest = hashlib.sha256()
    for path in dependency_files():
        digest.update(str(path.relative_to(paths.project().root)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _cache_record_ids() -> dict[int, str]:
    if not paths.project().cache.exists():
        return {}
    from jupyter_cache import get_cache

    return {record.pk: record.uri for record in get_cache(str(paths.project().cache)).list_cache_records()}


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    env["FORCE_SOURCE_DATE"] = "1"  # TeX's \today, \year, \time follow SOURCE_DATE_EPOCH too
    env["SAHELREPORT_ROOT"] = str(paths.project().root)
    env["PYTHONHASHSEED"] = "0"
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    return env


def pdf_toc(out: Path) -> Path:
    """The table of contents of the PDF: the HTML one without the HTML-only pages, and without
    parts (a part is a whole page in print and adds nothing to the chapter titles)."""
    toc = read_toc(paths.project().root)
    chapters = [c for part in toc.pop("parts", []) for c in part["chapters"]] + toc.pop("chapters", [])
    toc["chapters"] = [c for c in chapters if c["file"] not in HTML_ONLY_PAGES]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    return out


def _jupyter_book(builder: str, out: Path, log, toc: Path | None = None) -> None:
    command = [
        str(Path(sys.executable).parent / "jupyter-book"), "build", str(paths.project().root),
        *(["--toc", str(toc)] if toc else []),
        "--path-output", str(out), "--builder", builder, "-W", "-n", "--keep-going",
    ]
    log.write(f"\n$ {' '.join(command)}\n")
    log.flush()
    result = subprocess.run(command, cwd=paths.project().root, env=_environment(), stdout=log, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise BuildError(f"jupyter-book {builder} build failed (exit {result.returncode}); see {paths.project().log}")


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _publish(staged_html: Path, pdf: Path | None) -> None:
    """Replace _build/html (and the PDF) with the new build in one rename each."""
    new_html = paths.project().build / "html.new"
    shutil.rmtree(new_html, ignore_errors=True)
    shutil.copytree(staged_html, new_html)
    if pdf is not None:
        shutil.copy2(pdf, new_html / paths.PDF_NAME)
        paths.project().pdf.parent.mkdir(parents=True, exist_ok=True)
        tmp_pdf = paths.project().pdf.with_suffix(".pdf.new")
        shutil.copy2(pdf, tmp_pdf)
        os.replace(tmp_pdf, paths.project().pdf)
    elif paths.project().pdf.exists():
        shutil.copy2(paths.project().pdf, new_html / paths.PDF_NAME)
    old_html = paths.project().build / "html.old"
    shutil.rmtree(old_html, ignore_errors=True)
    if paths.project().html.exists():
        os.replace(paths.project().html, old_html)
    os.replace(new_html, paths.project().html)
    shutil.rmtree(old_html, ignore_errors=True)


def build(pdf: bool = True) -> BuildReport:
    """Validate the data, then build HTML (and the PDF) aside and publish them together."""
    report = BuildReport()
    start = time.perf_counter()
    load_dataset()  # raises DataValidationError before any notebook runs
    report.seconds["validate"] = time.perf_counter() - start
    paths.project().build.mkdir(exist_ok=True)
    fingerprint = dependency_fingerprint()
    previous = paths.project().fingerprint.read_text().strip() if paths.project().fingerprint.exists() else None
    if previous != fingerprint:
        # Sphinx re-reads (and so re-executes) only documents whose source changed: to refresh
        # every chapter, drop both the execution cache and Sphinx's build environment.
        report.cache_cleared = paths.project().cache.exists() or paths.project().work.exists()
        shutil.rmtree(paths.project().cache, ignore_errors=True)
        shutil.rmtree(paths.project().work, ignore_errors=True)
    before = _cache_record_ids()
    with paths.project().log.open("w", encoding="utf-8") as log:
        stage = time.perf_counter()
        _jupyter_book("html", paths.project().work / "html", log)
        report.seconds["html"] = time.perf_counter() - stage
        built_pdf = None
        if pdf:
            stage = time.perf_counter()
            pdf_work = paths.project().work / "pdf"
            _jupyter_book("pdflatex", pdf_work, log, toc=pdf_toc(pdf_work / "_toc.yml"))
            built_pdf = paths.project().work / "pdf" / "_build" / "latex" / "book.pdf"
            if not built_pdf.is_file():
                raise BuildError(f"LaTeX produced no PDF at {built_pdf}; see {paths.project().log}")
            report.seconds["pdf"] = time.perf_counter() - stage
    after = _cache_record_ids()
    report.executed = sorted(
        str(Path(uri).relative_to(paths.project().root)) for pk, uri in after.items() if pk not in before
    )
    _publish(paths.project().work / "html" / "_build" / "html", built_pdf)
    paths.project().fingerprint.write_text(fingerprint + "\n")
    report.seconds["total"] = time.perf_counter() - start
    return report


def main(pdf: bool = True) -> int:
    """Command-line entry: build, print what happened, exit non-zero on any failure."""
    try:
        report = build(pdf=pdf)
    except DataValidationError as error:
        print(f"Data validation failed; nothing was built, the last good book is kept.\n{error}", file=sys.stderr)
        return 2
    except BuildError as error:
        if paths.project().log.exists():
            print(_tail(paths.project().log), file=sys.stderr)
        print(f"\nBUILD FAILED: {error}\nThe last good book in {paths.project().html} is kept.", file=sys.stderr)
        return 1
    executed = ", ".join(report.executed) or "none (all from cache)"
    timings = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
    print(f"Book built: {paths.project().html / 'index.html'}")
    if pdf:
        print(f"PDF: {paths.project().pdf}")
    print(f"Notebooks executed: {executed}")
    print(f"Times: {timings}")
    return 0
