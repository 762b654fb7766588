"""A safe YAML reader that keeps positions, refuses foreign tags and finds duplicate keys.

Only PyYAML's composer runs (the C one when present): it builds a node graph and never
constructs objects, so a `!!python/...` tag is reported, never executed. Aliases are
converted once and shared, and aliases that would multiply a file (an alias bomb) are refused.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Any

import yaml

from findgroup.catalogue.nodes import REFUSED, Node
from findgroup.errors import Problem
from findgroup.model import Position

try:
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_SC = yaml.constructor.SafeConstructor
_CONSTRUCT: dict[str, Any] = {
    "tag:yaml.org,2002:int": _SC.construct_yaml_int,
    "tag:yaml.org,2002:float": _SC.construct_yaml_float,
    "tag:yaml.org,2002:bool": _SC.construct_yaml_bool,
    "tag:yaml.org,2002:null": _SC.construct_yaml_null,
    "tag:yaml.org,2002:timestamp": _SC.construct_yaml_timestamp,
}
_SCALAR_TAGS = {_STR, *_CONSTRUCT}
_position = functools.partial(tuple.__new__, Position)  # Position(...) without its __new__
MAX_DEPTH = 64
MAX_NODES = 10_000_000
MAX_EXPANSION = 10  # aliases may make a file read as at most 10 times its own values


class _Loader(_Base):  # type: ignore[misc]
    """The safe loader, resolving implicit tags as it does, in fewer steps."""

    _implicit = _Base.yaml_implicit_resolvers

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """The tag of an untagged node: YAML 1.1's implicit types for plain scalars."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in self._implicit.get(value[:1], ()):
                    if pattern.match(value):
                        return str(tag)
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


