"""The typo budget's distance agrees with rapidfuzz's optimal string alignment."""

import random

from rapidfuzz.distance import OSA

from findgroup.typo import edits_within, typos


def _near(word: str, rng: random.Random) -> str:
    """The word with up to three random edits of the kinds people make."""
    letters = "abcdeilmnorst"
    out = list(word)
    for _ in range(rng.randint(0, 3)):
        kind = rng.choice("sidt")
        at = rng.randrange(len(out) + (kind == "i"))
        if kind == "s" and at < len(out):
            out[at] = rng.choice(letters)
        elif kind == "i":
            out.insert(at, rng.choice(letters))
        elif kind == "d" and len(out) > 1 and at < len(out):
            del out[at]
        elif kind == "t" and at + 1 < len(out):
            out[at], out[at + 1] = out[at + 1], out[at]
    return "".join(out)


def test_distance_within_a_limit_matches_osa_on_many_word_pairs():
    rng = random.Random(20261202)
    checked = 0
    for _ in range(20000):
        a = "".join(rng.choice("abcdeilmnorst") for _ in range(rng.randint(1, 12)))
        b = _near(a, rng)
        want = OSA.distance(a, b)
        for limit in (0, 1, 2):
            got = edits_within(a, b, limit)
            assert got == (want if want <= limit else None), (a, b, limit)
        checked += want <= 2
    assert checked > 10000  # most pairs are close enough to exercise the edits


def test_the_budget_grows_with_length_and_a_wrong_first_letter_costs_two():
    assert typos("anxiety", "anxiety") == 0
    assert typos("anxeity", "anxiety") == 1  # a swap
    assert typos("anxity", "anxiety") == 1
    assert typos("anxitey", "anxiety") == 1
    assert typos("anxtiey", "anxiety") is None  # two edits in a word of seven
    assert typos("depresion", "depression") == 1
    assert typos("deprssion", "depression") == 1
    assert typos("depresssin", "depression") == 2  # nine or more: two
    assert typos("xnxiety", "anxiety") is None  # a wrong first letter: two, over the budget
    assert typos("xepression", "depression") == 2
    assert typos("grie", "grief") is None  # four letters: exact only
    assert typos("alcoh", "alcoholism") == 1  # a prefix of five
