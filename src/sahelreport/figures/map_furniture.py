"""Map furniture where it hides nothing: scale bars, insets and titles each take the first free corner.

A piece of furniture has a size (fractions of its map) and locations in order of preference; it takes
the first where it hides none of the points it must leave visible (markers, route lines) and meets no
other piece already placed.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from matplotlib.axes import Axes

from sahelreport.figures import style
from sahelreport.figures.map_checks import figure_of

LOCATIONS = ("lower right", "lower left", "upper right", "upper left", "lower center", "upper center")
FURNITURE_MARGIN = 0.005  # between the frame and an inset, as a fraction of the map
MARKER_PAD_PT = 5.0  # furniture keeps this far from a marker's centre
Rect = tuple[float, float, float, float]  # x, y, width, height as fractions of the map


def location_rect(location: str, size: tuple[float, float]) -> Rect:
    """Where a box of the given size (fractions of the map) sits at a named location."""
    width, height = size
    x = 1 - FURNITURE_MARGIN - width if "right" in location else FURNITURE_MARGIN if "left" in location \
        else (1 - width) / 2
    y = 1 - FURNITURE_MARGIN - height if "upper" in location else FURNITURE_MARGIN
    return x, y, width, height


def _covers(rect: Rect, point: tuple[float, float]) -> bool:
    x, y, width, height = rect
    return x <= point[0] <= x + width and y <= point[1] <= y + height


def _padded(rect: Rect, pad: tuple[float, float]) -> Rect:
    return rect[0] - pad[0], rect[1] - pad[1], rect[2] + 2 * pad[0], rect[3] + 2 * pad[1]


def _meets(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def axes_fraction(ax: Axes, x: float, y: float) -> tuple[float, float]:
    """A point in map coordinates as fractions of the map's width and height."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return (x - x0) / (x1 - x0), (y - y0) / (y1 - y0)


def free_location(ax: Axes, size: tuple[float, float], preferences: Sequence[str],
                  avoid: Sequence[tuple[float, float]], taken: Sequence[Rect] = ()) -> str:
    """The first location (in order of preference) where a box hides none of the points (map coordinates) and
    meets no taken rectangle; when none is free, the one that hides fewest."""
    points = [axes_fraction(ax, x, y) for x, y in avoid]
    width_pt, height_pt = map_size_pt(ax)
    pad = (MARKER_PAD_PT / width_pt, MARKER_PAD_PT / height_pt)  # a marker is no point: keep clear of its edge
    options = [loc for loc in dict.fromkeys(preferences) if not any(_meets(location_rect(loc, size), t) for t in taken)]
    hidden = {loc: sum(_covers(_padded(location_rect(loc, size), pad), p) for p in points) for loc in options}
    return min(options, key=lambda loc: (hidden[loc], options.index(loc)))


def hidden_by(ax: Axes, rects: Sequence[Rect], points: Sequence[tuple[float, float]]) -> list[bool]:
    """For each point (map coordinates), whether one of the rectangles (fractions of the map) hides it."""
    return [any(_covers(r, axes_fraction(ax, x, y)) for r in rects) for x, y in points]


CHAR_WIDTH_EM = 0.68  # a generous width of one character, in ems of its font (bold, any dpi's hinting)


def map_size_pt(ax: Axes) -> tuple[float, float]:
    """The map's size in points, once the figure's layout has placed it."""
    fig = figure_of(ax)
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
    position = ax.get_position()
    return position.width * fig.get_figwidth() * 72, position.height * fig.get_figheight() * 72


def _size_in_map(ax: Axes, text: str, fontsize: float) -> tuple[float, float]:
    """A generous estimate of a text box's size, as fractions of the map (before the text is drawn)."""
    lines = text.split("\n")
    width_pt, height_pt = map_size_pt(ax)
    return ((max(len(line) for line in lines) * fontsize * CHAR_WIDTH_EM + 8) / width_pt,
            (len(lines) * fontsize * 1.25 + 8) / height_pt)


def panel_title(ax: Axes, title: str, corners: Sequence[str] = ("upper left", "upper right"),
                avoid: Sequence[tuple[float, float]] = (), fontsize: float = 7.5) -> Rect:
    """A title in a white box, its lines wrapped to the map's width, in the first of the corners where it hides
    none of the points; returns its place."""
    chars = int((map_size_pt(ax)[0] - 16) / (fontsize * CHAR_WIDTH_EM))
    title = "\n".join(textwrap.fill(line, chars) for line in title.split("\n"))
    size = _size_in_map(ax, title, fontsize)
    corner = free_location(ax, size, (*corners, "upper left", "upper right", "lower left", "lower right"), avoid)
    x = 0.02 if "left" in corner else 0.98
    y = 0.98 if "upper" in corner else 0.02
    ax.text(x, y, title, transform=ax.transAxes, fontsize=fontsize, weight="bold", va="top" if y > 0.5 else "bottom",
            ha="left" if x < 0.5 else "right", color=style.TEXT, zorder=9,
            bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "none", "alpha": 0.85})
    return location_rect(corner, size)
