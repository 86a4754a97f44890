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


@dataclass(frozen=True)
class Dataset:
    """The validated tables and the bibliography they cite."""

    events: pd.DataFrame
    places: pd.DataFrame
    claims: pd.DataFrame
    sources: dict[str, Source]
    groups: pd.DataFrame
    stated_locations: pd.DataFrame  # where each party said a disputed incident happened
    routes: pd.DataFrame  # the schematic routes (pipelines, corridors) and the places they join
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
        elif field.type == "date":
            frame[field.name] = [parse_date(v)[0] if v else pd.NaT for v in frame[field.name]]
            frame[field.name] = pd.to_datetime(frame[field.name])
        else:
            frame[field.name] = column.astype("string")
    return frame


def _enrich_events(events: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Add the place's coordinates and name, the year, and lists of actors and sources."""
    located = places.set_index("id")
    events = events.copy()
    has_place = events["place_id"].notna()
    events.loc[has_place, "lat"] = events.loc[has_place, "place_id"].map(located["lat"])
    events.loc[has_place, "lon"] = events.loc[has_place, "place_id"].map(located["lon"])
    events["place_name"] = events["place_id"].map(located["name_en"]).astype("string")
    events["year"] = events["date"].dt.year.astype(int)
    events["actor_list"] = [split_list(str(v)) for v in events["actors"]]
    events["source_list"] = [split_list(str(v)) for v in events["sources"]]
    return events.sort_values(["date", "id"]).reset_index(drop=True)


def load_dataset(data_dir: Path | None = None, bib_path: Path | None = None,
                 today: dt.date | None = None) -> Dataset:
    """Validate and load every table; raise DataValidationError listing all problems."""
    data_dir = data_dir or paths.project().data
    raws, sources, problems = validate_all(data_dir, bib_path or paths.project().bibliography, place_in_country, today)
    if problems:
        raise DataValidationError(problems)
    as_of = dt.date.fromisoformat(str(package_property(data_dir / "datapackage.json", "data_as_of")))
    places = _frame(raws["places"])
    return Dataset(
        events=_enrich_events(_frame(raws["events"]), places),
        places=places,
        claims=_frame(raws["claims"]),
        sources=sources,
        groups=_frame(raws["groups"]),
        stated_locations=_frame(raws["stated_locations"]),
        routes=_frame(raws["routes"]),
        data_as_of=as_of,
    )


@lru_cache(maxsize=1)
def dataset() -> Dataset:
    """The project's dataset, validated once per process."""
    return load_dataset()
