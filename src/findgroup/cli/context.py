"""What every command reads once: settings, streams, terminal, colour, clock and timezone.

Also the exit statuses, and writing output so that a closed or full stdout is one plain
line and a non-zero exit, never a traceback.
"""

import datetime as dt
import os
import sys
from collections.abc import Mapping
from enum import IntEnum
from functools import cached_property
from typing import Any, NoReturn, TextIO
from zoneinfo import ZoneInfo

import typer

from findgroup.errors import FindgroupError
from findgroup.settings import Settings


class ExitStatus(IntEnum):
    """Exit codes, as grep: 0 found or fine; 1 nothing found or problems found; 2 usage."""

    OK = 0
    NONE = 1  # nothing found, validate found errors, some sources failed to update
    USAGE = 2  # a usage error, a missing file, a catalogue search cannot read


class OutputLost(Exception):
    """stdout could not be written (closed, or a full device)."""


def fail(message: str, status: ExitStatus = ExitStatus.USAGE) -> NoReturn:
    """Print one line on stderr and exit: an `error:` line, or for "nothing found" (1) plain."""
    say(message if status == ExitStatus.NONE else f"error: {message}")
    raise typer.Exit(status)


def say(line: str) -> None:
    """One line on stderr; a closed stderr is ignored (the exit status still tells)."""
    from findgroup.safe_text import clean_line

    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(clean_line(line) + "\n")
        stream.flush()
    except (OSError, ValueError):
        pass


def say_block(text: str) -> None:
    """Several lines on stderr, each cleaned."""
    for line in text.splitlines():
        say(line)


class Context:
    """The environment a command runs in, read once and passed down."""

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
    ) -> None:
        self.env = os.environ if env is None else env
        self.stdout = sys.stdout if stdout is None else stdout
        self.stderr = sys.stderr if stderr is None else stderr

    @cached_property
    def settings(self) -> Settings:
        """The config file and FINDGROUP_* variables (flags override them)."""
        from findgroup.settings import load_settings

        return load_settings(self.env)

    def specs(self, given: list[str] | None) -> list[str]:
        """The catalogues to read: those given, else the defaults and subscribed sources.

        The defaults are the settings' catalogues, else the built-in one; each subscribed
        source that has a copy is read as `source:NAME`.
        """
        if given:
            return list(given)
        return (list(self.settings.catalog) or ["default"]) + subscribed()

    def is_terminal(self, stream: TextIO | None = None) -> bool:
        """True when the stream (stdout by default) is a terminal."""
        target = self.stdout if stream is None else stream
        try:
            return bool(target is not None and target.isatty())
        except (OSError, ValueError):
            return False

    @property
    def color(self) -> bool:
        """Colour on a terminal, never with NO_COLOR or TERM=dumb, always with FORCE_COLOR."""
        if self.env.get("NO_COLOR") or self.env.get("TERM") == "dumb":
            return False
        return bool(self.env.get("FORCE_COLOR")) or self.is_terminal()

    @property
    def height(self) -> int:
        """The terminal's height when writing to one, else 0 (no screen to fit)."""
        if not self.is_terminal():
            return 0
        try:
            return max(10, os.get_terminal_size(self.stdout.fileno()).lines)
        except (OSError, ValueError, AttributeError):
            return 0

    @property
    def width(self) -> int:
        """The terminal's width when writing to one, else $COLUMNS, else 80; at least 40."""
        found = 0
        if self.is_terminal():
            try:
                found = os.get_terminal_size(self.stdout.fileno()).columns
            except (OSError, ValueError, AttributeError):
                found = 0
        if not found:
            try:
                found = int(self.env.get("COLUMNS", ""))
            except ValueError:
                found = 0
        return max(40, found or 80)

    def zone(self, name: str | None) -> ZoneInfo:
        """The reader's timezone: --tz, else the settings', else this machine's."""
        from findgroup.local import local_zone

        name = name or self.settings.tz
        if name is None:
            return local_zone()
        try:
            return ZoneInfo(name)
        except (ValueError, OSError, KeyError):
            fail(f"--tz {name!r} is not a timezone; use an IANA name such as Europe/London")

    def moment(self, at: str | None, tz: ZoneInfo) -> dt.datetime:
        """Now, or the --at moment, in the reader's zone."""
        if at is None:
            return dt.datetime.now(tz)
        try:
            when = dt.datetime.fromisoformat(at)
        except ValueError:
            fail(f"--at {at!r} is not an ISO 8601 date and time such as 2026-11-25T18:00")
        return when if when.tzinfo else when.replace(tzinfo=tz)

    @staticmethod
    def today() -> dt.date:
        """Today's date on this machine."""
        return dt.date.today()

    def write(self, text: str) -> None:
        """Write to stdout; raise OutputLost when it is closed or full."""
        if not text:
            return
        stream = self.stdout
        if stream is None:
            raise OutputLost("stdout is closed")
        try:
            stream.write(text)
            stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            raise OutputLost(str(exc)) from None


def progress_bar(label: str, note: str | None = None, delay: float = 0.0) -> Any:
    """A progress bar on stderr when it is a terminal (a one-line note otherwise)."""
    from findgroup.progress import ProgressBar

    stream = sys.stderr
    tty = bool(stream is not None and stream.isatty())
    return ProgressBar(label, stream, tty=tty, note=note, delay=delay)


def loading(note: str = "Reading catalogues for the first time; later runs use the store.") -> Any:
    """Progress of bringing the store up to date, shown only when it takes over a second."""
    if sys.stderr is None:
        return None
    bar = progress_bar("Reading catalogues", note=note, delay=1.0)

    def report(fraction: float) -> None:
        try:
            bar.update(fraction)
            if fraction >= 1.0:
                bar.finish()
        except (OSError, ValueError):
            pass

    return report


def subscribed() -> list[str]:
    """`source:NAME` for each subscribed source with a kept copy (none: no file read)."""
    from findgroup.settings import config_path

    path = config_path(os.environ).parent / "sources.toml"  # feeds.subscriptions' path, cheaply
    if not path.is_file():
        return []
    from findgroup.feeds import copies, subscriptions

    try:
        sources = subscriptions.load(path)
    except FindgroupError:
        return []  # 'findgroup sources list' says what is wrong with the file
    return [f"source:{s.name}" for s in sources if copies.catalogue_path(s.name) is not None]


def read_catalogues(ctx: Context, catalog: list[str] | None, offline: bool, work: Any) -> Any:
    """Run work(index) on the catalogues, then show the notes about them.

    Should the store turn out damaged, it is rebuilt and the work runs again.
    """
    from findgroup.search import reading

    notes, found = reading(
        ctx.specs(catalog),
        lambda index, notes: (notes, work(index)),
        offline=offline,
        progress=loading(),
    )
    for note in notes:
        say(note)
    return found
