"""The armed groups' lineage (data/groups.csv) as a chart: one bar per group, arrows to what it became."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from . import style
from .data import Dataset
from .validate import split_list

KIND_COLOURS = {
    "rebel-movement": style.OKABE_ITO["orange"],
    "coalition": style.OKABE_ITO["vermillion"],
    "pro-government-militia": style.OKABE_ITO["blue"],
    "jihadist": style.OKABE_ITO["grey"],
}
KIND_LABELS = {"rebel-movement": "rebel movement", "coalition": "coalition of movements",
               "pro-government-militia": "pro-government group", "jihadist": "jihadist group"}


def lineage_edges(groups: pd.DataFrame) -> list[tuple[str, str]]:
    """(from, to) links: each group to its successors, and each parent to the group it founded."""
    edges: set[tuple[str, str]] = set()
    for _, g in groups.iterrows():
        edges.update((g["id"], s) for s in split_list(str(g["successors"] if pd.notna(g["successors"]) else "")))
        edges.update((p, g["id"]) for p in split_list(str(g["parents"] if pd.notna(g["parents"]) else "")))
    return sorted(edges)


def lineage_order(groups: pd.DataFrame) -> list[str]:
    """Groups in rows that keep families together: each root by founding date, then its descendants."""
    founded = dict(zip(groups["id"], groups["founded"], strict=True))
    children: dict[str, list[str]] = {g: [] for g in founded}
    has_parent: set[str] = set()
    for source, target in lineage_edges(groups):
        children[source].append(target)
        has_parent.add(target)
    order: list[str] = []

    def visit(group: str) -> None:
        if group in order:
            return
        order.append(group)
        for child in sorted(children[group], key=lambda c: (founded[c], c)):
            visit(child)

    for root in sorted((g for g in founded if g not in has_parent), key=lambda g: (founded[g], g)):
        visit(root)
    for group in sorted(founded, key=lambda g: (founded[g], g)):  # groups only in cycles
        visit(group)
    return order


def lineage_chart(ds: Dataset, source: str) -> Figure:
    """Bars from founding to end (or to the data-as-of date), coloured by kind, arrows along the lineage."""
    groups = ds.groups
    order = lineage_order(groups)
    row = {g: i for i, g in enumerate(order)}
    by_id = groups.set_index("id")
    end_of_data = pd.Timestamp(ds.data_as_of)
    style.apply()
    fig, ax = plt.subplots(figsize=(style.FULL_WIDTH_IN, 0.3 * len(order) + 1.5), layout="constrained")
    starts, ends = {}, {}
    for group in order:
        g = by_id.loc[group]
        start = mdates.date2num(g["founded"])
        end = mdates.date2num(g["ended"] if pd.notna(g["ended"]) else end_of_data)
        end = max(end, start + 60)  # a group that lasted days still shows
        starts[group], ends[group] = start, end
        ax.barh(row[group], end - start, left=start, height=0.56, color=KIND_COLOURS.get(g["kind"], "#777777"),
                edgecolor="none", zorder=2)
        ax.text(end + 40, row[group], str(g["acronym"]), va="center", ha="left", fontsize=7, color=style.TEXT,
                zorder=4)
    for source_id, target_id in lineage_edges(groups):
        x0 = min(ends[source_id], max(starts[target_id], starts[source_id]))
        ax.annotate("", xy=(starts[target_id], row[target_id]), xytext=(x0, row[source_id]),
                    arrowprops={"arrowstyle": "->", "color": "#555555", "linewidth": 0.7,
                                "connectionstyle": "arc3,rad=0.0", "shrinkA": 0, "shrinkB": 2}, zorder=3)
    ax.set_yticks(range(len(order)), [str(by_id.loc[g, "name_en"]) for g in order], fontsize=6.5)
    ax.invert_yaxis()
    first = min(starts.values())
    ax.set_xlim(first - 200, mdates.date2num(end_of_data) + 900)
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.6, zorder=0)
    kinds = [k for k in KIND_COLOURS if k in set(groups["kind"])]
    ax.legend([Patch(color=KIND_COLOURS[k]) for k in kinds], [KIND_LABELS[k] for k in kinds], ncols=len(kinds),
              loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=7)
    style.add_source_line(fig, source)
    return fig
