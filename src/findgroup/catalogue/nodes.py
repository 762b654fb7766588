"""Positioned raw values: what a parsed file looks like before it becomes the model."""

from __future__ import annotations

from typing import Any

from findgroup.errors import Problem
from findgroup.model import Position

REFUSED = object()
"""The value of a node whose tag was refused; its problem is already reported."""

NOWHERE = Position("", 0, 0)
"""The position of what was read without positions (the fast reader)."""


class Node:
    """A parsed value with the place it came from.

    `value` is a str, int, float, bool, None, date, list[Node] or dict[str, Node];
    `text` keeps a YAML plain scalar's source text (so `19:00` is not read as 1140);
    `keys` holds each mapping key's own position.
    """

    __slots__ = ("keys", "pos", "text", "value")

    def __init__(
        self,
        value: Any,
        pos: Position,
        text: str | None = None,
        keys: dict[str, Position] | None = None,
    ) -> None:
        self.value = value
        self.pos = pos
        self.text = text
        self.keys = keys

    def __repr__(self) -> str:
        return f"Node({self.value!r} @ {self.pos})"


class Document:
    """One catalogue file: its root node (None when unreadable) and reading problems.

    (A plain class: a dataclass costs every search a millisecond or two to create.)
    """

    __slots__ = ("path", "problems", "root")

    def __init__(self, path: str, root: Node | None, problems: list[Problem] | None = None):
        self.path = path
        self.root = root
        self.problems = problems if problems is not None else []

    def __repr__(self) -> str:
        return f"Document({self.path!r}, {len(self.problems)} problems)"


def as_node(value: Any) -> Node:
    """A value read without positions (a str, bool, None, list or dict) as a node.

    The fast reader leaves text, lists and mappings plain until they are checked; a list's
    items and a mapping's values stay plain (the checker wraps them as it meets them).
    """
    kind = type(value)
    if kind is Node:
        return value  # type: ignore[no-any-return]
    if kind is str:
        return Node(value, NOWHERE, value)
    if kind is dict:
        return Node(value, NOWHERE, keys={})
    if kind is bool:
        return Node(value, NOWHERE, "true" if value else "false")
    return Node(value, NOWHERE)  # a list, or None
