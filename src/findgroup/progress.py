"""Progress on stderr for slow steps: a bar on a terminal, one plain line otherwise."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TextIO

WIDTH = 30


class ProgressBar:
    """Shows how far a step has got, once it has taken `delay` seconds.

    On a terminal the bar redraws in place and is wiped when the step ends; elsewhere
    (a log, a pipe) `note` is written once instead, so logs get one line, not hundreds.
    """

    def __init__(
        self,
        label: str,
        stream: TextIO,
        *,
        tty: bool,
        note: str | None = None,
        delay: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.stream = stream
        self.tty = tty
        self.note = note
        self.clock = clock
        self.due = clock() + delay
        self.shown = ""

    def update(self, fraction: float) -> None:
        """Report that `fraction` (0 to 1) of the step is done."""
        if not self.shown and self.clock() < self.due:
            return
        if not self.tty:
            if not self.shown and self.note:
                self.stream.write(self.note + "\n")
                self.stream.flush()
            self.shown = self.shown or "noted"
            return
        fraction = min(max(fraction, 0.0), 1.0)
        filled = int(WIDTH * fraction)
        line = f"{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {fraction:4.0%}"
        if line != self.shown:
            self.stream.write("\r" + line)
            self.stream.flush()
            self.shown = line

    def count(self, done: int, total: int) -> None:
        """Report that `done` of `total` items are done."""
        self.update(done / total if total else 1.0)

    def finish(self) -> None:
        """End the step: wipe the bar from a terminal; later updates show nothing."""
        if self.tty and self.shown:
            self.stream.write("\r" + " " * len(self.shown) + "\r")
            self.stream.flush()
        self.shown = ""
        self.due = math.inf
