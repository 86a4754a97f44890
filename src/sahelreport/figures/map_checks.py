"""Checks on a drawn map, used by the tests and the lint: the texts it shows, and whether anything overlaps."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.offsetbox import AnnotationBbox
from matplotlib.transforms import Bbox
from matplotlib_scalebar.scalebar import ScaleBar

LABEL_GAP_PX = 1.5  # labels closer than this count as touching


def figure_texts(fig: Figure) -> list[str]:
    """Every piece of text drawn in a figure (axes, legends, callouts, source line)."""
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text()]


def scalebar_box(bar: ScaleBar, frame: Bbox, dpi: float) -> Bbox:
    """Where a scale bar sits (it reports no extent of its own): its corner, its length plus padding, 24 pt high."""
    width = (bar.length_fraction + 0.05) * frame.width
    height = 24 * dpi / 72
    location = {1: "upper right", 2: "upper left", 3: "lower left", 4: "lower right"}.get(bar.location, bar.location)
    x0 = frame.x0 if "left" in str(location) else frame.x1 - width
    y0 = frame.y0 if "lower" in str(location) else frame.y1 - height
    return Bbox.from_bounds(x0, y0, width, height)


def fixed_boxes(ax: Axes, renderer, dpi: float) -> list[tuple[str, Bbox]]:
    """What a callout may not cover, in display pixels: the texts (labels), the scale bars and the insets."""
    frame = ax.get_window_extent(renderer)
    items: list[tuple[str, Bbox]] = []
    for text in ax.texts:
        if text.get_visible() and text.get_text().strip():
            patch = text.get_bbox_patch()
            items.append((text.get_text(), patch.get_window_extent(renderer) if patch else text.get_window_extent(renderer)))
    items += [(type(a).__name__, scalebar_box(a, frame, dpi)) for a in ax.artists if isinstance(a, ScaleBar)]
    items += [("inset", child.get_tightbbox(renderer)) for child in ax.child_axes]
    return items


def label_overlaps(fig: Figure) -> list[tuple[str, str]]:
    """Labels, callouts, scale bars and insets that overlap one another, or stick out of their map: should be none."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    found: list[tuple[str, str]] = []
    for ax in fig.axes:
        if not ax.axison and not ax.collections:
            continue  # a legend-only axes
        frame = ax.get_window_extent(renderer)
        items = fixed_boxes(ax, renderer, fig.dpi)
        items += [(type(a).__name__, a.patch.get_window_extent(renderer) if isinstance(a, AnnotationBbox)
                   else a.get_window_extent(renderer))  # a callout's frame, not its leader line
                  for a in ax.artists if not isinstance(a, ScaleBar)]
        for i, (name_a, box_a) in enumerate(items):
            inside = Bbox.intersection(box_a, frame)
            if inside is None or abs(inside.width * inside.height - box_a.width * box_a.height) > 1:
                found.append((name_a, "outside the map"))
            for name_b, box_b in items[i + 1:]:
                if box_a.expanded(1.0, 1.0).padded(LABEL_GAP_PX).overlaps(box_b):
                    found.append((name_a, name_b))
    return found
