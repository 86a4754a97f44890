"""Read and check the vendored boundary layers (data/boundaries/*.geojson) against their provenance record.

A truncated, corrupt or empty layer, a feature without its key property or geometry, an invalid geometry, or a
file whose sha256 differs from data/boundaries/provenance.json is a Problem naming the file: validation reports
them before any notebook runs, and the maps read the layers only through `read_layer`.

Read with json + shapely, not geopandas: `import geopandas` alone takes about 0.5 s, which every notebook would
pay, and pyogrio reads these small files no faster (about 0.016 s for countries.geojson either way).
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Any

import shapely
from shapely.errors import ShapelyError
from shapely.geometry.base import BaseGeometry

from sahelreport import paths
from sahelreport.data.files import read_json
from sahelreport.data.problems import Problem

# Each layer, and the property that names its features (what the maps and the checks look shapes up by).
LAYERS: dict[str, str] = {
    "countries.geojson": "iso3",
    "mali_regions.geojson": "name_en",
    "algeria_wilayas.geojson": "name_fr",
    "mali_algeria_border.geojson": "source",
}
REGENERATE = "regenerate the layers with `make boundaries` (sahelreport boundaries), or restore the file from git"
Feature = tuple[dict[str, Any], BaseGeometry]


def _shown(name: str) -> str:
    return f"data/boundaries/{name}"


def _feature(number: int, feature: Any, key: str, shown: str) -> tuple[Feature | None, list[Problem]]:
    """One GeoJSON feature as (properties, shape), or why it cannot be used."""
    if not isinstance(feature, dict):
        return None, [Problem(shown, None, None, None, f"feature {number} is not a GeoJSON object")]
    properties = feature.get("properties") or {}
    label = f"feature {number}" + (f" ({key} {properties[key]!r})" if key in properties else "")
    if key not in properties:
        return None, [Problem(shown, None, None, None, f"{label} has no '{key}' property")]
    if not feature.get("geometry"):
        return None, [Problem(shown, None, None, None, f"{label} has no geometry")]
    try:
        shape = shapely.geometry.shape(feature["geometry"])
    except (ShapelyError, ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
        return None, [Problem(shown, None, None, None, f"{label}: geometry cannot be read ({error!s:.80})")]
    if shape.is_empty:
        return None, [Problem(shown, None, None, None, f"{label} has an empty geometry")]
    if not shape.is_valid:
        return None, [Problem(shown, None, None, None, f"{label}: invalid geometry ({shapely.is_valid_reason(shape)})")]
    return (properties, shape), []


@cache
def read_layer(name: str) -> tuple[tuple[Feature, ...], tuple[Problem, ...]]:
    """A layer's features as (properties, shape), and every problem that makes it unusable (then no features)."""
    shown = _shown(name)
    data, problems = read_json(paths.project().boundaries / name, shown)
    if data is None:
        return (), tuple(problems)
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        return (), (Problem(shown, None, None, None, 'no "features" list: not a GeoJSON FeatureCollection'),)
    if not data["features"]:
        return (), (Problem(shown, None, None, None, "the FeatureCollection has no features"),)
    features, problems = [], []
    for number, feature in enumerate(data["features"], 1):
        read, found = _feature(number, feature, LAYERS.get(name, "name"), shown)
        problems += found
        if read:
            features.append(read)
    return ((), tuple(problems)) if problems else (tuple(features), ())


def provenance_problems(names: list[str]) -> list[Problem]:
    """Each layer's sha256 must be the one recorded in provenance.json: a changed file needs regenerated provenance."""
    record_file = paths.project().boundary_provenance
    shown = _shown(record_file.name)
    records, problems = read_json(record_file, shown)
    if records is None:
        return problems
    for name in names:
        record = records.get(name) if isinstance(records, dict) else None
        if not isinstance(record, dict) or "sha256" not in record:
            problems.append(Problem(shown, None, None, None, f"no sha256 recorded for {name}; {REGENERATE}"))
            continue
        sha256 = hashlib.sha256((paths.project().boundaries / name).read_bytes()).hexdigest()
        if sha256 != record["sha256"]:
            problems.append(Problem(_shown(name), None, None, None,
                                    f"sha256 {sha256[:12]}… differs from {record['sha256'][:12]}… recorded in "
                                    f"{shown}: the file changed without its provenance; {REGENERATE}"))
    return problems


def check_layers() -> list[Problem]:
    """Every problem of every vendored layer: unreadable files first, then files that differ from their record."""
    problems = [p for name in LAYERS for p in read_layer(name)[1]]
    readable = [name for name in LAYERS if not read_layer(name)[1]]
    return problems + provenance_problems(readable)