class YAMLReadError(Exception):
    """The text is not YAML findgroup can read; carries 1-based line and column."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


class _Walker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.memo: dict[int, Node] = {}  # collections by identity: an alias is read once
        self.count = 0
        self.aliases = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def pos(self, ynode: yaml.Node) -> Position:
        mark = ynode.start_mark
        return Position(self.file, mark.line + 1, mark.column + 1)

    def error(self, ynode: yaml.Node, code: str, message: str) -> None:
        self.problems.append(Problem(self.pos(ynode), "error", code, message))

    def refuse_size(self, ynode: yaml.Node, message: str) -> None:
        mark = ynode.start_mark
        raise YAMLReadError(message, mark.line + 1, mark.column + 1)

    def convert(self, ynode: yaml.Node, depth: int = 0) -> Node:
        if type(ynode) is yaml.ScalarNode:
            return self.scalar(ynode)
        if depth > MAX_DEPTH:
            self.refuse_size(ynode, f"nesting deeper than {MAX_DEPTH} levels")
        node = self.memo.get(id(ynode))
        if node is not None:
            self.aliases += 1
        else:
            self.count += len(ynode.value)
            if self.count > MAX_NODES:
                self.refuse_size(ynode, f"more than {MAX_NODES:,} values; refusing to read further")
            if type(ynode) is yaml.SequenceNode:
                node = self.sequence(ynode, depth)
            else:
                node = self.mapping(ynode, depth)  # type: ignore[arg-type]
            self.memo[id(ynode)] = node
        return node

    def scalar(self, ynode: yaml.ScalarNode) -> Node:
        tag = ynode.tag
        if tag == _STR:
            value: Any = ynode.value
        elif tag in _CONSTRUCT:
            try:
                value = _CONSTRUCT[tag](self.constructor, ynode)
            except (yaml.YAMLError, ValueError, OverflowError):
                value = ynode.value  # e.g. 2026-02-30: the field's own check explains it
        else:
            return self.refuse(ynode)
        mark = ynode.start_mark
        text = ynode.value if not ynode.style else None  # plain (C loader says "")
        return Node(value, Position(self.file, mark.line + 1, mark.column + 1), text)

    def refuse(self, ynode: yaml.Node) -> Node:
        self.error(
            ynode,
            "tag",
            f"the tag {_short_tag(ynode.tag)} is not allowed (only plain YAML values); remove it",
        )
        return Node(REFUSED, self.pos(ynode))

    def sequence(self, ynode: yaml.SequenceNode, depth: int) -> Node:
        if ynode.tag != _SEQ:
            return self.refuse(ynode)
        items = ynode.value
        out = []
        for i, item in enumerate(items):
            out.append(self.convert(item, depth + 1))
            items[i] = None  # let go of what is read: the document is held once, not twice
        return Node(out, self.pos(ynode))

    def mapping(self, ynode: yaml.MappingNode, depth: int) -> Node:
        if ynode.tag != _MAP:
            return self.refuse(ynode)
        out: dict[str, Node] = {}
        keys: dict[str, Position] = {}
        merged: list[Node] = []
        file, scalar = self.file, yaml.ScalarNode
        pairs = ynode.value
        for i, (key_node, value_node) in enumerate(pairs):
            pairs[i] = None  # as in sequence(): an alias finds the result in the memo
            tag = key_node.tag
            if tag != _STR:
                if tag == _MERGE:
                    merged.append(self.convert(value_node, depth + 1))
                    continue
                if tag not in _SCALAR_TAGS or type(key_node) is not scalar:
                    self.error(key_node, "type", "a key must be a plain word")
                    continue
            key = key_node.value  # a scalar's source text, always a str
            if key in out:
                first = keys[key]
                self.error(
                    key_node,
                    "duplicate-key",
                    f"duplicate key '{key}' (first at line {first.line}); "
                    "YAML would silently keep only the last one",
                )
                continue
            if type(value_node) is not scalar:
                out[key] = self.convert(value_node, depth + 1)
            elif value_node.tag == _STR:  # the commonest value: text, read here directly
                mark, text = value_node.start_mark, value_node.value
                where = _position((file, mark.line + 1, mark.column + 1))
                out[key] = Node(text, where, None if value_node.style else text)
            else:
                out[key] = self.scalar(value_node)
            mark = key_node.start_mark
            keys[key] = _position((file, mark.line + 1, mark.column + 1))
        for source in merged:
            sources = source.value if isinstance(source.value, list) else [source]
            for item in sources:
                if not isinstance(item.value, dict):
                    self.problems.append(
                        Problem(item.pos, "error", "type", "'<<' must name a mapping")
                    )
                    continue
                for key, value in item.value.items():
                    if key not in out:
                        out[key] = value
                        keys[key] = item.keys[key] if item.keys else item.pos
        return Node(out, self.pos(ynode), keys=keys)


class _ReportingText(io.StringIO):
    """The text as a stream: the parser reads it in pieces, and each piece is reported."""

    def __init__(self, text: str, progress: Callable[[float], None]) -> None:
        super().__init__(text)
        self.size = max(len(text), 1)
        self.progress = progress

    def read(self, size: int | None = -1) -> str:
        """The next piece of text (and a report of how far the parser has got)."""
        piece = super().read(size)
        self.progress(self.tell() / self.size)
        return piece


def read_yaml(
    text: str, file: str, progress: Callable[[float], None] | None = None
) -> tuple[Node | None, list[Problem]]:
    """Parse YAML text into positioned nodes (None for an empty document) and problems.

    `progress` hears how much of the text the parser has read. Raises YAMLReadError when
    the text is not well-formed YAML.
    """
    root, problems, _values = read_yaml_counting(text, file, progress)
    return root, problems


def read_yaml_counting(
    text: str, file: str, progress: Callable[[float], None] | None = None
) -> tuple[Node | None, list[Problem], int]:
    """As read_yaml, and how many values (list items and mapping entries) the text holds."""
    try:
        ynode = yaml.compose(_ReportingText(text, progress) if progress else text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YAMLReadError(_describe(exc, text, line), line, column) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - before.rfind("\n")
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a character"
        raise YAMLReadError(
            f"the file contains {what}, which YAML does not allow; remove it", line, column
        ) from None
    except yaml.YAMLError as exc:
        raise YAMLReadError(f"invalid YAML: {exc}", 1, 1) from None
    if ynode is None:
        return None, [], 0
    walker = _Walker(file)
    root = walker.convert(ynode)
    if walker.aliases and isinstance(root.value, (list, dict)):
        limit = max(100_000, MAX_EXPANSION * walker.count)
        bomb = _overgrown(root, limit)
        if bomb is not None:
            raise YAMLReadError(
                f"aliases here expand to more than {limit:,} values; anchors may be reused, "
                "but not to multiply the file (an alias bomb?)",
                bomb.pos.line,
                bomb.pos.column,
            )
    return root, walker.problems, walker.count


def _overgrown(root: Node, limit: int) -> Node | None:
    """The first collection (children before parents) whose aliases expand past `limit`."""
    sizes: dict[int, int] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        value = node.value
        children = value if isinstance(value, list) else list(value.values())
        if not children_done:
            stack.append((node, True))
            stack.extend(
                (child, False)
                for child in children
                if isinstance(child.value, (list, dict)) and id(child) not in sizes
            )
            continue
        size = 1 + sum(sizes.get(id(child), 1) for child in children)
        if size > limit:
            return node
        sizes[id(node)] = size
    return None


def _describe(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    lines = text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source[: len(source) - len(source.lstrip())]
    if "\t" in indent or "'\\t'" in str(exc.problem):
        return "a tab is used for indentation; YAML needs spaces"
    problem = exc.problem or "the text is not valid YAML"
    context = ""
    if exc.context and exc.context_mark is not None:
        what = exc.context.removeprefix("while ").removeprefix("parsing ").removeprefix("scanning ")
        mark = exc.context_mark
        context = f" ({what} started at line {mark.line + 1}, column {mark.column + 1})"
    elif exc.context:
        context = f" ({exc.context})"
    return f"invalid YAML: {problem}{context}; check indentation and quotes"
