"""Sphinx extension: the front of the full PDF — document metadata, and a cover with a locator map.

- Metadata (hyperref): title and author as Sphinx sets them, subject, keywords and language from
  CITATION.cff and the book's language, so the PDF says what it is in any library or search tool.
- The cover (`_latex/sahel-cover.ltx`, the `maketitle` of `_config.yml`) takes its texts from here: the
  maps' no-endorsement disclaimer (figures.style), the copyright line, and where the policy brief is.
- Its locator map is the overview map (fig-overview of the figure registry), its map panel only, drawn into
  the LaTeX output folder when a LaTeX build starts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from sahelreport.book.citation import Citation, read_citation
from sahelreport.book.latex_text import escape

LATEX_BUILDERS = {"latex", "pdflatex"}
LOCATOR = "sahel-locator.pdf"
LOCATOR_FIGURE = "fig-overview"


def pdf_metadata(citation: Citation, language: str) -> str:
    """\\hypersetup for subject, keywords and language, from the report's citation (CITATION.cff)."""
    keywords = ", ".join(citation.keywords)
    return (f"\\hypersetup{{pdfsubject={{{escape(citation.abstract)}}}, pdfkeywords={{{escape(keywords)}}}, "
            f"pdflang={{{language}}}}}")


COVER = {  # the cover's own words, by language
    "en": {"subtitle": "A sourced, reproducible report",
           "locator": "Mali, Algeria and their neighbours; the Mali–Algeria border highlighted.",
           "policy": "For policy readers:",
           "brief": "A short policy brief drawn from the same data and sources, {link}, is published beside this PDF "
                    "and linked from every page of the HTML edition.",
           "summary": "Executive summary"},
    "fr": {"subtitle": "Un rapport sourcé et reproductible",
           "locator": "Le Mali, l’Algérie et leurs voisins\u202f; la frontière entre le Mali et l’Algérie en évidence.",
           "policy": "Pour les décideurs\u00a0:",
           "brief": "Une note de synthèse courte, tirée des mêmes données et sources, {link} (en anglais), est publiée "
                    "à côté de ce PDF et liée depuis chaque page de l’édition HTML.",
           "summary": "Synthèse"},
}


def cover_macros(copyright_line: str, language: str = "en") -> str:
    """The texts of the cover, as LaTeX macros, in the book's language."""
    from sahelreport import paths
    from sahelreport.figures.style import DISCLAIMER

    words = COVER[language if language in COVER else "en"]
    link = f"\\href{{{paths.BRIEF_NAME}}}{{\\nolinkurl{{{paths.BRIEF_NAME}}}}}"
    brief = escape(words["brief"]).replace(escape("{link}"), link)
    macros = {"sahelDisclaimer": escape(DISCLAIMER), "sahelCopyright": f"© {escape(copyright_line)}",
              "sahelBrief": brief, "sahelSubtitle": escape(words["subtitle"]),
              "sahelLocatorCaption": escape(words["locator"]), "sahelPolicyReaders": escape(words["policy"]),
              "sahelSummaryName": escape(words["summary"])}
    return "".join(f"\\newcommand{{\\{name}}}{{{value}}}\n" for name, value in macros.items())


def _front_matter(app: Sphinx, config: Any) -> None:
    citation = read_citation()
    elements = dict(config.latex_elements)
    elements["preamble"] = "\n".join([elements.get("preamble", ""), pdf_metadata(citation, config.language or "en"),
                                      cover_macros(config.copyright, config.language or "en")])
    config.latex_elements = elements


def draw_locator(out: Path) -> Path:
    """The overview map's map panel (no legend or source line: the cover carries the disclaimer), as a PDF."""
    import matplotlib.pyplot as plt

    from sahelreport.data.load import dataset
    from sahelreport.figures.map_checks import renderer_of
    from sahelreport.figures.registry import registered

    plt.switch_backend("agg")
    fig = registered(LOCATOR_FIGURE).draw(dataset())
    fig.draw_without_rendering()
    panel = fig.axes[0].get_tightbbox(renderer_of(fig))
    assert panel is not None, "the overview map has no map panel"
    fig.savefig(out, bbox_inches=panel.transformed(fig.dpi_scale_trans.inverted()),
                metadata={"CreationDate": None, "ModDate": None})
    plt.close(fig)
    return out


def _locator(app: Sphinx) -> None:
    if app.builder.name in LATEX_BUILDERS:
        draw_locator(Path(app.outdir) / LOCATOR)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", _front_matter)
    app.connect("builder-inited", _locator)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
