"""What this machine says about the reader: timezone and country. Only the CLI calls this."""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name.removeprefix(":"))
    except (ValueError, OSError, KeyError):
        return None


def local_zone() -> ZoneInfo:
    """The machine's IANA zone: $TZ, else /etc/localtime's target, else UTC."""
    found = _zone(os.environ.get("TZ"))
    if found:
        return found
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        found = _zone(target.split("zoneinfo/", 1)[1])
        if found:
            return found
    return ZoneInfo("UTC")


def local_country(zone: ZoneInfo | None = None) -> str | None:
    """The reader's ISO country: from the locale ($LC_ALL, $LC_MESSAGES, $LANG), else the zone.

    The zone is the one given, else this machine's.
    """
    from findgroup import codes

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if "_" in value:
            country = value.split("_", 1)[1][:2].upper()
            if country in codes.countries():
                return country
    return codes.zone_country(str(zone or local_zone()))
