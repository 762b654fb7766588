"""The risk detector: every risk phrasing triggers, no benign near-miss does."""

from pathlib import Path

import pytest

from conftest import TESTS, run
from findgroup.risk import FUNCTION_WORDS, assess, phrases

RISK = TESTS / "risk"


def phrasings(name: str) -> list[str]:
    lines = Path(RISK / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


RISKY, BENIGN = phrasings("risk.txt"), phrasings("benign.txt")


def test_the_sets_are_big_enough():
    assert len(RISKY) >= 150
    assert len(BENIGN) >= 60


@pytest.mark.parametrize("text", RISKY)
def test_every_risk_phrasing_is_recognised(text):
    assert assess(text), text


@pytest.mark.parametrize("text", BENIGN)
def test_no_benign_near_miss_is_taken_for_risk(text):
    assert not assess(text), assess(text).phrases


def test_recall_and_false_positives(capsys):
    missed = [t for t in RISKY if not assess(t)]
    false_alarms = [t for t in BENIGN if assess(t)]
    with capsys.disabled():
        print(
            f"\nrisk: recall {1 - len(missed) / len(RISKY):.3f} on {len(RISKY)} phrasings, "
            f"{len(false_alarms)} false alarms on {len(BENIGN)} near-misses"
        )
    assert missed == []


def test_every_phrase_has_a_word_that_is_not_a_function_word():
    benign, risky, _self_harm = phrases()
    for phrase in (*benign, *risky):
        words = [w for slot in phrase.slots for choice in slot.choices for w in choice]
        if words:
            assert any(w.text not in FUNCTION_WORDS for w in words), phrase.text


@pytest.mark.parametrize("text", ["want to", "i want to", "want", "to die for", "die"])
def test_function_words_alone_are_never_a_risk(text):
    assert not assess(text)


def test_search_shows_the_block_first_and_a_reminder_last():
    result = run("search", "i feel like ending it all", "--country", "GB")
    assert result.stdout.startswith("If you are struggling to stay safe right now")
    assert result.stdout.splitlines()[-1] == (
        "Struggling to stay safe? Samaritans 116 123, 24 hours"
    )


def test_machine_formats_put_the_block_on_stderr_only():
    result = run("search", "i took too many pills", "--format", "json", "--country", "GB")
    assert result.stdout.startswith("[")
    assert "Samaritans" not in result.stdout
    assert result.stderr.startswith("If you are struggling to stay safe right now")


def test_stdin_queries_get_their_crisis_lines_next_to_their_own_results():
    result = run(
        "search", "-", "--country", "GB", input="fibromyalgia\ni can't go on\nlong covid\n"
    )
    sections = result.stdout.split("== ")
    risky = [s for s in sections if s.startswith("i can't go on")]
    assert len(risky) == 1 and "Samaritans" in risky[0]
    assert all("Samaritans" not in s for s in sections if not s.startswith("i can't go on"))


def test_stdin_json_names_the_query_with_its_lines():
    result = run(
        "search", "-", "--format", "jsonl", "--country", "GB", input="fibromyalgia\nunalive\n"
    )
    assert result.stderr.startswith('For "unalive":\nIf you are struggling')


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("i want to talk to someone", False),
        ("i want to stop drinking", False),
        ("lost my son to suicide", False),
        ("i feel like ending it all", True),
        ("everyone would be better off without me", True),
    ],
)
def test_search_shows_crisis_lines_only_when_words_suggest_risk(text, wanted):
    result = run("search", text, "--country", "GB")
    assert ("struggling to stay safe" in result.stdout) is wanted


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("UK", "Samaritans"),
        ("gb", "Samaritans"),
        ("United Kingdom", "Samaritans"),
        ("Ireland", "Samaritans Ireland"),
        ("usa", "988"),
    ],
)
def test_country_takes_codes_uk_and_names(given, expected):
    result = run("crisis", "--country", given)
    assert result.stdout.splitlines()[1].startswith(f"  {expected}")


def test_an_unknown_country_is_a_usage_error_with_a_hint():
    result = run("search", "bpd", "--country", "Untied Kingdom")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --country 'Untied Kingdom' is not a country; use an ISO code such as GB or "
        "US, or a name such as Ireland; did you mean 'United Kingdom'?\n"
    )


def test_the_country_of_near_chooses_the_crisis_lines():
    result = run("search", "i want to die", "--near", "Sheffield, UK", env={"LANG": "C"})
    assert "Samaritans" in result.stdout.splitlines()[1]


def test_a_damaged_copy_of_the_compiled_phrases_never_hides_a_risk(private_home):
    from findgroup.phrasebook import load

    load.cache_clear()
    run("search", "grief", "--country", "GB")  # compiles the phrases and keeps a copy
    (kept,) = (private_home / "cache" / "findgroup" / "phrases").glob("risk.txt-*.json")
    kept.write_text(kept.read_text("utf-8").replace('"ending"', '"endinq"'), "utf-8")
    load.cache_clear()  # as a new process would: read the kept copy again
    try:
        result = run("search", "i feel like ending it all", "--country", "GB")
    finally:
        load.cache_clear()
    assert result.stdout.startswith("If you are struggling to stay safe right now")
    assert '"endinq"' not in kept.read_text("utf-8")  # compiled again and kept afresh
