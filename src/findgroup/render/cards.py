"""Search results as short cards for a person: a header, at most five lines a group, what next.

Each card: the number, name and id; who it is for, how it meets and what it costs; when
(the next meeting in the reader's time, or how to find times); the link; and a warning only
when the listing is old. `--long` shows the full blocks of table.py instead.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from findgroup.model import Audience, Group, Topic
from findgroup.rank import Result
from findgroup.render.table import (
    explain_lines,
    fetched_text,
    in_part,
    part_heading,
    verified_text,
    when_text,
)
from findgroup.safe_text import clean

HOW = {"in-person": "in person", "online": "online", "hybrid": "in person or online",
       "phone": "by phone"}  # fmt: skip


def wrap(text: str, width: int, first: str = "    ", rest: str = "    ") -> list[str]:
    """Lines of at most `width` columns, broken between words; a long URL keeps a line."""
    out: list[str] = []
    line, empty = first, True
    for word in clean(text).split():
        if empty or len(line) + 1 + len(word) <= width:
            line, empty = (line + word if empty else f"{line} {word}"), False
        else:
            out.append(line)
            line = rest + word
    if not empty:
        out.append(line)
    return out


def header(
    total: int, shown: int, understood: Sequence[str], text: str, ordered: str, general: int = 0
) -> str:
    """`23 groups for Borderline personality disorder, showing 10; GB first`.

    `general`: how many of them are general support (groups on a broader topic), counted
    apart so the line does not promise groups on the need that are not there.
    """
    what = " and ".join(understood) if understood else (f'"{text}"' if text else "your filters")
    on_need = total - general
    if not general:
        line = f"{total} group{'s' if total != 1 else ''} for {what}"
    elif not on_need:
        line = f"No groups for {what} listed yet; {general} for general support"
    else:
        plural = "s" if on_need != 1 else ""
        line = f"{on_need} group{plural} for {what} and {general} for general support"
    if shown < total:
        line += f", showing {shown}"
    return line + (f"; {ordered}" if ordered else "")


def cards(
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
    """The results as cards, one blank line apart, with the parts' headings."""
    bold, plain = ("\x1b[1m", "\x1b[0m") if color else ("", "")
    lines: list[str] = []
    heading: tuple[bool, bool] = (False, False)
    for n, result in enumerate(results, 1):
        part = (result.part == "times not listed", result.general)
        if part != heading:
            lines += [*part_heading(result, topics, width, in_part(results, part)), ""]
            heading = part
        group = result.group
        title = wrap(f"{group.name}  [{group.id}]", width, f"{n:>2}. ", "    ")
        title[0] = title[0][:4] + bold + title[0][4:] + plain
        lines += title
        who = _who(group, result, audiences)
        if who:
            lines += wrap(who, width)
        lines += _when(result, group, tz, width)
        link = group.finder_url or group.url
        if link:
            lines += wrap(link, width)
        if group.last_verified is None or (today - group.last_verified).days > 365:
            warning = verified_text(group.last_verified, today)
            lines += wrap(warning[0].upper() + warning[1:], width)
        origin = (origins or {}).get(result.ref)
        if origin is not None:
            lines += wrap(f"From {origin[0]}, {fetched_text(origin[1])}", width)
        if explain:
            for m in result.matched:
                lines += explain_lines(m, width)
            lines += wrap(f"explain: total score {result.score}", width)
        lines.append("")
    return lines


def _who(group: Group, result: Result, audiences: Mapping[str, Audience]) -> str:
    who = ", ".join(_lower(audiences[a].name if a in audiences else a) for a in group.audience)
    parts = [f"For {who}"] if who else []
    meets = group.meets
    ways = []
    if "hybrid" in meets or {"in-person", "online"} <= meets:
        ways.append("in person or online")
    elif meets & {"in-person", "online"}:
        ways.append(HOW[next(iter(meets & {"in-person", "online"}))])
    if "phone" in meets:
        ways.append(HOW["phone"])
    if ways:
        parts.append(" or ".join(ways))
    if result.distance_km is not None:
        parts.append(f"{result.distance_km:.1f} km away")
    if result.part == "several places":
        parts.append("meets in several places; check the finder")
    if group.cost:
        parts.append(group.cost)
    text = " · ".join(parts)
    return text[0].upper() + text[1:] if text else ""


def _lower(name: str) -> str:
    """`Family and friends` -> `family and friends`; `LGBTQ+` stays."""
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def _when(result: Result, group: Group, tz: ZoneInfo, width: int) -> list[str]:
    """The next meeting in the reader's time, or how to find times (at most two lines)."""
    timed = [(m, w) for m, w in result.meetings if w is not None]
    if timed:
        meeting, when = min(timed, key=lambda mw: mw[1])
        how = HOW.get(meeting.format, meeting.format)
        more = len(timed) - 1
        text = f"Next: {when_text(when, meeting, tz)} · {how}"
        if more:
            text += f" (and {more} more meeting{'s' if more != 1 else ''})"
        return wrap(text, width)
    if group.schedule_note:
        found = wrap(f"When: {group.schedule_note}", width)
        if len(found) > 2:
            rest = " ".join(line.strip() for line in found[1:])
            found = [
                found[0],
                *wrap(textwrap.shorten(rest, max(10, width - 5), placeholder=" ..."), width),
            ]
        return found
    return []


def closing(total: int, shown: int, narrowed: bool) -> str:
    """What to do next."""
    parts = ["More: findgroup show ID"]
    if shown < total:
        parts.append(f"--limit 0 for all {total}")
    if not narrowed:
        parts.append("--country/--near to narrow")
    return " · ".join(parts)
