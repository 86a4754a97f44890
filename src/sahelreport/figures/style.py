"""House style shared by every map and chart: palette, fonts, sizes, source lines."""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import matplotlib.style
from matplotlib.figure import Figure

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#999999",
}
EVENT_TYPE_COLOURS = {
    "diplomatic": OKABE_ITO["blue"],
    "military": OKABE_ITO["vermillion"],
    "political": OKABE_ITO["purple"],
    "agreement": OKABE_ITO["green"],
    "economic": OKABE_ITO["orange"],
    "legal": OKABE_ITO["sky"],
}
EVENT_TYPE_MARKERS = {
    "diplomatic": "s", "military": "X", "political": "D", "agreement": "o", "economic": "^", "legal": "P",
}
LAND = {"focus": "#F3E9D2", "mali": "#E8D3A9", "algeria": "#D9E4C7", "other": "#EFEFEF", "sea": "#DCEAF2"}
BORDER_HIGHLIGHT = OKABE_ITO["vermillion"]
CLAIM_EDGE = OKABE_ITO["purple"]
DISPUTED = OKABE_ITO["grey"]
TEXT = "#222222"
FULL_WIDTH_IN = 6.3  # A4 text width at the PDF's margins
SOURCE_FONT_SIZE = 6.5
DISCLAIMER = "Boundaries and names shown do not imply endorsement or acceptance by the Sahel Report."

RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.titlesize": 9.5,
    "axes.labelsize": 8.5,
    "axes.edgecolor": "#555555",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.fontsize": 7.5,
    "legend.frameon": False,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "svg.fonttype": "path",
    "svg.hashsalt": "sahel-report",
    "pdf.fonttype": 42,
    "path.simplify": True,
    "text.parse_math": False,  # data text (event and place names) is never read as maths
}


def apply() -> None:
    """Set the house style for every later figure in this process."""
    mpl.style.use(RC)


def add_source_line(fig: Figure, source: str, disclaimer: bool = False) -> None:
    """Write the source line (and for maps the no-endorsement disclaimer) under the figure."""
    width = int(fig.get_figwidth() * 72 / (SOURCE_FONT_SIZE * 0.56))  # characters that fit the figure
    text = textwrap.fill(f"Source: {source}", width)
    if disclaimer:
        text += f"\n{DISCLAIMER}"
    # supxlabel, unlike fig.text, gets its own space from the constrained layout: no overlap.
    fig.supxlabel(text, x=0.01, ha="left", fontsize=SOURCE_FONT_SIZE, color="#444444", linespacing=1.4)
