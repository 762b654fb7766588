"""Load catalogues end to end: names to files, files to nodes, nodes to the checked model."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from findgroup.catalogue.build import build
from findgroup.catalogue.convert import Sink
from findgroup.catalogue.files import expand, read_file
from findgroup.catalogue.rules import check
from findgroup.errors import Problem
from findgroup.model import Catalogue


@dataclass(frozen=True, slots=True)
class Loaded:
    """A merged catalogue with every problem found while reading and checking it."""

    catalogue: Catalogue
    problems: tuple[Problem, ...]
    unreadable: tuple[str, ...]  # files that could not be parsed at all

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return sum(1 for p in self.problems if p.severity == "warning")


def load(specs: Sequence[str], today: dt.date) -> Loaded:
    """Load and check the named catalogues (paths, directories, 'default').

    Raises CatalogueNotFound for a name that does not exist; every other problem is
    reported in the result, sorted by file, line and column.
    """
    docs = [read_file(path) for path in expand(specs)]
    sink = Sink()
    catalogue = build(docs, sink)
    check(catalogue, sink, today)
    unreadable = tuple(
        d.path for d in docs if d.root is None and any(p.severity == "error" for p in d.problems)
    )
    return Loaded(catalogue, tuple(sorted(set(sink.problems))), unreadable)
