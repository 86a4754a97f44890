"""Where things are. No other module or notebook builds a project path by hand.

`project()` resolves the root once per process (``$SAHELREPORT_ROOT``, else the nearest parent holding
``_config.yml`` and ``data/``) and returns a `Paths` object; call it where a path is needed, not at import,
so a test or a scratch copy can point the package at another tree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PDF_NAME = "sahel-report.pdf"
BRIEF_NAME = "sahel-report-brief.pdf"  # the policy brief, published beside the PDF
PACKAGE = Path(__file__).resolve().parent  # the package's own source: fixed, wherever the project is


@dataclass(frozen=True)
class Paths:
    """Every path of one project tree, derived from its root."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def datapackage(self) -> Path:
        return self.data / "datapackage.json"

    @property
    def boundaries(self) -> Path:
        return self.data / "boundaries"

    @property
    def boundary_provenance(self) -> Path:
        return self.boundaries / "provenance.json"

    @property
    def bibliography(self) -> Path:
        return self.root / "references.bib"

    @property
    def chapters(self) -> Path:
        return self.root / "chapters"

    @property
    def downloads(self) -> Path:
        """Data files offered by the Data and methods appendix."""
        return self.chapters / "_downloads_data"

    @property
    def src(self) -> Path:
        return self.root / "src" / "sahelreport"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def html(self) -> Path:
        return self.build / "html"

    @property
    def pdf(self) -> Path:
        return self.build / "pdf" / PDF_NAME

    @property
    def brief(self) -> Path:
        return self.build / "pdf" / BRIEF_NAME

    @property
    def work(self) -> Path:
        """Where a build happens before it is published."""
        return self.build / "work"

    @property
    def cache(self) -> Path:
        """The jupyter-cache of executed notebooks."""
        return self.build / ".jupyter_cache"

    @property
    def fingerprint(self) -> Path:
        return self.build / ".dependencies.sha256"

    @property
    def log(self) -> Path:
        return self.build / "build.log"


def find_root() -> Path:
    """The project root: $SAHELREPORT_ROOT, else the nearest parent holding _config.yml and data/."""
    env = os.environ.get("SAHELREPORT_ROOT")
    if env:
        return Path(env).resolve()
    for candidate in [Path.cwd(), *Path.cwd().parents, *PACKAGE.parents]:
        if (candidate / "_config.yml").is_file() and (candidate / "data").is_dir():
            return candidate
    raise RuntimeError("cannot find the Sahel Report root (a folder with _config.yml and data/)")


@cache
def _paths(root: Path) -> Paths:
    return Paths(root)


def project(root: Path | None = None) -> Paths:
    """The paths of the project at `root` (default: the one found from the environment and working directory)."""
    return _paths((root or find_root()).resolve())
