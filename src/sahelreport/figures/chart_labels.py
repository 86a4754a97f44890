"""Labels that never overlap: annotations stacked in rows above a chart, each tied to its point by a leader line.

The charts label events at their dates. Dense periods would put labels on top of each other, so
`label_rows` measures every label and gives it the lowest row where it touches neither another label
nor another label's leader line, then grows the figure by just the rows it used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import offset_copy

from sahelreport.figures import style

LABEL_FONT_SIZE = 7.0
ROW_IN = 0.16  # height of one row of labels, in inches
GAP_PX = 4.0  # smallest horizontal gap between two labels (or a label and a leader), in pixels at figure dpi
OFFSET_PT = 2.0  # a label starts this far from its leader line
Align = Literal["left", "right"]
LEADER: dict[str, Any] = {"color": "#9a9a9a", "linewidth": 0.6, "zorder": 1}


@dataclass(frozen=True)
class Slot:
    """Where a label goes: its row (0 = just above the chart), alignment and horizontal extent in pixels."""

    row: int
    ha: Align
    left: float
    right: float
    anchor: float


def pack(anchors: Sequence[float], widths: Sequence[float], lo: float, hi: float, gap: float = GAP_PX) -> list[Slot]:
    """Give each label (anchor x and width in pixels) a row, so that labels and leader lines never cross.

    Tries placing the labels right to left and left to right (where the rules below leave a choice) and
    keeps the layout with fewer rows. Returns the slots in the order of `anchors`.
    """
    layouts = [_pack(anchors, widths, lo, hi, gap, rightmost) for rightmost in (True, False)]
    return min(layouts, key=lambda slots: max((s.row for s in slots), default=-1))


def _pack(anchors: Sequence[float], widths: Sequence[float], lo: float, hi: float, gap: float,
          rightmost_first: bool) -> list[Slot]:
    """One packing: labels taken in dependency order, ties broken right to left or left to right.

    A label starts at its anchor, or ends there when it would pass `hi`. It may not overlap a label of
    its row, and no leader line (which runs from a label down through the rows below it) may cross a
    label. A label that covers another's anchor must sit above it, so labels are placed in an order
    where every such label comes after the anchors it covers; each then takes its lowest free row.
    Returns the slots in the order of `anchors`.
    """
    n = len(anchors)
    align: list[Align] = ["left" if anchors[i] + widths[i] <= hi + 0.5 else "right" for i in range(n)]
    flipped: set[int] = set()
    relaxed: set[int] = set()
    while True:
        extent = [_extent(anchors[i], widths[i], align[i]) for i in range(n)]
        order, stuck = _order(anchors, extent, gap, rightmost_first)
        if not stuck:
            break
        # Two labels cover each other's anchors: turn one round if it still fits, else accept the order.
        mutual = [i for i in stuck if any(_covers(extent[i], anchors[j], gap) and _covers(extent[j], anchors[i], gap)
                                          and abs(anchors[i] - anchors[j]) > gap for j in stuck)]
        turnable = [i for i in mutual if i not in flipped
                    and lo - 0.5 <= _extent(anchors[i], widths[i], _other(align[i]))[0]
                    and _extent(anchors[i], widths[i], _other(align[i]))[1] <= hi + 0.5]
        if not turnable:
            relaxed = set(stuck)  # no layout keeps their leaders clear: they only avoid other labels
            order += sorted(stuck, key=lambda i: -anchors[i])
            break
        align[turnable[0]] = _other(align[turnable[0]])
        flipped.add(turnable[0])
    slots: dict[int, Slot] = {}
    for i in order:
        left, right = extent[i]
        row = 0
        while not _free(list(slots.values()), row, anchors[i], left, right, gap, i in relaxed):
            row += 1
        slots[i] = Slot(row, align[i], left, right, anchors[i])
    return [slots[i] for i in range(n)]


def _other(ha: Align) -> Align:
    return "right" if ha == "left" else "left"


def _extent(anchor: float, width: float, ha: str) -> tuple[float, float]:
    return (anchor, anchor + width) if ha == "left" else (anchor - width, anchor)


def _covers(extent: tuple[float, float], x: float, gap: float) -> bool:
    return extent[0] - gap < x < extent[1] + gap


def _order(anchors: Sequence[float], extent: Sequence[tuple[float, float]], gap: float,
           rightmost_first: bool) -> tuple[list[int], list[int]]:
    """Labels in an order where each comes after every label whose anchor it covers (else right or left first).

    Returns that order and the labels left over when some cover each other's anchors.
    """
    n = len(anchors)
    covered_by = {j: {i for i in range(n) if abs(anchors[i] - anchors[j]) > gap and _covers(extent[i], anchors[j], gap)}
                  for j in range(n)}
    waiting = {i: {j for j in range(n) if i in covered_by[j]} for i in range(n)}  # anchors i must wait for
    order: list[int] = []
    remaining = set(range(n))
    while remaining:
        ready = [i for i in remaining if not waiting[i] & remaining]
        if not ready:
            return order, sorted(remaining)
        chosen = max(ready, key=lambda i: (anchors[i] if rightmost_first else -anchors[i], -i))
        order.append(chosen)
        remaining.discard(chosen)
    return order, []


def _free(slots: Sequence[Slot], row: int, anchor: float, left: float, right: float, gap: float,
          relaxed: bool = False) -> bool:
    for other in slots:
        if other.row == row and left < other.right + gap and other.left < right + gap:
            return False  # overlaps a label of the same row
        if relaxed:
            continue
        apart = abs(other.anchor - anchor) > gap  # leaders closer than the gap run as one line
        if apart and other.row > row and left - gap < other.anchor < right + gap:
            return False  # another label's leader would cross this label
        if apart and other.row < row and other.left - gap < anchor < other.right + gap:
            return False  # this label's leader would cross another label
    return True


def _figure_of(ax: Axes) -> Figure:
    """The top-level figure an axes belongs to (the report draws no subfigures)."""
    fig = ax.get_figure(root=True)
    if not isinstance(fig, Figure):
        raise TypeError("axes without a figure")
    return fig


def label_rows(ax: Axes, points: Sequence[tuple[float, float]], texts: Sequence[str], *,
               chart_top: float, chart_bottom: float, chart_height_in: float,
               fontsize: float = LABEL_FONT_SIZE, leader_from: Sequence[float] | None = None) -> list[Text]:
    """Label points (x, y in data units) in rows above `chart_top`; size the axes and figure to fit.

    The data band [chart_bottom, chart_top] keeps `chart_height_in` inches; each row of labels adds
    ROW_IN. Leader lines run from each point's y (or `leader_from`) up to its label.
    """
    fig = _figure_of(ax)
    order = sorted(range(len(points)), key=lambda i: (points[i][0], texts[i]))
    fig.draw_without_rendering()  # lay out the axes so that data x maps to final pixels
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # every canvas the report uses has one
    shifted = {ha: offset_copy(ax.transData, fig, x=OFFSET_PT if ha == "left" else -OFFSET_PT, units="points")
               for ha in ("left", "right")}
    artists = [ax.text(points[i][0], chart_top, texts[i], transform=shifted["left"], fontsize=fontsize,
                       color=style.TEXT, va="bottom", zorder=4) for i in order]
    for artist in artists:
        artist.set_in_layout(False)  # labels stay inside the axes: they must not change the layout
    offset_px = OFFSET_PT * fig.dpi / 72
    widths = [a.get_window_extent(renderer).width + offset_px for a in artists]
    anchors = [ax.transData.transform((points[i][0], chart_top))[0] for i in order]
    box = ax.get_window_extent(renderer)
    slots = pack(anchors, widths, box.x0, box.x1)
    rows = max((s.row for s in slots), default=-1) + 1
    units_per_in = (chart_top - chart_bottom) / chart_height_in
    row_units = ROW_IN * units_per_in
    base = chart_top + 0.35 * row_units  # a little air between the chart and the first row
    for artist, slot, i in zip(artists, slots, order, strict=True):
        y = base + slot.row * row_units
        artist.set_position((points[i][0], y))
        artist.set_transform(shifted[slot.ha])
        artist.set_horizontalalignment(slot.ha)
        start = points[i][1] if leader_from is None else leader_from[i]
        ax.plot([points[i][0]] * 2, [start, y + 0.75 * row_units], **LEADER)
    ax.set_ylim(chart_bottom, base + rows * row_units)
    fit_axes_height(ax, chart_height_in + (0.35 + rows) * ROW_IN)
    return artists


def fit_axes_height(ax: Axes, height_in: float) -> None:
    """Grow or shrink the figure so that the (constrained-layout) axes get `height_in` inches.

    The layout's margins are fixed in inches, so one measurement is enough.
    """
    fig = _figure_of(ax)
    fig.draw_without_rendering()
    current = ax.get_position().height * fig.get_figheight()
    fig.set_figheight(fig.get_figheight() + height_in - current)
