"""Schematic placement: points put where a statement says they were, relative to the border."""

from __future__ import annotations

import shapely

from sahelreport.geo.boundaries import algeria_osm_shape, border_line
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
