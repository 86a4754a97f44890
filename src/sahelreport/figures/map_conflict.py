"""Map 4: the border zone in conflict — dated events by place, and where each party placed the 2025 drone."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import offset_copy

from sahelreport import geo
from sahelreport.data.derive import places
from sahelreport.data.derive.labels import event_date_label, short_label
from sahelreport.data.load import Dataset
from sahelreport.figures import callouts, style
from sahelreport.figures import cartography as carto
from sahelreport.figures import map_furniture as furniture
from sahelreport.figures.legends import fitted_legend
from sahelreport.figures.map_callouts import PlaceGroup, callout, event_key, event_line, event_symbol, key_lines
from sahelreport.figures.map_checks import MARKER_GID, figure_of
from sahelreport.figures.map_labels import MapLabels
from sahelreport.figures.texts import text
from sahelreport.language import column, format_number

CONFLICT_EXTENT: carto.Extent = places.BORDER_ZONE
LOCATOR_EXTENT: carto.Extent = (-18.0, 8.0, 13.0, 37.5)
COUNTRY_SHARE = 0.05
DETAIL_HALF_KM = 20.0
DETAIL_RATIO = 0.72  # height / width of the inset's window
# The insets and the corners each prefers: each takes the first corner still free that hides no place with events.
DETAIL_SIZE, DETAIL_CORNERS = (0.4, 0.355), ("upper right", "upper left", "lower right", "lower left")
LOCATOR_SIZE, LOCATOR_CORNERS = (0.2, 0.2), ("upper left", "upper right", "lower left", "lower right")
SCALEBAR_LENGTH = 0.22
ACCOUNT_STYLES = (("^", style.OKABE_ITO["blue"]), ("v", style.OKABE_ITO["orange"]), ("D", style.OKABE_ITO["purple"]))
def _drone_detail(ax: Axes, ds: Dataset, where: furniture.Rect) -> MapLabels:
    """Inset: where each party located the incident, around the place it is attached to; returns its labels."""
    accounts = places.stated_accounts(ds)
    event = ds.events[ds.events["id"] == accounts["event_id"].iloc[0]].iloc[0]
    lat, lon = places.place_latlon(ds, str(accounts["near_place_id"].iloc[0]))
    inset = ax.inset_axes(where)
    cx, cy = carto.xy(lon, lat)
    half = max(DETAIL_HALF_KM, 1.6 * float(accounts["distance_km"].max())) * 1000
    x0, x1, y0, y1 = cx - half, cx + half, cy - half * DETAIL_RATIO, cy + half * DETAIL_RATIO
    inset.set_xlim(x0, x1)
    inset.set_ylim(y0, y1)
    inset.set_aspect("equal")
    window = shapely.box(x0 - half, y0 - half, x1 + half, y1 + half)
    carto.mali_algeria_composite(inset, window, region_edges=False)
    carto.border(inset, "openstreetmap", window, linewidth=1.6)
    nearby = carto.places_in_view(ds, inset)
    carto.town_markers(inset, nearby)
    labels = MapLabels(inset)
    labels.towns(nearby, size=5.8)
    points = places.drone_points(ds)
    marked = carto.points(nearby)
    for n, (_, account) in enumerate(accounts.iterrows()):
        marker, colour = ACCOUNT_STYLES[n % len(ACCOUNT_STYLES)]
        plat, plon = points[str(account["id"])]
        x, y = carto.xy(plon, plat)
        marked.append((x, y))
        inset.plot([x], [y], marker=marker, color=colour, markeredgecolor="white", markersize=7, zorder=6,
                   linestyle="", gid=MARKER_GID)
        labels.point(str(account["id"]), (x, y), "\n".join((
            text("map.conflict.account", party=party(account)),
            text("map.conflict.inside", distance=format_number(float(account["distance_km"]), "g"),
                 side=text(f"map.conflict.side.{account['country']}")))), 5.6, rank=2)
    title = text("map.conflict.inset-title", event=short_label(event).removesuffix(" " + text("map.see-inset")),
                 date=event_date_label(event))
    title_rect = furniture.panel_title(inset, f"{title}\n{text('map.conflict.inset-subtitle')}", avoid=marked,
                                       fontsize=6.0)
    carto.frame_axes(inset, scalebar="lower left", length_fraction=0.3, avoid=marked, taken=[title_rect])
    labels.avoid([carto.to_map(geo.border_line("openstreetmap"))], 1.6)
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec=style.TEXT, lw=0.6, zorder=6))
    return labels


def party(account: pd.Series) -> str:
    """Who gave an account of where an incident happened (data/stated-locations.csv: party, party_fr)."""
    return str(account[column("party")])


def _locator(ax: Axes, extent: carto.Extent, where: furniture.Rect) -> Axes:
    """A small inset of the wider region, with a rectangle where the main map lies."""
    inset = ax.inset_axes(where)
    window = carto.set_extent(inset, *extent)
    carto.countries(inset, window, {"MLI": style.LAND["mali"], "DZA": style.LAND["algeria"]})
    carto.western_sahara(inset, window)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    inset.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec=style.BORDER_HIGHLIGHT, lw=1.0, zorder=5))
    carto.frame_axes(inset, scalebar="")
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


def _place_groups(ds: Dataset, events: pd.DataFrame) -> list[PlaceGroup]:
    """(place id, name, events) for each place with events, north to south, then west to east."""
    located = ds.places.set_index("id")
    lats, lons = (located[c].to_dict() for c in ("lat", "lon"))
    names = {str(pid): carto.place_name(place) for pid, place in located.iterrows()}
    groups = [(str(pid), names[str(pid)], [e for _, e in g.iterrows()]) for pid, g in events.groupby("place_id", sort=True)]
    return sorted(groups, key=lambda g: (-float(lats[g[0]]), float(lons[g[0]]), g[0]))


def _event_markers(ax: Axes, xy: tuple[float, float], group: list[pd.Series]) -> list[tuple[str, str, str]]:
    """One marker per kind of event, side by side on the place; returns the callout rows (marker, colour, text)."""
    rows, kinds = [], []
    for event in group:
        marker, colour, _ = event_symbol(event)
        rows.append((marker, colour, event_line(event)))
        if (marker, colour) not in kinds:
            kinds.append((marker, colour))
    for i, (marker, colour) in enumerate(kinds):
        shift = offset_copy(ax.transData, fig=figure_of(ax), x=(i - (len(kinds) - 1) / 2) * 6.5, y=0, units="points")
        ax.plot([xy[0]], [xy[1]], marker=marker, color=colour, markeredgecolor="white", markeredgewidth=0.5,
                markersize=7, transform=shift, zorder=7, linestyle="", gid=MARKER_GID)
    return rows


def _handles(ds: Dataset, events: pd.DataFrame) -> list[Line2D]:
    symbols = {label: (m, c) for m, c, label in (event_symbol(e) for _, e in events.iterrows())}
    handles = [Line2D([], [], marker=m, color=c, markeredgecolor="white", markeredgewidth=0.3, linestyle="",
                      markersize=7, label=label) for label, (m, c) in sorted(symbols.items())]
    handles += [Line2D([], [], marker=ACCOUNT_STYLES[n % len(ACCOUNT_STYLES)][0],
                       color=ACCOUNT_STYLES[n % len(ACCOUNT_STYLES)][1], markeredgecolor="white",
                       markeredgewidth=0.3, linestyle="", markersize=7,
                       label=text("map.conflict.stated-location", party=party(account)))
                for n, (_, account) in enumerate(places.stated_accounts(ds).iterrows())]
    return handles + [carto.border_handle(text("map.border-osm")), *carto.town_handles()[1:]]


def _border_conflict(ds: Dataset, keyed: bool) -> Figure:
    events = places.conflict_events(ds)
    groups = _place_groups(ds, events)
    key_rows = (key_lines(groups) + 1) // 2 + 1 if keyed else 0
    fig, ax, legend_ax = carto.new_figure(CONFLICT_EXTENT, 4 + round(key_rows * 0.9), 5)
    window = carto.set_extent(ax, *CONFLICT_EXTENT)
    carto.mali_algeria_composite(ax, window)
    carto.border(ax, "openstreetmap", window, linewidth=1.8)
    anchors = {pid: carto.xy(*reversed(places.place_latlon(ds, pid))) for pid, _, _ in groups}
    points = list(anchors.values())
    detail = furniture.location_rect(furniture.free_location(ax, DETAIL_SIZE, DETAIL_CORNERS, points), DETAIL_SIZE)
    locator = furniture.location_rect(furniture.free_location(ax, LOCATOR_SIZE, LOCATOR_CORNERS, points, [detail]),
                                  LOCATOR_SIZE)
    context = carto.places_in_view(ds, ax)  # the places without events, except where an inset hides them
    hidden = furniture.hidden_by(ax, [detail, locator], carto.points(context))
    context = context[~context["id"].isin(anchors).to_numpy() & ~np.array(hidden, dtype=bool)]
    carto.town_markers(ax, context)
    labels = MapLabels(ax)
    for number, (place_id, name, group) in enumerate(groups, start=1):
        rows = _event_markers(ax, anchors[place_id], group)
        labels.callout(name, callout(ax, anchors[place_id], f"{number}  {name}" if keyed else name,
                                     [] if keyed else rows))
    detail_labels = _drone_detail(ax, ds, detail) if len(places.stated_accounts(ds)) else None
    _locator(ax, LOCATOR_EXTENT, locator)
    carto.frame_axes(ax, length_fraction=SCALEBAR_LENGTH, avoid=points + carto.points(context), taken=[detail, locator])
    if keyed:
        event_key(legend_ax, groups)
        fitted_legend(legend_ax, _handles(ds, events), loc="lower center", ncol=2, frameon=False, fontsize=7,
                      handlelength=2.2, borderaxespad=0)
    else:
        carto.legend(legend_ax, _handles(ds, events), ncol=2)
    carto.source(fig, text("map.conflict.source", since=str(places.CONFLICT_SINCE), **carto.credits()))
    if detail_labels is not None:
        detail_labels.place()  # last: after the layout
    labels.towns(context, size=6.2, colour="#444444")
    labels.countries(window, COUNTRY_SHARE, size=8, composite=True)
    labels.avoid([carto.to_map(geo.border_line("openstreetmap"))], 1.8)
    labels.place()
    return fig
