"""What the store keeps for one catalogue file, and the group record's JSON form.

Its groups as columns and records, its meetings as integer columns, and the postings
searches look things up in. The record is written here and read back by `group_of`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from findgroup.errors import Problem
from findgroup.model import (
    FORMATS,
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
from findgroup.stem import stem
from findgroup.store import (
    AUDIENCE,
    CHILDREN,
    CRISIS,
    FACTS,
    GID,
    GIDS,
    GROUP_COLUMNS,
    INITIALS,
    NAME_WORDS,
    PROFILES,
    SEP,
    SPELLINGS,
    TERM,
    TOPIC,
    TOPIC_GROUPS,
    UNSCHEDULED,
    VOCAB,
    VOCAB_STEM,
    VOCAB_TAIL,
    WORD,
    WORD_STEM,
    WORD_TAIL,
    WORD_VOCAB,
    FileRows,
)
from findgroup.text import initials, normalise

if TYPE_CHECKING:
    from findgroup.catalogue.build import FileParts

NAME, ORG, DESCRIPTION = 1, 2, 4  # which fields of a group hold a word
RULES = {"week": 0, "2 weeks": 1, "month": 2}  # 3: an rrule
TYPO_TAIL = 8  # words this long can be mistyped in their first letter (see typo.py)


def country_number(code: str | None) -> int:
    """An ISO country code as a number (0 when there is none)."""
    if not code or len(code) != 2:
        return 0
    return (ord(code[0]) - 64) * 32 + (ord(code[1]) - 64)


def country_of(number: int) -> str | None:
    """The ISO code a country_number came from."""
    return None if number <= 0 else chr(number // 32 + 64) + chr(number % 32 + 64)


def terms_of(owner: str, name: str, aliases: tuple[str, ...]) -> list[tuple[str, str, bool]]:
    """A topic's or audience's searchable names: (normalised words, as written, is the name)."""
    out: list[tuple[str, str, bool]] = []
    seen: set[str] = set()
    for text, is_name in [(name, True), (owner.replace("-", " "), False)] + [
        (a, False) for a in aliases
    ]:
        words = normalise(text)
        if words and words not in seen:
            seen.add(words)
            out.append((words, text, is_name))
    return out


# radon D: one pass over the groups fills every table and the word postings; the postings
# made from whole tables follow, each in a helper of its own
def file_rows(parts: FileParts) -> FileRows:
    """Everything to store for one built catalogue file."""
    postings: dict[int, dict[str, Any]] = defaultdict(dict)
    problems = list(parts.problems)
    groups: list[tuple[Any, ...]] = []
    records: list[str] = []
    meetings: list[tuple[int, ...]] = []
    zones: list[str] = []
    gids: dict[str, int] = {}
    topic_groups: dict[str, list[int]] = defaultdict(list)
    words: dict[str, list[int]] = defaultdict(list)
    for group in parts.groups:
        if group.id in gids:
            assert group.pos is not None
            first = groups[gids[group.id]]
            where = Position(group.pos.file, first[-2], first[-1])
            problems.append(
                Problem(group.pos, "error", "duplicate-id", _twice("group", group.id, where))
            )
            continue
        ord_ = len(groups)
        gids[group.id] = ord_
        columns = _columns(group)
        groups.append(columns)
        records.append(record_of(group))
        for k, meeting in enumerate(group.meetings):
            meetings.append((ord_, k, *_meeting_columns(meeting, zones)))
        for topic in dict.fromkeys(group.topics):
            topic_groups[topic].append(ord_)
        for word, bits in _group_words(group, columns[2], columns[3]).items():
            if not word.isdigit():  # numbers are never searched for as words
                words[word].append(ord_ << 3 | bits)
    postings[TOPIC_GROUPS] = dict(topic_groups)
    postings[WORD] = dict(words)
    in_names = {w: [e >> 3 for e in entries if e & NAME] for w, entries in words.items()}
    postings[NAME_WORDS] = {w: ords for w, ords in in_names.items() if ords}
    postings[GID] = {gid: [o] for gid, o in gids.items()}
    postings[GIDS] = {"groups": sorted([gid, o] for gid, o in gids.items())}
    scheduled = GROUP_COLUMNS.index("meetings")
    postings[UNSCHEDULED] = {"groups": [o for o, g in enumerate(groups) if not g[scheduled]]}
    _facts(postings, groups)
    name_words = {w for w, entries in words.items() if any(e & (NAME | ORG) for e in entries)}
    _vocabulary(postings, WORD_VOCAB, WORD_TAIL, name_words)
    postings[WORD_STEM] = _stems(words)
    terms: dict[str, list[Any]] = defaultdict(list)
    vocab: set[str] = set()
    postings[TOPIC], postings[CHILDREN] = _topics(parts.topics, terms, vocab)
    postings[SPELLINGS] = {"topics": _spellings(parts.topics)}
    postings[AUDIENCE] = _audiences(parts.audiences, terms, vocab)
    problems += _twice_in_file("topic", parts.topics) + _twice_in_file("audience", parts.audiences)
    postings[TERM] = dict(terms)
    _vocabulary(postings, VOCAB, VOCAB_TAIL, vocab)
    postings[VOCAB_STEM] = _stems(vocab)
    postings[CRISIS] = {f"{k:06d}": crisis_record(c) for k, c in enumerate(parts.crisis)}
    info = {
        "groups": len(groups),
        "meetings": len(meetings),
        "zones": zones,
        "feedback": parts.feedback,
        "problems": [[p.pos.line, p.pos.column, p.severity, p.code, p.message] for p in problems],
        "unreadable": parts.unreadable,
        "positions": parts.positions,
        "crisis_topics": [t.id for t in parts.topics if t.crisis and t.id],
        "kinds": _kept_kinds(postings),
    }
    return FileRows(info, groups, records, meetings, dict(postings))


PROFILE_COLUMNS = slice(GROUP_COLUMNS.index("topics"), GROUP_COLUMNS.index("area") + 1)


def profile_text(columns: tuple[Any, ...]) -> str:
    """A group's topics, audience, languages and area as one text, as its packed row holds them."""
    return SEP.join(str(v).replace(SEP, " ") for v in columns[PROFILE_COLUMNS])


