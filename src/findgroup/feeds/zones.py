"""A meeting's timezone when its feed gives none: the subscription's, its place's, its country's.

The place's zone comes offline from the meeting's coordinates (tzfpy: timezone polygons
compiled into the package; no network). A country with a single zone gives that zone.
"""

from __future__ import annotations

from functools import lru_cache


def zone_for(
    given: str | None, lat: float | None, lon: float | None, country: str | None
) -> str | None:
    """The IANA zone for a meeting, or None when nothing tells it."""
    if given and valid(given):
        return given
    if lat is not None and lon is not None and (lat, lon) != (0.0, 0.0):
        found = _at(round(lat, 4), round(lon, 4))
        if found:
            return found
    if country:
        zones = _country_zones().get(country.upper(), ())
        if len(zones) == 1:
            return zones[0]
    return None


@lru_cache(maxsize=4096)
def _at(lat: float, lon: float) -> str | None:
    from tzfpy import get_tz

    found = get_tz(lon, lat)
    return found if found and valid(found) else None


@lru_cache(maxsize=512)
def valid(name: str) -> bool:
    """True for an IANA zone this machine knows."""
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        return False
    return "/" in name or name == "UTC"


@lru_cache(maxsize=1)
def _country_zones() -> dict[str, tuple[str, ...]]:
    from findgroup.codes import zone_countries

    found: dict[str, list[str]] = {}
    for zone, country in zone_countries().items():
        found.setdefault(country, []).append(zone)
    return {country: tuple(zones) for country, zones in found.items()}
