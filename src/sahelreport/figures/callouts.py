"""Place map callouts automatically: each box as near its point as it fits, clear of everything else.

A callout's position used to be typed by hand for each place, so a new event (a taller box) or a new
place broke the map. Here every box is measured, then tried at candidate offsets around its point —
nearest first, in a fixed order of directions — and takes the first position where it stays inside
the map, touches no obstacle (labels, insets, scale bar, markers) and no box already placed, and its
leader line crosses no box. The result depends only on the data: same data, same positions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

DIRECTIONS = 24  # candidate directions around each point
STEP_PX = 9.0  # distance between candidate rings, in pixels
RINGS = 40
GAP_PX = 5.0  # clearance around every box, in pixels


class PlacementError(RuntimeError):
    """No free position for a callout: the map is too crowded (say which callout)."""


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

    def padded(self, pad: float) -> Box:
        return Box(self.x0 - pad, self.y0 - pad, self.x1 + pad, self.y1 + pad)

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def inside(self, frame: Box) -> bool:
        return self.x0 >= frame.x0 and self.y0 >= frame.y0 and self.x1 <= frame.x1 and self.y1 <= frame.y1

    def contains(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    def nearest(self, x: float, y: float) -> tuple[float, float]:
        """The point of the box nearest to (x, y): where a leader line from (x, y) meets it."""
        return min(max(x, self.x0), self.x1), min(max(y, self.y0), self.y1)


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


def candidate_offsets(directions: int = DIRECTIONS, step: float = STEP_PX, rings: int = RINGS) -> list[tuple[float, float]]:
    """Offsets of a box centre from its point: ring by ring outwards, each ring from the upper right round."""
    offsets = []
    for ring in range(1, rings + 1):
        for k in range(directions):
            angle = math.radians(30 + 360 * k / directions)
            offsets.append((ring * step * math.cos(angle), ring * step * math.sin(angle)))
    return offsets


def place(anchors: Sequence[tuple[float, float]], sizes: Sequence[tuple[float, float]], obstacles: Sequence[Box],
          frame: Box, names: Sequence[str] | None = None, gap: float = GAP_PX) -> list[tuple[float, float]]:
    """Offsets (pixels, box centre minus point) for each callout, in the order given.

    Boxes are placed one by one, the biggest first. A box may not cover any callout's point, leave the
    frame, touch an obstacle or another box, and its leader line may not cross a box or obstacle. When
    a callout finds no free position, it moves to the front of the order and all start again (a fixed
    rule, so the result stays deterministic). Raises PlacementError naming a callout that never fits.
    """
    names = list(names or [f"callout {i + 1}" for i in range(len(anchors))])
    order = sorted(range(len(anchors)), key=lambda i: (-sizes[i][0] * sizes[i][1], names[i]))
    candidates = candidate_offsets()
    failed = -1
    for _attempt in range(3 * len(order) + 1):
        result = _place_in_order(order, anchors, sizes, obstacles, frame, gap, candidates)
        if isinstance(result, dict):
            return [result[i] for i in range(len(anchors))]
        failed = result
        order = [failed] + [i for i in order if i != failed]
    raise PlacementError(f"no free place on the map for the callout of {names[failed]}: the map is too crowded")


def _place_in_order(order: list[int], anchors: Sequence[tuple[float, float]], sizes: Sequence[tuple[float, float]],
                    obstacles: Sequence[Box], frame: Box, gap: float,
                    candidates: list[tuple[float, float]]) -> dict[int, tuple[float, float]] | int:
    """Offsets by callout index, or the index of the first callout that found no free position."""
    placed: dict[int, Box] = {}
    offsets: dict[int, tuple[float, float]] = {}
    for i in order:
        (ax, ay), (w, h) = anchors[i], sizes[i]
        for dx, dy in candidates:
            box = Box.around(ax + dx, ay + dy, w, h)
            if _fits(box, (ax, ay), anchors, placed, obstacles, frame, gap):
                placed[i], offsets[i] = box, (dx, dy)
                break
        else:
            return i
    return offsets


def _fits(box: Box, anchor: tuple[float, float], anchors: Sequence[tuple[float, float]], placed: dict[int, Box],
          obstacles: Sequence[Box], frame: Box, gap: float) -> bool:
    """Whether a box at this position breaks none of the rules of `place`."""
    if not box.inside(frame):
        return False
    padded = box.padded(gap)
    if any(padded.overlaps(o) for o in obstacles) or any(padded.overlaps(b) for b in placed.values()):
        return False
    if any(padded.contains(px, py) for px, py in anchors):
        return False
    end = box.nearest(*anchor)
    if any(segment_crosses(b.padded(1.0), anchor, end) for b in placed.values()):
        return False
    if any(segment_crosses(o, anchor, end) for o in obstacles if not o.contains(*anchor)):
        return False
    return not any(segment_crosses(box.padded(1.0), anchors[j], placed[j].nearest(*anchors[j])) for j in placed)
