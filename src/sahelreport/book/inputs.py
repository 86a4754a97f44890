"""The inputs of the published book, fingerprinted, and the state of what was last published.

The fingerprints decide how much a build does (nothing, when every edition's are as last published):
- `html[lang]`: what one language edition's HTML shows (the master edition's does not include the
  translations; a translation's includes its own catalogues), so an edition whose inputs are unchanged is
  published again as it was, without Sphinx;
- `pdf[lang]`: the same without the HTML-only inputs (theme files, HTML-only pages), so LaTeX runs only when
  something that PDF shows changed;
- `sphinx`: the inputs Sphinx reads for every page at once (configuration, table of contents, templates,
  the bibliography, the Sphinx extension, the data-as-of date): when it changes, Sphinx starts from a fresh
  environment (notebooks are not executed again for it).

These cover whole folders (all of data/ and src/), so they answer only "can anything have changed?". When
something has, the notebooks that read it run again, and then each publishing job (an edition's HTML or PDF,
the brief) gets a finer fingerprint (`job_fingerprint`): its declared inputs (the pages, configuration,
catalogues, templates: everything but data/ and src/), the files and folders its process read the last time it
ran (`book.job_inputs`), and the executed copy of each notebook it shows. A job whose fingerprint is as last
published is not run: its published output is still what its inputs make.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sahelreport.book.job_inputs import JobRecord
from sahelreport.book.manifest import file_sha256

LOCALES = "locales"  # the translations: locales/<lang>/LC_MESSAGES/*.po
BOOK_INPUTS = ("index.md", "chapters", "_config.yml", "_toc.yml", "_static", "_templates", "_latex", "_brief",
               "references.bib", "data", "src/sahelreport", "requirements.lock", "pyproject.toml",
               "CITATION.cff", "editions.yml", LOCALES)
HTML_ONLY_INPUTS = ("_static", "_templates", "chapters/chronology.md", "chapters/map.md", "chapters/changes.md",
                    "editions.yml")
SPHINX_INPUTS = ("_config.yml", "_toc.yml", "_templates", "_latex", "references.bib", "data/datapackage.json",
                 "src/sahelreport/book/sphinxext.py", "src/sahelreport/book/downloads.py",
                 "src/sahelreport/book/citations.py", "src/sahelreport/book/citation.py",
                 "src/sahelreport/book/latex_front.py", "src/sahelreport/book/translation.py",
                 "src/sahelreport/book/language_edition.py", "CITATION.cff")
RECORDED_INPUTS = ("data", "src/sahelreport")  # what a job reads of these is recorded, not declared
BRIEF_INPUTS = ("_brief", "requirements.lock")
IGNORED = ("_downloads_data", "__pycache__", ".ipynb_checkpoints")
DEFAULT_EPOCH = "1735689600"  # 2025-01-01: used only outside a git checkout


def input_files(root: Path, tops: tuple[str, ...] = BOOK_INPUTS) -> list[Path]:
    """The files under `tops` (files or folders relative to the root), sorted, without generated ones."""
    files: list[Path] = []
    for top in tops:
        path = root / top
        candidates = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        files += [p for p in candidates if not set(IGNORED) & set(p.relative_to(root).parts) and p.suffix != ".pyc"]
    return sorted(set(files))


def fingerprint(root: Path, files: list[Path], hashes: dict[Path, str] | None = None) -> str:
    """sha256 over the relative paths and contents of `files` (their sha256 taken from `hashes` when given)."""
    digest = hashlib.sha256()
    for path in files:
        sha = hashes[path] if hashes is not None else file_sha256(path)
        digest.update(str(path.relative_to(root)).encode() + b"\0" + bytes.fromhex(sha or "00") + b"\0")
    return digest.hexdigest()


def _with(digest: str, extra: bytes) -> str:
    return hashlib.sha256(bytes.fromhex(digest) + extra).hexdigest() if extra else digest


def _under(path: Path, root: Path, tops: tuple[str, ...]) -> bool:
    relative = path.relative_to(root).as_posix()
    return any(relative == top or relative.startswith(top + "/") for top in tops)


def _edition_files(root: Path, files: list[Path], language: str, master: str) -> list[Path]:
    """The files one language edition reads: all but the other languages' catalogues (all of them, for the master)."""
    own = () if language == master else (f"{LOCALES}/{language}",)
    return [p for p in files if not _under(p, root, (LOCALES,)) or _under(p, root, own)]


