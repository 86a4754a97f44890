"""The sources profile as a chart and as tables for the "Data and methods" appendix."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from sahelreport.book.tables import markdown_table, plain_text, table_directive
from sahelreport.data.source_rules import SOURCE_KINDS
from sahelreport.data.sources_profile import BANNED_LABEL, SourcesProfile, profile_frame, target_results
from sahelreport.figures import style
from sahelreport.figures.legends import fitted_legend
from sahelreport.figures.texts import text
from sahelreport.language import format_number

KIND_COLOURS = {
    "official": style.OKABE_ITO["blue"],
    "wire": style.OKABE_ITO["sky"],
    "press": style.OKABE_ITO["green"],
    "state-media": style.OKABE_ITO["yellow"],
    "research": style.OKABE_ITO["purple"],
    "reference": style.OKABE_ITO["grey"],
    "opinion": style.OKABE_ITO["orange"],
    "unclassified": style.OKABE_ITO["black"],
}


def _label(group: str) -> str:
    """A group's name for readers: 'all sources', 'the data', 'chapter border', 'events rated high'."""
    named = {"all": "profile.all", "data": "profile.data", "chapter: index": "profile.front-page"}
    if group in named:
        return text(named[group])
    if group.startswith("chapter: "):
        return text("profile.chapter", chapter=text(f"chapter.{group.removeprefix('chapter: ')}"))
    if group.startswith("events: "):
        return text("profile.events-rated", confidence=text(f"confidence.{group.removeprefix('events: ')}"))
    return group


def percent(share: float, spec: str = ".0%") -> str:
    """A share as a percentage in the language's usage: '25%', '25 %'."""
    return text("percent", value=format_number(share * 100, spec.replace("%", "f")))


def kind_label(kind: str) -> str:
    """A kind of source as readers see it: its code in English ('state-media'), its name in French."""
    return text(f"source-kind.{kind}")


def target_label(label: str) -> str:
    """A target of the sources policy as readers see it: the banned hosts, or the kinds of source it counts."""
    if label == BANNED_LABEL:
        return text("profile.target.banned-hosts")
    return " + ".join(kind_label(kind) for kind in label.split(" + "))


def sources_profile_chart(profile: SourcesProfile, source: str | None = None) -> Figure:
    """Share of each kind of source, overall, for the data, per chapter and per confidence level."""
    source = source or text("profile.source")
    frame = profile_frame(profile)
    kinds = [k for k in frame.columns if k != "total"]
    shares = frame[kinds].div(frame["total"].where(frame["total"] > 0, 1), axis=0)
    style.apply()
    fig, ax = plt.subplots(figsize=(style.FULL_WIDTH_IN, 0.28 * len(frame) + 1.6), layout="constrained")
    rows = list(range(len(frame)))[::-1]
    left = [0.0] * len(frame)
    for kind in kinds:
        values = list(shares[kind])
        ax.barh(rows, values, left=left, color=KIND_COLOURS.get(kind, "#666666"), edgecolor="white",
                linewidth=0.4, label=kind_label(kind), height=0.72)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(rows, [f"{_label(g)} ({format_number(int(n))})" for g, n in zip(frame.index, frame["total"],
                                                                                   strict=True)])
    ax.set_xlim(0, 1)
    ticks = [0, 0.25, 0.5, 0.75, 1]
    ax.set_xticks(ticks, [percent(t) for t in ticks])
    ax.set_xlabel(text("axis.share-of-sources"))
    fitted_legend(ax, ax.get_legend_handles_labels()[0], ncols=len(kinds), loc="lower left", bbox_to_anchor=(0, 1.0),
                  fontsize=7, handlelength=1.2, columnspacing=0.9)
    style.add_source_line(fig, source)
    return fig


def source_kinds_markdown(profile: SourcesProfile, *, caption: str = "") -> str:
    """Each kind of source: what it covers and how many of the cited sources are of that kind."""
    counts = profile.kinds("all")
    total = sum(counts.values())
    rows = [(f"`{kind}`", plain_text(text(f"source-kind-meaning.{kind}")), format_number(counts.get(kind, 0)),
             percent(counts.get(kind, 0) / total) if total else "–")
            for kind in SOURCE_KINDS]
    table = markdown_table((text("table.kind"), text("table.what-it-covers"), text("table.cited"),
                            text("table.share")), rows)
    return table_directive(table, (2, 7, 1, 1), caption, longtable=False)


def profile_markdown(profile: SourcesProfile, *, caption: str = "") -> str:
    """The profile table: counts by kind for each group of citations."""
    frame = profile_frame(profile)
    header = (text("table.cited-by"), *[kind_label(k) for k in frame.columns])
    rows = [(plain_text(_label(g)), *[format_number(int(v)) for v in frame.loc[g]]) for g in frame.index]
    table = markdown_table(header, rows)
    return table_directive(table, (4, *[1] * len(frame.columns)), caption, longtable=False)


def targets_markdown(profile: SourcesProfile, rules, *, caption: str = "") -> str:
    """The sources policy's targets and whether this edition meets them."""
    words = {"<=": "at-most", ">=": "at-least", "==": "exactly"}
    rows = [(plain_text(target_label(label)), percent(share, ".1%"),
             plain_text(text(f"table.{words[comparison]}", value=percent(target))), text("table.yes" if met else "table.no"))
            for label, share, comparison, target, met in target_results(profile, rules)]
    table = markdown_table((text("table.measure"), text("table.this-edition"), text("table.target"), text("table.met")),
                           rows)
    return table_directive(table, (6, 2, 2, 1), caption, longtable=False)
