"""Check one positioned node against its declared field and turn it into a plain value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from findgroup import codes
from findgroup.catalogue.fields import ENUMS, EVERY, OBJECTS, Field
from findgroup.catalogue.nodes import NOWHERE, REFUSED, Node, as_node
from findgroup.errors import Sink
from findgroup.model import DAYS, Position
from findgroup.safe_text import unsafe_characters
from findgroup.suggest import hint

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
# no spaces, controls or direction marks: they do not belong in an address and can disguise one
_BAD = r"\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_EMAIL = re.compile(rf"^[^@{_BAD}]+@[^@{_BAD}]+\.[^@{_BAD}]+$")
_URL = re.compile(rf"^https?://[^{_BAD}/?#]+[^{_BAD}]*$", re.IGNORECASE)
_DAY_NAMES = {d: i for i, d in enumerate(DAYS)} | {d[:3]: i for i, d in enumerate(DAYS)}


class Invalid(ValueError):
    """A value that does not fit its field; the message says what was expected."""


@dataclass(slots=True)
class Checked:
    """An object's converted values and the position of each value."""

    values: dict[str, Any]
    spans: dict[str, Position]
    pos: Position
    present: set[str] = field(default_factory=set)


def _show(node: Node) -> str:
    if isinstance(node.value, dict):
        return "a mapping"
    if isinstance(node.value, list):
        return "a list"
    value = node.value
    if isinstance(value, str):
        text = repr(value)
    else:
        text = node.text if node.text is not None else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


_YAML_12_BOOLEANS = frozenset({"true", "false"})


def yaml11_word(node: Node) -> str | None:
    """The word a maintainer wrote that only YAML 1.1 reads as a boolean (`NO`, `on`), or None."""
    value, text = node.value, node.text
    if isinstance(value, bool) and text and text.lower() not in _YAML_12_BOOLEANS:
        return text
    return None


def _scalar_text(node: Node) -> str:
    value = node.value
    if isinstance(value, str):
        return value
    word = yaml11_word(node)
    if word is not None:
        return word
    if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
        raise Invalid(f"expected text, got {_show(node)}")
    return node.text if node.text is not None else str(value)


def _text(node: Node, f: Field) -> str:
    text = _scalar_text(node).strip()
    if not text:
        raise Invalid("must not be empty")
    return text


def _id(node: Node, f: Field) -> str:
    text = _text(node, f)
    if not _ID.match(text):
        raise Invalid(f"{text!r} is not an id (lowercase letters, digits and '-')")
    return text


def _gid(node: Node, f: Field) -> str:
    return _text(node, f)


def _int(node: Node, f: Field) -> int:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"expected a whole number, got {_show(node)}")
    _check_range(value, f)
    return value


def _number(node: Node, f: Field) -> float:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(f"expected a number, got {_show(node)}")
    _check_range(value, f)
    return float(value)


def _check_range(value: float, f: Field) -> None:
    if f.minimum is not None and f.maximum is not None and not f.minimum <= value <= f.maximum:
        raise Invalid(f"{value} is outside {f.minimum:g}..{f.maximum:g}")


def _bool(node: Node, f: Field) -> bool:
    if not isinstance(node.value, bool):
        raise Invalid(f"expected true or false, got {_show(node)}")
    return node.value


def _date(node: Node, f: Field) -> dt.date:
    value = node.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Invalid(f"{_show(node)} is not a date (YYYY-MM-DD)")


def _url(node: Node, f: Field) -> str:
    text = _text(node, f)
    if not _URL.match(text):
        raise Invalid(f"{text!r} is not an http:// or https:// address")
    return text


def _email(node: Node, f: Field) -> str:
    text = _text(node, f)
    if not _EMAIL.match(text.removeprefix("mailto:")):
        raise Invalid(f"{text!r} is not an email address")
    return text


def _url_or_email(node: Node, f: Field) -> str:
    text = _text(node, f)
    if _URL.match(text) or _EMAIL.match(text.removeprefix("mailto:")):
        return text
    raise Invalid(f"{text!r} is neither an http(s) address nor an email address")


def _time(node: Node, f: Field) -> dt.time:
    text = node.text if node.text is not None else node.value
    m = _TIME.match(str(text).strip()) if isinstance(text, (str, int)) else None
    if not m:
        raise Invalid(f'{_show(node)} is not a 24-hour time like "19:00"')
    return dt.time(int(m.group(1)), int(m.group(2)))


