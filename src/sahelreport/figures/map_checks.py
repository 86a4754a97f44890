"""Checks on a drawn map, used by the placer, the tests and the lint: what it shows, and whether anything overlaps.

`label_overlaps` covers, on every map and inset: town, country and region labels, event callouts, the
leader lines that join labels to their points, the markers, the insets and the scale bar; and under the
maps, the legends, the numbered key and the source line.
"""

from __future__ import annotations

import math
from typing import Any, cast

from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.offsetbox import AnchoredOffsetbox, AnnotationBbox
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox
from matplotlib_scalebar.scalebar import ScaleBar

from sahelreport.figures.callouts import Box, segment_crosses

LABEL_GAP_PX = 1.5  # labels closer than this count as touching
MARKER_GID = "map-marker"  # the gid of every artist that marks a place or an event
SCALEBAR_CODES = {1: "upper right", 2: "upper left", 3: "lower left", 4: "lower right", 5: "right", 6: "center left",
                  7: "center right", 8: "lower center", 9: "upper center", 10: "center"}  # as for legends


def figure_of(ax: Axes) -> Figure:
    """The figure a map (or inset) is drawn in."""
    return cast(Figure, ax.figure)


def renderer_of(fig: Figure) -> Any:
    """The renderer of a figure's canvas, for measuring what it draws (after fig.draw_without_rendering)."""
    return cast(Any, fig.canvas).get_renderer()


def figure_texts(fig: Figure) -> list[str]:
    """Every piece of text drawn in a figure (axes, legends, callouts, source line)."""
    return [t.get_text() for t in fig.findobj(Text) if isinstance(t, Text) and t.get_text()]


def scalebar_box(bar: ScaleBar, frame: Bbox, dpi: float) -> Bbox:
    """Where a scale bar sits (it reports no extent of its own): its corner, its length plus padding, 24 pt high."""
    width = (bar.length_fraction + 0.05) * frame.width
    height = 24 * dpi / 72
    location = SCALEBAR_CODES.get(bar.location, bar.location)
    where = str(location)
    x0 = frame.x0 if "left" in where else frame.x1 - width if "right" in where else frame.x0 + (frame.width - width) / 2
    y0 = frame.y0 if "lower" in where else frame.y1 - height
    return Bbox.from_bounds(x0, y0, width, height)


def text_box(text: Text, renderer) -> Bbox:
    """A text's extent: its frame when it has one, else its letters (an annotation's leader line excluded)."""
    if isinstance(text, Annotation):
        text.update_positions(renderer)  # an annotation's text is placed at drawing time
    patch = text.get_bbox_patch()
    if patch is None:
        return Text.get_window_extent(text, renderer)
    text.update_bbox_position_size(renderer)  # the frame follows the text at drawing time
    return patch.get_window_extent(renderer)


def fixed_boxes(ax: Axes, renderer, dpi: float) -> list[tuple[str, Bbox]]:
    """The texts (labels), the scale bars and the insets of a map, in display pixels."""
    frame = ax.get_window_extent(renderer)
    items = [(text.get_text(), text_box(text, renderer)) for text in ax.texts
             if text.get_visible() and text.get_text().strip()]
    items += [(type(a).__name__, scalebar_box(a, frame, dpi)) for a in ax.artists if isinstance(a, ScaleBar)]
    items += [("inset", box) for child in ax.child_axes if (box := child.get_tightbbox(renderer)) is not None]
    return items


def marker_boxes(ax: Axes, dpi: float) -> list[tuple[str, Bbox]]:
    """The markers of places and events (artists with gid MARKER_GID), as small squares in display pixels."""
    items = []
    for artist in [*ax.collections, *ax.lines]:
        if artist.get_gid() != MARKER_GID:
            continue
        if isinstance(artist, PathCollection):
            points = artist.get_offset_transform().transform(artist.get_offsets())
            sizes = [math.sqrt(s) for s in artist.get_sizes()] or [0.0]
            halves = [sizes[i % len(sizes)] / 2 * dpi / 72 for i in range(len(points))]
        elif isinstance(artist, Line2D):
            points = artist.get_transform().transform(artist.get_xydata())
            halves = [artist.get_markersize() / 2 * dpi / 72] * len(points)
        else:
            continue
        items += [("marker", Bbox.from_extents(x - h, y - h, x + h, y + h)) for (x, y), h in zip(points, halves,
                                                                                             strict=True)]
    return items


