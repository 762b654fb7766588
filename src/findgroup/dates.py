"""Calendar arithmetic on dates: months back, and whether a listing is stale."""

from __future__ import annotations

import datetime as dt

STALE_AFTER_MONTHS = 12


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def is_stale(verified: dt.date | None, today: dt.date) -> bool:
    """True when a listing was never checked, or not within the last 12 months."""
    return verified is None or verified < months_before(today, STALE_AFTER_MONTHS)
