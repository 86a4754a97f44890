"""Counts of events, claims and table rows: what the text glues and the bar charts plot."""

from __future__ import annotations

import pandas as pd

from sahelreport.data.derive.chronology import turning_points
from sahelreport.data.derive.codes import code_order, in_code_order
from sahelreport.data.load import Dataset
from sahelreport.data.validate import CITING_COLUMNS, split_list

ESCALATION_SINCE = 2023  # the escalation chapter's period: from January of this year to the latest event
MONTH_KINDS = ("diplomatic", "military", "other")  # the escalation chart's split of event types


def select_events(events: pd.DataFrame, relationships: tuple[str, ...] | None = None, since: int | None = None,
                  until: int | None = None, types: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The events of some relationships and types, from year `since` to year `until` (both inclusive)."""
    if relationships:
        events = events[events["relationship"].isin(relationships)]
    if since is not None:
        events = events[events["year"] >= since]
    if until is not None:
        events = events[events["year"] <= until]
    if types:
        events = events[events["type"].isin(types)]
    return events


def count_events(ds: Dataset, relationships: tuple[str, ...] | None = None, since: int | None = None, *,
                 until: int | None = None, types: tuple[str, ...] | None = None) -> int:
    """Number of events, optionally for some relationships, types and years (inclusive), for glued counts."""
    return len(select_events(ds.events, relationships, since, until, types))


def event_types(events: pd.DataFrame) -> list[str]:
    """Event types in the data, in schema order (types the schema does not list last, alphabetically)."""
    return in_code_order(events["type"], "events", "type")


def relationships(events: pd.DataFrame) -> list[str]:
    """Relationships in the data, in schema order (relationships the schema does not list last, alphabetically)."""
    return in_code_order(events["relationship"], "events", "relationship")


def year_span(events: pd.DataFrame) -> range:
    """Every year from the first event's to the last event's."""
    return range(int(events["year"].min()), int(events["year"].max()) + 1)


def counts_by_year(events: pd.DataFrame, years: range | None = None, types: list[str] | None = None) -> pd.DataFrame:
    """Events per year (every year of `years`, default the events' span, zeros included) and type.

    Columns are `types` (default the types present, in schema order).
    """
    table = events.pivot_table(index="year", columns="type", values="id", aggfunc="count", fill_value=0)
    table = table.reindex(index=years if years is not None else year_span(events), fill_value=0)
    return table.reindex(columns=types if types is not None else event_types(events)).fillna(0).astype(int)


def monthly_counts(ds: Dataset, since: int = ESCALATION_SINCE) -> pd.DataFrame:
    """Events per month from January of `since` to the latest event's month: diplomatic, military, other.

    Events dated only to the year cannot be placed in a month and are left out.
    """
    events = select_events(ds.events, since=since)
    events = events[events["date_precision"] != "year"]
    months = pd.period_range(f"{since}-01", ds.events["date"].max().to_period("M"), freq="M")
    kind = events["type"].where(events["type"].isin(MONTH_KINDS[:2]), MONTH_KINDS[2])
    table = pd.crosstab(events["date"].dt.to_period("M"), kind)
    table = table.reindex(index=months, columns=list(MONTH_KINDS), fill_value=0)
    return table.fillna(0).astype(int)


def escalation_summary(ds: Dataset, since: int = ESCALATION_SINCE) -> dict[str, int]:
    """Plain numbers for the text about the escalation (events since `since`, by kind; busiest month)."""
    months = monthly_counts(ds, since)
    total = months.sum(axis=1)
    return {
        "since": since,
        "events": count_events(ds, since=since),
        "diplomatic": int(months["diplomatic"].sum()),
        "military": int(months["military"].sum()),
        "other": int(months["other"].sum()),
        "mali_algeria": count_events(ds, ("mali-algeria",), since),
        "turning_points": len(turning_points(ds, since)),
        "busiest_month_events": int(total.max()) if len(total) else 0,
        "months_without_events": int((total == 0).sum()),
    }


def event_span(ds: Dataset) -> dict[str, int]:
    """How many events the chronology holds and the years it covers (reads the events table only)."""
    events = ds.events
    return {
        "n_events": len(events),
        "first_year": int(events["date"].dt.year.min()) if len(events) else 0,
        "last_year": int(events["date"].dt.year.max()) if len(events) else 0,
    }


def dataset_counts(ds: Dataset) -> dict[str, int]:
    """The counts the appendices quote, by glue name: rows per table, years covered, date precisions, sources."""
    events = ds.events
    precision = events["date_precision"].value_counts()
    cited: set[str] = set()
    for name, columns in CITING_COLUMNS.items():
        for column in columns:
            cited.update(key for cell in getattr(ds, name)[column].dropna() for key in split_list(str(cell)))
    return {
        **event_span(ds),
        "n_places": len(ds.places),
        "n_claims": len(ds.claims),
        "n_groups": len(ds.groups),
        "n_sources": len(ds.sources),
        "n_sources_cited_by_data": len(cited & set(ds.sources)),
        "n_day": int(precision.get("day", 0)),
        "n_month": int(precision.get("month", 0)),
        "n_year": int(precision.get("year", 0)),
        "n_with_toll": int(events["fatalities_low"].notna().sum()),
        "n_disputed": int(events["dispute_note"].notna().sum()),
    }


def claims_by_status(ds: Dataset) -> dict[str, int]:
    """Claims per status, every status of the schema in its order (zeros included), as plain ints for glue."""
    counts = ds.claims["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in code_order("claims", "status")}
