"""The catalogue format's fields, declared once: the loader checks them, `schema` prints them."""

from __future__ import annotations

from dataclasses import dataclass

ENUMS: dict[str, tuple[str, ...]] = {
    "format": ("in-person", "online", "hybrid", "phone"),
    "facilitation": ("peer", "professional", "mixed"),
    "cost": ("free", "donation", "paid"),
    "registration": ("required", "recommended", "none"),
}
EVERY = {
    "week": "week",
    "weekly": "week",
    "2 weeks": "2 weeks",
    "fortnight": "2 weeks",
    "fortnightly": "2 weeks",
    "month": "month",
    "monthly": "month",
}


@dataclass(frozen=True, slots=True)
class Field:
    """One key of an object: what kind of value it takes and whether it must be there.

    Kinds: text, line (text on one line), id, gid, int, number, bool, date, url, url-or-email,
    email, time, timezone, day, country, country-or-any, lang, enum, every, week, rrule,
    version, list, object.
    """

    kind: str
    required: bool = False
    item: Field | None = None
    obj: str | None = None
    enum: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    doc: str = ""


def _list(item: Field, doc: str, required: bool = False) -> Field:
    return Field("list", required=required, item=item, doc=doc)


OBJECTS: dict[str, dict[str, Field]] = {
    "file": {
        "format": Field("version", doc="Format version; only 1 exists"),
        "timezone": Field("timezone", doc="Default IANA timezone for meetings in this file"),
        "feedback": Field("url-or-email", doc="Where people send corrections"),
        "topics": _list(Field("object", obj="topic"), "The vocabulary of needs"),
        "audiences": _list(Field("object", obj="audience"), "Who groups are for"),
        "groups": _list(Field("object", obj="group"), "Peer support groups"),
        "crisis": _list(Field("object", obj="crisis"), "Crisis lines"),
    },
    "topic": {
        "id": Field("id", required=True, doc="Lowercase letters, digits and '-'; unique"),
        "name": Field("line", required=True, doc="The name shown to people"),
        "aliases": _list(Field("line"), "Other names people use"),
        "broader": _list(Field("id"), "Ids of wider topics"),
        "crisis": Field("bool", doc="Show crisis lines when a search matches this topic"),
    },
    "audience": {
        "id": Field("id", required=True, doc="Lowercase letters, digits and '-'; unique"),
        "name": Field("line", required=True, doc="The name shown to people"),
        "aliases": _list(Field("line"), "Other names people use"),
    },
    "group": {
        "id": Field("gid", required=True, doc="Unique and stable; scripts and links use it"),
        "name": Field("line", required=True, doc="The group's name"),
        "organization": Field("line", doc="The organisation that runs it"),
        "description": Field("text", doc="What the group is, in plain words"),
        "topics": _list(Field("id"), "Declared topic ids (at least one)", required=True),
        "audience": _list(Field("id"), "Declared audience ids"),
        "facilitation": Field("enum", enum="facilitation", doc="Who leads the meetings"),
        "cost": Field("enum", enum="cost", doc="What it costs"),
        "cost_note": Field("line", doc="Cost in words"),
        "languages": _list(Field("lang"), "ISO 639-1 language codes (default [en])"),
        "area": _list(Field("country"), "ISO 3166 country codes the group takes members from"),
        "url": Field("url", doc="The group's page (http or https)"),
        "finder_url": Field("url", doc="The organisation's own meeting finder"),
        "contact": Field("object", obj="contact", doc="Email and phone"),
        "registration": Field("enum", enum="registration", doc="Whether to sign up first"),
        "schedule_note": Field("text", doc="How to find times when there are no fixed meetings"),
        "source": Field("url", doc="Where the facts were checked"),
        "last_verified": Field("date", doc="When the entry was last checked (YYYY-MM-DD)"),
        "timezone": Field("timezone", doc="Default IANA timezone for this group's meetings"),
        "meetings": _list(Field("object", obj="meeting"), "Recurring sessions"),
        "formats": _list(
            Field("enum", enum="format"),
            "How it meets when there is no meeting list: in-person, online, hybrid, phone",
        ),
    },
    "meeting": {
        "format": Field("enum", required=True, enum="format", doc="How people attend"),
        "day": Field("day", doc="monday..sunday ('mon'..'sun' accepted); not with rrule"),
        "time": Field("time", required=True, doc="24-hour local start time, HH:MM"),
        "duration": Field("int", minimum=1, maximum=1440, doc="Minutes (default 60)"),
        "timezone": Field("timezone", doc="IANA timezone of the meeting"),
        "every": Field("every", doc="week | 2 weeks | month (default week)"),
        "weeks": _list(Field("week"), "With every: month, weeks of the month (1..5, -1 last)"),
        "from": Field("date", doc="First meeting date; needed with every: 2 weeks"),
        "until": Field("date", doc="Last meeting date"),
        "rrule": Field("rrule", doc="An RFC 5545 RRULE replacing day/every/weeks"),
        "location": Field("object", obj="location", doc="Where; needed in person and hybrid"),
        "join": Field("object", obj="join", doc="How to join; needed online, hybrid, phone"),
        "notes": Field("text", doc="Anything else about this meeting"),
    },
    "location": {
        "venue": Field("line", doc="Building or room"),
        "address": Field("line", doc="Street address"),
        "city": Field("line", doc="Town or city"),
        "region": Field("line", doc="County, state or province"),
        "postcode": Field("line", doc="Postcode or ZIP"),
        "country": Field("country", doc="ISO 3166 alpha-2 code"),
        "lat": Field("number", minimum=-90, maximum=90, doc="Latitude (with lon)"),
        "lon": Field("number", minimum=-180, maximum=180, doc="Longitude (with lat)"),
    },
    "join": {
        "url": Field("url", doc="Link to join"),
        "phone": Field("line", doc="Number to dial"),
        "platform": Field("line", doc="Zoom, Teams ..."),
    },
    "contact": {
        "email": Field("email", doc="Email address"),
        "phone": Field("line", doc="Phone number"),
    },
    "crisis": {
        "country": Field("country-or-any", required=True, doc="ISO 3166 code, or '*'"),
        "name": Field("line", required=True, doc="The service's name"),
        "phone": Field("line", doc="Number to call"),
        "text": Field("line", doc="How to text"),
        "url": Field("url", doc="Website"),
        "hours": Field("line", doc="When it answers"),
        "topics": _list(Field("id"), "Topic ids it is for (shown first when a search matches)"),
        "audience": _list(Field("id"), "Audience ids it is for (veterans, young people ...)"),
    },
}
