"""Turn checked nodes into the typed model, one file at a time, then merge the files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from findgroup.catalogue.convert import Checked, check_object, check_value
from findgroup.catalogue.fields import OBJECTS, Field
from findgroup.catalogue.nodes import NOWHERE, REFUSED, Document, Node, as_node
from findgroup.errors import Problem, Sink
from findgroup.model import (
    NO_SPANS,
    Audience,
    Contact,
    CrisisLine,
    Group,
    Join,
    Location,
    Meeting,
    Position,
    Topic,
)

# meeting dates outside these years are typing mistakes (and would cost every search time)
_EARLIEST, _LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


_GROUP_FIELD = OBJECTS["file"]["groups"].item or Field("object", obj="group")


def _taken(root: Node, key: str) -> Node | None:
    """A key's node, taken out of a mapping (None when absent, or not a mapping)."""
    return root.value.pop(key, None) if isinstance(root.value, dict) else None


class FileParts:
    """What one file contributes to a catalogue, with the problems found inside it."""

    def __init__(
        self,
        path: str,
        topics: list[Topic],
        audiences: list[Audience],
        groups: list[Group],
        crisis: list[CrisisLine],
        feedback: str | None,
        problems: list[Problem],
        unreadable: bool,
        timezone: str | None = None,
    ) -> None:
        self.path = path
        self.topics = topics
        self.audiences = audiences
        self.groups = groups
        self.crisis = crisis
        self.feedback = feedback
        self.problems = problems
        self.unreadable = unreadable
        self.timezone = timezone
        self.positions = True  # False when read without them (the fast reader)


def _a(word: str | None) -> str:
    return f"an {word}" if word and word[0] in "aeiou" else f"a {word}"


def _items(values: dict[str, Any], key: str) -> tuple[Any, ...]:
    return tuple(value for value, _pos in values.get(key, ()))


def _item_spans(checked: Checked, key: str) -> dict[str, Position]:
    return {f"{key}.{i}": pos for i, (_v, pos) in enumerate(checked.values.get(key, ()))}


