"""A whole search: open the catalogue's index, read each query, rank. Returns data, never text."""

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from findgroup.codes import SHORT_NAMES, country_in_words
from findgroup.errors import UsageError
from findgroup.filters import Filters
from findgroup.index import Index
from findgroup.match import MAX_WORDS, Reading, read_query
from findgroup.model import Audience, CrisisLine, Topic
from findgroup.rank import Outcome, Result, closest_topics, rank, with_times
from findgroup.text import normalise
from findgroup.vocabulary import Vocabulary

if TYPE_CHECKING:
    from findgroup.catalogue.files import Progress


class Request(NamedTuple):
    """Everything a search needs besides the words: catalogues, filters, clock, zone, limit."""

    specs: Sequence[str]
    filters: dict[str, Any]
    tz: ZoneInfo
    now: dt.datetime
    today: dt.date
    limit: int = 10
    crisis_country: Callable[[], str | None] = lambda: None
    offline: bool = False
    progress: "Progress | None" = None  # hears how far a slow first load has got


class Answer(NamedTuple):
    """One query's results, the notes for the reader, and whether its words suggest risk.

    `lines` are the crisis lines and helplines to show with it (see crisis.lines_for_search).
    """

    text: str
    results: list[Result]
    notes: list[str]
    at_risk: bool
    lines: tuple[CrisisLine, ...] = ()
    total: int = 0  # how many groups were found, before the limit
    understood: tuple[str, ...] = ()  # the needs as the catalogue names them
    country_named: str | None = None  # the country the query named ("grief uk": GB)


class Found(NamedTuple):
    """What a search found: an answer per query, and what the renderers need to show them."""

    answers: list[Answer]
    notes: list[str]  # about the whole search (stale copies, skipped entries)
    crisis: list[CrisisLine]  # for the reader's country, when some query suggests risk
    topics: dict[str, Topic]  # those the results name
    audiences: dict[str, Audience]
    feedback: dict[int, str | None]  # by result ref
    origins: dict[int, tuple[str, str | None]]  # by result ref: source name, fetched

    @property
    def found(self) -> bool:
        """True when some query has results."""
        return any(a.results for a in self.answers)


STALE_SOURCE_DAYS = 7


def catalogue_notes(index: Index) -> list[str]:
    """One warning when entries with errors were skipped; a note per source not updated lately."""
    notes = [_stale_source(f.source, f.fetched) for f in index.files if f.source]
    found = [n for n in notes if n]
    errors = sum(1 for p in index.problems() if p.severity == "error")
    if not errors:
        return found
    return [
        *found,
        f"warning: the catalogue has {errors} error{'s' if errors != 1 else ''}; entries with "
        "errors were skipped (run 'findgroup validate' to see them)",
    ]


def _stale_source(name: str | None, fetched: str | None) -> str | None:
    """A note when a source has not been updated for a week."""
    try:
        when = dt.datetime.fromisoformat(fetched or "")
    except ValueError:
        return f"note: source {name} has no update time; run 'findgroup update'"
    days = (dt.datetime.now(dt.UTC) - when).days
    if days < STALE_SOURCE_DAYS:
        return None
    return f"note: source {name} was last updated {days} days ago; run 'findgroup update'"


T = TypeVar("T")


def reading(
    specs: Sequence[str],
    work: Callable[[Index, list[str]], T],
    *,
    offline: bool = False,
    progress: "Progress | None" = None,
) -> T:
    """Run `work` on the named catalogues' index, with the notes a reader should see.

    A damaged store is rebuilt and `work` run again (see indexing.with_index).
    """
    from findgroup.indexing import with_index

    def with_notes(index: Index, notes: list[str]) -> T:
        return work(index, notes + catalogue_notes(index))

    return with_index(specs, with_notes, offline=offline, progress=progress)


def resolve_audiences(names: Sequence[str], index: Index) -> frozenset[str]:
    """Audience ids for names given on the command line (ids, names or aliases)."""
    audiences = index.audiences()
    found = set()
    for name in names:
        wanted = normalise(name)
        ids = {
            a.id
            for a in audiences.values()
            if wanted in {normalise(t) for t in (a.name, a.id.replace("-", " "), *a.aliases)}
        }
        if not ids:
            known = ", ".join(sorted(audiences))
            raise UsageError(f"--audience {name!r} is not an audience; known: {known}")
        found |= ids
    return frozenset(found)


