"""Open Referral (HSDS 3, and Open Referral UK 1.0) service directories to catalogue groups.

A directory's `/services` answers in pages: HSDS 3 with `contents`, `total_pages` and
`page_number`; Open Referral UK 1.0 with `content`, `totalPages` and `number`. Each service
becomes a group when a taxonomy term names a topic the vocabulary knows (or the subscription
gives topics); a directory lists every kind of service, and only the support ones belong
here. Schedules (`freq`, `byday`, `interval`, `dtstart`, `until`, `opens_at`) become
meetings; `assured_date` or `last_modified` becomes `last_verified`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from findgroup.feeds.shapes import Converted, content_id, number, text, web
from findgroup.feeds.zones import zone_for
from findgroup.text import normalise

BYDAY = {"MO": "monday", "TU": "tuesday", "WE": "wednesday", "TH": "thursday",
         "FR": "friday", "SA": "saturday", "SU": "sunday"}  # fmt: skip


def page_rows(document: Any) -> tuple[list[Any], int]:
    """A page's services and the number of pages; ValueError when it is not such a page."""
    if isinstance(document, dict):
        for rows, pages in (("contents", "total_pages"), ("content", "totalPages")):
            if isinstance(document.get(rows), list):
                total = document.get(pages)
                return document[rows], int(total) if isinstance(total, int) and total > 0 else 1
    if isinstance(document, list) and all(isinstance(r, dict) and "name" in r for r in document):
        return document, 1
    raise ValueError("the answer is not a page of Open Referral services")


