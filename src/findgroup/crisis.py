"""Crisis signposting: which lines to show for a country, and how to say them."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from findgroup.model import CrisisLine
from findgroup.safe_text import clean_line


def lines_for(lines: Sequence[CrisisLine], country: str | None) -> list[CrisisLine]:
    """Every crisis line of the country, those for everyone first; then the directory ('*')."""
    local = [c for c in lines if country and c.country == country]
    general = [c for c in local if not c.topics and not c.audience]
    anywhere = [c for c in lines if c.country == "*"]
    return general + [c for c in local if c not in general] + anywhere


def lines_for_search(
    lines: Sequence[CrisisLine],
    country: str | None,
    topics: Collection[str],
    audiences: Collection[str],
    *,
    at_risk: bool,
) -> list[CrisisLine]:
    """The lines a search should show, the reader's own first.

    A line for an audience (young people, veterans) comes first when the reader named that
    audience, and is left out otherwise. A line for topics (domestic abuse) comes when the
    search is about one of them, even without risk words. The lines for everyone, and the
    directory, come when the words suggest risk.
    """
    local = [c for c in lines if country and c.country == country]
    theirs = [
        c
        for c in local
        if c.audience and not set(c.audience).isdisjoint(audiences)
        and (at_risk or not set(c.topics).isdisjoint(topics))
    ]  # fmt: skip
    on_topic = [c for c in local if not c.audience and not set(c.topics).isdisjoint(topics)]
    shown = theirs + on_topic
    if at_risk:
        shown += [c for c in local if not c.topics and not c.audience]
        shown += [c for c in lines if c.country == "*"]
    return shown


def describe(line: CrisisLine) -> str:
    """One line a person can act on: name, how to reach it, and when."""
    ways = []
    if line.phone:
        ways.append(f"call {line.phone}")
    if line.text:
        ways.append(line.text if not line.text.replace(" ", "").isdigit() else f"text {line.text}")
    parts = [line.name + (": " + ", or ".join(ways) if ways else "")]
    if line.audience:
        parts[0] += f" (for {', '.join(a.replace('-', ' ') for a in line.audience)})"
    if line.hours:
        parts.append(f"({line.hours})")
    if line.url:
        parts.append(line.url)
    return clean_line(" ".join(parts))


def message(lines: Sequence[CrisisLine], *, at_risk: bool = True) -> str:
    """The calm, short block shown before results.

    Without risk words it signposts the helplines for the need (domestic abuse).
    """
    if not at_risk:
        out = ["If you are not safe, or want to talk to someone now:"]
        out += [f"  {describe(line)}" for line in lines]
        return "\n".join(out) + "\n"
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
