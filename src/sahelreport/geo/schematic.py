"""Schematic geometry: points put where a statement says they were, relative to the border; routes drawn
between the places their sources name; and the projection the maps share."""

from __future__ import annotations

from functools import cache
from typing import cast

import numpy as np
import shapely
import shapely.ops
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from sahelreport.geo.boundaries import REGION_BBOX, SAHEL_CRS, algeria_osm_shape, border_line, country_shapes
from sahelreport.geo.measures import GEOD, distance_to_border_km

# --- Points placed from stated distances ----------------------------------------------------------------------------
TANGENT_HALF_DEG = 0.05  # about 5 km each way: the border's local direction ignores its smallest wiggles
SIDE_PROBE_KM = 50.0


def point_across_border(lat: float, lon: float, km: float, side: str, source: str = "openstreetmap") -> tuple[float, float]:
    """A point `km` from the Mali–Algeria border on `side` ('DZA' or 'MLI'), opposite the border point nearest (lat, lon).

    Schematic by design: it turns a statement such as "2 km inside Algerian airspace" into a point
    perpendicular to the border's local direction, moved out along that normal until it lies `km` from
    the border's nearest point (near a bend, the foot of the normal is not the nearest point). Returns (lat, lon).
    """
    if side not in ("DZA", "MLI"):
        raise ValueError(f"side must be 'DZA' or 'MLI', not {side!r}")
    line = border_line(source)
    along = line.project(shapely.Point(lon, lat))
    foot = line.interpolate(along)
    ahead = line.interpolate(min(along + TANGENT_HALF_DEG, line.length))
    behind = line.interpolate(max(along - TANGENT_HALF_DEG, 0.0))
    azimuth = GEOD.inv(behind.x, behind.y, ahead.x, ahead.y)[0]
    algeria = algeria_osm_shape()
    for normal in (azimuth + 90.0, azimuth - 90.0):
        probe_lon, probe_lat, _ = GEOD.fwd(foot.x, foot.y, normal, SIDE_PROBE_KM * 1000)
        if algeria.contains(shapely.Point(probe_lon, probe_lat)) == (side == "DZA"):
            reach = km
            for _ in range(12):
                out_lon, out_lat, _ = GEOD.fwd(foot.x, foot.y, normal, reach * 1000)
                actual = distance_to_border_km(out_lat, out_lon, source)
                if km == 0 or abs(actual - km) <= 0.02 * km:
                    break
                reach *= km / max(actual, 1e-6)
            return out_lat, out_lon
    raise ValueError(f"could not tell the {side} side of the border near {lat}, {lon}")


# --- The projection of the maps ----------------------------------------------------------------------------------
_TO_SAHEL = Transformer.from_crs("EPSG:4326", SAHEL_CRS, always_xy=True)
_FROM_SAHEL = Transformer.from_crs(SAHEL_CRS, "EPSG:4326", always_xy=True)


def to_sahel_crs(geom: BaseGeometry) -> BaseGeometry:
    """A lon/lat geometry in SAHEL_CRS (metres), the projection every map shares."""
    projected = shapely.transform(geom, lambda c: np.column_stack(_TO_SAHEL.transform(c[:, 0], c[:, 1])))
    return projected if projected.is_valid else shapely.make_valid(projected)


def from_sahel_crs(geom: BaseGeometry) -> BaseGeometry:
    """A SAHEL_CRS geometry back in lon/lat."""
    return shapely.transform(geom, lambda c: np.column_stack(_FROM_SAHEL.transform(c[:, 0], c[:, 1])))


# --- Schematic routes between places (data/routes.csv) ------------------------------------------------------------
GEODESIC_POINTS = 60  # intermediate points of each overland leg
OFFSHORE_KM = 60.0  # how far out at sea an offshore route runs
COAST_SIMPLIFY_M = 15_000.0
ARC_BEND = -0.12  # a converging route's arcs bend like matplotlib's arc3 connection with this radius
ARC_POINTS = 48
# The African countries of the vendored layer: their coast, pushed out to sea, carries offshore routes.
AFRICAN_COUNTRIES = ("BEN", "BFA", "CAF", "CIV", "CMR", "COD", "DZA", "ESH", "GHA", "GIN", "GMB", "GNB", "LBR", "LBY",
                     "MAR", "MLI", "MRT", "NER", "NGA", "SEN", "SLE", "TCD", "TGO", "TUN")
