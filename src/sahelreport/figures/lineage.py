"""The armed groups' lineage (data/groups.csv) as a chart: one bar per group, arrows to what it became."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from sahelreport.data.derive.groups import lineage_edges, lineage_order
from sahelreport.data.derive.labels import format_date
from sahelreport.data.load import Dataset
from sahelreport.figures import style
from sahelreport.figures.chart_base import date_ticks, tick_step
from sahelreport.figures.legends import fitted_legend
from sahelreport.figures.texts import text
from sahelreport.language import column, format_number

KIND_COLOURS = {
    "rebel-movement": style.OKABE_ITO["orange"],
    "coalition": style.OKABE_ITO["vermillion"],
    "pro-government-militia": style.OKABE_ITO["blue"],
    "jihadist": style.OKABE_ITO["grey"],
}
GAP_DAYS = 30  # a successor founded this long after its parent ended gets an elbow arrow
YEAR_LABEL_GAP_IN = 0.5  # at least this far between two year labels


def lineage_source(ds: Dataset) -> str:
    """Source line: the groups table, its size and the data-as-of date."""
    return text("chart.lineage.source", count=format_number(len(ds.groups)),
                date=format_date(ds.data_as_of, "day", long=True))



def lineage_chart(ds: Dataset, source: str | None = None) -> Figure:
    """Bars from founding to end (or to the data-as-of date), coloured by kind, arrows along the lineage."""
    source = source or lineage_source(ds)
    groups = ds.groups
    order = lineage_order(groups)
    row = {g: i for i, g in enumerate(order)}
    by_id = groups.set_index("id")
    end_of_data = pd.Timestamp(ds.data_as_of)
    style.apply()
    fig, ax = plt.subplots(figsize=(style.FULL_WIDTH_IN, 0.24 * len(order) + 1.4), layout="constrained")
    starts, ends = {}, {}
    for group in order:
        g = by_id.loc[group]
        start = mdates.date2num(g["founded"])
        end = mdates.date2num(g["ended"] if pd.notna(g["ended"]) else end_of_data)
        end = max(end, start + 60)  # a group that lasted days still shows
        starts[group], ends[group] = start, end
        ax.barh(row[group], end - start, left=start, height=0.56, color=KIND_COLOURS.get(str(g["kind"]), "#777777"),
                edgecolor="none", zorder=2)
    for source_id, target_id in lineage_edges(groups):
        x0 = min(ends[source_id], max(starts[target_id], starts[source_id]))
        gap = starts[target_id] - x0 > GAP_DAYS  # the successor came later: along the row, then down to it
        ax.annotate("", xy=(starts[target_id], row[target_id]), xytext=(x0, row[source_id]),
                    arrowprops={"arrowstyle": "->", "color": "#555555", "linewidth": 0.7,
                                "connectionstyle": "angle,angleA=0,angleB=90,rad=0" if gap else "arc3,rad=0.0",
                                "shrinkA": 0, "shrinkB": 2}, zorder=3)
    ax.set_yticks(range(len(order)), [str(by_id.loc[g, column("acronym")]) for g in order], fontsize=7)
    ax.invert_yaxis()
    first = min(starts.values())
    ax.set_xlim(first - 200, mdates.date2num(end_of_data) + 120)
    left, right = mdates.num2date(ax.get_xlim()[0]).year + 1, mdates.num2date(ax.get_xlim()[1]).year
    step = tick_step(right - left, style.FULL_WIDTH_IN - 1, YEAR_LABEL_GAP_IN)
    date_ticks(ax, [pd.Timestamp(y, 1, 1) for y in range(left, right + 1) if y % step == 0], [], lambda d: str(d.year))
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6, zorder=0)
    kinds = [k for k in KIND_COLOURS if k in set(groups["kind"])]
    fitted_legend(ax, [Patch(color=KIND_COLOURS[k], label=text(f"group-kind.{k}")) for k in kinds],
                  ncols=min(4, len(kinds)), loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=7, handlelength=1.2,
                  columnspacing=1.0)
    style.add_source_line(fig, source)
    return fig
