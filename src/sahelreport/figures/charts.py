"""Charts of the chronology, and the counts the text glues. Each chart takes the dataset and returns a Figure.

Everything a chart shows comes from the data: which events are milestones or turning points (the
`milestone` and `turning_point` columns), which belong to a process and in which phase (`process`,
`phase`), the fatality figures. Editing data/events.csv changes the charts and the glued counts on the
next build, with no other edit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedFormatter, FixedLocator, NullLocator

from sahelreport import __version__, paths
from sahelreport.data.derive.labels import event_date_label, format_date, month_label, short_label
from sahelreport.data.load import Dataset
from sahelreport.data.schema import load_schema
from sahelreport.figures import style
from sahelreport.figures.chart_labels import label_rows

TYPE_ORDER = list(style.EVENT_TYPE_COLOURS)
RELATIONSHIP_LABELS = {
    "mali-algeria": "Mali–Algeria",
    "algeria-morocco": "Algeria–Morocco",
    "mali-armed-groups": "Mali–armed groups",
    "mali-partners": "Mali–partners",
    "regional": "Regional",
}
PHASE_COLOURS = {
    "negotiation": style.OKABE_ITO["sky"],
    "signing": style.OKABE_ITO["green"],
    "follow-up": style.OKABE_ITO["blue"],
    "suspension": style.OKABE_ITO["orange"],
    "end": style.OKABE_ITO["vermillion"],
}
ESCALATION_SINCE = 2023
ACCORD = "algiers-accord-2015"
GRID = {"color": "#e5e5e5", "linewidth": 0.6, "zorder": 0}


# --- source line --------------------------------------------------------------------------------

def chronology_version(ds: Dataset) -> str:
    """The chronology's version: the report's version and a short hash of the events' content."""
    content = ds.events.drop(columns=["actor_list", "source_list"]).to_csv(index=False, lineterminator="\n")
    return f"{__version__}+{hashlib.sha256(content.encode()).hexdigest()[:8]}"


def chronology_date(ds: Dataset) -> str:
    """The chronology's date: the day through which it was checked (`data_as_of` in datapackage.json)."""
    return format_date(ds.data_as_of, "day")


def chronology_source(ds: Dataset) -> str:
    """Source line for charts: the chronology's version and date, its size and its span."""
    first, last = ds.events.iloc[0], ds.events.iloc[-1]
    span = f"{event_date_label(first)} – {event_date_label(last)}"
    return (f"Sahel Report chronology, version {chronology_version(ds)} of {chronology_date(ds)} "
            f"(data/events.csv: {len(ds.events)} sourced events, {span}; CC BY 4.0).")



# --- selections and counts (for the charts and for glued numbers) ------------------------------

def _select(events: pd.DataFrame, relationships: tuple[str, ...] | None, since: int | None,
            until: int | None = None, types: tuple[str, ...] | None = None) -> pd.DataFrame:
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
    return len(_select(ds.events, relationships, since, until, types))


def _types_present(events: pd.DataFrame) -> list[str]:
    """Event types in the data, in house order (unknown types last, alphabetically)."""
    present = set(events["type"])
    return [t for t in TYPE_ORDER if t in present] + sorted(present - set(TYPE_ORDER))


def _count_by_year(events: pd.DataFrame, years: range | None = None) -> pd.DataFrame:
    """Events per year (every year in the span, zeros included) and type, in house type order."""
    table = events.pivot_table(index="year", columns="type", values="id", aggfunc="count", fill_value=0)
    if years is None:
        years = range(int(events["year"].min()), int(events["year"].max()) + 1)
    table = table.reindex(index=years, fill_value=0)
    return table.reindex(columns=_types_present(events)).fillna(0).astype(int)


def monthly_counts(ds: Dataset, since: int = ESCALATION_SINCE) -> pd.DataFrame:
    """Events per month from January of `since` to the latest event's month: diplomatic, military, other.

    Events dated only to the year cannot be placed in a month and are left out.
    """
    events = _select(ds.events, None, since)
    events = events[events["date_precision"] != "year"]
    months = pd.period_range(f"{since}-01", ds.events["date"].max().to_period("M"), freq="M")
    kind = events["type"].where(events["type"].isin(["diplomatic", "military"]), "other")
    table = pd.crosstab(events["date"].dt.to_period("M"), kind)
    table = table.reindex(index=months, columns=["diplomatic", "military", "other"], fill_value=0)
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


