"""Numbers about the border that the text states, derived from the vendored boundary layers and the gazetteer."""

from __future__ import annotations

from collections.abc import Sequence

from sahelreport import geo
from sahelreport.data.load import Dataset


def border_length_gap_pct(generalised: str = "natural-earth-10m", detailed: str = "openstreetmap") -> float:
    """How much shorter the border is on a generalised line than on a detailed one, in % of the detailed length."""
    return 100 * (1 - geo.border_length_km(generalised) / geo.border_length_km(detailed))


def capital_scale_error_pct(ds: Dataset, place_ids: Sequence[str] = ("bamako", "algiers")) -> float:
    """The map projection's largest scale error between the southernmost and northernmost of some places, in %."""
    places = ds.places.set_index("id")
    missing = [p for p in place_ids if p not in places.index]
    if missing:
        raise KeyError(f"no place {', '.join(missing)} in data/places.csv")
    lats = places.loc[list(place_ids), "lat"].astype(float)
    return geo.max_scale_error_pct(lats.min(), lats.max())


def azawad_share_pct() -> float:
    """The area claimed as Azawad in 2012 as a share of Mali's area, in %."""
    return 100 * geo.azawad_area_km2() / geo.geodesic_area_km2(geo.country_shapes()["MLI"])
