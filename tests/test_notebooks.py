"""The chapters as notebooks (what `make lab` gives a contributor): jupytext opens each MyST Markdown
notebook and writes it back with the same cells and no paired .ipynb, and a kernel runs a chapter against
the package and draws its figures."""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

import jupytext
import nbclient
import nbformat
import pytest
from jupytext.config import JupytextConfiguration, load_jupytext_config, notebook_formats

import sahelreport
from sahelreport import paths

ROOT = paths.project().root
PAGES = [ROOT / "index.md", *sorted(paths.project().chapters.glob("*.md"))]
NOTEBOOKS = [page for page in PAGES if page.read_text(encoding="utf-8").startswith("---\njupytext:")]
PLAIN_PAGES = [page for page in PAGES if page not in NOTEBOOKS]
EXECUTED_CHAPTER = "chessboard.md"  # about 8 s; draws a map and a chart (border.md draws five maps, slower)
GLUE_FIGURE = re.compile(r"^```\{glue:figure\}\s+(\S+)", re.MULTILINE)
RECORD = "application/papermill.record/"  # myst_nb's glue stores a figure's outputs under this MIME prefix
VERSION_STAMP = re.compile(r"^\s+(format_version|jupytext_version):")  # jupytext adds these to the header


def project_config(page: Path) -> JupytextConfiguration:
    config = load_jupytext_config(str(page))
    assert config is not None, f"no jupytext.toml found from {page}"
    return config


def saved(page: Path) -> tuple[nbformat.NotebookNode, str]:
    """The notebook jupytext reads from `page` and the text its contents manager writes back on a save."""
    nb = jupytext.read(page)
    return nb, jupytext.writes(nb, fmt="md", config=project_config(page))


def cells(nb: nbformat.NotebookNode) -> list[tuple[str, str, dict]]:
    return [(cell.cell_type, cell.source, dict(cell.metadata)) for cell in nb.cells]


def content_lines(text: str) -> list[str]:
    """The lines of a notebook's text, without blank lines and jupytext's version stamp."""
    return [line for line in text.splitlines() if line.strip() and not VERSION_STAMP.match(line)]


def test_the_pages_are_found() -> None:
    assert len(NOTEBOOKS) >= 10 and ROOT / "index.md" in NOTEBOOKS
    assert paths.project().chapters / EXECUTED_CHAPTER in NOTEBOOKS


@pytest.mark.parametrize("page", NOTEBOOKS, ids=[page.stem for page in NOTEBOOKS])
def test_a_save_keeps_the_notebook_text(page: Path) -> None:
    """Every cell, its options and the header survive; a save may add blank lines and the version stamp."""
    nb, written = saved(page)
    assert cells(jupytext.reads(written, fmt="md:myst")) == cells(nb)
    assert content_lines(written) == content_lines(page.read_text(encoding="utf-8"))
    assert notebook_formats(nb, project_config(page), str(page)) == [{"extension": ".md", "format_name": "myst"}], (
        "a notebook's .md is its only source: no paired .ipynb")


@pytest.mark.parametrize("page", PLAIN_PAGES, ids=[page.stem for page in PLAIN_PAGES])
def test_a_save_leaves_a_plain_page_unchanged(page: Path) -> None:
    """Lab opens every .md as a notebook; a plain Markdown page must come back without a jupytext header."""
    _, written = saved(page)
    assert written == page.read_text(encoding="utf-8")


def glued_figures(nb: nbformat.NotebookNode) -> dict[str, dict[str, str]]:
    """Every figure the executed notebook glued: name -> {MIME type: data}."""
    figures = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            data = {mime.removeprefix(RECORD): value for mime, value in output.get("data", {}).items()}
            if name and "image/svg+xml" in data:
                figures[name] = data
    return figures


def test_a_chapter_executes_in_a_kernel_and_draws_its_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = jupytext.read(paths.project().chapters / EXECUTED_CHAPTER)
    package_parent = str(Path(sahelreport.__file__).resolve().parents[1])  # the package this test process imports
    monkeypatch.setenv("SAHELREPORT_ROOT", str(ROOT))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])))

    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on the first failing cell

    errors = [output for cell in nb.cells for output in cell.get("outputs", []) if output.output_type == "error"]
    assert not errors, errors
    expected = GLUE_FIGURE.findall("\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown"))
    assert expected, f"{EXECUTED_CHAPTER} shows no glued figure: pick a chapter that draws one"
    figures = glued_figures(nb)
    assert set(expected) <= set(figures), f"not glued: {sorted(set(expected) - set(figures))}"
    for name in expected:
        assert "<svg" in figures[name]["image/svg+xml"], name
        assert base64.b64decode(figures[name]["application/pdf"]).startswith(b"%PDF"), name
