"""Sphinx extension: no code in the PDF; HTML pages without live-code (Thebe) scripts."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

LATEX_BUILDERS = {"latex", "pdflatex"}


def _remove_code_for_latex(app: Sphinx) -> None:
    if app.builder.name in LATEX_BUILDERS:
        app.config.nb_remove_code_source = True


def _script_key(script: Any) -> tuple[str, str]:
    return str(getattr(script, "filename", script)), str(getattr(script, "attributes", {}).get("body", ""))


def _offline_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Drop Thebe (it loads code from a CDN; the book is static) and scripts included twice."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for script in context.get("script_files", []):
        key = _script_key(script)
        if "thebe" in key[0].lower() or "THEBE" in key[1] or key in seen:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _remove_code_for_latex, priority=100)  # before MyST-NB reads it
    app.connect("html-page-context", _offline_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
