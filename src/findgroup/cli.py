"""The command line: parse arguments, call the core, pick a renderer, map errors to exit codes."""

from __future__ import annotations

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
            typer.echo(f"error: {exc}", err=True)
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


def _specs(given: list[str] | None) -> list[str]:
    from findgroup.sources import catalogue_specs

    return catalogue_specs(given or [], os.environ.get("FINDGROUP_CATALOG"))


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
    strict: Annotated[bool, typer.Option(help="Count warnings as errors.")] = False,
    output: Annotated[
        ProblemFormat, typer.Option("--format", "-f", help="text lines or a JSON list.")
    ] = ProblemFormat.text,
) -> None:
    """Check catalogues and report every problem as FILE:LINE:COLUMN: severity: message."""
    from findgroup.catalogue.load import load
    from findgroup.render import problems as render

    loaded = load(_specs([*(catalogs or []), *(catalog or [])]), _today())
    problems = loaded.problems
    if output is ProblemFormat.json:
        typer.echo(render.as_json(problems), nl=False)
    else:
        typer.echo(render.as_lines(problems), nl=False)
    typer.echo(render.summary(problems, len(loaded.catalogue.files)), err=True)
    failing = loaded.errors + (loaded.warnings if strict else 0)
    raise typer.Exit(1 if failing else 0)


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
