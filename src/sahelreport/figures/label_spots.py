"""Where a label may go: its candidate spots, and what they must keep clear of, in display pixels.

figures.map_labels asks for the spots of each label — beside a marker, inside a shape, out at sea — and
`Obstacles.clear` drops those that leave the map or touch what does not move; figures.callouts then
chooses among the rest, label against label.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import shapely
import shapely.ops
from matplotlib.axes import Axes
from shapely.geometry.base import BaseGeometry

from sahelreport.figures import callouts
from sahelreport.figures.callouts import Box, Spot
from sahelreport.figures.map_checks import figure_of, fixed_boxes, marker_boxes

TOWN_GAP_PX = 2.0  # clearance around a place's name
LEADER_STEP_PX, LEADER_RINGS = 6.0, 24  # a name that finds no spot beside its marker moves out, with a leader line
AREA_INSIDE_SHARE = 0.9  # at least this share of a country's or region's name lies inside its shape
OWN_MARKER_MARGIN_PX = 5.0  # a name beside its marker is at least this much nearer to it than to any other
MAX_AREA_SPOTS = 800
# Spots beside a marker, in order of preference: (side x, side y, slide) — east, north-east, south-east, west,
# north-west, south-west, north, south; then the same sides slid by half the label along the marker.
TOWN_SPOTS = ((1, 0, 0), (1, 1, 0), (1, -1, 0), (-1, 0, 0), (-1, 1, 0), (-1, -1, 0), (0, 1, 0), (0, -1, 0),
              (1, 0, 1), (1, 0, -1), (-1, 0, 1), (-1, 0, -1), (0, 1, 1), (0, 1, -1), (0, -1, 1), (0, -1, -1))


class Obstacles:
    """What does not move, in display pixels: boxes (texts, insets, scale bar, markers) and lines."""

    def __init__(self, ax: Axes, renderer, lines: Sequence[tuple[BaseGeometry, float]]) -> None:
        dpi = figure_of(ax).dpi
        markers = [b for _, b in marker_boxes(ax, dpi)]
        fixed = [b for _, b in fixed_boxes(ax, renderer, dpi)]
        self.markers = np.array([(b.x0 + b.width / 2, b.y0 + b.height / 2) for b in markers]).reshape(-1, 2)
        self.boxes = np.array([(b.x0, b.y0, b.x1, b.y1) for b in fixed + markers], dtype=float).reshape(-1, 4)
        self.tree = shapely.STRtree(shapely.box(*self.boxes[:len(fixed)].T))  # what a leader line may not cross
        self.lines = [to_pixels(ax, g).simplify(0.5).buffer(width * dpi / 72 / 2, quad_segs=2) for g, width in lines]
        for line in self.lines:
            shapely.prepare(line)

    def clear(self, spots: list[Spot], anchor: tuple[float, float], gap: float, frame: Box,
              lines: bool = True) -> list[Spot]:
        """The spots inside the frame whose box (with its gap) touches no obstacle, and whose leader line crosses
        no fixed box (it may pass over markers: twin places have theirs side by side)."""
        if not spots:
            return []
        coords = np.array([(s.box.x0, s.box.y0, s.box.x1, s.box.y1) for s in spots])
        free = ((coords[:, 0] >= frame.x0) & (coords[:, 1] >= frame.y0) & (coords[:, 2] <= frame.x1)
                & (coords[:, 3] <= frame.y1))
        padded = coords + np.array([-gap, -gap, gap, gap])
        free &= ~callouts.any_overlap(padded, self.boxes)
        if lines and self.lines:
            candidates = np.flatnonzero(free)
            shapes = shapely.box(*padded[candidates].T)
            for line in self.lines:
                free[candidates[shapely.intersects(line, shapes)]] = False
        leaders = [i for i in np.flatnonzero(free) if spots[i].leader]
        if leaders:
            own = set(self.tree.query(shapely.Point(anchor), predicate="intersects").tolist())
            segments = shapely.linestrings([spots[i].leader_line(anchor) for i in leaders])
            crossed = self.tree.query(segments, predicate="intersects")
            for k, obstacle in zip(crossed[0], crossed[1], strict=True):
                if obstacle not in own:
                    free[leaders[k]] = False
        return [s for i, s in enumerate(spots) if free[i]]

    def nearest_to_own(self, spots: list[Spot], anchor: tuple[float, float], own_radius: float) -> list[Spot]:
        """The spots with a leader, and those clearly nearer their own marker than any other: a name must not
        seem to belong to another place."""
        others = self.markers[np.hypot(*(self.markers - np.array(anchor)).T) > own_radius + 1]
        if not len(others):
            return spots
        kept = []
        for spot in spots:
            box = np.array([spot.box.x0, spot.box.y0, spot.box.x1, spot.box.y1])
            own = _box_distance(box, np.array([anchor]))[0]
            if spot.leader or own + OWN_MARKER_MARGIN_PX < _box_distance(box, others).min():
                kept.append(spot)
        return kept


def _box_distance(box: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Distances from a box (x0, y0, x1, y1) to points (rows x, y)."""
    dx = np.maximum.reduce([box[0] - points[:, 0], np.zeros(len(points)), points[:, 0] - box[2]])
    dy = np.maximum.reduce([box[1] - points[:, 1], np.zeros(len(points)), points[:, 1] - box[3]])
    return np.hypot(dx, dy)


