"""The command line: parse arguments, call the core, pick a renderer, map errors to exit codes."""

import datetime as dt
import os
import sys
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from findgroup import __version__
from findgroup.errors import FindgroupError


class _Commands(TyperGroup):
    """The command group; turns findgroup's own errors into one line and exit status 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except FindgroupError as exc:
            from findgroup.safe_text import clean_line

            typer.echo(clean_line(f"error: {exc}"), err=True)
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_Commands,
    name="findgroup",
    help="Find a peer support group that fits you. Searches never leave your machine.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

CatalogOption = Annotated[
    list[str] | None,
    typer.Option(
        "--catalog",
        "-c",
        help="A catalogue file, directory, or 'default' (repeatable). "
        "Default: $FINDGROUP_CATALOG, else the built-in catalogue.",
        show_default=False,
    ),
]


OfflineOption = Annotated[
    bool,
    typer.Option(
        "--offline",
        help="Use only cached copies of remote catalogues; never touch the network.",
        envvar="FINDGROUP_OFFLINE",
    ),
]


class ProblemFormat(StrEnum):
    """Output formats of `validate`."""

    text = "text"
    json = "json"


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one `error:` line on stderr and exit."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _today() -> dt.date:
    return dt.date.today()


def _settings() -> Any:
    from findgroup.settings import load_settings

    return load_settings(os.environ)


def _specs(given: list[str] | None) -> list[str]:
    if given:
        return list(given)
    return list(_settings().catalog) or ["default"]


def _completer(kind: str) -> Any:
    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from findgroup.completion import complete, params_catalog

        return complete(kind, _specs(params_catalog(ctx.params)), incomplete)

    return complete


def _complete_day(incomplete: str) -> list[str]:
    from findgroup.model import DAYS

    return [d for d in DAYS if d.startswith(incomplete.lower())]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"findgroup {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Find a peer support group that fits you. Searches never leave your machine."""


@app.command()
def validate(
    catalogs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Catalogue files or directories (default: the built-in one).", show_default=False
        ),
    ] = None,
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    strict: Annotated[bool, typer.Option(help="Count warnings as errors.")] = False,
    output: Annotated[
        ProblemFormat, typer.Option("--format", "-f", help="text lines or a JSON list.")
    ] = ProblemFormat.text,
) -> None:
    """Check catalogues and report every problem as FILE:LINE:COLUMN: severity: message."""
    from findgroup.catalogue.load import load
    from findgroup.render import problems as render

    specs = _specs([*(catalogs or []), *(catalog or [])])
    loaded = load(specs, _today(), offline=offline, progress=_loading(_READING_IN_FULL))
    for note in loaded.notes:
        typer.echo(note, err=True)
    problems = loaded.problems
    if output is ProblemFormat.json:
        typer.echo(render.as_json(problems), nl=False)
    else:
        typer.echo(render.as_lines(problems), nl=False)
    typer.echo(render.summary(problems, len(loaded.catalogue.files)), err=True)
    failing = loaded.errors + (loaded.warnings if strict else 0)
    raise typer.Exit(1 if failing else 0)


