"""Sphinx extension: author–year citations that never collide.

Two works by the same author in the same year ("Wikipedia contributors, 2025" for two different
pages) would be cited alike. As the author–year convention does, this appends a letter to the year
of each such work — 2025a, 2025b, … in the order of their titles — so that the citation in the text
and the entry in the bibliography both carry it. Works without a year become "n.d.-a", "n.d.-b".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from string import ascii_lowercase
from typing import Any

from sphinx.application import Sphinx

NO_YEAR = "n.d."
SUFFIXED = re.compile(r"^(\d{4}|n\.d\.)-?[a-z]{1,2}$")


def _cited_author(entry: Any) -> str:
    """The author as an author–year citation shows it: the last names of the authors, else the editors,
    else the title."""
    for role in ("author", "editor"):
        people = entry.persons.get(role)
        if people:
            return " ".join(" ".join(person.last_names) for person in people)
    return str(entry.fields.get("title", ""))


def _base_year(entry: Any) -> str:
    """The year without a suffix an earlier pass may have added."""
    year = str(entry.fields.get("year", "")).strip() or NO_YEAR
    match = SUFFIXED.match(year)
    return match.group(1) if match else year


def _letters(index: int) -> str:
    """a, b, …, z, aa, ab, …"""
    return ascii_lowercase[index] if index < 26 else _letters(index // 26 - 1) + ascii_lowercase[index % 26]


def disambiguated_years(entries: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """The year each (key, pybtex entry) should show: the plain year, or the year with a letter when several
    works share author and year (ordered by title, then key)."""
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    years = {}
    for key, entry in entries:
        year = _base_year(entry)
        years[key] = year
        title = re.sub(r"[{}]", "", str(entry.fields.get("title", ""))).casefold()
        groups[(_cited_author(entry).casefold(), year)].append((title, key))
    for (_, year), works in groups.items():
        if len(works) > 1:
            for index, (_, key) in enumerate(sorted(works)):
                years[key] = f"{year}-{_letters(index)}" if year == NO_YEAR else f"{year}{_letters(index)}"
    return years


def _disambiguate(app: Sphinx) -> None:
    """Rewrite the years of the parsed bibliography (after sphinxcontrib-bibtex has read it)."""
    entries = app.env.get_domain("cite").bibdata.data.entries  # type: ignore[attr-defined]
    for key, year in disambiguated_years(entries.items()).items():
        if year != NO_YEAR:
            entries[key].fields["year"] = year


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _disambiguate, priority=800)  # after sphinxcontrib-bibtex parsed the .bib files
    return {"parallel_read_safe": True, "parallel_write_safe": True}
