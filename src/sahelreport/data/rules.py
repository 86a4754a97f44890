"""The rules that a single cell cannot express: within a row, across tables, and the sources policy."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from sahelreport.data.bibliography import Source
from sahelreport.data.problems import Problem
from sahelreport.data.read import DATE_FORMS, RawTable, Row, parse_date, split_list

EARLIEST_EVENT = dt.date(1950, 1, 1)
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
# The columns of each table that cite keys of references.bib.
CITING_COLUMNS: dict[str, tuple[str, ...]] = {
    "events": ("sources",), "places": ("sources",), "claims": ("made_in", "sources"), "groups": ("sources",),
    "stated_locations": ("sources",),
}
WORK_TYPES = frozenset({"article", "book", "incollection", "inbook", "phdthesis", "mastersthesis", "techreport"})


def check_sources(raw: RawTable, columns: tuple[str, ...], sources: dict[str, Source]) -> list[Problem]:
    """Every cited key must be an entry of references.bib."""
    problems = []
    for line, row in raw.rows:
        for column in columns:
            for key in split_list(row[column]):
                if key not in sources:
                    problems.append(
                        Problem(raw.file, line, column, key, "no such key in references.bib")
                    )
    return problems


def check_bibliography(sources: dict[str, Source], shown: str) -> list[Problem]:
    """Each entry needs a title; a web page an http(s) address and the date it was accessed.

    A book, article, thesis or report is cited as the work and may have no address; if it gives one,
    the address and its access date follow the same rules as for a web page.
    """
    problems = []
    for key, source in sources.items():
        line = source.line
        if not source.title:
            problems.append(Problem(shown, line, "title", key, "entry has no title"))
        if source.entry_type in WORK_TYPES and not source.url:
            if not source.year:
                problems.append(Problem(shown, line, "year", "",
                                        f"entry {key}: a work cited without an address needs its year"))
            continue
        if not URL.match(source.url):
            problems.append(Problem(shown, line, "url", source.url, f"entry {key}: not an http(s) address"))
        try:
            if parse_date(source.accessed)[1] != "day":
                raise ValueError
        except ValueError:
            problems.append(
                Problem(shown, line, "urldate", source.accessed, f"entry {key}: accessed date must be YYYY-MM-DD")
            )
    return problems


def check_source_rules(raw: RawTable, sources: dict[str, Source], rule) -> list[Problem]:
    """Apply a sources-policy rule (event or claim) to every row whose keys all resolve."""
    problems = []
    for line, row in raw.rows:
        keys = split_list(row["sources"])
        if not keys or any(k not in sources for k in keys):
            continue  # unknown keys are reported by check_sources
        for column, value, message in rule(row, [sources[k] for k in keys]):
            problems.append(Problem(raw.file, line, column, value, message))
    return problems


def check_dated_range(raw: RawTable, column: str, as_of: dt.date | None) -> list[Problem]:
    """No row is dated after the date through which the data was checked."""
    if as_of is None:
        return []
    problems = []
    for line, row in raw.rows:
        try:
            start = parse_date(row[column])[0]
        except ValueError:
            continue  # already reported by check_cells
        if start > as_of:
            problems.append(Problem(raw.file, line, column, row[column],
                                    f"after the data-as-of date {as_of.isoformat()} (datapackage.json)"))
    return problems


def check_groups(raw: RawTable, sources: dict[str, Source]) -> list[Problem]:
    """Lineage links name known groups; dates match their precision; one source that is not reference."""
    problems = []
    ids = {row["id"] for _, row in raw.rows}
    for line, row in raw.rows:
        for column in ("successors", "parents"):
            for group_id in split_list(row[column]):
                if group_id not in ids:
                    problems.append(Problem(raw.file, line, column, group_id, "no such group in groups.csv"))
                elif group_id == row["id"]:
                    problems.append(Problem(raw.file, line, column, group_id, "a group cannot be its own " + column))
        for date_column in ("founded", "ended"):
            value, precision = row[date_column], row[f"{date_column}_precision"]
            if not value:
                if precision:
                    problems.append(Problem(raw.file, line, f"{date_column}_precision", precision,
                                            f"given without {date_column}"))
                continue
            try:
                form = parse_date(value)[1]
            except ValueError:
                continue  # already reported by check_cells
            if form != precision:
                problems.append(Problem(raw.file, line, date_column, value,
                                        f"date is given to the {form} but {date_column}_precision says '{precision}'"))
        if bool(row["ended"]) != bool(row["ended_how"]):
            problems.append(Problem(raw.file, line, "ended_how", row["ended_how"],
                                    "ended and ended_how go together"))
        if row["ended_how"] in ("renamed", "merged") and not row["successors"]:
            problems.append(Problem(raw.file, line, "successors", "", f"a group that {row['ended_how']} needs successors"))
    return problems + check_not_reference_only(raw, sources, "needs a source that is not an encyclopedia or gazetteer")


def check_not_reference_only(raw: RawTable, sources: dict[str, Source], message: str) -> list[Problem]:
    """Rows whose known sources are all encyclopedias or gazetteers."""
    problems = []
    for line, row in raw.rows:
        keys = [k for k in split_list(row["sources"]) if k in sources]
        if keys and all(sources[k].kind == "reference" for k in keys):
            problems.append(Problem(raw.file, line, "sources", row["sources"], message))
    return problems


def check_stated_locations(raw: RawTable, event_ids: set[str], place_ids: set[str],
                           sources: dict[str, Source]) -> list[Problem]:
    """Each account names a known event and place and cites a source that is not an encyclopedia."""
    problems = []
    for line, row in raw.rows:
        if row["event_id"] not in event_ids:
            problems.append(Problem(raw.file, line, "event_id", row["event_id"], "no such event in events.csv"))
        if row["near_place_id"] not in place_ids:
            problems.append(Problem(raw.file, line, "near_place_id", row["near_place_id"], "no such place in places.csv"))
    return problems + check_not_reference_only(
        raw, sources, "a stated distance needs a source that is not an encyclopedia or gazetteer")


def check_events(raw: RawTable, place_ids: set[str], today: dt.date) -> list[Problem]:
    """Rules for the chronology that a single cell cannot express."""
    problems = []
    for line, row in raw.rows:
        def problem(column: str, message: str, line: int = line, row: Row = row) -> None:
            problems.append(Problem(raw.file, line, column, row[column], message))

        date, precision = row["date"], row["date_precision"]
        try:
            start, form = parse_date(date)
        except ValueError:
            start, form = None, None
        if start and precision in DATE_FORMS and form != precision:
            problem("date", f"date is given to the {form} but date_precision says '{precision}'")
        if start and start > today:
            problem("date", f"date is in the future (today is {today.isoformat()})")
        if start and start < EARLIEST_EVENT:
            problem("date", f"date is before {EARLIEST_EVENT.isoformat()}, outside the chronology")
        if start and not row["id"].startswith(f"{start.year}-"):
            problem("id", f"id must start with the event's year {start.year}")
        if row["place_id"] and row["place_id"] not in place_ids:
            problem("place_id", "no such place in places.csv")
        if bool(row["lat"]) != bool(row["lon"]):
            problem("lat" if not row["lat"] else "lon", "lat and lon must be given together")
        if row["place_id"] and (row["lat"] or row["lon"]):
            problem("place_id", "give either place_id or lat/lon, not both")
        low, high = row["fatalities_low"], row["fatalities_high"]
        if high and not low:
            problem("fatalities_high", "fatalities_high needs fatalities_low")
        if low.isdigit() and high.isdigit() and int(high) < int(low):
            problem("fatalities_high", f"smaller than fatalities_low ({low})")
        if (low or high) and not row["fatalities_as_reported"]:
            problem("fatalities_as_reported", "say how the toll was reported (who, and in what words)")
    return problems


def check_claims(raw: RawTable, event_ids: set[str], today: dt.date) -> list[Problem]:
    """Claims point at known events and are not dated in the future."""
    problems = []
    for line, row in raw.rows:
        for event_id in split_list(row["event_ids"]):
            if event_id not in event_ids:
                problems.append(Problem(raw.file, line, "event_ids", event_id, "no such event in events.csv"))
        try:
            if parse_date(row["claim_date"])[0] > today:
                problems.append(Problem(raw.file, line, "claim_date", row["claim_date"], "date is in the future"))
        except ValueError:
            pass  # already reported by check_cells
    return problems


PlaceCheck = Callable[[str, float, float], str | None]


def check_places(raw: RawTable, place_in_country: PlaceCheck | None) -> list[Problem]:
    """Each place lies in (or within the tolerance of) the country it is said to be in."""
    if place_in_country is None:
        return []
    problems = []
    for line, row in raw.rows:
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            continue  # already reported by check_cells
        message = place_in_country(row["country"], lat, lon)
        if message:
            problems.append(Problem(raw.file, line, "lat/lon", f"{row['lat']}, {row['lon']}", message))
    return problems


