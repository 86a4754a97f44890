"""Which region a point is in: a spatial join of points on the vendored layers (shapely STRtree).

In Mali the region as drawn before 2016 (the layer has no Ménaka or Taoudénit region), in Algeria the wilaya,
elsewhere the country. A point just outside its layer (the layers generalise borders) takes the nearest shape.

shapely's STRtree rather than geopandas.sjoin: the same join of the 41 gazetteer places takes about 1 ms here against
about 0.03 s for sjoin (plus 0.04 s to read the layers with pyogrio), and `import geopandas` alone costs about 0.5 s
that every load of the dataset, so every notebook, would pay.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from sahelreport.geo.boundaries import PLACE_TOLERANCE_DEG, country_names, country_shapes, mali_region_shapes, wilaya_shapes

SUBDIVISIONS: dict[str, Callable[[], dict[str, BaseGeometry]]] = {"MLI": mali_region_shapes, "DZA": wilaya_shapes}


@cache
def _tree(layer: str) -> tuple[shapely.STRtree, tuple[str, ...]]:
    shapes = {"countries": country_shapes, **SUBDIVISIONS}[layer]()
    return shapely.STRtree(list(shapes.values())), tuple(shapes)


def _points(lats: Sequence[float], lons: Sequence[float]) -> np.ndarray:
    return np.asarray(shapely.points(np.asarray(lons, float), np.asarray(lats, float)))


def _join(layer: str, points: np.ndarray, max_distance: float | None) -> list[str | None]:
    """The name of the shape each point lies in, else of the nearest one (within max_distance if given).

    On a shared edge, or equally near two shapes, the first shape of the layer wins: the same data gives the same join.
    """
    tree, names = _tree(layer)
    found: dict[int, int] = {}
    for point, shape in zip(*tree.query(points, predicate="within"), strict=True):
        found[int(point)] = min(found.get(int(point), int(shape)), int(shape))
    rest = np.array([i for i in range(len(points)) if i not in found], dtype=int)
    if len(rest):
        nearest = tree.query_nearest(points[rest], max_distance=max_distance)
        for j, shape in zip(*nearest, strict=True):
            point = int(rest[j])
            found[point] = min(found.get(point, int(shape)), int(shape))
    return [names[found[i]] if i in found else None for i in range(len(points))]


def country_of(lats: Sequence[float], lons: Sequence[float]) -> list[str | None]:
    """The ISO alpha-3 code of the country each point lies in (within the place tolerance), else None."""
    return _join("countries", _points(lats, lons), PLACE_TOLERANCE_DEG)


def region_of(countries: Sequence[str | None], lats: Sequence[float], lons: Sequence[float]) -> list[str | None]:
    """The region of each point in the country it is said to be in (None: the country it lies in, found by the join).

    Mali: the pre-2016 region; Algeria: the wilaya; any other country: its name. None where no country is known.
    """
    points = _points(lats, lons)
    unknown = [i for i, country in enumerate(countries) if not country]
    countries = list(countries)
    for i, country in zip(unknown, country_of([lats[i] for i in unknown], [lons[i] for i in unknown]), strict=True):
        countries[i] = country
    regions: list[str | None] = [None] * len(points)
    for country in sorted({c for c in countries if c}):
        chosen = [i for i, c in enumerate(countries) if c == country]
        if country in SUBDIVISIONS:
            names = _join(country, points[chosen], None)  # the country is checked: its nearest region is the right one
        else:
            names = [country_names().get(country, country)] * len(chosen)
        for i, name in zip(chosen, names, strict=True):
            regions[i] = name
    return regions
