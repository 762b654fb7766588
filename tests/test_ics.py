"""Calendar export: parsed back and expanded by independent libraries, it matches findgroup."""

import datetime as dt

import icalendar
import pytest
from dateutil.rrule import rrulestr

from conftest import run
from findgroup.catalogue.load import load
from findgroup.schedule import occurrences

CATALOGUE = """format: 1
topics: [{id: grief, name: Grief}]
groups:
  - id: london-weekly
    name: London Weekly
    topics: [grief]
    meetings:
      - {format: in-person, day: tuesday, time: "19:00", timezone: Europe/London,
         location: {venue: The Hall, city: London, country: GB}}
  - id: new-york-mixed
    name: New York Mixed
    topics: [grief]
    url: https://example.org/ny
    meetings:
      - {format: online, day: sunday, time: "01:30", timezone: America/New_York,
         join: {url: https://example.org/join}}
      - {format: online, day: wednesday, time: "18:00", timezone: America/New_York,
         every: 2 weeks, from: 2026-01-07, join: {url: https://example.org/join2}}
      - {format: hybrid, day: thursday, time: "12:00", timezone: America/New_York,
         every: month, weeks: [-1], until: 2027-06-30,
         location: {city: Boston, country: US}, join: {phone: "+1 555 0100"}}
      - {format: online, rrule: "FREQ=MONTHLY;BYDAY=2TU,4TU", time: "09:15",
         timezone: Europe/London, join: {url: https://example.org/join3}}
"""
START = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
END = START + dt.timedelta(days=366)


@pytest.fixture()
def catalogue_file(tmp_path):
    path = tmp_path / "cal.yaml"
    path.write_text(CATALOGUE, encoding="utf-8")
    return path


def test_a_year_of_occurrences_matches_findgroup_across_dst(catalogue_file):
    result = run(
        "ics",
        "london-weekly",
        "new-york-mixed",
        "--catalog",
        str(catalogue_file),
        "--at",
        START.isoformat(),
    )
    assert result.exit_code == 0, result.stderr
    cal = icalendar.Calendar.from_ical(result.stdout)
    assert {tz["TZID"] for tz in cal.walk("VTIMEZONE")} == {"Europe/London", "America/New_York"}
    events = cal.walk("VEVENT")
    assert len(events) == 5
    groups = {g.id: g for g in load([str(catalogue_file)], dt.date(2026, 11, 24)).catalogue.groups}
    for event in events:
        group_id, n = str(event["UID"]).removesuffix("@findgroup").rsplit("-", 1)
        meeting = groups[group_id].meetings[int(n) - 1]
        # the calendar's own rule, expanded from its own start (as a calendar app does)
        rule = event["RRULE"].to_ical().decode()
        first = event["DTSTART"].dt
        theirs = [w for w in rrulestr(rule, dtstart=first).between(START, END, inc=True)]
        ours = [w for w in occurrences(meeting, START, 400) if w < END]
        assert theirs == ours, group_id
        assert len(ours) >= 6
        offsets = {w.utcoffset() for w in ours}
        assert len(offsets) == 2  # both sides of a daylight-saving change
        assert {w.astimezone(w.tzinfo).strftime("%H:%M") for w in ours} == {
            meeting.time.strftime("%H:%M")
        }


def test_event_fields_say_where_how_and_for_how_long(catalogue_file):
    out = run(
        "ics", "new-york-mixed", "--catalog", str(catalogue_file), "--at", START.isoformat()
    ).stdout
    cal = icalendar.Calendar.from_ical(out)
    first = cal.walk("VEVENT")[0]
    assert str(first["SUMMARY"]) == "New York Mixed"
    assert first["DURATION"].dt == dt.timedelta(minutes=60)
    assert str(first["URL"]) == "https://example.org/join"
    rules = [e["RRULE"].to_ical().decode() for e in cal.walk("VEVENT")]
    assert rules == [
        "FREQ=WEEKLY;BYDAY=SU",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
        "FREQ=MONTHLY;UNTIL=20270701T035959Z;BYDAY=-1TH",
        "FREQ=MONTHLY;BYDAY=2TU,4TU",
    ]


def test_show_ics_for_one_group_and_a_clear_error_without_meetings(catalogue_file, tmp_path):
    out = run("show", "london-weekly", "--ics", "--catalog", str(catalogue_file)).stdout
    assert out.startswith("BEGIN:VCALENDAR")
    assert "LOCATION:The Hall\\, London\\, GB" in out
    builtin = run("ics", "alcoholics-anonymous")
    assert builtin.exit_code == 1
    assert builtin.stderr.startswith(
        "'alcoholics-anonymous' has no fixed meetings to put in a calendar;"
    )


HOSTILE = (
    "format: 1\n"
    "topics: [{id: grief, name: Grief}]\n"
    "groups:\n"
    "  - id: hostile\n"
    '    name: "Bad\\e[31m name\\a\\e]52;c;ZWNobyBoaQ==\\a \\e]8;;https://evil.example\\e\\\\link'
    '\\e]8;;\\e\\\\ \\u202Eevil"\n'
    '    description: "Desc \\e[2J cleared\\u202E"\n'
    "    topics: [grief]\n"
    "    meetings:\n"
    "      - format: in-person\n"
    "        day: tuesday\n"
    '        time: "19:00"\n'
    "        timezone: Europe/London\n"
    '        notes: "note\\e]0;title\\a"\n'
    '        location: {venue: "Hall\\e[5m", city: London, country: GB}\n'
)


@pytest.mark.parametrize("command", [("show", "hostile", "--ics"), ("ics", "hostile")])
def test_calendar_text_is_cleaned_of_terminal_escapes(tmp_path, command):
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    result = run(*command, "--catalog", str(path), "--at", START.isoformat())
    assert result.exit_code == 0, result.stderr
    for bad in ("\x1b", "\x07", "\u202e", "\x9b", "\x9d"):
        assert bad not in result.stdout
    event = icalendar.Calendar.from_ical(result.stdout).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Bad name link evil"
    assert str(event["LOCATION"]) == "Hall, London, GB"
    assert str(event["DESCRIPTION"]).startswith("Desc  cleared\nnote\n")
