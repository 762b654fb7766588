"""One big file parsed in pieces side by side reads exactly as the whole file, or is not cut."""

import json
import sys

import pytest
import yaml

from conftest import run
from findgroup.catalogue import split
from findgroup.catalogue.build import build_file
from findgroup.catalogue.files import read_bytes
from findgroup.table import GroupTable

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="files are cut only on Linux")

HEAD = """\
format: 1
topics:
  - {id: grief, name: Grief, aliases: [bereavement]}
  - {id: bpd, name: Borderline personality disorder}
groups:
"""


def grouped(i: int, indent: str = "  ") -> str:
    """One group, with a meeting, at the given item indentation."""
    lines = [
        f"- id: g{i}",
        f"  name: Group {i}",
        f"  topics: [{'grief' if i % 2 else 'bpd'}]",
        "  description: >",
        f"    Folded text for group {i},",
        "    over two lines.",
        "  meetings:",
        "    - {format: online, day: tue, time: '19:00', join: {url: 'https://example.org/j'}}",
    ]
    return "".join(f"{indent}{line}\n" for line in lines)


def whole_and_pieces(text: str, pieces: int = 3):
    """The file read whole, and read in pieces (None when it is not cut)."""
    data = text.encode()
    whole = build_file(read_bytes(data, "c.yaml", json=False))
    return whole, split.parse(data, "c.yaml", list, pieces=pieces, worth_it=0)


def assert_same(text: str, pieces: int = 3) -> None:
    """Cut into pieces, the file gives the same groups, positions, vocabulary and problems."""
    whole, cut = whole_and_pieces(text, pieces)
    assert cut is not None, "the file was not cut"
    first, found = cut
    assert len(found) == pieces
    groups = [g for piece in found for g in piece.packed]
    assert groups == list(whole.groups)
    assert [g.pos for g in groups] == [g.pos for g in whole.groups]
    assert [g.meetings[0].pos for g in groups if g.meetings] == [
        g.meetings[0].pos for g in whole.groups if g.meetings
    ]
    columns = {name: [v for p in found for v in p.columns[name]] for name in found[0].columns}
    assert columns == GroupTable.of(list(whole.groups)).columns()
    assert (first.topics, first.audiences, first.crisis, first.feedback) == (
        whole.topics,
        whole.audiences,
        whole.crisis,
        whole.feedback,
    )
    assert sorted(p for piece in found for p in piece.problems) == sorted(whole.problems)


def test_a_plain_catalogue_reads_the_same_in_pieces():
    assert_same(HEAD + "".join(grouped(i) for i in range(30)))


def test_items_at_column_zero_comments_and_blank_lines_read_the_same():
    body = "".join(f"# group {i}\n\n" + grouped(i, "") + "   \n" for i in range(30))
    assert_same(HEAD + body + "# the end\n", pieces=4)


def test_keys_after_the_list_and_problems_in_every_piece_are_kept_once():
    # the timezone after the list applies to every group; each group has a problem of its own
    body = "".join(
        grouped(i).replace("    - {format", f"    - {{colour: {i}, format") for i in range(40)
    )
    text = HEAD + body + "timezone: Europe/London\nsurprise: 1\ncrisis:\n  - {country: GB}\n"
    whole, _cut = whole_and_pieces(text)
    assert len([p for p in whole.problems if "colour" in p.message]) == 40
    assert any("surprise" in p.message for p in whole.problems)
    assert_same(text)


def test_meetings_without_a_timezone_are_errors_in_pieces_as_whole():
    assert_same(
        HEAD.replace("format: 1\n", "format: 1\ntimezone: Europe/Dublin\n")
        + "".join(grouped(i) for i in range(30))
    )
    no_zone = HEAD + "".join(grouped(i) for i in range(30))
    whole, _cut = whole_and_pieces(no_zone)
    assert sum("no timezone" in p.message for p in whole.problems) == 30
    assert_same(no_zone)


def test_an_anchor_without_an_alias_reads_the_same():
    body = "".join(grouped(i).replace("  - id:", f"  - &a{i} id:", 1) for i in range(30))
    assert_same(HEAD + body)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="CRLF line breaks"),
        pytest.param(lambda t: t.replace("description: >", "description: |+", 1), id="|+"),
        pytest.param(lambda t: t.replace("description: >", "description: >2+", 1), id=">2+"),
        pytest.param(
            lambda t: "+note: x\n" + t.replace("description: >", "description: |+", 1),
            id="|+ after a + at the start",
        ),
        pytest.param(
            lambda t: t.replace("  - id: g0", "  - &zero id: g0", 1).replace(
                "  - id: g29\n", "  - id: g29\n    other: *zero\n"
            ),
            id="alias",
        ),
        pytest.param(lambda t: t.replace("groups:\n", "groups: []\n"), id="flow list"),
        pytest.param(lambda t: t + "groups:\n  - {id: x, name: X}\n", id="groups twice"),
    ],
)
def test_a_file_of_another_shape_is_not_cut(change):
    text = change(HEAD + "".join(grouped(i) for i in range(30)))
    assert split.plan(text, 3, worth_it=0) is None


