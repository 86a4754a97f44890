"""Notebook-side helpers: set up the kernel for vector figures, glue numbers and figures."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from sahelreport.data.load import Dataset, dataset
from sahelreport.figures import style


def setup_notebook() -> Dataset:
    """The first call of every chapter: vector figures (SVG for HTML, PDF for LaTeX) in the house style,
    and the project's validated dataset."""
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    style.apply()
    set_matplotlib_formats("svg", "pdf")
    return dataset()


def glue_figure(name: str, fig: Figure) -> None:
    """Glue a figure for a {glue:figure} directive, then close it so it is not shown twice."""
    from myst_nb import glue

    glue(name, fig, display=False)
    plt.close(fig)


def glue_number(name: str, value: float | int) -> None:
    """Glue a plain Python number (numpy scalars fail under numpy 2)."""
    from myst_nb import glue

    plain = int(value) if float(value).is_integer() else float(value)
    glue(name, plain, display=False)


def glue_markdown(name: str, text: str) -> None:
    """Glue Markdown (a table, say) for a {glue:md} directive with :format: myst."""
    from IPython.display import Markdown
    from myst_nb import glue

    glue(name, Markdown(text), display=False)


def glue_text(name: str, text: str) -> None:
    """Glue a plain string (a date, a name) for {glue:text}."""
    from myst_nb import glue

    glue(name, str(text), display=False)