Stop = tuple[float, float]  # lon, lat


def route_parts(path: str, stops: list[Stop]) -> list[BaseGeometry]:
    """The lines (lon/lat) that draw a route: 'overland' one line through the stops along geodesics, 'offshore'
    one line out at sea along the coast from the first stop to the last, 'converging' one arc from each stop to
    the last (a route that is not published)."""
    if len(stops) < 2:
        raise ValueError(f"a route needs at least two stops, not {len(stops)}")
    if path == "overland":
        return [overland_line(stops)]
    if path == "offshore":
        return [offshore_line(stops[0], stops[-1])]
    if path == "converging":
        return [converging_arc(stop, stops[-1]) for stop in stops[:-1]]
    raise ValueError(f"unknown route path {path!r} (overland, offshore or converging)")


def overland_line(stops: list[Stop]) -> BaseGeometry:
    """The geodesics from stop to stop, as one line."""
    coords = [stops[0]]
    for (lon0, lat0), (lon1, lat1) in zip(stops, stops[1:], strict=False):
        coords += [*GEOD.npts(lon0, lat0, lon1, lat1, GEODESIC_POINTS), (lon1, lat1)]
    return shapely.LineString(coords)


@cache
def _coast_ring() -> shapely.LineString:
    """The coast of the African countries pushed OFFSHORE_KM out to sea, as one ring in SAHEL_CRS."""
    shapes = country_shapes()
    land = to_sahel_crs(shapely.union_all([shapes[iso] for iso in AFRICAN_COUNTRIES if iso in shapes]))
    offshore = land.buffer(OFFSHORE_KM * 1000, quad_segs=4).simplify(COAST_SIMPLIFY_M)
    polygon = max(getattr(offshore, "geoms", [offshore]), key=lambda p: p.area)
    return shapely.LineString(polygon.exterior.coords)


def offshore_line(first: Stop, last: Stop) -> BaseGeometry:
    """Out at sea along the coast from one stop to another (lon/lat): of the two ways round the coast, the one
    that stays inside the region the boundary layers cover (beyond it the layer's edge is no coast), else the
    shorter."""
    ring = _coast_ring()
    start, end = (ring.project(cast(shapely.Point, to_sahel_crs(shapely.Point(*stop)))) for stop in (first, last))
    direct = shapely.ops.substring(ring, start, end)
    parts = [shapely.ops.substring(ring, start, ring.length), shapely.ops.substring(ring, 0, end)]
    around = shapely.ops.linemerge([cast(shapely.LineString, p) for p in parts])
    region = shapely.box(*REGION_BBOX).buffer(-0.01)
    ways = [from_sahel_crs(g) for g in (direct, around) if g.geom_type == "LineString"]
    return min(ways, key=lambda g: (not region.contains(g), g.length))


def converging_arc(origin: Stop, hub: Stop) -> BaseGeometry:
    """A gentle arc from a stop to the hub (lon/lat), drawn in SAHEL_CRS like matplotlib's arc3 connection."""
    (x0, y0), (x1, y1) = (to_sahel_crs(shapely.Point(*stop)).coords[0] for stop in (origin, hub))
    control = ((x0 + x1) / 2 + ARC_BEND * (y1 - y0), (y0 + y1) / 2 - ARC_BEND * (x1 - x0))
    t = np.linspace(0.0, 1.0, ARC_POINTS)[:, None]
    points = (1 - t) ** 2 * np.array([x0, y0]) + 2 * (1 - t) * t * np.array(control) + t ** 2 * np.array([x1, y1])
    return from_sahel_crs(shapely.LineString(points))
