"""ZIP codes to coordinates, distances and New York regions, offline (the `zipcodes` package).

Shared by trainings and employers. Lookups go through an in-memory index built once,
because `zipcodes.matching` scans the whole list on every call (too slow for imports).
"""

import bisect
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import zipcodes
from django.core.exceptions import ValidationError
from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.utils.translation import gettext_lazy as _

EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE_LATITUDE = 69.0
ZIP_PATTERN = re.compile(r"^\d{5}$")

REGION_CHOICES = [
    ("capital-region", _("Capital Region")),
    ("central-new-york", _("Central New York")),
    ("finger-lakes", _("Finger Lakes")),
    ("long-island", _("Long Island")),
    ("mid-hudson", _("Mid-Hudson")),
    ("mohawk-valley", _("Mohawk Valley")),
    ("new-york-city", _("New York City")),
    ("north-country", _("North Country")),
    ("southern-tier", _("Southern Tier")),
    ("western-new-york", _("Western New York")),
]

# New York's ten Regional Economic Development Council regions, by county.
COUNTIES_BY_REGION = {
    "capital-region": ["Albany", "Columbia", "Greene", "Rensselaer", "Saratoga", "Schenectady", "Warren", "Washington"],
    "central-new-york": ["Cayuga", "Cortland", "Madison", "Onondaga", "Oswego"],
    "finger-lakes": ["Genesee", "Livingston", "Monroe", "Ontario", "Orleans", "Seneca", "Wayne", "Wyoming", "Yates"],
    "long-island": ["Nassau", "Suffolk"],
    "mid-hudson": ["Dutchess", "Orange", "Putnam", "Rockland", "Sullivan", "Ulster", "Westchester"],
    "mohawk-valley": ["Fulton", "Herkimer", "Montgomery", "Oneida", "Otsego", "Schoharie"],
    "new-york-city": ["Bronx", "Kings", "New York", "Queens", "Richmond"],
    "north-country": ["Clinton", "Essex", "Franklin", "Hamilton", "Jefferson", "Lewis", "St. Lawrence"],
    "southern-tier": ["Broome", "Chemung", "Chenango", "Delaware", "Schuyler", "Steuben", "Tioga", "Tompkins"],
    "western-new-york": ["Allegany", "Cattaraugus", "Chautauqua", "Erie", "Niagara"],
}
REGION_BY_COUNTY = {county: region for region, counties in COUNTIES_BY_REGION.items() for county in counties}


@dataclass(frozen=True)
class ZipInfo:
    zip_code: str
    city: str
    state: str
    county: str
    latitude: float
    longitude: float

    @property
    def ny_region(self):
        """The New York region slug for this ZIP's county, or "" outside New York."""
        if self.state != "NY":
            return ""
        county = self.county.removesuffix(" County").replace("St ", "St. ")
        return REGION_BY_COUNTY.get(county, "")


@lru_cache(maxsize=1)
def _zip_index():
    index = {}
    for record in zipcodes.list_all():
        if not record.get("lat") or not record.get("long"):
            continue
        index[record["zip_code"]] = ZipInfo(
            zip_code=record["zip_code"],
            city=record["city"],
            state=record["state"],
            county=record.get("county") or "",
            latitude=float(record["lat"]),
            longitude=float(record["long"]),
        )
    return index


def normalize_zip(value):
    """'12207-1234' or ' 12207 ' -> '12207'; anything else -> None."""
    if value is None:
        return None
    text = str(value).strip()[:10]
    text = text.split("-", 1)[0]
    return text if ZIP_PATTERN.match(text) else None


def lookup_zip(value):
    """ZipInfo for a real US ZIP code, else None (malformed or unknown)."""
    zip_code = normalize_zip(value)
    if zip_code is None:
        return None
    return _zip_index().get(zip_code)


# What the trainings and employers searches say about a ZIP code they cannot use: one wording on both pages.
ZIP_FORMAT_MESSAGE = _("Enter a 5-digit ZIP code, such as 12207.")
ZIP_NOT_FOUND_MESSAGE = _("We couldn't find the ZIP code %(zip_code)s. Check it and try again.")


def clean_search_zip(value):
    """The ZipInfo for a ZIP code typed into a directory search, None when left blank.

    Raises ValidationError with the visitor's message: a malformed value (code "zip_format") or a well-formed ZIP
    code that does not exist (code "zip_not_found", naming the five digits read).
    """
    text = str(value or "").strip()
    if not text:
        return None
    zip_code = normalize_zip(text)
    if zip_code is None:
        raise ValidationError(ZIP_FORMAT_MESSAGE, code="zip_format")
    info = _zip_index().get(zip_code)
    if info is None:
        raise ValidationError(ZIP_NOT_FOUND_MESSAGE, code="zip_not_found", params={"zip_code": zip_code})
    return info


def ny_zip_codes():
    """Every New York ZIP code with coordinates, sorted (for synthetic data)."""
    return sorted(info.zip_code for info in _zip_index().values() if info.state == "NY")


