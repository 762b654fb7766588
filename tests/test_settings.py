import json

from conftest import TESTS, run

FIXTURE = str(TESTS / "catalogues" / "fixture.yaml")


def write_config(home, text):
    path = home / "config" / "findgroup" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_config_path_follows_xdg(private_home):
    assert run("config", "path").stdout == f"{private_home}/config/findgroup/config.toml\n"


def test_config_file_sets_defaults_and_environment_overrides_it(private_home):
    write_config(private_home, f'catalog = ["{FIXTURE}"]\nformat = "json"\ntz = "Asia/Tokyo"\n')
    result = run("search", "bpd", "--limit", "1", "--at", "2026-11-24T12:00:00+00:00")
    record = json.loads(result.stdout)[0]
    assert record["id"] == "bpd-group"
    assert record["next"] == "2026-11-26T19:00:00-05:00"
    env = run("search", "bpd", "--limit", "1", env={"FINDGROUP_FORMAT": "csv"})
    assert env.stdout.startswith("id,name,")
    flag = run(
        "search", "bpd", "--limit", "1", "--format", "jsonl", env={"FINDGROUP_FORMAT": "csv"}
    )
    assert flag.stdout.startswith('{"id": "bpd-group"')
    shown = run("config", "show", env={"FINDGROUP_FORMAT": "csv"}).stdout.splitlines()
    assert shown == [
        "country = -  (not set)",
        f"tz = Asia/Tokyo  ({private_home}/config/findgroup/config.toml)",
        f"catalog = {FIXTURE}  ({private_home}/config/findgroup/config.toml)",
        "format = csv  (FINDGROUP_FORMAT)",
    ]


def test_default_country_filters_and_picks_crisis_lines(private_home):
    write_config(private_home, 'country = "gb"\n')
    ids = {r["id"] for r in json.loads(run("search", "bpd", "--format", "json").stdout)}
    assert "neabpd-family-connections" not in ids  # takes members from the US only
    assert "eput-personality-disorder-sun" in ids
    assert run("crisis").stdout.splitlines()[1].startswith("  Samaritans: call 116 123")
    everywhere = run("search", "bpd", "--format", "json", "--country", "*", "--limit", "0")
    assert "neabpd-family-connections" in {r["id"] for r in json.loads(everywhere.stdout)}


def test_bad_config_is_one_clear_line_and_exit_2(private_home):
    path = write_config(private_home, 'contry = "GB"\n')
    result = run("search", "bpd")
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {path}: unknown setting 'contry'; did you mean 'country'?\n",
    )
    write_config(private_home, "format = \n")
    broken = run("search", "bpd")
    assert broken.exit_code == 2
    assert broken.stderr.startswith(f"error: {path}: invalid TOML: ")
