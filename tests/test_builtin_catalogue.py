"""The shipped catalogue: every need people bring finds at least three relevant groups."""

import datetime as dt
import json

import pytest

from conftest import run
from findgroup.catalogue.load import load

LOADED = load(["default"], dt.date.today())
CATALOGUE = LOADED.catalogue

NEEDS = {
    "borderline personality disorder": "bpd",
    "EUPD": "bpd",
    "personality disorder": "personality-disorders",
    "emotional dysregulation": "bpd",
    "depression": "depression",
    "low mood": "depression",
    "bipolar": "bipolar",
    "anxiety": "anxiety",
    "OCD": "ocd",
    "hoarding": "hoarding",
    "body dysmorphia": "bdd",
    "PTSD": "ptsd",
    "trauma": "ptsd",
    "psychosis": "psychosis",
    "hearing voices": "hearing-voices",
    "eating disorders": "eating-disorders",
    "self-harm": "self-harm",
    "suicidal feelings": "suicidal-feelings",
    "postnatal depression": "perinatal",
    "postpartum": "perinatal",
    "drinking problem": "alcohol",
    "drugs": "drugs",
    "gambling": "gambling",
    "families affected by addiction": "family-addiction",
    "secular recovery": "secular-recovery",
    "12 step": "twelve-step",
    "food addiction": "food-addiction",
    "gaming addiction": "gaming",
    "chronic pain": "chronic-pain",
    "fibromyalgia": "fibromyalgia",
    "ME/CFS": "me-cfs",
    "long covid": "long-covid",
    "lupus": "lupus",
    "arthritis": "arthritis",
    "cancer": "cancer",
    "dementia": "dementia",
    "Parkinson's": "parkinsons",
    "stroke": "stroke",
    "tinnitus": "tinnitus",
    "hearing loss": "hearing-loss",
    "brain injury": "brain-injury",
    "autism": "autism",
    "bereavement": "grief",
    "suicide bereavement": "suicide-bereavement",
    "loss of a child": "child-loss",
    "miscarriage": "baby-loss",
    "widowed": "partner-loss",
    "loneliness": "loneliness",
    "divorce": "divorce-separation",
    "sexual abuse": "sexual-abuse",
    "carers": "carers",
    "codependency": "codependency",
    "adult children of alcoholics": "acoa",
}
# Needs the research could not find three current groups for (README: "Gaps"). The test
# holds each at its count, so a fresh listing shows up here and moves to NEEDS.
THIN = {
    "IBD": ("ibd", 0),
    "epilepsy": ("epilepsy", 1),
    "tourettes": ("tourettes", 1),
    "pet loss": ("pet-loss", 1),
    "COPD": ("lung-conditions", 1),
    "ADHD": ("adhd", 2),
    "stammering": ("stammering", 2),
    "social anxiety": ("social-anxiety", 2),
    "panic attacks": ("panic", 1),
    "sex addiction": ("sex-love-addiction", 3),  # the third, COSA, is for partners
    "quit smoking": ("smoking", 2),
    "debt": ("debt", 2),
    "domestic abuse": ("domestic-abuse", 1),
    "menopause": ("menopause", 1),
    "body image": ("body-image", 1),
    "trichotillomania": ("trichotillomania", 2),
    "MS": ("ms", 2),
    "diabetes": ("diabetes", 2),
    "infertility": ("infertility", 2),
}


def below(topic: str) -> set[str]:
    """The topic and every topic under it."""
    kids = {t.id for t in CATALOGUE.topics.values() if topic in t.broader}
    return {topic}.union(*(below(t) for t in kids))


def on_topic(found: list[dict[str, object]], topic: str) -> list[str]:
    """The results whose own topics are the need (or a narrower one)."""
    wanted = below(topic)
    return [str(r["id"]) for r in found if wanted & set(r["topics"])]  # type: ignore[arg-type]


@pytest.mark.parametrize(("need", "topic"), NEEDS.items())
def test_each_need_finds_at_least_three_groups_on_it(need: str, topic: str) -> None:
    result = run("search", need, "--format", "json", "--limit", "0")
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    relevant = on_topic(found, topic)
    assert len(relevant) >= 3, relevant
    assert found[0]["id"] in relevant


@pytest.mark.parametrize(("need", "thin"), THIN.items())
def test_a_thin_need_shows_what_there_is_first(need: str, thin: tuple[str, int]) -> None:
    topic, count = thin
    result = run("search", need, "--format", "json", "--limit", "0")
    found = json.loads(result.stdout or "[]")
    relevant = on_topic(found, topic)
    assert len(relevant) == count, relevant
    assert [r["id"] for r in found[:count]] == relevant
    assert all(r["general_support"] for r in found[count:]), "the rest is general support"


def test_vocabulary_and_size():
    assert len(CATALOGUE.topics) >= 40
    assert len(CATALOGUE.groups) >= 160
    per_country = {c: sum(c in g.area for g in CATALOGUE.groups) for c in ("CA", "IE")}
    assert per_country["CA"] >= 12, per_country
    assert per_country["IE"] >= 12, per_country
    assert {
        "family",
        "carers",
        "women",
        "men",
        "lgbtq",
        "young-people",
        "older-adults",
        "veterans",
        "parents",
    } <= set(CATALOGUE.audiences)
    assert CATALOGUE.topics["suicidal-feelings"].crisis
    assert {"EUPD", "emotional dysregulation"} <= set(CATALOGUE.topics["bpd"].aliases)


def test_every_group_is_sourced_and_verified():
    for group in CATALOGUE.groups:
        assert group.source and group.last_verified, group.id
        assert group.url or group.finder_url or group.schedule_note, group.id
        assert group.meetings or group.schedule_note, group.id


def test_crisis_lines_cover_each_country_and_an_international_directory():
    countries = {line.country for line in CATALOGUE.crisis}
    assert {"US", "GB", "CA", "AU", "IE", "*"} <= countries
    for line in CATALOGUE.crisis:
        assert line.phone or line.text or line.url


def test_builtin_catalogue_is_clean_under_strict_validation():
    assert LOADED.problems == ()


def test_a_need_with_only_general_support_says_so_on_its_first_line() -> None:
    result = run("search", "endometriosis", "--tz", "UTC")
    assert result.stdout.startswith("No groups for Endometriosis listed yet; ")
    assert "for general support" in result.stdout.splitlines()[0]
