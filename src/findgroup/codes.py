"""Standard code lists: ISO 3166 countries and zones (from tzdata), ISO 639-1 languages."""

from __future__ import annotations

import re
from functools import lru_cache

_ISO_639_1_CODES = """
aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu
cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi
ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks
ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl
nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl
sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve
vi vo wa wo xh yi yo za zh zu
"""
ISO_639_1 = frozenset(_ISO_639_1_CODES.split())
_LANG_TAG = re.compile(r"^([a-z]{2,3})(-[A-Za-z0-9]{2,8})*$")


def _tzdata_table(name: str) -> list[list[str]]:
    from pathlib import Path

    import tzdata  # type: ignore[import-untyped]  # plain files; importlib.resources costs more

    text = (Path(tzdata.__file__).parent / "zoneinfo" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """ISO 3166 alpha-2 code to country name."""
    return {row[0]: row[1] for row in _tzdata_table("iso3166.tab")}


@lru_cache(maxsize=1)
def zone_countries() -> dict[str, str]:
    """IANA zone name to the ISO country it belongs to."""
    return {row[2]: row[0] for row in _tzdata_table("zone.tab") if len(row) >= 3}


@lru_cache(maxsize=8)
def zone_country(zone: str) -> str | None:
    """The ISO country of one IANA zone (read straight from zone.tab, without the table)."""
    from pathlib import Path

    if zone.startswith(("UTC", "Etc/")):
        return None  # a zone of no country

    system = Path("/usr/share/zoneinfo/zone.tab")
    try:
        text = system.read_text(encoding="utf-8")
    except OSError:
        return zone_countries().get(zone)
    needle = f"\t{zone}"
    for line in text.splitlines():
        if line.startswith("#") or needle not in line:
            continue
        fields = line.split("\t")
        if len(fields) >= 3 and fields[2] == zone:
            return fields[0]
    return zone_countries().get(zone)  # a zone the system's table lacks: tzdata's


def is_language(code: str) -> bool:
    """True for an ISO 639-1 code, a 3-letter ISO 639-2/3 code, or such a tag with a region."""
    m = _LANG_TAG.match(code)
    if not m:
        return False
    primary = m.group(1)
    return len(primary) == 3 or primary in ISO_639_1


# English names of the languages groups are most often held in, to their ISO 639-1 codes, so
# `--lang spanish` reads as `es`.
LANGUAGE_NAMES = {
    "arabic": "ar", "bengali": "bn", "chinese": "zh", "mandarin": "zh", "cantonese": "zh",
    "czech": "cs", "danish": "da", "dutch": "nl", "english": "en", "farsi": "fa",
    "persian": "fa", "finnish": "fi", "french": "fr", "german": "de", "greek": "el",
    "gujarati": "gu", "hebrew": "he", "hindi": "hi", "hungarian": "hu", "irish": "ga",
    "italian": "it", "japanese": "ja", "korean": "ko", "norwegian": "no", "polish": "pl",
    "portuguese": "pt", "punjabi": "pa", "romanian": "ro", "russian": "ru", "somali": "so",
    "spanish": "es", "swahili": "sw", "swedish": "sv", "tagalog": "tl", "tamil": "ta",
    "thai": "th", "turkish": "tr", "ukrainian": "uk", "urdu": "ur", "vietnamese": "vi",
    "welsh": "cy", "yiddish": "yi",
}  # fmt: skip


def language_code(given: str) -> str | None:
    """The ISO 639 code for a code or a language's English name (`Spanish` -> `es`), or None."""
    code = given.strip().lower()
    if is_language(code):
        return code.split("-")[0]
    return LANGUAGE_NAMES.get(code)


# Names people use that ISO 3166 (as tzdata writes it) does not: "UK" means GB.
COUNTRY_NAMES = {
    "uk": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "republic of ireland": "IE",
    "eire": "IE",
}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Every accepted country name (normalised) and alpha-2 code (lowercase) to its code."""
    from findgroup.text import normalise

    names = {code.lower(): code for code in countries()}
    for code, name in countries().items():
        names.setdefault(normalise(name), code)
        names.setdefault(normalise(name.split("(")[0]), code)
    names.update(COUNTRY_NAMES)
    return names


def country_code(text: str) -> str | None:
    """The ISO 3166 alpha-2 code for a code or a name ("gb", "UK", "United Kingdom" -> GB)."""
    from findgroup.text import normalise

    return country_names().get(normalise(text))


# country names that are also everyday words or first names ("family reunion", "my son jordan"),
# and so say nothing about where the reader is
NOT_A_PLACE_IN_A_QUERY = frozenset(
    {"reunion", "georgia", "jersey", "jordan", "chad", "turkey", "china", "guinea", "india",
     "israel", "dominica", "mali", "niger", "cocos", "chile"}
)  # fmt: skip
# the one name shorter than three letters read as a country ("grief uk")
SHORT_NAMES = frozenset({"uk"})
# a country name after these words is a state or region elsewhere (New Mexico, New South Wales)
NOT_AFTER = (("new",), ("new", "south"))


def country_in_words(text: str) -> tuple[str, str] | None:
    """The country a query names in words, and the rest ("grief ireland" -> IE, "grief").

    Only names count, never two-letter codes ("my", "no" and "in" are codes too), and not
    names that are also everyday words or first names, or parts of a state's name.
    """
    from findgroup.text import normalise

    words = normalise(text).split()
    names = country_names()
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            name = " ".join(words[start : start + size])
            if (len(name) < 3 and name not in SHORT_NAMES) or name in NOT_A_PLACE_IN_A_QUERY:
                continue
            before = tuple(words[max(0, start - 2) : start])
            if name in names and not any(before[-len(w) :] == w for w in NOT_AFTER):
                return names[name], " ".join(words[:start] + words[start + size :])
    return None
