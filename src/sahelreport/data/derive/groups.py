"""The armed groups' lineage (data/groups.csv): who became or founded whom, and the order to draw them in."""

from __future__ import annotations

from typing import Any

import pandas as pd

from sahelreport.data.validate import split_list


def _ids(cell: Any) -> list[str]:
    return split_list(str(cell)) if pd.notna(cell) else []


def lineage_edges(groups: pd.DataFrame) -> list[tuple[str, str]]:
    """(from, to) links: each group to its successors, and each parent to the group it founded."""
    edges: set[tuple[str, str]] = set()
    for _, g in groups.iterrows():
        edges.update((g["id"], s) for s in _ids(g["successors"]))
        edges.update((p, g["id"]) for p in _ids(g["parents"]))
    return sorted(edges)


def lineage_order(groups: pd.DataFrame) -> list[str]:
    """Rows: the rebel and pro-government movements, then the jihadist groups, each by founding date.

    Within a family a successor is always founded after its parents, so lineage arrows point down.
    """
    rows = sorted(zip(groups["kind"] == "jihadist", groups["founded"], groups["id"], strict=True))
    return [group_id for _, _, group_id in rows]
