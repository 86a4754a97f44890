"""Map 5: the Maghreb context — the Algeria–Morocco frontier, and a schematic of the rival projects."""

from __future__ import annotations

from functools import cache

import shapely
import shapely.ops
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from shapely.geometry.base import BaseGeometry

from sahelreport import geo
from sahelreport.data.derive import places
from sahelreport.data.load import Dataset
from sahelreport.figures import cartography as carto
from sahelreport.figures import style
from sahelreport.figures.map_labels import MapLabels

FRONTIER_EXTENT: carto.Extent = (-17.6, 20.4, 3.6, 36.4)
PROJECTS_EXTENT: carto.Extent = (-18.5, 4.4, 15.5, 37.4)
FIGHTING_1963 = ("figuig", "hassi-beida", "tindouf")  # "around the oasis towns of Tindouf and Figuig" (Sand War)
FIGHTING_RADIUS_KM = 60.0
FRONTIER_COUNTRIES = ("DZA", "MAR", "ESH")  # the frontier panel names the places of the two rivals and the territory
FRONTIER_COUNTRY_SHARE = 0.03
PROJECTS_COUNTRY_SHARE = 0.03
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
    lat, lon = places.place_latlon(ds, place_id)
    return lon, lat


def tsgp_line(ds: Dataset) -> BaseGeometry:
    """Schematic Trans-Saharan gas pipeline (lon/lat): the geodesic between its two stated ends."""
    (lon0, lat0), (lon1, lat1) = (_lonlat(ds, p) for p in TSGP)
    inner = geo.GEOD.npts(lon0, lat0, lon1, lat1, 60)
    return shapely.LineString([(lon0, lat0), *inner, (lon1, lat1)])


@cache
def _coast_ring() -> BaseGeometry:
    """The coast of north-west Africa pushed OFFSHORE_KM out to sea, as one ring in map coordinates."""
    land = shapely.union_all([g for iso, g in carto.layer("countries") if iso in AFRICA])
    offshore = land.buffer(OFFSHORE_KM * 1000, quad_segs=4).simplify(15_000)
    polygon = max(getattr(offshore, "geoms", [offshore]), key=lambda p: p.area)
    return polygon.exterior


def nmgp_line(ds: Dataset) -> BaseGeometry:
    """Schematic Nigeria–Morocco gas pipeline (map coordinates): offshore along the coast, Warri to Tangier."""
    ring = _coast_ring()
    start, end = (ring.project(shapely.Point(*carto.xy(*_lonlat(ds, p)))) for p in NMGP)
    direct = shapely.ops.substring(ring, start, end)
    around = shapely.ops.linemerge([shapely.ops.substring(ring, start, ring.length),
                                    shapely.ops.substring(ring, 0, end)])
    candidates = [g for g in (direct, around) if g.geom_type == "LineString"]
    return min(candidates, key=lambda g: g.bounds[0])  # the westward one, along the Atlantic


def _frontier_panel(ax: Axes, ds: Dataset) -> MapLabels:
    window = carto.set_extent(ax, *FRONTIER_EXTENT)
    carto.countries(ax, window, {"DZA": style.LAND["algeria"], "MAR": style.LAND["focus"]})
    carto.western_sahara(ax, window, hatch=True)
    sites = carto.places_xy(ds, FIGHTING_1963)
    circles = [shapely.Point(x, y).buffer(FIGHTING_RADIUS_KM * 1000) for x, y in zip(sites["x"], sites["y"],
                                                                                     strict=True)]
    carto.fill(ax, circles, style.BORDER_HIGHLIGHT, edgecolor=style.BORDER_HIGHLIGHT, linewidth=0.8, alpha=0.3,
               zorder=3)
    shown = carto.places_in_view(ds, ax, countries=FRONTIER_COUNTRIES)
    carto.town_markers(ax, shown)
    carto.frame_axes(ax, length_fraction=0.3, avoid=carto.points(shown), taken=[carto.TITLE_BAND])
    carto.panel_title(ax, "The Algeria–Morocco frontier")
    labels = MapLabels(ax)
    labels.towns(shown, size=6.2)
    labels.countries(window, FRONTIER_COUNTRY_SHARE, size=6.6, disputed_note=True)
    return labels


