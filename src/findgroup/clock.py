"""Times of day as people and feeds write them: `19:00`, `7pm`, `7:30 PM`, `19:00:00`."""

import datetime as dt
import re

_TIME = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*([ap]\.?m\.?)?\s*$", re.IGNORECASE)


def time_of_day(text: str) -> dt.time | None:
    """The time `text` names, or None when it names none (`25:00`, `noonish`)."""
    m = _TIME.match(text)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    meridiem = (m.group(3) or "").lower().replace(".", "")
    if meridiem and not 1 <= hour <= 12:
        return None
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)