def turning_points(ds: Dataset, since: int | None = None) -> pd.DataFrame:
    """Events the data marks as turning points (a label in `turning_point`), from a year on."""
    events = _select(ds.events, None, since)
    return events[events["turning_point"].notna()]


def milestones(ds: Dataset) -> pd.DataFrame:
    """Events the data marks as milestones (a label in `milestone`)."""
    return ds.events[ds.events["milestone"].notna()]


def phase_order() -> list[str]:
    """The phases of a process, in the order the schema lists them."""
    fields = {f.name: f for f in load_schema(paths.project().datapackage)["events"].fields}
    return list(fields["phase"].constraints["enum"])


def process_phases(ds: Dataset, process: str = ACCORD) -> pd.DataFrame:
    """One row per phase of a process that has events: start, end, number of events.

    A phase starts with its first event and lasts until the next phase starts (or its own last event,
    if later); the last phase ends with its last event.
    """
    events = ds.events[ds.events["process"].fillna("") == process]
    rows = []
    for phase in [p for p in phase_order() if p in set(events["phase"].dropna())]:
        dated = events.loc[events["phase"] == phase, "date"]
        rows.append({"phase": phase, "start": dated.min(), "last": dated.max(), "events": len(dated)})
    table = pd.DataFrame(rows, columns=["phase", "start", "last", "events"])
    following = table["start"].shift(-1)
    table["end"] = [max(last, nxt) if pd.notna(nxt) else last for last, nxt in zip(table["last"], following,
                                                                                   strict=True)]
    return table


def process_summary(ds: Dataset, process: str = ACCORD) -> dict[str, float | int]:
    """Plain numbers about a process: events, first and last year, years from first signing to the end."""
    phases = process_phases(ds, process).set_index("phase")
    summary: dict[str, float | int] = {"events": int(phases["events"].sum()) if len(phases) else 0}
    if len(phases):
        summary["first_year"] = int(phases["start"].min().year)
        summary["last_year"] = int(phases["end"].max().year)
    if "signing" in phases.index and "end" in phases.index:
        summary["years_signed_to_end"] = _years(phases.loc["signing", "start"], phases.loc["end", "start"])
    if "follow-up" in phases.index:
        summary["years_follow_up"] = _years(phases.loc["follow-up", "start"], phases.loc["follow-up", "end"])
    return summary


def _years(start: pd.Timestamp, end: pd.Timestamp) -> float:
    return round((end - start).days / 365.25, 1)


def fatality_reports(ds: Dataset) -> pd.DataFrame:
    """Incidents with a sourced death toll: label, low, high, and how it is reported (single, range, at least)."""
    events = ds.events[ds.events["fatalities_low"].notna()].copy()
    low, high = events["fatalities_low"].astype(int), events["fatalities_high"]
    events["low"] = low
    events["high"] = high.fillna(low).astype(int)
    events["kind"] = np.select([high.isna().to_numpy(), (high.fillna(-1) > low).to_numpy()],
                               ["at least", "range"], "single")
    events["label"] = [f"{short_label(e, 40)}, {event_date_label(e)}" for _, e in events.iterrows()]
    return events[["id", "date", "label", "type", "low", "high", "kind"]].reset_index(drop=True)


def fatality_summary(ds: Dataset) -> dict[str, int]:
    """Plain numbers for the text: incidents with a figure, by how the figure is reported."""
    kinds = fatality_reports(ds)["kind"].value_counts()
    return {"incidents": int(kinds.sum()), "single": int(kinds.get("single", 0)),
            "ranges": int(kinds.get("range", 0)), "at_least": int(kinds.get("at least", 0))}


# --- drawing helpers ---------------------------------------------------------------------------

