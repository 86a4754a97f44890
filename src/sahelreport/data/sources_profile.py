"""The sources profile: what kinds of source the text and the data cite, and which rows break a rule."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sahelreport import paths
from sahelreport.data.bibliography import Source, cited_keys, read_bibliography
from sahelreport.data.schema import load_schema
from sahelreport.data.source_rules import (
    SOURCE_KINDS,
    banned_host,
    claim_source_problems,
    event_source_problems,
    host_rules,
)
from sahelreport.data.validate import CITING_COLUMNS, read_table, split_list

UNKNOWN = "unclassified"
BANNED_LABEL = "banned hosts (mirror, fork, proxy, content farm, aggregator)"
TARGETS = (  # (label, kinds, comparison, share); the label is the kinds joined by " + "
    ("reference", ("reference",), "<=", 0.05),
    ("official", ("official",), ">=", 0.08),
    ("official + wire + research", ("official", "wire", "research"), ">=", 0.30),
)


@dataclass
class SourcesProfile:
    """Cited keys by group (all, each chapter, the data, each confidence level) and rule breaches."""

    sources: dict[str, Source]
    groups: dict[str, list[str]] = field(default_factory=dict)
    flagged: list[str] = field(default_factory=list)

    def kinds(self, group: str) -> Counter[str]:
        return Counter(self.sources[k].kind if self.sources[k].kind in SOURCE_KINDS else UNKNOWN
                       for k in self.groups[group] if k in self.sources)

    def share(self, group: str, kinds: tuple[str, ...]) -> float:
        counts = self.kinds(group)
        total = sum(counts.values())
        return sum(counts[k] for k in kinds) / total if total else 0.0

    def banned(self, rules) -> list[str]:
        return sorted(k for k in self.groups["all"] if k in self.sources and banned_host(self.sources[k].host, rules))


def chapter_files(root: Path) -> list[Path]:
    """The front page and every chapter, in a stable order."""
    return [root / "index.md", *sorted((root / "chapters").glob("*.md"))]


def build_profile(root: Path | None = None) -> tuple[SourcesProfile, list]:
    """Read the bibliography, the data and the chapters; group cited keys; flag rule breaches."""
    root = root or paths.project().root
    sources, _ = read_bibliography(root / "references.bib")
    tables = load_schema(root / "data" / "datapackage.json")
    raws = {name: read_table(root / "data" / t.path, t, f"data/{t.path}")[0] for name, t in tables.items()}
    rules = host_rules(row for _, row in raws["source_hosts"].rows)
    profile = SourcesProfile(sources)
    everything: list[str] = []
    for path in chapter_files(root):
        keys = cited_keys(path.read_text(encoding="utf-8"))
        if keys:
            profile.groups[f"chapter: {path.stem}"] = keys
            everything += keys
    data_keys: list[str] = []
    for name, columns in CITING_COLUMNS.items():
        for _, row in raws[name].rows:
            data_keys += [k for c in columns for k in split_list(row[c])]
    profile.groups["data"] = sorted(set(data_keys))
    for level in ("high", "medium", "low"):
        profile.groups[f"events: {level}"] = sorted({k for _, r in raws["events"].rows if r["confidence"] == level
                                                     for k in split_list(r["sources"])})
    profile.groups["all"] = sorted(set(everything) | set(data_keys))
    for table, rule in (("events", event_source_problems), ("claims", claim_source_problems)):
        for line, row in raws[table].rows:
            cited = [sources[k] for k in split_list(row["sources"]) if k in sources]
            for column, _value, message in rule(row, cited):
                profile.flagged.append(f"data/{tables[table].path} line {line} ({row['id']}), {column}: {message}")
    for key in profile.banned(rules):
        hit = banned_host(sources[key].host, rules)
        verdict = hit.verdict if hit else "banned"
        profile.flagged.append(f"references.bib line {sources[key].line} ({key}): on a {verdict} host {sources[key].host}")
    for key in profile.groups["all"]:
        if key in sources and sources[key].kind not in SOURCE_KINDS:
            profile.flagged.append(f"references.bib line {sources[key].line} ({key}): no known kind")
    return profile, rules


def profile_frame(profile: SourcesProfile) -> pd.DataFrame:
    """One row per group, one column per kind (counts), then the total."""
    order = ["all", "data", *[g for g in profile.groups if g.startswith("chapter")],
             *[g for g in profile.groups if g.startswith("events")]]
    kinds = [*SOURCE_KINDS, UNKNOWN]
    rows = []
    for group in order:
        counts = profile.kinds(group)
        rows.append({"group": group, **{k: counts.get(k, 0) for k in kinds}, "total": sum(counts.values())})
    frame = pd.DataFrame(rows).set_index("group")
    if not frame[UNKNOWN].any():
        frame = frame.drop(columns=UNKNOWN)
    return frame


def target_results(profile: SourcesProfile, rules) -> list[tuple[str, float, str, float, bool]]:
    """Each target of the sources policy: (label, share measured, comparison, target, met)."""
    results = []
    total = len([k for k in profile.groups["all"] if k in profile.sources])
    banned = len(profile.banned(rules))
    results.append((BANNED_LABEL, banned / total if total else 0.0, "==", 0.0, banned == 0))
    for label, kinds, comparison, target in TARGETS:
        share = profile.share("all", kinds)
        met = share <= target if comparison == "<=" else share >= target
        results.append((label, share, comparison, target, met))
    return results


def format_profile(profile: SourcesProfile, rules) -> str:
    """The profile as plain text for the terminal."""
    frame = profile_frame(profile)
    lines = ["Sources cited by the text and the data, by kind (counts of distinct entries)", "",
             frame.to_string(), ""]
    all_counts = profile.kinds("all")
    total = sum(all_counts.values())
    lines.append("Shares of all cited sources: " + ", ".join(
        f"{k} {all_counts.get(k, 0) / total:.1%}" for k in frame.columns if k != "total"))
    lines.append("")
    lines.append("Targets:")
    for label, share, comparison, target, met in target_results(profile, rules):
        lines.append(f"  {'ok  ' if met else 'MISS'} {label}: {share:.1%} (target {comparison} {target:.0%})")
    lines.append("")
    lines.append(f"Rows and entries flagged by a rule: {len(profile.flagged)}")
    lines += [f"  - {f}" for f in profile.flagged]
    return "\n".join(lines)


def main() -> int:
    profile, rules = build_profile()
    print(format_profile(profile, rules))
    return 0
