"""Every figure of the book, declared once: its name, kind, chapter, drawing function and data inputs.

The name is the glue key and the `:name:` of the figure's ```{glue:figure}``` directive. The chapter
is the single source of the caption and the alt text (so that a translated edition translates them
with the rest of the page); the registry keeps the first words of the alt text, and
tests/test_registry.py checks that registry and chapters agree: every registered figure is glued and
placed once, in its chapter, by the function declared here, with the alt text declared here, and
reads no data input it does not declare.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from matplotlib.figure import Figure

from sahelreport import paths
from sahelreport.data.derive.processes import ACCORD
from sahelreport.data.load import Dataset
from sahelreport.data.sources_profile import SourcesProfile, build_profile

ALL_TABLES = ("events", "places", "claims", "groups", "stated_locations", "source_hosts")
COUNTRIES, BORDER, MALI_REGIONS, WILAYAS = ("countries.geojson", "mali_algeria_border.geojson",
                                            "mali_regions.geojson", "algeria_wilayas.geojson")


def the_dataset(ds: Dataset) -> Dataset:
    """What most drawing functions take first: the dataset itself."""
    return ds


def sources_profile(ds: Dataset) -> SourcesProfile:
    """What the sources-profile chart takes first: the profile of the citations in the data and the chapters."""
    return build_profile(paths.project().root)[0]


@dataclass(frozen=True)
class RegisteredFigure:
    """One figure of the book and what it is drawn from."""

    name: str  # glue key and :name: in its chapter, e.g. fig-overview
    kind: Literal["map", "chart"]
    chapter: str  # the page that glues and places it, relative to the project root; it holds caption and alt text
    drawer: str  # its drawing function, "module.function" in sahelreport.figures (imported when it is drawn)
    alt_start: str  # the first words of the alt text in the chapter
    tables: tuple[str, ...]  # data package resources it reads (names in datapackage.json)
    layers: tuple[str, ...] = ()  # boundary layers it reads (files in data/boundaries/)
    bibliography: bool = False  # reads references.bib
    chapters: bool = False  # reads the chapters (their citations)
    options: Mapping[str, Any] = field(default_factory=dict)  # keyword arguments after the first
    first_argument: Callable[[Dataset], Any] = the_dataset

    @property
    def function(self) -> Callable[..., Figure]:
        """The drawing function, imported only now: a process that draws one figure imports only its module
        (what a build records as read is what it uses)."""
        module, name = self.drawer.rsplit(".", 1)
        return getattr(importlib.import_module(f"sahelreport.figures.{module}"), name)

    def draw(self, ds: Dataset) -> Figure:
        """The figure, drawn as its chapter draws it."""
        return self.function(self.first_argument(ds), **self.options)


def _map(name: str, chapter: str, drawer: str, alt_start: str, tables: tuple[str, ...],
         layers: tuple[str, ...]) -> RegisteredFigure:
    return RegisteredFigure(name, "map", chapter, drawer, alt_start, tables, layers)


def _chart(name: str, chapter: str, drawer: str, alt_start: str,
           tables: tuple[str, ...] = ("events",), **options: Any) -> RegisteredFigure:
    return RegisteredFigure(name, "chart", chapter, drawer, alt_start, tables, options=options)


FIGURES: tuple[RegisteredFigure, ...] = (
    _map("fig-overview", "chapters/border.md", "maps.regional_overview", "Map of north-west Africa",
         ("places",), (COUNTRIES, BORDER)),
    _map("fig-border-regions", "chapters/border.md", "maps.border_regions", "Map of the Mali–Algeria borderlands",
         ("places",), (COUNTRIES, BORDER, MALI_REGIONS, WILAYAS)),
    _map("fig-azawad", "chapters/border.md", "maps.azawad_claim", "Map of Mali and its neighbours",
         ("places",), (COUNTRIES, BORDER, MALI_REGIONS)),
    _chart("fig-mali-algeria-years", "chapters/border.md", "charts.events_per_year_chart",
           "Stacked bar chart of Mali–Algeria events per year", relationships=("mali-algeria",), since=2012),
    _map("fig-maghreb-context", "chapters/chessboard.md", "maps.maghreb_context", "Two maps side by side",
         ("places", "routes"), (COUNTRIES,)),
    _chart("fig-events-by-relationship", "chapters/chessboard.md", "charts.events_by_relationship_chart",
           "Five stacked bar charts on the same axes"),
    _chart("fig-events-per-year", "chapters/data-methods.md", "charts.events_per_year_chart",
           "Stacked bar chart of the number of events per year"),
    RegisteredFigure("fig-sources-profile", "chart", "chapters/data-methods.md", "source_charts.sources_profile_chart",
                     "Horizontal stacked bars, one per group of citations", ALL_TABLES, bibliography=True,
                     chapters=True, first_argument=sources_profile),
    _chart("fig-escalation", "chapters/escalation.md", "charts.escalation_chart", "Bar chart of events per month"),
    _map("fig-border-conflict", "chapters/escalation.md", "maps.border_conflict", "Map of the Mali–Algeria border zone",
         ("events", "places", "stated_locations"), (COUNTRIES, BORDER, MALI_REGIONS, WILAYAS)),
    _chart("fig-fatalities", "chapters/escalation.md", "process_charts.fatalities_chart", "Dot and range chart"),
    _chart("fig-timeline", "chapters/mediation.md", "charts.timeline_chart", "Timeline from"),
    _chart("fig-accord-life-cycle", "chapters/mediation.md", "process_charts.process_chart",
           "Gantt chart of the Algiers accord", process=ACCORD),
    _chart("fig-group-lineage", "chapters/mediation.md", "lineage.lineage_chart",
           "Timeline chart with one horizontal bar per armed group", tables=("groups",)),
)


def registered(name: str) -> RegisteredFigure:
    """The figure registered under a name; a KeyError lists the names there are."""
    for figure in FIGURES:
        if figure.name == name:
            return figure
    raise KeyError(f"no figure {name!r} in the registry; registered: {', '.join(f.name for f in FIGURES)}")
