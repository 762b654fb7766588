"""Catalogue text made safe to print: no escape sequences, control or direction characters.

A catalogue can come from any URL, and its text ends up in a person's terminal. Escape
sequences could recolour the screen, retitle the window, plant a hyperlink or clear what was
there; C1 controls do the same on some terminals; bidirectional overrides make text read
differently from what it says. Human output removes them all; JSON escapes them instead, so
the data stays whole.
"""

from __future__ import annotations

import re

_SEQUENCE = re.compile(
    r"""
      (?:\x1b\[|\x9b) [0-?]* [ -/]* [@-~]                # CSI: colours, cursor, clearing
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])            # OSC, DCS, SOS, PM, APC ...
      [^\x07\x1b\x9c]* (?:\x07|\x1b\\|\x9c)?             # ... up to their terminator
    | \x1b [ -/]* [0-~]?                                 # any other escape
    """,
    re.VERBOSE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNEXPECTED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BREAK = re.compile(r"[\t\n\r]+")
_JSON_ESCAPE = {c: f"\\u{c:04x}" for c in [*range(0x7F, 0xA0), *range(0x202A, 0x202F)]} | {
    c: f"\\u{c:04x}" for c in [*range(0x2066, 0x206A), 0x2028, 0x2029]
}


def clean(text: str) -> str:
    """The text with escape sequences and control characters removed (tabs and newlines kept)."""
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def clean_line(text: str) -> str:
    """The text on one line: line breaks and tabs become spaces, the rest as `clean`."""
    return clean(_BREAK.sub(" ", text))


def unsafe_characters(text: str) -> list[str]:
    """Control and direction characters in `text` (line breaks and tabs aside), as U+XXXX."""
    return sorted({f"U+{ord(c):04X}" for c in _UNEXPECTED.findall(text)})


def json_safe(text: str) -> str:
    """JSON text with C1 controls and direction characters written as unicode escapes.

    `json.dumps` already escapes C0 controls; the rest are valid in JSON strings but act on a
    terminal. Written as escapes they decode to the very same strings.
    """
    return text.translate(_JSON_ESCAPE)
