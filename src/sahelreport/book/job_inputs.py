"""What a publishing job read, recorded, so that a later build can tell whether the job's output would change.

A publishing job is one Sphinx build (an edition's HTML or PDF) or the policy brief, each in a process of its
own. Started with `RECORD_ENV` set to a file name, the process notes every file it opens and every folder it
lists (an audit hook), and at exit writes them with the files of the package modules it imported. The build
keeps that record beside the job's fingerprint (`book.inputs.job_fingerprint`): the job runs again only when a
file it read, a folder it listed, a declared input or an executed notebook it shows has changed. This is the
early cut-off of the build: a module or data edit that leaves every executed notebook's output as it was, and
that no job reads, starts no Sphinx and no LaTeX.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sahelreport.book.imports import PACKAGE_NAME

RECORD_ENV = "SAHELREPORT_RECORD_INPUTS"
LISTING_EVENTS = ("os.listdir", "os.scandir")


@dataclass(frozen=True)
class JobRecord:
    """The project files a job read and the project folders it listed (paths relative to the root)."""

    files: tuple[str, ...] = ()
    folders: tuple[str, ...] = ()

    def union(self, other: JobRecord) -> JobRecord:
        return JobRecord(tuple(sorted({*self.files, *other.files})), tuple(sorted({*self.folders, *other.folders})))

    def carried_over(self) -> JobRecord:
        """What of this record a later run that kept its Sphinx environment still depends on, though it did not
        read it again (it re-read only the changed pages): every file and folder, but the modules outside
        `sahelreport.book`. Those are drawing and data code, imported by the extension's handlers, which run
        whole on every run, so that run's own record has every one it still uses."""
        book = f"src/{PACKAGE_NAME}/book/"
        return JobRecord(tuple(f for f in self.files if not f.endswith(".py") or f.startswith(book)), self.folders)

    def as_dict(self) -> dict[str, list[str]]:
        return {"files": list(self.files), "folders": list(self.folders)}

    @classmethod
    def from_dict(cls, data: Any) -> JobRecord:
        if not isinstance(data, dict):
            return cls()
        return cls(tuple(str(f) for f in data.get("files", [])), tuple(str(f) for f in data.get("folders", [])))


def record_if_asked() -> None:
    """In a job's process: when `RECORD_ENV` names a file, record what the process reads until it exits."""
    target = os.environ.get(RECORD_ENV)
    if not target:
        return
    opened: set[str] = set()
    listed: set[str] = set()

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if not args or not isinstance(args[0], (str, bytes, os.PathLike)):
            return  # a file descriptor, or os.listdir() of the working folder
        if event == "open":
            opened.add(os.path.abspath(os.fsdecode(args[0])))
        elif event in LISTING_EVENTS:
            listed.add(os.path.abspath(os.fsdecode(args[0])))

    sys.addaudithook(audit)
    atexit.register(_write, Path(target), opened, listed)


def _package_module_files() -> list[str]:
    files = []
    for name, module in list(sys.modules.items()):
        if (name == PACKAGE_NAME or name.startswith(PACKAGE_NAME + ".")) and getattr(module, "__file__", None):
            files.append(str(module.__file__))
    return sorted(files)


def _write(target: Path, opened: set[str], listed: set[str]) -> None:
    record = {"opened": sorted(opened), "listed": sorted(listed), "modules": _package_module_files()}
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, target)


def read_record(path: Path, root: Path) -> JobRecord:
    """The project's part of what a job process recorded: files (modules included) and folders, outside the
    build's outputs and the virtual environment. A missing record is a BuildError's business, not ours: empty."""
    from sahelreport.book.manifest import IGNORED_PARTS, relevant_inputs

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return JobRecord()
    files = relevant_inputs(root, data.get("opened", []), data.get("modules", []))
    folders = set()
    for name in data.get("listed", []):
        folder = Path(name).resolve()
        if folder.is_dir() and folder.is_relative_to(root) and folder != root:
            relative = folder.relative_to(root)
            if IGNORED_PARTS.isdisjoint(relative.parts):
                folders.add(relative.as_posix())
    return JobRecord(tuple(sorted(_relative(root, f) for f in files)), tuple(sorted(folders)))


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
