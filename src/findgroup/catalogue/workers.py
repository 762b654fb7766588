"""Parse many changed catalogue files at once: one worker process per core.

Parsing YAML is the slow part of a first search over a big catalogue, and every file can be
parsed on its own. When several files need it, worker processes parse them side by side and
write their parsed-cache entries; the search then reads those entries as if they had been
there all along. Only where processes can be forked cheaply (Linux); elsewhere, and for small
jobs, the files are parsed one after another.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from findgroup.catalogue.snapshot import parse_into_cache

WORTH_IT = 512 * 1024  # bytes of YAML to parse before starting workers pays for itself


def worthwhile(paths: Sequence[Path]) -> bool:
    """True when these files are many and big enough to parse in parallel here."""
    if len(paths) < 2 or (os.cpu_count() or 1) < 2 or sys.platform != "linux":
        return False
    return sum(path.stat().st_size for path in paths) >= WORTH_IT


def _parse(path: Path) -> bool:
    try:
        parse_into_cache(path)
    except Exception:  # the parent parses it again itself, and reports what is wrong
        return False
    return True


def parse_all(paths: Sequence[Path], done: Callable[[int], None] | None = None) -> None:
    """Parse the files into the cache in worker processes; `done` hears each one finish.

    A file a worker could not cache is simply parsed again by the caller.
    """
    workers = min(os.cpu_count() or 1, 4, len(paths))
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        for count, _ok in enumerate(pool.imap_unordered(_parse, paths), 1):
            if done is not None:
                done(count)