def _projects_panel(ax: Axes, ds: Dataset) -> MapLabels:
    window = carto.set_extent(ax, *PROJECTS_EXTENT)
    carto.countries(ax, window, {"DZA": style.LAND["algeria"], "MAR": style.LAND["focus"], "NGA": style.LAND["mali"]})
    carto.western_sahara(ax, window, hatch=True)
    colour, dash = PROJECT_STYLE["tsgp"]
    carto.line(ax, [carto.to_map(tsgp_line(ds))], colour, 2.0, zorder=4, linestyle=dash)
    colour, dash = PROJECT_STYLE["nmgp"]
    carto.line(ax, [nmgp_line(ds)], colour, 1.8, zorder=4, linestyle=dash)
    colour, dash = PROJECT_STYLE["atlantic"]
    target = carto.xy(*_lonlat(ds, ATLANTIC[1]))
    for origin in ATLANTIC[0]:
        ax.add_patch(FancyArrowPatch(carto.xy(*_lonlat(ds, origin)), target, connectionstyle="arc3,rad=-0.12",
                                     arrowstyle="-|>,head_length=4,head_width=2", mutation_scale=1, color=colour,
                                     linewidth=1.6, linestyle=dash, shrinkA=3, shrinkB=4, zorder=4))
    shown = carto.places_xy(ds, [*TSGP, *NMGP, *ATLANTIC[0], ATLANTIC[1]], carto.view(ax))  # the routes' stops
    carto.town_markers(ax, shown)
    carto.frame_axes(ax, scalebar="lower left", length_fraction=0.3, avoid=carto.points(shown),
                     taken=[carto.TITLE_BAND])
    carto.panel_title(ax, "Competing projects\n(schematic routes)", right=True)
    labels = MapLabels(ax)
    labels.towns(shown, size=6.2)
    labels.countries(window, PROJECTS_COUNTRY_SHARE, size=6.3)
    return labels


def maghreb_context(ds: Dataset) -> Figure:
    """The Algeria–Morocco frontier (Western Sahara disputed, 1963 fighting) and a schematic of rival projects."""
    style.apply()
    panel_width = (style.FULL_WIDTH_IN - 0.25) / 2
    map_height = panel_width * max(carto.map_aspect(FRONTIER_EXTENT), carto.map_aspect(PROJECTS_EXTENT))
    legend_height = 0.15 * 5 + 0.05
    fig = plt.figure(figsize=(style.FULL_WIDTH_IN, round(map_height + legend_height + 0.75, 2)),
                     layout="constrained")
    grid = fig.add_gridspec(2, 2, height_ratios=[map_height, legend_height])
    frontier, projects, legend_ax = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, :])
    panels = [_frontier_panel(frontier, ds), _projects_panel(projects, ds)]
    handles = [
        Patch(facecolor=style.LAND["algeria"], edgecolor=carto.EDGE, label="Algeria"),
        Patch(facecolor=style.LAND["focus"], edgecolor=carto.EDGE, label="Morocco"),
        Patch(facecolor=style.LAND["other"], edgecolor=style.DISPUTED, hatch=carto.WESTERN_SAHARA_HATCH,
              linestyle=(0, (3, 2)), label="Western Sahara (disputed territory)"),
        Patch(facecolor=style.BORDER_HIGHLIGHT, alpha=0.3, edgecolor=style.BORDER_HIGHLIGHT,
              label=f"1963 fighting near the places named (~{FIGHTING_RADIUS_KM:.0f} km)"),
        *carto.TOWN_HANDLES,
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
    carto.source(fig, f"countries {carto.NE_CREDIT}; {carto.GAZETTEER_CREDIT}. All three routes are schematic, not "
                      "surveyed: each joins the places its sources name (Trans-Saharan: Warri to Hassi R'Mel through "
                      "Niger; Nigeria–Morocco: along the West African coast to Tangier; Atlantic initiative: Mali, "
                      "Burkina Faso and Niger to the Dakhla Atlantic port, no route published).")
    for labels in panels:
        labels.place()  # last: after the layout
    return fig
