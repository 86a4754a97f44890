"""What changed in this edition: the working data compared with the previous edition's data in git history.

`editions.yml` lists every edition (version, date, commit); the last one is the edition being built (its commit
may still be empty: not yet tagged). The previous edition's files are read with `git show COMMIT:PATH`. Compared:
events (added, removed, changed field by field), claims (added, removed, status changed) and the sources (the
bibliography keys of references.bib). Without that history (a clone without it, a tarball) the page says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sahelreport import paths
from sahelreport.book.tables import markdown_table, plain_text, table_directive
from sahelreport.data.bibliography import ENTRY_START

EDITIONS_FILE = "editions.yml"
EVENTS, CLAIMS, BIBLIOGRAPHY = "data/events.csv", "data/claims.csv", "references.bib"
CHANGED_WIDTHS = (16, 12, 36, 36)  # event, field, old value, new value: long texts wrap in their columns


class EditionsError(ValueError):
    """editions.yml is missing, is not YAML, or an edition lacks its version or date."""


class HistoryUnavailable(RuntimeError):
    """The previous edition's files cannot be read from git (no repository, or the commit is not in it)."""


@dataclass(frozen=True)
class Edition:
    version: str
    date: dt.date
    commit: str  # "" while the edition is not tagged yet

    @property
    def short_commit(self) -> str:
        return self.commit[:7]


def read_editions(path: Path | None = None) -> list[Edition]:
    """The editions in editions.yml (default: the project's), oldest first."""
    path = path or paths.project().root / EDITIONS_FILE
    try:
        entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("editions")
    except FileNotFoundError:
        raise EditionsError(f"{path}: not found (the list of the report's editions)") from None
    except (yaml.YAMLError, ValueError) as error:  # ValueError: a date YAML reads but the calendar lacks
        raise EditionsError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(entries, list) or not entries:
        raise EditionsError(f"{path}: expected a list 'editions' with at least one edition")
    editions = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not entry.get("version") or not entry.get("date"):
            raise EditionsError(f"{path}: edition {number} needs a version and a date: {entry!r}")
        try:
            date = dt.date.fromisoformat(str(entry["date"]))
        except ValueError:
            raise EditionsError(f"{path}: edition {number} ({entry['version']}): date {entry['date']!r} is not "
                                "YYYY-MM-DD") from None
        editions.append(Edition(str(entry["version"]), date, str(entry.get("commit") or "")))
    return editions


