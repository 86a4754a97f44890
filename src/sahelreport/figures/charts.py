"""Charts of the chronology: the long timeline, the escalation, events per year and by relationship.

Each chart takes the dataset and returns a Figure; what it shows comes from `sahelreport.data.derive`
(which events are milestones or turning points, the counts per month or year), so editing
data/events.csv changes the charts and the glued counts on the next build, with no other edit.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedFormatter, FixedLocator

from sahelreport.data.derive import counts
from sahelreport.data.derive.chronology import milestones, turning_points
from sahelreport.data.derive.labels import month_label
from sahelreport.data.load import Dataset
from sahelreport.figures import style
from sahelreport.figures.chart_base import (
    GRID_COLOUR,
    GRID_WIDTH,
    chronology_source,
    date_ticks,
    day,
    days,
    grid,
    locator_params,
    new_figure,
    nothing_to_draw,
    stacked_years,
    tick_step,
    type_colour,
    type_handles,
    type_label,
    year_axis,
)
from sahelreport.figures.chart_labels import label_rows
from sahelreport.figures.legends import fitted_legend
from sahelreport.figures.process_charts import fatalities_chart, process_chart
from sahelreport.figures.texts import text
from sahelreport.language import column, format_number

ESCALATION_IN_PER_EVENT = 0.2  # height of one event in a month's bar, until the bars reach ESCALATION_MAX_IN
ESCALATION_MAX_IN = 2.6  # tallest the bars may get (plus the turning points' labels above)


# --- 1. the long timeline ------------------------------------------------------------------------

def timeline_chart(ds: Dataset) -> Figure:
    """Every event on one time axis, a lane per type; milestones labelled from the `milestone` column."""
    events = ds.events
    types = counts.event_types(events)
    lanes = {t: len(types) - 1 - i for i, t in enumerate(types)}  # first type on top
    fig, ax = new_figure(2.6)
    x = days(events["date"])
    y = events["type"].map(lanes).to_numpy(dtype=float)
    exact = (events["date_precision"] == "day").to_numpy()
    for event_type in types:
        mine = (events["type"] == event_type).to_numpy()
        colour = type_colour(event_type)
        marker = style.EVENT_TYPE_MARKERS.get(event_type, "o")
        for known, face in ((True, colour), (False, "white")):
            pick = mine & (exact == known)
            ax.scatter(x[pick], y[pick], s=22, marker=marker, facecolor=face, edgecolor=colour, linewidth=0.8,
                       zorder=3)
    ax.set_yticks(list(lanes.values()), [type_label(t) for t in lanes])
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    for lane in lanes.values():
        ax.axhline(lane, color=GRID_COLOUR, linewidth=GRID_WIDTH, zorder=0)
    span = counts.year_span(events)
    year_axis(ax, span.start, span.stop - 1)
    marked = milestones(ds)
    fitted_legend(fig, [Line2D([], [], marker="o", linestyle="", color="#555555", label=text("chart.timeline.day-known")),
                        Line2D([], [], marker="o", linestyle="", color="#555555", markerfacecolor="white",
                               label=text("chart.timeline.month-known"))],
                  loc="outside upper right", ncol=2, handletextpad=0.2)
    style.add_source_line(fig, chronology_source(ds))
    label_rows(ax, list(zip(days(marked["date"]), marked["type"].map(lanes), strict=True)),
               [str(m) for m in marked[column("milestone")]], chart_top=len(types) - 0.5, chart_bottom=-0.6,
               chart_height_in=0.24 * (len(types) + 0.1))
    return fig


# --- 2. the escalation ---------------------------------------------------------------------------

def escalation_chart(ds: Dataset, since: int = counts.ESCALATION_SINCE) -> Figure:
    """Diplomatic events (up) against military events (down) per month since `since`; turning points marked."""
    months = counts.monthly_counts(ds, since)
    if months.empty:
        return nothing_to_draw(ds, text("chart.escalation.nothing", since=str(since)))
    fig, ax = new_figure(2.8)
    month_starts = pd.PeriodIndex(months.index).to_timestamp()
    mid = days(pd.Series(month_starts + pd.Timedelta(days=14)))
    ax.bar(mid, months["diplomatic"], width=24, color=style.EVENT_TYPE_COLOURS["diplomatic"], zorder=3,
           label=text("chart.escalation.up"))
    ax.bar(mid, -months["military"], width=24, color=style.EVENT_TYPE_COLOURS["military"], zorder=3,
           label=text("chart.escalation.down"))
    ax.axhline(0, color="#555555", linewidth=0.6, zorder=4)
    top = max(1, int(months["diplomatic"].max()))
    bottom = max(1, int(months["military"].max()))
    band_in = min(ESCALATION_IN_PER_EVENT * (top + bottom + 1) + 0.3, ESCALATION_MAX_IN)  # busy months: denser
    step = tick_step(top + bottom + 1, band_in, ESCALATION_IN_PER_EVENT * 0.9)
    ticks = [v for v in range(-bottom, top + 1) if v % step == 0]
    ax.yaxis.set_major_locator(FixedLocator(ticks))
    ax.yaxis.set_major_formatter(FixedFormatter([str(abs(v)) for v in ticks]))
    grid(ax, "y")
    ax.set_ylim(-bottom - 0.5, top + 0.5)
    ax.spines["left"].set_bounds(-bottom, top)
    ax.set_ylabel(text("axis.events-per-month"))
    start, end = month_starts[0], month_starts[-1] + pd.offsets.MonthBegin(1)
    ax.set_xlim(day(start), day(end))
    firsts = list(pd.date_range(start, end, freq="MS"))
    date_ticks(ax, [d for d in firsts if d.month in (1, 7)], firsts, month_label)
    fitted_legend(fig, [*ax.get_legend_handles_labels()[0],
                        Line2D([], [], color="#9a9a9a", linewidth=0.6, label=text("chart.escalation.turning-point"))],
                  loc="outside upper right", ncol=3)
    style.add_source_line(fig, chronology_source(ds))
    points = turning_points(ds, since)
    label_rows(ax, [(d, -bottom - 0.5) for d in days(points["date"])], [str(m) for m in points[column("turning_point")]],
               chart_top=top + 0.5, chart_bottom=-bottom - 0.5, chart_height_in=band_in)
    return fig


# --- 3. events by year, type and relationship ----------------------------------------------------

def events_per_year_chart(ds: Dataset, relationships: tuple[str, ...] | None = None,
                          since: int | None = None) -> Figure:
    """Stacked bars: events per year by type, optionally for some relationships and from a year on."""
    per_year = counts.counts_by_year(counts.select_events(ds.events, relationships, since))
    fig, ax = new_figure(3.0)
    bottom = stacked_years(ax, per_year)
    ax.set_ylabel(text("axis.events-in-chronology"))
    ax.set_xlabel(text("axis.year"))
    locator_params(ax.yaxis, integer=True)
    grid(ax, "y")
    ax.set_xlim(per_year.index.min() - 0.7, per_year.index.max() + 0.7)
    if len(per_year) > 20:
        locator_params(ax.xaxis, steps=[1, 2, 5, 10])
    fitted_legend(ax, ax.get_legend_handles_labels()[0], ncol=min(6, len(per_year.columns)), loc="upper left",
                  bbox_to_anchor=(0, 1.02))
    ax.set_ylim(0, max(1, int(bottom.max())) * 1.25)
    style.add_source_line(fig, chronology_source(ds))
    return fig


def events_by_relationship_chart(ds: Dataset, since: int | None = None) -> Figure:
    """Small multiples: events per year by type, one panel per relationship, on shared axes."""
    events = counts.select_events(ds.events, since=since)
    relationships = counts.relationships(events)
    years = counts.year_span(events)
    types = counts.event_types(events)
    style.apply()
    fig, axes = plt.subplots(len(relationships), 1, sharex=True, sharey=True, layout="constrained",
                             figsize=(style.FULL_WIDTH_IN, 0.62 * len(relationships) + 1.1), squeeze=False)
    for ax, relationship in zip(axes[:, 0], relationships, strict=True):
        subset = events[events["relationship"] == relationship]
        stacked_years(ax, counts.counts_by_year(subset, years, types))
        ax.set_title(text("chart.relationship-panel", relationship=text(f"relationship.{relationship}"),
                          count=format_number(len(subset))), loc="left", fontsize=7.5, pad=2)
        grid(ax, "y")
        locator_params(ax.yaxis, integer=True, nbins=2)
        ax.tick_params(axis="x", which="both", length=2)
    axes[-1, 0].set_xlim(years.start - 0.7, years.stop - 0.3)
    locator_params(axes[-1, 0].xaxis, steps=[1, 2, 5, 10])
    fig.supylabel(text("axis.events-per-year"), fontsize=7.5)
    fitted_legend(fig, type_handles(types), loc="outside upper center", ncol=len(types))
    style.add_source_line(fig, chronology_source(ds))
    return fig


# Every chart of the chronology, by name, as a function of the dataset alone (for the benchmark; the book's
# figures, maps and charts, are declared in sahelreport.figures.registry).
CHARTS: dict[str, Callable[[Dataset], Figure]] = {
    "mali_algeria_per_year": lambda ds: events_per_year_chart(ds, ("mali-algeria",), since=2012),
    "timeline": timeline_chart,
    "escalation": escalation_chart,
    "events_per_year": events_per_year_chart,
    "events_by_relationship": events_by_relationship_chart,
    "accord_life_cycle": process_chart,
    "fatalities": fatalities_chart,
}
