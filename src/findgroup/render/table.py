"""Search results in full (`--long`): numbered blocks that fit the width, colour only when asked."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from findgroup.model import Audience, Meeting, Topic
from findgroup.rank import GENERAL_VIAS, Match, Result
from findgroup.safe_text import clean

WIDTH = 80
_VIA = {
    "exact": "topic name",
    "alias": "alias",
    "typo": "close spelling",
    "narrower": "narrower topic",
    "broader": "broader topic",
    "family": "for families, on a broader topic",
    "family-named": "for the families named, on a broader topic",
    "name": "group name",
    "description": "description",
    "audience": "audience",
}


def zone_label(name: str) -> str:
    """`Europe/London` -> `London time`."""
    return name.rsplit("/", 1)[-1].replace("_", " ") + " time"


def when_text(when: dt.datetime, meeting: Meeting, tz: ZoneInfo) -> str:
    """`Tue 25 Nov 19:00 (19:00 London time)`: the reader's time, then the meeting's own."""
    mine = when.astimezone(tz)
    own = when.strftime("%H:%M")
    return f"{mine:%a %d %b %H:%M} ({own} {zone_label(meeting.timezone)})"


def _why(matches: Sequence[Match], topics: Mapping[str, Topic]) -> str:
    parts = []
    for m in matches:
        if m.topic and m.topic in topics:
            name = topics[m.topic].name
            how = _VIA[m.via]
            parts.append(f'"{m.need}": {name} ({how})')
        else:
            parts.append(f'"{m.need}" in {_VIA[m.via]}')
    return "; ".join(dict.fromkeys(parts))


def verified_text(when: dt.date | None, today: dt.date) -> str:
    """`Nov 2026`, or a warning when older than 12 months or never checked."""
    if when is None:
        return "not verified - check with the organiser first"
    stale = (today - when).days > 365
    text = when.strftime("%b %Y")
    return f"not verified since {text} - check with the organiser first" if stale else text


def _block(label: str, text: str, width: int = WIDTH) -> list[str]:
    return textwrap.wrap(
        clean(text),
        width,
        initial_indent=f"    {label:<9}" if label else "    ",
        subsequent_indent=" " * 13 if label else "    ",
        break_on_hyphens=False,
        break_long_words=False,
    )


# radon D: the --long layout, one optional line per field of a group
def blocks(
    results: Sequence[Result],
    topics: Mapping[str, Topic],
    audiences: Mapping[str, Audience],
    tz: ZoneInfo,
    today: dt.date,
    width: int,
    *,
    color: bool = False,
    explain: bool = False,
    origins: Mapping[int, tuple[str, str | None]] | None = None,
) -> list[str]:
    """The results as numbered blocks, one blank line apart (`--long`)."""
    bold, plain = ("\x1b[1m", "\x1b[0m") if color else ("", "")
    lines: list[str] = []
    heading: tuple[bool, bool] = (False, False)
    for n, result in enumerate(results, 1):
        g = result.group
        part = (result.part == "times not listed", result.general)
        if part != heading:
            lines += [*part_heading(result, topics, width, in_part(results, part)), ""]
            heading = part
        head = textwrap.wrap(clean(g.name), width - 4, subsequent_indent="    ")
        head[0] = f"{n:>2}. {bold}{head[0]}{plain}"
        lines.extend(head)
        facts = [g.organization or ""]
        if g.facilitation:
            facts.append(f"{g.facilitation}-led" if g.facilitation == "peer" else g.facilitation)
        if g.registration == "required":
            facts.append("sign up first")
        lines.extend(_block("", " · ".join(f for f in facts if f), width))
        if result.matched:
            lines.extend(_block("Why:", _why(result.matched, topics), width))
        for meeting, when in sorted(
            result.meetings, key=lambda mw: mw[1] or dt.datetime.max.replace(tzinfo=dt.UTC)
        )[:3]:
            lines.extend(_block("Next:", _meeting_line(meeting, when, tz), width))
        if result.distance_km is not None:
            lines.extend(_block("Near:", f"{result.distance_km:.1f} km away", width))
        if result.part == "several places":
            lines.extend(_block("Where:", "meets in several places; check the finder", width))
        if not result.meetings and g.schedule_note:
            lines.extend(_block("When:", g.schedule_note, width))
        cost = g.cost or "cost not stated"
        if g.cost_note:
            cost += f" ({g.cost_note})"
        who = ", ".join(audiences[a].name if a in audiences else a for a in g.audience)
        lines.extend(_block("Cost:", f"{cost} · for {who or 'anyone affected'}", width))
        lines.extend(_block("Link:", g.finder_url or g.url or "no link listed", width))
        lines.extend(_block("Checked:", verified_text(g.last_verified, today), width))
        origin = (origins or {}).get(result.ref)
        if origin is not None:
            lines.extend(_block("Source:", f"{origin[0]}, {fetched_text(origin[1])}", width))
        if explain:
            for m in result.matched:
                lines.extend(explain_lines(m, width))
            lines.extend(_block("", f"explain: total score {result.score}", width))
        lines.append("")
    return lines


def explain_lines(m: Match, width: int = WIDTH) -> list[str]:
    """One matched reason, as --explain shows it."""
    text = f'explain: "{m.need}" -> {m.topic or "-"} via {m.via} ("{m.term}") score {m.score}'
    return _block("", text, width)


def fetched_text(when: str | None) -> str:
    """When a source was fetched, as a person reads it."""
    try:
        moment = dt.datetime.fromisoformat(when or "")
    except ValueError:
        return "not yet updated"
    return f"updated {moment:%d %b %Y}"


def in_part(results: Sequence[Result], part: tuple[bool, bool]) -> list[Result]:
    """The results in one part of the answer: (times not listed, general support)."""
    return [r for r in results if (r.part == "times not listed", r.general) == part]


def part_heading(
    result: Result, topics: Mapping[str, Topic], width: int = WIDTH, part: Sequence[Result] = ()
) -> list[str]:
    """The line that starts a part of the answer: general support, or times not listed.

    `part`: the results under the heading (default: `result` alone), whose broader topics
    general support names.
    """
    if result.part == "times not listed":
        text = "Times not listed: ask these groups when they meet"
        if result.general:
            text += " (general support, on a broader topic)"
    else:
        # general support names the broader topics; the need's own part (after general support
        # only when a family's groups lead, see rank._part_order) names the need
        general = result.general
        wider = dict.fromkeys(
            topics[m.topic].name if m.topic in topics else m.topic
            for r in (part or [result])
            for m in r.matched
            if (m.via in GENERAL_VIAS) == general and m.topic
        )
        names = list(wider)
        listed = " and ".join([", ".join(names[:-1]), names[-1]] if names[1:] else names)
        if general:
            text = f"General support: groups for {listed} in general"
        else:
            text = f"Groups for {listed}"
    return textwrap.wrap(clean(f"-- {text} --"), width, subsequent_indent="   ")


def _meeting_line(meeting: Meeting, when: dt.datetime | None, tz: ZoneInfo) -> str:
    parts = [when_text(when, meeting, tz) if when else "no upcoming date", meeting.format]
    if meeting.location is not None:
        parts.append(meeting.location.summary())
    if meeting.join is not None and meeting.format != "in-person":
        parts.append(meeting.join.url or meeting.join.phone or "")
    return " · ".join(p for p in parts if p)
