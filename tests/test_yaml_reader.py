"""The YAML reader: its quicker tag resolution agrees with PyYAML's on every plain scalar."""

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from findgroup.catalogue.yaml_reader import _Loader

# Characters that decide YAML 1.1's implicit types (numbers, dates, booleans, null, merge).
TYPED = st.text(alphabet="0123456789-+.:_eEoOxXbByYnNtTfFaAlLsSuUrR~<=ZT: \t", max_size=24)
SAMPLES = [
    "",
    "19:00",
    "2026-02-30",
    "2026-11-29T10:00:00Z",
    "0x1F",
    "0o17",
    "1_000",
    "190:20:30",
    ".inf",
    "-.Inf",
    ".NaN",
    "yes",
    "Off",
    "~",
    "null",
    "<<",
    "=",
    "02134",
    "1e5",
    "+12",
    "Sheffield",
]


def both(value: str, plain: bool = True) -> tuple[str, str]:
    ours = _Loader("").resolve(yaml.ScalarNode, value, (plain, not plain))
    theirs = yaml.SafeLoader("").resolve(yaml.ScalarNode, value, (plain, not plain))
    return ours, theirs


def test_the_known_awkward_values_resolve_as_pyyaml_resolves_them():
    for value in SAMPLES:
        ours, theirs = both(value)
        assert ours == theirs, value
        assert both(value, plain=False) == ("tag:yaml.org,2002:str",) * 2


@settings(max_examples=400, deadline=None)
@given(st.one_of(TYPED, st.text(max_size=24)))
def test_any_plain_scalar_resolves_as_pyyaml_resolves_it(value):
    ours, theirs = both(value)
    assert ours == theirs