def long_quote(indent: str) -> str:
    """A quoted description whose lines look like the list's items."""
    fake = "".join(f"{indent}- id: fake{i}\n" for i in range(200))
    return f'{indent}- id: quoted\n{indent}  name: Quoted\n{indent}  description: "starts\n{fake}'


@pytest.mark.parametrize("indent", ["  ", ""])
def test_a_cut_inside_a_quoted_text_is_noticed(indent):
    # the middle of the list is inside one quoted scalar: a cut there must not be believed
    text = (
        HEAD + grouped(1, indent) + long_quote(indent) + f'{indent}  ends"\n' + grouped(2, indent)
    )
    cut = split.plan(text, 2, worth_it=0)
    assert cut is not None and text[cut.cuts[1] :].startswith(f"{indent}- id: fake")
    whole, cut = whole_and_pieces(text, 2)
    assert [g.id for g in whole.groups] == ["g1", "quoted", "g2"]
    assert cut is None


@pytest.mark.parametrize("before", [1, 60])
def test_a_quoted_text_running_into_the_keys_after_the_list_is_noticed(before):
    # the last group's quote swallows the top-level line after the list, in the whole as well;
    # with 60 groups before it, the cut is among them and only the last piece can tell
    quoted = '  - id: quoted\n    name: Quoted\n    description: "starts\n'
    text = HEAD + "".join(grouped(i) for i in range(before)) + quoted
    text += 'timezone: Europe/London"\n'
    cut = split.plan(text, 2, worth_it=0)
    assert cut is not None
    whole, pieces = whole_and_pieces(text, 2)
    assert [g.id for g in whole.groups][-1] == "quoted"
    assert whole.groups[len(whole.groups) - 1].description == "starts timezone: Europe/London"
    assert pieces is None


def test_a_syntax_error_in_one_piece_leaves_the_file_to_be_read_whole():
    text = HEAD + "".join(grouped(i) for i in range(30)) + "  - {id: broken, name: [\n"
    assert split.plan(text, 3, worth_it=0) is not None
    whole, cut = whole_and_pieces(text)
    assert whole.unreadable and cut is None


def big_catalogue(groups: int = 2500) -> dict:
    """A catalogue big enough to be cut (over 512 KB of groups)."""
    return {
        "format": 1,
        "topics": [{"id": "grief", "name": "Grief"}, {"id": "bpd", "name": "BPD"}],
        "groups": [
            {
                "id": f"g{i:05d}",
                "name": f"Group {i} for people living with grief and loss",
                "topics": ["grief"] if i % 3 else ["bpd", "grief"],
                "description": "A peer-led group. " * 8,
                "meetings": [
                    {
                        "format": "in-person",
                        "day": "wed",
                        "time": "18:30",
                        "location": {"venue": f"Hall {i}", "city": "Leeds", "country": "GB"},
                    }
                ],
            }
            for i in range(groups)
        ],
        "timezone": "Europe/London",
    }


def test_a_first_search_of_a_big_file_matches_the_same_catalogue_as_json(tmp_path):
    # JSON files are never cut: the same catalogue as JSON is read whole
    catalogue = big_catalogue()
    as_yaml = tmp_path / "big.yaml"
    as_yaml.write_text(yaml.safe_dump(catalogue, sort_keys=False), encoding="utf-8")
    as_json = tmp_path / "big.json"
    as_json.write_text(json.dumps(catalogue), encoding="utf-8")
    assert split.plan(as_yaml.read_text(), 2) is not None
    query = ("search", "bpd", "--format", "json", "--limit", "0", "--catalog")
    first = run(*query, str(as_yaml))
    assert first.exit_code == 0
    found = json.loads(first.stdout)
    assert len(found) == 834
    assert found == json.loads(run(*query, str(as_json)).stdout)
    assert json.loads(run(*query, str(as_yaml)).stdout) == found  # from the cache
    # with no cache folder to be had, the joined pieces are read from memory
    nowhere = {"XDG_CACHE_HOME": str(as_json / "cache")}
    assert json.loads(run(*query, str(as_yaml), env=nowhere).stdout) == found


def test_a_syntax_error_near_the_end_of_a_big_file_is_reported_where_it_is(tmp_path):
    text = yaml.safe_dump(big_catalogue(), sort_keys=False)
    cut_at = text.index("timezone: Europe/London")
    broken = text[:cut_at] + "- {id: broken, name: [\n" + text[cut_at:]
    path = tmp_path / "big.yaml"
    path.write_text(broken, encoding="utf-8")
    result = run("search", "bpd", "--catalog", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    # the line `validate` gives, which always reads a file whole
    problem = run("validate", str(path)).stdout.splitlines()[0]
    assert problem.startswith(f"{path}:{broken[:cut_at].count(chr(10)) + 3}:1: error: invalid YAML")
    assert result.stderr.splitlines()[-1] == "error: " + problem.replace(": error: ", ": ", 1)
