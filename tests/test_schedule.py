import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from findgroup.model import Meeting
from findgroup.schedule import next_occurrence, occurrences

LONDON, NEW_YORK = "Europe/London", "America/New_York"


def weekly(zone, day=1, **kw):
    return Meeting(format="online", time=dt.time(19, 0), timezone=zone, day=day, **kw)


@pytest.mark.parametrize(
    ("zone", "after", "expected"),
    [
        # Europe/London springs forward on 29 March 2026 and falls back on 25 October 2026.
        (
            LONDON,
            "2026-03-25T12:00+00:00",
            ["2026-03-31T19:00:00+01:00", "2026-04-07T19:00:00+01:00"],
        ),
        (
            LONDON,
            "2026-10-21T12:00+00:00",
            ["2026-10-27T19:00:00+00:00", "2026-11-03T19:00:00+00:00"],
        ),
        # America/New_York changes on 8 March and 1 November 2026.
        (
            NEW_YORK,
            "2026-03-04T12:00+00:00",
            ["2026-03-10T19:00:00-04:00", "2026-03-17T19:00:00-04:00"],
        ),
        (
            NEW_YORK,
            "2026-10-28T12:00+00:00",
            ["2026-11-03T19:00:00-05:00", "2026-11-10T19:00:00-05:00"],
        ),
    ],
)
def test_weekly_meeting_stays_at_local_time_across_dst(zone, after, expected):
    found = occurrences(weekly(zone), dt.datetime.fromisoformat(after), 2)
    assert [w.isoformat() for w in found] == expected


def test_fortnightly_counts_from_the_first_date():
    m = weekly(LONDON, day=5, every="2 weeks", start=dt.date(2026, 1, 10))
    found = occurrences(m, dt.datetime(2026, 3, 1, tzinfo=ZoneInfo(LONDON)), 3)
    assert [w.date().isoformat() for w in found] == ["2026-03-07", "2026-03-21", "2026-04-04"]


def test_last_weekday_of_the_month():
    m = weekly(NEW_YORK, day=3, every="month", weeks=(-1,))
    found = occurrences(m, dt.datetime(2026, 10, 1, tzinfo=dt.UTC), 3)
    assert [w.isoformat() for w in found] == [
        "2026-10-29T19:00:00-04:00",
        "2026-11-26T19:00:00-05:00",
        "2026-12-31T19:00:00-05:00",
    ]


def test_meeting_past_until_has_no_next():
    m = weekly(LONDON, until=dt.date(2026, 5, 1))
    assert next_occurrence(m, dt.datetime(2026, 6, 1, tzinfo=dt.UTC)) is None


def test_rrule_second_and_fourth_tuesday():
    m = Meeting(
        format="online", time=dt.time(18, 30), timezone=LONDON, rrule="FREQ=MONTHLY;BYDAY=2TU,4TU"
    )
    found = occurrences(m, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 3)
    assert [w.date().isoformat() for w in found] == ["2026-01-13", "2026-01-27", "2026-02-10"]


def test_direct_dates_equal_dateutils_for_every_simple_rule():
    """Weekly, fortnightly and monthly meetings are worked out without dateutil; the dates
    must be the very ones dateutil gives, across clock changes, first and last dates."""
    import random

    rnd = random.Random(20261201)
    zones = [LONDON, NEW_YORK, "Australia/Sydney", "Asia/Kolkata", "America/Santiago", "UTC"]
    checked = 0
    for _ in range(3000):
        every = rnd.choice(["week", "2 weeks", "month"])
        day = rnd.randrange(7)
        start = dt.date(2025, 1, 1) + dt.timedelta(days=rnd.randrange(900))
        weeks: tuple[int, ...] = ()
        if every == "month":
            weeks = tuple(sorted(set(rnd.sample([1, 2, 3, 4, 5, -1], rnd.choice([1, 2])))))
        meeting = Meeting(
            format="online",
            time=dt.time(rnd.choice([0, 1, 2, 3, 12, 19, 23]), rnd.choice([0, 30, 59])),
            timezone=rnd.choice(zones),
            day=day,
            every=every,
            weeks=weeks,
            start=start if every == "2 weeks" or rnd.random() < 0.3 else None,
            until=start + dt.timedelta(days=rnd.randrange(400)) if rnd.random() < 0.3 else None,
        )
        after = dt.datetime(2025, 6, 1, tzinfo=dt.UTC) + dt.timedelta(
            minutes=rnd.randrange(60 * 24 * 800)
        )
        by_dateutil = occurrences(meeting, after, 1)
        direct = next_occurrence(meeting, after)
        expected = by_dateutil[0].isoformat() if by_dateutil else None
        assert (direct.isoformat() if direct else None) == expected, (meeting, after)
        checked += 1
    assert checked == 3000
