"""Charts of the chronology. Each function takes the dataset and returns a finished Figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from . import style
from .data import Dataset

TYPE_ORDER = list(style.EVENT_TYPE_COLOURS)


def chronology_source(ds: Dataset) -> str:
    """Source line for charts: the chronology, its size and its latest event."""
    latest = ds.events["date"].max().date().isoformat()
    return (f"Sahel Report chronology (data/events.csv, {len(ds.events)} events to {latest}; "
            "CC BY 4.0), each event sourced in the data.")


def events_per_year_chart(ds: Dataset, relationships: tuple[str, ...] | None = None,
                          since: int | None = None) -> Figure:
    """Stacked bars: events per year by type, optionally for some relationships and from a year on."""
    style.apply()
    subset = _select(ds.events, relationships, since)
    counts = _count_by_year(subset)
    fig, ax = plt.subplots(figsize=(style.FULL_WIDTH_IN, 3.0), layout="constrained")
    bottom = pd.Series(0, index=counts.index)
    for event_type in counts.columns:
        ax.bar(counts.index, counts[event_type], bottom=bottom, width=0.8, label=event_type.capitalize(),
               color=style.EVENT_TYPE_COLOURS[event_type], edgecolor="white", linewidth=0.4, zorder=3)
        bottom += counts[event_type]
    ax.set_ylabel("Events in the chronology")
    ax.set_xlabel("Year")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.6, zorder=0)
    ax.set_xlim(counts.index.min() - 0.7, counts.index.max() + 0.7)
    ax.legend(ncol=min(6, len(counts.columns)), loc="upper left", bbox_to_anchor=(0, 1.02))
    ax.set_ylim(0, max(1, int(bottom.max())) * 1.25)
    style.add_source_line(fig, chronology_source(ds))
    return fig


def _select(events: pd.DataFrame, relationships: tuple[str, ...] | None, since: int | None) -> pd.DataFrame:
    if relationships:
        events = events[events["relationship"].isin(relationships)]
    if since is not None:
        events = events[events["year"] >= since]
    return events


def _count_by_year(events: pd.DataFrame) -> pd.DataFrame:
    """Events per year (every year in the span, zeros included) and type, in house type order."""
    table = events.pivot_table(index="year", columns="type", values="id", aggfunc="count", fill_value=0)
    years = range(int(events["year"].min()), int(events["year"].max()) + 1)
    table = table.reindex(index=years, fill_value=0)
    return table.reindex(columns=[t for t in TYPE_ORDER if t in table.columns])


def count_events(ds: Dataset, relationships: tuple[str, ...] | None = None, since: int | None = None) -> int:
    """Number of events, optionally for some relationships and from a year on (for glued counts)."""
    return len(_select(ds.events, relationships, since))


# Every chart of the report, by name, as a function of the dataset alone (for the benchmark and tests).
CHARTS = {
    "mali_algeria_per_year": lambda ds: events_per_year_chart(ds, ("mali-algeria",), since=2012),
}
