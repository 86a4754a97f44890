"""Legends that fit their figure: labels too long for one line (a translation is often longer) are wrapped.

A legend drawn with its labels as they are is kept when it is no wider than the figure between its layout
margins; otherwise its longest lines are wrapped, a tenth shorter at each try, until it fits. A legend that
fits at first is exactly the legend matplotlib draws.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend

from sahelreport.figures.map_checks import renderer_of

SHORTEST_LINE = 16  # characters: labels are never wrapped narrower than this


def _fits(fig: Figure, legend: Legend) -> bool:
    engine = fig.get_layout_engine()
    pad_in = float(engine.get().get("w_pad", 0.0)) if engine is not None else 0.0
    return legend.get_window_extent(renderer_of(fig)).width <= fig.bbox.width - 2 * pad_in * fig.dpi


def wrapped(label: str, width: int) -> str:
    """A label with each of its lines wrapped to `width` characters."""
    return "\n".join(textwrap.fill(line, width) for line in label.split("\n"))


def fitted_legend(owner: Axes | Figure, handles: Sequence[Artist], **kwargs: Any) -> Legend:
    """owner.legend(handles=handles, **kwargs), its labels wrapped as much as it takes to fit the figure."""
    fig = owner if isinstance(owner, Figure) else owner.get_figure(root=True)
    assert isinstance(fig, Figure)
    labels = [str(h.get_label()) for h in handles]
    while True:
        legend = owner.legend(handles=list(handles), labels=labels, **kwargs)
        longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
        if _fits(fig, legend) or longest <= SHORTEST_LINE:
            return legend
        legend.remove()
        width = max(SHORTEST_LINE, int(longest * 0.9))
        labels = [wrapped(label, width) for label in labels]