def _facts(postings: dict[int, dict[str, Any]], groups: list[tuple[Any, ...]]) -> None:
    """What ranking by score reads without the rows: profiles, freshness, name order, initials.

    Groups alike in topics, audience, languages and area share a profile, weighed once.
    """
    profiles: dict[str, int] = {}
    numbers: list[int] = []
    days: list[int] = []
    by_initials: dict[str, list[int]] = defaultdict(list)
    name, gid = GROUP_COLUMNS.index("name"), GROUP_COLUMNS.index("gid")
    verified, letters = GROUP_COLUMNS.index("verified"), GROUP_COLUMNS.index("initials")
    for o, columns in enumerate(groups):
        numbers.append(profiles.setdefault(profile_text(columns), len(profiles)))
        when = columns[verified]
        days.append(dt.date.fromisoformat(when).toordinal() if when else 0)
        for word in dict.fromkeys(columns[letters].split()):
            by_initials[word].append(o)
    named = sorted(
        range(len(groups)),
        key=lambda o: (str(groups[o][name]).replace(SEP, " ").casefold(), groups[o][gid]),
    )
    place = [0] * len(groups)
    for k, o in enumerate(named):
        place[o] = k
    postings[FACTS] = {"groups": numbers + days + place} if groups else {}
    postings[PROFILES] = {"groups": list(profiles)} if groups else {}
    postings[INITIALS] = dict(by_initials)


def _kept_kinds(postings: dict[int, dict[str, Any]]) -> list[int]:
    """The posting kinds a file keeps any key of (see Index._holding)."""
    return sorted(kind for kind, keyed in postings.items() if keyed)


