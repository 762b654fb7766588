"""The command line: parse arguments, call the core, pick a renderer, map errors to exits.

The commands live in people.py (search, crisis, topics), groups.py (show, open, ics), maintain.py
(validate, check-links, schema, import, cache, config) and feeds.py (sources, update);
context.py reads the environment once and owns the exit statuses.
"""

import gc
import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from findgroup import __version__
from findgroup.cli.context import ExitStatus, OutputLost, say
from findgroup.errors import FindgroupError

PEOPLE = ("search", "show", "open", "crisis", "topics", "ics")
MAINTAINERS = (
    "validate",
    "check-links",
    "schema",
    "import",
    "sources",
    "update",
    "cache",
    "config",
)


class _Commands(TyperGroup):
    """The command group: people's commands first, then maintainers' under their own heading.

    findgroup's own errors become one line and exit status 2.
    """

    def list_commands(self, ctx: Any) -> list[str]:
        """Commands in the order --help shows them."""
        order = {name: k for k, name in enumerate(PEOPLE + MAINTAINERS)}
        return sorted(self.commands, key=lambda name: order.get(name, len(order)))

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """Two sections of commands, each with its whole one-line description."""
        for title, names in (("Commands", PEOPLE), ("For maintainers and scripts", MAINTAINERS)):
            rows = []
            for name in names:
                cmd = self.get_command(ctx, name)
                if cmd is not None and not cmd.hidden:
                    rows.append((name, cmd.get_short_help_str(limit=200)))
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; findgroup's errors become one `error:` line and exit status 2."""
        try:
            return super().invoke(ctx)
        except FindgroupError as exc:
            say(f"error: {exc}")
            raise typer.Exit(ExitStatus.USAGE) from None


def build(only: str | None = None) -> typer.Typer:
    """The app with every command, or with only the one a command line runs (faster start)."""
    found = typer.Typer(
        cls=_Commands,
        name="findgroup",
        help="Find a peer support group that fits you. Searches never leave your machine.",
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    )
    found.callback()(_root)
    if only is None or only in PEOPLE:
        from findgroup.cli import people

        people.register(found, only)
    if only is None or only in MAINTAINERS:
        from findgroup.cli import feeds, maintain

        maintain.register(found, only)
        feeds.register(found, only)
    return found


def _version(value: bool) -> None:
    if value:
        typer.echo(f"findgroup {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Find a peer support group that fits you. Searches never leave your machine.

    If you are in crisis now, call your local emergency number, or run 'findgroup crisis'.
    """


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole app, for tests and tools that import it
        return build()
    raise AttributeError(name)


def _command_named() -> str | None:
    """The command this command line runs, when it can be told without building them all."""
    if any(k.endswith("_COMPLETE") for k in os.environ):
        return None
    args = sys.argv[1:]
    if args and args[0] in PEOPLE + MAINTAINERS:
        return args[0]
    return None


def main() -> None:
    """Run the CLI; no failure ever shows a traceback."""
    gc.freeze()  # what importing made lives until the exit: collections need not walk it
    try:
        _run()
    finally:
        # The process ends next: the collection Python makes on the way out would only walk
        # every object ever made (a sixth of a warm search's time) to free memory the exit
        # frees anyway. Files are still flushed and closed as usual.
        gc.freeze()


def _run() -> None:
    try:
        build(_command_named())(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(1)
    except OutputLost as exc:
        _quiet_stdout()
        say(f"error: could not write the output ({exc}); nothing was lost, run it again")
        sys.exit(ExitStatus.USAGE)
    except SystemExit:
        raise
    except Exception as exc:  # the promise: never a traceback
        say(f"error: internal error ({type(exc).__name__}: {exc}); please report it")
        sys.exit(ExitStatus.USAGE)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
    except OSError:
        pass
