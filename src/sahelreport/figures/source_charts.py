"""The sources profile as a chart and as tables for the "Data and methods" appendix."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from sahelreport.book.tables import markdown_table, plain_text, table_directive
from sahelreport.data.source_rules import SOURCE_KINDS
from sahelreport.data.sources_profile import SourcesProfile, profile_frame, target_results
from sahelreport.figures import style

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
PROFILE_SOURCE = "references.bib, data/*.csv and the chapters of this edition (Sahel Report, CC BY 4.0)."


def _label(group: str) -> str:
    """A group's name for readers: 'all sources', 'the data', 'chapter border', 'events rated high'."""
    named = {"all": "all sources", "data": "the data", "chapter: index": "front page"}
    return named.get(group, group.replace("chapter: ", "chapter ").replace("events: ", "events rated "))


def sources_profile_chart(profile: SourcesProfile, source: str = PROFILE_SOURCE) -> Figure:
    """Share of each kind of source, overall, for the data, per chapter and per confidence level."""
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
                linewidth=0.4, label=kind, height=0.72)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(rows, [f"{_label(g)} ({int(n)})" for g, n in zip(frame.index, frame["total"], strict=True)])
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("Share of the distinct sources cited (number of sources in brackets)")
    ax.legend(ncols=len(kinds), loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=7, handlelength=1.2,
              columnspacing=0.9)
    style.add_source_line(fig, source)
    return fig


def source_kinds_markdown(profile: SourcesProfile, *, caption: str = "") -> str:
    """Each kind of source: what it covers and how many of the cited sources are of that kind."""
    counts = profile.kinds("all")
    total = sum(counts.values())
    rows = [(f"`{kind}`", plain_text(meaning), str(counts.get(kind, 0)),
             f"{counts.get(kind, 0) / total:.0%}" if total else "–")
            for kind, meaning in SOURCE_KINDS.items()]
    table = markdown_table(("Kind", "What it covers", "Cited", "Share"), rows)
    return table_directive(table, (2, 7, 1, 1), caption, longtable=False)


def profile_markdown(profile: SourcesProfile, *, caption: str = "") -> str:
    """The profile table: counts by kind for each group of citations."""
    frame = profile_frame(profile)
    header = ("Cited by", *frame.columns)
    rows = [(plain_text(_label(g)), *[str(int(v)) for v in frame.loc[g]]) for g in frame.index]
    table = markdown_table(header, rows)
    return table_directive(table, (4, *[1] * len(frame.columns)), caption, longtable=False)


def targets_markdown(profile: SourcesProfile, rules, *, caption: str = "") -> str:
    """The sources policy's targets and whether this edition meets them."""
    words = {"<=": "at most", ">=": "at least", "==": "exactly"}
    rows = [(plain_text(label), f"{share:.1%}", plain_text(f"{words[comparison]} {target:.0%}"), "yes" if met else "no")
            for label, share, comparison, target, met in target_results(profile, rules)]
    table = markdown_table(("Measure (share of all cited sources)", "This edition", "Target", "Met"), rows)
    return table_directive(table, (6, 2, 2, 1), caption, longtable=False)
