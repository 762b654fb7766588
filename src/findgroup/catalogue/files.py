"""Find catalogue files (paths, directories, the built-in one) and read them into nodes."""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from findgroup.catalogue.nodes import Document
from findgroup.errors import CatalogueNotFound, Problem
from findgroup.model import Position

DEFAULT = "default"
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")
SUFFIXES = (".yaml", ".yml", ".json")
Progress = Callable[[float], None]  # how far through a step, 0 to 1


def halves(progress: Progress | None) -> tuple[Progress | None, Progress | None]:
    """Progress through a file's parse as two halves: reading the text, then checking it."""
    if progress is None:
        return None, None
    report = progress
    return (lambda f: report(f / 2)), (lambda f: report(0.5 + f / 2))


def builtin_catalogue() -> Path:
    """The path of the built-in catalogue shipped with the package."""
    here = Path(__file__).resolve().parent.parent
    shipped = here / "groups.yaml"
    if shipped.is_file():
        return shipped
    return here.parent.parent / "groups.yaml"  # a source checkout (editable install)


SOURCE_PREFIX = "source:"  # a subscribed source's converted catalogue (`findgroup sources`)


def _source_catalogue(name: str) -> Path:
    from findgroup.feeds import copies

    found = copies.catalogue_path(name)
    if found is None:
        raise CatalogueNotFound(
            f"source {name!r} has no copy yet: add it with 'findgroup sources add' "
            "or run 'findgroup update'"
        )
    return found


Skipped = list[tuple[Path, str]]  # files a directory holds that cannot be catalogues, and why


def expand(specs: Iterable[str], skipped: Skipped | None = None) -> Iterator[Path | str]:
    """Turn catalogue names into files (Paths) and URLs (strings), in load order.

    Inside a directory, what is not a regular file (a FIFO, a socket, a dangling symlink, a
    symlink loop) is left out and, when `skipped` is given, added to it with the reason.
    """
    for spec in specs:
        if spec == DEFAULT:
            yield builtin_catalogue()
            continue
        if spec.lower().startswith(("http://", "https://")):
            yield spec
            continue
        if spec.startswith(SOURCE_PREFIX):
            yield _source_catalogue(spec.removeprefix(SOURCE_PREFIX))
            continue
        scheme = _SCHEME.match(spec)
        if scheme and not Path(spec).exists():
            raise CatalogueNotFound(
                f"{spec}: only http:// and https:// catalogues can be fetched, not {scheme[1]}:"
            )
        path = Path(spec)
        if path.is_dir():
            for found in sorted(_files_below(path)):
                why = not_a_file(found)
                if why is None:
                    yield found
                elif skipped is not None:
                    skipped.append((found, why))
        elif path.is_file():
            yield path
        else:
            why = not_a_file(path) or "no such file or directory"
            raise CatalogueNotFound(
                f"{spec}: {why} (give a catalogue file, a directory, or 'default')"
            )


def not_a_file(path: Path) -> str | None:
    """Why `path` cannot be read as a catalogue file, or None when it is a regular file."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symlink loop"
        if path.is_symlink():
            return f"a symlink to {os.readlink(path)}, which does not exist"
        return "no such file or directory"
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "a device, not a regular file"


def _files_below(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.endswith(SUFFIXES) and not name.startswith("."):
                yield Path(root) / name


def display_name(path: Path, *, resolved: bool = False) -> str:
    """How a file is named in messages: relative to the working folder when inside it.

    `resolved` says the path is resolved already (each resolving is a system call a part).
    """
    try:
        full = path if resolved else path.resolve()
        return str(full.relative_to(_resolved(os.getcwd())))
    except (ValueError, OSError):
        return str(path)


def skipped_name(path: Path) -> str:
    """How a skipped entry is named: its own name, not where a symlink points."""
    return os.path.join(display_name(path.parent), path.name)


@functools.lru_cache(maxsize=8)
def _resolved(folder: str) -> Path:
    return Path(folder).resolve()


def read_file(path: Path, progress: Progress | None = None) -> Document:
    """Read one catalogue file into a Document; problems never raise."""
    name = display_name(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _fatal(name, 1, 1, "read", f"cannot read the file: {exc.strerror or exc}")
    return read_bytes(data, name, json=path.suffix == ".json", progress=progress)


def read_bytes(data: bytes, name: str, *, json: bool, progress: Progress | None = None) -> Document:
    """Parse a catalogue's bytes (YAML, or JSON when `json`) into a Document."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return _fatal(name, 1, 1, "encoding", "the file is saved as UTF-16; save it as UTF-8")
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return _fatal(
            name, line, column, "encoding", "the file is not valid UTF-8; save it as UTF-8"
        )
    if not text.strip():
        pos = Position(name, 1, 1)
        return Document(name, None, [Problem(pos, "warning", "empty", "the file is empty")])
    if json:
        from findgroup.catalogue.json_reader import JSONPositionError, read_json

        try:
            root, duplicates = read_json(text, name)
        except JSONPositionError as exc:
            return _fatal(name, exc.line, exc.column, "syntax", f"invalid JSON: {exc}")
        except RecursionError:
            return _fatal(name, 1, 1, "syntax", "invalid JSON: nested too deeply")
        problems = [
            Problem(p, "error", "duplicate-key", f"duplicate key '{k}'") for k, p in duplicates
        ]
        return Document(name, root, problems)
    from findgroup.catalogue.yaml_reader import YAMLReadError, read_yaml

    try:
        node, problems = read_yaml(text, name, progress)
    except YAMLReadError as exc:
        return _fatal(name, exc.line, exc.column, "syntax", exc.message)
    except RecursionError:
        return _fatal(name, 1, 1, "syntax", "invalid YAML: nested too deeply")
    if node is None:
        pos = Position(name, 1, 1)
        return Document(name, None, [Problem(pos, "warning", "empty", "the file is empty")])
    return Document(name, node, problems)


def _fatal(name: str, line: int, column: int, code: str, message: str) -> Document:
    return Document(name, None, [Problem(Position(name, line, column), "error", code, message)])
