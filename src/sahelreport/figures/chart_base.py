"""Drawing helpers shared by the charts: figure, date axes, stacked bars, legends, the chronology's source line."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any, Literal

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FixedFormatter, FixedLocator, MaxNLocator

from sahelreport import __version__
from sahelreport.data.derive.chronology import chronology_date, chronology_span
from sahelreport.data.load import Dataset
from sahelreport.figures import style
from sahelreport.figures.texts import text
from sahelreport.language import format_number

GRID_COLOUR, GRID_WIDTH = "#e5e5e5", 0.6


def chronology_source(ds: Dataset) -> str:
    """Source line for charts: the report's version, the data's date, the chronology's size and span. Not the
    digest of the events (`chronology.chronology_version`, on the chronology page): a chart changes only when
    what it draws changes, not when a word of a description does."""
    return text("chart.chronology-source", version=__version__, date=chronology_date(ds),
                count=format_number(len(ds.events)), span=chronology_span(ds))


def type_label(event_type: str) -> str:
    """An event type's name in a legend or on an axis: 'Military'."""
    return text(f"type.{event_type}").capitalize()


def type_colour(event_type: str) -> str:
    """An event type's colour (grey for a type the palette does not know)."""
    return style.EVENT_TYPE_COLOURS.get(event_type, style.OKABE_ITO["grey"])


def new_figure(height: float, **kwargs) -> tuple[Figure, Axes]:
    """A full-width figure in the house style, with constrained layout."""
    style.apply()
    return plt.subplots(figsize=(style.FULL_WIDTH_IN, height), layout="constrained", **kwargs)


def day(date: pd.Timestamp) -> float:
    """A date as a Matplotlib date number."""
    return float(mdates.date2num(date))


def days(dates: pd.Series) -> np.ndarray:
    """Dates as Matplotlib date numbers."""
    return np.asarray(mdates.date2num(dates))


def grid(ax: Axes, axis: Literal["x", "y"]) -> None:
    """Light grid lines across the chart, behind everything."""
    ax.grid(axis=axis, color=GRID_COLOUR, linewidth=GRID_WIDTH, zorder=0)


def locator_params(axis: Axis, **params: Any) -> None:
    """Set parameters (integer, steps, nbins) of an axis's automatic tick locator, a MaxNLocator."""
    locator = axis.get_major_locator()
    assert isinstance(locator, MaxNLocator), locator
    locator.set_params(**params)


def year_step(first: int, last: int) -> int:
    """Years between labelled ticks on a year axis: 10 over more than 30 years, 5 over more than 12, else 1."""
    return 10 if last - first > 30 else 5 if last - first > 12 else 1


def tick_step(span: float, length_in: float, min_gap_in: float) -> int:
    """The smallest step of 1, 2 or 5 times a power of ten that keeps ticks `min_gap_in` apart on an axis
    `length_in` long that shows `span` units."""
    for power in itertools.count():
        for mantissa in (1, 2, 5):
            step = mantissa * 10 ** power
            if step * length_in / max(span, 1) >= min_gap_in:
                return step
    raise AssertionError("unreachable")


def year_axis(ax: Axes, first: int, last: int) -> None:
    """A date x-axis from 1 January of `first` to the end of `last`, labelled every 1, 5 or 10 years."""
    step = year_step(first, last)
    ax.set_xlim(day(pd.Timestamp(first, 1, 1)), day(pd.Timestamp(last + 1, 1, 1)))
    years = range(first, last + 2)
    date_ticks(ax, [pd.Timestamp(y, 1, 1) for y in years if y % step == 0], [pd.Timestamp(y, 1, 1) for y in years],
               lambda d: str(d.year))


def date_ticks(ax: Axes, majors: list[pd.Timestamp], minors: list[pd.Timestamp],
               label: Callable[[pd.Timestamp], str]) -> None:
    """Fixed date ticks with their labels (faster than Matplotlib's date locators, and as deterministic)."""
    ax.xaxis.set_major_locator(FixedLocator(list(days(pd.Series(majors, dtype="datetime64[ns]")))))
    ax.xaxis.set_major_formatter(FixedFormatter([label(d) for d in majors]))
    ax.xaxis.set_minor_locator(FixedLocator(list(days(pd.Series(minors, dtype="datetime64[ns]")))))


def stacked_years(ax: Axes, counts: pd.DataFrame) -> pd.Series:
    """Bars of events per year (rows of `counts`), stacked by type (its columns); returns the stacks' heights."""
    bottom = pd.Series(0, index=counts.index)
    for event_type in counts.columns:
        some = counts[event_type] > 0  # empty bars add nothing to see, and cost drawing time
        ax.bar(counts.index[some], counts[event_type][some], bottom=bottom[some], width=0.8,
               label=type_label(event_type), color=type_colour(event_type), edgecolor="white", linewidth=0.4,
               zorder=3)
        bottom += counts[event_type]
    return bottom


def nothing_to_draw(ds: Dataset, message: str) -> Figure:
    """A small figure that says there is nothing to draw (rather than failing the build)."""
    fig, ax = new_figure(1.2)
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color=style.TEXT)
    style.add_source_line(fig, chronology_source(ds))
    return fig


def type_handles(types: list[str]) -> list[Patch]:
    """Legend entries for event types."""
    return [Patch(facecolor=type_colour(t), label=type_label(t)) for t in types]
