"""Maps 1–3: the regional overview, the border regions on both sides, and the Azawad claim of 2012."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from shapely.geometry.base import BaseGeometry

from sahelreport import geo
from sahelreport.data.load import Dataset
from sahelreport.figures import cartography as carto
from sahelreport.figures import style
from sahelreport.figures.map_checks import MARKER_GID
from sahelreport.figures.map_labels import MapLabels
from sahelreport.figures.texts import text
from sahelreport.language import format_number

# --- Map 1: the regional overview ------------------------------------------------------------------------------------

OVERVIEW_EXTENT: carto.Extent = (-17.5, 9.5, 13.0, 37.5)
OVERVIEW_COUNTRY_SHARE = 0.015  # name the countries that cover at least this share of the map


def regional_overview(ds: Dataset) -> Figure:
    """Mali, Algeria and their neighbours; the Mali–Algeria border highlighted; capitals marked."""
    fig, ax, legend_ax = carto.new_figure(OVERVIEW_EXTENT, 2, 3)
    window = carto.set_extent(ax, *OVERVIEW_EXTENT)
    carto.countries(ax, window, {"MLI": style.LAND["mali"], "DZA": style.LAND["algeria"]})
    carto.western_sahara(ax, window)
    carto.border(ax, "natural-earth-10m", window, linewidth=2.4)
    capitals = carto.places_in_view(ds, ax, kinds=["national-capital"])
    carto.town_markers(ax, capitals)
    carto.frame_axes(ax, avoid=carto.points(capitals))
    length = geo.border_length_km("natural-earth-10m")
    carto.legend(legend_ax, [
        carto.border_handle(text("map.overview.border", length=format_number(length, ",.0f"))),
        carto.disputed_handle(),
        carto.town_handles()[0],
        Patch(facecolor=style.LAND["mali"], edgecolor=carto.EDGE, label=carto.country_name("MLI")),
        Patch(facecolor=style.LAND["algeria"], edgecolor=carto.EDGE, label=carto.country_name("DZA")),
    ])
    carto.source(fig, text("map.overview.source", **carto.credits()))
    labels = MapLabels(ax)
    labels.towns(capitals, size=7.5)
    labels.countries(window, OVERVIEW_COUNTRY_SHARE)
    labels.avoid([carto.to_map(geo.border_line("natural-earth-10m"))], 2.4)
    labels.place()
    return fig


# --- Map 2: the border regions ----------------------------------------------------------------------------------------

BORDER_REGIONS_EXTENT: carto.Extent = (-6.6, 14.9, 9.8, 28.1)
BORDER_COUNTRY_SHARE = 0.05


def border_regions(ds: Dataset) -> Figure:
    """Mali's northern regions and Algeria's southern wilayas, with towns on both sides of the border."""
    fig, ax, legend_ax = carto.new_figure(BORDER_REGIONS_EXTENT, 2, 4)
    window = carto.set_extent(ax, *BORDER_REGIONS_EXTENT)
    carto.mali_algeria_composite(ax, window)
    carto.border(ax, "openstreetmap", window)
    towns = carto.places_in_view(ds, ax)  # every place of the gazetteer in the window, both sides of the border
    carto.town_markers(ax, towns)
    carto.frame_axes(ax, avoid=carto.points(towns))
    carto.legend(legend_ax, [
        carto.border_handle(text("map.border-osm")),
        Patch(facecolor=style.LAND["mali"], edgecolor="white", label=text("map.regions.mali")),
        Patch(facecolor=style.LAND["algeria"], edgecolor="white", label=text("map.regions.algeria")),
        *carto.town_handles()[1:],
    ])
    carto.source(fig, text("map.regions.source", **carto.credits()))
    labels = MapLabels(ax)
    labels.towns(towns)
    labels.countries(window, BORDER_COUNTRY_SHARE, size=8, composite=True)
    labels.units(carto.clip([*carto.layer("wilayas"), *region_names(carto.layer("mali_regions"))], window))
    labels.avoid([carto.to_map(geo.border_line("openstreetmap"))], 2.0)
    labels.place()
    return fig


# --- Map 3: the Azawad claim -------------------------------------------------------------------------------------------

AZAWAD_EXTENT: carto.Extent = (-12.6, 10.0, 5.6, 25.6)
AZAWAD_COUNTRY_SHARE = 0.03
CLAIM_NOTE_WIDTH = 30  # characters per line of the note on the claimed area


def new_region_capitals(ds: Dataset) -> list[str]:
    """Mali's regional capitals named after a region that the vendored boundaries lack (created in 2016)."""
    missing = set(geo.azawad_regions_missing())
    capitals = ds.places[(ds.places["country"] == "MLI") & (ds.places["kind"] == "regional-capital")]
    return sorted(capitals.loc[capitals["name_en"].isin(missing) | capitals["name_fr"].isin(missing), "id"])


