"""Score order read from each file's facts: groups that tie come by name, then id, across files.

A search with no filter ranks from per-group facts and reads rows only for the results shown;
one with a filter judged on whole groups (`--lang`) ranks from rows. Both must give the order
a reader expects: the group named for the need first, fresher listings before stale ones,
and the rest alphabetically, whichever file a group comes from.
"""

import json
from pathlib import Path

from conftest import run

AT = ["--at", "2026-11-24T12:00:00+00:00", "--tz", "Europe/London"]
FRESH, OLD = "2026-11-01", "2020-01-01"

# (file, id, name, last_verified): every group is on grief alone, for anyone, in English
GROUPS = [
    ("a", "a-beech", "Beech", FRESH),
    ("a", "a-delta", "delta", FRESH),
    ("a", "a-zulu", "Zulu", FRESH),
    ("a", "a-aardvark", "Aardvark", OLD),
    ("b", "b-alder", "alder", FRESH),
    ("b", "b-delta", "Delta", FRESH),
    ("b", "b-maple", "Maple", FRESH),
    ("c", "c-apple", "apple", FRESH),
    ("c", "c-delta", "DELTA", FRESH),
    ("c", "c-oak", "oak", FRESH),
    ("c", "c-circle", "Grief Circle", FRESH),
]
# what a reader expects: named for the need, then fresh ones A-Z (ids break a tie), then stale
EXPECTED = [
    "c-circle",
    "b-alder",
    "c-apple",
    "a-beech",
    "a-delta",
    "b-delta",
    "c-delta",
    "b-maple",
    "c-oak",
    "a-zulu",
    "a-aardvark",
]


def _catalogue(folder: Path) -> Path:
    folder.mkdir()
    for name in "abc":
        lines = ["format: 1"]
        if name == "a":
            lines += ["topics:", "  - id: grief", "    name: Grief"]
        lines.append("groups:")
        for file, gid, title, verified in GROUPS:
            if file == name:
                lines += [
                    f"  - id: {gid}",
                    f"    name: {title}",
                    "    topics: [grief]",
                    "    languages: [en]",
                    f"    url: https://example.org/{gid}",
                    f"    last_verified: {verified}",
                ]
        (folder / f"{name}.yaml").write_text("\n".join(lines) + "\n")
    return folder


def _ids(*args: str) -> list[str]:
    result = run("search", *args, "--format", "json", *AT)
    assert result.exit_code == 0, result.stderr
    return [r["id"] for r in json.loads(result.stdout)]


def test_tied_groups_come_by_name_across_files_with_and_without_a_filter(tmp_path: Path) -> None:
    folder = str(_catalogue(tmp_path / "cat"))
    assert _ids("grief", "--catalog", folder, "--limit", "0") == EXPECTED
    assert _ids("grief", "--catalog", folder, "--limit", "0", "--lang", "en") == EXPECTED


def test_a_limit_shows_the_first_of_that_order(tmp_path: Path) -> None:
    folder = str(_catalogue(tmp_path / "cat"))
    assert _ids("grief", "--catalog", folder, "--limit", "4") == EXPECTED[:4]
    assert _ids("grief", "--catalog", folder, "--limit", "7") == EXPECTED[:7]


def test_one_file_orders_the_same(tmp_path: Path) -> None:
    folder = _catalogue(tmp_path / "cat")
    one = tmp_path / "one.yaml"
    parts = [(folder / f"{n}.yaml").read_text() for n in "abc"]
    groups = [p.split("groups:\n", 1)[1] for p in parts]
    one.write_text(parts[0].split("groups:\n", 1)[0] + "groups:\n" + "".join(groups))
    assert _ids("grief", "--catalog", str(one), "--limit", "0") == EXPECTED
    assert _ids("grief", "--catalog", str(one), "--limit", "3") == EXPECTED[:3]
