"""Where things are. No other module or notebook builds a project path by hand."""

from __future__ import annotations

import os
from pathlib import Path


def _find_root() -> Path:
    """The project root: $SAHELREPORT_ROOT, else the nearest parent holding _config.yml."""
    env = os.environ.get("SAHELREPORT_ROOT")
    if env:
        return Path(env).resolve()
    for candidate in [Path.cwd(), *Path.cwd().parents, *Path(__file__).resolve().parents]:
        if (candidate / "_config.yml").is_file() and (candidate / "data").is_dir():
            return candidate
    raise RuntimeError("cannot find the Sahel Report root (a folder with _config.yml and data/)")


ROOT = _find_root()
DATA = ROOT / "data"
DATAPACKAGE = DATA / "datapackage.json"
BOUNDARIES = DATA / "boundaries"
BOUNDARY_PROVENANCE = BOUNDARIES / "provenance.json"
BIBLIOGRAPHY = ROOT / "references.bib"
CHAPTERS = ROOT / "chapters"
DOWNLOADS = CHAPTERS / "_downloads_data"  # data files offered by the Data and methods appendix
SRC = ROOT / "src" / "sahelreport"
BUILD = ROOT / "_build"
HTML = BUILD / "html"
PDF_NAME = "sahel-report.pdf"
PDF = BUILD / "pdf" / PDF_NAME