@dataclass(frozen=True)
class Fingerprints:
    sphinx: str
    html: dict[str, str]  # by language code
    pdf: dict[str, str]
    files: list[Path] = field(default_factory=list, compare=False, repr=False)  # every input file, sorted
    hashes: dict[Path, str] = field(default_factory=dict, compare=False, repr=False)  # their sha256

    @classmethod
    def of(cls, root: Path, epoch: str = "", languages: tuple[str, ...] = ("en",)) -> Fingerprints:
        """The fingerprints of the tree at `root` for the language editions (the first is the master);
        `epoch` (SOURCE_DATE_EPOCH, which dates the PDF) counts too. Each file is read once."""
        files = input_files(root)
        hashes = {path: file_sha256(path) for path in files}
        html, pdf = {}, {}
        for language in languages:
            edition = _edition_files(root, files, language, languages[0])
            html[language] = fingerprint(root, edition, hashes)
            pdf[language] = _with(fingerprint(root, [p for p in edition if not _under(p, root, HTML_ONLY_INPUTS)],
                                              hashes), epoch.encode())
        return cls(sphinx=fingerprint(root, [p for p in files if _under(p, root, SPHINX_INPUTS)], hashes),
                   html=html, pdf=pdf, files=files, hashes=hashes)

    def declared(self, root: Path, job: str, language: str, master: str) -> list[Path]:
        """The declared inputs of a publishing job (`html`, `pdf` or `brief`) of one language edition: for the
        HTML and PDF, the edition's files but data/ and src/ (and, for the PDF, the HTML-only ones)."""
        if job == "brief":
            return [p for p in self.files if _under(p, root, BRIEF_INPUTS)]
        kept = [p for p in _edition_files(root, self.files, language, master) if not _under(p, root, RECORDED_INPUTS)]
        return kept if job == "html" else [p for p in kept if not _under(p, root, HTML_ONLY_INPUTS)]


def job_fingerprint(root: Path, declared: list[Path], record: JobRecord, notebooks: dict[str, str],
                    hashes: dict[Path, str], extra: str = "") -> str:
    """One publishing job's fingerprint: its declared files, the files and folders it read when it last ran
    (their contents now; a folder by the names in it), the sha256 of each executed notebook it shows, `extra`."""
    digest = hashlib.sha256(bytes.fromhex(fingerprint(root, declared, hashes)))
    for name in record.files:
        path = Path(name) if Path(name).is_absolute() else root / name
        sha = hashes.get(path) or file_sha256(path)
        digest.update(f"file {name}\0{sha or 'gone'}\0".encode())
    for name in record.folders:
        folder = root / name
        names = sorted(p.name for p in folder.iterdir() if p.name not in IGNORED) if folder.is_dir() else ["<gone>"]
        digest.update(f"folder {name}\0{'/'.join(names)}\0".encode())
    for notebook, sha in sorted(notebooks.items()):
        digest.update(f"notebook {notebook}\0{sha or 'never executed'}\0".encode())
    digest.update(extra.encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Published:
    """What the last successful build published: its input fingerprints and the sha256 of each PDF and the brief."""

    sphinx: str = ""
    html: dict[str, str] = field(default_factory=dict)  # by language code
    pdf: dict[str, str] = field(default_factory=dict)
    pdf_sha256: dict[str, str] = field(default_factory=dict)
    brief_sha256: str = ""
    jobs: dict[str, str] = field(default_factory=dict)  # publishing job -> its job_fingerprint when it was published
    records: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # job -> what it read (JobRecord)

    def record(self, job: str) -> JobRecord:
        return JobRecord.from_dict(self.records.get(job))

    def job_records(self) -> dict[str, JobRecord]:
        """Every published job's record."""
        return {job: self.record(job) for job in self.records}

    @classmethod
    def load(cls, path: Path) -> Published:
        try:
            state = cls(**json.loads(path.read_text(encoding="utf-8")))
        except (FileNotFoundError, json.JSONDecodeError, TypeError, UnicodeDecodeError):
            return cls()
        by_language = (state.html, state.pdf, state.pdf_sha256, state.jobs, state.records)
        return state if all(isinstance(d, dict) for d in by_language) else cls()  # an older build's record

    def save(self, path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)


def source_date_epoch(root: Path) -> str:
    """$SOURCE_DATE_EPOCH if set, else the time of the last commit (the reproducible-builds convention)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return DEFAULT_EPOCH
    stamp = out.stdout.strip()
    return stamp if out.returncode == 0 and stamp.isdigit() else DEFAULT_EPOCH
