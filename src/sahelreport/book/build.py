"""Build the book safely and do only what changed.

1. One build at a time (`book.lock`); a second one waits, saying so.
2. Nothing changed since the last published book, and it is intact: say so and stop (no Sphinx, no LaTeX).
3. Validate every data file; any problem stops the build before a notebook runs (exit 2).
4. Execute only the stale notebooks (`book.manifest` says which), in parallel, recording what each one reads;
   the results go into Jupyter Book's execution cache, so HTML and PDF share one execution.
5. Build the HTML and, when an input of the PDF changed, the PDF, aside in _build/work (both at once).
6. Publish: the new HTML folder replaces the old one by one atomic switch of the `_build/html` link, the PDF by
   one rename. A failure or a kill at any moment leaves the last good book published; the next build is correct.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sahelreport import paths
from sahelreport.book import brief, toc
from sahelreport.book.inputs import DEFAULT_EPOCH, Fingerprints, Published, source_date_epoch
from sahelreport.book.lock import build_lock
from sahelreport.book.manifest import Manifest, environment_key, relevant_inputs
from sahelreport.book.quick_imports import skip_slow_optional_imports
from sahelreport.data.problems import DataValidationError

# Pages in the HTML book only: the PDF, for print, points to them instead (the full chronology
# is a long table; it stays one click away in the HTML and as CSV; the interactive map and the edition changelog
# are research tools, for which the static maps and the data downloads stand in print).
HTML_ONLY_PAGES = ("chapters/chronology", "chapters/map", "chapters/changes")
KERNEL_EPOCH = DEFAULT_EPOCH  # figures carry no date of their own, so a new commit does not change them


class BuildError(RuntimeError):
    """The book could not be built; the last good HTML and PDF are untouched."""


@dataclass
class BuildReport:
    """What a build did: which notebooks ran (and why), whether LaTeX ran, how long each stage took."""

    executed: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    nothing_changed: bool = False
    pdf_built: bool = False
    seconds: dict[str, float] = field(default_factory=dict)


def notebooks(root: Path) -> list[Path]:
    """The documents of the book that are notebooks (MyST Markdown with a kernelspec), in book order."""
    return [source for source in toc.documents(root)
            if source.suffix == ".md" and "kernelspec:" in source.read_text(encoding="utf-8").split("\n---", 1)[0]]


def pdf_toc(root: Path, out: Path) -> Path:
    """The table of contents of the PDF: the HTML one without the HTML-only pages, and without
    parts (a part is a whole page in print and adds nothing to the chapter titles)."""
    contents = toc.read(root)
    chapters = [c for part in contents.pop("parts", []) for c in part["chapters"]] + contents.pop("chapters", [])
    contents["chapters"] = [c for c in chapters if c["file"] not in HTML_ONLY_PAGES]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(yaml.safe_dump(contents, sort_keys=False), encoding="utf-8")
    return out


def _environment(root: Path, epoch: str) -> dict[str, str]:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = epoch
    env["FORCE_SOURCE_DATE"] = "1"  # TeX's \today, \year, \time follow SOURCE_DATE_EPOCH too
    env["SAHELREPORT_ROOT"] = str(root)
    env["PYTHONHASHSEED"] = "0"
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    return env


def _cache(where: paths.Paths):
    from jupyter_cache import get_cache

    return get_cache(str(where.cache))


def _is_cached(cache, source: Path) -> bool:
    from sahelreport.book.execute import read_notebook

    try:
        cache.match_cache_notebook(read_notebook(source))
    except KeyError:
        return False
    return True


def stale_notebooks(where: paths.Paths, manifest: Manifest) -> dict[Path, str]:
    """Each notebook that must run again, with the reason."""
    cache = _cache(where)
    stale = {}
    for source in notebooks(where.root):
        reason = manifest.why_stale(source) or (None if _is_cached(cache, source) else "not in the execution cache")
        if reason:
            stale[source] = reason
    return stale


def _store(where: paths.Paths, manifest: Manifest, executed) -> None:
    """Put executed notebooks into the execution cache and their inputs into the manifest; mark them for Sphinx."""
    from jupyter_cache.base import CacheBundleIn

    cache = _cache(where)
    for run in executed:
        uri = str(run.source)
        for record in cache.list_cache_records():
            if record.uri == uri:
                cache.remove_cache(record.pk)  # the older execution of the same notebook
        cache.cache_notebook_bundle(CacheBundleIn(run.notebook, uri, data={"execution_seconds": run.seconds}),
                                    check_validity=False, overwrite=True)
        manifest.record(run.source, relevant_inputs(where.root, run.opened, run.modules))
        os.utime(run.source)  # Sphinx re-reads a document whose source is newer than its last reading
    manifest.environment = environment_key(where.root)
    manifest.save(where.cache / "inputs.json")


def _jupyter_book(root: Path, builder: str, out: Path, log: Path, env: dict[str, str], toc: Path | None = None) -> None:
    command = [
        sys.executable, "-m", "sahelreport.book.jupyter_book_cli", "build", str(root),
        *(["--toc", str(toc)] if toc else []),
        "--path-output", str(out), "--builder", builder, "-W", "-n", "--keep-going",
    ]
    with log.open("w", encoding="utf-8") as handle:
        handle.write(f"$ {' '.join(command)}\n")
        handle.flush()
        result = subprocess.run(command, cwd=root, env=env, stdout=handle, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise BuildError(f"jupyter-book {builder} build failed (exit {result.returncode}); see {log}")


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _publish(where: paths.Paths, staged_html: Path, pdf: Path | None, brief_pdf: Path | None = None) -> None:
    """Switch _build/html to a complete new copy in one atomic step, and rename the new PDF and brief into place."""
    sites = where.build / "site"
    sites.mkdir(exist_ok=True)
    if where.html.is_dir() and not where.html.is_symlink():  # a book published by an older build
        os.replace(where.html, sites / "html-previous")
        os.symlink(Path("site") / "html-previous", where.html)
    new = sites / f"html-{time.time_ns()}"
    shutil.copytree(staged_html, new)
    for built, published in ((pdf, where.pdf), (brief_pdf, where.brief)):
        if built is not None:
            published.parent.mkdir(parents=True, exist_ok=True)
            tmp_pdf = published.with_suffix(".pdf.new")
            shutil.copy2(built, tmp_pdf)
            os.replace(tmp_pdf, published)
        if published.exists():
            shutil.copy2(published, new / published.name)
    link = where.build / "html.new"
    link.unlink(missing_ok=True)
    os.symlink(Path("site") / new.name, link)
    os.replace(link, where.html)
    for old in sites.iterdir():
        if old != new:
            shutil.rmtree(old, ignore_errors=True)


def _intact(where: paths.Paths, published: Published, pdf: bool) -> bool:
    from sahelreport.book.manifest import file_sha256

    if not (where.html / "index.html").is_file():
        return False
    return not pdf or (bool(published.pdf_sha256) and file_sha256(where.pdf) == published.pdf_sha256
                       and bool(published.brief_sha256) and file_sha256(where.brief) == published.brief_sha256)


def _fresh_sphinx(where: paths.Paths) -> None:
    """Forget Sphinx's environments (not the executed notebooks): every page is read again."""
    for builder in ("html", "pdf"):
        shutil.rmtree(where.work / builder / "_build" / ".doctrees", ignore_errors=True)