def to_pixels(ax: Axes, geom: BaseGeometry) -> BaseGeometry:
    """A geometry in map coordinates, in display pixels."""
    return shapely.transform(geom, ax.transData.transform)


def pole_of(shape: BaseGeometry) -> tuple[float, float]:
    """The point of the largest part farthest from its edge (the pole of inaccessibility)."""
    if shape.is_empty:
        return 0.0, 0.0
    parts = [p for p in getattr(shape, "geoms", [shape]) if p.geom_type == "Polygon"]
    if not parts:
        return 0.0, 0.0
    point = shapely.ops.polylabel(max(parts, key=lambda p: p.area), tolerance=1.0)
    return point.x, point.y


def town_spots(anchor: tuple[float, float], width: float, height: float, radius: float) -> list[Spot]:
    """Beside the marker (east first, then round); then the same spots pushed out step by step, with a leader."""
    spots = []
    for ring in range(LEADER_RINGS + 1):
        r = radius + TOWN_GAP_PX + ring * LEADER_STEP_PX
        for sx, sy, slide in TOWN_SPOTS:
            diagonal = 0.7 if sx and sy else 1.0
            dx = sx * (r * diagonal + width / 2) + (slide * width / 2 if not sx else 0.0)
            dy = sy * (r * diagonal + height / 2) + (slide * height / 2 if not sy else 0.0)
            spots.append(Spot(Box.around(anchor[0] + dx, anchor[1] + dy, width, height), leader=ring > 0))
    return spots


def sea_spots(sea: BaseGeometry, pole: tuple[float, float], width: float, height: float, variant: int) -> list[Spot]:
    """Boxes wholly at sea on rings round a shape's pole, nearest first, joined to it by a leader line."""
    rings = callouts.ring_offsets(step=8.0, rings=20, first=max(width, height) / 2 + 10)
    boxes = [Box.around(pole[0] + dx, pole[1] + dy, width, height) for dx, dy in rings]
    shapes = shapely.box(*np.array([(b.x0, b.y0, b.x1, b.y1) for b in boxes]).T)
    shapely.prepare(sea)
    wet = shapely.contains(sea, shapes)
    return [Spot(b, leader=True, variant=variant) for b, ok in zip(boxes, wet, strict=True) if ok]


def area_spots(shape: BaseGeometry, pole: tuple[float, float], width: float, height: float,
                variant: int) -> tuple[list[Spot], list[Spot]]:
    """Boxes on a grid around the shape's pole, nearest first: those wholly inside the shape, and those mostly
    inside (AREA_INSIDE_SHARE of them)."""
    if shape.is_empty or shape.area < width * height:
        return [], []
    step = max(3.0, math.sqrt(shape.area) / 40)
    x0, y0, x1, y1 = shape.bounds
    xs = pole[0] + step * np.arange(math.floor((x0 - pole[0]) / step), math.ceil((x1 - pole[0]) / step) + 1)
    ys = pole[1] + step * np.arange(math.floor((y0 - pole[1]) / step), math.ceil((y1 - pole[1]) / step) + 1)
    gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
    order = np.lexsort((gx, -gy, np.round(np.hypot(gx - pole[0], gy - pole[1]), 6)))
    gx, gy = gx[order], gy[order]
    boxes = shapely.box(gx - width / 2, gy - height / 2, gx + width / 2, gy + height / 2)
    shapely.prepare(shape)
    inside = shapely.contains(shape, boxes)
    edge = np.flatnonzero(~inside & shapely.intersects(shape, boxes))[:MAX_AREA_SPOTS]
    share = shapely.area(shapely.intersection(boxes[edge], shape)) / (width * height)
    whole, most = np.flatnonzero(inside)[:MAX_AREA_SPOTS], edge[share >= AREA_INSIDE_SHARE]
    return ([Spot(Box.around(float(gx[k]), float(gy[k]), width, height), variant=variant) for k in whole],
            [Spot(Box.around(float(gx[k]), float(gy[k]), width, height), variant=variant) for k in most])
