"""Results as plain records: the stable field names of the JSON, JSONL and CSV outputs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from findgroup.model import DAYS, Group, Meeting
from findgroup.rank import Result


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def meeting_record(meeting: Meeting, when: dt.datetime | None) -> dict[str, Any]:
    """One meeting as a JSON-ready dict; `next` is ISO 8601 with its UTC offset, or null."""
    loc, join = meeting.location, meeting.join
    return {
        "format": meeting.format,
        "day": DAYS[meeting.day] if meeting.day is not None else None,
        "time": meeting.time.strftime("%H:%M"),
        "timezone": meeting.timezone,
        "duration": meeting.duration,
        "every": meeting.every if not meeting.rrule else None,
        "weeks": list(meeting.weeks),
        "from": meeting.start.isoformat() if meeting.start else None,
        "until": meeting.until.isoformat() if meeting.until else None,
        "rrule": meeting.rrule,
        "location": _drop_none(
            {
                "venue": loc.venue,
                "address": loc.address,
                "city": loc.city,
                "region": loc.region,
                "postcode": loc.postcode,
                "country": loc.country,
                "lat": loc.lat,
                "lon": loc.lon,
            }
        )
        if loc
        else None,
        "join": _drop_none({"url": join.url, "phone": join.phone, "platform": join.platform})
        if join
        else None,
        "notes": meeting.notes,
        "next": when.isoformat() if when else None,
    }


def group_record(group: Group) -> dict[str, Any]:
    """The group's own fields as a JSON-ready dict (no search details)."""
    contact = group.contact
    return {
        "id": group.id,
        "name": group.name,
        "organization": group.organization,
        "description": group.description,
        "topics": list(group.topics),
        "audience": list(group.audience),
        "facilitation": group.facilitation,
        "cost": group.cost,
        "cost_note": group.cost_note,
        "languages": list(group.languages),
        "area": list(group.area),
        "formats": sorted(group.meets),
        "url": group.url,
        "finder_url": group.finder_url,
        "contact": _drop_none({"email": contact.email, "phone": contact.phone})
        if contact
        else None,
        "registration": group.registration,
        "schedule_note": group.schedule_note,
        "source": group.source,
        "last_verified": group.last_verified.isoformat() if group.last_verified else None,
    }


def result_record(
    result: Result,
    query: str | None = None,
    *,
    stale: bool = False,
    feedback: str | None = None,
    origin: tuple[str, str | None] | None = None,
) -> dict[str, Any]:
    """A search result: the group, its score, why it matched, its meetings, where to correct it."""
    record: dict[str, Any] = {"query": query} if query is not None else {}
    record |= group_record(result.group)
    record["stale"] = stale
    record["feedback"] = feedback
    record["source_name"] = origin[0] if origin else None
    record["source_fetched"] = origin[1] if origin else None
    record["score"] = result.score
    record["distance_km"] = None if result.distance_km is None else round(result.distance_km, 1)
    record["matched"] = [
        {"need": m.need, "topic": m.topic, "via": m.via, "score": m.score} for m in result.matched
    ]
    record["general_support"] = result.general
    record["part"] = result.part or None
    record["next"] = result.next.isoformat() if result.next else None
    record["meetings"] = [meeting_record(m, when) for m, when in result.meetings]
    return record


CSV_COLUMNS = (
    "id",
    "name",
    "organization",
    "score",
    "matched",
    "topics",
    "audience",
    "cost",
    "facilitation",
    "url",
    "finder_url",
    "schedule_note",
    "next",
    "next_format",
    "next_where",
    "last_verified",
)


# radon D: one cell per CSV column, each optional
def csv_row(record: dict[str, Any]) -> dict[str, str]:
    """Flatten a result record into the CSV columns (lists joined with ';')."""
    soonest = next((m for m in record["meetings"] if m["next"] == record["next"]), None)
    where = ""
    if soonest:
        loc, join = soonest["location"] or {}, soonest["join"] or {}
        where = ", ".join(str(v) for k, v in loc.items() if k not in ("lat", "lon")) or (
            join.get("url") or join.get("phone") or ""
        )
    row = {
        "id": record["id"],
        "name": record["name"],
        "organization": record["organization"] or "",
        "score": str(record["score"]),
        "matched": ";".join(sorted({m["topic"] or m["need"] for m in record["matched"]})),
        "topics": ";".join(record["topics"]),
        "audience": ";".join(record["audience"]),
        "cost": record["cost"] or "",
        "facilitation": record["facilitation"] or "",
        "url": record["url"] or "",
        "finder_url": record["finder_url"] or "",
        "schedule_note": record["schedule_note"] or "",
        "next": record["next"] or "",
        "next_format": soonest["format"] if soonest else "",
        "next_where": where,
        "last_verified": record["last_verified"] or "",
    }
    if "query" in record:
        row = {"query": record["query"], **row}
    return row
