"""A whole search: load the catalogue, read each query, rank, and render the chosen format."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from findgroup.catalogue.files import Progress
from findgroup.catalogue.load import Loaded, load_quick
from findgroup.dates import is_stale
from findgroup.errors import CatalogueError, UsageError
from findgroup.filters import Filters
from findgroup.match import MAX_WORDS, Reading, read_query
from findgroup.model import CrisisLine
from findgroup.rank import Outcome, Result, closest_topics, rank, with_times
from findgroup.text import normalise
from findgroup.vocabulary import Vocabulary


class Query(NamedTuple):
    """Everything a search needs besides the words: catalogues, filters, clock, zone, limit."""

    specs: Sequence[str]
    filters: dict[str, Any]
    tz: ZoneInfo
    now: dt.datetime
    today: dt.date
    limit: int = 10
    crisis_country: Callable[[], str | None] = lambda: None
    offline: bool = False
    progress: Progress | None = None  # hears how far a slow first load has got


class SearchOutput:
    """Rendered results for stdout, messages for stderr, and whether anything was found."""

    def __init__(self, stderr: list[str] | None = None) -> None:
        self.stdout = ""
        self.stderr: list[str] = stderr if stderr is not None else []
        self.found = False


def open_catalogue(
    specs: Sequence[str],
    today: dt.date,
    *,
    offline: bool = False,
    progress: Progress | None = None,
) -> tuple[Loaded, list[str]]:
    """Load catalogues for reading; unreadable files raise, other problems become one warning."""
    loaded = load_quick(specs, today, offline=offline, progress=progress)
    if loaded.unreadable:
        first = next(p for p in loaded.problems if p.severity == "error")
        raise CatalogueError([first])
    notes = list(loaded.notes)
    if loaded.errors:
        n = loaded.errors
        notes.append(
            f"warning: the catalogue has {n} error{'s' if n != 1 else ''}; entries with errors "
            "were skipped (run 'findgroup validate' to see them)"
        )
    return loaded, notes


def resolve_audiences(names: Sequence[str], vocab: Vocabulary) -> frozenset[str]:
    """Audience ids for names given on the command line (ids, names or aliases)."""
    found = set()
    for name in names:
        wanted = normalise(name)
        ids = {t.owner for t in vocab.audience_terms if " ".join(t.words) == wanted}
        if not ids:
            known = ", ".join(sorted(vocab.catalogue.audiences))
            raise UsageError(f"--audience {name!r} is not an audience; known: {known}")
        found |= ids
    return frozenset(found)


def _quoted(text: str) -> str:
    """The query as messages show it: quoted, and shortened when long."""
    return f'"{text}"' if len(text) <= 60 else f'"{text[:57]}..."'


def run_search(
    request: Query,
    queries: Sequence[Sequence[str]],
    fmt: str,
    tag_queries: bool,
    explain: bool,
    color: bool,
) -> SearchOutput:
    """Answer each query (a list of need arguments) and render all answers in `fmt`."""
    loaded, notes = open_catalogue(
        request.specs, request.today, offline=request.offline, progress=request.progress
    )
    vocab = Vocabulary(loaded.catalogue)
    extra: dict[str, Any] = {"audience": resolve_audiences(request.filters["audience"], vocab)}
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
    filters = Filters(**{**request.filters, **extra})
    out = SearchOutput(stderr=notes)
    records: list[dict[str, Any]] = []
    blocks: list[str] = []
    crisis_lines: list[CrisisLine] | None = None
    for words in queries:
        text = " ".join(words).strip()
        answer = _answer(text, vocab, filters, request)
        out.found |= bool(answer.results)
        if answer.at_risk and crisis_lines is None:
            from findgroup.crisis import lines_for

            crisis_lines = lines_for(loaded.catalogue, request.crisis_country())
        if answer.at_risk and fmt != "table":
            from findgroup.crisis import message

            intro = [f"For {_quoted(text)}:"] if tag_queries else []
            out.stderr.append("\n".join([*intro, message(crisis_lines or []).rstrip("\n")]))
        out.stderr.extend(answer.notes)
        if fmt == "table":
            blocks.append(
                _section(answer, loaded, request, tag_queries, explain, color, crisis_lines)
            )
            continue
        if answer.results:
            from findgroup.render.records import result_record

            cat = loaded.catalogue
            records.extend(
                result_record(
                    r,
                    text if tag_queries else None,
                    stale=is_stale(r.group.last_verified, request.today),
                    feedback=cat.feedback_for(r.group),
                )
                for r in answer.results
            )
    out.stdout = _render(fmt, records, [b for b in blocks if b], tag_queries)
    return out


class Answer(NamedTuple):
    """One query's results, the notes for stderr, and whether its words suggest risk."""

    text: str
    results: list[Result]
    notes: list[str]
    at_risk: bool


