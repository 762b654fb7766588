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


def _combine(words: Sequence[str], vocab: Vocabulary) -> Reading:
    combined = Reading()
    for word in words:
        reading = read_query(word, vocab, max_words=MAX_WORDS - combined.words)
        combined.words += reading.words
        combined.needs.extend(reading.needs)
        combined.free.extend(reading.free)
        combined.audiences.extend(reading.audiences)
        combined.content_words += reading.content_words
        combined.cut_short |= reading.cut_short
    return combined


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
    at_risk = False
    for words in queries:
        text = " ".join(words).strip()
        reading = _combine(words, vocab)
        if reading.cut_short:
            out.stderr.append(f"note: only the first {MAX_WORDS} words of a query are read")
        if _add_crisis_need(text, reading, vocab):
            at_risk = True
        asked = bool(text)
        if asked and not reading.needs and not reading.free:
            if reading.audiences:
                outcome = Outcome([])
            else:
                out.stderr.append(
                    f"No groups match {_quoted(text)}: say what the group is about, "
                    "for example 'findgroup search depression'."
                )
                continue
        outcome = rank(vocab, reading, filters, request.now, request.tz, request.limit)
        results = outcome.results
        matched_anything = any(r.matched for r in results) or not asked
        if asked and not matched_anything:
            results = []
        if request.limit:
            results = results[: request.limit]
        results = with_times(results, request.now)
        if not results:
            out.stderr.extend(_nothing(text, reading, vocab, outcome, filters))
            continue
        out.found = True
        free = dict.fromkeys(reading.free)
        unmatched = [w for w in free if not any(_uses(r, w) for r in results)]
        if unmatched:
            shown = ", ".join(_quoted(w) for w in unmatched[:5]) + (" ..." if unmatched[5:] else "")
            out.stderr.append("note: nothing matched " + shown)
        if outcome.left_out_unscheduled:
            out.stderr.append(_unscheduled_note(outcome.left_out_unscheduled))
        if fmt == "table":
            blocks.append(
                _table(results, loaded, request, text if tag_queries else None, explain, color)
            )
        else:
            from findgroup.render.records import result_record

            cat = loaded.catalogue
            records.extend(
                result_record(
                    r,
                    text if tag_queries else None,
                    stale=is_stale(r.group.last_verified, request.today),
                    feedback=cat.feedback_for(r.group),
                )
                for r in results
            )
    out.stdout = _render(fmt, records, blocks, tag_queries)
    if at_risk:
        from findgroup.crisis import lines_for, message

        block = message(lines_for(loaded.catalogue, request.crisis_country()))
        if fmt == "table":
            out.stdout = block + ("\n" + out.stdout if out.stdout else "")
        else:
            out.stderr.insert(0, block.rstrip("\n"))
    return out


def _add_crisis_need(text: str, reading: Reading, vocab: Vocabulary) -> bool:
    """True when the query suggests risk; risk words also search the crisis topics."""
    from findgroup.crisis import RISK_PHRASES, suggests_risk
    from findgroup.match import Hit

    topics = vocab.catalogue.topics
    if any(topics[h.owner].crisis for need in reading.needs for h in need if h.owner in topics):
        return True
    if not suggests_risk(text):
        return False
    norm = f" {normalise(text)} "
    phrase = next(p for p in RISK_PHRASES if f" {p} " in norm)
    matched = [f" {normalise(h.need)} " for need in reading.needs for h in need]
    if any(f" {phrase} " in need_text for need_text in matched):
        return True  # already part of a need, such as "lost someone to suicide"
    hits = [Hit(phrase, t.id, phrase, "alias", 0) for t in topics.values() if t.crisis]
    if hits:
        reading.needs.append(hits)
        dropped = set(phrase.split())
        reading.free = [w for w in reading.free if w not in dropped]
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


def _table(
    results: list[Result],
    loaded: Loaded,
    request: Query,
    query: str | None,
    explain: bool,
    color: bool,
) -> str:
    from findgroup.render.table import render

    body = render(
        results,
        loaded.catalogue.topics,
        loaded.catalogue.audiences,
        request.tz,
        request.today,
        explain=explain,
        color=color,
    )
    feedback = sorted({f for r in results if (f := loaded.catalogue.feedback_for(r.group))})
    for where in feedback:
        body += f"Something wrong or out of date? Tell us: {where}\n"
    return (f"== {query}\n" + body) if query is not None else body


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
