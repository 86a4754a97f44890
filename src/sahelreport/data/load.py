"""The report's data as typed DataFrames: validated all at once (`load_dataset`), or read table by table."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from sahelreport import paths
from sahelreport.data.bibliography import Source, read_bibliography
from sahelreport.data.problems import DataValidationError
from sahelreport.data.read import read_table
from sahelreport.data.schema import Table, load_schema, package_property
from sahelreport.data.validate import RawTable, parse_date, split_list, validate_all
from sahelreport.geo.boundaries import place_in_country
from sahelreport.geo.layers import check_layers
from sahelreport.geo.regions import region_of


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


class Dataset:
    """The project's tables and the bibliography they cite, each read from data/ when first used.

    `load_dataset()` validates everything first and fills every table at once; inside a book build, whose
    validation ran before any notebook, `dataset()` reads only the tables a notebook uses, so the build can
    record which files each notebook depends on.
    """

    def __init__(self, data_dir: Path, bib_path: Path, tables: Mapping[str, Any] | None = None) -> None:
        self.data_dir = data_dir
        self.bib_path = bib_path
        self.__dict__.update(tables or {})

    @cached_property
    def _schema(self) -> dict[str, Table]:
        return load_schema(self.data_dir / "datapackage.json")

    def _read(self, name: str) -> pd.DataFrame:
        table = self._schema[name]
        path = self.data_dir / table.path
        raw, problems = read_table(path, table, f"data/{table.path}")
        if problems:
            raise DataValidationError(problems)
        return _frame(raw)

    @cached_property
    def places(self) -> pd.DataFrame:
        """The gazetteer, with each place's region: the pre-2016 region in Mali, the wilaya in Algeria, else the country."""
        return _with_regions(self._read("places"))

    @cached_property
    def events(self) -> pd.DataFrame:
        """The chronology, with place_name, region, lat/lon from the place, year, actor_list and source_list."""
        return _enrich_events(self._read("events"), self.places)

    @cached_property
    def claims(self) -> pd.DataFrame:
        return self._read("claims")

    @cached_property
    def groups(self) -> pd.DataFrame:
        return self._read("groups")

    @cached_property
    def stated_locations(self) -> pd.DataFrame:
        """Where each party said a disputed incident happened."""
        return self._read("stated_locations")

    @cached_property
    def routes(self) -> pd.DataFrame:
        """The schematic routes (pipelines, corridors) and the places they join."""
        return self._read("routes")

    @cached_property
    def sources(self) -> dict[str, Source]:
        sources, problems = read_bibliography(self.bib_path)
        if problems:
            raise DataValidationError(problems)
        return sources

    @cached_property
    def data_as_of(self) -> dt.date:
        """The date through which the chronology was checked (datapackage.json)."""
        return dt.date.fromisoformat(str(package_property(self.data_dir / "datapackage.json", "data_as_of")))

    def replace(self, **tables: Any) -> Dataset:
        """A copy with some tables replaced (the others shared with this one, or read when first used)."""
        loaded = {name: value for name, value in self.__dict__.items() if name in TABLES}
        return Dataset(self.data_dir, self.bib_path, {**loaded, **tables})


TABLES = ("events", "places", "claims", "groups", "stated_locations", "routes", "sources", "data_as_of")


def load_dataset(data_dir: Path | None = None, bib_path: Path | None = None,
                 today: dt.date | None = None) -> Dataset:
    """Validate and load every table; raise DataValidationError listing all problems."""
    data_dir = data_dir or paths.project().data
    layer_problems = check_layers()  # the vendored boundaries the place check and the maps read
    place_check = None if layer_problems else place_in_country
    raws, sources, problems = validate_all(data_dir, bib_path or paths.project().bibliography, place_check, today)
    if layer_problems or problems:
        raise DataValidationError(layer_problems + problems)
    places = _with_regions(_frame(raws["places"]))
    return Dataset(data_dir, bib_path or paths.project().bibliography, {
        "events": _enrich_events(_frame(raws["events"]), places),
        "places": places,
        "claims": _frame(raws["claims"]),
        "sources": sources,
        "groups": _frame(raws["groups"]),
        "stated_locations": _frame(raws["stated_locations"]),
        "routes": _frame(raws["routes"]),
    })


VALIDATED_ENV = "SAHELREPORT_DATA_VALIDATED"  # set by the book build for its kernels, after validating everything


@lru_cache(maxsize=1)
def dataset() -> Dataset:
    """The project's dataset: validated once per process, or, inside a book build (which validated it before any
    notebook ran), read table by table as the notebook uses them."""
    where = paths.project()
    if os.environ.get(VALIDATED_ENV) == "1":
        return Dataset(where.data, where.bibliography)
    return load_dataset()
