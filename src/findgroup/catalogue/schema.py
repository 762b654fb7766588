"""The JSON Schema (draft 2020-12) of catalogue format 1, generated from the field declarations."""

from __future__ import annotations

from typing import Any

from findgroup.catalogue.fields import ENUMS, EVERY, OBJECTS, Field
from findgroup.model import DAYS

SCHEMA_ID = "urn:findgroup:catalogue-format:1"

_SCALARS: dict[str, dict[str, Any]] = {
    "text": {"type": ["string", "number"]},
    "line": {"type": ["string", "number"]},
    "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
    "gid": {"type": ["string", "integer"]},
    "bool": {"type": "boolean"},
    "date": {"type": "string", "format": "date"},
    "url": {"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+"},
    "email": {"type": "string", "pattern": "^(mailto:)?[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"},
    "time": {"type": "string", "pattern": "^([01]?[0-9]|2[0-3]):[0-5][0-9]$"},
    "timezone": {"type": "string", "pattern": "^([A-Za-z_+-]+(/[A-Za-z0-9_+-]+)+|UTC)$"},
    "day": {"enum": [*DAYS, *(d[:3] for d in DAYS), *(d.title() for d in DAYS)]},
    "country": {"type": "string", "pattern": "^[A-Za-z]{2}$"},
    "country-or-any": {"type": "string", "pattern": "^([A-Za-z]{2}|\\*)$"},
    "lang": {"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
    "every": {"enum": sorted(EVERY)},
    "week": {"enum": [1, 2, 3, 4, 5, -1]},
    "rrule": {"type": "string", "pattern": "FREQ="},
    "version": {"const": 1},
}


def _field(f: Field) -> dict[str, Any]:
    if f.kind == "list":
        assert f.item is not None
        item = _field(f.item)
        out: dict[str, Any] = {"anyOf": [{"type": "array", "items": item}, item]}
    elif f.kind == "object":
        out = {"$ref": f"#/$defs/{f.obj}"}
    elif f.kind == "enum":
        choices = ENUMS[f.enum or ""]
        out = {"enum": [*choices, *(c.title() for c in choices)]}
    elif f.kind in ("int", "number"):
        out = {"type": "integer" if f.kind == "int" else "number"}
        if f.minimum is not None:
            out["minimum"] = f.minimum
        if f.maximum is not None:
            out["maximum"] = f.maximum
    elif f.kind == "url-or-email":
        out = {"anyOf": [_SCALARS["url"], _SCALARS["email"]]}
    else:
        out = dict(_SCALARS[f.kind])
    if f.doc:
        out["description"] = f.doc
    return out


def _object(name: str) -> dict[str, Any]:
    spec = OBJECTS[name]
    properties = {key: {"anyOf": [_field(f), {"type": "null"}]} for key, f in spec.items()}
    for key, f in spec.items():
        properties[key] = _field(f) if f.required else properties[key]
    out: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    required = [key for key, f in spec.items() if f.required]
    if required:
        out["required"] = required
    return out


def schema() -> dict[str, Any]:
    """The whole schema as a JSON-ready dict."""
    top = _object("file")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "findgroup catalogue, format 1",
        **top,
        "$defs": {name: _object(name) for name in OBJECTS if name != "file"},
    }
