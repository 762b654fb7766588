"""The commands maintainers use: validate, check-links, schema, import, cache, config."""

from enum import StrEnum
from typing import Annotated

import typer

from findgroup.cli.context import Context, ExitStatus, fail, loading, progress_bar, say
from findgroup.cli.options import (
    CatalogOption,
    OfflineOption,
    ProblemFormat,
    ProblemFormatOption,
)

CatalogsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="CATALOG...",
        help="Catalogue files, directories or URLs (default: the built-in one).",
        show_default=False,
    ),
]
_IN_FULL = "Reading every catalogue file in full; a big catalogue takes a while."


def validate(
    catalogs: CatalogsArgument = None,
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    strict: Annotated[bool, typer.Option(help="Count warnings as errors.")] = False,
    output: ProblemFormatOption = ProblemFormat.text,
) -> None:
    """Check catalogues and report every problem as FILE:LINE:COLUMN: severity: message."""
    from findgroup.catalogue.load import load
    from findgroup.render import problems as render

    ctx = Context()
    specs = ctx.specs([*(catalogs or []), *(catalog or [])])
    loaded = load(specs, ctx.today(), offline=offline, progress=loading(_IN_FULL))
    for note in loaded.notes:
        say(note)
    problems = loaded.problems
    ctx.write(
        render.as_json(problems) if output is ProblemFormat.json else render.as_lines(problems)
    )
    say(render.summary(problems, len(loaded.catalogue.files)))
    failing = loaded.errors + (loaded.warnings if strict else 0)
    raise typer.Exit(ExitStatus.NONE if failing else ExitStatus.OK)


def check_links(
    catalogs: CatalogsArgument = None,
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    output: ProblemFormatOption = ProblemFormat.text,
    timeout: Annotated[
        float, typer.Option(min=1, metavar="SECONDS", help="Time allowed per link.")
    ] = 15.0,
) -> None:
    """Check every url, finder_url, source and join link; one line per broken link."""
    from findgroup.catalogue.load import load
    from findgroup.links import check, outcome_lines, outcome_records
    from findgroup.render.data import to_json

    ctx = Context()
    specs = ctx.specs([*(catalogs or []), *(catalog or [])])
    loaded = load(specs, ctx.today(), offline=offline, progress=loading(_IN_FULL))
    for note in loaded.notes:
        say(note)
    bar = progress_bar("Checking links") if ctx.is_terminal(ctx.stderr) else None
    results = check(loaded.catalogue, timeout=timeout, progress=bar.count if bar else None)
    if bar:
        bar.finish()
    if output is ProblemFormat.json:
        ctx.write(to_json(outcome_records(results)))
    else:
        ctx.write("".join(line + "\n" for line in outcome_lines(results)))
    broken = sum(1 for _link, out in results if out.broken)
    moved = sum(1 for _link, out in results if not out.broken and out.permanent)
    unique = len({link.url for link, _out in results})
    say(f"{broken} broken and {moved} moved of {len(results)} links ({unique} distinct)")
    raise typer.Exit(ExitStatus.NONE if broken else ExitStatus.OK)


def schema() -> None:
    """Print the JSON Schema of catalogue format 1 (for editors and CI)."""
    import json

    from findgroup.catalogue.schema import schema as build_schema

    Context().write(json.dumps(build_schema(), indent=2) + "\n")


class CatalogueFormat(StrEnum):
    """Output formats of `import`."""

    yaml = "yaml"
    json = "json"


