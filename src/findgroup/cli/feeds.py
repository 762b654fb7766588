"""The commands for live sources: sources add, list, remove, show, suggest; and update."""

import json
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

import typer

from findgroup.cli.context import Context, ExitStatus, fail, loading, progress_bar, say
from findgroup.cli.options import CountryOption, DetailFormat, DetailFormatOption


class SourceType(StrEnum):
    """The kinds of source findgroup reads."""

    meeting_guide = "meeting-guide"
    bmlt = "bmlt"
    hsds = "hsds"
    findgroup = "findgroup"


sources_app = typer.Typer(
    help="Live sources of meetings you subscribe to (Meeting Guide, BMLT, Open Referral).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@sources_app.command("add")
def add(
    url: Annotated[str, typer.Argument(metavar="URL", help="The feed, root server or API.")],
    kind: Annotated[
        SourceType,
        typer.Option("--type", metavar="TYPE", help="meeting-guide, bmlt, hsds, findgroup."),
    ],
    name: Annotated[
        str | None, typer.Option(metavar="NAME", help="A short name (default: from the URL).")
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NEED",
            help="What the meetings are about, when the feed does not say (repeatable).",
        ),
    ] = None,
    audience: Annotated[
        list[str] | None,
        typer.Option(metavar="WHO", help="An audience id for every group (repeatable)."),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(metavar="ZONE", help="IANA timezone for meetings the feed gives none."),
    ] = None,
    country_: Annotated[
        str | None,
        typer.Option("--country", metavar="CC", help="The country of the source's meetings."),
    ] = None,
) -> None:
    """Subscribe to a source: fetch it once and say how many groups and meetings it holds."""
    from findgroup.cli.people import country
    from findgroup.feeds import subscriptions
    from findgroup.feeds.subscriptions import Source

    ctx = Context()
    if not url.lower().startswith(("http://", "https://")):
        fail(f"{url}: a source is an http:// or https:// address")
    if timezone is not None:
        ctx.zone(timezone)
    chosen = subscriptions.check_name(name or _name_from(url))
    known = subscriptions.load()
    if any(s.name == chosen for s in known):
        fail(f"a source named {chosen!r} exists; remove it first or give --name")
    topics, audiences = _vocabulary(ctx)
    topic_ids = _topics(kind, topic or [], topics)
    unknown = [a for a in audience or [] if a not in audiences]
    if unknown:
        fail(
            f"--audience {unknown[0]!r} is not an audience id; known: "
            + ", ".join(sorted(audiences))
        )
    source = Source(chosen, url, kind.value, tuple(topic_ids), tuple(audience or []), timezone,
                    country(ctx, country_))  # fmt: skip
    outcome = _run([source], topics)[0]
    if not outcome.ok:
        from findgroup.feeds import copies

        copies.forget(chosen)
        say(f"error: {chosen}: {outcome.message}; not added")
        raise typer.Exit(ExitStatus.NONE)  # a source that failed to update: 1, as `update`
    subscriptions.save([*known, source])
    _index_sources(ctx)
    say(
        f"Added {chosen}: {_counts(outcome)}. Searches now include it; "
        "'findgroup update' refreshes it."
    )


def _name_from(url: str) -> str:
    host = urlsplit(url).netloc.lower().split(":")[0].removeprefix("www.")
    found = "".join(c if c.isalnum() else "-" for c in host).strip("-")
    return found[:63] or "source"


def _vocabulary(ctx: Context) -> tuple[dict[str, Any], dict[str, Any]]:
    """The topics and audiences of the catalogues a search reads (without the sources)."""
    from findgroup.search import reading

    specs = list(ctx.settings.catalog) or ["default"]
    return reading(
        specs, lambda index, _notes: (index.topics(), index.audiences()), progress=loading()
    )


def _topics(kind: SourceType, given: Sequence[str], topics: dict[str, Any]) -> list[str]:
    from findgroup.importers.cli_support import resolve_topics

    if given:
        return resolve_topics(given, topics)
    if kind is SourceType.bmlt and "drugs" in topics:
        return ["drugs"]  # a BMLT root server lists Narcotics Anonymous meetings
    if kind is SourceType.meeting_guide:
        fail(
            "--topic is needed for a Meeting Guide feed: say what its meetings are about "
            "(such as --topic alcohol)"
        )
    return []


def _term_topics(topics: dict[str, Any]) -> dict[str, list[str]]:
    """Normalised topic names and aliases to topic ids (how directory terms find topics)."""
    from findgroup.text import normalise

    found: dict[str, list[str]] = {}
    for topic in topics.values():
        for text in (topic.name, topic.id.replace("-", " "), *topic.aliases):
            found.setdefault(normalise(text), []).append(topic.id)
    return found


def _run(sources: Sequence[Any], topics: dict[str, Any]) -> list[Any]:
    from findgroup.feeds.update import update

    bar = progress_bar("Updating sources", delay=0.5)
    done = 0

    def step(_outcome: Any) -> None:
        nonlocal done
        done += 1
        bar.count(done, len(sources))

    try:
        return update(sources, _term_topics(topics), done=step)
    finally:
        bar.finish()


def _index_sources(ctx: Context) -> None:
    """Bring the store up to date with the sources now, so the next search is quick."""
    from findgroup.search import reading

    reading(ctx.specs(None), lambda _index, _notes: None, progress=loading())


def _counts(outcome: Any) -> str:
    text = f"{outcome.groups} groups, {outcome.meetings} meetings"
    extra = []
    if outcome.closed:
        extra.append(f"{outcome.closed} temporarily closed left out")
    if outcome.skipped:
        extra.append(f"{outcome.skipped} rows could not be read, such as: {outcome.message}")
    return text + (f" ({'; '.join(extra)})" if extra else "")


