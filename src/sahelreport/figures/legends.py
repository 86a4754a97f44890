"""Legends that fit their figure: a translation is often longer, and a legend too wide for the page is redrawn.

A legend is first drawn as asked. It is kept when, once the figure's layout is done, it lies inside the figure
(between the layout's margins) and the layout could place every axes; a legend that fits at first is exactly
the legend matplotlib draws. Otherwise it is redrawn with fewer columns (down to two), then with its longest
lines wrapped, a tenth shorter at each try, until it fits.
"""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Sequence
from typing import Any, cast

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend

from sahelreport.figures.map_checks import renderer_of

SHORTEST_LINE = 16  # characters: labels are never wrapped narrower than this
FEWEST_COLUMNS = 2  # columns are taken away down to this many before labels are wrapped


def fits(fig: Figure, legend: Legend) -> bool:
    """Whether the legend lies inside the figure's width once the layout is done, and the layout placed every axes."""
    engine = fig.get_layout_engine()
    if engine is None:
        box = legend.get_window_extent(renderer_of(fig))
        return box.x0 >= -0.5 and box.x1 <= fig.bbox.width + 0.5
    positions = [(ax, ax.get_position(original=True).frozen(), ax.get_position(original=False).frozen())
                 for ax in fig.axes]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        engine.execute(fig)
    pad = float(engine.get().get("w_pad", 0.0)) * fig.dpi
    box = legend.get_window_extent(renderer_of(fig))
    for ax, original, active in positions:  # as before: the layout done at drawing time starts from the same place
        cast(Any, ax)._set_position(original, which="original")  # (set_position would take it out of the layout)
        cast(Any, ax)._set_position(active, which="active")
    collapsed = any("collapsed" in str(w.message) for w in caught)
    return not collapsed and box.x0 >= pad - 0.5 and box.x1 <= fig.bbox.width - pad + 0.5


def wrapped(label: str, width: int) -> str:
    """A label with each of its lines wrapped to `width` characters."""
    return "\n".join(textwrap.fill(line, width) for line in label.split("\n"))


def fitted_legend(owner: Axes | Figure, handles: Sequence[Artist], **kwargs: Any) -> Legend:
    """owner.legend(handles=handles, **kwargs), with fewer columns or wrapped labels if that is what it takes to fit
    the figure (see the module's docstring)."""
    fig = owner if isinstance(owner, Figure) else owner.get_figure(root=True)
    assert isinstance(fig, Figure)
    labels = [str(h.get_label()) for h in handles]
    columns_key = "ncols" if "ncols" in kwargs else "ncol"
    while True:
        legend = owner.legend(handles=list(handles), labels=labels, **kwargs)
        longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
        columns = int(kwargs.get(columns_key, 1))
        if fits(fig, legend) or (columns <= FEWEST_COLUMNS and longest <= SHORTEST_LINE):
            return legend
        legend.remove()
        if columns > FEWEST_COLUMNS:
            kwargs[columns_key] = columns - 1
        else:
            labels = [wrapped(label, max(SHORTEST_LINE, int(longest * 0.9))) for label in labels]
