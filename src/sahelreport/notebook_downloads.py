"""Sphinx extension: publish each chapter's executed notebook (.ipynb with outputs) beside its page.

MyST-NB writes the executed notebooks to `<build>/jupyter_execute/`; this copies each one to
`notebooks/<page>.ipynb` in the HTML output and tells the page template where it is, so a reader
can download a chapter with its figures and rerun it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

FOLDER = "notebooks"


def executed_notebook(app: Sphinx, pagename: str) -> Path | None:
    """The executed notebook MyST-NB wrote for a page, if the page is a notebook."""
    path = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    return path if path.is_file() else None


def _publish_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if app.builder.format != "html":
        return
    source = executed_notebook(app, pagename)
    if source is None:
        return
    target = Path(app.outdir) / FOLDER / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    context["executed_notebook"] = f"{FOLDER}/{pagename}.ipynb"


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _publish_notebook)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
