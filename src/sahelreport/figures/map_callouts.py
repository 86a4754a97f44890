"""Event callouts of the border-zone map: a box of dated events beside each place, or a numbered key."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.offsetbox import AnchoredOffsetbox, AnnotationBbox, DrawingArea, HPacker, TextArea, VPacker

from sahelreport.data.derive.labels import event_date_label, short_label
from sahelreport.figures import callouts, style
from sahelreport.figures.map_checks import fixed_boxes

MARKER_HALF_PX = 4.5  # a town or event marker, as an obstacle
PlaceGroup = tuple[str, str, list[pd.Series]]  # place id, name, its events


def event_symbol(event: pd.Series) -> tuple[str, str, str]:
    """Marker, colour and legend label for an event: its chronology type; drone strikes get their own symbol."""
    if event["type"] == "military" and "drone strike" in str(event["title"]).lower():
        return "*", style.OKABE_ITO["black"], "Drone strike (military)"
    kind = str(event["type"])
    return style.EVENT_TYPE_MARKERS[kind], style.EVENT_TYPE_COLOURS[kind], kind.capitalize()


def event_line(event: pd.Series) -> str:
    """One event as a callout or key line: its date and short label."""
    return f"{event_date_label(event)}  {short_label(event)}"


def _marker(marker: str, colour: str, size: float = 5.0) -> DrawingArea:
    area = DrawingArea(7, 7, 0, 0)
    area.add_artist(Line2D([3.5], [3.5], marker=marker, color=colour, markeredgecolor=colour, markersize=size,
                           linestyle=""))
    return area


def callout(ax: Axes, xy: tuple[float, float], title: str, rows: list[tuple[str, str, str]],
            offset: tuple[float, float] = (0.0, 0.0)) -> AnnotationBbox:
    """A white box titled with the place, one line per event (marker, text), tied to the place by a leader."""
    lines = [TextArea(title, textprops={"size": 6.5, "weight": "bold", "color": style.TEXT})]
    for marker, colour, text in rows:
        lines.append(HPacker(children=[_marker(marker, colour), TextArea(text, textprops={"size": 6.0})],
                             align="center", pad=0, sep=2))
    box = AnnotationBbox(
        VPacker(children=lines, align="left", pad=0, sep=1.4), xy, xybox=offset, boxcoords="offset points",
        frameon=True, zorder=8, annotation_clip=False,
        bboxprops={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#888888", "lw": 0.5, "alpha": 0.93},
        arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.6, "shrinkA": 0, "shrinkB": 3})
    box.set_in_layout(False)
    ax.add_artist(box)
    return box


def place_callouts(fig: Figure, ax: Axes, boxes: list[tuple[str, AnnotationBbox]],
                   markers: Sequence[tuple[float, float]]) -> None:
    """Move each callout to the nearest free position (see figures.callouts); markers given in data units."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    frame_bbox = ax.get_window_extent(renderer)
    frame = callouts.Box(frame_bbox.x0, frame_bbox.y0, frame_bbox.x1, frame_bbox.y1)
    obstacles = [callouts.Box(b.x0, b.y0, b.x1, b.y1) for _, b in fixed_boxes(ax, renderer, fig.dpi)]
    anchors = [tuple(ax.transData.transform(box.xy)) for _, box in boxes]
    for x, y in (ax.transData.transform(m) for m in markers):
        if not any(abs(x - ax_) < 1 and abs(y - ay) < 1 for ax_, ay in anchors):
            obstacles.append(callouts.Box.around(x, y, 2 * MARKER_HALF_PX, 2 * MARKER_HALF_PX))
    sizes = []
    for _, box in boxes:
        b = box.patch.get_window_extent(renderer)
        sizes.append((b.width, b.height))
    offsets = callouts.place(anchors, sizes, obstacles, frame, [name for name, _ in boxes])
    scale = 72 / fig.dpi
    for (_, box), (dx, dy) in zip(boxes, offsets, strict=True):
        box.xybox = (dx * scale, dy * scale)


def key_lines(groups: list[PlaceGroup]) -> int:
    """Lines of the numbered key: one per place and one per event."""
    return sum(1 + len(events) for _, _, events in groups)


def event_key(legend_ax: Axes, groups: list[PlaceGroup]) -> None:
    """The numbered places and their events, in two balanced columns at the top of the legend axes."""
    blocks = []
    for number, (_, name, events) in enumerate(groups, start=1):
        lines = [TextArea(f"{number}  {name}", textprops={"size": 6.5, "weight": "bold", "color": style.TEXT})]
        for event in events:
            marker, colour, _ = event_symbol(event)
            lines.append(HPacker(children=[_marker(marker, colour), TextArea(
                event_line(event), textprops={"size": 6.0})], align="center", pad=0, sep=2))
        blocks.append((len(lines), lines))
    half, count, columns = key_lines(groups) / 2, 0, [[], []]
    for size, lines in blocks:
        columns[0 if count + size / 2 <= half or not columns[0] else 1].extend(lines)
        count += size
    packed = HPacker(children=[VPacker(children=c, align="left", pad=0, sep=1.3) for c in columns if c],
                     align="top", pad=0, sep=18)
    legend_ax.add_artist(AnchoredOffsetbox(loc="upper left", child=packed, frameon=False, pad=0, borderpad=0))
