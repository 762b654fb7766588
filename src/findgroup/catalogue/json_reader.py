"""A JSON reader that keeps the line and column of every value and key."""

from __future__ import annotations

import bisect
import json
import json.decoder
import re
from collections.abc import Callable
from typing import Any

from findgroup.catalogue.nodes import Node
from findgroup.model import Position

_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]
_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
_MAX_DEPTH = 64
_SURROGATE = re.compile("[\ud800-\udfff]")


class JSONPositionError(ValueError):
    """Malformed JSON, with the 1-based line and column of the fault."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class _Reader:
    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.duplicates: list[tuple[str, Position]] = []

    def where(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, index)
        return line, index - self.line_starts[line - 1] + 1

    def pos(self, index: int) -> Position:
        line, column = self.where(index)
        return Position(self.file, line, column)

    def fail(self, message: str, index: int) -> JSONPositionError:
        line, column = self.where(index)
        return JSONPositionError(message, line, column)

    def skip(self, i: int) -> int:
        m = _WS.match(self.text, i)
        return m.end() if m else i

    def value(self, i: int, depth: int) -> tuple[Node, int]:
        if depth > _MAX_DEPTH:
            raise self.fail(f"nesting deeper than {_MAX_DEPTH} levels", i)
        text = self.text
        ch = text[i : i + 1]
        if ch == "{":
            return self.mapping(i, depth)
        if ch == "[":
            return self.sequence(i, depth)
        if ch == '"':
            s, end = self.string(i)
            return Node(s, self.pos(i)), end
        for word, val in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, i):
                return Node(val, self.pos(i)), i + len(word)
        m = _NUMBER.match(text, i)
        if m and m.end() > i:
            if len(m.group()) > 40:
                raise self.fail("a number with more than 40 characters", i)
            num: Any = float(m.group()) if (m.group(1) or m.group(2)) else int(m.group())
            return Node(num, self.pos(i)), m.end()
        if not ch:
            raise self.fail("unexpected end of file", i)
        raise self.fail(f"unexpected character {ch!r}", i)

    def string(self, i: int) -> tuple[str, int]:
        try:
            found, end = _scanstring(self.text, i + 1, True)
        except json.JSONDecodeError as exc:
            raise self.fail(exc.msg, exc.pos) from None
        if _SURROGATE.search(found):
            raise self.fail("a \\u escape names half of a surrogate pair (not a character)", i)
        return found, end

    def mapping(self, i: int, depth: int) -> tuple[Node, int]:
        start = i
        out: dict[str, Node] = {}
        keys: dict[str, Position] = {}
        i = self.skip(i + 1)
        if self.text[i : i + 1] == "}":
            return Node(out, self.pos(start), keys=keys), i + 1
        while True:
            if self.text[i : i + 1] != '"':
                raise self.fail("expected a quoted key", i)
            key_pos = self.pos(i)
            key, i = self.string(i)
            i = self.skip(i)
            if self.text[i : i + 1] != ":":
                raise self.fail("expected ':' after a key", i)
            node, i = self.value(self.skip(i + 1), depth + 1)
            if key in out:
                self.duplicates.append((key, key_pos))
            out[key] = node
            keys[key] = key_pos
            i = self.skip(i)
            ch = self.text[i : i + 1]
            if ch == "}":
                return Node(out, self.pos(start), keys=keys), i + 1
            if ch != ",":
                raise self.fail("expected ',' or '}'", i)
            i = self.skip(i + 1)

    def sequence(self, i: int, depth: int) -> tuple[Node, int]:
        start = i
        items: list[Node] = []
        i = self.skip(i + 1)
        if self.text[i : i + 1] == "]":
            return Node(items, self.pos(start)), i + 1
        while True:
            node, i = self.value(i, depth + 1)
            items.append(node)
            i = self.skip(i)
            ch = self.text[i : i + 1]
            if ch == "]":
                return Node(items, self.pos(start)), i + 1
            if ch != ",":
                raise self.fail("expected ',' or ']'", i)
            i = self.skip(i + 1)


def read_json(text: str, file: str) -> tuple[Node, list[tuple[str, Position]]]:
    """Parse JSON text into positioned nodes, with any keys an object repeats.

    Raises JSONPositionError for malformed JSON.
    """
    reader = _Reader(text, file)
    node, end = reader.value(reader.skip(0), 0)
    end = reader.skip(end)
    if end != len(text):
        raise reader.fail("extra data after the end of the document", end)
    return node, reader.duplicates
