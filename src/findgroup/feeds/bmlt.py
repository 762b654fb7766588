"""BMLT root servers (Narcotics Anonymous meetings) to catalogue groups.

Read from `client_interface/json/?switcher=GetSearchResults&get_used_formats=1`, which answers
`{"meetings": [...], "formats": [...]}` with every value a string: `weekday_tinyint` 1-7 with
Sunday = 1, `start_time` "19:00:00", `duration_time` "01:30:00", `venue_type` 1 in person,
2 virtual, 3 hybrid, `time_zone` often empty, `formats` a comma-separated list of format keys
whose meanings GetFormats gives (women, men, LGBTQ, young people, temporarily closed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from findgroup.feeds.shapes import Converted, content_id, number, text, web
from findgroup.feeds.zones import zone_for

DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
VENUES = {"1": "in-person", "2": "online", "3": "hybrid"}
AUDIENCES = {
    "W": "women", "WOMEN": "women", "M": "men", "MEN": "men", "GL": "lgbtq", "LGBT": "lgbtq",
    "LGBTQ": "lgbtq", "LGBTQ+": "lgbtq", "Y": "young-people", "YP": "young-people",
}  # fmt: skip
ALPHA3 = {"USA": "US", "GBR": "GB", "CAN": "CA", "AUS": "AU", "IRL": "IE", "NZL": "NZ"}
CLOSED = frozenset({"TC", "TEMPCLOSED", "TEMPORARILY CLOSED"})


def feed_rows(document: Any) -> tuple[list[Any], list[Any]]:
    """The meetings and formats of a GetSearchResults answer; ValueError when it is not one."""
    if isinstance(document, dict) and isinstance(document.get("meetings"), list):
        return document["meetings"], list(document.get("formats") or [])
    if isinstance(document, list) and all(isinstance(r, dict) for r in document[:5]):
        if document and "weekday_tinyint" not in document[0]:
            raise ValueError("the answer is not a list of BMLT meetings")
        return document, []
    if isinstance(document, dict) and "error" in document:
        raise ValueError(f"the server answered an error: {text(document['error'])}")
    raise ValueError("the answer is not BMLT GetSearchResults JSON")


# radon D: groups a server's meetings and counts what was skipped and why; one branch per reason
def convert(
    document: Any,
    *,
    topics: Sequence[str],
    audience: Sequence[str] = (),
    timezone: str | None = None,
    country: str | None = None,
    source: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Converted:
    """Convert one answer; meetings of the same name at the same place become one group."""
    meetings, formats = feed_rows(document)
    meaning = _format_meanings(formats)
    out = Converted()
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for n, row in enumerate(meetings):
        if progress and n % 500 == 0:
            progress(n, len(meetings))
        if not isinstance(row, dict):
            out.problems.append(f"meeting {n}: not an object; skipped")
            continue
        codes = [c.strip() for c in str(row.get("formats") or "").split(",") if c.strip()]
        kinds = {meaning.get(c, c.upper()) for c in codes}
        meeting, where, why = _meeting(row, timezone, country)
        if meeting is None:
            if kinds & CLOSED and why == "no way to join":
                out.closed += 1
            else:
                out.problems.append(f"meeting {row.get('id_bigint', n)}: {why}; skipped")
            continue
        if kinds & CLOSED and meeting["format"] == "in-person":
            out.closed += 1
            continue
        name = text(row.get("meeting_name")) or "NA meeting"
        key = (name.casefold(), where)
        group = groups.get(key)
        if group is None:
            group = {
                "id": content_id(name, where),
                "name": name,
                "organization": "Narcotics Anonymous",
                "topics": list(topics),
                "_who": [],
                "meetings": [],
            }
            if source:
                group["source"] = source
            groups[key] = group
        group["_who"].append({AUDIENCES[k] for k in kinds if k in AUDIENCES})
        lang = text(row.get("lang_enum"))
        if lang and lang.lower() != "en" and len(lang) == 2:
            group.setdefault("languages", []).append(lang.lower())
        group["meetings"].append(meeting)
        out.meetings += 1
    for group in groups.values():
        shared = set.intersection(*group.pop("_who"))
        who = sorted(set(audience) | shared)
        if who:
            group["audience"] = who
        if "languages" in group:
            group["languages"] = sorted(set(group["languages"]))
        out.groups.append(group)
    return out


def _format_meanings(formats: Sequence[Any]) -> dict[str, str]:
    """Format key to its meaning's code (world id, else the key), upper case."""
    found = {}
    for f in formats:
        if isinstance(f, dict) and text(f.get("key_string")):
            key = str(f["key_string"]).strip()
            world = (text(f.get("world_id")) or key).upper()
            found[key] = (
                "TC"
                if "TEMPORARILY CLOSED" in (text(f.get("name_string")) or "").upper()
                else world
            )
    return found