def _figure(height: float, **kwargs) -> tuple[Figure, plt.Axes]:
    style.apply()
    return plt.subplots(figsize=(style.FULL_WIDTH_IN, height), layout="constrained", **kwargs)


def _days(dates: pd.Series | pd.Timestamp) -> np.ndarray | float:
    """Dates as Matplotlib date numbers."""
    return mdates.date2num(dates)


def _year_axis(ax: plt.Axes, first: int, last: int) -> None:
    """A date x-axis from 1 January of `first` to the end of `last`, labelled every 5 or 10 years."""
    step = 10 if last - first > 30 else 5 if last - first > 12 else 1
    ax.set_xlim(_days(pd.Timestamp(first, 1, 1)), _days(pd.Timestamp(last + 1, 1, 1)))
    years = range(first, last + 2)
    _date_ticks(ax, [pd.Timestamp(y, 1, 1) for y in years if y % step == 0], [pd.Timestamp(y, 1, 1) for y in years],
                lambda d: str(d.year))


def _date_ticks(ax: plt.Axes, majors: list[pd.Timestamp], minors: list[pd.Timestamp],
                label: Callable[[pd.Timestamp], str]) -> None:
    """Fixed date ticks with their labels (faster than Matplotlib's date locators, and as deterministic)."""
    ax.xaxis.set_major_locator(FixedLocator(_days(pd.Series(majors, dtype="datetime64[ns]"))))
    ax.xaxis.set_major_formatter(FixedFormatter([label(d) for d in majors]))
    ax.xaxis.set_minor_locator(FixedLocator(_days(pd.Series(minors, dtype="datetime64[ns]"))))


def _stacked_years(ax: plt.Axes, counts: pd.DataFrame) -> pd.Series:
    bottom = pd.Series(0, index=counts.index)
    for event_type in counts.columns:
        some = counts[event_type] > 0  # empty bars add nothing to see, and cost drawing time
        ax.bar(counts.index[some], counts[event_type][some], bottom=bottom[some], width=0.8,
               label=event_type.capitalize(), color=style.EVENT_TYPE_COLOURS.get(event_type, style.OKABE_ITO["grey"]),
               edgecolor="white", linewidth=0.4, zorder=3)
        bottom += counts[event_type]
    return bottom


def _nothing(ds: Dataset, message: str) -> Figure:
    """A small figure that says there is nothing to draw (rather than failing the build)."""
    fig, ax = _figure(1.2)
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=style.TEXT)
    style.add_source_line(fig, chronology_source(ds))
    return fig


def _type_handles(types: list[str]) -> list[Patch]:
    return [Patch(facecolor=style.EVENT_TYPE_COLOURS.get(t, style.OKABE_ITO["grey"]), label=t.capitalize())
            for t in types]


# --- 1. the long timeline ------------------------------------------------------------------------

def timeline_chart(ds: Dataset) -> Figure:
    """Every event on one time axis, a lane per type; milestones labelled from the `milestone` column."""
    events = ds.events
    types = _types_present(events)
    lanes = {t: len(types) - 1 - i for i, t in enumerate(types)}  # first type on top
    fig, ax = _figure(2.6)
    x = _days(events["date"])
    y = events["type"].map(lanes).to_numpy(dtype=float)
    exact = (events["date_precision"] == "day").to_numpy()
    for event_type in types:
        mine = (events["type"] == event_type).to_numpy()
        colour = style.EVENT_TYPE_COLOURS.get(event_type, style.OKABE_ITO["grey"])
        marker = style.EVENT_TYPE_MARKERS.get(event_type, "o")
        for known, face in ((True, colour), (False, "white")):
            pick = mine & (exact == known)
            ax.scatter(x[pick], y[pick], s=22, marker=marker, facecolor=face, edgecolor=colour, linewidth=0.8,
                       zorder=3)
    ax.set_yticks(list(lanes.values()), [t.capitalize() for t in lanes])
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    for lane in lanes.values():
        ax.axhline(lane, **GRID)
    _year_axis(ax, int(events["year"].min()), int(events["year"].max()))
    marked = milestones(ds)
    fig.legend(handles=[Line2D([], [], marker="o", linestyle="", color="#555555", label="Date known to the day"),
                       Line2D([], [], marker="o", linestyle="", color="#555555", markerfacecolor="white",
                              label="Date known to the month or year")],
              loc="outside upper right", ncol=2, handletextpad=0.2)
    style.add_source_line(fig, chronology_source(ds))
    label_rows(ax, list(zip(_days(marked["date"]), marked["type"].map(lanes), strict=True)),
               [str(m) for m in marked["milestone"]], chart_top=len(types) - 0.5, chart_bottom=-0.6,
               chart_height_in=0.24 * (len(types) + 0.1))
    return fig


