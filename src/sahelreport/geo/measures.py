"""The geometric facts the report states: lengths, areas and distances on the WGS 84 ellipsoid, scale errors."""

from __future__ import annotations

import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from sahelreport.geo.boundaries import SAHEL_CRS, SNAP_BAND_DEG, azawad_claim_shape, border_line

GEOD = Geod(ellps="WGS84")


def geodesic_length_km(geom: BaseGeometry) -> float:
    """Length of a line on the WGS 84 ellipsoid, in kilometres."""
    return GEOD.geometry_length(geom) / 1000


def border_length_km(source: str = "openstreetmap") -> float:
    """Length of the Mali–Algeria border on the given geometry, in kilometres."""
    return geodesic_length_km(border_line(source))


def geodesic_area_km2(geom: BaseGeometry) -> float:
    """Area of a polygon on the WGS 84 ellipsoid, in square kilometres."""
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def distance_to_border_km(lat: float, lon: float, source: str = "openstreetmap") -> float:
    """Geodesic distance from a point to the nearest point of the Mali–Algeria border, in kilometres."""
    line = border_line(source)
    foot = line.interpolate(line.project(shapely.Point(lon, lat)))
    return GEOD.inv(lon, lat, foot.x, foot.y)[2] / 1000


def azawad_area_km2() -> float:
    """Area of the April 2012 Azawad claim as drawn here (regions of Kidal, Gao and Timbuktu), in km²."""
    return geodesic_area_km2(azawad_claim_shape())


def border_sections_km(units: dict[str, BaseGeometry], source: str = "openstreetmap") -> dict[str, float]:
    """Length of the Mali–Algeria border along each unit (region or wilaya), in km: each piece of the line
    counts for the unit nearest to it. Units that the border does not touch are left out."""
    line = border_line(source)
    near = {name: shape for name, shape in units.items() if shape.distance(line) < SNAP_BAND_DEG}
    totals: dict[str, float] = {}
    coords = list(line.coords)
    for (x0, y0), (x1, y1) in zip(coords[:-1], coords[1:], strict=True):
        middle = shapely.Point((x0 + x1) / 2, (y0 + y1) / 2)
        nearest = min(sorted(near), key=lambda name: near[name].distance(middle))
        totals[nearest] = totals.get(nearest, 0.0) + GEOD.inv(x0, y0, x1, y1)[2] / 1000
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def max_scale_error_pct(lat_min: float, lat_max: float) -> float:
    """Largest departure from true scale (along meridians or parallels) of SAHEL_CRS between two latitudes, in %."""
    from pyproj import Proj

    projection = Proj(SAHEL_CRS)
    errors = []
    for tenth in range(int(lat_min * 10), int(lat_max * 10) + 1):
        factors = projection.get_factors(0.0, tenth / 10)
        errors += [abs(factors.parallel_scale - 1), abs(factors.meridional_scale - 1)]
    return 100 * max(errors)