class OutputFormat(StrEnum):
    """Output formats of `search`."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


_DAY_HELP = "Meeting day, mon..sun or full names (repeatable)."


def _parse_time(value: str | None, flag: str) -> dt.time | None:
    if value is None:
        return None
    try:
        hours, minutes = value.split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        fail(f"{flag} {value!r} is not a time like 18:30")


def _parse_days(values: list[str] | None) -> frozenset[int]:
    from findgroup.model import DAYS

    days = set()
    for value in values or []:
        key = value.strip().lower()
        found = [i for i, d in enumerate(DAYS) if key in (d, d[:3])]
        if not found:
            fail(f"--day {value!r} is not a day; use mon..sun or monday..sunday")
        days.add(found[0])
    return frozenset(days)


def _zone(name: str | None) -> Any:
    from zoneinfo import ZoneInfo

    from findgroup.local import local_zone

    name = name or _settings().tz
    if name is None:
        return local_zone()
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        fail(f"--tz {name!r} is not a timezone; use an IANA name such as Europe/London")


def _moment(at: str | None, tz: Any) -> dt.datetime:
    if at is None:
        return dt.datetime.now(tz)
    try:
        when = dt.datetime.fromisoformat(at)
    except ValueError:
        fail(f"--at {at!r} is not an ISO 8601 date and time such as 2026-11-25T18:00")
    return when if when.tzinfo else when.replace(tzinfo=tz)


@app.command()
def search(
    needs: Annotated[
        list[str] | None,
        typer.Argument(
            help="What the group is about, in your words (each argument is a need; "
            "'-' reads one query a line from stdin).",
            show_default=False,
            autocompletion=_completer("needs"),
        ),
    ] = None,
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    online: Annotated[bool, typer.Option("--online", help="Online, hybrid or phone.")] = False,
    in_person: Annotated[bool, typer.Option("--in-person", help="In person or hybrid.")] = False,
    day: Annotated[
        list[str] | None,
        typer.Option(help=_DAY_HELP, show_default=False, autocompletion=_complete_day),
    ] = None,
    after: Annotated[
        str | None, typer.Option(help="Starting at or after HH:MM (your time).")
    ] = None,
    before: Annotated[
        str | None, typer.Option(help="Starting at or before HH:MM (your time).")
    ] = None,
    near: Annotated[
        str | None,
        typer.Option(help="In-person meetings near a city, postcode, region or LAT,LON."),
    ] = None,
    within: Annotated[
        float, typer.Option(min=0.1, metavar="KM", help="With --near: how far, in km.")
    ] = 25.0,
    country: Annotated[str | None, typer.Option(help="ISO country code such as GB or US.")] = None,
    audience: Annotated[
        list[str] | None,
        typer.Option(
            help="Only groups for this audience (repeatable).",
            autocompletion=_completer("audiences"),
        ),
    ] = None,
    lang: Annotated[str | None, typer.Option(help="Language code such as en or es.")] = None,
    free: Annotated[bool, typer.Option("--free", help="Leave out paid groups.")] = False,
    verified_within: Annotated[
        int | None,
        typer.Option(min=1, metavar="MONTHS", help="Only groups checked within MONTHS months."),
    ] = None,
    soon: Annotated[
        bool, typer.Option("--soon", help="Only meetings starting in the next 24 hours.")
    ] = False,
    soon_hours: Annotated[
        float | None,
        typer.Option(min=0.5, metavar="HOURS", help="With --soon: the window in hours."),
    ] = None,
    tz: Annotated[
        str | None, typer.Option("--tz", help="Your timezone (default: this machine's).")
    ] = None,
    at: Annotated[
        str | None, typer.Option(help="Compute 'next meeting' from this ISO 8601 moment.")
    ] = None,
    output: Annotated[
        OutputFormat | None,
        typer.Option("--format", "-f", help="table, json, jsonl or csv.", show_default=False),
    ] = None,
    limit: Annotated[int, typer.Option(min=0, help="Most results to show; 0 means all.")] = 10,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show which words matched what, and scores.")
    ] = False,
) -> None:
    """Find groups for a need, best first, with when and how to join."""
    from findgroup.safe_text import clean
    from findgroup.search import Query, run_search

    reader_tz = _zone(tz)
    filters_args = {
        "online": online,
        "in_person": in_person,
        "days": _parse_days(day),
        "after": _parse_time(after, "--after"),
        "before": _parse_time(before, "--before"),
        "near": near,
        "within_km": within,
        "country": _filter_country(country),
        "audience": audience or [],
        "lang": lang.lower() if lang else None,
        "free": free,
        "verified_within": verified_within,
        "soon_hours": (soon_hours or 24.0) if (soon or soon_hours) else None,
    }
    words = needs or []
    from_stdin = words == ["-"]
    if from_stdin:
        queries = [[line.strip()] for line in sys.stdin.read().splitlines() if line.strip()]
    else:
        queries = [words]
    fmt = output or OutputFormat(_settings().format or "table")
    request = Query(
        specs=_specs(catalog),
        filters=filters_args,
        tz=reader_tz,
        now=_moment(at, reader_tz),
        today=_today(),
        limit=limit,
        crisis_country=lambda: _reader_country(country, near),
        offline=offline,
        progress=_loading(),
    )
    out = run_search(request, queries, fmt.value, from_stdin, explain, _color())
    if out.stdout:
        typer.echo(out.stdout, nl=False)
    for line in out.stderr:
        typer.echo(clean(line), err=True)
    raise typer.Exit(0 if out.found else 1)


class DetailFormat(StrEnum):
    """Output formats of `show` and `topics`."""

    table = "table"
    json = "json"


@app.command()
def show(
    group_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="The group's id.", autocompletion=_completer("groups")),
    ],
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    tz: Annotated[
        str | None, typer.Option("--tz", help="Your timezone (default: this machine's).")
    ] = None,
    at: Annotated[
        str | None, typer.Option(help="List meetings after this ISO 8601 moment.")
    ] = None,
    count: Annotated[int, typer.Option(min=1, max=52, help="Upcoming dates per meeting.")] = 3,
    ics: Annotated[
        bool, typer.Option("--ics", help="Write an iCalendar file of the group's meetings.")
    ] = False,
    output: Annotated[
        DetailFormat, typer.Option("--format", "-f", help="table or json.")
    ] = DetailFormat.table,
) -> None:
    """Everything about one group, with each meeting's next dates."""
    from findgroup.render.data import to_json
    from findgroup.render.details import show_record, show_text
    from findgroup.schedule import occurrences
    from findgroup.search import open_catalogue
    from findgroup.suggest import hint

    reader_tz = _zone(tz)
    now = _moment(at, reader_tz)
    loaded, notes = open_catalogue(_specs(catalog), _today(), offline=offline, progress=_loading())
    for note in notes:
        typer.echo(note, err=True)
    groups = loaded.catalogue.groups
    group = groups.find(group_id)
    if group is None:
        typer.echo(
            f"No group with id '{group_id}'{hint(group_id, groups.ids)} "
            "(ids are shown by 'findgroup search NEED --format json')",
            err=True,
        )
        raise typer.Exit(1)
    if ics:
        _write_calendar([group], now)
        return
    upcoming = [(m, occurrences(m, now, count)) for m in group.meetings]
    if output is DetailFormat.json:
        record = show_record(group, upcoming, loaded.catalogue.feedback_for(group))
        typer.echo(to_json(record), nl=False)
    else:
        typer.echo(show_text(group, upcoming, loaded.catalogue, reader_tz, _today()), nl=False)


