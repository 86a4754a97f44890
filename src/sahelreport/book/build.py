"""Build the book safely and do only what changed.

1. One build at a time (`book.lock`); a second one waits, saying so.
2. Nothing changed since the last published book, and it is intact: say so and stop (no Sphinx, no LaTeX).
3. Validate every data file; any problem stops the build before a notebook runs (exit 2).
4. Execute only the stale notebooks (`book.manifest` says which) of every language edition
   (`book.language_edition`: each executes in its own language into its own cache), all in one parallel pool,
   recording what each one reads; the results go into Jupyter Book's execution cache, so an edition's HTML and
   PDF share one execution.
5. Build, aside in _build/work, the HTML of each edition whose inputs changed and, when an input of a PDF
   changed, that PDF (two at a time). An edition whose inputs did not change is published again as it was.
6. Publish: the new HTML folder (the English book, the French one in fr/) replaces the old one by one atomic
   switch of the `_build/html` link, each PDF by one rename. A failure or a kill at any moment leaves the last
   good book published; the next build is correct.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sahelreport import paths
from sahelreport.book import brief, catalogues, language_edition, toc
from sahelreport.book.imports import PACKAGE_NAME
from sahelreport.book.inputs import DEFAULT_EPOCH, Fingerprints, Published, job_fingerprint, source_date_epoch
from sahelreport.book.job_inputs import RECORD_ENV, JobRecord, read_record
from sahelreport.book.jupyter_book_cli import BUILDER_ENV
from sahelreport.book.language_edition import EDITIONS, ENGLISH, TRANSLATIONS, LanguageEdition
from sahelreport.book.lock import build_lock
from sahelreport.book.manifest import Manifest, environment_key, relevant_inputs
from sahelreport.book.quick_imports import skip_slow_optional_imports
from sahelreport.data.problems import DataValidationError

# Pages in the HTML book only: the PDF, for print, points to them instead (the full chronology
# is a long table; it stays one click away in the HTML and as CSV; the interactive map and the edition changelog
# are research tools, for which the static maps and the data downloads stand in print).
HTML_ONLY_PAGES = ("chapters/chronology", "chapters/map", "chapters/changes")
KERNEL_EPOCH = DEFAULT_EPOCH  # figures carry no date of their own, so a new commit does not change them
LANGUAGES = tuple(e.code for e in EDITIONS)


class BuildError(RuntimeError):
    """The book could not be built; the last good HTML and PDF are untouched."""


@dataclass
class BuildReport:
    """What a build did: which notebooks ran (and why), whether LaTeX ran, how long each stage took."""

    executed: list[str] = field(default_factory=list)  # of the master (English) edition
    reasons: dict[str, str] = field(default_factory=dict)
    translated: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> {notebook: reason}
    nothing_changed: bool = False
    pdf_built: bool = False
    pdfs_built: list[str] = field(default_factory=list)  # language codes
    html_built: list[str] = field(default_factory=list)
    brief_built: bool = False
    unchanged_jobs: list[str] = field(default_factory=list)  # would have run, but nothing they show changed
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


def _cache(where: paths.Paths, edition: LanguageEdition = ENGLISH):
    from jupyter_cache import get_cache

    return get_cache(str(edition.cache(where)))


def _is_cached(cache, source: Path) -> bool:
    from sahelreport.book.execute import read_notebook

    try:
        cache.match_cache_notebook(read_notebook(source))
    except KeyError:
        return False
    return True


def stale_notebooks(where: paths.Paths, manifest: Manifest, edition: LanguageEdition = ENGLISH) -> dict[Path, str]:
    """Each notebook of an edition that must run again, with the reason."""
    cache = _cache(where, edition)
    stale = {}
    for source in notebooks(where.root):
        reason = manifest.why_stale(source) or (None if _is_cached(cache, source) else "not in the execution cache")
        if reason:
            stale[source] = reason
    return stale


def manifest_path(where: paths.Paths, edition: LanguageEdition = ENGLISH) -> Path:
    """The recorded inputs of an edition's executed notebooks."""
    return edition.cache(where) / "inputs.json"


