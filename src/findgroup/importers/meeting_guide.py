"""Code for Recovery "Meeting Guide" JSON feeds to findgroup catalogue data.

Tolerant of real feeds (see the research notes): day numbers (Sunday = 0), lists or names of
days, "7:00 PM" times, types as lists or comma strings, online status derived from real join
details (as TSML does), and addresses given whole or in parts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from findgroup.clock import time_of_day
from findgroup.text import normalise

MG_DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
AUDIENCE_TYPES = {
    "W": "women",
    "M": "men",
    "LGBTQ": "lgbtq",
    "G": "lgbtq",
    "L": "lgbtq",
    "BI": "lgbtq",
    "T": "lgbtq",
    "NB": "lgbtq",
    "Y": "young-people",
    "SEN": "older-adults",
}
LANGUAGE_TYPES = {
    "EN": "en",
    "S": "es",
    "FR": "fr",
    "DE": "de",
    "ITA": "it",
    "POL": "pl",
    "POR": "pt",
    "RUS": "ru",
    "KOR": "ko",
    "JA": "ja",
    "AR": "ar",
    "FA": "fa",
    "HE": "he",
    "HI": "hi",
    "NL": "nl",
    "SV": "sv",
    "DA": "da",
    "NO": "no",
    "FI": "fi",
    "EL": "el",
    "TUR": "tr",
    "UK": "uk",
    "TH": "th",
    "TL": "tl",
    "PUN": "pa",
    "AM": "am",
    "BG": "bg",
    "HR": "hr",
    "HU": "hu",
    "LT": "lt",
    "SK": "sk",
    "SL": "sl",
    "KA": "ka",
    "ML": "ml",
    "NE": "ne",
}
COUNTRY_NAMES = {
    "usa": "US",
    "us": "US",
    "united states": "US",
    "uk": "GB",
    "united kingdom": "GB",
    "canada": "CA",
    "australia": "AU",
    "ireland": "IE",
}
PLATFORMS = {
    "zoom.us": "Zoom",
    "meet.google.com": "Google Meet",
    "teams.microsoft.com": "Teams",
    "teams.live.com": "Teams",
    "webex.com": "Webex",
    "meet.jit.si": "Jitsi",
}
_TAGS = re.compile(r"<[^>]+>")


class RowError(ValueError):
    """A feed row that cannot be converted; the message says why."""


@dataclass
class Imported:
    """The converted catalogue data and what happened on the way."""

    groups: list[dict[str, Any]] = field(default_factory=list)
    meetings: int = 0
    closed: int = 0
    problems: list[str] = field(default_factory=list)


def _types(row: dict[str, Any]) -> list[str]:
    raw = row.get("types") or []
    if isinstance(raw, str):
        raw = raw.split(",")
    return [str(t).strip().upper() for t in raw if str(t).strip()]


def _days(row: dict[str, Any]) -> list[str]:
    raw = row.get("day")
    items = raw if isinstance(raw, list) else [raw]
    days = []
    for item in items:
        if item is None or item == "":
            continue
        text = str(item).strip().lower()
        if text.isdigit() and int(text) in range(7):
            days.append(MG_DAYS[int(text)])
        elif text[:3] in {d[:3] for d in MG_DAYS}:
            days.append(next(d for d in MG_DAYS if d[:3] == text[:3]))
        else:
            raise RowError(f"day {item!r} is not 0-6 (Sunday = 0) or a day name")
    if not days:
        raise RowError("no day (a meeting by appointment cannot be listed)")
    return days


def parse_time(value: Any) -> dt.time:
    """`19:00`, `7:00 PM`, `7pm` or `19:00:00` as a time."""
    found = time_of_day(str(value or ""))
    if found is None:
        raise RowError(f"time {value!r} is not a time like 19:00 or 7:00 PM")
    return found


def _duration(start: dt.time, end: Any) -> int | None:
    if not end:
        return None
    stop = parse_time(end)
    minutes = (stop.hour * 60 + stop.minute) - (start.hour * 60 + start.minute)
    return minutes if minutes > 0 else minutes + 1440


def _location(row: dict[str, Any]) -> dict[str, Any] | None:
    loc: dict[str, Any] = {}
    if row.get("location"):
        loc["venue"] = str(row["location"]).strip()
    if row.get("address") or row.get("city"):
        for ours, theirs in (
            ("address", "address"),
            ("city", "city"),
            ("region", "state"),
            ("postcode", "postal_code"),
            ("postcode", "zip"),
        ):
            if row.get(theirs) and ours not in loc:
                loc[ours] = str(row[theirs]).split("@")[0].strip()
        country = COUNTRY_NAMES.get(str(row.get("country", "")).strip().lower())
        if country:
            loc["country"] = country
    elif row.get("formatted_address"):
        loc.update(_split_address(str(row["formatted_address"])))
    for ours, theirs in (("lat", "latitude"), ("lon", "longitude")):
        with contextlib.suppress(KeyError, TypeError, ValueError):
            loc[ours] = float(row[theirs])
    if ("lat" in loc) != ("lon" in loc):
        loc.pop("lat", None)
        loc.pop("lon", None)
    order = ("venue", "address", "city", "region", "postcode", "country", "lat", "lon")
    return {key: loc[key] for key in order if key in loc} or None


def _split_address(text: str) -> dict[str, Any]:
    parts = [p.strip() for p in text.split(",") if p.strip()]
    out: dict[str, Any] = {}
    if parts and parts[-1].lower() in COUNTRY_NAMES:
        out["country"] = COUNTRY_NAMES[parts.pop().lower()]
    if parts:
        m = re.match(r"^([A-Za-z]{2})\s+(\d{5}(?:-\d{4})?)$", parts[-1])
        if m:
            parts.pop()
            out["region"], out["postcode"] = m.group(1).upper(), m.group(2)
    if len(parts) >= 2:
        out["city"] = parts.pop()
    if parts:
        out["address"] = ", ".join(parts)
    return out


def _join(row: dict[str, Any]) -> dict[str, Any] | None:
    join: dict[str, Any] = {}
    url = str(row.get("conference_url") or "").strip()
    if url.lower().startswith(("http://", "https://")):
        join["url"] = url
        host = (urlparse(url).hostname or "").lower()
        platform = next((name for dom, name in PLATFORMS.items() if host.endswith(dom)), None)
        if platform:
            join["platform"] = platform
    phone = str(row.get("conference_phone") or "").strip()
    if phone:
        join["phone"] = phone
    return join or None


def _clean(text: Any) -> str | None:
    if not text:
        return None
    cleaned = _TAGS.sub(" ", str(text).replace("<br>", "\n"))
    return " ".join(cleaned.split()) or None


def _updated(value: Any) -> dt.date | None:
    text = str(value or "").strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def slug(text: str) -> str:
    """A stable id fragment: lowercase words joined by '-'."""
    return "-".join(normalise(text).split())[:80] or "meeting"


# radon D: field-by-field conversion of a Meeting Guide row; each optional field is one branch
def convert_row(row: dict[str, Any], timezone: str | None) -> list[dict[str, Any]]:
    """One feed row as findgroup meetings (one per day); raises RowError."""
    if not isinstance(row, dict):
        raise RowError("not an object")
    tz = row.get("timezone") or timezone
    if not tz:
        raise RowError("no timezone in the feed; give --timezone")
    types = _types(row)
    if row.get("day") in (None, "", []) and not (row.get("time") or row.get("start_time")):
        raise RowError("no day or time (a meeting by appointment cannot be listed)")
    start = parse_time(row.get("time") or row.get("start_time"))
    join = _join(row)
    location = _location(row)
    approximate = str(row.get("approximate", "")).lower() in ("yes", "true", "1")
    in_person = location is not None and not approximate and "TC" not in types
    online = join is not None
    if not online and not in_person:
        raise RowError("neither an address nor a way to join online")
    if in_person and online:
        fmt = "hybrid"
    elif in_person:
        fmt = "in-person"
    else:
        fmt = "online" if join and join.get("url") else "phone"
    meeting: dict[str, Any] = {"format": fmt, "time": start.strftime("%H:%M"), "timezone": tz}
    duration = _duration(start, row.get("end_time"))
    if duration and duration != 60:
        meeting["duration"] = duration
    if in_person and location:
        meeting["location"] = location
    if join:
        meeting["join"] = join
    notes = [n for n in (_clean(row.get("name")), _clean(row.get("notes"))) if n]
    if notes:
        meeting["notes"] = " - ".join(notes)
    return [{"day": day, **meeting} for day in _days(row)]


# radon E: groups a feed's rows into groups and counts each reason a row was skipped; one branch
# per reason
def convert(
    rows: Sequence[Any],
    *,
    topics: Sequence[str],
    audience: Sequence[str] = (),
    timezone: str | None = None,
    organization: str | None = None,
    source: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Imported:
    """Convert a feed; meetings of the same `group` become one group with several meetings."""
    out = Imported()
    by_key: dict[str, dict[str, Any]] = {}
    used_ids: set[str] = set()
    for index, row in enumerate(rows):
        if progress and index % 200 == 0:
            progress(index, len(rows))
        if isinstance(row, dict) and "TC" in _types(row) and not _join(row):
            out.closed += 1
            continue
        try:
            meetings = convert_row(row, timezone)
        except RowError as exc:
            name = row.get("name") if isinstance(row, dict) else None
            out.problems.append(f"row {index}{f' ({name})' if name else ''}: {exc}; skipped")
            continue
        key = str(row.get("group") or "").strip()
        lookup = f"group:{normalise(key)}" if key else f"meeting:{row.get('slug') or index}"
        group = by_key.get(lookup)
        if group is None:
            base = slug(key or str(row.get("slug") or row.get("name") or f"meeting {index}"))
            ident, n = base, 2
            while ident in used_ids:
                ident, n = f"{base}-{n}", n + 1
            used_ids.add(ident)
            group = {"id": ident, "name": key or _clean(row.get("name")) or ident}
            if organization:
                group["organization"] = organization
            if _clean(row.get("group_notes")):
                group["description"] = _clean(row.get("group_notes"))
            group["topics"] = list(topics)
            group["_audiences"] = []
            group["_languages"] = []
            url = str(row.get("url") or "")
            if url.lower().startswith(("http://", "https://")):
                group["url"] = url
            if source:
                group["source"] = source
            group["meetings"] = []
            by_key[lookup] = group
        types = _types(row)
        group["_audiences"].append({AUDIENCE_TYPES[t] for t in types if t in AUDIENCE_TYPES})
        group["_languages"].append({LANGUAGE_TYPES[t] for t in types if t in LANGUAGE_TYPES})
        updated = _updated(row.get("updated"))
        if updated and (group.get("last_verified") is None or updated > group["last_verified"]):
            group["last_verified"] = updated
        group["meetings"].extend(meetings)
        out.meetings += len(meetings)
    for group in by_key.values():
        shared = set.intersection(*group.pop("_audiences")) if group["meetings"] else set()
        who = sorted(set(audience) | shared)
        if who:
            group["audience"] = who
        langs = sorted(set().union(*group.pop("_languages")))
        if langs:
            group["languages"] = langs
        out.groups.append(_ordered(group))
    return out


_ORDER = (
    "id",
    "name",
    "organization",
    "description",
    "topics",
    "audience",
    "languages",
    "url",
    "source",
    "last_verified",
    "meetings",
)


def _ordered(group: dict[str, Any]) -> dict[str, Any]:
    return {key: group[key] for key in _ORDER if key in group}
