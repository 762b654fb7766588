"""The commands a person looking for support uses: search, crisis, topics; and groups.py's."""

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer

from findgroup.cli import groups
from findgroup.cli.context import Context, ExitStatus, fail, loading, read_catalogues, say_block
from findgroup.cli.options import (
    AtOption,
    CatalogOption,
    CountryOption,
    DetailFormat,
    DetailFormatOption,
    OfflineOption,
    ZoneOption,
    complete_day,
    completer,
)

SEARCH_HELP = """Find groups for a need, best first, with when and how to join.

Say the need in your own words. Examples:

  findgroup search bpd

  findgroup search "my husband drinks too much" --country UK

  findgroup search depression --online --day tue --after 18:00
"""


class OutputFormat(StrEnum):
    """Output formats of `search`."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    md = "md"


def _time(value: str | None, flag: str) -> Any:
    from findgroup.clock import time_of_day

    if value is None:
        return None
    found = time_of_day(value)
    if found is None:
        fail(f"{flag} {value!r} is not a time; use 18:30 or 6:30pm")
    return found


WEEKEND, WEEKDAYS = (5, 6), (0, 1, 2, 3, 4)
DAY_GROUPS = {"weekend": WEEKEND, "weekends": WEEKEND, "weekday": WEEKDAYS, "weekdays": WEEKDAYS}


def _days(values: list[str] | None) -> frozenset[int]:
    from findgroup.model import DAYS

    days: set[int] = set()
    for value in values or []:
        key = value.strip().lower()
        found = [i for i, d in enumerate(DAYS) if key in (d, d[:3])] or DAY_GROUPS.get(key)
        if not found:
            fail(f"--day {value!r} is not a day; use mon..sun, monday..sunday, weekend or weekdays")
        days.update(found)
    return frozenset(days)


def _lang(value: str | None) -> str | None:
    from findgroup import codes
    from findgroup.suggest import hint

    if value is None:
        return None
    found = codes.language_code(value)
    if found is None:
        typed = value.strip().lower()
        choices = sorted(codes.LANGUAGE_NAMES) if len(typed) > 3 else sorted(codes.ISO_639_1)
        fail(
            f"--lang {value!r} is not a language: give an ISO 639 code (en, es, fr) or a "
            "name (Spanish)" + hint(typed, choices)
        )
    return found


def country(ctx: Context, given: str | None) -> str | None:
    """The --country filter as an ISO code (None for any country)."""
    from findgroup.codes import COUNTRY_NAMES, countries, country_code
    from findgroup.suggest import hint

    value = (given or ctx.settings.country or "").strip()
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


def reader_country(
    ctx: Context, given: str | None, near: str | None = None, zone: ZoneInfo | None = None
) -> str | None:
    """The reader's country: --country, else --near's, else the locale's, else the zone's.

    The zone is --tz when given (the reader's own), else this machine's.
    """
    from findgroup.local import local_country

    found = country(ctx, given)
    if found is None and near:
        from findgroup.places import place_country

        found = place_country(near)
    return found or local_country(zone)


# radon D: one parameter per flag, each parsed and checked where it is declared
def search(
    needs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="NEED...",
            help="What the group is about, in your words ('-' reads one query a line from stdin).",
            show_default=False,
            autocompletion=completer("needs"),
        ),
    ] = None,
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    online: Annotated[bool, typer.Option("--online", help="Online, hybrid or phone.")] = False,
    in_person: Annotated[bool, typer.Option("--in-person", help="In person or hybrid.")] = False,
    day: Annotated[
        list[str] | None,
        typer.Option(
            metavar="DAY",
            help="Meeting day: mon..sun, full names, weekend or weekdays (repeatable).",
            show_default=False,
            autocompletion=complete_day,
        ),
    ] = None,
    after: Annotated[
        str | None,
        typer.Option(metavar="HH:MM", help="Starting at or after HH:MM or 6pm (your time)."),
    ] = None,
    before: Annotated[
        str | None,
        typer.Option(metavar="HH:MM", help="Starting at or before HH:MM or 6pm (your time)."),
    ] = None,
    near: Annotated[
        str | None,
        typer.Option(
            metavar="PLACE", help="In-person meetings near a city, postcode, region or LAT,LON."
        ),
    ] = None,
    within: Annotated[
        float, typer.Option(min=0.1, metavar="KM", help="With --near: how far, in km.")
    ] = 25.0,
    country_: Annotated[
        str | None,
        typer.Option(
            "--country",
            metavar="CC",
            help="Only groups open to this country: ISO code (GB, US), UK, or a name.",
        ),
    ] = None,
    audience: Annotated[
        list[str] | None,
        typer.Option(
            metavar="WHO",
            help="Only groups for this audience, such as family or women (repeatable).",
            autocompletion=completer("audiences"),
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            metavar="LANG",
            help="Only groups held in this language: en, es, fr ... or a name (Spanish).",
        ),
    ] = None,
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
    tz: ZoneOption = None,
    at: AtOption = None,
    output: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table, json, jsonl, csv, or md (a printable weekly schedule).",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            min=0,
            metavar="N",
            help="Most results to show; 0 means all (default 10, or what fits a terminal).",
            show_default=False,
        ),
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show which words matched what, and scores.")
    ] = False,
    long: Annotated[
        bool, typer.Option("--long", "-l", help="Every detail of each group, not short cards.")
    ] = False,
) -> None:
    """Find groups for a need, best first, with when and how to join."""
    from findgroup.render.answers import Options, render
    from findgroup.search import Request
    from findgroup.search import search as run

    ctx = Context()
    reader_tz = ctx.zone(tz)
    filters = {
        "online": online,
        "in_person": in_person,
        "days": _days(day),
        "after": _time(after, "--after"),
        "before": _time(before, "--before"),
        "near": near,
        "within_km": within,
        "country": country(ctx, country_),
        "audience": audience or [],
        "lang": _lang(lang),
        "free": free,
        "verified_within": verified_within,
        "soon_hours": (soon_hours or 24.0) if (soon or soon_hours) else None,
    }
    words = needs or []
    from_stdin = words == ["-"]
    queries = (
        [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]
        if from_stdin
        else [" ".join(words)]
    )
    fmt = output or OutputFormat(ctx.settings.format or "table")
    request = Request(
        specs=ctx.specs(catalog),
        filters=filters,
        tz=reader_tz,
        now=ctx.moment(at, reader_tz),
        today=ctx.today(),
        limit=10 if limit is None else limit,
        crisis_country=lambda: reader_country(ctx, country_, near, reader_tz),
        offline=offline,
        progress=loading(),
    )
    found = run(request, queries)
    home = reader_country(ctx, country_, near, reader_tz)
    ordered = f"nearest {near} first" if near else f"in {home}" if country_ else ""
    if not ordered and home:
        ordered = f"{home} first"
    options = Options(
        from_stdin, explain, ctx.color, reader_tz, ctx.today(), ctx.width, long, ordered,
        bool(country_ or near), request.now,
        ctx.height if limit is None and not from_stdin and fmt is OutputFormat.table else 0,
    )  # fmt: skip
    shown = render(found, fmt.value, options)
    ctx.write(shown.stdout)
    for line in shown.stderr:
        say_block(line)
    raise typer.Exit(ExitStatus.OK if found.found else ExitStatus.NONE)


def crisis(
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    country_: CountryOption = None,
    output: DetailFormatOption = DetailFormat.table,
) -> None:
    """Where to turn right now: crisis lines for your country and a worldwide directory."""
    from findgroup.crisis import lines_for, message
    from findgroup.render.data import to_json
    from findgroup.render.details import crisis_records

    ctx = Context()
    country = reader_country(ctx, country_)
    lines = lines_for(
        read_catalogues(ctx, catalog, offline, lambda index: index.crisis_lines()), country
    )
    ctx.write(to_json(crisis_records(lines)) if output is DetailFormat.json else message(lines))


def topics(
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    output: DetailFormatOption = DetailFormat.table,
) -> None:
    """The needs findgroup knows, with aliases, broader and narrower topics and group counts."""
    from findgroup.render.data import to_json
    from findgroup.render.details import topic_records, topics_text

    ctx = Context()
    records = read_catalogues(ctx, catalog, offline, topic_records)
    ctx.write(to_json(records) if output is DetailFormat.json else topics_text(records))


def register(app: typer.Typer, only: str | None = None) -> None:
    """Add these commands (or only the one named) to the app."""
    commands: dict[str, Callable[..., None]] = {
        "search": search,
        "show": groups.show,
        "open": groups.open_group,
        "crisis": crisis,
        "topics": topics,
        "ics": groups.ics,
    }
    for name, function in commands.items():
        if only in (None, name):
            app.command(name=name, help=SEARCH_HELP if name == "search" else None)(function)
