"""Labels derived from an event row: its date at the precision it is known, and a short name."""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SHORT_LABEL_WIDTH = 32  # characters: a callout or chart label on an A4 page


def format_date(date: Any, precision: str, *, long: bool = False) -> str:
    """A date as precisely as it is known: '14 Nov 2023' (day), 'Jan 2024' (month), '1963' (year);
    with long=True the month in full ('14 November 2023')."""
    stamp = pd.Timestamp(date)
    month = stamp.month_name() if long else MONTHS[stamp.month - 1]
    if precision == "day":
        return f"{stamp.day} {month} {stamp.year}"
    if precision == "month":
        return f"{month} {stamp.year}"
    if precision == "year":
        return str(stamp.year)
    raise ValueError(f"unknown date precision {precision!r} (day, month or year)")


def month_label(date: Any) -> str:
    """'Jan 2024': the month of a date."""
    return format_date(date, "month")


def event_date_label(event: pd.Series) -> str:
    """The event's date at its precision: '25 Jul 2024', 'Jul 2024' or '2024'."""
    return format_date(event["date"], str(event["date_precision"]))


def _text(value: Any) -> str:
    return value if isinstance(value, str) and value else ""


def short_label(event: pd.Series, width: int = SHORT_LABEL_WIDTH) -> str:
    """A short name for a callout or a chart row: the event's short_label column, else its milestone, else the
    title before its first colon or semicolon when that is short enough, else the title shortened to `width`."""
    chosen = _text(event.get("short_label")) or _text(event.get("milestone"))
    if chosen:
        return chosen
    title = str(event["title"])
    head = title.replace(";", ":").split(":")[0].strip()
    if head != title and len(head) <= width:
        return head
    return textwrap.shorten(title, width, placeholder="…")
