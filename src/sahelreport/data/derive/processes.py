"""Processes (a negotiation, an accord and its follow-up) and their phases, from the `process` and `phase` columns."""

from __future__ import annotations

import pandas as pd

from sahelreport.data.derive.codes import code_order
from sahelreport.data.load import Dataset

ACCORD = "algiers-accord-2015"  # the process the mediation chapter follows


def phase_order() -> list[str]:
    """The phases of a process, in the order the schema lists them."""
    return code_order("events", "phase")


def process_events(ds: Dataset, process: str = ACCORD) -> pd.DataFrame:
    """The events the data assigns to a process."""
    return ds.events[ds.events["process"].fillna("") == process]


def process_phases(ds: Dataset, process: str = ACCORD) -> pd.DataFrame:
    """One row per phase of a process that has events: start, end, number of events.

    A phase starts with its first event and lasts until the next phase starts (or its own last event,
    if later); the last phase ends with its last event.
    """
    events = process_events(ds, process)
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
    phases = process_phases(ds, process)
    start: dict[str, pd.Timestamp] = dict(zip(phases["phase"], phases["start"], strict=True))
    end: dict[str, pd.Timestamp] = dict(zip(phases["phase"], phases["end"], strict=True))
    summary: dict[str, float | int] = {"events": int(phases["events"].sum())}
    if start:
        summary["first_year"] = min(start.values()).year
        summary["last_year"] = max(end.values()).year
    if "signing" in start and "end" in start:
        summary["years_signed_to_end"] = years_between(start["signing"], start["end"])
    if "follow-up" in start:
        summary["years_follow_up"] = years_between(start["follow-up"], end["follow-up"])
    return summary


def years_between(start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Years from one date to another, to one decimal."""
    return round((end - start).days / 365.25, 1)
