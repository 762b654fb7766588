"""Property tests: any catalogue structure, any text, any query; never an uncaught exception."""

import datetime as dt
import json
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import assert_answered, assert_validated, run
from findgroup.catalogue.fields import OBJECTS
from findgroup.catalogue.load import load
from findgroup.render import problems as render_problems

TODAY = dt.date(2026, 11, 29)
FOLDER = Path(tempfile.mkdtemp(prefix="findgroup-properties-"))
KEYS = sorted({key for fields in OBJECTS.values() for key in fields})

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["grief", "bpd", "19:00", "monday", "online", "GB", "Europe/London"]),
    st.dates().map(dt.date.isoformat),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=12))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=25,
)
catalogues = st.dictionaries(
    st.sampled_from(["format", "timezone", "feedback", "topics", "audiences", "groups", "crisis"])
    | st.text(max_size=8),
    values,
    max_size=6,
)


def check_load(path: Path) -> None:
    """Load a file in full; every problem names a position inside it."""
    loaded = load([str(path)], TODAY)
    for problem in loaded.problems:
        assert problem.pos.file.endswith(path.name)
        assert problem.pos.line >= 1 and problem.pos.column >= 1
        assert problem.severity in ("error", "warning")
    render_problems.as_lines(loaded.problems)
    render_problems.as_json(loaded.problems)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues)
def test_any_catalogue_structure_loads_with_positions(catalogue):
    path = FOLDER / "structure.yaml"
    path.write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    check_load(path)
    as_json = FOLDER / "structure.json"
    as_json.write_text(json.dumps(catalogue, default=str), encoding="utf-8")
    check_load(as_json)


@settings(deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.decode("latin-1"))))
def test_any_text_loads_with_positions(text):
    for suffix in (".yaml", ".json"):
        path = FOLDER / f"text{suffix}"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        check_load(path)


@settings(deadline=None)
@given(catalogues)
def test_search_show_and_validate_never_fail_on_any_structure(catalogue):
    path = FOLDER / "cli.yaml"
    path.write_text(yaml.safe_dump(catalogue, allow_unicode=True), encoding="utf-8")
    assert_validated(run("validate", str(path)))
    assert_answered(run("search", "grief", "--catalog", str(path)))


queries = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "So"]), max_size=50),
    st.sampled_from(
        ["", "🙂🙂🙂", "اضطراب الشخصية الحدية", "הפרעת אישיות גבולית", "\x1b[2J", "--"]
    ),
    st.integers(min_value=1, max_value=10_000).map(lambda n: ("depression grief " * n)[:10_000]),
)


@settings(deadline=None)
@given(queries)
def test_any_query_is_answered_quickly_without_an_exception(query):
    result = run("search", "--format", "json", "--", query)
    assert result.exit_code in (0, 1), result.stderr
    records = json.loads(result.stdout)
    assert (result.exit_code == 0) == bool(records)


# Near-valid catalogues: real groups and meetings whose fields take odd but plausible values,
# so that building, scheduling, ranking and every renderer meet them.
meeting_values = {
    "format": st.sampled_from(["in-person", "online", "hybrid", "phone", "online", "zoom"]),
    "day": st.sampled_from(["monday", "sun", "Tuesday", "saturday", "wed", "funday", 3]),
    "time": st.sampled_from(["19:00", "00:00", "23:59", "01:30", "02:30", "7pm", 1140]),
    "duration": st.one_of(st.integers(min_value=-5, max_value=2000), st.just("an hour")),
    "timezone": st.sampled_from(["Europe/London", "America/New_York", "Asia/Kathmandu", "Mars"]),
    "every": st.sampled_from(["week", "2 weeks", "month", "fortnightly", "yearly"]),
    "weeks": st.lists(st.integers(min_value=-2, max_value=6), max_size=3),
    "from": st.dates(min_value=dt.date(1890, 1, 1), max_value=dt.date(2210, 1, 1)),
    "until": st.dates(min_value=dt.date(1890, 1, 1), max_value=dt.date(2210, 1, 1)),
    "rrule": st.sampled_from(
        [
            "FREQ=MONTHLY;BYDAY=2TU,4TU",
            "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO",
            "FREQ=DAILY;COUNT=2",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
            "FREQ=MONTHLY;BYMONTHDAY=31",
            "nonsense",
        ]
    ),
    "location": st.fixed_dictionaries(
        {},
        optional={
            "city": st.sampled_from(["Leeds", "Sheffield", "Nowhere", "\x1b[2J"]),
            "venue": st.text(max_size=20),
            "country": st.sampled_from(["GB", "US", "XX"]),
            "lat": st.floats(min_value=-100, max_value=100),
            "lon": st.floats(min_value=-200, max_value=200),
        },
    ),
    "join": st.fixed_dictionaries(
        {"url": st.sampled_from(["https://example.org/j", "https://x.org", "ftp://x"])},
        optional={"phone": st.text(max_size=12)},
    ),
    "notes": st.text(max_size=40),
}
group_values = {
    "organization": st.text(max_size=40),
    "description": st.text(max_size=80),
    "audience": st.lists(st.sampled_from(["family", "women", "nobody"]), max_size=2),
    "cost": st.sampled_from(["free", "paid", "donation", "gratis"]),
    "languages": st.lists(st.sampled_from(["en", "es", "bfi", "xx", "pt-BR"]), max_size=2),
    "area": st.lists(st.sampled_from(["GB", "US", "ZZ"]), max_size=2),
    "url": st.sampled_from(["https://example.org", "javascript:x", "https://e.org/\u202e"]),
    "schedule_note": st.text(max_size=40),
    "last_verified": st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 1, 1)),
}
REQUIRED = ("format", "day", "time", "join", "location")
meetings = st.fixed_dictionaries(
    {k: meeting_values[k] for k in REQUIRED},
    optional={k: v for k, v in meeting_values.items() if k not in REQUIRED},
)
groups = st.fixed_dictionaries({"meetings": st.lists(meetings, max_size=3)}, optional=group_values)


def near_valid(listed: list[dict[str, object]]) -> dict[str, object]:
    return {
        "timezone": "Europe/London",
        "topics": [{"id": "grief", "name": "Grief", "aliases": ["loss"]}],
        "audiences": [{"id": "family", "name": "Family"}, {"id": "women", "name": "Women"}],
        "groups": [
            {"id": f"g{i}", "name": f"Group {i}", "topics": ["grief"], **g}
            for i, g in enumerate(listed)
        ],
    }


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(groups, min_size=1, max_size=4))
def test_odd_values_in_real_groups_never_break_a_command(listed):
    path = FOLDER / "near.yaml"
    path.write_text(
        yaml.safe_dump(near_valid(listed), allow_unicode=True, default_style=None),
        encoding="utf-8",
    )
    check_load(path)
    at = ["--at", "2026-03-29T00:30", "--tz", "America/New_York"]
    for args in (
        ["search", "grief", *at],
        ["search", "grief", "--format", "json", "--online", "--day", "mon", *at],
        ["search", "grief", "--format", "csv", "--near", "Leeds", "--in-person"],
        ["search", "--soon", "--format", "jsonl", *at],
        ["search", "loss", "--free", "--audience", "family", "--country", "GB", "--explain"],
        ["show", "g0", *at],
        ["show", "g0", "--format", "json"],
        ["ics", "g0"],
    ):
        assert_answered(run(*args, "--catalog", str(path)))
