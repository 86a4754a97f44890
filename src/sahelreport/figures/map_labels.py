"""Names on the maps: places, countries and regions."""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes

from sahelreport.figures import style
from sahelreport.figures.cartography import xy

Offsets = dict[str, tuple[float, float, str]]  # place id -> (dx, dy) in points, horizontal alignment


def label_countries(ax: Axes, labels: dict[str, tuple[str, float, float]], size: float = 7) -> None:
    for text, lon, lat in labels.values():
        x, y = xy(lon, lat)
        ax.text(x, y, text, ha="center", va="center", fontsize=size, color="#555555", fontweight="bold",
                alpha=0.9, zorder=6)


def unit_labels(ax: Axes, labels: dict[str, tuple[float, float]], size: float = 6.5) -> None:
    """Names of regions and provinces, in italics."""
    for name, (lon, lat) in labels.items():
        x, y = xy(lon, lat)
        ax.text(x, y, name, ha="center", va="center", fontsize=size, color="#5b5b5b", style="italic", zorder=4)


def place_labels(ax: Axes, places: pd.DataFrame, offsets: Offsets, size: float = 6.6,
                 names: dict[str, str] | None = None, colour: str = style.TEXT) -> None:
    """Name each place; offsets (points) and alignment per place id are chosen so that labels do not collide.

    A place whose offset is missing is marked but not named (e.g. the twin of a town named for both).
    """
    for _, row in places.iterrows():
        if row["id"] not in offsets:
            continue
        dx, dy, ha = offsets[row["id"]]
        ax.annotate((names or {}).get(row["id"], row["name_en"]), (row["x"], row["y"]), xytext=(dx, dy),
                    textcoords="offset points", ha=ha, va="center", fontsize=size, color=colour, zorder=7)