def _twice_in_file(kind: str, defined: list[Topic] | list[Audience]) -> list[Problem]:
    """Errors for ids the file defines a second time (the first definition counts)."""
    first: dict[str, Position] = {}
    out = []
    for item in defined:
        if not item.id or item.pos is None:
            continue
        if item.id in first:
            out.append(
                Problem(item.pos, "error", "duplicate-id", _twice(kind, item.id, first[item.id]))
            )
        else:
            first[item.id] = item.pos
    return out


def _twice(kind: str, ident: str, first: Position) -> str:
    return f"{kind} id '{ident}' is defined twice: here and at {first.file}:{first.line}"


def _columns(group: Group) -> tuple[Any, ...]:
    pos = group.pos or Position("", 0, 0)
    name_words = normalise(group.name)
    org_words, org_initials = _organisation(group.organization or "")
    return (
        group.id,
        group.name,
        name_words,
        org_words,
        f"{initials(name_words)} {org_initials}",
        " ".join(group.topics),
        " ".join(group.audience),
        " ".join(group.languages),
        " ".join(group.area),
        group.cost or "",
        group.last_verified.isoformat() if group.last_verified else "",
        " ".join(sorted(group.meets)),
        len(group.meetings),
        int(any(m.may_end for m in group.meetings)),
        pos.line,
        pos.column,
    )


@lru_cache(maxsize=4096)
def _organisation(text: str) -> tuple[str, str]:
    """An organisation's normalised words and their initials (remembered: they repeat)."""
    words = normalise(text)
    return words, initials(words)


def week_mask(weeks: tuple[int, ...]) -> int:
    """A monthly meeting's weeks as bits: 1 for the first week ... 16 the fifth, 32 the last."""
    return sum(1 << (5 if week == -1 else week - 1) for week in set(weeks))


def _meeting_columns(meeting: Meeting, zones: list[str]) -> tuple[int, ...]:
    if meeting.timezone not in zones:
        zones.append(meeting.timezone)
    loc = meeting.location
    placed = loc is not None and loc.lat is not None and loc.lon is not None
    return (
        FORMATS.index(meeting.format),
        7 if meeting.rrule or meeting.day is None else meeting.day,
        meeting.time.hour * 60 + meeting.time.minute,
        zones.index(meeting.timezone),
        meeting.duration,
        3 if meeting.rrule else RULES[meeting.every],
        week_mask(meeting.weeks or (1,)) if meeting.every == "month" else 0,
        meeting.until.toordinal() if meeting.until else 0,
        meeting.start.toordinal() if meeting.start else 0,
        round((loc.lat + 90) * 1_000_000) if placed and loc and loc.lat is not None else 0,
        round((loc.lon + 180) * 1_000_000) if placed and loc and loc.lon is not None else 0,
        int(placed),
        country_number(loc.country if loc else None),
    )


def _group_words(group: Group, name_words: str, org_words: str) -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    for word in name_words.split():
        found[word] |= NAME
    for word in org_words.split():
        found[word] |= ORG
    for word in normalise(group.description or "").split():
        if len(word) >= 4:
            found[word] |= DESCRIPTION
    return found


def _vocabulary(
    postings: dict[int, dict[str, Any]], by_letter: int, by_tail: int, words: set[str]
) -> None:
    """Distinct words by first letter, and the long ones by all but their first letter."""
    letters: dict[str, list[str]] = defaultdict(list)
    tails: dict[str, list[str]] = defaultdict(list)
    for word in sorted(words):
        if len(word) < 5 or word.isdigit():
            continue
        letters[word[0]].append(word)
        if len(word) >= TYPO_TAIL:
            tails[word[1:]].append(word)
    postings[by_letter] = dict(letters)
    postings[by_tail] = dict(tails)


def _stems(words: Iterable[str]) -> dict[str, list[str]]:
    """Each stem shared by two or more words, with the words ("drink": drinks, drinking)."""
    by_stem: dict[str, list[str]] = defaultdict(list)
    for word in sorted(words):
        by_stem[stem(word)].append(word)
    return {s: found for s, found in by_stem.items() if len(found) > 1 or found[0] != s}


