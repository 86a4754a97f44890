"""House style shared by every map and chart: palette, fonts, sizes, source lines."""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import matplotlib.style
from matplotlib.figure import Figure

from sahelreport.figures.texts import text

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
# Schematic routes (data/routes.csv): a colour per route in the file's order; width by kind; line pattern by
# how the route is drawn (offshore dashed, as lines under water are; a route not published dotted, with arrows);
# routes suspended or abandoned faded.
ROUTE_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"], OKABE_ITO["purple"],
                 OKABE_ITO["orange"], OKABE_ITO["sky"])
ROUTE_WIDTHS = {"gas-pipeline": 1.9, "oil-pipeline": 1.9, "power-line": 1.3, "rail-line": 1.6, "road-corridor": 1.6,
                "access-corridor": 1.6}
ROUTE_PATTERNS = {"overland": "solid", "offshore": (0, (4, 1.5)), "converging": (0, (1, 1.2))}
ROUTE_FADED = {"suspended": 0.55, "abandoned": 0.4}  # alpha by status; others drawn in full


def route_style(index: int, kind: str, status: str, path: str) -> dict:
    """Matplotlib line properties of the index-th route: colour, width, pattern and alpha."""
    return {"color": ROUTE_COLOURS[index % len(ROUTE_COLOURS)], "linewidth": ROUTE_WIDTHS[kind],
            "linestyle": ROUTE_PATTERNS[path], "alpha": ROUTE_FADED.get(status, 1.0)}


LAND = {"focus": "#F3E9D2", "mali": "#E8D3A9", "algeria": "#D9E4C7", "other": "#EFEFEF", "sea": "#DCEAF2"}
BORDER_HIGHLIGHT = OKABE_ITO["vermillion"]
CLAIM_EDGE = OKABE_ITO["purple"]
DISPUTED = OKABE_ITO["grey"]
TEXT = "#222222"
FULL_WIDTH_IN = 6.3  # A4 text width at the PDF's margins
SOURCE_FONT_SIZE = 6.5

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


def __getattr__(name: str) -> str:
    """DISCLAIMER: the no-endorsement disclaimer of every map, in the process's language (read when asked for)."""
    if name == "DISCLAIMER":
        return text("map.disclaimer")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def apply() -> None:
    """Set the house style for every later figure in this process."""
    mpl.style.use(RC)


def source_text(fig_width_in: float, source: str, disclaimer: bool = False) -> str:
    """The source line as written under a figure of that width: wrapped, with the disclaimer for maps."""
    width = int(fig_width_in * 72 / (SOURCE_FONT_SIZE * 0.56))  # characters that fit the figure
    line = textwrap.fill(text("source-line", source=source), width)
    return f"{line}\n{text('map.disclaimer')}" if disclaimer else line


def add_source_line(fig: Figure, source: str, disclaimer: bool = False) -> None:
    """Write the source line (and for maps the no-endorsement disclaimer) under the figure."""
    lines = source_text(fig.get_figwidth(), source, disclaimer)
    # supxlabel, unlike fig.text, gets its own space from the constrained layout: no overlap.
    fig.supxlabel(lines, x=0.01, ha="left", fontsize=SOURCE_FONT_SIZE, color="#444444", linespacing=1.4)
