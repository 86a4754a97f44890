"""What the maps and the text derive from the gazetteer: where places are, how far apart, which events lie in
the border zone, and where each party said the latest disputed incident happened."""

from __future__ import annotations

import pandas as pd

from sahelreport import geo
from sahelreport.data.load import Dataset
from sahelreport.language import column

Extent = tuple[float, float, float, float]  # lon_min, lat_min, lon_max, lat_max
BORDER_ZONE: Extent = (-3.9, 15.2, 6.2, 23.1)  # the Mali–Algeria border zone the report follows (its map's window)
CONFLICT_SINCE = 2012  # the year the 2012 rebellion began


def place_latlon(ds: Dataset, place_id: str) -> tuple[float, float]:
    """(lat, lon) of a gazetteer place."""
    row = ds.places[ds.places["id"] == place_id].iloc[0]
    return float(row["lat"]), float(row["lon"])


def place_distance_km(ds: Dataset, first: str, second: str) -> float:
    """Geodesic distance between two gazetteer places, in kilometres."""
    (lat0, lon0), (lat1, lon1) = place_latlon(ds, first), place_latlon(ds, second)
    return geo.GEOD.inv(lon0, lat0, lon1, lat1)[2] / 1000


def route_stops(ds: Dataset, route: pd.Series) -> list[tuple[float, float]]:
    """The (lon, lat) of a route's stops (data/routes.csv), in order."""
    return [(lon, lat) for lat, lon in (place_latlon(ds, stop) for stop in str(route["stops"]).split(";"))]


def route_stop_names(ds: Dataset, route: pd.Series) -> list[str]:
    """The names of a route's stops in the book's language (name_en, name_fr), in order."""
    names = ds.places.set_index("id")[column("name_en")]
    return [str(names[stop]) for stop in str(route["stops"]).split(";")]


def in_extent(frame: pd.DataFrame, extent: Extent) -> pd.Series:
    """Which rows (with lat and lon columns) lie inside a lon/lat box."""
    lon_min, lat_min, lon_max, lat_max = extent
    return frame["lon"].astype(float).between(lon_min, lon_max) & frame["lat"].astype(float).between(lat_min, lat_max)


def conflict_events(ds: Dataset, since: int = CONFLICT_SINCE, extent: Extent = BORDER_ZONE) -> pd.DataFrame:
    """Events at a gazetteer place inside the border zone since `since`, plus the latest disputed incident.

    The disputed incident has no coordinates in the chronology (its location is disputed); it is attached
    to the place its accounts name (data/stated-locations.csv), where the map draws it.
    """
    events = ds.events[(ds.events["year"] >= since) & ds.events["place_id"].notna() & ds.events["lat"].notna()]
    events = events[in_extent(events, extent)].copy()
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


def stated_distances(ds: Dataset) -> dict[str, float]:
    """The stated distance from the border (km) of each account of the latest disputed incident, by side (ISO3)."""
    return {str(a["country"]): float(a["distance_km"]) for _, a in stated_accounts(ds).iterrows()}


def drone_points(ds: Dataset) -> dict[str, tuple[float, float]]:
    """Each account's location (lat, lon), by account id: at the stated distance across the border, approximate."""
    points = {}
    for _, account in stated_accounts(ds).iterrows():
        lat, lon = place_latlon(ds, str(account["near_place_id"]))
        points[str(account["id"])] = geo.point_across_border(lat, lon, float(account["distance_km"]),
                                                             str(account["country"]))
    return points