class FileBuilder:
    """Builds the model objects of one file, reporting what is wrong on the way."""

    def __init__(self, sink: Sink, progress: Callable[[float], None] | None = None) -> None:
        self.sink = sink
        self.timezone: str | None = None
        self.progress = progress

    def document(self, doc: Document) -> dict[str, Any]:
        """The topics, audiences, groups, crisis lines and settings of one file."""
        out: dict[str, Any] = {"topics": [], "audiences": [], "groups": [], "crisis": []}
        if doc.root is None:
            return out
        listed = _taken(doc.root, "groups")  # read one group at a time, after the rest
        top = check_object(doc.root, "file", self.sink, what="the catalogue file")
        if top is None:
            return out
        self.timezone = top.values.get("timezone")
        if "feedback" in top.values:
            out["feedback"] = top.values["feedback"]
        for value, _pos in top.values.get("topics", ()):
            out["topics"].append(self.topic(value))
        for value, _pos in top.values.get("audiences", ()):
            out["audiences"].append(self.audience(value))
        out["groups"] = self._groups(listed)
        for value, _pos in top.values.get("crisis", ()):
            line = self.crisis(value)
            if line is not None:
                out["crisis"].append(line)
        return out

    def _groups(self, listed: Node | None) -> list[Group]:
        """The file's groups, each checked and built in turn and its parsed form let go.

        A big file's parsed groups never all sit beside their checked and built forms.
        """
        listed = as_node(listed)  # a node already, unless read without positions
        if listed.value is None or listed.value is REFUSED:
            return []
        if isinstance(listed.value, dict):
            self.sink.error(listed.pos, "type", "'groups' must be a list, got a mapping")
            return []
        items = listed.value if isinstance(listed.value, list) else [listed]
        items.reverse()  # taken from the end, in the file's order
        total, out = len(items), []
        while items:
            item = as_node(items.pop())
            done = total - len(items) - 1
            if self.progress and done % 512 == 0:
                self.progress(done / total)
            if item.value is None or item.value is REFUSED:
                continue
            checked = check_value(item, _GROUP_FIELD, "groups", self.sink)
            group = self.group(checked) if checked is not None else None
            if group is not None:
                out.append(group)
        return out

    def topic(self, c: Checked) -> Topic:
        """A vocabulary topic."""
        v = c.values
        spans = c.spans | _item_spans(c, "aliases") | _item_spans(c, "broader")
        return Topic(
            id=v.get("id", ""),
            name=v.get("name", v.get("id", "")),
            aliases=_items(v, "aliases"),
            broader=_items(v, "broader"),
            crisis=v.get("crisis", False),
            pos=c.pos,
            spans=spans,
        )

    def audience(self, c: Checked) -> Audience:
        """An audience."""
        v = c.values
        spans = c.spans | _item_spans(c, "aliases")
        return Audience(
            id=v.get("id", ""),
            name=v.get("name", v.get("id", "")),
            aliases=_items(v, "aliases"),
            pos=c.pos,
            spans=spans,
        )

    def group(self, c: Checked) -> Group | None:
        """A group, or None when it lacks an id or a name."""
        v = c.values
        if "id" not in v or "name" not in v:
            return None
        group_tz = v.get("timezone")
        meetings = []
        for m, _pos in v.get("meetings", ()):
            meeting = self.meeting(m, group_tz)
            if meeting is not None:
                meetings.append(meeting)
        contact = v.get("contact")
        spans = (  # none where nothing was read with its position (the fast reader)
            NO_SPANS
            if c.pos is NOWHERE
            else c.spans | _item_spans(c, "topics") | _item_spans(c, "audience")
        )
        return Group(
            id=str(v["id"]),
            name=v["name"],
            topics=_items(v, "topics"),
            organization=v.get("organization"),
            description=v.get("description"),
            audience=_items(v, "audience"),
            facilitation=v.get("facilitation"),
            cost=v.get("cost"),
            cost_note=v.get("cost_note"),
            languages=_items(v, "languages") or ("en",),
            area=_items(v, "area"),
            url=v.get("url"),
            finder_url=v.get("finder_url"),
            contact=Contact(**contact.values) if contact else None,
            registration=v.get("registration"),
            schedule_note=v.get("schedule_note"),
            source=v.get("source"),
            last_verified=v.get("last_verified"),
            timezone=group_tz,
            meetings=tuple(meetings),
            formats=_items(v, "formats"),
            pos=c.pos,
            spans=spans,
        )

    # radon E: each meeting field with the cross-field rules between them (day, every, weeks, from,
    # rrule); one branch per rule, each reported at its own position
    def meeting(self, c: Checked, group_tz: str | None) -> Meeting | None:
        """A meeting, or None when it cannot be scheduled or attended as written."""
        v, err = c.values, self.sink.error
        ok = "format" in v and "time" in v
        if "rrule" in v:
            for key in ("day", "every", "weeks"):
                if key in v:
                    self.sink.warning(
                        c.spans[key], "rrule", f"{key} is ignored because rrule is given"
                    )
            if "INTERVAL=" in v["rrule"].upper() and "from" not in v:
                err(c.spans["rrule"], "missing", "an rrule with INTERVAL needs 'from'")
                ok = False
        elif "day" not in v:
            if "day" not in c.present and "rrule" not in c.present:
                err(c.pos, "missing", "meeting is missing 'day' (or an rrule)")
            ok = False
        every = v.get("every", "week")
        weeks = _items(v, "weeks")
        if "rrule" not in v:
            ok = self._check_recurrence(c, every, weeks) and ok
            if every == "month" and not weeks and "from" in v:
                weeks = ((v["from"].day + 6) // 7,)
        if "from" in v and "until" in v and v["until"] < v["from"]:
            err(c.spans["until"], "value", "until is before from")
            ok = False
        for key in ("from", "until"):
            if key in v and not _EARLIEST <= v[key] <= _LATEST:
                err(c.spans[key], "value", f"{key} {v[key]} is not a date a meeting can have")
                ok = False
        tz = v.get("timezone") or group_tz or self.timezone
        if tz is None:
            err(
                c.pos,
                "missing",
                "meeting has no timezone; set timezone on the meeting, its group or the file",
            )
            ok = False
        fmt = v.get("format")
        location, join = v.get("location"), v.get("join")
        if fmt in ("in-person", "hybrid") and "location" not in c.present:
            err(c.pos, "missing", f"{_a(fmt)} meeting needs a location")
            ok = False
        if fmt in ("online", "hybrid", "phone") and not (
            join and ("url" in join.values or "phone" in join.values)
        ):
            where = join.pos if join else c.pos
            err(where, "missing", f"{_a(fmt)} meeting needs join with a url or phone")
            ok = False
        loc = self._location(location) if location else None
        if not ok or tz is None or fmt is None:
            return None
        return Meeting(
            format=fmt,
            time=v["time"],
            timezone=tz,
            day=v.get("day") if "rrule" not in v else None,
            duration=v.get("duration", 60),
            every=every if "rrule" not in v else "week",
            weeks=weeks if "rrule" not in v else (),
            start=v.get("from"),
            until=v.get("until"),
            rrule=v.get("rrule"),
            location=loc,
            join=Join(**join.values) if join else None,
            notes=v.get("notes"),
            pos=c.pos,
            spans=c.spans,
        )

    def _check_recurrence(self, c: Checked, every: str, weeks: tuple[int, ...]) -> bool:
        v, err = c.values, self.sink.error
        if weeks and every != "month":
            err(c.spans["weeks"], "value", "weeks only applies with every: month")
            return False
        if every == "2 weeks" and "from" not in v:
            err(c.spans["every"], "missing", "every: 2 weeks needs 'from' (the first date)")
            return False
        if every == "month" and not weeks and "from" not in v:
            err(
                c.spans["every"],
                "missing",
                "every: month needs weeks (for example [1, 3]) or a 'from' date",
            )
            return False
        if "from" in v and "day" in v and v["from"].weekday() != v["day"]:
            self.sink.warning(
                c.spans["from"],
                "value",
                f"from {v['from']} is a {v['from'].strftime('%A')}, not the meeting's day; "
                "meetings start on the first matching day after it",
            )
        return True

    def _location(self, c: Checked) -> Location:
        v = c.values
        if ("lat" in c.present) != ("lon" in c.present):
            self.sink.error(c.pos, "missing", "location needs both lat and lon, or neither")
            v = {k: x for k, x in v.items() if k not in ("lat", "lon")}
        return Location(**v)

    def crisis(self, c: Checked) -> CrisisLine | None:
        """A crisis line, or None without a country, name and a way to reach it."""
        v = c.values
        if not any(k in v for k in ("phone", "text", "url")):
            if not c.present & {"phone", "text", "url"}:  # else their own errors say why
                self.sink.error(c.pos, "missing", "a crisis line needs a phone, text or url")
            return None
        if "country" not in v or "name" not in v:
            return None
        return CrisisLine(
            country=v["country"],
            name=v["name"],
            phone=v.get("phone"),
            text=v.get("text"),
            url=v.get("url"),
            hours=v.get("hours"),
            topics=_items(v, "topics"),
            audience=_items(v, "audience"),
            pos=c.pos,
            spans=c.spans | _item_spans(c, "topics") | _item_spans(c, "audience"),
        )


def build_file(doc: Document, progress: Callable[[float], None] | None = None) -> FileParts:
    """Check and convert one parsed file (`progress` hears how far through its groups)."""
    sink = Sink(list(doc.problems))
    builder = FileBuilder(sink, progress)
    found = builder.document(doc)
    return FileParts(
        path=doc.path,
        topics=found["topics"],
        audiences=found["audiences"],
        groups=found["groups"],
        crisis=found["crisis"],
        feedback=found.get("feedback"),
        problems=sink.problems,
        unreadable=doc.root is None and any(p.severity == "error" for p in doc.problems),
        timezone=builder.timezone,
    )
