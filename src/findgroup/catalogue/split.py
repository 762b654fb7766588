"""Parse one big YAML catalogue file in pieces, side by side, reading it exactly as a whole.

A first search over 10,000 groups in one file spends nearly all its time in the YAML parser and
the checks, one group after another. The groups do not depend on each other, so the file is cut
between groups and worker processes parse the pieces side by side.

Each piece is the whole file with the other pieces' groups blanked out (their lines left empty,
so every line and column is unchanged): the lines before `groups:` and the top-level keys after
the list are in every piece, so each piece is a complete catalogue. A file is cut only where its
shape shows the pieces read exactly as the whole does:

- every line break is a plain newline, and no alias (`*name`) and no block scalar that keeps
  trailing blank lines (`|+`, `>+`) appears anywhere: the ways another piece's text, or the
  blank lines that stand in for it, could change a value;
- `groups:` is a top-level key on a line of its own, its items start with `-` at one indentation,
  and cuts are made only at such item lines;
- every piece parses without error, holds `groups` where the file has it, and finds the next
  top-level key after the list exactly where the file has it: so nothing a piece opened (a quoted
  scalar, a flow collection) ran on past its cut.

A file of another shape, or any surprise in a worker, and the caller parses the file whole.
Problems are kept from the piece whose lines hold them; those before and after the list, which
every piece sees, from the first piece only.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import re
import signal
import sys
from collections.abc import Callable
from typing import Any, NamedTuple

from findgroup.catalogue.files import Progress, halves
from findgroup.catalogue.nodes import Document, Node
from findgroup.catalogue.parts import FileParts
from findgroup.catalogue.yaml_reader import MAX_NODES
from findgroup.errors import Problem
from findgroup.table import GroupTable

WORTH_IT = 512 * 1024  # characters of groups to parse before cutting a file pays for itself
MAX_PIECES = 4
FIRST_SHARE = 0.85  # of the groups each worker reads, the share the calling process reads
_GROUPS_KEY = re.compile(r"^groups:[ \t]*(?:#[^\n]*)?$", re.MULTILINE)
_FIRST_ITEM = re.compile(r"\n(?:[ \t]*(?:#[^\n]*)?\n)*( *)-(?:[ \n]|$)")
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
_TOP_LEVEL = re.compile(r"\n[^ \n#]")  # from the line break before it: a fast search
_TOP_LEVEL_NOT_ITEM = re.compile(r"\n(?:[^ \n#-]|-[^ \n])")

Pack = Callable[[GroupTable], Any]


class Piece(NamedTuple):
    """What one piece contributes: its groups' columns, the groups packed, and its problems."""

    columns: dict[str, list[Any]]
    packed: Any  # what the caller's `pack` made of the piece's groups
    problems: list[Problem]
    values: int  # how many values the piece holds, shared lines included


class Plan(NamedTuple):
    """Where a file is cut: the `groups:` line, the cut points, and the end of the list."""

    text: str
    groups_end: int  # offset of the line break that ends the `groups:` line
    groups_line: int  # 0-based
    cuts: list[int]  # offsets of the first line of every piece's groups, the first included
    end: int  # offset of the first top-level line after the list (len(text) when none)
    end_line: int | None  # its 0-based line, None when the list runs to the end

    def piece_text(self, k: int) -> str:
        """Piece k: the file with every other piece's groups blanked out."""
        text, cuts = self.text, self.cuts
        start = self.groups_end + 1 if k == 0 else cuts[k]
        stop = cuts[k + 1] if k + 1 < len(cuts) else self.end
        return "".join(
            (
                text[: self.groups_end + 1],
                "\n" * text.count("\n", self.groups_end + 1, start),
                text[start:stop],
                "\n" * text.count("\n", stop, self.end),
                text[self.end :],
            )
        )

    def owned(self, k: int, problems: list[Problem]) -> list[Problem]:
        """The problems piece k reports: on its own groups' lines; all of them for piece 0."""
        if k == 0:
            return problems
        first = self.text.count("\n", 0, self.cuts[k]) + 1
        stop = self.cuts[k + 1] if k + 1 < len(self.cuts) else self.end
        after = first + self.text.count("\n", self.cuts[k], stop)
        return [p for p in problems if first <= p.pos.line < after]


