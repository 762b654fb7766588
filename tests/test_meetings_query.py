"""Soonest-first answers from the meeting columns agree with the calendar.

Weekly and monthly meetings in zones that change their clocks at different dates (or never), read at
moments a week, a few weeks and months away from a change, across a month's and a year's
end. The expected order comes from dateutil's rrule, not from findgroup's schedule code.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil import rrule

from conftest import run

ZONES = ["Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Phoenix"]
DAYS = ["monday", "wednesday", "saturday"]
WEEKS = [[], [1], [2], [3], [4], [5], [-1], [1, 3], [2, -1]]  # []: weekly
TIMES = ["07:15", "14:30", "19:30"]  # 14:30 New York and 19:30 London: one instant, or not
CODES = {"monday": rrule.MO, "wednesday": rrule.WE, "saturday": rrule.SA}
MOMENTS = [
    "2026-10-20T12:00:00+00:00",  # Europe's clocks go back within the week
    "2026-10-01T12:00:00+00:00",  # ... within the six weeks, not the week
    "2026-11-24T12:00:00+00:00",  # every zone steady for weeks
    "2026-03-05T18:00:00+00:00",  # America's clocks go forward within the week
    "2026-12-28T23:30:00+00:00",  # a year's end
    "2027-01-29T10:00:00+00:00",  # a month's end: last weeks and fifth weeks
]


def _groups() -> list[dict[str, object]]:
    out = []
    for n, (zone, day, weeks, time) in enumerate(itertools.product(ZONES, DAYS, WEEKS, TIMES)):
        out.append({"id": f"m{n:03d}", "zone": zone, "day": day, "weeks": weeks, "time": time})
    return out


GROUPS = _groups()


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> str:
    lines = ["format: 1", "topics:", "  - {id: grief, name: Grief}", "groups:"]
    for g in GROUPS:
        every = f"every: month, weeks: {g['weeks']}" if g["weeks"] else "every: week"
        lines += [
            f"  - id: {g['id']}",
            f"    name: Circle {g['id']}",
            "    topics: [grief]",
            "    meetings:",
            f'      - {{format: online, day: {g["day"]}, time: "{g["time"]}", {every},'
            f" timezone: {g['zone']}, join: {{url: https://example.org/}}}}",
        ]
    path = Path(tmp_path_factory.mktemp("monthly")) / "monthly.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _next(group: dict[str, object], now: dt.datetime) -> dt.datetime:
    """The group's next start at or after now, by dateutil."""
    zone = ZoneInfo(str(group["zone"]))
    hour, minute = map(int, str(group["time"]).split(":"))
    code = CODES[str(group["day"])]
    days = [code(w) for w in group["weeks"]]  # type: ignore[attr-defined]
    local = now.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
    start = local.replace(day=1, hour=hour, minute=minute) - dt.timedelta(days=40)
    weekly = rrule.rrule(rrule.WEEKLY, byweekday=code, dtstart=start)
    rule = rrule.rrule(rrule.MONTHLY, byweekday=days, dtstart=start) if days else weekly
    for naive in rule:
        when = naive.replace(tzinfo=zone)
        if when >= now:
            return when
    raise AssertionError("no next start")


@pytest.mark.parametrize("reader", ["Europe/London", "Australia/Sydney"])
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("hours", [24, 200, 900])
def test_meetings_come_soonest_first_as_the_calendar_says(
    catalogue: str, reader: str, moment: str, hours: int
) -> None:
    now = dt.datetime.fromisoformat(moment)
    timed = [(_next(g, now), f"Circle {g['id']}".casefold(), g["id"]) for g in GROUPS]
    expected = [
        (ident, when.astimezone(dt.UTC))
        for when, _name, ident in sorted(timed)
        if when - now <= dt.timedelta(hours=hours)
    ]
    result = run(
        "search", "--soon-hours", str(hours), "--limit", "0", "--format", "json",
        "--catalog", catalogue, "--at", moment, "--tz", reader,
    )  # fmt: skip
    found = [
        (r["id"], dt.datetime.fromisoformat(r["next"]).astimezone(dt.UTC))
        for r in json.loads(result.stdout or "[]")
    ]
    assert found == expected
