"""The report's maps, by name. Each function takes the dataset and returns a finished matplotlib Figure.

The maps are drawn by figures.map_overview (maps 1–3), figures.map_conflict (map 4) and figures.map_maghreb
(map 5) with the kit in figures.cartography; figures.map_checks holds the checks the tests run on them.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.figure import Figure

from sahelreport.data.load import Dataset
from sahelreport.figures.map_conflict import border_conflict
from sahelreport.figures.map_maghreb import maghreb_context
from sahelreport.figures.map_overview import azawad_claim, border_regions, regional_overview

__all__ = ["MAPS", "azawad_claim", "border_conflict", "border_regions", "maghreb_context", "regional_overview"]

# Every map of the report, by name: the benchmark and the tests iterate over this.
MAPS: dict[str, Callable[[Dataset], Figure]] = {
    "regional_overview": regional_overview,
    "border_regions": border_regions,
    "azawad_claim": azawad_claim,
    "border_conflict": border_conflict,
    "maghreb_context": maghreb_context,
}