def leader_lines(ax: Axes, renderer) -> list[tuple[str, Bbox, tuple[float, float], tuple[float, float]]]:
    """Each drawn leader line: its label's name and box, and the segment from its point to the label's edge."""
    found = []
    for artist in [*ax.artists, *ax.texts]:
        if isinstance(artist, AnnotationBbox) and artist.arrow_patch is not None:
            name, box = "callout", artist.patch.get_window_extent(renderer)
            anchor = tuple(ax.transData.transform(artist.xy))
        elif isinstance(artist, Annotation) and artist.arrow_patch is not None:
            name, box = artist.get_text(), text_box(artist, renderer)
            anchor = tuple(ax.transData.transform(artist.xy))  # the maps annotate points in data coordinates
        else:
            continue
        end = Box(box.x0, box.y0, box.x1, box.y1).edge_toward(*anchor)
        found.append((name, box, anchor, end))
    return found


def _overlap(a: Bbox, b: Bbox) -> bool:
    return a.expanded(1.0, 1.0).padded(LABEL_GAP_PX).overlaps(b)


def _map_overlaps(ax: Axes, renderer, dpi: float) -> list[tuple[str, str]]:
    """Overlaps inside one map (or inset): labels, callouts, scale bar, insets, markers and leader lines."""
    frame = ax.get_window_extent(renderer)
    items = fixed_boxes(ax, renderer, dpi)
    items += [("callout", a.patch.get_window_extent(renderer)) for a in ax.artists if isinstance(a, AnnotationBbox)]
    markers = [box for _, box in marker_boxes(ax, dpi)]
    found: list[tuple[str, str]] = []
    for i, (name_a, box_a) in enumerate(items):
        inside = Bbox.intersection(box_a, frame)
        if inside is None or abs(inside.width * inside.height - box_a.width * box_a.height) > 1:
            found.append((name_a, "outside the map"))
        found += [(name_a, name_b) for name_b, box_b in items[i + 1:] if _overlap(box_a, box_b)]
        found += [(name_a, "a marker") for marker in markers if box_a.overlaps(marker)]
    for name, own, anchor, end in leader_lines(ax, renderer):
        for other_name, box in items:
            if box.bounds != own.bounds and segment_crosses(Box(box.x0, box.y0, box.x1, box.y1), anchor, end):
                found.append((f"leader of {name}", other_name))
    for child in ax.child_axes:
        found += _map_overlaps(cast(Axes, child), renderer, dpi)
    return found


def _furniture(fig: Figure, renderer) -> list[tuple[str, Bbox]]:
    """What lies around the maps: the map frames, legends, keys and the source line."""
    items: list[tuple[str, Bbox]] = []
    for ax in fig.axes:
        if ax.axison:
            items.append(("map", ax.get_window_extent(renderer)))
        items += [("legend", a.get_window_extent(renderer)) for a in [*ax.artists, ax.get_legend()]
                  if isinstance(a, Legend | AnchoredOffsetbox)]
    label = getattr(fig, "_supxlabel", None)  # the source line (style.add_source_line)
    if label is not None and label.get_text():
        items.append(("source line", label.get_window_extent(renderer)))
    return items


def label_overlaps(fig: Figure) -> list[tuple[str, str]]:
    """Everything that overlaps something else or sticks out of its map or the figure: should be nothing."""
    fig.draw_without_rendering()
    renderer = renderer_of(fig)
    found: list[tuple[str, str]] = []
    for ax in fig.axes:
        if ax.axison or ax.collections:
            found += _map_overlaps(cast(Axes, ax), renderer, fig.dpi)
    page = fig.bbox
    furniture = _furniture(fig, renderer)
    for i, (name_a, box_a) in enumerate(furniture):
        if Bbox.intersection(box_a, page) is None or box_a.x0 < page.x0 - 1 or box_a.x1 > page.x1 + 1 \
                or box_a.y0 < page.y0 - 1 or box_a.y1 > page.y1 + 1:
            found.append((name_a, "outside the figure"))
        found += [(name_a, name_b) for name_b, box_b in furniture[i + 1:] if _overlap(box_a, box_b)]
    return found