# --- 2. the escalation ---------------------------------------------------------------------------

def escalation_chart(ds: Dataset, since: int = ESCALATION_SINCE) -> Figure:
    """Diplomatic events (up) against military events (down) per month since `since`; turning points marked."""
    months = monthly_counts(ds, since)
    if months.empty:
        return _nothing(ds, f"No event in the chronology since {since}.")
    fig, ax = _figure(2.8)
    mid = _days(months.index.to_timestamp() + pd.Timedelta(days=14))
    ax.bar(mid, months["diplomatic"], width=24, color=style.EVENT_TYPE_COLOURS["diplomatic"], zorder=3,
           label="Diplomatic (up)")
    ax.bar(mid, -months["military"], width=24, color=style.EVENT_TYPE_COLOURS["military"], zorder=3,
           label="Military (down)")
    ax.axhline(0, color="#555555", linewidth=0.6, zorder=4)
    top = max(1, int(months["diplomatic"].max()))
    bottom = max(1, int(months["military"].max()))
    ax.yaxis.set_major_locator(FixedLocator(range(-bottom, top + 1)))
    ax.yaxis.set_major_formatter(FixedFormatter([str(abs(v)) for v in range(-bottom, top + 1)]))
    ax.grid(axis="y", **GRID)
    ax.set_ylim(-bottom - 0.5, top + 0.5)
    ax.spines["left"].set_bounds(-bottom, top)
    ax.set_ylabel("Events per month")
    start, end = months.index[0].to_timestamp(), (months.index[-1] + 1).to_timestamp()
    ax.set_xlim(_days(start), _days(end))
    firsts = list(pd.date_range(start, end, freq="MS"))
    _date_ticks(ax, [d for d in firsts if d.month in (1, 7)], firsts, month_label)
    fig.legend(loc="outside upper right", ncol=3,
              handles=[*ax.get_legend_handles_labels()[0],
                       Line2D([], [], color="#9a9a9a", linewidth=0.6, label="Turning point")])
    style.add_source_line(fig, chronology_source(ds))
    points = turning_points(ds, since)
    label_rows(ax, [(d, -bottom - 0.5) for d in _days(points["date"])], [str(m) for m in points["turning_point"]],
               chart_top=top + 0.5, chart_bottom=-bottom - 0.5, chart_height_in=0.2 * (top + bottom + 1) + 0.3)
    return fig


# --- 3. events by year, type and relationship ----------------------------------------------------

def events_per_year_chart(ds: Dataset, relationships: tuple[str, ...] | None = None,
                          since: int | None = None) -> Figure:
    """Stacked bars: events per year by type, optionally for some relationships and from a year on."""
    subset = _select(ds.events, relationships, since)
    counts = _count_by_year(subset)
    fig, ax = _figure(3.0)
    bottom = _stacked_years(ax, counts)
    ax.set_ylabel("Events in the chronology")
    ax.set_xlabel("Year")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", **GRID)
    ax.set_xlim(counts.index.min() - 0.7, counts.index.max() + 0.7)
    if len(counts) > 20:
        ax.xaxis.get_major_locator().set_params(steps=[1, 2, 5, 10])
    ax.legend(ncol=min(6, len(counts.columns)), loc="upper left", bbox_to_anchor=(0, 1.02))
    ax.set_ylim(0, max(1, int(bottom.max())) * 1.25)
    style.add_source_line(fig, chronology_source(ds))
    return fig


