"""Which of a group's meetings pass the meeting filters.

Settled from the meeting columns where they can be, otherwise from the group's record (read
once, only when needed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from findgroup.filters import Filters, meeting_passes
from findgroup.index import Index, Row
from findgroup.meetings_query import Slot
from findgroup.model import FORMATS, Group, Meeting
from findgroup.schedule import next_occurrence

Meetings = tuple[tuple[Meeting, dt.datetime | None], ...]
_IN_PERSON, _HYBRID = FORMATS.index("in-person"), FORMATS.index("hybrid")


class MeetingChecks:
    """Which of a group's meetings pass: from the columns where they settle it.

    Otherwise from the group's record, read once.
    """

    def __init__(
        self,
        index: Index,
        filters: Filters,
        now: dt.datetime,
        tz: ZoneInfo,
        row: Callable[[int], Row],
        found: dict[int, list[Slot]],
    ) -> None:
        self.index, self.filters, self.now, self.tz = index, filters, now, tz
        self.row, self.found = row, found
        self.judging = filters.on_meetings or bool(filters.country)  # meetings must pass
        self._groups: dict[int, Group] = {}
        self._timed: dict[int, list[tuple[Meeting, dt.datetime | None]]] = {}

    def group(self, ref: int) -> Group:
        """The whole group."""
        if ref not in self._groups:
            self._groups[ref] = self.index.group(ref)
        return self._groups[ref]

    def prefetch(self, refs: Sequence[int]) -> None:
        """Read these groups' records together (they will be needed)."""
        wanted = [ref for ref in refs if ref not in self._groups]
        if wanted:
            self._groups.update(self.index.groups(wanted))

    def unsettled(self, refs: Sequence[int]) -> list[int]:
        """The groups no meeting of which the columns settle."""
        return [r for r in refs if not any(self._settled(s) for s in self.found.get(r, ()))]

    def timed(self, ref: int) -> list[tuple[Meeting, dt.datetime | None]]:
        """Every meeting of the group with its next start."""
        if ref not in self._timed:
            self._timed[ref] = [(m, next_occurrence(m, self.now)) for m in self.group(ref).meetings]
        return self._timed[ref]

    def passing(self, ref: int) -> Meetings:
        """The meetings that pass (all of them, with their dates, when no filter asks)."""
        timed = self.timed(ref)
        if not self.judging:
            return tuple(timed)
        group = self.group(ref)
        f, tz, now = self.filters, self.tz, self.now
        return tuple((m, w) for m, w in timed if meeting_passes(m, w, group, f, tz, now))

    def _settled(self, slot: Slot) -> bool:
        """True when a meeting the columns settle passes what SQL could not check."""
        f = self.filters
        if not slot.settled or f.near:
            return False
        if f.country and slot.fmt != _IN_PERSON:
            if slot.fmt == _HYBRID and slot.country:
                return True
            area = self.row(slot.ref).area
            return not (area and f.country not in area)
        return True

    def passes(self, ref: int) -> bool:
        """True when some meeting of the group passes the filters."""
        if any(self._settled(slot) for slot in self.found.get(ref, ())):
            return True
        if ref not in self.found:
            return False
        return bool(self.passing(ref))

    def soonest(self, refs: Sequence[int]) -> tuple[dict[int, int], list[int]]:
        """Minutes to each group's next passing start where its columns settle it.

        The groups they do not settle come back apart, to be read.
        """
        minutes: dict[int, int] = {}
        unsure: list[int] = []
        plain = not self.filters.near and not self.filters.country  # settled means passing
        settled = self._settled
        found = self.found
        for ref in refs:
            best = None
            for slot in found.get(ref, ()):
                if slot.minutes is None or not (plain or settled(slot)):
                    best = None
                    break
                if best is None or slot.minutes < best:
                    best = slot.minutes
            if best is None:
                unsure.append(ref)
            else:
                minutes[ref] = best
        return minutes, unsure

    def next(self, ref: int) -> dt.datetime | None:
        """The group's next passing start (worked out from its record), or None."""
        if not self.judging:
            dates = [w for _m, w in self.timed(ref) if w is not None]
        else:
            dates = [w for _m, w in self.passing(ref) if w is not None]
        return min(dates) if dates else None
