"""Place labels automatically: each as near its preferred spot as it fits, clear of every other label.

Every map label — a town's name, a country's or region's name, a box of events — is a Request: an
anchor (the point it names), and its candidate Spots in order of preference, already cleared of what
does not move (the frame, insets, scale bar, markers, border lines; see figures.map_labels). `place`
gives each request the first spot where it touches no label already placed, covers no marked anchor,
and where no leader line crosses a label. The order is fixed (rank, then size, then name), so the
result depends only on the data: same data, same positions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

DIRECTIONS = 24  # candidate directions around each point
STEP_PX = 9.0  # distance between candidate rings, in pixels
RINGS = 40
GAP_PX = 5.0  # clearance around a callout box, in pixels


class PlacementError(RuntimeError):
    """No free position for a required label: the map is too crowded (says which label)."""


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in display pixels."""

    x0: float
    y0: float
    x1: float
    y1: float

    @classmethod
    def around(cls, cx: float, cy: float, width: float, height: float) -> Box:
        return cls(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def padded(self, pad: float) -> Box:
        return Box(self.x0 - pad, self.y0 - pad, self.x1 + pad, self.y1 + pad)

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def inside(self, frame: Box) -> bool:
        return self.x0 >= frame.x0 and self.y0 >= frame.y0 and self.x1 <= frame.x1 and self.y1 <= frame.y1

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    def edge_toward(self, x: float, y: float) -> tuple[float, float]:
        """Where the line from the box's centre to (x, y) leaves the box: where a drawn leader line meets it."""
        cx, cy = self.centre
        dx, dy = x - cx, y - cy
        scales = [(self.x1 - cx) / abs(dx) if dx else math.inf, (self.y1 - cy) / abs(dy) if dy else math.inf]
        t = min(1.0, *scales)
        return cx + t * dx, cy + t * dy


def segment_crosses(box: Box, a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether the segment a–b passes through the box (Liang–Barsky clipping)."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - box.x0), (dx, box.x1 - x0), (-dy, y0 - box.y0), (dy, box.y1 - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return t1 - t0 > 1e-9


def ring_offsets(directions: int = DIRECTIONS, step: float = STEP_PX, rings: int = RINGS,
                 first: float | None = None) -> list[tuple[float, float]]:
    """Offsets of a box centre from its point: ring by ring outwards, each ring from the upper right round."""
    start = step if first is None else first
    offsets = []
    for ring in range(rings):
        radius = start + ring * step
        for k in range(directions):
            angle = math.radians(30 + 360 * k / directions)
            offsets.append((radius * math.cos(angle), radius * math.sin(angle)))
    return offsets


@dataclass(frozen=True)
class Spot:
    """One candidate position of a label: its box; whether a leader line joins it to the anchor; which text variant."""

    box: Box
    leader: bool = False
    variant: int = 0

    def leader_line(self, anchor: tuple[float, float]) -> tuple[tuple[float, float], tuple[float, float]]:
        return anchor, self.box.edge_toward(*anchor)


@dataclass(frozen=True)
class Request:
    """A label to place: the point it names, its spots in order of preference, and how it ranks."""

    name: str
    anchor: tuple[float, float]
    spots: Sequence[Spot]
    rank: int = 0  # lower ranks are placed first
    required: bool = True  # a required label that finds no spot raises PlacementError; others are left out
    marks_anchor: bool = True  # its anchor is a marker that no label may cover
    gap: float = GAP_PX  # clearance between this label and the others
    size: tuple[float, float] = field(default=(0.0, 0.0))  # for the order: bigger labels first within a rank


def place(requests: Sequence[Request]) -> list[Spot | None]:
    """The chosen spot of each request (None for an optional label with no free spot), in the order given.

    Required labels are placed first, by rank, then biggest first, then by name; when one finds no free
    spot, it moves to the front and all start again (a fixed rule, so the result stays deterministic).
    Optional labels follow, by rank and name, each taking its first free spot or none.
    Raises PlacementError naming a required label that never fits.
    """
    required = sorted((i for i, r in enumerate(requests) if r.required), key=lambda i: _order_key(requests[i]))
    optional = sorted((i for i, r in enumerate(requests) if not r.required),
                      key=lambda i: (requests[i].rank, requests[i].name))
    marks = np.array([r.anchor for r in requests if r.marks_anchor], dtype=float).reshape(-1, 2)
    failed = -1
    for _attempt in range(3 * len(required) + 1):
        placed: dict[int, Spot] = {}
        failed = _place_in_order(required, requests, marks, placed)
        if failed < 0:
            break
        required = [failed] + [i for i in required if i != failed]
    else:
        raise PlacementError(f"no free place on the map for the label of {requests[failed].name}: "
                             "the map is too crowded")
    for i in optional:
        chosen = _first_free(requests[i], requests, marks, placed)
        if chosen is not None:
            placed[i] = chosen
    return [placed.get(i) for i in range(len(requests))]


def _order_key(request: Request) -> tuple[int, float, str]:
    return request.rank, -request.size[0] * request.size[1], request.name


def _place_in_order(order: list[int], requests: Sequence[Request], marks: np.ndarray, placed: dict[int, Spot]) -> int:
    """Place the requests in order into `placed`; return the index of the first that found no spot, or -1."""
    for i in order:
        chosen = _first_free(requests[i], requests, marks, placed)
        if chosen is None:
            return i
        placed[i] = chosen
    return -1


def _first_free(request: Request, requests: Sequence[Request], marks: np.ndarray, placed: dict[int, Spot]) -> Spot | None:
    """The first of the request's spots that breaks none of the rules of `place`, or None."""
    if not request.spots:
        return None
    boxes = np.array([(s.box.x0, s.box.y0, s.box.x1, s.box.y1) for s in request.spots])
    padded = boxes + np.array([-request.gap, -request.gap, request.gap, request.gap])
    free = np.ones(len(boxes), dtype=bool)
    if placed:
        others = np.array([(s.box.x0, s.box.y0, s.box.x1, s.box.y1) for s in placed.values()])
        free &= ~any_overlap(padded, others)
    if len(marks):
        covered = ((padded[:, None, 0] <= marks[None, :, 0]) & (marks[None, :, 0] <= padded[:, None, 2])
                   & (padded[:, None, 1] <= marks[None, :, 1]) & (marks[None, :, 1] <= padded[:, None, 3]))
        free &= ~covered.any(axis=1)
    leaders = [(requests[j].anchor, spot) for j, spot in placed.items() if spot.leader]
    for k in np.flatnonzero(free):
        spot = request.spots[int(k)]
        if any(segment_crosses(spot.box.padded(1.0), *other.leader_line(anchor)) for anchor, other in leaders):
            continue
        if spot.leader and any(segment_crosses(other.box.padded(1.0), *spot.leader_line(request.anchor))
                               for other in placed.values()):
            continue
        return spot
    return None


def any_overlap(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each box (rows x0, y0, x1, y1), whether it overlaps any of the others (rows likewise)."""
    if not len(others):
        return np.zeros(len(boxes), dtype=bool)
    overlap = ((boxes[:, None, 0] < others[None, :, 2]) & (others[None, :, 0] < boxes[:, None, 2])
               & (boxes[:, None, 1] < others[None, :, 3]) & (others[None, :, 1] < boxes[:, None, 3]))
    return np.asarray(overlap.any(axis=1), dtype=bool)