def cores() -> int:
    """How many cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def plan(text: str, pieces: int, worth_it: int = WORTH_IT) -> Plan | None:
    """Where to cut this text into at most `pieces` pieces, or None to parse it whole."""
    if pieces < 2:
        return None
    key = _groups_key(text, 0)
    if key is None or key.end() >= len(text) or _groups_key(text, key.end()):
        return None
    first = _FIRST_ITEM.match(text, key.end())
    if first is None:
        return None
    indent = len(first[1])
    after = (_TOP_LEVEL_NOT_ITEM if indent == 0 else _TOP_LEVEL).search(text, first.start(1))
    end = after.start() + 1 if after else len(text)
    if end - first.start(1) < worth_it or _unsafe(text):
        return None
    item = re.compile(rf"\n {{{indent}}}-(?:[ \n]|$)")
    cuts = [first.start(1)]
    # the first piece is read here, with the cutting and joining to do besides: a smaller share
    size = (end - cuts[0]) / (pieces - 1 + FIRST_SHARE)
    for k in range(1, pieces):
        at = cuts[0] + int((k - 1 + FIRST_SHARE) * size)
        found = item.search(text, max(cuts[-1], at), end)
        if found is None:
            break
        cuts.append(found.start() + 1)
    if len(cuts) < 2:
        return None
    groups_line = text.count("\n", 0, key.start())
    end_line = text.count("\n", 0, end) if after else None
    return Plan(text, key.end(), groups_line, cuts, end, end_line)


def _groups_key(text: str, start: int) -> re.Match[str] | None:
    """The first line from `start` on that is the top-level key `groups:` alone."""
    found = _GROUPS_KEY.match(text, 0) if start == 0 else None
    at = max(start - 1, 0)
    while found is None and (at := text.find("\ngroups:", at)) >= 0:
        found = _GROUPS_KEY.match(text, at + 1)
        at += 1
    return found


def _unsafe(text: str) -> bool:
    """Whether the text has what could make a piece read differently from the whole.

    Line breaks other than newlines; a block scalar header that keeps trailing lines (`|+`,
    `>2+`); an alias, or anything that might be one (`*` starting a word).
    """
    if any(mark in text for mark in _OTHER_BREAKS):
        return True
    plus = text.find("+")
    while plus >= 0:
        before = text[max(plus - 2, 0) : plus]
        if before[-1:] in ("|", ">") or (before[-1:].isdigit() and before[:1] in ("|", ">")):
            return True
        plus = text.find("+", plus + 1)
    star = text.find("*")
    while star >= 0:
        if (star == 0 or text[star - 1] in " \t\n[{,") and text[star + 1 : star + 2] not in (
            *" \t\n,[]{}",
            "",
        ):
            return True
        star = text.find("*", star + 1)
    return False


def parse(
    data: bytes,
    name: str,
    pack: Pack,
    progress: Progress | None = None,
    *,
    pieces: int = 0,
    worth_it: int = WORTH_IT,
) -> tuple[FileParts, list[Piece]] | None:
    """Parse a YAML file in pieces in worker processes (piece 0 here), or None to parse it whole.

    Returns piece 0's parts (its vocabulary, crisis lines, settings and every problem outside
    the other pieces) and every piece's groups in file order. `pieces` defaults to the cores
    this process may use (at most 4); a list of groups shorter than `worth_it` characters is
    not cut. Only where processes can be forked (Linux).
    """
    if sys.platform != "linux":
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    cut = plan(text, pieces or min(cores(), MAX_PIECES), worth_it)
    if cut is None:
        return None
    workers: list[tuple[int, int]] = []
    try:
        for k in range(1, len(cut.cuts)):
            worker = _start(functools.partial(_piece_only, cut, k, name, pack))
            if worker is None:
                return None
            workers.append(worker)
        first = _piece(cut, 0, name, pack, progress)
        if first is None:
            return None
        found = [first[1]]
        while workers:
            piece = _collect(*workers.pop(0))
            if not isinstance(piece, Piece):
                return None
            found.append(piece)
    finally:
        for pid, fd in workers:
            _stop(pid, fd)
    if sum(piece.values for piece in found) > MAX_NODES:
        return None  # the whole file may hold too many: reading it whole says so, or not
    return first[0], found


def _piece(
    cut: Plan, k: int, name: str, pack: Pack, progress: Progress | None
) -> tuple[FileParts, Piece] | None:
    """Read and build piece k; None when it does not read as its part of the whole file."""
    from findgroup.catalogue.build import build_file
    from findgroup.catalogue.yaml_reader import YAMLReadError, read_yaml_counting

    reading, checking = halves(progress)
    try:
        root, problems, values = read_yaml_counting(cut.piece_text(k), name, reading)
    except (YAMLReadError, RecursionError):
        return None
    if root is None or not _in_place(root, cut):
        return None
    parts = build_file(Document(name, root, problems), checking)
    if parts.unreadable:
        return None
    mine = cut.owned(k, parts.problems)
    return parts, Piece(parts.groups.columns(), pack(parts.groups), mine, values)


def _piece_only(cut: Plan, k: int, name: str, pack: Pack) -> Piece | None:
    """Piece k's contribution alone (what a worker sends back)."""
    built = _piece(cut, k, name, pack, None)
    return None if built is None else built[1]


def _in_place(root: Node, cut: Plan) -> bool:
    """Whether a piece's top level has `groups` and the key after the list where the file does."""
    keys = root.keys
    if not isinstance(root.value, dict) or not keys or "groups" not in keys:
        return False
    if keys["groups"][1:] != (cut.groups_line + 1, 1):
        return False
    if not isinstance(root.value["groups"].value, list):
        return False
    return cut.end_line is None or any(pos[1:] == (cut.end_line + 1, 1) for pos in keys.values())


def _start(job: Callable[[], Any]) -> tuple[int, int] | None:
    """Fork a worker that runs `job` and sends back its result: (pid, pipe to read from).

    None when no process can be had (a process limit, a sandbox without fork).
    """
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the worker: never returns to the caller's code
        status = 1
        try:
            os.close(read_end)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            with open(write_end, "wb") as out:
                pickle.dump(job(), out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collect(pid: int, fd: int) -> Any:
    """A worker's result, or None when it failed."""
    try:
        with open(fd, "rb") as source:
            data = source.read()
    finally:
        _pid, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or not data:
        return None
    return pickle.loads(data)  # from our own forked worker, through a private pipe


def _stop(pid: int, fd: int) -> None:
    """End a worker whose result is no longer wanted."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.close(fd)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