def events_by_relationship_chart(ds: Dataset, since: int | None = None) -> Figure:
    """Small multiples: events per year by type, one panel per relationship, on shared axes."""
    events = _select(ds.events, None, since)
    present = set(events["relationship"])
    relationships = [r for r in RELATIONSHIP_LABELS if r in present] + sorted(present - set(RELATIONSHIP_LABELS))
    years = range(int(events["year"].min()), int(events["year"].max()) + 1)
    types = _types_present(events)
    style.apply()
    fig, axes = plt.subplots(len(relationships), 1, sharex=True, sharey=True, layout="constrained",
                             figsize=(style.FULL_WIDTH_IN, 0.62 * len(relationships) + 1.1), squeeze=False)
    for ax, relationship in zip(axes[:, 0], relationships, strict=True):
        subset = events[events["relationship"] == relationship]
        counts = _count_by_year(subset, years).reindex(columns=types, fill_value=0)
        _stacked_years(ax, counts)
        name = RELATIONSHIP_LABELS.get(relationship, relationship)
        ax.set_title(f"{name} ({len(subset)} events)", loc="left", fontsize=7.5, pad=2)
        ax.grid(axis="y", **GRID)
        ax.yaxis.get_major_locator().set_params(integer=True, nbins=2)
        ax.tick_params(axis="x", which="both", length=2)
    axes[-1, 0].set_xlim(years.start - 0.7, years.stop - 0.3)
    axes[-1, 0].xaxis.get_major_locator().set_params(steps=[1, 2, 5, 10])
    fig.supylabel("Events per year", fontsize=7.5)
    fig.legend(handles=_type_handles(types), loc="outside upper center", ncol=len(types))
    style.add_source_line(fig, chronology_source(ds))
    return fig


# --- 4. the life cycle of a process --------------------------------------------------------------

def process_chart(ds: Dataset, process: str = ACCORD) -> Figure:
    """Gantt-like chart of a process (by default the 2015 Algiers accord): one bar per phase, events as dots."""
    phases = process_phases(ds, process)
    if phases.empty:
        return _nothing(ds, f"No event of the process '{process}' in the chronology.")
    events = ds.events[ds.events["process"].fillna("") == process]
    fig, ax = _figure(0.42 * len(phases) + 1.0)
    rows = {p: len(phases) - 1 - i for i, p in enumerate(phases["phase"])}
    first, last = phases["start"].min(), phases["end"].max()
    pad = pd.Timedelta(days=max(60, (last - first).days * 0.03))
    ax.set_xlim(_days(first - pad), _days(last + pad))
    for _, phase in phases.iterrows():
        y = rows[phase["phase"]]
        colour = PHASE_COLOURS.get(phase["phase"], style.OKABE_ITO["grey"])
        start, end = _days(phase["start"]), _days(phase["end"])
        ax.barh(y - 0.12, max(end - start, 4), left=start, height=0.3, color=colour, zorder=2)
        dates = _days(events.loc[events["phase"] == phase["phase"], "date"])
        ax.scatter(dates, [y - 0.12] * len(dates), s=16, color="black", edgecolor="white", linewidth=0.6, zorder=3)
        right_half = start > np.mean(ax.get_xlim())
        ax.annotate(_phase_text(phase), (end if right_half else start, y + 0.07), fontsize=7, color=style.TEXT,
                    ha="right" if right_half else "left", va="bottom")
    ax.set_yticks(list(rows.values()), [p.capitalize() for p in rows])
    ax.set_ylim(-0.6, len(phases) - 0.35)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.grid(axis="x", **GRID)
    step = 1 if last.year - first.year <= 12 else 2
    _date_ticks(ax, [pd.Timestamp(y, 1, 1) for y in range(first.year, last.year + 2) if y % step == 0], [],
                lambda d: str(d.year))
    fig.legend(handles=[Line2D([], [], marker="o", linestyle="", color="black", markeredgecolor="white",
                              label="Dated event of the process")], loc="outside upper right")
    style.add_source_line(fig, chronology_source(ds))
    return fig


