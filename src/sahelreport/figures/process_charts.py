"""Charts of one process (the life cycle of an accord, phase by phase) and of the reported death tolls."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedFormatter, FixedLocator, NullLocator

from sahelreport.data.derive.fatalities import fatality_reports
from sahelreport.data.derive.labels import format_date
from sahelreport.data.derive.processes import ACCORD, process_events, process_phases
from sahelreport.data.load import Dataset
from sahelreport.figures import style
from sahelreport.figures.chart_base import (
    chronology_source,
    date_ticks,
    day,
    days,
    grid,
    new_figure,
    nothing_to_draw,
    type_colour,
)
from sahelreport.figures.legends import fitted_legend
from sahelreport.figures.texts import counted, text
from sahelreport.language import format_number

PHASE_COLOURS = {
    "negotiation": style.OKABE_ITO["sky"],
    "signing": style.OKABE_ITO["green"],
    "follow-up": style.OKABE_ITO["blue"],
    "suspension": style.OKABE_ITO["orange"],
    "end": style.OKABE_ITO["vermillion"],
}
AT_LEAST_ARROW = 1.8  # an open-ended toll's arrow runs to this multiple of its figure


# --- the life cycle of a process -----------------------------------------------------------------

def process_chart(ds: Dataset, process: str = ACCORD) -> Figure:
    """Gantt-like chart of a process (by default the 2015 Algiers accord): one bar per phase, events as dots."""
    phases = process_phases(ds, process)
    if phases.empty:
        return nothing_to_draw(ds, text("chart.process.nothing", process=process))
    events = process_events(ds, process)
    fig, ax = new_figure(0.42 * len(phases) + 1.0)
    rows = {p: len(phases) - 1 - i for i, p in enumerate(phases["phase"])}
    first, last = phases["start"].min(), phases["end"].max()
    pad = pd.Timedelta(days=max(60, (last - first).days * 0.03))
    ax.set_xlim(day(first - pad), day(last + pad))
    for _, phase in phases.iterrows():
        y = rows[phase["phase"]]
        colour = PHASE_COLOURS.get(phase["phase"], style.OKABE_ITO["grey"])
        start, end = day(phase["start"]), day(phase["end"])
        ax.barh(y - 0.12, max(end - start, 4), left=start, height=0.3, color=colour, zorder=2)
        dates = days(events.loc[events["phase"] == phase["phase"], "date"])
        ax.scatter(dates, [y - 0.12] * len(dates), s=16, color="black", edgecolor="white", linewidth=0.6, zorder=3)
        right_half = start > np.mean(ax.get_xlim())
        ax.annotate(phase_text(phase), (end if right_half else start, y + 0.07), fontsize=7, color=style.TEXT,
                    ha="right" if right_half else "left", va="bottom")
    ax.set_yticks(list(rows.values()), [text(f"phase.{p}").capitalize() for p in rows])
    ax.set_ylim(-0.6, len(phases) - 0.35)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    grid(ax, "x")
    step = 1 if last.year - first.year <= 12 else 2
    date_ticks(ax, [pd.Timestamp(y, 1, 1) for y in range(first.year, last.year + 2) if y % step == 0], [],
               lambda d: str(d.year))
    fitted_legend(fig, [Line2D([], [], marker="o", linestyle="", color="black", markeredgecolor="white",
                               label=text("chart.process.dated-event"))], loc="outside upper right")
    style.add_source_line(fig, chronology_source(ds))
    return fig


def phase_text(phase: pd.Series) -> str:
    """A phase's label: its dates, its length and its number of events."""
    start, end = format_date(phase["start"], "day"), format_date(phase["end"], "day")
    count = counted("event", int(phase["events"]))
    if start == end:
        return text("chart.process.phase-one-day", date=start, count=count)
    return text("chart.process.phase", start=start, end=end, duration=duration_text(phase["start"], phase["end"]),
                count=count)



def duration_text(start: pd.Timestamp, end: pd.Timestamp) -> str:
    """A length of time in words: days under two months, months under two years, else years."""
    n = (end - start).days
    if n < 60:
        return counted("day", n)
    if n < 730:
        return counted("month", round(n / 30.44))
    return text("count.years", n=format_number(n / 365.25, ".1f"))


# --- reported fatalities -------------------------------------------------------------------------

def fatalities_chart(ds: Dataset) -> Figure:
    """Reported deaths per incident with a sourced figure: a dot, a range, or an open-ended 'at least'."""
    reports = fatality_reports(ds)
    if reports.empty:
        return nothing_to_draw(ds, text("chart.fatalities.nothing"))
    fig, ax = new_figure(0.2 * len(reports) + 1.2)
    y = np.arange(len(reports))[::-1]
    for row, report in zip(y, reports.to_dict("records"), strict=True):
        low, high, colour = int(report["low"]), int(report["high"]), type_colour(str(report["type"]))
        if report["kind"] == "range":
            ax.plot([low, high], [row, row], color=colour, linewidth=3, alpha=0.45, solid_capstyle="butt", zorder=2)
            ax.scatter([low, high], [row, row], s=14, color=colour, zorder=3)
            label, end = f"{format_number(low, ',')}–{format_number(high, ',')}", float(high)
        elif report["kind"] == "at least":
            end = low * AT_LEAST_ARROW
            ax.annotate("", (end, row), (low, row), zorder=2,
                        arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 1.2, "shrinkA": 0,
                                    "shrinkB": 0, "mutation_scale": 7})
            ax.scatter([low], [row], s=14, color=colour, zorder=3)
            label = text("chart.fatalities.at-least-n", n=format_number(low, ","))
        else:
            ax.scatter([low], [row], s=14, color=colour, zorder=3)
            label, end = format_number(low, ","), float(low)
        ax.annotate(label, (end, row), xytext=(5, 0), textcoords="offset points", va="center", fontsize=7,
                    color=style.TEXT)
    ax.set_xscale("log")
    top = max(reports["high"].max(), (reports["low"] * AT_LEAST_ARROW).max())
    ax.set_xlim(0.7, top * 3)  # a toll of 1 clear of the axis; room for the figures written after each glyph
    ticks = [v for v in (1, 3, 10, 30, 100, 300, 1000, 3000, 10000) if v <= ax.get_xlim()[1]]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FixedFormatter([format_number(v, ",") for v in ticks]))
    ax.set_yticks(y, reports["label"])
    ax.set_ylim(-0.7, len(reports) - 0.3)
    ax.tick_params(axis="y", length=0)
    grid(ax, "x")
    ax.set_xlabel(text("axis.reported-deaths"))
    colour = style.EVENT_TYPE_COLOURS["military"]
    fitted_legend(fig, [Line2D([], [], marker="o", linestyle="", color=colour, markersize=4,
                               label=text("chart.fatalities.one")),
                        Line2D([], [], marker="o", color=colour, markersize=4, linewidth=2.5, alpha=0.6,
                               label=text("chart.fatalities.range")),
                        Line2D([], [], marker=">", color=colour, markersize=4, linewidth=1.2,
                               label=text("chart.fatalities.at-least"))],
                  loc="outside upper right", ncol=3)
    style.add_source_line(fig, chronology_source(ds))
    return fig
