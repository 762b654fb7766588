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
    "emotional dysregulation": "bpd",
    "personality disorder": "personality-disorders",
    "depression": "depression",
    "low mood": "depression",
    "bipolar": "bipolar",
    "anxiety": "anxiety",
    "panic attacks": "panic",
    "OCD": "ocd",
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
    "chronic pain": "chronic-pain",
    "fibromyalgia": "fibromyalgia",
    "ME/CFS": "me-cfs",
    "long covid": "long-covid",
    "IBD": "ibd",
    "MS": "ms",
    "diabetes": "diabetes",
    "lupus": "lupus",
    "arthritis": "arthritis",
    "cancer": "cancer",
    "bereavement": "grief",
    "suicide bereavement": "suicide-bereavement",
    "loss of a child": "child-loss",
    "carers": "carers",
}


def narrower(topic: str) -> set[str]:
    below = {t.id for t in CATALOGUE.topics.values() if topic in t.broader}
    return below.union(*(narrower(t) for t in below))


def relevant_topics(topic: str) -> set[str]:
    """The need's topic, every narrower topic, and its immediate parents."""
    return {topic, *narrower(topic), *CATALOGUE.topics[topic].broader}


@pytest.mark.parametrize(("need", "topic"), NEEDS.items())
def test_each_need_finds_at_least_three_relevant_groups(need, topic):
    result = run("search", need, "--format", "json", "--limit", "0")
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    wanted = relevant_topics(topic)
    relevant = [r["id"] for r in found if wanted & set(r["topics"])]
    assert len(relevant) >= 3, relevant
    assert found[0]["id"] in relevant


def test_vocabulary_and_size():
    assert len(CATALOGUE.topics) >= 40
    assert len(CATALOGUE.groups) >= 80
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
