"""One group in full (`show`) and the vocabulary (`topics`), as text or records."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from findgroup.index import Index
from findgroup.model import DAYS, Audience, CrisisLine, Group, Meeting, Topic
from findgroup.render.records import group_record, meeting_record
from findgroup.render.table import WIDTH, verified_text, when_text, zone_label
from findgroup.safe_text import clean

_EVERY = {"week": "every week", "2 weeks": "every 2 weeks", "month": "every month"}
_ORDINAL = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last"}


def _field(label: str, text: str) -> list[str]:
    return textwrap.wrap(
        clean(text),
        WIDTH,
        initial_indent=f"  {label:<16}",
        subsequent_indent=" " * 18,
        break_on_hyphens=False,
        break_long_words=False,
    )


def describe_recurrence(meeting: Meeting) -> str:
    """`Tuesdays at 19:00 London time, 1st and 3rd of the month`."""
    at = f"at {meeting.time:%H:%M} {zone_label(meeting.timezone)}"
    if meeting.rrule:
        return f"{at}, rule {meeting.rrule}"
    day = DAYS[meeting.day or 0].title() + "s"
    if meeting.every == "month":
        weeks = " and ".join(_ORDINAL[w] for w in meeting.weeks)
        text = f"{weeks} {DAYS[meeting.day or 0].title()} of the month {at}"
    else:
        text = f"{day} {at}, {_EVERY[meeting.every]}"
    if meeting.until:
        text += f", until {meeting.until:%d %b %Y}"
    return text


# radon D: the `show` layout, one optional line per field of a group
def show_text(
    group: Group,
    upcoming: Sequence[tuple[Meeting, list[dt.datetime]]],
    topics: Mapping[str, Topic],
    audiences: Mapping[str, Audience],
    feedback: str | None,
    tz: ZoneInfo,
    today: dt.date,
) -> str:
    """Everything about one group, for a person."""
    lines = textwrap.wrap(clean(group.name), WIDTH)
    names = {t: topics[t].name if t in topics else t for t in group.topics}
    who = [audiences[a].name if a in audiences else a for a in group.audience]
    rows: list[tuple[str, str | None]] = [
        ("Organisation:", group.organization),
        ("About:", group.description),
        ("Topics:", ", ".join(names.values())),
        ("For:", ", ".join(who) or "anyone affected"),
        (
            "Led by:",
            {
                "peer": "peers",
                "professional": "professionals",
                "mixed": "peers and professionals",
            }.get(group.facilitation or ""),
        ),
        (
            "Cost:",
            (group.cost or "not stated") + (f" ({group.cost_note})" if group.cost_note else ""),
        ),
        ("Sign up:", group.registration),
        ("Languages:", ", ".join(group.languages)),
        ("Takes members:", ", ".join(group.area) or None),
        ("When:", group.schedule_note),
    ]
    lines += [line for label, value in rows if value for line in _field(label, value)]
    for n, (meeting, dates) in enumerate(upcoming, 1):
        lines += _field(f"Meeting {n}:", f"{meeting.format}, {describe_recurrence(meeting)}")
        for when in dates:
            lines += _field("", "next " + when_text(when, meeting, tz))
        if not dates:
            lines += _field("", "no upcoming dates")
        if meeting.location:
            lines += _field("", "at " + meeting.location.summary())
        if meeting.join:
            how = meeting.join.url or meeting.join.phone or ""
            if meeting.join.platform:
                how += f" ({meeting.join.platform})"
            lines += _field("", "join " + how)
        if meeting.notes:
            lines += _field("", meeting.notes)
    contact = group.contact
    links: list[tuple[str, str | None]] = [
        ("Website:", group.url),
        ("Meeting finder:", group.finder_url),
        ("Email:", contact.email if contact else None),
        ("Phone:", contact.phone if contact else None),
        ("Source:", group.source),
        ("Checked:", verified_text(group.last_verified, today)),
        ("Corrections:", feedback),
    ]
    lines += [line for label, value in links if value for line in _field(label, value)]
    return "\n".join(lines) + "\n"


def show_record(
    group: Group, upcoming: Sequence[tuple[Meeting, list[dt.datetime]]], feedback: str | None
) -> dict[str, Any]:
    """Everything about one group, for scripts: `next` and `upcoming` on every meeting."""
    record = group_record(group)
    meetings = []
    for meeting, dates in upcoming:
        item = meeting_record(meeting, dates[0] if dates else None)
        item["upcoming"] = [d.isoformat() for d in dates]
        meetings.append(item)
    record["meetings"] = meetings
    record["feedback"] = feedback
    return record


def topic_records(index: Index) -> list[dict[str, Any]]:
    """The vocabulary, sorted by id, with narrower topics and group counts."""
    return [
        {
            "id": topic.id,
            "name": topic.name,
            "aliases": list(topic.aliases),
            "broader": list(topic.broader),
            "narrower": list(index.children(topic.id)),
            "crisis": topic.crisis,
            "groups": index.topic_count(topic.id),
        }
        for topic in sorted(index.topics().values(), key=lambda t: t.id)
    ]


def crisis_records(lines: Sequence[CrisisLine]) -> list[dict[str, Any]]:
    """Crisis lines for scripts."""
    return [
        {
            "country": c.country,
            "name": c.name,
            "phone": c.phone,
            "text": c.text,
            "url": c.url,
            "hours": c.hours,
        }
        for c in lines
    ]


def topics_text(records: Sequence[Mapping[str, Any]]) -> str:
    """The vocabulary for a person: one block a topic."""
    lines: list[str] = []
    for r in records:
        count = r["groups"]
        lines.append(f"{clean(r['name'])} [{r['id']}] - {count} group{'s' if count != 1 else ''}")
        for label, key in (
            ("aliases:", "aliases"),
            ("broader:", "broader"),
            ("narrower:", "narrower"),
        ):
            if r[key]:
                lines += textwrap.wrap(
                    clean(", ".join(r[key])),
                    WIDTH,
                    initial_indent=f"  {label:<10}",
                    subsequent_indent=" " * 12,
                    break_on_hyphens=False,
                )
    return "\n".join(lines) + "\n"
