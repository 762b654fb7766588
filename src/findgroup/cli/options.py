"""Options shared by several commands, declared once."""

from enum import StrEnum
from typing import Annotated, Any

import typer


def completer(kind: str) -> Any:
    """Shell completion for topics, group ids or audiences, from the store."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        from findgroup.cli.context import Context
        from findgroup.completion import complete, params_catalog

        return complete(kind, Context().specs(params_catalog(ctx.params)), incomplete)

    return complete


def complete_day(incomplete: str) -> list[str]:
    """Day names that start with what was typed."""
    from findgroup.model import DAYS

    return [d for d in DAYS if d.startswith(incomplete.lower())]


CatalogOption = Annotated[
    list[str] | None,
    typer.Option(
        "--catalog",
        "-c",
        metavar="PATH",
        help="A catalogue file, directory, URL, or 'default' (repeatable). "
        "Default: $FINDGROUP_CATALOG, else the built-in catalogue.",
        show_default=False,
    ),
]
OfflineOption = Annotated[
    bool,
    typer.Option(
        "--offline",
        help="Use only kept copies of remote catalogues; never touch the network.",
        envvar="FINDGROUP_OFFLINE",
    ),
]
ZoneOption = Annotated[
    str | None,
    typer.Option("--tz", metavar="ZONE", help="Your timezone (default: this machine's)."),
]
AtOption = Annotated[
    str | None,
    typer.Option("--at", metavar="WHEN", help="Compute 'next meeting' from this ISO 8601 moment."),
]
GroupIdArgument = Annotated[
    str,
    typer.Argument(metavar="ID", help="The group's id.", autocompletion=completer("groups")),
]
CountryOption = Annotated[
    str | None,
    typer.Option(
        "--country",
        metavar="CC",
        help="A country: ISO code (GB, US), UK, or a name (Ireland). Default: your locale.",
    ),
]


class DetailFormat(StrEnum):
    """Output formats of `show`, `topics` and `crisis`."""

    table = "table"
    json = "json"


DetailFormatOption = Annotated[
    DetailFormat,
    typer.Option("--format", "-f", metavar="FORMAT", help="table or json."),
]


class ProblemFormat(StrEnum):
    """Output formats of `validate` and `check-links`."""

    text = "text"
    json = "json"


ProblemFormatOption = Annotated[
    ProblemFormat,
    typer.Option("--format", "-f", metavar="FORMAT", help="text lines or a JSON list."),
]
