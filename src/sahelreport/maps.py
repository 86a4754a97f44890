"""The report's maps. Each function takes the dataset and returns a finished matplotlib Figure."""

from __future__ import annotations

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd
import shapely
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib_scalebar.scalebar import ScaleBar

from . import geometry, style
from .data import Dataset

NE_CREDIT = "Natural Earth 10m v5.1.1 (public domain)"
OSM_CREDIT = "© OpenStreetMap contributors (ODbL)"
# Country labels and where to put them (lon, lat), chosen clear of towns and borders.
COUNTRY_LABELS = {
    "MLI": ("MALI", -3.5, 17.0), "DZA": ("ALGERIA", 2.5, 28.0), "NER": ("NIGER", 9.5, 17.5),
    "MRT": ("MAURITANIA", -11.0, 20.0), "MAR": ("MOROCCO", -6.5, 32.3), "ESH": ("WESTERN\nSAHARA", -13.2, 24.6),
    "LBY": ("LIBYA", 12.0, 27.0), "BFA": ("BURKINA\nFASO", 1.2, 11.4), "TUN": ("TUNISIA", 9.3, 34.5),
    "SEN": ("SENEGAL", -14.8, 14.6), "GIN": ("GUINEA", -11.0, 10.4),
}


def _countries() -> gpd.GeoDataFrame:
    frame = gpd.read_file(geometry.boundary_file("countries.geojson"))
    return frame.to_crs(geometry.SAHEL_CRS)


def _project(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame.to_crs(geometry.SAHEL_CRS)


def _points(places: pd.DataFrame) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        places.copy(),
        geometry=gpd.points_from_xy(places["lon"].astype(float), places["lat"].astype(float)),
        crs="EPSG:4326",
    )
    return _project(frame)


def _extent(ax: plt.Axes, lon_min: float, lat_min: float, lon_max: float, lat_max: float) -> None:
    box = gpd.GeoSeries([shapely.box(lon_min, lat_min, lon_max, lat_max)], crs="EPSG:4326")
    x0, y0, x1, y1 = box.to_crs(geometry.SAHEL_CRS).total_bounds
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)


def _frame_axes(ax: plt.Axes) -> None:
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#777777")
        spine.set_linewidth(0.6)
    ax.set_facecolor(style.LAND["sea"])
    ax.add_artist(ScaleBar(1, units="m", location="lower right", length_fraction=0.22,
                           box_alpha=0.7, font_properties={"size": 7}))


def _label_countries(ax: plt.Axes, labels: dict[str, tuple[str, float, float]]) -> None:
    points = gpd.GeoSeries(gpd.points_from_xy([v[1] for v in labels.values()], [v[2] for v in labels.values()]),
                           crs="EPSG:4326").to_crs(geometry.SAHEL_CRS)
    for (text, _, _), point in zip(labels.values(), points, strict=True):
        ax.text(point.x, point.y, text, ha="center", va="center", fontsize=7, color="#555555",
                fontweight="bold", alpha=0.9)


def regional_overview(ds: Dataset) -> Figure:
    """Mali, Algeria and their neighbours; the Mali–Algeria border highlighted; capitals marked."""
    style.apply()
    countries = _countries()
    fig, ax = plt.subplots(figsize=(style.FULL_WIDTH_IN, 5.6), layout="constrained")
    colours = countries["iso3"].map({"MLI": style.LAND["mali"], "DZA": style.LAND["algeria"]}).fillna(
        style.LAND["other"]
    )
    countries.plot(ax=ax, color=colours, edgecolor="#8a8a8a", linewidth=0.5)
    western_sahara = countries[countries.iso3 == "ESH"]
    western_sahara.boundary.plot(ax=ax, color=style.DISPUTED, linewidth=0.9, linestyle=(0, (3, 2)))
    border = gpd.GeoSeries([geometry.border_line("natural-earth-10m")], crs="EPSG:4326")
    _project(gpd.GeoDataFrame(geometry=border)).plot(ax=ax, color=style.BORDER_HIGHLIGHT, linewidth=2.4)
    capitals = _points(ds.places[ds.places["kind"] == "national-capital"])
    capitals.plot(ax=ax, color=style.TEXT, markersize=14, marker="s", zorder=5)
    for _, row in capitals.iterrows():
        ax.annotate(row["name_en"], (row.geometry.x, row.geometry.y), xytext=(4, 3),
                    textcoords="offset points", fontsize=7.5, color=style.TEXT, zorder=6)
    _extent(ax, -17.5, 9.5, 13.0, 37.5)
    _label_countries(ax, COUNTRY_LABELS)
    _frame_axes(ax)
    ax.legend(
        handles=[
            Line2D([], [], color=style.BORDER_HIGHLIGHT, linewidth=2.4, label="Mali–Algeria border"),
            Line2D([], [], color=style.DISPUTED, linewidth=0.9, linestyle=(0, (3, 2)),
                   label="Western Sahara (disputed territory)"),
            Line2D([], [], color=style.TEXT, marker="s", linestyle="", markersize=4, label="National capital"),
            Patch(facecolor=style.LAND["mali"], edgecolor="#8a8a8a", label="Mali"),
            Patch(facecolor=style.LAND["algeria"], edgecolor="#8a8a8a", label="Algeria"),
        ],
        loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=3, frameon=False,
    )
    style.add_source_line(
        fig,
        f"boundaries {NE_CREDIT}; places: Sahel Report gazetteer (CC BY 4.0). "
        "Albers equal-area projection (standard parallels 12°N, 32°N).",
        disclaimer=True,
    )
    return fig


# Every map of the report, by name: the benchmark and the tests iterate over this.
MAPS = {"regional_overview": regional_overview}
