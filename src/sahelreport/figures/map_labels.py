"""Names on the maps, placed by the label placer (figures.callouts) once the figure's layout is final.

A map collects what it names — places beside their markers, countries and regions inside their visible
shapes, event callouts beside their places — and the lines a name must not cross (the highlighted border,
the routes). `MapLabels.place` then measures every label, lists its candidate spots, drops those that
leave the map or touch what does not move (insets, scale bar, titles, markers, those lines), and lets the
placer choose among the rest. Places whose markers nearly touch on the page share one label
("Tin Zaouatine (Algeria) / Tinzaouaten (Mali)").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
import shapely
import shapely.ops
from matplotlib.axes import Axes
from matplotlib.offsetbox import AnnotationBbox
from shapely.geometry.base import BaseGeometry

from sahelreport.figures import callouts, style
from sahelreport.figures import cartography as carto
from sahelreport.figures.callouts import Box, Request, Spot
from sahelreport.figures.label_spots import (
    TOWN_GAP_PX,
    Obstacles,
    area_spots,
    pole_of,
    sea_spots,
    to_pixels,
    town_spots,
)
from sahelreport.figures.map_checks import figure_of, renderer_of, text_box
from sahelreport.figures.texts import text

TOWN_OFFSET_PT = 1.5  # between a marker and the name beside it
FRAME_MARGIN_PX = 3.0  # labels keep this far inside the map's frame
AREA_GAP_PX = 3.0  # clearance around a country's or region's name
AREA_INSET_PX = 2.0  # the middle of a shape is sought this far inside its edge
MERGE_PT = 3.5  # places closer than this on the page (their markers touch) share one label
MARKER_HALF_PT = 2.2  # half the size of a place marker
REQUIRED_SHRINK = (0.88, 0.76, 0.66)  # font scales a required area name is tried at when it fits nowhere at its size
WIDTH_SLACK, HEIGHT_SLACK = 0.12, 0.06  # how much wider or taller a text may be drawn at another resolution
TOWN_RANKS = {"national-capital": 1, "regional-capital": 2}  # other places rank 3; callouts 4; countries 10; regions 11
LEADER: dict[str, Any] = {"arrowstyle": "-", "color": "#666666", "lw": 0.5, "shrinkA": 0, "shrinkB": 2}
COUNTRY_STYLE: dict[str, Any] = {"color": "#555555", "fontweight": "bold", "alpha": 0.9, "zorder": 6}
UNIT_STYLE: dict[str, Any] = {"color": "#5b5b5b", "style": "italic", "zorder": 4}


@dataclass
class _Point:
    key: str  # for the order: the (first) place id
    xy: tuple[float, float]  # map coordinates
    text: str
    size: float
    colour: str
    rank: int
    spread_pt: float = 0.0  # how far the markers named reach from xy


@dataclass
class _Area:
    shape: BaseGeometry  # map coordinates
    texts: list[str]  # variants, in order of preference (one line, then wrapped)
    size: float
    props: dict[str, Any]
    rank: int
    name: str
    required: bool = False
    sea: BaseGeometry | None = None  # where the name may go, with a leader line, when it does not fit inside


class MapLabels:
    """What one map (or inset) names, and the lines its names must not cross; `place` puts them all down."""

    def __init__(self, ax: Axes) -> None:
        self.ax = ax
        self._towns: list[tuple[pd.DataFrame, float, str]] = []
        self._points: list[_Point] = []
        self._areas: list[_Area] = []
        self._callouts: list[tuple[str, AnnotationBbox]] = []
        self._lines: list[tuple[BaseGeometry, float]] = []

    def towns(self, places: pd.DataFrame, size: float = 6.6, colour: str = style.TEXT) -> None:
        """Name each place (rows of carto.places_xy) beside its marker."""
        self._towns.append((places, size, colour))

    def point(self, key: str, xy: tuple[float, float], text: str, size: float, colour: str = style.TEXT,
              rank: int = 3) -> None:
        """Write a text beside a marked point (map coordinates), e.g. an account of where an incident happened."""
        self._points.append(_Point(key, xy, text, size, colour, rank))

    def area(self, name: str, shape: BaseGeometry, texts: list[str], size: float, props: dict, rank: int,
             required: bool = False) -> None:
        """Write a text inside a shape's visible part (map coordinates), near its middle; an optional text
        that fits nowhere is left out."""
        self._areas.append(_Area(shape, texts, size, props, rank, name, required))

    def countries(self, window: BaseGeometry, min_share: float, size: float = 7.0, composite: bool = False,
                  disputed_note: bool = False) -> None:
        """Name every country that covers at least `min_share` of the window: inside it, or out at sea beside it
        with a leader line when its name fits nowhere inside. With `disputed_note`, a disputed territory is
        named first, whatever it takes, and noted as disputed."""
        shown = carto.clip(carto.country_outlines(composite), window)
        sea = window.difference(shapely.union_all([shape for _, shape in shown]))
        for iso, shape in shown:
            if shape.area >= min_share * window.area:
                noted = disputed_note and iso in carto.DISPUTED_TERRITORIES  # the map's subject: it must be named
                self._areas.append(_Area(shape, _variants(carto.country_name(iso).upper(),
                                                          text("map.disputed-note") if noted else ""), size,
                                         COUNTRY_STYLE, 0 if noted else 10, iso, required=noted, sea=sea))

    def units(self, shapes: Sequence[tuple[str, BaseGeometry]], size: float = 6.5) -> None:
        """Name every region or province whose name fits inside its visible part, in italics."""
        for name, shape in shapes:
            self.area(name, shape, _variants(name, ""), size, UNIT_STYLE, 11)

    def callout(self, name: str, box: AnnotationBbox) -> None:
        """Place an event callout (its offset is set here) beside its point."""
        self._callouts.append((name, box))

    def avoid(self, geoms: Sequence[BaseGeometry], width_pt: float) -> None:
        """Lines (map coordinates) that names of places and areas must not cross."""
        self._lines += [(g, width_pt) for g in geoms if not g.is_empty]

    def place(self) -> None:
        """Measure, place and draw every label (raises callouts.PlacementError when a required one cannot fit)."""
        ax = self.ax
        fig = figure_of(ax)
        fig.draw_without_rendering()
        renderer = renderer_of(fig)
        frame = Box(*ax.get_window_extent(renderer).extents).padded(-FRAME_MARGIN_PX)
        obstacles = Obstacles(ax, renderer, self._lines)
        requests: list[Request] = []
        appliers: list[Callable[[Spot | None], None]] = []
        for point in sorted(self._merged_towns() + self._points, key=lambda p: p.key):
            request, apply = self._point(point, renderer, obstacles, frame)
            requests.append(request)
            appliers.append(apply)
        for name, box in self._callouts:
            request, apply = self._callout(name, box, renderer, obstacles, frame)
            requests.append(request)
            appliers.append(apply)
        for area in self._areas:
            request, apply = self._area(area, renderer, obstacles, frame)
            requests.append(request)
            appliers.append(apply)
        for apply, spot in zip(appliers, callouts.place(requests), strict=True):
            apply(spot)

    # --- One request per label ------------------------------------------------------------------------------------

    def _merged_towns(self) -> list[_Point]:
        """One labelled point per place, except that places whose markers touch on the page share one."""
        ax = self.ax
        scale = 72 / figure_of(ax).dpi
        points: list[_Point] = []
        for places, size, colour in self._towns:
            rows = [row for _, row in places.sort_values("id").iterrows()]
            pixels = ax.transData.transform(np.array([[r["x"], r["y"]] for r in rows]).reshape(-1, 2))
            clusters: list[list[int]] = []
            for i in range(len(rows)):
                near = [c for c in clusters if any(np.hypot(*(pixels[i] - pixels[j])) * scale < MERGE_PT for j in c)]
                clusters = [c for c in clusters if c not in near] + [sorted([i] + [j for c in near for j in c])]
            for cluster in clusters:
                group = sorted(cluster, key=lambda j: carto.place_name(rows[j]))
                middle = pixels[group].mean(axis=0)
                spread = max(float(np.hypot(*(pixels[j] - middle))) for j in group) * scale
                points.append(_Point(min(str(rows[j]["id"]) for j in group),
                                     tuple(ax.transData.inverted().transform(middle)),
                                     _joint_name([rows[j] for j in group]), size, colour,
                                     min(TOWN_RANKS.get(str(rows[j]["kind"]), 3) for j in group), spread))
        return points

    def _point(self, point: _Point, renderer, obstacles: Obstacles, frame: Box):
        ax = self.ax
        dpi = figure_of(ax).dpi
        style_: dict[str, Any] = {"ha": "center", "va": "center", "fontsize": point.size, "color": point.colour, "zorder": 7}
        artist = ax.annotate(point.text, point.xy, xytext=(0, 0), textcoords="offset points", **style_)
        anchor = tuple(ax.transData.transform(point.xy))
        box = text_box(artist, renderer)
        spots = town_spots(anchor, *_with_slack(box), (point.spread_pt + MARKER_HALF_PT + TOWN_OFFSET_PT) * dpi / 72)
        spots = obstacles.clear(spots, anchor, TOWN_GAP_PX, frame)
        spots = obstacles.nearest_to_own(spots, anchor, (point.spread_pt + MARKER_HALF_PT) * dpi / 72)
        request = Request(point.text, anchor, spots, rank=point.rank, gap=TOWN_GAP_PX, size=_with_slack(box))
        artist.remove()

        def apply(spot: Spot | None) -> None:
            assert spot is not None  # a required label: the placer raised if it found none
            ha = _near_side(spot.box, anchor)  # aligned on the side facing the marker, so that a text drawn
            placed = ax.annotate(point.text, point.xy, xytext=(0, 0), textcoords="offset points",  # wider at
                                 arrowprops=LEADER if spot.leader else None, **{**style_, "ha": ha})  # another dpi
            measured = text_box(placed, renderer)  # grows away from it
            dx = _edge(spot.box.x0, spot.box.x1, ha) - _edge(measured.x0, measured.x1, ha)
            dy = spot.box.centre[1] - (measured.y0 + measured.y1) / 2
            placed.xyann = (dx * 72 / dpi, dy * 72 / dpi)
            placed.set_in_layout(False)

        return request, apply

    def _callout(self, name: str, box: AnnotationBbox, renderer, obstacles: Obstacles, frame: Box):
        dpi = figure_of(self.ax).dpi
        anchor = tuple(self.ax.transData.transform(box.xy))
        extent = box.patch.get_window_extent(renderer)
        spots = [Spot(Box.around(anchor[0] + dx, anchor[1] + dy, *_with_slack(extent)), leader=True)
                 for dx, dy in callouts.ring_offsets()]
        spots = obstacles.clear(spots, anchor, callouts.GAP_PX, frame, lines=False)
        request = Request(name, anchor, spots, rank=4, size=_with_slack(extent))

        def apply(spot: Spot | None) -> None:
            assert spot is not None
            ha = _near_side(spot.box, anchor)  # aligned on the side facing its point, as a place's name
            cast(Any, box).box_alignment = ({"left": 0.0, "right": 1.0, "center": 0.5}[ha], 0.5)
            box.xybox = (0.0, 0.0)
            box.update_positions(renderer)
            measured = box.patch.get_window_extent(renderer)
            box.xybox = ((_edge(spot.box.x0, spot.box.x1, ha) - _edge(measured.x0, measured.x1, ha)) * 72 / dpi,
                         (spot.box.centre[1] - (measured.y0 + measured.y1) / 2) * 72 / dpi)

        return request, apply

    def _area(self, area: _Area, renderer, obstacles: Obstacles, frame: Box):
        ax = self.ax
        visible = to_pixels(ax, area.shape).simplify(0.5).intersection(shapely.box(frame.x0, frame.y0, frame.x1,
                                                                                     frame.y1))
        inner = visible.buffer(-AREA_INSET_PX) if not visible.is_empty else visible
        pole = pole_of(inner)
        px, py = ax.transData.inverted().transform(pole)
        artist = ax.text(px, py, area.texts[0], ha="center", va="center", fontsize=area.size, **area.props)
        artist.set_in_layout(False)
        variants = [(words, area.size) for words in area.texts]  # (text, font size), by spot.variant
        spots: list[Spot] = []
        errors: list[tuple[float, float]] = []
        # A required name that fits nowhere at its size is tried smaller, after every spot at its size.
        for scale in (1.0, *(REQUIRED_SHRINK if area.required else ())):
            first = len(variants) if scale != 1.0 else 0
            if scale != 1.0:
                variants += [(words, area.size * scale) for words in area.texts]
            spots += self._area_spots(area, artist, variants[first:], first, visible, pole, renderer, errors)
        spots = obstacles.clear(spots, pole, AREA_GAP_PX, frame)
        request = Request(area.name, pole, spots, rank=area.rank, required=area.required, marks_anchor=False,
                          gap=AREA_GAP_PX)

        def apply(spot: Spot | None) -> None:
            if spot is None:
                artist.remove()  # the name fits nowhere in the visible part: the map leaves it unnamed
                return
            cx, cy = spot.box.centre
            ex, ey = errors[spot.variant]
            at = tuple(ax.transData.inverted().transform((cx - ex, cy - ey)))
            words, size = variants[spot.variant]
            artist.set_text(words)
            artist.set_fontsize(size)
            artist.set_position(at)
            if spot.leader:  # out at sea: the same text, tied to the middle of its shape
                artist.remove()
                ax.annotate(words, (px, py), xytext=at, textcoords="data",
                            ha="center", va="center", fontsize=size, arrowprops=LEADER,
                            **area.props).set_in_layout(False)

        return request, apply


    def _area_spots(self, area: _Area, artist, variants: list[tuple[str, float]], first: int, visible, pole,
                    renderer, errors: list[tuple[float, float]]) -> list[Spot]:
        """An area name's spots for some of its variants (numbered from `first`): wholly inside its visible part,
        then mostly inside, then out at sea; appends each variant's centring error to `errors`."""
        ax = self.ax
        inside: list[Spot] = []
        mostly: list[Spot] = []
        boxes = []
        for variant, (words, size) in enumerate(variants, start=first):
            artist.set_text(words)
            artist.set_fontsize(size)
            box = text_box(artist, renderer)
            boxes.append(box)
            errors.append((box.x0 + box.width / 2 - pole[0], box.y0 + box.height / 2 - pole[1]))
            whole, most = area_spots(visible, pole, *_with_slack(box), variant)
            inside, mostly = inside + whole, mostly + most
        spots = inside + mostly  # wholly inside, in any variant, before mostly inside
        if area.sea is not None:
            sea = to_pixels(ax, area.sea).simplify(0.5)
            for variant, box in enumerate(boxes, start=first):
                spots += sea_spots(sea, pole, *_with_slack(box), variant)
        return spots