def quoted(text: str) -> str:
    """The query as messages show it: quoted, and shortened when long."""
    return f'"{text}"' if len(text) <= 60 else f'"{text[:57]}..."'


def search(request: Request, queries: Sequence[str]) -> Found:
    """Answer each query against the catalogues the request names."""
    return reading(
        request.specs,
        lambda index, notes: _search(index, notes, request, queries),
        offline=request.offline,
        progress=request.progress,
    )


# radon D: resolves each filter the request names (place, country, audiences) once for every query;
# one short branch per filter
def _search(index: Index, notes: list[str], request: Request, queries: Sequence[str]) -> Found:
    vocab = Vocabulary(index)
    extra: dict[str, Any] = {"audience": resolve_audiences(request.filters["audience"], index)}
    near = request.filters.get("near")
    if near:
        from findgroup.places import gazetteer_available, parse_coordinates, resolve

        point = resolve(near)
        extra["near_point"] = point
        if point is None and not parse_coordinates(near) and not gazetteer_available():
            notes.append(
                f"note: matching '{near}' against meeting places by name; install "
                "findgroup[places] to search by distance"
            )
        from findgroup.places import place_country

        extra["near_country"] = place_country(near) or request.crisis_country()
    filters = Filters(**{**request.filters, **extra})
    home = request.crisis_country()
    answers = [_answer(text.strip(), vocab, filters, request, home) for text in queries]
    crisis: list[CrisisLine] = []
    for line in (line for a in answers for line in a.lines):
        if all(line is not seen for seen in crisis):
            crisis.append(line)
    shown = [r for a in answers for r in a.results]
    topic_ids = {t for r in shown for t in (*r.group.topics, *(m.topic for m in r.matched))}
    topics = {t: found for t in topic_ids if t and (found := index.topic(t)) is not None}
    return Found(
        answers,
        notes,
        crisis,
        topics,
        index.audiences() if shown else {},
        {r.ref: index.feedback_for(r.ref) for r in shown},
        {r.ref: (f.source, f.fetched) for r in shown if (f := index.file_of(r.ref)).source},
    )


# radon D: one query's answer step by step (understand, risk, misspelling, rank, notes); splitting
# it would pass a dozen values between halves
def _answer(
    text: str, vocab: Vocabulary, filters: Filters, request: Request, home: str | None
) -> Answer:
    """Read one query, rank the groups for it, and say what the reader should be told."""
    from findgroup.understand import understand

    understood = understand(text)
    reading = read_query(understood.text, vocab)
    # a country's name matches no topic, so only a query with such words is looked at
    # (a short name, "uk", is too short to be a free word)
    worded = bool(reading.free) or not SHORT_NAMES.isdisjoint(normalise(understood.text).split())
    placed = worded and not (filters.country or request.filters.get("near"))
    named = country_in_words(understood.text) if placed else None
    if named is not None:  # "grief support ireland": the reader's country, not a need
        home, rest = named
        reading = read_query(rest, vocab)
    notes: list[str] = []
    if reading.cut_short:
        notes.append(f"note: only the first {MAX_WORDS} words of a query are read")
    at_risk = _add_crisis_need(
        text, reading, vocab, about_other=understood.perspective in ("other", "parent")
    )
    lines = _lines(vocab.index, reading, filters, home, at_risk)
    asked = bool(text)
    if asked and not reading.needs and reading.free:
        fixed = _clear_spelling(reading.free, vocab)
        if fixed is not None:
            reading = read_query(fixed, vocab)
            notes.append(f"note: showing results for {quoted(fixed)}")
    if asked and not reading.needs and not reading.free and not reading.audiences:
        notes.append(
            f"No groups match {quoted(text)}: say what the group is about, "
            "for example 'findgroup search depression'."
        )
        return Answer(text, [], notes, at_risk, lines)
    outcome = rank(
        vocab,
        reading,
        filters,
        request.now,
        request.tz,
        request.limit,
        perspective=understood.perspective,
        home=home,
        home_named=named is not None,
    )
    results = outcome.results
    if asked and not any(r.matched for r in results):
        results = []
    if request.limit:
        results = results[: request.limit]
    results = with_times(results, request.now)
    if not results:
        notes.extend(_nothing(text, reading, vocab, outcome, filters, home))
        return Answer(text, [], notes, at_risk, lines)
    free = dict.fromkeys(reading.free)
    from findgroup.offers import common_words

    unmatched = [
        w for w in free if w not in common_words() and not any(_uses(r, w) for r in results)
    ]
    if unmatched:
        shown = ", ".join(quoted(w) for w in unmatched[:5]) + (" ..." if unmatched[5:] else "")
        notes.append("note: nothing matched " + shown)
    if outcome.left_out_unscheduled:
        notes.append(_unscheduled_note(outcome.left_out_unscheduled))
    notes.extend(_for_audience_elsewhere(reading, vocab, results, understood.perspective))
    names = [vocab.index.topic(need[0].owner) for need in reading.needs if need]
    topic_names = tuple(dict.fromkeys(t.name for t in names if t is not None))
    total = max(outcome.total, len(results))
    country = named[0] if named is not None else None
    return Answer(text, results, notes, at_risk, lines, total, topic_names, country)