def _answer(text: str, vocab: Vocabulary, filters: Filters, request: Query) -> Answer:
    """Read one query, rank the groups for it, and say what the reader should be told."""
    reading = read_query(text, vocab)
    notes: list[str] = []
    if reading.cut_short:
        notes.append(f"note: only the first {MAX_WORDS} words of a query are read")
    at_risk = _add_crisis_need(text, reading, vocab)
    asked = bool(text)
    if asked and not reading.needs and not reading.free and not reading.audiences:
        notes.append(
            f"No groups match {_quoted(text)}: say what the group is about, "
            "for example 'findgroup search depression'."
        )
        return Answer(text, [], notes, at_risk)
    outcome = rank(vocab, reading, filters, request.now, request.tz, request.limit)
    results = outcome.results
    if asked and not any(r.matched for r in results):
        results = []
    if request.limit:
        results = results[: request.limit]
    results = with_times(results, request.now)
    if not results:
        notes.extend(_nothing(text, reading, vocab, outcome, filters))
        return Answer(text, [], notes, at_risk)
    free = dict.fromkeys(reading.free)
    unmatched = [w for w in free if not any(_uses(r, w) for r in results)]
    if unmatched:
        shown = ", ".join(_quoted(w) for w in unmatched[:5]) + (" ..." if unmatched[5:] else "")
        notes.append("note: nothing matched " + shown)
    if outcome.left_out_unscheduled:
        notes.append(_unscheduled_note(outcome.left_out_unscheduled))
    return Answer(text, results, notes, at_risk)


def _add_crisis_need(text: str, reading: Reading, vocab: Vocabulary) -> bool:
    """True when the query suggests risk; risk words also search the crisis topics.

    A crisis topic matched inside a benign context ("lost my son to suicide") does not count.
    """
    from findgroup.match import Hit
    from findgroup.risk import assess

    risk = assess(text)
    topics = vocab.catalogue.topics
    crisis_hits = [
        h
        for need in reading.needs
        for h in need
        if h.owner in topics
        and topics[h.owner].crisis
        and not set(normalise(h.need).split()) <= risk.benign
    ]
    if not risk and not crisis_hits:
        return False
    reading.free = [w for w in reading.free if w not in risk.words]
    if crisis_hits:
        return True
    wanted = "self harm" if risk.self_harm else "suicid"
    crisis_topics = [t for t in topics.values() if t.crisis]
    chosen = [
        t
        for t in crisis_topics
        if any(wanted in normalise(n) for n in (t.id.replace("-", " "), t.name, *t.aliases))
    ] or crisis_topics
    if chosen:
        phrase = risk.phrases[0]
        reading.needs.append([Hit(phrase, t.id, phrase, "alias", 0) for t in chosen])
    return True


def _uses(result: Result, word: str) -> bool:
    return any(m.need == word for m in result.matched)


def _unscheduled_note(count: int) -> str:
    groups = "group" if count == 1 else "groups"
    return (
        f"note: {count} {groups} without fixed meeting times left out by the filters; "
        "search without --online/--in-person/--day/--after/--before/--near/--soon to see them"
    )


def _nothing(
    text: str, reading: Reading, vocab: Vocabulary, outcome: Outcome, filters: Filters
) -> list[str]:
    label = _quoted(text) if text else "these filters"
    lines = [f"No groups match {label}."]
    if reading.needs and (filters.on_meetings or filters.country or filters.audience):
        lines[0] = f"No groups match {label} with these filters."
    if outcome.left_out_unscheduled:
        lines.append(_unscheduled_note(outcome.left_out_unscheduled))
    if not reading.needs:
        close = closest_topics(reading.free, vocab)
        if close:
            lines.append("Did you mean " + " or ".join(f'"{c}"' for c in close) + "?")
    return lines


def _section(
    answer: Answer,
    loaded: Loaded,
    request: Query,
    tagged: bool,
    explain: bool,
    color: bool,
    crisis_lines: list[CrisisLine] | None,
) -> str:
    """One query's part of the table output: crisis lines first and last when at risk."""
    from findgroup.render.table import render

    body = ""
    if answer.results:
        body = render(
            answer.results,
            loaded.catalogue.topics,
            loaded.catalogue.audiences,
            request.tz,
            request.today,
            explain=explain,
            color=color,
        )
        feedback = sorted(
            {f for r in answer.results if (f := loaded.catalogue.feedback_for(r.group))}
        )
        for where in feedback:
            body += f"Something wrong or out of date? Tell us: {where}\n"
    if answer.at_risk:
        from findgroup.crisis import message, reminder

        lines = crisis_lines or []
        body = message(lines) + ("\n" + body + reminder(lines) + "\n" if body else "")
    if tagged and body:
        body = f"== {answer.text}\n" + body
    return body


def _render(fmt: str, records: list[dict[str, Any]], blocks: list[str], tagged: bool) -> str:
    if fmt == "table":
        return "\n".join(blocks)
    from findgroup.render import data

    if fmt == "json":
        return data.as_json(records)
    if fmt == "jsonl":
        return data.as_jsonl(records)
    if fmt == "csv":
        return data.as_csv(records, with_query=tagged)
    raise ValueError(fmt)
