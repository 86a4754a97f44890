"""Stage 2, geometry: the vendored boundary layers, the measures the text states, schematic placement."""

from sahelreport.geo.boundaries import (
    AZAWAD_REGIONS,
    REGION_BBOX,
    SAHEL_CRS,
    algeria_osm_shape,
    azawad_claim_shape,
    azawad_regions_missing,
    border_line,
    country_shapes,
    mali_region_shapes,
    mali_snapped_shape,
    place_in_country,
    wilaya_shapes,
)
from sahelreport.geo.measures import (
    GEOD,
    azawad_area_km2,
    border_length_km,
    border_sections_km,
    distance_to_border_km,
    geodesic_area_km2,
    geodesic_length_km,
    max_scale_error_pct,
)
from sahelreport.geo.schematic import point_across_border

__all__ = [
    "AZAWAD_REGIONS", "GEOD", "REGION_BBOX", "SAHEL_CRS", "algeria_osm_shape", "azawad_area_km2", "azawad_claim_shape",
    "azawad_regions_missing", "border_length_km", "border_line", "border_sections_km", "country_shapes",
    "distance_to_border_km", "geodesic_area_km2", "geodesic_length_km", "mali_region_shapes", "mali_snapped_shape",
    "max_scale_error_pct", "place_in_country", "point_across_border", "wilaya_shapes",
]
