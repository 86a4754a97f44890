"""Map 5: the Maghreb context — the Algeria–Morocco frontier, and a schematic of the rival projects."""

from __future__ import annotations

import math
from typing import Any, cast

import numpy as np
import pandas as pd
import shapely
import shapely.ops
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.path import Path
from shapely.geometry.base import BaseGeometry

from sahelreport.data.derive import places
from sahelreport.data.load import Dataset
from sahelreport.figures import cartography as carto
from sahelreport.figures import style
from sahelreport.figures.legends import fitted_legend
from sahelreport.figures.map_labels import MapLabels
from sahelreport.figures.texts import text
from sahelreport.geo import schematic
from sahelreport.language import column, format_number

FRONTIER_EXTENT: carto.Extent = (-17.6, 20.4, 3.6, 36.4)
PROJECTS_EXTENT: carto.Extent = (-18.5, 4.4, 15.5, 37.4)
FIGHTING_1963 = ("figuig", "hassi-beida", "tindouf")  # "around the oasis towns of Tindouf and Figuig" (Sand War)
FIGHTING_RADIUS_KM = 60.0
FRONTIER_COUNTRIES = ("DZA", "MAR", "ESH")  # the frontier panel names the places of the two rivals and the territory
FRONTIER_COUNTRY_SHARE = 0.03
PROJECTS_COUNTRY_SHARE = 0.03
TITLE: dict[str, Any] = {"loc": "left", "fontsize": 7.5, "fontweight": "bold", "color": style.TEXT, "pad": 3}
TITLE_ROW_IN = 0.18
ROUTE_SAMPLE_KM = 50.0
ARROW = "-|>,head_length=4,head_width=2"
HUB_GAP_KM = 70.0  # a converging route's arrows stop short of the hub's marker


def route_name(route: pd.Series) -> str:
    """A route's name in the book's language (data/routes.csv: name, name_fr)."""
    return str(route[column("name")])


def route_label(ds: Dataset, route: pd.Series) -> str:
    """A route's legend entry: its name, status and how it is drawn."""
    details = [text(f"route.status.{route['status']}")]
    if route["path"] == "offshore":
        details.append(text("route.offshore"))
    elif route["path"] == "converging":
        details.append(text("route.converging", hub=places.route_stop_names(ds, route)[-1]))
    return text("route.label", name=route_name(route), details=", ".join(details))


def _stops(names: list[str]) -> str:
    """Places joined from the first to the last: 'Warri to Tangier'."""
    joined = names[0]
    for name in names[1:]:
        joined = text("route.stop-to-stop", start=joined, end=name)
    return joined


def route_summary(ds: Dataset, route: pd.Series) -> str:
    """A route for the source line: its name and the places it joins."""
    names = places.route_stop_names(ds, route)
    if route["path"] == "converging":
        starts = text("list.and", items=", ".join(names[:-2]), last=names[-2]) if len(names) > 2 else names[0]
        return text("route.summary.converging", name=route_name(route), starts=starts, hub=names[-1])
    key = "route.summary.offshore" if route["path"] == "offshore" else "route.summary"
    return text(key, name=route_name(route), stops=_stops(names))


def _draw_routes(ax: Axes, ds: Dataset) -> list[BaseGeometry]:
    """Every route of data/routes.csv in its style; returns the lines drawn (map coordinates)."""
    drawn = []
    for index, (_, route) in enumerate(ds.routes.iterrows()):
        props = style.route_style(index, str(route["kind"]), str(route["status"]), str(route["path"]))
        parts = [carto.to_map(g) for g in schematic.route_parts(str(route["path"]), places.route_stops(ds, route))]
        drawn += parts
        if route["path"] != "converging":
            carto.line(ax, parts, props["color"], props["linewidth"], zorder=4, linestyle=props["linestyle"],
                       alpha=props["alpha"])
            continue
        for part in parts:  # arrows to the hub, stopping short of its marker
            shortened = shapely.ops.substring(cast(shapely.LineString, part), 0, part.length - HUB_GAP_KM * 1000)
            ax.add_patch(FancyArrowPatch(path=Path(np.asarray(shortened.coords)), arrowstyle=ARROW, mutation_scale=1,
                                         zorder=4, **props))
    return drawn


