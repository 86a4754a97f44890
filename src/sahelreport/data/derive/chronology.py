"""Facts about the chronology as a whole: its version and date, its milestones and turning points."""

from __future__ import annotations

import hashlib

import pandas as pd

from sahelreport import __version__
from sahelreport.data.derive.labels import event_date_label, format_date
from sahelreport.data.load import Dataset


def chronology_version(ds: Dataset) -> str:
    """The chronology's version: the report's version and a short hash of the events' content."""
    content = ds.events.drop(columns=["actor_list", "source_list"]).to_csv(index=False, lineterminator="\n")
    return f"{__version__}+{hashlib.sha256(content.encode()).hexdigest()[:8]}"


def chronology_date(ds: Dataset) -> str:
    """The chronology's date: the day through which it was checked (`data_as_of` in datapackage.json)."""
    return format_date(ds.data_as_of, "day")


def chronology_span(ds: Dataset) -> str:
    """The dates of the first and the last event, at their precision: '10 Jan 1957 – 19 Feb 2026'."""
    first, last = ds.events.iloc[0], ds.events.iloc[-1]
    return f"{event_date_label(first)} – {event_date_label(last)}"


def turning_points(ds: Dataset, since: int | None = None) -> pd.DataFrame:
    """Events the data marks as turning points (a label in `turning_point`), from a year on."""
    events = ds.events if since is None else ds.events[ds.events["year"] >= since]
    return events[events["turning_point"].notna()]


def milestones(ds: Dataset) -> pd.DataFrame:
    """Events the data marks as milestones (a label in `milestone`)."""
    return ds.events[ds.events["milestone"].notna()]
