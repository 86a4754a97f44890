"""Charts of the chronology. Each function takes the dataset and returns a finished Figure."""

from __future__ import annotations

import matplotlib.dates as mdates
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


def long_timeline(ds: Dataset) -> Figure:
    """Every event on one time axis, a lane per event type; milestones labelled from the data."""
    style.apply()
    events = ds.events
    types = [t for t in TYPE_ORDER if t in set(events["type"])]
    lane = {t: i for i, t in enumerate(reversed(types))}
    fig, ax = plt.subplots(figsize=(style.FULL_WIDTH_IN, 1.2 + 0.45 * len(types)), layout="constrained")
    for event_type in types:
        subset = events[events["type"] == event_type]
        ax.scatter(subset["date"], [lane[event_type]] * len(subset), s=22, alpha=0.85,
                   color=style.EVENT_TYPE_COLOURS[event_type], marker=style.EVENT_TYPE_MARKERS[event_type],
                   edgecolors="white", linewidths=0.4, zorder=3)
    milestones = events[events["milestone"].notna()].sort_values("date")
    for i, (_, row) in enumerate(milestones.iterrows()):
        y = lane[row["type"]]
        offset = 0.32 + 0.22 * (i % 2)
        ax.annotate(str(row["milestone"]), (row["date"], y), xytext=(row["date"], y + offset),
                    fontsize=6.5, ha="center", va="bottom", color=style.TEXT,
                    arrowprops={"arrowstyle": "-", "color": "#888888", "linewidth": 0.5})
    ax.set_yticks(list(lane.values()), [t.capitalize() for t in lane])
    ax.set_ylim(-0.6, len(types) - 0.2 + 0.6)
    ax.xaxis.set_major_locator(mdates.YearLocator(5))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6, zorder=0)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel("Date of event")
    style.add_source_line(fig, chronology_source(ds))
    return fig


def events_per_year(ds: Dataset) -> pd.DataFrame:
    """Count of events per year and type (the data behind the yearly chart and glued counts)."""
    table = ds.events.pivot_table(index="year", columns="type", values="id", aggfunc="count", fill_value=0)
    return table.reindex(columns=[t for t in TYPE_ORDER if t in table.columns])
