"""Load the report's data as typed DataFrames, after validation (which stops on any problem)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from sahelreport import paths
from sahelreport.data.bibliography import Source
from sahelreport.data.problems import DataValidationError
from sahelreport.data.schema import package_property
from sahelreport.data.validate import RawTable, parse_date, split_list, validate_all
from sahelreport.geo.boundaries import place_in_country
from sahelreport.geo.layers import check_layers
from sahelreport.geo.regions import region_of


@dataclass(frozen=True)
class Dataset:
    """The validated tables and the bibliography they cite."""

    events: pd.DataFrame  # + place_name, region (as places), lat/lon from the place, year, actor_list, source_list
    places: pd.DataFrame  # + region: the pre-2016 region in Mali, the wilaya in Algeria, the country's name elsewhere
    claims: pd.DataFrame
    sources: dict[str, Source]
    groups: pd.DataFrame
    stated_locations: pd.DataFrame  # where each party said a disputed incident happened
    data_as_of: dt.date  # the date through which the chronology was checked (datapackage.json)


def _frame(raw: RawTable) -> pd.DataFrame:
    """A table of strings with typed columns (dates, numbers, integers) per the schema."""
    frame = pd.DataFrame([row for _, row in raw.rows], columns=raw.table.field_names)
    for field in raw.table.fields:
        column = frame[field.name].replace("", pd.NA)
        if field.type == "number":
            frame[field.name] = pd.to_numeric(column).astype("Float64")
        elif field.type == "integer":
            frame[field.name] = pd.to_numeric(column).astype("Int64")
        elif field.precisions:  # a date, to the day, month or year: its first day
            frame[field.name] = [parse_date(v)[0] if v else pd.NaT for v in frame[field.name]]
            frame[field.name] = pd.to_datetime(frame[field.name])
        else:
            frame[field.name] = column.astype("string")
    return frame


def _with_regions(places: pd.DataFrame) -> pd.DataFrame:
    """Add each place's region (spatial join): the pre-2016 region in Mali, the wilaya in Algeria, else the country."""
    places = places.copy()
    places["region"] = pd.array(region_of(list(places["country"]), list(places["lat"]), list(places["lon"])),
                                dtype="string")
    return places


def _enrich_events(events: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Add the place's coordinates, name and region, the year, and lists of actors and sources."""
    located = places.set_index("id")
    events = events.copy()
    has_place = events["place_id"].notna()
    events.loc[has_place, "lat"] = events.loc[has_place, "place_id"].map(located["lat"])
    events.loc[has_place, "lon"] = events.loc[has_place, "place_id"].map(located["lon"])
    events["place_name"] = events["place_id"].map(located["name_en"]).astype("string")
    events["region"] = events["place_id"].map(located["region"]).astype("string")
    own_point = ~has_place & events["lat"].notna()  # no gazetteer place: the join finds the country too
    events.loc[own_point, "region"] = region_of([None] * int(own_point.sum()), list(events.loc[own_point, "lat"]),
                                                list(events.loc[own_point, "lon"]))
    events["year"] = events["date"].dt.year.astype(int)
    events["actor_list"] = [split_list(str(v)) for v in events["actors"]]
    events["source_list"] = [split_list(str(v)) for v in events["sources"]]
    return events.sort_values(["date", "id"]).reset_index(drop=True)


def load_dataset(data_dir: Path | None = None, bib_path: Path | None = None,
                 today: dt.date | None = None) -> Dataset:
    """Validate and load every table; raise DataValidationError listing all problems."""
    data_dir = data_dir or paths.project().data
    layer_problems = check_layers()  # the vendored boundaries the place check and the maps read
    place_check = None if layer_problems else place_in_country
    raws, sources, problems = validate_all(data_dir, bib_path or paths.project().bibliography, place_check, today)
    if layer_problems or problems:
        raise DataValidationError(layer_problems + problems)
    as_of = dt.date.fromisoformat(str(package_property(data_dir / "datapackage.json", "data_as_of")))
    places = _with_regions(_frame(raws["places"]))
    return Dataset(
        events=_enrich_events(_frame(raws["events"]), places),
        places=places,
        claims=_frame(raws["claims"]),
        sources=sources,
        groups=_frame(raws["groups"]),
        stated_locations=_frame(raws["stated_locations"]),
        data_as_of=as_of,
    )


@lru_cache(maxsize=1)
def dataset() -> Dataset:
    """The project's dataset, validated once per process."""
    return load_dataset()