def _sphinx(where: paths.Paths, html: bool, pdf: bool, report: BuildReport, epoch: str) -> Path | None:
    """Run the HTML and PDF builds side by side; return the built PDF (or None)."""
    env = _environment(where.root, epoch)
    jobs = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        if html:
            # Sphinx never deletes what an earlier build wrote (an image no page shows any more): start from an
            # empty output folder. Its environment is kept, so it writes every page but reads only changed ones.
            shutil.rmtree(where.work / "html" / "_build" / "html", ignore_errors=True)
            jobs["html"] = pool.submit(_jupyter_book, where.root, "html", where.work / "html", where.build / "html.log",
                                       env)
        if pdf:
            pdf_work = where.work / "pdf"
            # latexmk rebuilds only when a .tex changed: without the old PDF it must run (a new date, say).
            (pdf_work / "_build" / "latex" / "book.pdf").unlink(missing_ok=True)
            jobs["pdf"] = pool.submit(_jupyter_book, where.root, "pdflatex", pdf_work, where.build / "pdf.log", env,
                                      pdf_toc(where.root, pdf_work / "_toc.yml"))
            jobs["brief"] = pool.submit(_brief, where, env)
        for name, job in jobs.items():
            start = time.perf_counter()
            job.result()
            report.seconds[name] = time.perf_counter() - start
    _combine_logs(where, list(jobs))
    if not pdf:
        return None
    built = where.work / "pdf" / "_build" / "latex" / "book.pdf"
    if not built.is_file():
        raise BuildError(f"LaTeX produced no PDF at {built}; see {where.log}")
    return built