def _route_handles(ds: Dataset) -> list[Line2D]:
    handles = []
    for index, (_, route) in enumerate(ds.routes.iterrows()):
        props = style.route_style(index, str(route["kind"]), str(route["status"]), str(route["path"]))
        handles.append(Line2D([], [], label=route_label(ds, route), **props))
    return handles


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
    ax.set_title(text("map.maghreb.frontier-title"), **TITLE)
    carto.frame_axes(ax, length_fraction=0.3, avoid=carto.points(shown))
    labels = MapLabels(ax)
    labels.towns(shown, size=6.2)
    labels.countries(window, FRONTIER_COUNTRY_SHARE, size=6.6, disputed_note=True)
    return labels


def _projects_panel(ax: Axes, ds: Dataset) -> MapLabels:
    window = carto.set_extent(ax, *PROJECTS_EXTENT)
    carto.countries(ax, window, {"DZA": style.LAND["algeria"], "MAR": style.LAND["focus"]})
    carto.western_sahara(ax, window, hatch=True)
    routes = _draw_routes(ax, ds)
    stops = {stop for value in ds.routes["stops"] for stop in str(value).split(";")}
    shown = carto.places_xy(ds, stops, carto.view(ax))  # the places the routes join
    carto.town_markers(ax, shown)
    ax.set_title(text("map.maghreb.projects-title"), **TITLE)
    along = [(x, y) for g in routes for x, y in shapely.segmentize(g, ROUTE_SAMPLE_KM * 1000).coords]  # the scale bar
    carto.frame_axes(ax, scalebar="lower left", length_fraction=0.3, avoid=carto.points(shown) + along)  # hides none
    labels = MapLabels(ax)
    labels.towns(shown, size=6.2)
    labels.countries(window, PROJECTS_COUNTRY_SHARE, size=6.3)
    labels.avoid(routes, 1.9)
    return labels


def maghreb_context(ds: Dataset) -> Figure:
    """The Algeria–Morocco frontier (Western Sahara disputed, 1963 fighting) and a schematic of rival projects."""
    style.apply()
    handles = [
        Patch(facecolor=style.LAND["algeria"], edgecolor=carto.EDGE, label=carto.country_name("DZA")),
        Patch(facecolor=style.LAND["focus"], edgecolor=carto.EDGE, label=carto.country_name("MAR")),
        Patch(facecolor=style.LAND["other"], edgecolor=style.DISPUTED, hatch=carto.WESTERN_SAHARA_HATCH,
              linestyle=(0, (3, 2)), label=text("map.western-sahara")),
        Patch(facecolor=style.BORDER_HIGHLIGHT, alpha=0.3, edgecolor=style.BORDER_HIGHLIGHT,
              label=text("map.maghreb.fighting", radius=format_number(FIGHTING_RADIUS_KM, ".0f"))),
        *carto.town_handles(),
        *_route_handles(ds),
    ]
    summaries = text("list.separator").join(route_summary(ds, route) for _, route in ds.routes.iterrows())
    source = text("map.maghreb.source", summaries=summaries, **carto.credits())
    panel_width = (style.FULL_WIDTH_IN - 0.25) / 2
    map_height = panel_width * max(carto.map_aspect(FRONTIER_EXTENT), carto.map_aspect(PROJECTS_EXTENT))
    legend_height = 0.15 * math.ceil(len(handles) / 2) + 0.05
    height = TITLE_ROW_IN + map_height + legend_height + carto.source_height_in(source)
    fig = plt.figure(figsize=(style.FULL_WIDTH_IN, round(height, 2)), layout="constrained")
    grid = fig.add_gridspec(2, 2, height_ratios=[map_height, legend_height])
    frontier, projects, legend_ax = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, :])
    panels = [_frontier_panel(frontier, ds), _projects_panel(projects, ds)]
    legend_ax.axis("off")
    fitted_legend(legend_ax, handles, loc="upper center", ncol=2, frameon=False, fontsize=6.6, handlelength=2.2,
                  borderaxespad=0)
    carto.source(fig, source)
    for labels in panels:
        labels.place()  # last: after the layout
    return fig
