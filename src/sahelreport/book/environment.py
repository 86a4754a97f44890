"""The software the book was built with, for the reproducibility appendix."""

from __future__ import annotations

import importlib.metadata
import platform
import shutil
import subprocess

from sahelreport.figures.texts import text

PACKAGES = ("jupyter-book", "sphinx", "myst-nb", "sphinxcontrib-bibtex", "pandas", "matplotlib", "geopandas",
            "shapely", "pyproj", "nbconvert")
PROGRAMS = {"XeLaTeX": ["xelatex", "--version"], "Chromium (tests)": ["chromium", "--version"]}


def _program_version(command: list[str]) -> str:
    if shutil.which(command[0]) is None:
        return text("table.not-installed")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = (result.stdout or result.stderr).strip().splitlines()
    return lines[0] if lines else text("table.unknown")


def software_versions() -> list[tuple[str, str]]:
    """(name, version) for Python, the key packages and the external programs."""
    rows = [("Python", platform.python_version())]
    rows += [(name, importlib.metadata.version(name)) for name in PACKAGES]
    rows += [(name, _program_version(command)) for name, command in PROGRAMS.items()]
    return rows


def versions_markdown() -> str:
    """The versions as a Markdown table."""
    lines = [f"| {text('table.software')} | {text('table.version')} |", "|---|---|"]
    lines += [f"| {name} | {version.replace('|', '/')} |" for name, version in software_versions()]
    return "\n".join(lines)
