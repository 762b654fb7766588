"""Crisis signposting: when a search suggests risk, and which lines to show for a country."""

from __future__ import annotations

from collections.abc import Sequence

from findgroup.model import Catalogue, CrisisLine
from findgroup.safe_text import clean_line
from findgroup.text import normalise

RISK_PHRASES = (
    "kill myself",
    "killing myself",
    "end my life",
    "ending my life",
    "take my own life",
    "want to die",
    "wanna die",
    "dont want to live",
    "dont want to be alive",
    "better off dead",
    "suicidal",
    "suicide",
    "overdose",
    "overdosed",
    "crisis",
    "hurt myself",
    "hurting myself",
)
_PADDED = tuple(f" {p} " for p in RISK_PHRASES)


def suggests_risk(query: str) -> bool:
    """True when the words contain a risk phrase such as "want to die" or "overdose"."""
    padded = f" {normalise(query)} "
    return any(phrase in padded for phrase in _PADDED)


def lines_for(catalogue: Catalogue, country: str | None) -> list[CrisisLine]:
    """The country's crisis lines, then the international directory ('*')."""
    local = [c for c in catalogue.crisis if country and c.country == country]
    anywhere = [c for c in catalogue.crisis if c.country == "*"]
    return local + anywhere


def describe(line: CrisisLine) -> str:
    """One line a person can act on: name, how to reach it, and when."""
    ways = []
    if line.phone:
        ways.append(f"call {line.phone}")
    if line.text:
        ways.append(line.text if not line.text.replace(" ", "").isdigit() else f"text {line.text}")
    parts = [line.name + (": " + ", or ".join(ways) if ways else "")]
    if line.hours:
        parts.append(f"({line.hours})")
    if line.url:
        parts.append(line.url)
    return clean_line(" ".join(parts))


def message(lines: Sequence[CrisisLine]) -> str:
    """The calm, short block shown before results."""
    out = ["If you are struggling to stay safe right now, you can talk to someone:"]
    out += [f"  {describe(line)}" for line in lines]
    out.append("  If you are in immediate danger, call your local emergency number.")
    return "\n".join(out) + "\n"