def region_names(regions: Iterable[tuple[str, BaseGeometry]]) -> list[tuple[str, BaseGeometry]]:
    """Mali's regions (keyed by their English names in the boundary file) under their names in the book's language."""
    return [(text(f"mali-region.{name}"), shape) for name, shape in regions]


def azawad_claim(ds: Dataset) -> Figure:
    """The area claimed as 'Azawad' in April 2012, drawn as a claim over Mali's regions of the time."""
    fig, ax, legend_ax = carto.new_figure(AZAWAD_EXTENT, 4, 4)
    window = carto.set_extent(ax, *AZAWAD_EXTENT)
    carto.countries(ax, window, {"MLI": style.LAND["mali"]})
    carto.western_sahara(ax, window)
    carto.line(ax, [g.boundary for _, g in carto.clip(carto.layer("mali_regions"), window)], "white", 0.7)
    claim = carto.clip([("claim", carto.to_map(geo.azawad_claim_shape()))], window)
    carto.fill(ax, [g for _, g in claim], "none", edgecolor=style.CLAIM_EDGE, hatch="////", zorder=3)
    carto.line(ax, [g for _, g in claim], style.CLAIM_EDGE, 1.6, zorder=4, linestyle=(0, (5, 2)))
    carto.border(ax, "natural-earth-10m", window, linewidth=1.8, zorder=4.5)  # a state border, over the claim's edge
    towns = carto.places_in_view(ds, ax, kinds=["national-capital", "regional-capital"])
    new_capitals = new_region_capitals(ds)
    old, new = towns[~towns["id"].isin(new_capitals)], towns[towns["id"].isin(new_capitals)]
    carto.town_markers(ax, old)
    ax.scatter(new["x"], new["y"], s=24, marker="D", color=style.CLAIM_EDGE, edgecolor="white", linewidth=0.6,
               zorder=6, gid=MARKER_GID)
    carto.frame_axes(ax, avoid=carto.points(towns))
    carto.legend(legend_ax, [
        Patch(facecolor="none", edgecolor=style.CLAIM_EDGE, hatch="////", linestyle=(0, (5, 2)), linewidth=1.2,
              label=text("map.azawad.claim")),
        Patch(facecolor=style.LAND["mali"], edgecolor="white", label=text("map.azawad.regions")),
        carto.border_handle(text("map.border")),
        Line2D([], [], marker="D", markerfacecolor=style.CLAIM_EDGE, markeredgecolor="white", linestyle="",
               markersize=5, label=text("map.azawad.new-capital")),
        *carto.town_handles(),
    ], ncol=2)
    carto.source(fig, text("map.azawad.source", **carto.credits()))
    labels = MapLabels(ax)
    labels.towns(towns)
    labels.countries(window, AZAWAD_COUNTRY_SHARE, size=7.5)
    labels.units(carto.clip(region_names(carto.layer("mali_regions")), window))
    regions = [text(f"mali-region.{name}") for name in geo.AZAWAD_REGIONS]
    note = textwrap.fill(text("map.azawad.note", area=format_number(geo.azawad_area_km2(), ",.0f"),
                              regions=text("list.and", items=", ".join(regions[:-1]), last=regions[-1])),
                         CLAIM_NOTE_WIDTH)
    outside = window.difference(dict(carto.country_outlines())["MLI"])  # the note stands beside Mali, not on it
    labels.area("claim note", outside, [note], 6.8, {"color": style.CLAIM_EDGE, "zorder": 7, "bbox": {
        "boxstyle": "round,pad=0.3", "fc": "white", "ec": style.CLAIM_EDGE, "lw": 0.6, "alpha": 0.9}}, 0, required=True)
    labels.avoid([carto.to_map(geo.border_line("natural-earth-10m"))], 1.8)
    labels.place()
    return fig