def distance_miles(lat1, lon1, lat2, lon2):
    """Great-circle (haversine) distance in miles."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(a))


def distance_expression(latitude, longitude, latitude_field="latitude", longitude_field="longitude"):
    """`distance_miles` from (latitude, longitude) to each row's point, as a database expression (None for a row
    without one): for ordering nearest first in the query that reads the rows."""
    lat0, lon0 = Value(latitude, output_field=FloatField()), Value(longitude, output_field=FloatField())
    half_dlat = (Radians(F(latitude_field)) - Radians(lat0)) / 2
    half_dlon = (Radians(F(longitude_field)) - Radians(lon0)) / 2
    a = Power(Sin(half_dlat), 2) + Cos(Radians(lat0)) * Cos(Radians(F(latitude_field))) * Power(Sin(half_dlon), 2)
    return Value(2 * EARTH_RADIUS_MILES, output_field=FloatField()) * ASin(Sqrt(a))


@dataclass(frozen=True)
class BoundingBox:
    min_latitude: float
    max_latitude: float
    min_longitude: float
    max_longitude: float

    def as_filter(self, latitude_field="latitude", longitude_field="longitude"):
        """Keyword arguments for a queryset filter on indexed latitude/longitude columns."""
        return {
            f"{latitude_field}__gte": self.min_latitude,
            f"{latitude_field}__lte": self.max_latitude,
            f"{longitude_field}__gte": self.min_longitude,
            f"{longitude_field}__lte": self.max_longitude,
        }


def bounding_box(latitude, longitude, radius_miles):
    """A lat/long box that contains every point within radius_miles (a cheap, indexable pre-filter)."""
    delta_lat = radius_miles / MILES_PER_DEGREE_LATITUDE
    cos_lat = max(math.cos(math.radians(latitude)), 0.01)
    delta_lon = radius_miles / (MILES_PER_DEGREE_LATITUDE * cos_lat)
    return BoundingBox(latitude - delta_lat, latitude + delta_lat, longitude - delta_lon, longitude + delta_lon)


@lru_cache(maxsize=1)
def _zips_by_latitude():
    infos = sorted(_zip_index().values(), key=lambda info: info.latitude)
    return infos, [info.latitude for info in infos]


@lru_cache(maxsize=2048)
def zips_within(zip_code, radius_miles):
    """Every ZIP code whose point is within radius_miles (great-circle) of zip_code's, nearest first,
    as a tuple of (miles, zip_code); () for an unknown ZIP.

    Every employer of a ZIP has that ZIP's point (`EmployerSnippet.apply_zip`), so "within the radius"
    is exactly "its ZIP code is in this set", an equality lookup an index serves directly, unlike a
    two-dimensional range. Cached per (ZIP, radius): the form offers a few radii, and computing the
    set (a latitude band by bisection, then the exact distance) is worth doing once per pair."""
    center = lookup_zip(zip_code)
    if center is None:
        return ()
    infos, latitudes = _zips_by_latitude()
    box = bounding_box(center.latitude, center.longitude, radius_miles)
    first = bisect.bisect_left(latitudes, box.min_latitude)
    last = bisect.bisect_right(latitudes, box.max_latitude)
    found = []
    for info in infos[first:last]:
        if not box.min_longitude <= info.longitude <= box.max_longitude:
            continue
        miles = distance_miles(center.latitude, center.longitude, info.latitude, info.longitude)
        if miles <= radius_miles:
            found.append((miles, info.zip_code))
    found.sort()
    return tuple(found)


class Nearby:
    """The ZIP codes within `radius_miles` of `origin` (a ZipInfo), with their distances.

    A training's or an employer's point is its ZIP code's, so "within the radius" is "its ZIP code is in
    `zip_codes`" (an equality lookup on a filter field), and "nearest first" orders by the distance of each
    row's point (`distance_expression`, in the query that reads the rows). Places without a point (no ZIP code,
    or an unknown one) have no distance."""

    def __init__(self, origin, radius_miles):
        self.origin = origin
        self.radius = radius_miles
        self._miles = {zip_code: miles for miles, zip_code in zips_within(origin.zip_code, radius_miles)}

    @property
    def zip_codes(self):
        """The ZIP codes within the radius, nearest first."""
        return list(self._miles)

    def distance_expression(self, latitude_field="latitude", longitude_field="longitude"):
        """Each row's great-circle miles from the origin, as a database expression (see `distance_expression`)."""
        return distance_expression(self.origin.latitude, self.origin.longitude, latitude_field, longitude_field)

    def miles(self, zip_code):
        """Great-circle miles from the origin to `zip_code`'s point (within the radius or not); None without one."""
        if zip_code in self._miles:
            return self._miles[zip_code]
        info = _zip_index().get(zip_code or "")
        if info is None:
            return None
        return distance_miles(self.origin.latitude, self.origin.longitude, info.latitude, info.longitude)