def _topics(
    topics: list[Topic], terms: dict[str, list[Any]], vocab: set[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Each topic's definition, and each parent's children; terms and words are added to."""
    defined: dict[str, Any] = {}
    children: dict[str, list[str]] = defaultdict(list)
    for topic in topics:
        if not topic.id or topic.id in defined:
            continue  # a second definition: reported as an error, ignored here
        pos = topic.pos or Position("", 0, 0)
        defined[topic.id] = [
            topic.name,
            list(topic.aliases),
            list(topic.broader),
            topic.crisis,
            pos.line,
            pos.column,
        ]
        for parent in topic.broader:
            children[parent].append(topic.id)
        for k, (words, text, is_name) in enumerate(terms_of(topic.id, topic.name, topic.aliases)):
            entry = ["t", topic.id, words, text, is_name, len(defined) * 1000 + k]
            _add_term(terms, vocab, words, entry)
    return defined, {k: sorted(v) for k, v in children.items()}


def _add_term(terms: dict[str, list[Any]], vocab: set[str], words: str, entry: list[Any]) -> None:
    """File a term under each of its words, and under "WORD N" for its N words."""
    split = words.split()
    for word in dict.fromkeys(split):
        terms[word].append(entry)
        terms[f"{word} {len(split)}"].append(entry)
        vocab.add(word)


# the spellings are kept as texts of SEP-separated items, which decode far faster than a list


def _spellings(topics: list[Topic]) -> list[str]:
    """Every way a topic is written (name, id, aliases): normalised, as written, topic ids.

    Three texts of SEP-separated items, for did-you-mean hints.
    """
    out: dict[str, tuple[str, str]] = {}
    for topic in topics:
        if not topic.id:
            continue
        for text in (topic.name, topic.id.replace("-", " "), *topic.aliases):
            norm = normalise(text)
            if norm:
                out.setdefault(norm, (text.replace(SEP, " "), topic.id))
    return [
        SEP.join(out),
        SEP.join(t for t, _o in out.values()),
        SEP.join(o for _t, o in out.values()),
    ]


def _audiences(
    audiences: list[Audience], terms: dict[str, list[Any]], vocab: set[str]
) -> dict[str, Any]:
    """Each audience's definition; terms and words are added to."""
    defined: dict[str, Any] = {}
    for audience in audiences:
        if not audience.id or audience.id in defined:
            continue
        pos = audience.pos or Position("", 0, 0)
        defined[audience.id] = [audience.name, list(audience.aliases), pos.line, pos.column]
        found = terms_of(audience.id, audience.name, audience.aliases)
        for k, (words, text, is_name) in enumerate(found):
            entry = ["a", audience.id, words, text, is_name, len(defined) * 1000 + k]
            _add_term(terms, vocab, words, entry)
    return defined


# --- records ----------------------------------------------------------------------------


def crisis_record(line: CrisisLine) -> dict[str, Any]:
    """A crisis line as stored."""
    pos = line.pos or Position("", 0, 0)
    return {
        "country": line.country,
        "name": line.name,
        "phone": line.phone,
        "text": line.text,
        "url": line.url,
        "hours": line.hours,
        "topics": list(line.topics),
        "audience": list(line.audience),
        "line": pos.line,
        "col": pos.column,
    }


def crisis_of(value: dict[str, Any], file: str) -> CrisisLine:
    """A stored crisis line back in the model."""
    return CrisisLine(
        country=value["country"],
        name=value["name"],
        phone=value["phone"],
        text=value["text"],
        url=value["url"],
        hours=value["hours"],
        topics=tuple(value["topics"]),
        audience=tuple(value["audience"]),
        pos=Position(file, value["line"], value["col"]),
    )


def topic_of(ident: str, value: list[Any], file: str) -> Topic:
    """A stored topic back in the model."""
    name, aliases, broader, crisis, line, col = value
    return Topic(ident, name, tuple(aliases), tuple(broader), crisis, Position(file, line, col))


def audience_of(ident: str, value: list[Any], file: str) -> Audience:
    """A stored audience back in the model."""
    name, aliases, line, col = value
    return Audience(ident, name, tuple(aliases), Position(file, line, col))


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _plain(obj: Any) -> dict[str, Any] | None:
    if obj is None:
        return None
    return {k: v for k, v in zip(obj._fields, obj, strict=True) if v is not None}


# the fields a record keeps as they are (tuples are written as JSON arrays), in their order
_AS_IS = frozenset(Group._fields) - {"contact", "last_verified", "meetings", "pos", "spans"}
_MEETING_AS_IS = frozenset(Meeting._fields) - {
    "time", "duration", "every", "start", "until", "location", "join", "pos", "spans"
}  # fmt: skip


def _meeting_record(m: Meeting) -> dict[str, Any]:
    out: dict[str, Any] = {k: v for k, v in zip(Meeting._fields, m, strict=True)
                           if k in _MEETING_AS_IS and v is not None and v != ()}  # fmt: skip
    out["time"] = f"{m.time.hour:02d}:{m.time.minute:02d}"
    if m.duration != 60:
        out["duration"] = m.duration
    if m.every != "week":
        out["every"] = m.every
    if m.start:
        out["from"] = m.start.isoformat()
    if m.until:
        out["until"] = m.until.isoformat()
    for key, part in (("location", m.location), ("join", m.join)):
        if part is not None:
            out[key] = _plain(part)
    if m.pos:
        out["pos"] = [m.pos.line, m.pos.column]
    return out


def record_of(group: Group) -> str:
    """A group's whole record as JSON (positions of the group and its meetings kept).

    Fields that are not given (None or empty) are left out, and languages when only
    English; group_of reads them back as not given.
    """
    value: dict[str, Any] = {k: v for k, v in zip(Group._fields, group, strict=True)
                             if k in _AS_IS and v is not None and v != ()}  # fmt: skip
    if group.languages == ("en",):
        del value["languages"]
    if group.contact is not None:
        value["contact"] = _plain(group.contact)
    if group.last_verified:
        value["last_verified"] = group.last_verified.isoformat()
    if group.meetings:
        value["meetings"] = [_meeting_record(m) for m in group.meetings]
    if group.pos:
        value["pos"] = [group.pos.line, group.pos.column]
    return _JSON.encode(value)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def group_of(record: str, file: str) -> Group:
    """A stored record back as the model's Group (positions name `file`)."""
    v = json.loads(record)
    meetings = tuple(
        Meeting(
            format=m["format"],
            time=dt.time.fromisoformat(m["time"]),
            timezone=m["timezone"],
            day=m.get("day"),
            duration=m.get("duration", 60),
            every=m.get("every", "week"),
            weeks=tuple(m.get("weeks", ())),
            start=_date(m.get("from")),
            until=_date(m.get("until")),
            rrule=m.get("rrule"),
            location=Location(**m["location"]) if "location" in m else None,
            join=Join(**m["join"]) if "join" in m else None,
            notes=m.get("notes"),
            pos=Position(file, *m.get("pos", (0, 0))),
        )
        for m in v.get("meetings", ())
    )
    return Group(
        id=v["id"],
        name=v["name"],
        topics=tuple(v.get("topics", ())),
        organization=v.get("organization"),
        description=v.get("description"),
        audience=tuple(v.get("audience", ())),
        facilitation=v.get("facilitation"),
        cost=v.get("cost"),
        cost_note=v.get("cost_note"),
        languages=tuple(v.get("languages", ("en",))),
        area=tuple(v.get("area", ())),
        url=v.get("url"),
        finder_url=v.get("finder_url"),
        contact=Contact(**v["contact"]) if "contact" in v else None,
        registration=v.get("registration"),
        schedule_note=v.get("schedule_note"),
        source=v.get("source"),
        last_verified=_date(v.get("last_verified")),
        timezone=v.get("timezone"),
        meetings=meetings,
        formats=tuple(v.get("formats", ())),
        pos=Position(file, *v.get("pos", (0, 0))),
    )