def git_show(root: Path, commit: str, path: str) -> str:
    """The text of `path` at `commit` in the git repository at `root`; HistoryUnavailable when git cannot give it."""
    if not commit:
        raise HistoryUnavailable("the previous edition records no commit")
    try:
        result = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=root, capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise HistoryUnavailable(f"git could not be run: {error}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise HistoryUnavailable(message[-1] if message else f"git show {commit}:{path} failed")
    return result.stdout.decode("utf-8")


def fetch_editions(root: Path, source: Path) -> None:
    """Bring the recorded editions' commits (only those, without their history) from the git repository at
    `source` into the one at `root`: a copy of the project made with a fresh repository (a test's, a CI's
    shallow clone) then lists the same changes as the project. Editions git cannot find are left out."""
    for edition in read_editions(root / EDITIONS_FILE):
        if edition.commit:
            subprocess.run(["git", "fetch", "-q", "--depth=1", str(source), edition.commit], cwd=root,
                           capture_output=True, timeout=120)


def _rows(text: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The header and the rows by id of a CSV table."""
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), {row["id"]: row for row in reader}


def bib_keys(text: str) -> set[str]:
    """The entry keys of a BibTeX file."""
    return {match.group(1) for match in ENTRY_START.finditer(text)}


@dataclass
class Changes:
    """The differences between two editions' data."""

    events_added: list[dict[str, str]] = field(default_factory=list)
    events_removed: list[dict[str, str]] = field(default_factory=list)
    events_changed: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # id -> (field, old, new)
    event_fields_added: list[str] = field(default_factory=list)
    event_fields_removed: list[str] = field(default_factory=list)
    claims_added: list[str] = field(default_factory=list)
    claims_removed: list[str] = field(default_factory=list)
    claims_status: list[tuple[str, str, str]] = field(default_factory=list)  # (id, old status, new status)
    sources_added: list[str] = field(default_factory=list)
    sources_removed: list[str] = field(default_factory=list)


def compare(old: dict[str, str], new: dict[str, str]) -> Changes:
    """Compare two editions' files, given as texts by path (EVENTS, CLAIMS, BIBLIOGRAPHY).

    Only the fields both editions have are compared value by value; fields one of them lacks are listed apart."""
    old_fields, old_events = _rows(old[EVENTS])
    new_fields, new_events = _rows(new[EVENTS])
    common = [name for name in new_fields if name in old_fields and name != "id"]
    changes = Changes(
        events_added=[new_events[i] for i in sorted(new_events.keys() - old_events.keys())],
        events_removed=[old_events[i] for i in sorted(old_events.keys() - new_events.keys())],
        event_fields_added=[name for name in new_fields if name not in old_fields],
        event_fields_removed=[name for name in old_fields if name not in new_fields],
    )
    for event_id in sorted(old_events.keys() & new_events.keys()):
        differences = [(name, old_events[event_id][name], new_events[event_id][name]) for name in common
                       if old_events[event_id][name] != new_events[event_id][name]]
        if differences:
            changes.events_changed[event_id] = differences
    _, old_claims = _rows(old[CLAIMS])
    _, new_claims = _rows(new[CLAIMS])
    changes.claims_added = sorted(new_claims.keys() - old_claims.keys())
    changes.claims_removed = sorted(old_claims.keys() - new_claims.keys())
    changes.claims_status = [(i, old_claims[i]["status"], new_claims[i]["status"])
                             for i in sorted(old_claims.keys() & new_claims.keys())
                             if old_claims[i]["status"] != new_claims[i]["status"]]
    old_keys, new_keys = bib_keys(old[BIBLIOGRAPHY]), bib_keys(new[BIBLIOGRAPHY])
    changes.sources_added, changes.sources_removed = sorted(new_keys - old_keys), sorted(old_keys - new_keys)
    return changes


def working_files(root: Path) -> dict[str, str]:
    """The files compared, as they are in the working tree."""
    return {name: (root / name).read_text(encoding="utf-8") for name in (EVENTS, CLAIMS, BIBLIOGRAPHY)}


def edition_files(root: Path, edition: Edition) -> dict[str, str]:
    """The files compared, as they were at an edition's commit (HistoryUnavailable without that history)."""
    return {name: git_show(root, edition.commit, name) for name in (EVENTS, CLAIMS, BIBLIOGRAPHY)}


def _event_rows(events: list[dict[str, str]]) -> str:
    return markdown_table(("Event", "Date", "Title"), [
        (f"`{e['id']}`" if e["id"].replace("-", "").isalnum() else plain_text(e["id"]), plain_text(e["date"]),
         plain_text(e["title"])) for e in events])


def _value(value: str) -> str:
    """A field's value in the changes table: lists (a;b) spaced so they wrap, "(empty)" for none."""
    return plain_text(value.replace(";", "; ")) if value else "(empty)"


def _keys(keys: list[str]) -> str:
    return ", ".join(plain_text(k) for k in keys) if keys else "none"


SECTIONS = ("summary", "events_added", "events_removed", "events_changed", "claims", "sources")


def changes_markdown(changes: Changes, previous: Edition, current: Edition) -> dict[str, str]:
    """The parts of the "What changed in this edition" page (Markdown without headings: the page has them), by
    SECTIONS name."""
    since = f"edition {plain_text(previous.version)} ({previous.date.isoformat()}, commit {previous.short_commit})"
    summary = (f"Compared with {since}: {len(changes.events_added)} events added, {len(changes.events_removed)} "
               f"removed and {len(changes.events_changed)} changed; {len(changes.claims_status)} claims changed "
               f"status; {len(changes.sources_added)} sources added and {len(changes.sources_removed)} removed.\n")
    if changes.event_fields_added or changes.event_fields_removed:
        summary += (f"\nFields of the events table added in this edition: {_keys(changes.event_fields_added)}; "
                    f"removed: {_keys(changes.event_fields_removed)}. Values are compared in the fields both "
                    "editions have.\n")
    if changes.events_changed:
        rows = [(plain_text(event_id), f"`{name}`", _value(old), _value(new))
                for event_id, differences in changes.events_changed.items() for name, old, new in differences]
        table = markdown_table(("Event", "Field", f"In {previous.version}", f"In {current.version}"), rows)
        changed = ("Each changed field, with its value in the previous edition and in this one.\n\n"
                   + table_directive(table, CHANGED_WIDTHS, longtable=False))
    else:
        changed = "None.\n"
    claims = f"Claims added: {_keys(changes.claims_added)}. Claims removed: {_keys(changes.claims_removed)}.\n\n"
    claims += markdown_table(("Claim", f"Status in {previous.version}", f"Status in {current.version}"),
                             [tuple(plain_text(v) for v in row) for row in changes.claims_status]
                             ) if changes.claims_status else "No claim changed its status.\n"
    sources = (f"Bibliography entries added ({len(changes.sources_added)}): {_keys(changes.sources_added)}.\n\n"
               f"Bibliography entries removed ({len(changes.sources_removed)}): {_keys(changes.sources_removed)}.\n")
    return {
        "summary": summary,
        "events_added": _event_rows(changes.events_added) if changes.events_added else "None.\n",
        "events_removed": _event_rows(changes.events_removed) if changes.events_removed else "None.\n",
        "events_changed": changed,
        "claims": claims,
        "sources": sources,
    }


def unavailable_markdown(previous: Edition, reason: str) -> dict[str, str]:
    """What the page says when the previous edition's data are not in this copy's git history."""
    summary = (f"**The changes cannot be listed in this copy.** The previous edition, {plain_text(previous.version)} "
               f"({previous.date.isoformat()}), is commit {plain_text(previous.short_commit or 'unknown')}, and this "
               f"copy of the report has no git history that holds it (a clone without history, or a tarball): "
               f"{plain_text(reason)}. In a full clone of the repository, `sahelreport changes` lists them.\n")
    return {"summary": summary, **{name: "Not available in this copy (see above).\n" for name in SECTIONS[1:]}}


def page_markdown(root: Path | None = None) -> dict[str, str]:
    """The parts of the "What changed in this edition" page for the project at `root` (by SECTIONS name): the
    changes since the previous edition, or what is missing to list them. Missing history never raises."""
    root = root or paths.project().root
    editions = read_editions(root / EDITIONS_FILE)
    current = editions[-1]
    if len(editions) < 2:
        first = f"Edition {plain_text(current.version)} is the first edition of the report: nothing to compare.\n"
        return {"summary": first, **{name: "None.\n" for name in SECTIONS[1:]}}
    previous = editions[-2]
    try:
        old = edition_files(root, previous)
    except HistoryUnavailable as error:
        return unavailable_markdown(previous, str(error))
    return changes_markdown(compare(old, working_files(root)), previous, current)


TITLES = {"summary": "Summary", "events_added": "Events added", "events_removed": "Events removed",
          "events_changed": "Events changed", "claims": "Claims", "sources": "Sources"}


def main() -> int:
    """`sahelreport changes`: print the page's Markdown, a heading before each part."""
    print("\n".join(f"## {TITLES[name]}\n\n{text}" for name, text in page_markdown().items()))
    return 0