def shown_digest(notebook: dict) -> str:
    """The sha256 of what a page shows of an executed notebook: its cells and outputs, without the cell ids
    (new random ones at each reading of the text) and execution timings, which no page shows."""
    import copy
    import json

    shown = copy.deepcopy(notebook)
    shown.get("metadata", {}).pop("execution", None)
    for cell in shown.get("cells", []):
        cell.pop("id", None)
        cell.get("metadata", {}).pop("execution", None)
    return hashlib.sha256(json.dumps(shown, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _store(where: paths.Paths, manifest: Manifest, executed, edition: LanguageEdition = ENGLISH) -> None:
    """Put executed notebooks into the execution cache and their inputs into the manifest; mark for Sphinx those
    whose shown output changed."""
    from jupyter_cache.base import CacheBundleIn

    cache = _cache(where, edition)
    for run in executed:
        uri = str(run.source)
        for record in cache.list_cache_records():
            if record.uri == uri:
                cache.remove_cache(record.pk)  # the older execution of the same notebook
        cache.cache_notebook_bundle(CacheBundleIn(run.notebook, uri, data={"execution_seconds": run.seconds}),
                                    check_validity=False, overwrite=True)
        if manifest.record(run.source, relevant_inputs(where.root, run.opened, run.modules), shown_digest(run.notebook)):
            os.utime(run.source)  # Sphinx re-reads a document whose source is newer than its last reading
    manifest.environment = environment_key(where.root)
    manifest.save(manifest_path(where, edition))


def _jupyter_book(root: Path, builder: str, out: Path, log: Path, env: dict[str, str], toc: Path | None = None,
                  config: Path | None = None) -> None:
    command = [
        sys.executable, "-m", "sahelreport.book.jupyter_book_cli", "build", str(root),
        *(["--toc", str(toc)] if toc else []), *(["--config", str(config)] if config else []),
        "--path-output", str(out), "--builder", builder, "-W", "-n", "--keep-going",
    ]
    with log.open("w", encoding="utf-8") as handle:
        handle.write(f"$ {' '.join(command)}\n")
        handle.flush()
        result = subprocess.run(command, cwd=root, env={**env, BUILDER_ENV: builder}, stdout=handle,
                                stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise BuildError(f"jupyter-book {builder} build failed (exit {result.returncode}); see {log}")


def _pdf(root: Path, out: Path, log: Path, env: dict[str, str], toc: Path, config: Path) -> None:
    """One edition's PDF: Sphinx writes the LaTeX and exits, then LaTeX runs (`make all-pdf` in the output, as
    jupyter-book's pdflatex builder does, but with Sphinx's memory freed while XeLaTeX holds its own)."""
    _jupyter_book(root, "latex", out, log, env, toc, config)
    with log.open("a", encoding="utf-8") as handle:
        handle.write("$ make all-pdf\n")
        handle.flush()
        result = subprocess.run([os.environ.get("MAKE", "make"), "all-pdf"], cwd=out / "_build" / "latex", env=env,
                                stdout=handle, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise BuildError(f"pdflatex build failed: LaTeX stopped (exit {result.returncode}); see {log}")


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _published_edition(where: paths.Paths, edition: LanguageEdition) -> Path:
    return where.html / edition.html_subfolder()


def _publish(where: paths.Paths, staged: dict[str, Path], pdfs: dict[str, Path], brief_pdf: Path | None) -> None:
    """Switch _build/html to a complete new copy in one atomic step (each edition from its new build, or from
    the published book when it was not built again), and rename each new PDF and the brief into place."""
    sites = where.build / "site"
    sites.mkdir(exist_ok=True)
    if where.html.is_dir() and not where.html.is_symlink():  # a book published by an older build
        os.replace(where.html, sites / "html-previous")
        os.symlink(Path("site") / "html-previous", where.html)
    new = sites / f"html-{time.time_ns()}"
    translations = {e.html_subfolder() for e in TRANSLATIONS}
    for edition in EDITIONS:
        source = staged[edition.code].resolve()
        if not source.is_dir():  # an edition this build did not cover and no build has published yet
            continue
        skip = shutil.ignore_patterns(*translations) if edition.master else None
        shutil.copytree(source, new / edition.html_subfolder(), ignore=skip, dirs_exist_ok=True)
    published_pdfs = [(pdfs.get(e.code), e.pdf(where), e.html_subfolder()) for e in EDITIONS]
    for built, published, folder in [*published_pdfs, (brief_pdf, where.brief, "")]:
        if built is not None:
            published.parent.mkdir(parents=True, exist_ok=True)
            tmp_pdf = published.with_suffix(".pdf.new")
            shutil.copy2(built, tmp_pdf)
            os.replace(tmp_pdf, published)
        if published.exists():
            shutil.copy2(published, new / folder / published.name)
    link = where.build / "html.new"
    link.unlink(missing_ok=True)
    os.symlink(Path("site") / new.name, link)
    os.replace(link, where.html)
    for old in sites.iterdir():
        if old != new:
            shutil.rmtree(old, ignore_errors=True)


def _html_intact(where: paths.Paths, edition: LanguageEdition) -> bool:
    return (_published_edition(where, edition) / "index.html").is_file()


def _intact(path: Path, sha: str) -> bool:
    from sahelreport.book.manifest import file_sha256

    return bool(sha) and file_sha256(path) == sha


def _pdf_intact(where: paths.Paths, published: Published, edition: LanguageEdition) -> bool:
    """The edition's published PDF (and, for the master edition, the brief) is the one the last build made."""
    return (_intact(edition.pdf(where), published.pdf_sha256.get(edition.code, ""))
            and (not edition.master or _brief_intact(where, published)))


def _brief_intact(where: paths.Paths, published: Published) -> bool:
    return _intact(where.brief, published.brief_sha256)


def selected_editions(languages: list[str] | None) -> list[LanguageEdition]:
    """The editions a build covers, in book order (all of them by default); an unknown code is a BuildError."""
    if not languages:
        return list(EDITIONS)
    try:
        chosen = {language_edition.edition(code).code for code in languages}
    except KeyError as error:
        raise BuildError(str(error.args[0])) from None
    return [e for e in EDITIONS if e.code in chosen]


def _fresh_sphinx(where: paths.Paths) -> None:
    """Forget Sphinx's environments (not the executed notebooks): every page is read again."""
    for edition in EDITIONS:
        for builder in ("html", "pdf"):
            shutil.rmtree(edition.work(where, builder) / "_build" / ".doctrees", ignore_errors=True)


def _timed(seconds: dict[str, float], name: str, job: Callable[..., object], *args: object) -> None:
    start = time.perf_counter()
    job(*args)
    seconds[name] = time.perf_counter() - start


def job_name(builder: str, edition: LanguageEdition) -> str:
    """A publishing job's name: `html`, `pdf` for the master edition, `html-fr`, `pdf-fr` for a translation."""
    return builder if edition.master else f"{builder}-{edition.code}"


def _record_path(where: paths.Paths, job: str) -> Path:
    return where.work / "records" / f"{job}.json"


def _recording(where: paths.Paths, job: str, env: dict[str, str]) -> dict[str, str]:
    """The job's environment, asking its process to record what it reads (`book.job_inputs`)."""
    record = _record_path(where, job)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.unlink(missing_ok=True)
    return {**env, RECORD_ENV: str(record)}


@dataclass
class Jobs:
    """The publishing jobs a build runs: the editions whose HTML and whose PDF are built, and the brief."""

    html: list[LanguageEdition] = field(default_factory=list)
    pdf: list[LanguageEdition] = field(default_factory=list)
    brief: bool = False

    def names(self) -> list[str]:
        return ([job_name("html", e) for e in self.html] + [job_name("pdf", e) for e in self.pdf]
                + (["brief"] if self.brief else []))


def _sphinx(where: paths.Paths, jobs: Jobs, report: BuildReport, epoch: str) -> dict[str, Path]:
    """Run the PDF, brief and HTML builds, two at a time, the long LaTeX ones first; return the built PDFs by
    language. Each job's own time goes into the report, what it read into its record."""
    from sahelreport.data.load import VALIDATED_ENV

    env = {**_environment(where.root, epoch), VALIDATED_ENV: "1"}  # validated before: each job reads what it uses
    futures = {}
    logs = [e.log(where, "html") for e in jobs.html] + [e.log(where, "pdf") for e in jobs.pdf]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for edition in sorted(jobs.pdf, key=lambda e: e.master):  # the translations' PDFs take longest (babel)
            out = edition.work(where, "pdf")
            # latexmk rebuilds only when a .tex changed: without the old PDF it must run (a new date, say).
            (out / "_build" / "latex" / "book.pdf").unlink(missing_ok=True)
            name = job_name("pdf", edition)
            futures[name] = pool.submit(_timed, report.seconds, name, _pdf, where.root, out,
                                        edition.log(where, "pdf"),
                                        _recording(where, name, {**env, **edition.kernel_environment()}),
                                        pdf_toc(where.root, out / "_toc.yml"), edition.config(where))
        if jobs.brief:
            logs.append(where.build / "brief.log")
            futures["brief"] = pool.submit(_timed, report.seconds, "brief", _brief, where,
                                           _recording(where, "brief", env))
        for edition in jobs.html:
            out = edition.work(where, "html")
            # Sphinx never deletes what an earlier build wrote (an image no page shows any more): start from an
            # empty output folder. Its environment is kept, so it writes every page but reads only changed ones.
            shutil.rmtree(out / "_build" / "html", ignore_errors=True)
            name = job_name("html", edition)
            futures[name] = pool.submit(_timed, report.seconds, name, _jupyter_book, where.root, "html", out,
                                        edition.log(where, "html"),
                                        _recording(where, name, {**env, **edition.kernel_environment()}),
                                        edition.toc(where), edition.config(where))
        try:
            for future in futures.values():
                future.result()
        except BuildError:
            for edition in jobs.pdf:  # LaTeX's auxiliary files of a failed run could fail the next run too
                for suffix in ("aux", "toc", "lof", "lot", "out"):
                    for aux in (edition.work(where, "pdf") / "_build" / "latex").glob(f"*.{suffix}"):
                        aux.unlink()
            raise
        finally:
            for future in futures.values():
                future.cancel()
            pool.shutdown(wait=True)
            _combine_logs(where, logs)
    built = {}
    for edition in jobs.pdf:
        book_pdf = edition.work(where, "pdf") / "_build" / "latex" / "book.pdf"
        if not book_pdf.is_file():
            raise BuildError(f"LaTeX produced no PDF at {book_pdf}; see {where.log}")
        built[edition.code] = book_pdf
    return built


def _shown_notebooks(where: paths.Paths, edition: LanguageEdition, job: str) -> dict[str, str]:
    """The notebooks a job shows (`html`: all; `pdf`: all but the HTML-only pages; `brief`: those whose values
    its template prints), each with the sha256 of its executed copy."""
    root = where.root
    if job == "brief":
        template = root / brief.TEMPLATE
        documents = brief.glued_documents(template.read_text(encoding="utf-8")) if template.is_file() else set()
        sources = [root / f"{document}.md" for document in sorted(documents)]
    else:
        sources = [s for s in notebooks(root)
                   if job == "html" or s.relative_to(root).with_suffix("").as_posix() not in HTML_ONLY_PAGES]
    manifest = Manifest.load(manifest_path(where, edition), root)
    return {s.relative_to(root).as_posix(): manifest.output(s) for s in sources}


def _job_fingerprints(where: paths.Paths, now: Fingerprints, records: dict[str, JobRecord], epoch: str,
                      editions: list[LanguageEdition]) -> dict[str, str]:
    """The fingerprint of every publishing job of the editions (`inputs.job_fingerprint`), from the records."""
    prints = {}
    jobs = [(job_name(b, e), b, e) for e in editions for b in ("html", "pdf")]
    if ENGLISH in editions:
        jobs.append(("brief", "brief", ENGLISH))
    for name, builder, edition in jobs:
        declared = now.declared(where.root, builder, edition.code, ENGLISH.code)
        prints[name] = job_fingerprint(where.root, declared, records.get(name, JobRecord()),
                                       _shown_notebooks(where, edition, builder), now.hashes,
                                       "" if builder == "html" else epoch)
    return prints


def _sphinx_state(where: paths.Paths, now: Fingerprints, records: dict[str, JobRecord]) -> str:
    """What decides a fresh Sphinx environment: the inputs every page is read with (`inputs.SPHINX_INPUTS`) and
    every module of `sahelreport.book` a Sphinx job imported (the code of its directives and transforms). The
    other modules a job imports (figures, data) draw what it writes, which it writes again whenever it runs."""
    book = f"src/{PACKAGE_NAME}/book/"
    modules = sorted({f for job, record in records.items() if job != "brief" for f in record.files
                      if f.startswith(book) and f.endswith(".py")})
    return job_fingerprint(where.root, [], JobRecord(tuple(modules)), {}, now.hashes, now.sphinx)


def _brief(where: paths.Paths, env: dict[str, str]) -> None:
    """The policy brief (book.brief), made beside the PDF from the same executed notebooks."""
    try:
        brief.build_brief(where, env)
    except brief.BriefError as error:
        raise BuildError(str(error)) from None


def _combine_logs(where: paths.Paths, parts: list[Path]) -> None:
    with where.log.open("w", encoding="utf-8") as log:
        for part in parts:
            if part.exists():
                log.write(part.read_text(encoding="utf-8", errors="replace"))


def _execute_stale(where: paths.Paths, report: BuildReport, editions: tuple[LanguageEdition, ...] = EDITIONS) -> None:
    """Execute the stale notebooks of the editions in one parallel pool; store each into its edition's cache."""
    from sahelreport.data.load import VALIDATED_ENV

    plans = []
    for edition in editions:
        manifest = Manifest.load(manifest_path(where, edition), where.root)
        plans.append((edition, manifest, stale_notebooks(where, manifest, edition)))
    kernel_env = {**_environment(where.root, KERNEL_EPOCH), VALIDATED_ENV: "1"}  # validated before, once
    jobs = [(source, {**kernel_env, **edition.kernel_environment()}) for edition, _, stale in plans for source in stale]
    if jobs:
        from sahelreport.book.execute import ExecutionFailed, execute_jobs

        try:
            executed = iter(execute_jobs(jobs, where.build / "kernels" / "kernel.log"))
        except ExecutionFailed as error:
            raise BuildError(str(error)) from None
        for edition, manifest, stale in plans:
            if stale:
                _store(where, manifest, [next(executed) for _ in stale], edition)
    for edition, _, stale in plans:
        reasons = {str(s.relative_to(where.root)): why for s, why in stale.items()}
        if edition.master:
            report.executed, report.reasons = sorted(reasons), reasons
        else:
            report.translated[edition.code] = reasons


def execute_master(where: paths.Paths) -> BuildReport:
    """Validate the data and execute the English edition's stale notebooks (what the gettext builder reads)."""
    from sahelreport.data.load import load_dataset

    report = BuildReport()
    with build_lock(where.build / ".build.lock"):
        load_dataset()
        _execute_stale(where, report, (ENGLISH,))
    return report


def _cut_off(where: paths.Paths, now: Fingerprints, published: Published, epoch: str, chosen: list[LanguageEdition],
             html: list[LanguageEdition], pdfs: list[LanguageEdition]) -> tuple[Jobs, dict[str, str]]:
    """After the notebooks ran: of the jobs whose whole-tree fingerprint changed, those whose own fingerprint
    changed too, or whose published output is not intact. Also returns every job's fingerprint."""
    records = published.job_records()
    prints = _job_fingerprints(where, now, records, epoch, chosen)
    changed = {job for job, value in prints.items() if value != published.jobs.get(job)}
    return Jobs(html=[e for e in html if job_name("html", e) in changed or not _html_intact(where, e)],
                pdf=[e for e in pdfs if job_name("pdf", e) in changed
                     or not _intact(e.pdf(where), published.pdf_sha256.get(e.code, ""))],
                brief=ENGLISH in pdfs and ("brief" in changed or not _brief_intact(where, published))), prints


def _new_records(where: paths.Paths, published: Published, jobs: Jobs, fresh: set[str]) -> dict[str, JobRecord]:
    """Every job's record after this build: what a job that ran read now, with what it read before when its
    Sphinx environment was kept (`JobRecord.carried_over`); the others' as published."""
    records = published.job_records()
    for job in jobs.names():
        new = read_record(_record_path(where, job), where.root)
        if not new.files:
            raise BuildError(f"{job}: its process recorded no inputs in {_record_path(where, job)}")
        records[job] = new if job in fresh else new.union(records.get(job, JobRecord()).carried_over())
    return records


def build(pdf: bool = True, languages: list[str] | None = None) -> BuildReport:
    """Build what changed in the chosen language editions (all by default; the others stay as last published);
    raise DataValidationError or BuildError and keep the last good book on failure."""
    skip_slow_optional_imports()
    where = paths.project()
    report = BuildReport()
    start = time.perf_counter()
    chosen = selected_editions(languages)
    with build_lock(where.build / ".build.lock"):
        published = Published.load(where.build / ".published.json")
        epoch = source_date_epoch(where.root)
        now = Fingerprints.of(where.root, epoch, LANGUAGES)
        html = [e for e in chosen if now.html[e.code] != published.html.get(e.code) or not _html_intact(where, e)]
        pdfs = [e for e in chosen
                if pdf and (now.pdf[e.code] != published.pdf.get(e.code) or not _pdf_intact(where, published, e))]
        if not html and not pdfs:  # every input as last published, and what was published intact
            report.nothing_changed = True
            report.seconds["total"] = time.perf_counter() - start
            return report
        from sahelreport.data.load import load_dataset

        load_dataset()  # raises DataValidationError before any notebook runs
        report.seconds["validate"] = time.perf_counter() - start
        stage = time.perf_counter()
        _execute_stale(where, report, tuple(chosen))
        report.seconds["execute"] = time.perf_counter() - stage
        for translation in TRANSLATIONS:
            if translation in chosen:
                catalogues.compile_catalogues(where, translation)
        jobs, prints = _cut_off(where, now, published, epoch, chosen, html, pdfs)
        report.unchanged_jobs = sorted({job_name("html", e) for e in html} | {job_name("pdf", e) for e in pdfs}
                                       - set(jobs.names()))
        old_records = published.job_records()
        if (jobs.html or jobs.pdf) and _sphinx_state(where, now, old_records) != published.sphinx:
            _fresh_sphinx(where)
        fresh = {job_name(b, e) for b, editions in (("html", jobs.html), ("pdf", jobs.pdf)) for e in editions
                 if not (e.work(where, b) / "_build" / ".doctrees").is_dir()} | {"brief"}
        built_pdfs = _sphinx(where, jobs, report, epoch)
        records = _new_records(where, published, jobs, fresh)
        with_new_records = _job_fingerprints(where, now, records, epoch, chosen)
        prints.update({job: with_new_records[job] for job in jobs.names()})  # with what it read this time
        report.html_built = [e.code for e in jobs.html]
        report.pdfs_built = sorted(built_pdfs)
        report.pdf_built = ENGLISH.code in built_pdfs
        report.brief_built = jobs.brief
        staged = {e.code: e.work(where, "html") / "_build" / "html" if e in jobs.html else _published_edition(where, e)
                  for e in EDITIONS}
        if jobs.names():
            _publish(where, staged, built_pdfs, brief.built(where) if jobs.brief else None)
        from sahelreport.book.manifest import file_sha256

        html_state = {e.code: now.html[e.code] if e in chosen else published.html.get(e.code, "") for e in EDITIONS}
        pdf_state = {e.code: now.pdf[e.code] if pdf and e in chosen else published.pdf.get(e.code, "")
                     for e in EDITIONS}
        job_state = {**published.jobs, **{job: prints[job] for job in
                                          [*(job_name("html", e) for e in html), *(job_name("pdf", e) for e in pdfs),
                                           *(["brief"] if ENGLISH in pdfs else [])]}}
        Published(sphinx=_sphinx_state(where, now, records) if jobs.html or jobs.pdf else published.sphinx,
                  html=html_state, pdf=pdf_state,
                  pdf_sha256={e.code: file_sha256(e.pdf(where)) for e in EDITIONS},
                  brief_sha256=file_sha256(where.brief), jobs=job_state,
                  records={job: record.as_dict() for job, record in records.items()},
                  ).save(where.build / ".published.json")
    report.seconds["total"] = time.perf_counter() - start
    return report


def main(pdf: bool = True, languages: list[str] | None = None) -> int:
    """Command-line entry: build, print what happened, exit non-zero on any failure."""
    where = paths.project()
    try:
        chosen = selected_editions(languages)
    except BuildError as error:
        print(f"sahelreport build --language: {error}", file=sys.stderr)
        return 2
    try:
        report = build(pdf=pdf, languages=languages)
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
    timings = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
    for ed in EDITIONS:
        skipped = "" if ed in chosen else " (not built: this build covers --language " + ", ".join(
            e.code for e in chosen) + " only)"
        unchanged = skipped or ("" if ed.code in report.html_built else " (unchanged: nothing it shows changed)")
        print(f"Book built{'' if ed.master else f' ({ed.code})'}: {_published_edition(where, ed) / 'index.html'}{unchanged}")
        if pdf:
            print(f"PDF{'' if ed.master else f' ({ed.code})'}: {ed.pdf(where)}"
                  + (skipped or ("" if ed.code in report.pdfs_built else " (unchanged: nothing it shows changed)")))
    if pdf:
        print(f"Policy brief: {where.brief}" + ("" if report.brief_built else " (unchanged: nothing it shows changed)"))
    for ed in chosen:
        reasons = report.reasons if ed.master else report.translated.get(ed.code, {})
        ran = ", ".join(f"{nb} ({why})" for nb, why in reasons.items()) or "none (all from cache)"
        print(f"{'Notebooks' if ed.master else f'Notebooks ({ed.code})'} executed: {ran}")
    print(f"Times: {timings}")
    return 0
