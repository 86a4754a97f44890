"""Sphinx extension: no code in the PDF; HTML pages without live-code (Thebe) scripts, and nothing
loaded from the network: a page that would load a script or stylesheet from another site fails
the build (warnings are errors), naming the page and the address.
"""

from __future__ import annotations

import functools
import os
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from sahelreport.book.jupyter_book_cli import BUILDER_ENV
from sahelreport.checks.urls import is_remote

logger = logging.getLogger(__name__)

LATEX_BUILDERS = {"latex", "pdflatex"}
VENDORED = ("mathjax/",)  # libraries in _static/ that their own extension loads, only on the pages that need them
# Scripts and styles in _static/ that only some pages load (this extension adds them to those pages).
PAGE_ASSETS = {
    "chapters/chronology": ("tools/tools.css", "tools/texts.js", "tools/chronology.js"),
    "chapters/changes": ("tools/tools.css",),
    "chapters/map": ("leaflet/leaflet.css", "tools/tools.css", "leaflet/leaflet.js", "map/boundaries.js", "map/data.js",
                     "tools/texts.js", "tools/map.js"),
}


def _remove_code_before_reading(app: Sphinx, config: Any) -> None:
    """No code in the PDF, set before Sphinx compares the configuration with its kept environment: set later,
    the kept environment (which has it set) would differ from this run's configuration, and every page would
    be read again."""
    if os.environ.get(BUILDER_ENV) in LATEX_BUILDERS:
        config.nb_remove_code_source = True


def _remove_code_for_latex(app: Sphinx) -> None:
    """The same for a LaTeX build started by hand (without BUILDER_ENV): it reads every page again."""
    if app.builder.name in LATEX_BUILDERS:
        app.config.nb_remove_code_source = True


def _drop_vendored_scripts(app: Sphinx, config: Any) -> None:
    """Jupyter Book adds every .js and .css file under _static/ to every page: not the vendored MathJax (1.2 MB
    and its extensions), which Sphinx's mathjax extension loads itself on the pages that have maths, nor the
    assets of PAGE_ASSETS, which only their pages load."""
    def name(entry: Any) -> str:
        return str(entry[0] if isinstance(entry, tuple | list) else entry)

    page_only = {asset for assets in PAGE_ASSETS.values() for asset in assets}
    config.html_js_files = [e for e in config.html_js_files
                            if not name(e).startswith(VENDORED) and name(e) not in page_only]
    config.html_css_files = [e for e in config.html_css_files if name(e) not in page_only]


def _map_assets(app: Sphinx) -> None:
    """The map page's data (boundaries, events, places), written into the HTML output's _static/ from data/, and
    the interactive tools' interface texts in the edition's language."""
    if app.builder.format != "html":
        return
    from pathlib import Path

    from sahelreport.book.tool_texts import write_tool_texts
    from sahelreport.book.webmap import write_map_assets
    from sahelreport.data.load import dataset

    write_map_assets(Path(app.outdir) / "_static", dataset())
    write_tool_texts(Path(app.outdir) / "_static", "fr" if app.config.language == "fr" else "en")


def _page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Add a page's own scripts (deferred) and styles (PAGE_ASSETS) to that page only."""
    for asset in PAGE_ASSETS.get(pagename, ()):
        if asset.endswith(".js"):
            app.add_js_file(asset, loading_method="defer")
        else:
            app.add_css_file(asset)


EDITION_LINE = {"en": "version {version}, data as of {date}", "fr": "version {version}, données arrêtées au {date}"}


def _edition_date(app: Sphinx, config: Any) -> None:
    """The date line of every page and of the PDF's title page: the version and the data-as-of date,
    read from the package and datapackage.json (one place each), never typed in _config.yml."""
    from sahelreport import __version__, paths
    from sahelreport.data.derive.labels import format_date
    from sahelreport.data.schema import package_property

    as_of = package_property(paths.project().datapackage, "data_as_of")
    language = "fr" if config.language == "fr" else "en"
    date = format_date(as_of, "day", long=True, lang=language)
    config.today = EDITION_LINE[language].format(version=__version__, date=date)


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


def _no_network_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Fail on any script or stylesheet a page would fetch from another site: vendor it in _static."""
    for kind in ("script_files", "css_files"):
        for asset in context.get(kind, []):
            if is_remote(str(getattr(asset, "filename", asset))):
                logger.warning("page %s loads %s from the network; vendor it under _static/ (the book must work "
                               "offline)", pagename, getattr(asset, "filename", asset), type="sahelreport",
                               subtype="offline")


def _cache_bibliography_plugins() -> None:
    """pybtex looks its style and backend plugins up among the installed packages' entry points on every
    citation (about 700 lookups, a third of the HTML build's time); the installed packages do not change
    during a build, so each lookup is made once. Plugins registered at run time are still looked up first."""
    import pybtex.plugin

    if not hasattr(pybtex.plugin.entry_points, "cache_info"):
        lookup = pybtex.plugin.entry_points

        @functools.cache
        def entry_points(**selection: str) -> tuple[Any, ...]:
            return tuple(lookup(**selection))

        pybtex.plugin.entry_points = entry_points


def setup(app: Sphinx) -> dict[str, Any]:
    _cache_bibliography_plugins()
    app.connect("config-inited", _drop_vendored_scripts)
    app.connect("config-inited", _edition_date)
    app.connect("config-inited", _remove_code_before_reading)
    app.connect("builder-inited", _remove_code_for_latex, priority=100)  # before MyST-NB reads it
    app.connect("builder-inited", _map_assets)
    app.connect("html-page-context", _page_assets, priority=400)  # before _offline_scripts copies the list
    app.connect("html-page-context", _offline_scripts)
    app.connect("html-page-context", _no_network_assets, priority=900)  # after every extension added its assets
    app.setup_extension("sahelreport.book.downloads")
    app.setup_extension("sahelreport.book.citations")
    app.setup_extension("sahelreport.book.latex_front")
    app.setup_extension("sahelreport.book.translation")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