@lru_cache(maxsize=512)
def _zone_ok(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        return False
    return "/" in name or name == "UTC"


def _timezone(node: Node, f: Field) -> str:
    text = _text(node, f)
    if not _zone_ok(text):
        from zoneinfo import available_timezones

        raise Invalid(
            f"unknown timezone {text!r} (an IANA name such as Europe/London)"
            + hint(text, sorted(available_timezones()), cutoff=80)
        )
    return text


def _day(node: Node, f: Field) -> int:
    text = _text(node, f)
    day = _DAY_NAMES.get(text.lower())
    if day is None:
        raise Invalid(f"unknown day {text!r}" + hint(text, DAYS))
    return day


def _country(node: Node, f: Field) -> str:
    text = _text(node, f).upper()
    if text not in codes.countries():
        raise Invalid(f"{text!r} is not an ISO 3166 country code such as GB or US")
    return text


def _country_or_any(node: Node, f: Field) -> str:
    if isinstance(node.value, str) and node.value.strip() == "*":
        return "*"
    return _country(node, f)


def _lang(node: Node, f: Field) -> str:
    text = _text(node, f)
    if not codes.is_language(text):
        raise Invalid(f"{text!r} is not an ISO 639-1 language code such as en or es")
    return text


def _enum(node: Node, f: Field) -> str:
    choices = ENUMS[f.enum or ""]
    text = _text(node, f)
    if text.lower() in choices:
        return text.lower()
    listed = ", ".join(choices[:-1]) + " or " + choices[-1]
    raise Invalid(f"unknown value {text!r}; expected {listed}" + hint(text, choices))


def _every(node: Node, f: Field) -> str:
    text = " ".join(_text(node, f).lower().split())
    if text in EVERY:
        return EVERY[text]
    raise Invalid(f"unknown value {text!r}; expected week, 2 weeks or month" + hint(text, EVERY))


def _week(node: Node, f: Field) -> int:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, int) or value not in (1, 2, 3, 4, 5, -1):
        raise Invalid(f"{_show(node)} is not a week of the month (1 to 5, or -1 for the last)")
    return value


def _rrule(node: Node, f: Field) -> str:
    text = _text(node, f)
    from findgroup.schedule import rrule_problem

    problem = rrule_problem(text)
    if problem:
        raise Invalid(problem)
    return text.strip().removeprefix("RRULE:")


def _version(node: Node, f: Field) -> int:
    if node.value != 1 or isinstance(node.value, bool):
        raise Invalid(f"{_show(node)} is not supported; this findgroup reads format 1")
    return 1


CONVERTERS: dict[str, Callable[[Node, Field], Any]] = {
    "text": _text,
    "line": _text,
    "id": _id,
    "gid": _gid,
    "int": _int,
    "number": _number,
    "bool": _bool,
    "date": _date,
    "url": _url,
    "email": _email,
    "url-or-email": _url_or_email,
    "time": _time,
    "timezone": _timezone,
    "day": _day,
    "country": _country,
    "country-or-any": _country_or_any,
    "lang": _lang,
    "enum": _enum,
    "every": _every,
    "week": _week,
    "rrule": _rrule,
    "version": _version,
}


OBJECT_NAMES = {"crisis": "crisis line"}
_TEXT_KINDS = frozenset({"text", "line"})
# text already converted without a problem, by field (its id: every Field is a constant of
# fields.py): formats, days, times, zones and codes repeat from meeting to meeting; the values
# are immutable (str, int, float, date, time)
_KNOWN: dict[tuple[int, str], Any] = {}
_REQUIRED = {kind: [k for k, f in spec.items() if f.required] for kind, spec in OBJECTS.items()}


def check_object(node: Node, kind: str, sink: Sink, what: str | None = None) -> Checked | None:
    """Check a mapping against the fields of `kind`; None when it is not a mapping."""
    what = what or kind
    if node.value is REFUSED:
        return None
    if not isinstance(node.value, dict):
        sink.error(node.pos, "type", f"{what} must be a mapping of keys, not {_show(node)}")
        return None
    spec = OBJECTS[kind]
    given: dict[str, Any] = node.value  # nodes, or plain values (the fast reader)
    checked = Checked({}, {}, node.pos, set(given))
    values, spans = checked.values, checked.spans
    for key, child in given.items():
        f = spec.get(key)
        plain = type(child) is not Node  # read without positions: wrapped when it must be
        if f is not None:
            known = _known(f, child if plain else child.value)
            if known is not None:
                values[key] = known
                spans[key] = NOWHERE if plain else child.pos
                continue
        if plain:
            child = given[key] = as_node(child)
        if f is None:
            _unknown_key(node, key, child, (what, spec), sink)
            continue
        if child.value is None or child.value is REFUSED:
            continue
        value = check_value(child, f, key, sink)
        if value is not None:
            values[key] = value
            spans[key] = child.pos
    for key in _REQUIRED[kind]:
        _check_given(node, key, what, sink)
    return checked