def convert(
    pages: Sequence[Any],
    *,
    topics: Sequence[str],
    term_topics: Mapping[str, Sequence[str]],
    audience: Sequence[str] = (),
    timezone: str | None = None,
    country: str | None = None,
    source: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Converted:
    """Convert the pages of a directory: the services about a known topic."""
    out = Converted()
    rows = [row for page in pages for row in page_rows(page)[0]]
    for n, row in enumerate(rows):
        if progress and n % 200 == 0:
            progress(n, len(rows))
        if not isinstance(row, dict) or not text(row.get("name")):
            out.problems.append(f"service {n}: no name; skipped")
            continue
        found = _topics(row, term_topics) or list(topics)
        if not found:
            continue  # a service the vocabulary has no topic for (sport, housing ...)
        if str(row.get("status", "active")).lower() not in ("active", ""):
            out.closed += 1
            continue
        group = _group(row, found, audience, source)
        meetings = _meetings(row, timezone, country)
        if meetings:
            group["meetings"] = meetings
            out.meetings += len(meetings)
        elif not group.get("schedule_note"):
            group["schedule_note"] = "Ask the service when it meets."
        out.groups.append(group)
    return out


def _topics(row: Mapping[str, Any], term_topics: Mapping[str, Sequence[str]]) -> list[str]:
    found: list[str] = []
    terms = [a.get("taxonomy_term") for a in row.get("attributes") or [] if isinstance(a, dict)]
    terms += [t for t in row.get("taxonomy_terms") or [] if isinstance(t, dict)]  # ORUK 1.0
    for term in terms:
        if not isinstance(term, dict):
            continue
        for name in (term.get("name"), term.get("code")):
            for topic in term_topics.get(normalise(str(name or "")), ()):
                if topic not in found:
                    found.append(topic)
    return found


def _group(
    row: Mapping[str, Any], topics: list[str], audience: Sequence[str], source: str | None
) -> dict[str, Any]:
    name = text(row["name"]) or "Service"
    group: dict[str, Any] = {"id": content_id(name, row.get("id")), "name": name}
    org = row.get("organization")
    if isinstance(org, dict) and text(org.get("name")):
        group["organization"] = text(org["name"])
    if text(row.get("description")):
        group["description"] = str(row["description"]).strip()[:2000]
    group["topics"] = topics
    if audience:
        group["audience"] = list(audience)
    link = web(row.get("url"))
    if link:
        group["url"] = link
    phone = next(
        (text(p.get("number")) for p in row.get("phones") or [] if isinstance(p, dict)), None
    )
    email = text(row.get("email"))
    contact = {k: v.strip('"') for k, v in (("email", email), ("phone", phone)) if v}
    if contact:
        group["contact"] = contact
    if text(row.get("fees_description")):
        group["cost_note"] = text(row.get("fees_description"))
    if source:
        group["source"] = source
    when = _date(row.get("assured_date")) or _date(row.get("last_modified"))
    if when is not None and when <= dt.date.today():
        group["last_verified"] = when.isoformat()
    return group


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _meetings(
    row: Mapping[str, Any], timezone: str | None, country: str | None
) -> list[dict[str, Any]]:
    places = [
        s.get("location") for s in row.get("service_at_locations") or [] if isinstance(s, dict)
    ]
    place = next((p for p in places if isinstance(p, dict)), None)
    location, lat, lon, nation = _location(place, country)
    schedules = list(row.get("schedules") or [])
    for at in row.get("service_at_locations") or []:
        if isinstance(at, dict):
            schedules += list(at.get("schedules") or [])
    zone = zone_for(timezone, lat, lon, nation)
    link = web(row.get("url"))
    found: list[dict[str, Any]] = []
    for schedule in schedules:
        if not isinstance(schedule, dict) or zone is None:
            continue
        found += _from_schedule(schedule, zone, location, link)
    return found


def _location(
    place: Any, country: str | None
) -> tuple[dict[str, Any] | None, float | None, float | None, str | None]:
    if not isinstance(place, dict):
        return None, None, None, country
    lat, lon = number(place.get("latitude")), number(place.get("longitude"))
    address = next((a for a in place.get("addresses") or place.get("physical_addresses") or []
                    if isinstance(a, dict)), {})  # fmt: skip
    nation = (text(address.get("country")) or country or "").upper()[:2] or None
    found: dict[str, Any] = {
        "venue": text(place.get("name")),
        "address": text(address.get("address_1")),
        "city": text(address.get("city")),
        "region": text(address.get("state_province") or address.get("region")),
        "postcode": text(address.get("postal_code")),
        "country": nation,
    }
    if lat is not None and lon is not None:
        found["lat"], found["lon"] = lat, lon
    found = {k: v for k, v in found.items() if v is not None}
    kind = str(place.get("location_type") or "physical").lower()
    if kind != "physical" or not (found.get("address") or found.get("city")):
        return None, lat, lon, nation
    return found, lat, lon, nation


# radon D: HSDS schedules come in several shapes (byday, freq, opens_at, valid_from); one branch
# per field
def _from_schedule(
    schedule: Mapping[str, Any], zone: str, location: dict[str, Any] | None, link: str | None
) -> list[dict[str, Any]]:
    """The meetings one schedule describes (one per weekday), or none it cannot say."""
    freq = str(schedule.get("freq") or "").upper()
    opens = str(schedule.get("opens_at") or "")[:5]
    try:
        dt.time.fromisoformat(opens)
    except ValueError:
        return []
    if location is not None:
        fmt, extra = "in-person", {"location": location}
    elif link:
        fmt, extra = "online", {"join": {"url": link}}
    else:
        return []
    days = [d.strip().upper() for d in str(schedule.get("byday") or "").split(",") if d.strip()]
    base: dict[str, Any] = {"format": fmt, "time": opens, "timezone": zone, **extra}
    start = _date(schedule.get("dtstart"))
    until = _date(schedule.get("until"))
    if until is not None:
        if until < dt.date.today():
            return []
        base["until"] = until.isoformat()
    closes = str(schedule.get("closes_at") or "")[:5]
    with_duration = _duration(opens, closes)
    if with_duration:
        base["duration"] = with_duration
    interval = schedule.get("interval") if isinstance(schedule.get("interval"), int) else 1
    out = []
    for code in days:
        week, day = code[:-2], BYDAY.get(code[-2:])
        if day is None:
            continue
        meeting = {"day": day, **base}
        if freq == "WEEKLY" and interval == 2 and start is not None:
            meeting |= {"every": "2 weeks", "from": start.isoformat()}
        elif freq == "MONTHLY" and week.lstrip("+-").isdigit():
            meeting |= {"every": "month", "weeks": [int(week)]}
        elif freq != "WEEKLY" or interval != 1:
            continue
        out.append(meeting)
    return out


def _duration(opens: str, closes: str) -> int | None:
    try:
        a, b = dt.time.fromisoformat(opens), dt.time.fromisoformat(closes)
    except ValueError:
        return None
    minutes = (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)
    return minutes if 0 < minutes <= 12 * 60 else None