def _brief(where: paths.Paths, env: dict[str, str]) -> None:
    """The policy brief (book.brief), made beside the PDF from the same executed notebooks."""
    try:
        brief.build_brief(where, env)
    except brief.BriefError as error:
        raise BuildError(str(error)) from None


def _combine_logs(where: paths.Paths, names: list[str]) -> None:
    with where.log.open("w", encoding="utf-8") as log:
        for name in names:
            part = where.build / f"{name}.log"
            if part.exists():
                log.write(part.read_text(encoding="utf-8", errors="replace"))


def build(pdf: bool = True) -> BuildReport:
    """Build what changed; raise DataValidationError or BuildError and keep the last good book on failure."""
    skip_slow_optional_imports()
    where = paths.project()
    report = BuildReport()
    start = time.perf_counter()
    with build_lock(where.build / ".build.lock"):
        published = Published.load(where.build / ".published.json")
        epoch = source_date_epoch(where.root)
        now = Fingerprints.of(where.root, epoch)
        if now.book == published.book and _intact(where, published, pdf):
            report.nothing_changed = True
            report.seconds["total"] = time.perf_counter() - start
            return report
        from sahelreport.data.load import VALIDATED_ENV, load_dataset

        load_dataset()  # raises DataValidationError before any notebook runs
        report.seconds["validate"] = time.perf_counter() - start
        manifest = Manifest.load(where.cache / "inputs.json", where.root)
        stale = stale_notebooks(where, manifest)
        stage = time.perf_counter()
        if stale:
            from sahelreport.book.execute import ExecutionFailed, execute_all

            try:
                kernel_env = {**_environment(where.root, KERNEL_EPOCH), VALIDATED_ENV: "1"}  # validated above, once
                executed = execute_all(list(stale), kernel_env, where.build / "kernels")
            except ExecutionFailed as error:
                raise BuildError(str(error)) from None
            _store(where, manifest, executed)
        report.executed = sorted(str(s.relative_to(where.root)) for s in stale)
        report.reasons = {str(s.relative_to(where.root)): why for s, why in stale.items()}
        report.seconds["execute"] = time.perf_counter() - stage
        if now.sphinx != published.sphinx:
            _fresh_sphinx(where)
        want_pdf = pdf and (now.pdf != published.pdf or not _intact(where, published, True))
        built_pdf = _sphinx(where, html=True, pdf=want_pdf, report=report, epoch=epoch)
        report.pdf_built = built_pdf is not None
        _publish(where, where.work / "html" / "_build" / "html", built_pdf, brief.built(where) if built_pdf else None)
        from sahelreport.book.manifest import file_sha256

        Published(book=now.book if pdf else "", pdf=now.pdf if pdf else published.pdf,
                  sphinx=now.sphinx, pdf_sha256=file_sha256(where.pdf),
                  brief_sha256=file_sha256(where.brief)).save(where.build / ".published.json")
    report.seconds["total"] = time.perf_counter() - start
    return report


def main(pdf: bool = True) -> int:
    """Command-line entry: build, print what happened, exit non-zero on any failure."""
    where = paths.project()
    try:
        report = build(pdf=pdf)
    except DataValidationError as error:
        print(f"Data validation failed; nothing was built, the last good book is kept.\n{error}", file=sys.stderr)
        return 2
    except BuildError as error:
        if where.log.exists():
            print(_tail(where.log), file=sys.stderr)
        print(f"\nBUILD FAILED: {error}\nThe last good book in {where.html} is kept.", file=sys.stderr)
        return 1
    if report.nothing_changed:
        print(f"Nothing changed since the last build: the published book is up to date ({where.html / 'index.html'}).")
        return 0
    ran = ", ".join(f"{nb} ({why})" for nb, why in report.reasons.items()) or "none (all from cache)"
    timings = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
    print(f"Book built: {where.html / 'index.html'}")
    if pdf:
        print(f"PDF: {where.pdf}" + ("" if report.pdf_built else " (unchanged: no input of the PDF changed)"))
        print(f"Policy brief: {where.brief}")
    print(f"Notebooks executed: {ran}")
    print(f"Times: {timings}")
    return 0