# radon E: field-by-field conversion of a BMLT record; each optional field is one branch
def _meeting(
    row: dict[str, Any], timezone: str | None, country: str | None
) -> tuple[dict[str, Any] | None, str, str]:
    """The meeting, a key for its place, and why it could not be read (when it could not)."""
    try:
        day = DAYS[int(str(row.get("weekday_tinyint")).strip()) - 1]
        start = dt.time.fromisoformat(str(row.get("start_time") or "").strip()[:5])
    except (ValueError, IndexError):
        return None, "", "no valid weekday or start time"
    lat, lon = number(row.get("latitude")), number(row.get("longitude"))
    nation = _nation(row.get("location_nation")) or country
    zone = zone_for(text(row.get("time_zone")) or timezone, lat, lon, nation)
    if zone is None:
        return None, "", "no timezone (give --timezone when adding the source)"
    venue = VENUES.get(str(row.get("venue_type") or "1").strip(), "in-person")
    link = web(row.get("virtual_meeting_link"))
    phone = text(row.get("phone_meeting_number"))
    location = _location(row, lat, lon, nation) if venue != "online" else None
    if venue in ("in-person", "hybrid") and location is None:
        venue = "online" if (link or phone) else venue
        if venue != "online":
            return None, "", "in person, but no address"
    if venue in ("online", "hybrid") and not (link or phone):
        if venue == "online":
            return None, "", "no way to join"
        venue = "in-person"
    kind = venue if venue != "online" or link else "phone"
    meeting: dict[str, Any] = {"format": kind, "day": day, "time": start.strftime("%H:%M")}
    meeting["timezone"] = zone
    minutes = _minutes(row.get("duration_time"))
    if minutes and minutes != 60:
        meeting["duration"] = minutes
    if location is not None and meeting["format"] in ("in-person", "hybrid"):
        meeting["location"] = location
    if meeting["format"] != "in-person":
        meeting["join"] = {k: v for k, v in (("url", link), ("phone", phone)) if v}
    notes = text(row.get("comments"))
    if notes:
        meeting["notes"] = notes[:500]
    place = (location or {}).get("address") or (location or {}).get("venue") or link or phone or ""
    return meeting, f"{place}|{(location or {}).get('city', '')}".casefold(), ""


def _location(
    row: dict[str, Any], lat: float | None, lon: float | None, nation: str | None
) -> dict[str, Any] | None:
    found: dict[str, Any] = {
        "venue": text(row.get("location_text")),
        "address": text(row.get("location_street")),
        "city": text(row.get("location_municipality")),
        "region": text(row.get("location_province")),
        "postcode": text(row.get("location_postal_code_1")),
        "country": nation,
    }
    if lat is not None and lon is not None and (lat, lon) != (0.0, 0.0):
        found["lat"], found["lon"] = lat, lon
    found = {k: v for k, v in found.items() if v is not None}
    return found if found.get("address") or found.get("city") or found.get("venue") else None


def _minutes(value: Any) -> int | None:
    try:
        hours, minutes, *_ = (int(p) for p in str(value).split(":"))
    except (TypeError, ValueError):
        return None
    total = hours * 60 + minutes
    return total if 0 < total <= 24 * 60 else None


def _nation(value: Any) -> str | None:
    """An ISO country code from BMLT's nation field ("US", "USA", "Ireland"), or None."""
    found = text(value)
    if not found:
        return None
    from findgroup.codes import country_code

    return ALPHA3.get(found.upper()) or country_code(found)
