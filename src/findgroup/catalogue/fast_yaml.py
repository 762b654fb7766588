"""A fast first reading of a YAML catalogue for search, exact or not at all.

PyYAML's composer keeps every position and reads YAML 1.1 as the format promises, but takes
about 1.3 s for 10,000 groups. rapidyaml (a C++ parser) reads the same file in a tenth of
that and writes it out as JSON, which the standard library decodes in C. Its reading is
used only when it cannot differ from PyYAML's: no anchors, aliases, tags, merge keys,
complex keys, directives, several documents, tabs, carriage returns, backslash escapes or
control characters in the text; no duplicate keys; no number or word that YAML 1.1 reads
differently from JSON (`~`, `yes`, `NO`, `1e3` ...). Otherwise, and whenever the file turns
out to have any problem at all (whose position must be reported), the caller reads the file
again with PyYAML. Nodes made here carry no positions.
"""

from __future__ import annotations

import json
import re
from typing import Any

from findgroup.catalogue.nodes import NOWHERE, Node

_NEVER = (b"\t", b"\r", b"\\", b"<<", b"\n%", b"\n---", b"\n...")
_C0 = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# UTF-8 lead bytes of C1 controls (U+0080-U+009F) and direction marks (U+202A-E, U+2066-9)
_LEADS = (
    (b"\xc2", range(0x80, 0xA0)),
    (b"\xe2\x80", range(0xAA, 0xAF)),
    (b"\xe2\x81", range(0xA6, 0xAA)),
)
_INDICATOR_BEFORE = frozenset(b" \n[{,")
_INDICATOR_AFTER = frozenset(b" \n[]{},")


def _unsure_text(data: bytes) -> bool:
    """True when the text holds anything the fast reading might read differently."""
    if data.startswith((b"%", b"---", b"...")) or any(mark in data for mark in _NEVER):
        return True
    if _C0.search(data):
        return True
    for lead, bad in _LEADS:
        at = data.find(lead)
        while at != -1:
            if at + len(lead) < len(data) and data[at + len(lead)] in bad:
                return True
            at = data.find(lead, at + 1)
    for indicator in (b"&", b"*", b"!", b"?"):
        at = data.find(indicator)
        while at != -1:
            before = data[at - 1] if at else 10
            after = data[at + 1] if at + 1 < len(data) else 10
            if before in _INDICATOR_BEFORE and after not in _INDICATOR_AFTER:
                return True  # an anchor, alias or tag
            if indicator == b"?" and before in _INDICATOR_BEFORE and after == 32:
                return True  # a complex key
            at = data.find(indicator, at + 1)
    return False


# Words YAML 1.1 reads as null or a boolean (or the value tag) when plain; rapidyaml writes
# them as JSON text, so the fast reading would take them for text (`true` and `false` it
# writes as JSON's own). Found in its JSON: a quoted word there may have been a plain one.
_WORDS = frozenset(
    "~ null Null NULL yes Yes YES no No NO True TRUE False FALSE on On ON off Off OFF =".split()  # noqa: SIM905
)
_SHORT_TEXT = re.compile(r'"[~=nNyYTFoO][a-zA-Z]{0,4}"')
_YAML11_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?$")


class _Unsure(Exception):
    """The fast reading might differ from PyYAML's."""


def _float(text: str) -> Node:
    if not _YAML11_FLOAT.match(text):
        raise _Unsure(text)
    return Node(float(text), NOWHERE, text)


def _int(text: str) -> Node:
    return Node(int(text), NOWHERE, text)


def _unsure(text: str) -> Any:
    raise _Unsure(text)


def _mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A mapping left plain (see nodes.as_node), unless a key is given twice."""
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Unsure("a key given twice")
    return out


def read_fast(data: bytes) -> Node | None:
    """The file's root node read by rapidyaml, or None when PyYAML must read it.

    Numbers arrive as nodes keeping their source text; text, lists and mappings stay plain
    until checked (nodes.as_node). Words YAML 1.1 would read as null or a boolean, and
    anything else that could differ, send the file to PyYAML.
    """
    if not data.strip() or _unsure_text(data):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None  # PyYAML's reader names the place
    try:
        import ryml  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - rapidyaml has no wheel for this machine
        return None
    try:
        tree = ryml.parse_in_arena(data)
        text = ryml.emit_json_malloc(tree, tree.root_id())
        del tree  # ten times the file's size: gone before the nodes are made
        if any(m.group()[1:-1] in _WORDS for m in _SHORT_TEXT.finditer(text)):
            return None
        root = json.loads(
            text,
            object_pairs_hook=_mapping,
            parse_float=_float,
            parse_int=_int,
            parse_constant=_unsure,
        )
    except Exception:  # rapidyaml raises its own error types; any doubt means PyYAML reads it
        return None
    if type(root) is not dict:
        return None
    return Node(root, NOWHERE, keys={})