def _with_slack(box) -> tuple[float, float]:
    """A label's size as placed: its measured box and room to grow, since its text is wider at some resolutions
    (font hinting) than at the one it is measured at."""
    return box.width * (1 + WIDTH_SLACK) + 1, box.height * (1 + HEIGHT_SLACK) + 1


def _near_side(box: Box, anchor: tuple[float, float]) -> str:
    """How a label beside a point is aligned: 'left' when it lies right of the point, 'right' when left of it."""
    if box.x0 >= anchor[0] - 0.5:
        return "left"
    return "right" if box.x1 <= anchor[0] + 0.5 else "center"


def _edge(x0: float, x1: float, ha: str) -> float:
    return {"left": x0, "right": x1, "center": (x0 + x1) / 2}[ha]


def _joint_name(rows: list[pd.Series]) -> str:
    """The names of places labelled together; with their countries when they lie in different ones."""
    if len({r["country"] for r in rows}) == 1:
        return " / ".join(carto.place_name(r) for r in rows)
    return " / ".join(f"{carto.place_name(r)} ({carto.country_name(str(r['country']))})" for r in rows)


def _variants(name: str, note: str) -> list[str]:
    """A name on one line, then wrapped onto two at its middle space (each with the note on a line of its own)."""
    words = name.split()
    lines = [name]
    if len(words) > 1:
        cut = min(range(1, len(words)), key=lambda k: abs(len(" ".join(words[:k])) - len(" ".join(words[k:]))))
        lines.append(" ".join(words[:cut]) + "\n" + " ".join(words[cut:]))
    return [f"{line}\n{note}" if note else line for line in lines]


