"""Labels derived from an event row: its date at the precision it is known, and a short name, in either language."""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd

from sahelreport.language import resolve

# Month names of each language (not the system's locale, which CI lacks): abbreviated, then in full.
MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
}
MONTHS_LONG = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
}
SHORT_LABEL_WIDTH = 32  # characters: a callout or chart label on an A4 page


def day_number(day: int, lang: str | None = None) -> str:
    """A day of the month as written before its month: '1er' for the first in French, else the number."""
    return "1er" if day == 1 and resolve(lang) == "fr" else str(day)


def format_date(date: Any, precision: str, *, long: bool = False, lang: str | None = None) -> str:
    """A date as precisely as it is known: '14 Nov 2023' (day), 'Jan 2024' (month), '1963' (year);
    with long=True the month in full ('14 November 2023'). In French: '14 nov. 2023', '1er janvier 2025'."""
    language = resolve(lang)
    stamp = pd.Timestamp(date)
    month = (MONTHS_LONG if long else MONTHS)[language][stamp.month - 1]
    if precision == "day":
        return f"{day_number(stamp.day, language)} {month} {stamp.year}"
    if precision == "month":
        return f"{month} {stamp.year}"
    if precision == "year":
        return str(stamp.year)
    raise ValueError(f"unknown date precision {precision!r} (day, month or year)")


def month_label(date: Any, lang: str | None = None) -> str:
    """'Jan 2024': the month of a date."""
    return format_date(date, "month", lang=lang)


def event_date_label(event: pd.Series, lang: str | None = None) -> str:
    """The event's date at its precision: '25 Jul 2024', 'Jul 2024' or '2024'."""
    return format_date(event["date"], str(event["date_precision"]), lang=lang)


def _text(value: Any) -> str:
    return value if isinstance(value, str) and value else ""


def short_label(event: pd.Series, width: int = SHORT_LABEL_WIDTH, lang: str | None = None) -> str:
    """A short name for a callout or a chart row: the event's short_label column, else its milestone, else the
    title before its first colon or semicolon when that is short enough, else the title shortened to `width`.

    In French: short_label_fr, else milestone_fr (the title has no French); the validator requires
    short_label_fr of every event a figure names, so a missing one is an error here.
    """
    if resolve(lang) == "fr":
        chosen = _text(event.get("short_label_fr")) or _text(event.get("milestone_fr"))
        if not chosen:
            raise ValueError(f"events.csv: event {event.get('id')!r} has no short_label_fr (nor milestone_fr) "
                             "for the French figures")
        return chosen
    chosen = _text(event.get("short_label")) or _text(event.get("milestone"))
    if chosen:
        return chosen
    title = str(event["title"])
    head = title.replace(";", ":").split(":")[0].strip()
    if head != title and len(head) <= width:
        return head
    return textwrap.shorten(title, width, placeholder="…")