def _write_calendar(groups: list[Any], now: dt.datetime) -> None:
    from findgroup.render.ics import calendar
    from findgroup.schedule import next_occurrence

    for group in groups:
        if not any(next_occurrence(m, now) for m in group.meetings):
            why = "no fixed meetings" if not group.meetings else "no upcoming meetings"
            fail(
                f"'{group.id}' has {why} to put in a calendar"
                + (f"; {group.schedule_note}" if group.schedule_note else ""),
                code=1,
            )
    typer.echo(calendar(groups, now), nl=False)


@app.command(name="ics")
def ics_command(
    group_ids: Annotated[
        list[str],
        typer.Argument(metavar="ID...", help="Group ids.", autocompletion=_completer("groups")),
    ],
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    at: Annotated[
        str | None, typer.Option(help="Start the calendar from this ISO 8601 moment.")
    ] = None,
) -> None:
    """Write one iCalendar file with every meeting of the given groups (> groups.ics)."""
    from findgroup.search import open_catalogue
    from findgroup.suggest import hint

    loaded, notes = open_catalogue(_specs(catalog), _today(), offline=offline, progress=_loading())
    for note in notes:
        typer.echo(note, err=True)
    groups = loaded.catalogue.groups
    found = [groups.find(i) for i in group_ids]
    missing = [i for i, group in zip(group_ids, found, strict=True) if group is None]
    if missing:
        fail(f"No group with id '{missing[0]}'{hint(missing[0], groups.ids)}", code=1)
    _write_calendar([group for group in found if group is not None], _moment(at, _zone(None)))


@app.command()
def topics(
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    output: Annotated[
        DetailFormat, typer.Option("--format", "-f", help="table or json.")
    ] = DetailFormat.table,
) -> None:
    """The needs findgroup knows, with aliases, broader and narrower topics and group counts."""
    from findgroup.render.data import to_json
    from findgroup.render.details import topic_records, topics_text
    from findgroup.search import open_catalogue
    from findgroup.vocabulary import Vocabulary

    loaded, notes = open_catalogue(_specs(catalog), _today(), offline=offline, progress=_loading())
    for note in notes:
        typer.echo(note, err=True)
    records = topic_records(Vocabulary(loaded.catalogue))
    if output is DetailFormat.json:
        typer.echo(to_json(records), nl=False)
    else:
        typer.echo(topics_text(records), nl=False)


def _filter_country(given: str | None) -> str | None:
    from findgroup.codes import COUNTRY_NAMES, countries, country_code
    from findgroup.suggest import hint

    value = (given or _settings().country or "").strip()
    if value in ("", "*"):
        return None
    code = country_code(value)
    if code is None:
        fail(
            f"--country {value!r} is not a country; use an ISO code such as GB or US, or a "
            "name such as Ireland"
            + hint(value, [*countries().values(), *(n.title() for n in COUNTRY_NAMES)], 75)
        )
    return code


def _reader_country(given: str | None, near: str | None = None) -> str | None:
    """The country whose crisis lines a reader needs: --country, else --near's, else local."""
    from findgroup.local import local_country

    found = _filter_country(given)
    if found is None and near:
        from findgroup.places import place_country

        found = place_country(near)
    return found or local_country()