AUDIENCE_LOOK = 5000  # groups on the broader topics read for _for_audience_elsewhere


def _for_audience_elsewhere(
    reading: Reading, vocab: Vocabulary, results: list[Result], perspective: str
) -> list[str]:
    """Where groups for the audience named are, when none shown is for it ("gay and depressed").

    Groups on the need come first, so a group for the audience on a broader topic (an LGBTQ+
    mental health line) may never show; the note says how to ask for it. The audiences are
    those the ranking takes as named ("my son" says whom the search is about, not for whom).
    """
    from findgroup.perspective import plan

    if not reading.audiences or not reading.needs:
        return []
    for_whom = plan(vocab, reading, perspective).named
    named = {h.owner: h.need for h in reading.audiences if h.owner in for_whom}
    if not named or any(set(named) & set(r.group.audience) for r in results):
        return []
    index = vocab.index
    for need in reading.needs:
        for topic in dict.fromkeys(t for h in need for t in vocab.broader(h.owner)):
            refs = index.topic_groups(topic)[:AUDIENCE_LOOK]
            rows = index.rows(refs).values()
            owner = next((a for a in named if any(a in row.audience for row in rows)), None)
            entry = index.topic(topic)
            if owner is not None and entry is not None:
                name = index.audiences()[owner].name
                who = name if any(c.isupper() for c in name[1:]) else name.lower()
                ask = f"{named[owner]} {entry.name.lower()}"
                return [
                    f"note: none of these is for {who}; for {who}, on {entry.name.lower()} in "
                    f"general: findgroup search {quoted(ask)}"
                ]
    return []


def _lines(
    index: Index, reading: Reading, filters: Filters, home: str | None, at_risk: bool
) -> tuple[CrisisLine, ...]:
    """The crisis lines and helplines this query should show."""
    topics = {h.owner for need in reading.needs for h in need}
    if not at_risk and not topics:
        return ()
    lines = index.crisis_lines()
    if not at_risk and not any(set(line.topics) & topics for line in lines):
        return ()
    from findgroup.crisis import lines_for_search

    audiences = {h.owner for h in reading.audiences} | set(filters.audience)
    return tuple(lines_for_search(lines, home, topics, audiences, at_risk=at_risk))


