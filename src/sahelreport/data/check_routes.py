"""Rules for the schematic routes (data/routes.csv) that a single cell cannot express.

The schema already requires at least two stops, well formed (`stops` pattern); check_sources, through
validate.CITING_COLUMNS, checks that every cited key is in references.bib. Here: every stop is a place
of the gazetteer, and a route joins at least two different places without repeating one in a row.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sahelreport.data.problems import Problem

if TYPE_CHECKING:
    from sahelreport.data.validate import RawTable

STOPS = re.compile(r"^[a-z0-9-]+(;[a-z0-9-]+)+$")  # as the schema's pattern: malformed cells are reported there


def check_routes(raw: RawTable, place_ids: set[str]) -> list[Problem]:
    """Each route's stops are known places, at least two different ones, none repeated in a row."""
    problems = []
    for line, row in raw.rows:
        value = row["stops"]
        if not STOPS.match(value):
            continue  # reported by check_cells
        stops = value.split(";")
        for stop in stops:
            if stop not in place_ids:
                problems.append(Problem(raw.file, line, "stops", stop, "no such place in places.csv"))
        repeated = sorted({a for a, b in zip(stops, stops[1:], strict=False) if a == b})
        for stop in repeated:
            problems.append(Problem(raw.file, line, "stops", stop, "the same stop twice in a row"))
        if len(set(stops)) < 2:
            problems.append(Problem(raw.file, line, "stops", value, "a route joins at least two different places"))
    return problems
