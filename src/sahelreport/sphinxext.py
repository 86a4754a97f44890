"""Sphinx extension: no code in the PDF (HTML keeps code folded behind a toggle)."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

LATEX_BUILDERS = {"latex", "pdflatex"}


def _remove_code_for_latex(app: Sphinx) -> None:
    if app.builder.name in LATEX_BUILDERS:
        app.config.nb_remove_code_source = True


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _remove_code_for_latex, priority=100)  # before MyST-NB reads it
    return {"parallel_read_safe": True, "parallel_write_safe": True}
