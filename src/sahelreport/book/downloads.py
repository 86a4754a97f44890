"""Sphinx extension: publish each chapter as an executed notebook (.ipynb with its outputs).

MyST-NB's own copies in `jupyter_execute/` drop the glued outputs, which hold every figure of
the report; the execution cache keeps them. This takes each chapter's executed notebook from the
cache, makes it reproducible and readable (cell ids numbered, run timestamps removed, glued
figures shown as ordinary outputs), writes it to
`notebooks/<page>.ipynb` in the HTML output and tells the page template where it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from sphinx.application import Sphinx

FOLDER = "notebooks"


def _cache_path(app: Sphinx) -> Path:
    configured = app.env.mystnb_config.execution_cache_path  # type: ignore[attr-defined]
    path = Path(configured) if configured else Path(app.outdir).parent / ".jupyter_cache"
    return path if path.is_absolute() else Path.cwd() / path


def executed_notebook(app: Sphinx, pagename: str) -> nbformat.NotebookNode | None:
    """The cached executed notebook of a page (matched on its code, as MyST-NB matches it), or None if the page
    is not a notebook or has no execution in the cache."""
    from jupyter_cache import get_cache

    from sahelreport.book.execute import read_notebook

    source = Path(app.env.doc2path(pagename))
    cache_dir = _cache_path(app)
    if not cache_dir.exists() or source.suffix != ".md" or "kernelspec:" not in source.read_text(encoding="utf-8"):
        return None
    cache = get_cache(str(cache_dir))
    try:
        record = cache.match_cache_notebook(read_notebook(source))
    except KeyError:
        return None
    return cache.get_cache_bundle(record.pk).nb


def shown_glue(output: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A glued output made visible in Jupyter: its mime types without the glue prefix (and
    without the PDF copy of a figure, which only the LaTeX build uses)."""
    prefix = output.get("metadata", {}).get("scrapbook", {}).get("mime_prefix")
    if not prefix:
        return output
    output["data"] = {key.removeprefix(prefix): value for key, value in output["data"].items()
                      if key.removeprefix(prefix) != "application/pdf"}
    return output


def reproducible(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Same chapter, same bytes, figures visible: numbered cell ids, no run timestamps, glue shown."""
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index}"
        cell.get("metadata", {}).pop("execution", None)
        if cell.cell_type == "code":
            cell["outputs"] = [shown_glue(o) for o in cell.get("outputs", [])]
    notebook.metadata.pop("execution", None)
    return notebook


def _publish_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if app.builder.format != "html":
        return
    notebook = executed_notebook(app, pagename)
    if notebook is None:
        return
    target = Path(app.outdir) / FOLDER / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(reproducible(notebook), str(target))
    context["executed_notebook"] = f"{FOLDER}/{pagename}.ipynb"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _publish_notebook)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
