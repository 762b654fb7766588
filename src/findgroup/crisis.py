"""Crisis signposting: which lines to show for a country, and how to say them."""

from __future__ import annotations

from collections.abc import Sequence

from findgroup.model import CrisisLine
from findgroup.safe_text import clean_line


def lines_for(lines: Sequence[CrisisLine], country: str | None) -> list[CrisisLine]:
    """The country's crisis lines, then the international directory ('*')."""
    local = [c for c in lines if country and c.country == country]
    anywhere = [c for c in lines if c.country == "*"]
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


def reminder(lines: Sequence[CrisisLine]) -> str:
    """One short line for after the results, such as "Struggling to stay safe? Samaritans ...".

    It repeats the first line's number, so the last screen a person sees holds one.
    """
    if not lines:
        return "Struggling to stay safe? Call your local emergency number."
    line = lines[0]
    how = line.phone or line.text or line.url or ""
    if line.phone and line.text and line.text != line.phone:
        how = f"{line.phone} (text {line.text})" if line.text.isdigit() else line.phone
    hours = (line.hours or "").split(",")[0].strip()
    return clean_line(
        f"Struggling to stay safe? {line.name} {how}" + (f", {hours}" if hours else "")
    )
