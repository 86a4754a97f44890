"""Reported death tolls, from the `fatalities_low` and `fatalities_high` columns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sahelreport.data.derive.labels import event_date_label, short_label
from sahelreport.data.load import Dataset

FATALITY_LABEL_WIDTH = 40  # characters of the incident's name in a chart row


def fatality_reports(ds: Dataset) -> pd.DataFrame:
    """Incidents with a sourced death toll: label, low, high, and how it is reported (single, range, at least)."""
    events = ds.events[ds.events["fatalities_low"].notna()].copy()
    low, high = events["fatalities_low"].astype(int), events["fatalities_high"]
    events["low"] = low
    events["high"] = high.fillna(low).astype(int)
    events["kind"] = np.select([high.isna().to_numpy(), (high.fillna(-1) > low).to_numpy()],
                               ["at least", "range"], "single")
    events["label"] = [f"{short_label(e, FATALITY_LABEL_WIDTH)}, {event_date_label(e)}" for _, e in events.iterrows()]
    return events[["id", "date", "label", "type", "low", "high", "kind"]].reset_index(drop=True)


def fatality_summary(ds: Dataset) -> dict[str, int]:
    """Plain numbers for the text: incidents with a figure, by how the figure is reported."""
    kinds = fatality_reports(ds)["kind"].value_counts()
    return {"incidents": int(kinds.sum()), "single": int(kinds.get("single", 0)),
            "ranges": int(kinds.get("range", 0)), "at_least": int(kinds.get("at least", 0))}