def _phase_text(phase: pd.Series) -> str:
    start, end = format_date(phase["start"], "day"), format_date(phase["end"], "day")
    count = f"{phase['events']} event" + ("" if phase["events"] == 1 else "s")
    if start == end:
        return f"{start} ({count})"
    return f"{start} – {end}, {_duration(phase['start'], phase['end'])} ({count})"


def _duration(start: pd.Timestamp, end: pd.Timestamp) -> str:
    days = (end - start).days
    if days < 60:
        return f"{days} day" + ("" if days == 1 else "s")
    if days < 730:
        return f"{round(days / 30.44)} months"
    return f"{days / 365.25:.1f} years"


# --- 5. reported fatalities ----------------------------------------------------------------------

def fatalities_chart(ds: Dataset) -> Figure:
    """Reported deaths per incident with a sourced figure: a dot, a range, or an open-ended 'at least'."""
    reports = fatality_reports(ds)
    if reports.empty:
        return _nothing(ds, "No incident in the chronology has a sourced death toll.")
    fig, ax = _figure(0.2 * len(reports) + 1.2)
    y = np.arange(len(reports))[::-1]
    for row, report in zip(y, reports.itertuples(), strict=True):
        colour = style.EVENT_TYPE_COLOURS.get(report.type, style.OKABE_ITO["grey"])
        if report.kind == "range":
            ax.plot([report.low, report.high], [row, row], color=colour, linewidth=3, alpha=0.45,
                    solid_capstyle="butt", zorder=2)
            ax.scatter([report.low, report.high], [row, row], s=14, color=colour, zorder=3)
            text, end = f"{report.low:,}–{report.high:,}", report.high
        elif report.kind == "at least":
            end = report.low * 1.8
            ax.annotate("", (end, row), (report.low, row), zorder=2,
                        arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 1.2, "shrinkA": 0,
                                    "shrinkB": 0, "mutation_scale": 7})
            ax.scatter([report.low], [row], s=14, color=colour, zorder=3)
            text = f"at least {report.low:,}"
        else:
            ax.scatter([report.low], [row], s=14, color=colour, zorder=3)
            text, end = f"{report.low:,}", report.low
        ax.annotate(text, (end, row), xytext=(5, 0), textcoords="offset points", va="center", fontsize=7,
                    color=style.TEXT)
    ax.set_xscale("log")
    top = max(reports["high"].max(), (reports["low"] * 1.8).max()) if len(reports) else 10
    ax.set_xlim(1, top * 3)  # room for the figures written after each glyph
    ticks = [v for v in (1, 3, 10, 30, 100, 300, 1000, 3000, 10000) if v <= ax.get_xlim()[1]]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(FixedFormatter([f"{v:,}" for v in ticks]))
    ax.set_yticks(y, reports["label"])
    ax.set_ylim(-0.7, len(reports) - 0.3)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", **GRID)
    ax.set_xlabel("Reported deaths (logarithmic scale)")
    colour = style.EVENT_TYPE_COLOURS["military"]
    fig.legend(handles=[Line2D([], [], marker="o", linestyle="", color=colour, markersize=4, label="One figure"),
                       Line2D([], [], marker="o", color=colour, markersize=4, linewidth=2.5, alpha=0.6,
                              label="Range of reported figures"),
                       Line2D([], [], marker=">", color=colour, markersize=4, linewidth=1.2,
                              label="At least (no upper figure)")],
              loc="outside upper right", ncol=3)
    style.add_source_line(fig, chronology_source(ds))
    return fig


# Every chart of the report, by name, as a function of the dataset alone (for the benchmark and tests).
CHARTS: dict[str, Callable[[Dataset], Figure]] = {
    "mali_algeria_per_year": lambda ds: events_per_year_chart(ds, ("mali-algeria",), since=2012),
    "timeline": timeline_chart,
    "escalation": escalation_chart,
    "events_per_year": events_per_year_chart,
    "events_by_relationship": events_by_relationship_chart,
    "accord_life_cycle": process_chart,
    "fatalities": fatalities_chart,
}
