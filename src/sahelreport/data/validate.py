"""Check every data file against the schema and against each other; report all problems at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sahelreport.data.bibliography import Source, read_bibliography
from sahelreport.data.problems import Problem
from sahelreport.data.read import RawTable, check_cells, parse_date, read_table, split_list
from sahelreport.data.rules import (
    CITING_COLUMNS,
    PlaceCheck,
    check_bibliography,
    check_claims,
    check_dated_range,
    check_events,
    check_groups,
    check_places,
    check_source_rules,
    check_sources,
    check_stated_locations,
)
from sahelreport.data.schema import read_package, tables_of
from sahelreport.data.source_rules import (
    check_source_entries,
    claim_source_problems,
    event_source_problems,
    host_rules,
)

# Re-exported: the names other modules take from here.
__all__ = ["CITING_COLUMNS", "RawTable", "parse_date", "read_table", "split_list", "validate_all"]
# The tables validate_all's rules read by name: the package must describe each of them.
RULED_TABLES = ("events", "places", "claims", "groups", "stated_locations", "source_hosts")


def validate_all(
    data_dir: Path,
    bib_path: Path,
    place_in_country: PlaceCheck | None = None,
    today: dt.date | None = None,
) -> tuple[dict[str, RawTable], dict[str, Source], list[Problem]]:
    """Validate every table of the data package and the bibliography; return all problems."""
    today = today or dt.date.today()
    datapackage = data_dir / "datapackage.json"
    package, problems = read_package(datapackage)
    if package is None:
        return {}, {}, problems  # nothing else can be checked without the schema
    tables, problems = tables_of(package, datapackage)
    if not problems:
        problems = [Problem(f"data/{datapackage.name}", None, None, None, f"the package has no resource named {name!r}")
                    for name in RULED_TABLES if name not in tables]
    if problems:
        return {}, {}, problems
    as_of, as_of_problem = data_as_of(package, datapackage, today)
    if as_of_problem:
        problems.append(as_of_problem)
    sources, bib_problems = read_bibliography(bib_path)
    problems += bib_problems
    raws: dict[str, RawTable] = {}
    unread = []
    for name, table in tables.items():
        raw, read_problems = read_table(data_dir / table.path, table, f"data/{table.path}")
        raws[name] = raw
        problems += read_problems
        if not read_problems:
            problems += check_cells(raw)
        elif not raw.rows:
            unread.append(name)
    if sources:
        problems += check_bibliography(sources, bib_path.name)
        rules = host_rules(row for _, row in raws["source_hosts"].rows)
        problems += check_source_entries(sources, rules, bib_path.name)
    if unread:
        return raws, sources, problems  # rules across tables would only echo that a table could not be read
    ids = {name: {row[raw.table.primary_key] for _, row in raw.rows} for name, raw in raws.items()}
    if raws["events"].rows:
        problems += check_events(raws["events"], ids["places"], today)
        problems += check_source_rules(raws["events"], sources, event_source_problems)
        problems += check_dated_range(raws["events"], "date", as_of)
    if raws["places"].rows:
        problems += check_places(raws["places"], place_in_country)
    if raws["claims"].rows:
        problems += check_claims(raws["claims"], ids["events"], today)
        problems += check_source_rules(raws["claims"], sources, claim_source_problems)
    if raws["stated_locations"].rows:
        problems += check_stated_locations(raws["stated_locations"], ids["events"], ids["places"], sources)
    if raws["groups"].rows:
        problems += check_groups(raws["groups"], sources)
    for name, columns in CITING_COLUMNS.items():
        if not bib_problems:  # an unreadable bibliography is one problem, not one per citation
            problems += check_sources(raws[name], columns, sources)
    return raws, sources, problems


def data_as_of(package: dict[str, Any], datapackage: Path, today: dt.date) -> tuple[dt.date | None, Problem | None]:
    """The date through which the chronology was checked (datapackage.json `data_as_of`)."""
    value = package.get("data_as_of")
    shown = f"data/{datapackage.name}"
    if not value:
        return None, Problem(shown, None, "data_as_of", "", "the package must say through which date the data was checked")
    try:
        day, precision = parse_date(str(value))
    except ValueError as error:
        return None, Problem(shown, None, "data_as_of", str(value), str(error))
    if precision != "day":
        return None, Problem(shown, None, "data_as_of", str(value), "give a day: YYYY-MM-DD")
    if day > today:
        return None, Problem(shown, None, "data_as_of", str(value), "date is in the future")
    return day, None