def _unknown_key(
    node: Node, key: str, child: Node, where: tuple[str, dict[str, Field]], sink: Sink
) -> None:
    what, spec = where
    key_pos = (node.keys or {}).get(key, child.pos)
    shown = key if key.isprintable() else repr(key)[1:-1]  # escapes made visible
    sink.error(key_pos, "unknown-key", f"unknown key '{shown}' in {what}" + hint(shown, spec))


def _check_given(node: Node, key: str, what: str, sink: Sink) -> None:
    """An error when a required key is missing or empty."""
    given = node.value.get(key)
    if given is None:
        sink.error(node.pos, "missing", f"{what} is missing '{key}'")
    elif type(given) is Node and given.value is None:
        sink.error(given.pos, "missing", f"'{key}' must not be empty")


def check_value(node: Node, f: Field, key: str, sink: Sink) -> Any:
    """Convert one value; report and return None when it does not fit."""
    convert = CONVERTERS.get(f.kind)
    if convert is not None:
        try:
            value = convert(node, f)
        except Invalid as exc:
            code = "enum" if f.kind in ("enum", "every", "day") else "value"
            sink.error(node.pos, code, f"{key}: {exc}")
            return None
        before = len(sink.problems)
        if isinstance(value, str):
            _warn_about_text(value, node, f, key, sink)
        if type(node.value) is str and len(sink.problems) == before and len(_KNOWN) < 4096:
            _KNOWN[id(f), node.value] = value
        return value
    if f.kind == "object":
        kind = f.obj or ""
        return check_object(node, kind, sink, what=OBJECT_NAMES.get(kind, kind))
    if f.kind == "list":
        return _check_list(node, f, key, sink)
    raise AssertionError(f"no converter for {f.kind!r}")


def _known(f: Field, raw: Any) -> Any:
    """A value's conversion without a call when it is plain text or text met before, else None."""
    if type(raw) is not str:
        return None
    if f.kind in _TEXT_KINDS:
        text = raw.strip()
        return text if text and text.isprintable() else None
    if f.kind == "id" and _ID.fullmatch(raw):
        return raw  # an id as written: nothing to strip or warn of
    return _KNOWN.get((id(f), raw))


def _check_list(node: Node, f: Field, key: str, sink: Sink) -> list[tuple[Any, Position]] | None:
    """Convert a list's items (one value stands for a list of one), each with its position."""
    assert f.item is not None
    items = node.value if isinstance(node.value, list) else [node]
    if isinstance(node.value, dict):
        sink.error(node.pos, "type", f"'{key}' must be a list, got a mapping")
        return None
    out = []
    for item in items:
        plain = type(item) is not Node  # read without positions
        raw = item if plain else item.value
        known = _known(f.item, raw)
        if known is not None:
            out.append((known, NOWHERE if plain else item.pos))
            continue
        if raw is None or raw is REFUSED:
            continue
        value = check_value(as_node(item), f.item, key, sink)
        if value is not None:
            out.append((value, NOWHERE if plain else item.pos))
    return out


def _warn_about_text(value: str, node: Node, f: Field, key: str, sink: Sink) -> None:
    """Warnings for text that was read, but may not read as meant or may act on a terminal."""
    word = yaml11_word(node)
    if word is not None:
        sink.warning(
            node.pos,
            "yaml-boolean",
            f"{key}: {word} is read as the text {word!r}, but YAML 1.1 readers take it "
            f'for a boolean; quote it ("{word}") so every reader agrees',
        )
    if not value.isprintable():
        _warn_unsafe(value, node, key, sink)
        if f.kind == "line" and ("\n" in value or "\r" in value):
            sink.warning(
                node.pos,
                "line-break",
                f"{key}: contains a line break; it is shown on one line, so write it on one line",
            )


def _warn_unsafe(value: str, node: Node, key: str, sink: Sink) -> None:
    unsafe = unsafe_characters(value)
    if unsafe:
        sink.warning(
            node.pos,
            "control",
            f"{key}: contains control or direction characters ({', '.join(unsafe)}); "
            "findgroup removes them when it shows the text",
        )