@app.command()
def crisis(
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    country: Annotated[
        str | None,
        typer.Option(help="ISO country code such as GB or US (default: from your locale)."),
    ] = None,
    output: Annotated[
        DetailFormat, typer.Option("--format", "-f", help="table or json.")
    ] = DetailFormat.table,
) -> None:
    """Where to turn right now: crisis lines for your country and a worldwide directory."""
    from findgroup.crisis import lines_for, message
    from findgroup.render.data import to_json
    from findgroup.search import open_catalogue

    loaded, notes = open_catalogue(_specs(catalog), _today(), offline=offline, progress=_loading())
    for note in notes:
        typer.echo(note, err=True)
    lines = lines_for(loaded.catalogue, _reader_country(country))
    if output is DetailFormat.json:
        rows = [
            {
                "country": c.country,
                "name": c.name,
                "phone": c.phone,
                "text": c.text,
                "url": c.url,
                "hours": c.hours,
            }
            for c in lines
        ]
        typer.echo(to_json(rows), nl=False)
    else:
        typer.echo(message(lines), nl=False)


config_app = typer.Typer(
    help="Where your defaults live, and what they are.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(config_app, name="config")


@config_app.command("path")
def config_path_command() -> None:
    """Print where the config file is (it need not exist)."""
    from findgroup.settings import config_path

    typer.echo(str(config_path(os.environ)))


@config_app.command("show")
def config_show() -> None:
    """Print the effective defaults and where each comes from."""
    from findgroup.settings import KEYS

    settings = _settings()
    for key in KEYS:
        value = getattr(settings, key)
        shown = ", ".join(value) if isinstance(value, tuple) else value
        where = settings.origin.get(key, "not set")
        typer.echo(f"{key} = {shown or '-'}  ({where})")


cache_app = typer.Typer(
    help="The cache of remote catalogues and parsed files.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(cache_app, name="cache")


@cache_app.command("list")
def cache_list() -> None:
    """List cached remote catalogues (URL, size, age) and the parsed-file cache."""
    from findgroup.cache import cache_dir
    from findgroup.remote import cache_entries

    folder = cache_dir()
    entries = cache_entries()
    for entry in entries:
        validators = ", ".join(
            f"{k}: {entry[k]}" for k in ("etag", "last_modified") if entry.get(k)
        )
        typer.echo(
            f"{entry['url']}  {entry['size']:,} bytes, {entry['age']}"
            + (f" ({validators})" if validators else "")
        )
    parsed = len(list((folder / "parsed").glob("*.pickle")))
    typer.echo(
        f"{len(entries)} remote catalogue(s) and {parsed} parsed file(s) in {folder}", err=True
    )


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete everything findgroup has cached (always safe)."""
    import shutil

    from findgroup.cache import cache_dir

    folder = cache_dir()
    if folder.exists():
        shutil.rmtree(folder)
        typer.echo(f"Removed {folder}", err=True)
    else:
        typer.echo(f"Nothing to remove: {folder} does not exist", err=True)


import_app = typer.Typer(
    help="Convert other listing formats into a findgroup catalogue.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(import_app, name="import")


class CatalogueFormat(StrEnum):
    """Output formats of `import`."""

    yaml = "yaml"
    json = "json"


@import_app.command("meeting-guide")
def import_meeting_guide(
    feed: Annotated[str, typer.Argument(help="A Meeting Guide JSON feed: a file or a URL.")],
    topic: Annotated[
        list[str],
        typer.Option(help="What the meetings are about: a topic id, name or alias (repeatable)."),
    ],
    audience: Annotated[
        list[str] | None, typer.Option(help="An audience id for every group (repeatable).")
    ] = None,
    timezone: Annotated[
        str | None, typer.Option(help="IANA timezone for meetings the feed gives none.")
    ] = None,
    organization: Annotated[
        str | None, typer.Option(help="The organisation named on every group.")
    ] = None,
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    output: Annotated[
        CatalogueFormat, typer.Option("--format", "-f", help="yaml or json.")
    ] = CatalogueFormat.yaml,
) -> None:
    """Write a catalogue converted from a Meeting Guide feed to stdout."""
    from findgroup.importers.cli_support import read_feed, resolve_topics, write_catalogue
    from findgroup.importers.meeting_guide import convert
    from findgroup.safe_text import clean_line
    from findgroup.search import open_catalogue

    if timezone is not None:
        _zone(timezone)  # a clear error for a mistyped zone
    loaded, _notes = open_catalogue(_specs(catalog), _today(), offline=offline, progress=_loading())
    topic_ids = resolve_topics(topic, loaded.catalogue)
    unknown = [a for a in audience or [] if a not in loaded.catalogue.audiences]
    if unknown:
        fail(
            f"--audience {unknown[0]!r} is not an audience id; known: "
            + ", ".join(sorted(loaded.catalogue.audiences))
        )
    rows, source = read_feed(feed, offline=offline)
    progress = _progress("Converting")
    result = convert(
        rows,
        topics=topic_ids,
        audience=audience or [],
        timezone=timezone,
        organization=organization,
        source=source,
        progress=progress.count if progress else None,
    )
    if progress:
        progress.finish()
    for problem in result.problems:
        typer.echo(clean_line(problem), err=True)
    typer.echo(write_catalogue(result.groups, output.value), nl=False)
    typer.echo(
        f"imported {result.meetings} meetings into {len(result.groups)} groups; skipped "
        f"{result.closed} temporarily closed and {len(result.problems)} that could not be "
        "converted",
        err=True,
    )


def _progress(label: str) -> Any:
    """A progress bar on stderr when it is a terminal, else None."""
    from findgroup.progress import ProgressBar

    return ProgressBar(label, sys.stderr, tty=True) if sys.stderr.isatty() else None


_READING_IN_FULL = "Reading every catalogue file in full; a big catalogue takes a while."


def _loading(
    note: str = "Reading catalogues for the first time; later runs use the cache.",
) -> Any:
    """Progress of a catalogue load, shown only when it takes more than a second."""
    from findgroup.progress import ProgressBar

    bar = ProgressBar(
        "Reading catalogues", sys.stderr, tty=sys.stderr.isatty(), note=note, delay=1.0
    )

    def report(fraction: float) -> None:
        bar.update(fraction)
        if fraction >= 1.0:
            bar.finish()

    return report


def _color() -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


@app.command("check-links")
def check_links(
    catalogs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Catalogue files or directories (default: the built-in one).", show_default=False
        ),
    ] = None,
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    output: Annotated[
        ProblemFormat, typer.Option("--format", "-f", help="text lines or a JSON list.")
    ] = ProblemFormat.text,
    timeout: Annotated[
        float, typer.Option(min=1, metavar="SECONDS", help="Time allowed per link.")
    ] = 15.0,
) -> None:
    """Check every url, finder_url, source and join link; one line per broken link."""
    from findgroup.catalogue.load import load
    from findgroup.links import check
    from findgroup.render.data import to_json
    from findgroup.safe_text import clean_line

    specs = _specs([*(catalogs or []), *(catalog or [])])
    loaded = load(specs, _today(), offline=offline, progress=_loading(_READING_IN_FULL))
    for note in loaded.notes:
        typer.echo(note, err=True)
    progress = _progress("Checking links")
    results = check(
        loaded.catalogue, timeout=timeout, progress=progress.count if progress else None
    )
    if progress:
        progress.finish()
    broken = [(link, out) for link, out in results if out.broken]
    moved = [(link, out) for link, out in results if not out.broken and out.permanent]
    if output is ProblemFormat.json:
        rows = [
            {
                "file": link.pos.file,
                "line": link.pos.line,
                "field": link.field,
                "url": link.url,
                "status": out.status,
                "reason": out.reason,
                "broken": out.broken,
                "moved_to": out.final_url,
                "permanent": out.permanent,
            }
            for link, out in results
        ]
        typer.echo(to_json(rows), nl=False)
    else:
        for link, out in broken:
            status = f"{out.status} {out.reason}" if out.status else out.reason
            typer.echo(clean_line(f"{link.pos.file}:{link.pos.line}: {link.url}: {status}"))
        for link, out in moved:
            typer.echo(
                clean_line(
                    f"{link.pos.file}:{link.pos.line}: {link.url}: moved permanently to "
                    f"{out.final_url} (update the entry)"
                )
            )
    unique = len({link.url for link, _out in results})
    typer.echo(
        f"{len(broken)} broken and {len(moved)} moved of {len(results)} links ({unique} distinct)",
        err=True,
    )
    raise typer.Exit(1 if broken else 0)


@app.command()
def schema() -> None:
    """Print the JSON Schema of catalogue format 1 (for editors and CI)."""
    import json

    from findgroup.catalogue.schema import schema as build_schema

    typer.echo(json.dumps(build_schema(), indent=2))


def main() -> None:
    """Run the CLI; no failure ever shows a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:
        typer.echo(
            f"error: internal error ({type(exc).__name__}: {exc}); please report it", err=True
        )
        sys.exit(2)
