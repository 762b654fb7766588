import json

import jsonschema
import pytest
import yaml

from conftest import ROOT, TESTS, run

VALID = [ROOT / "groups.yaml", *sorted((TESTS / "catalogues").glob("*.yaml"))]


@pytest.fixture(scope="module")
def schema():
    result = run("schema")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(document)
    return document


def as_json_types(path):
    # The schema speaks JSON: dates become ISO strings, as in a JSON catalogue.
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_catalogues_pass_the_schema(schema, path):
    jsonschema.validate(as_json_types(path), schema, cls=jsonschema.Draft202012Validator)


@pytest.mark.parametrize(
    "name",
    [
        "unknown-key.yaml",
        "unknown-top-key.yaml",
        "enum.yaml",
        "format-version.yaml",
        "urls.yaml",
        "missing.yaml",
        "day-time.yaml",
    ],
)
def test_schema_rejects_what_validate_rejects(schema, name):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            as_json_types(TESTS / "broken" / name), schema, cls=jsonschema.Draft202012Validator
        )


def test_schema_is_draft_2020_12(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(schema["properties"]) == {
        "format",
        "timezone",
        "feedback",
        "topics",
        "audiences",
        "groups",
        "crisis",
    }


SECTION_OBJECTS = {
    "The top level": "top",
    "topics": "topic",
    "audiences": "audience",
    "groups": "group",
    "meetings": "meeting",
    "location": "location",
    "join": "join",
    "contact": "contact",
    "crisis": "crisis",
}


def test_the_format_page_documents_exactly_the_schemas_fields():
    """docs/catalogue-format.md and `findgroup schema` name the same fields, object by object."""
    import re

    from conftest import ROOT

    schema = json.loads(run("schema").stdout)
    objects = {"top": set(schema["properties"])}
    for name, definition in schema["$defs"].items():
        if "properties" in definition:
            objects[name] = set(definition["properties"])
    page = (ROOT / "docs" / "catalogue-format.md").read_text(encoding="utf-8")
    documented: dict[str, set[str]] = {}
    section = ""
    for line in page.splitlines():
        heading = re.match(r"#{2,3} (.+)", line)
        if heading:
            section = SECTION_OBJECTS.get(heading.group(1).strip(), "")
        field = re.match(r"\| `([a-z_]+)` \|", line)
        if field and section:
            documented.setdefault(section, set()).add(field.group(1))
    assert documented == objects
