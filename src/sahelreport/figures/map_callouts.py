"""Event callouts of the border-zone map: a box of dated events beside each place, or a numbered key."""

from __future__ import annotations

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.offsetbox import AnchoredOffsetbox, AnnotationBbox, DrawingArea, HPacker, TextArea, VPacker

from sahelreport.data.derive.labels import event_date_label, short_label
from sahelreport.figures import style
from sahelreport.figures.chart_base import type_label
from sahelreport.figures.texts import text

PlaceGroup = tuple[str, str, list[pd.Series]]  # place id, name, its events


def event_symbol(event: pd.Series) -> tuple[str, str, str]:
    """Marker, colour and legend label for an event: its chronology type; drone strikes get their own symbol."""
    if event["type"] == "military" and "drone strike" in str(event["title"]).lower():
        return "*", style.OKABE_ITO["black"], text("map.conflict.drone-strike")
    kind = str(event["type"])
    return style.EVENT_TYPE_MARKERS[kind], style.EVENT_TYPE_COLOURS[kind], type_label(kind)


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
    lines: list[Artist] = [TextArea(title, textprops={"size": 6.5, "weight": "bold", "color": style.TEXT})]
    for marker, colour, line in rows:
        lines.append(HPacker(children=[_marker(marker, colour), TextArea(line, textprops={"size": 6.0})],
                             align="center", pad=0, sep=2))
    box = AnnotationBbox(
        VPacker(children=lines, align="left", pad=0, sep=1.4), xy, xybox=offset, boxcoords="offset points",
        frameon=True, zorder=8, annotation_clip=False,
        bboxprops={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#888888", "lw": 0.5, "alpha": 0.93},
        arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.6, "shrinkA": 0, "shrinkB": 3})
    box.set_in_layout(False)
    ax.add_artist(box)
    return box


def key_lines(groups: list[PlaceGroup]) -> int:
    """Lines of the numbered key: one per place and one per event."""
    return sum(1 + len(events) for _, _, events in groups)


def event_key(legend_ax: Axes, groups: list[PlaceGroup]) -> None:
    """The numbered places and their events, in two balanced columns at the top of the legend axes."""
    blocks = []
    for number, (_, name, events) in enumerate(groups, start=1):
        lines: list[Artist] = [TextArea(f"{number}  {name}", textprops={"size": 6.5, "weight": "bold",
                                                                        "color": style.TEXT})]
        for event in events:
            marker, colour, _ = event_symbol(event)
            lines.append(HPacker(children=[_marker(marker, colour), TextArea(
                event_line(event), textprops={"size": 6.0})], align="center", pad=0, sep=2))
        blocks.append((len(lines), lines))
    columns: list[list[Artist]] = [[], []]
    half, count = key_lines(groups) / 2, 0
    for size, lines in blocks:
        columns[0 if count + size / 2 <= half or not columns[0] else 1].extend(lines)
        count += size
    packed = HPacker(children=[VPacker(children=c, align="left", pad=0, sep=1.3) for c in columns if c],
                     align="top", pad=0, sep=18)
    legend_ax.add_artist(AnchoredOffsetbox(loc="upper left", child=packed, frameon=False, pad=0, borderpad=0))