@sources_app.command("list")
def list_sources(output: DetailFormatOption = DetailFormat.table) -> None:
    """Each source: type, URL, groups, meetings, when fetched and changed, and its state."""
    ctx = Context()
    rows = [_record(s) for s in _load()]
    if output is DetailFormat.json:
        ctx.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    if not rows:
        say("No sources yet: 'findgroup sources suggest' lists open ones to add.")
        return
    lines = []
    for r in rows:
        lines.append(f"{r['name']}  {r['type']}  {r['url']}")
        counts = f"{r['groups']} groups, {r['meetings']} meetings"
        when = f"fetched {r['fetched'] or 'never'}, changed {r['changed'] or 'never'}"
        lines.append(f"    {counts}; {when}; {r['state']}")
    ctx.write("\n".join(lines) + "\n")


def _load() -> list[Any]:
    from findgroup.feeds import subscriptions

    return subscriptions.load()


def _record(source: Any) -> dict[str, Any]:
    import datetime as dt

    from findgroup.feeds import copies

    state = copies.read_state(source.name)
    status = "ok"
    if state.get("error"):
        status = f"failing: {state['error']}"
    elif not state.get("fetched"):
        status = "never fetched"
    else:
        age = dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(state["fetched"])
        status = "stale (not updated for 7 days)" if age.days >= 7 else "ok"
    return {
        "name": source.name, "type": source.type, "url": source.url,
        "topics": list(source.topics), "audience": list(source.audience),
        "timezone": source.timezone, "country": source.country,
        "groups": state.get("groups", 0), "meetings": state.get("meetings", 0),
        "fetched": state.get("fetched"), "changed": state.get("changed"), "state": status,
    }  # fmt: skip


@sources_app.command("show")
def show_source(
    name: Annotated[str, typer.Argument(metavar="NAME")],
    output: DetailFormatOption = DetailFormat.table,
) -> None:
    """Everything known about one source, with the rows it could not read."""
    from findgroup.feeds import copies

    ctx = Context()
    found = next((s for s in _load() if s.name == name), None)
    if found is None:
        fail(f"no source named {name!r}; 'findgroup sources list' shows them")
    record = _record(found) | {"problems": copies.read_state(name).get("problems", [])}
    if output is DetailFormat.json:
        ctx.write(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        return
    lines = [f"{k}: {', '.join(v) if isinstance(v, list) else v}" for k, v in record.items()
             if k != "problems" and v not in (None, [])]  # fmt: skip
    lines += [f"could not read: {p}" for p in record["problems"]]
    ctx.write("\n".join(lines) + "\n")


@sources_app.command("remove")
def remove_source(name: Annotated[str, typer.Argument(metavar="NAME")]) -> None:
    """Unsubscribe, and delete the source's kept copy."""
    from findgroup.feeds import copies, subscriptions

    known = subscriptions.load()
    if not any(s.name == name for s in known):
        fail(f"no source named {name!r}; 'findgroup sources list' shows them")
    subscriptions.save([s for s in known if s.name != name])
    copies.forget(name)
    say(f"Removed {name}.")


@sources_app.command("suggest")
def suggest(
    country_: CountryOption = None, output: DetailFormatOption = DetailFormat.table
) -> None:
    """Open public sources confirmed from their owners' material, with the evidence."""
    from findgroup.cli.people import country
    from findgroup.feeds.registry import suggestions

    ctx = Context()
    code = country(ctx, country_) if country_ else None
    found = suggestions(code)
    if output is DetailFormat.json:
        ctx.write(json.dumps([s._asdict() for s in found], indent=2, ensure_ascii=False) + "\n")
        return
    if not found:
        say(
            f"No open source is known for {code}: none could be confirmed from its "
            "owner's material."
        )
        raise typer.Exit(ExitStatus.NONE)
    lines = []
    for s in found:
        lines += [f"{s.name} ({s.type}, {s.country or 'worldwide'}): {s.url}", f"    {s.openness}",
                  f"    add: {s.add_command()}"]  # fmt: skip
        lines += [f"    evidence: {e}" for e in s.evidence]
    ctx.write("\n".join(lines) + "\n")


def update_command(
    names: Annotated[
        list[str] | None,
        typer.Argument(metavar="NAME...", help="Sources to update (default: all)."),
    ] = None,
) -> None:
    """Fetch every subscribed source (or those named) and refresh the store.

    Exit 1 when some source failed (its last good copy is kept).
    """
    ctx = Context()
    known = _load()
    if names:
        missing = [n for n in names if not any(s.name == n for s in known)]
        if missing:
            fail(f"no source named {missing[0]!r}; 'findgroup sources list' shows them")
        known = [s for s in known if s.name in names]
    if not known:
        say("No sources to update: 'findgroup sources suggest' lists open ones to add.")
        return
    topics, _audiences = _vocabulary(ctx)
    outcomes = _run(known, topics)
    lines = []
    for o in outcomes:
        if o.ok:
            lines.append(f"{o.name}: {_counts(o)}{'' if o.changed else ' (unchanged)'}")
        else:
            say(f"error: {o.name}: {o.message}")
    ctx.write("".join(f"{line}\n" for line in lines))
    _index_sources(ctx)
    if any(not o.ok for o in outcomes):
        raise typer.Exit(ExitStatus.NONE)


def register(app: typer.Typer, only: str | None = None) -> None:
    """Add these commands (or only the one named) to the app."""
    if only in (None, "sources"):
        app.add_typer(sources_app, name="sources")
    if only in (None, "update"):
        app.command(name="update")(update_command)