import_app = typer.Typer(
    help="Convert other listing formats into a findgroup catalogue.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@import_app.command("meeting-guide")
def import_meeting_guide(
    feed: Annotated[
        str, typer.Argument(metavar="FEED", help="A Meeting Guide JSON feed: a file or URL.")
    ],
    topic: Annotated[
        list[str],
        typer.Option(
            metavar="NEED",
            help="What the meetings are about: a topic id, name or alias (repeatable).",
        ),
    ],
    audience: Annotated[
        list[str] | None,
        typer.Option(metavar="WHO", help="An audience id for every group (repeatable)."),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(metavar="ZONE", help="IANA timezone for meetings the feed gives none."),
    ] = None,
    organization: Annotated[
        str | None, typer.Option(metavar="NAME", help="The organisation named on every group.")
    ] = None,
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    output: Annotated[
        CatalogueFormat, typer.Option("--format", "-f", metavar="FORMAT", help="yaml or json.")
    ] = CatalogueFormat.yaml,
) -> None:
    """Write a catalogue converted from a Meeting Guide feed to stdout."""
    from findgroup.importers.cli_support import read_feed, resolve_topics, write_catalogue
    from findgroup.importers.meeting_guide import convert
    from findgroup.search import reading

    ctx = Context()
    if timezone is not None:
        ctx.zone(timezone)  # a clear error for a mistyped zone
    known, audiences = reading(
        ctx.specs(catalog),
        lambda index, _notes: (index.topics(), index.audiences()),
        offline=offline,
        progress=loading(),
    )
    topic_ids = resolve_topics(topic, known)
    unknown = [a for a in audience or [] if a not in audiences]
    if unknown:
        fail(
            f"--audience {unknown[0]!r} is not an audience id; known: "
            + ", ".join(sorted(audiences))
        )
    rows, source = read_feed(feed, offline=offline)
    bar = progress_bar("Converting") if ctx.is_terminal(ctx.stderr) else None
    result = convert(
        rows,
        topics=topic_ids,
        audience=audience or [],
        timezone=timezone,
        organization=organization,
        source=source,
        progress=bar.count if bar else None,
    )
    if bar:
        bar.finish()
    for problem in result.problems:
        say(problem)
    ctx.write(write_catalogue(result.groups, output.value))
    say(
        f"imported {result.meetings} meetings into {len(result.groups)} groups; skipped "
        f"{result.closed} temporarily closed and {len(result.problems)} that could not be "
        "converted"
    )


cache_app = typer.Typer(
    help="The cache folder: the search store and kept copies of remote catalogues.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@cache_app.command("list")
def cache_list() -> None:
    """List kept copies of remote catalogues (URL, size, age) and what the store holds."""
    from findgroup.cache import cache_dir
    from findgroup.remote import age
    from findgroup.store import Damaged, open_store

    ctx = Context()
    folder = cache_dir()
    try:
        store, _warning = open_store(folder)
        copies = store.kept_copies()
        files = len(store.file_keys())
    except Damaged:
        copies, files = [], 0
    lines = []
    for url, size, meta in copies:
        validators = ", ".join(f"{k}: {meta[k]}" for k in ("etag", "last_modified") if meta.get(k))
        lines.append(
            f"{url}  {size:,} bytes, {age(meta)}" + (f" ({validators})" if validators else "")
        )
    ctx.write("".join(f"{line}\n" for line in lines))
    say(f"{len(copies)} remote catalogue(s) and {files} indexed file(s) in {folder}")


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete everything in the cache folder (always safe: it is rebuilt from the catalogues)."""
    import shutil

    from findgroup.cache import cache_dir

    folder = cache_dir()
    if folder.exists():
        shutil.rmtree(folder)
        say(f"Removed {folder}")
    else:
        say(f"Nothing to remove: {folder} does not exist")


config_app = typer.Typer(
    help="Where your defaults live, and what they are.", no_args_is_help=True, rich_markup_mode=None
)


@config_app.command("path")
def config_path_command() -> None:
    """Print where the config file is (it need not exist)."""
    from findgroup.settings import config_path

    ctx = Context()
    ctx.write(f"{config_path(ctx.env)}\n")


@config_app.command("show")
def config_show() -> None:
    """Print the effective defaults and where each comes from."""
    from findgroup.settings import KEYS

    ctx = Context()
    settings = ctx.settings
    lines = []
    for key in KEYS:
        value = getattr(settings, key)
        shown = ", ".join(value) if isinstance(value, tuple) else value
        lines.append(f"{key} = {shown or '-'}  ({settings.origin.get(key, 'not set')})\n")
    ctx.write("".join(lines))


def register(app: typer.Typer, only: str | None = None) -> None:
    """Add these commands (or only the one named) to the app."""
    for name, function in (
        ("validate", validate),
        ("check-links", check_links),
        ("schema", schema),
    ):
        if only in (None, name):
            app.command(name=name)(function)
    for name, group in (("import", import_app), ("cache", cache_app), ("config", config_app)):
        if only in (None, name):
            app.add_typer(group, name=name)