def _clear_spelling(words: Sequence[str], vocab: Vocabulary) -> str | None:
    """The one topic name the words clearly misspell ("skitzophrenia"), or None."""
    from findgroup.rank import topic_suggestions
    from findgroup.typo import edits_within

    found = topic_suggestions(words, vocab, 2)
    if not found or found[0][2] < 80:
        return None
    if len(found) > 1 and found[1][2] > found[0][2] - 8:
        return None  # two topics are about as close: say both, choose neither
    close = normalise(found[0][0])
    # at most one edit in four letters: "chance" is two edits from "cancer", another word
    if not any(edits_within(normalise(w), close, len(w) // 4) is not None for w in words):
        return None
    return found[0][0]


def _add_crisis_need(
    text: str, reading: Reading, vocab: Vocabulary, *, about_other: bool = False
) -> bool:
    """True when the query suggests risk; risk words also search the crisis topics.

    A crisis topic matched inside a benign context ("lost my son to suicide") does not count.
    When the search is about someone else and its needs were understood ("my son overdosed":
    drugs, for his family), the crisis lines show but the crisis topics are not searched.
    """
    from findgroup.match import Hit
    from findgroup.risk import assess

    risk = assess(text)
    index = vocab.index
    _drop_benign_crisis_hits(reading, index, risk.benign)
    crisis_hits = [
        h
        for need in reading.needs
        for h in need
        if (topic := index.topic(h.owner)) is not None and topic.crisis
    ]
    if not risk and not crisis_hits:
        return False
    reading.free = [w for w in reading.free if w not in risk.words]
    if crisis_hits or (about_other and reading.needs):
        return True
    wanted = "self harm" if risk.self_harm else "suicid"
    crisis_topics = index.crisis_topics()
    chosen = [
        t
        for t in crisis_topics
        if any(wanted in normalise(n) for n in (t.id.replace("-", " "), t.name, *t.aliases))
    ] or crisis_topics
    if chosen:
        phrase = risk.phrases[0]
        reading.needs.append([Hit(phrase, t.id, phrase, "alias", 0) for t in chosen])
    return True


def _drop_benign_crisis_hits(reading: Reading, index: Index, benign: frozenset[str]) -> None:
    """Crisis topics matched inside a benign context are no need ("cutting down on sugar")."""
    from findgroup.match import Hit

    def in_benign_context(hit: Hit) -> bool:
        topic = index.topic(hit.owner)
        return topic is not None and topic.crisis and set(normalise(hit.need).split()) <= benign

    reading.needs = [kept for need in reading.needs if (kept := [h for h in need
                     if not in_benign_context(h)])]  # fmt: skip


def _uses(result: Result, word: str) -> bool:
    return any(m.need == word for m in result.matched)


def _unscheduled_note(count: int) -> str:
    groups = "group" if count == 1 else "groups"
    return (
        f"note: {count} {groups} without fixed meeting times left out by the filters; "
        "search without --online/--in-person/--day/--after/--before/--near/--soon to see them"
    )


# radon D: picks which of the independent 'nothing found' lines apply; one branch per case
def _nothing(
    text: str,
    reading: Reading,
    vocab: Vocabulary,
    outcome: Outcome,
    filters: Filters,
    home: str | None,
) -> list[str]:
    """What to say when nothing matched: what was understood, and where to look instead."""
    label = quoted(text) if text else "these filters"
    lines = [f"No groups match {label}."]
    narrowed = filters.lang or filters.free or filters.verified_within
    if reading.needs and (filters.on_meetings or filters.country or filters.audience or narrowed):
        lines[0] = f"No groups match {label} with these filters."
    understood = [vocab.index.topic(need[0].owner) for need in reading.needs if need]
    names = [t.name for t in understood if t is not None]
    empty = [t.name for t in understood if t is not None and not vocab.index.topic_count(t.id)]
    if empty:
        lines[0] = f"No groups are listed for {', '.join(empty)} yet."
    elif names:
        lines.append(f"Understood: {', '.join(dict.fromkeys(names))}.")
    if outcome.left_out_unscheduled:
        lines.append(_unscheduled_note(outcome.left_out_unscheduled))
    if not reading.needs:
        close = closest_topics(reading.free, vocab)
        if close:
            lines.append("Did you mean " + " or ".join(f'"{c}"' for c in close) + "?")
    lines.append("'findgroup topics' lists every need findgroup knows.")
    directory = general_directory(home)
    if empty and directory:
        lines.append(f"A general directory may list local support: {directory}")
    return lines


def general_directory(country: str | None) -> str | None:
    """A general directory of local services for the country (data/directories.txt)."""
    from pathlib import Path

    text = (Path(__file__).parent / "data" / "directories.txt").read_text("utf-8")
    for line in text.splitlines():
        if line.startswith("#") or "|" not in line:
            continue
        code, name, url, _seen = (part.strip() for part in line.split("|"))
        if code == country:
            return f"{name}, {url}"
    return None
