"""Meeting filters judged on real meetings: format, day and time in the reader's zone, country."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from conftest import TESTS
from findgroup.catalogue.load import load
from findgroup.filters import Filters, meeting_passes
from findgroup.schedule import next_occurrence

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)  # a Wednesday
LONDON = ZoneInfo("Europe/London")
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture(scope="module")
def cafe():
    """Fibro Cafe Leeds: in person, every other Saturday at 10:30 London time."""
    catalogue = load([str(TESTS / "catalogues" / "fixture.yaml")], NOW.date()).catalogue
    group = next(g for g in catalogue.groups if g.id == "fortnightly-fibro-cafe")
    return group, group.meetings[0]


@pytest.mark.parametrize(
    ("filters", "tz", "passes"),
    [
        (Filters(), LONDON, True),
        (Filters(online=True), LONDON, False),
        (Filters(in_person=True), LONDON, True),
        (Filters(days=frozenset({5})), LONDON, True),  # Saturday
        (Filters(days=frozenset({1})), LONDON, False),
        (Filters(days=frozenset({5})), TOKYO, True),  # 19:30 Saturday in Tokyo
        (Filters(after=dt.time(10, 0)), LONDON, True),
        (Filters(after=dt.time(11, 0)), LONDON, False),
        (Filters(after=dt.time(19, 0)), TOKYO, True),
        (Filters(before=dt.time(10, 30)), LONDON, True),
        (Filters(before=dt.time(10, 29)), LONDON, False),
        (Filters(country="GB"), LONDON, True),
        (Filters(country="US"), LONDON, False),
        (Filters(soon_hours=24), LONDON, False),  # Saturday is more than a day away
        (Filters(soon_hours=24 * 7), LONDON, True),
    ],
)
def test_a_meeting_passes_the_filters_it_meets(cafe, filters, tz, passes):
    group, meeting = cafe
    when = next_occurrence(meeting, NOW)
    assert when is not None and when.astimezone(LONDON).strftime("%a %H:%M") == "Sat 10:30"
    assert meeting_passes(meeting, when, group, filters, tz, NOW) is passes


def test_a_meeting_with_no_next_date_passes_no_filter(cafe):
    group, meeting = cafe
    assert meeting_passes(meeting, None, group, Filters(), LONDON, NOW) is False
