"""A deterministic synthetic catalogue for tests at scale: many groups, every meeting kind."""

from __future__ import annotations

import random
from pathlib import Path

TOPICS = [
    ("mental-health", "Mental health", ["mental illness"], []),
    ("bpd", "Borderline personality disorder", ["BPD", "EUPD"], ["mental-health"]),
    ("depression", "Depression", ["low mood"], ["mental-health"]),
    ("anxiety", "Anxiety", ["worry", "GAD"], ["mental-health"]),
    ("grief", "Grief and bereavement", ["bereavement"], []),
    ("recovery", "Addiction recovery", ["addiction", "sobriety"], []),
    ("alcohol", "Alcohol", ["drinking"], ["recovery"]),
    ("chronic-pain", "Chronic pain", ["persistent pain"], []),
]
AUDIENCES = [("family", "Family and friends", ["relatives"]), ("women", "Women", ["female"])]
PLACES = [
    ("Sheffield", "GB", "Europe/London", 53.38, -1.47),
    ("Leeds", "GB", "Europe/London", 53.80, -1.55),
    ("Dublin", "IE", "Europe/Dublin", 53.35, -6.26),
    ("Chicago", "US", "America/Chicago", 41.88, -87.63),
    ("Denver", "US", "America/Denver", 39.74, -104.99),
    ("Melbourne", "AU", "Australia/Melbourne", -37.81, 144.96),
]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WORDS = [
    "peer",
    "circle",
    "friends",
    "together",
    "hope",
    "light",
    "bridge",
    "open",
    "door",
    "path",
    "steps",
    "haven",
]


def _meeting(rnd: random.Random, i: int, tz: str, place: tuple) -> str:
    city, country, _tz, lat, lon = place
    fmt = rnd.choice(["in-person", "in-person", "online", "hybrid", "phone"])
    lines = [
        f"      - format: {fmt}",
        f'        time: "{rnd.randint(7, 21):02d}:{rnd.choice(["00", "30"])}"',
    ]
    lines.append(f"        timezone: {tz}")
    kind = rnd.random()
    day = rnd.choice(DAYS)
    if kind < 0.6:
        lines.append(f"        day: {day}")
    elif kind < 0.75:
        lines += [f"        day: {day}", "        every: 2 weeks", "        from: 2026-01-06"]
    elif kind < 0.9:
        lines += [
            f"        day: {day}",
            "        every: month",
            f"        weeks: [{rnd.choice([1, 2, 3, -1])}]",
        ]
    else:
        lines.append('        rrule: "FREQ=MONTHLY;BYDAY=2TU,4TH"')
    if rnd.random() < 0.1:
        lines.append(f"        until: 2026-{rnd.randint(1, 12):02d}-28")
    if fmt in ("in-person", "hybrid"):
        spot = f"lat: {lat + rnd.uniform(-0.2, 0.2):.4f}, lon: {lon + rnd.uniform(-0.2, 0.2):.4f}"
        if rnd.random() < 0.5:
            spot = "postcode: X1"
        lines.append(f"        location: {{city: {city}, country: {country}, {spot}}}")
    if fmt in ("online", "hybrid"):
        lines.append(f"        join: {{url: https://example.org/join/{i}}}")
    if fmt == "phone":
        lines.append('        join: {phone: "+1 555 0100"}')
    return "\n".join(lines)


def write(path: Path, n: int, seed: int = 7) -> Path:
    """Write a catalogue of `n` groups to `path` and return it."""
    rnd = random.Random(seed)
    out = ["format: 1", "topics:"]
    for tid, name, aliases, broader in TOPICS:
        out.append(
            f"  - {{id: {tid}, name: {name}, aliases: [{', '.join(aliases)}], "
            f"broader: [{', '.join(broader)}]}}"
        )
    out.append("audiences:")
    for aid, name, aliases in AUDIENCES:
        out.append(f"  - {{id: {aid}, name: {name}, aliases: [{', '.join(aliases)}]}}")
    out.append("groups:")
    for i in range(n):
        place = rnd.choice(PLACES)
        topics = rnd.sample(TOPICS, rnd.choice([1, 1, 2]))
        name = f"{place[0]} {topics[0][1]} {rnd.choice(WORDS).title()} {i}"
        out += [
            f"  - id: s{i:05d}",
            f'    name: "{name}"',
            f"    topics: [{', '.join(t[0] for t in topics)}]",
        ]
        out.append(
            f'    description: "A group in {place[0]} for {topics[0][1].lower()}, '
            f'{rnd.choice(WORDS)}."'
        )
        if rnd.random() < 0.2:
            out.append(f"    audience: [{rnd.choice(AUDIENCES)[0]}]")
        if rnd.random() < 0.1:
            out.append("    languages: [es]")
        out.append(f"    cost: {rnd.choice(['free', 'free', 'donation', 'paid'])}")
        out.append(f"    area: [{place[1]}]")
        out.append(
            f"    last_verified: 20{rnd.choice(['24', '25', '26'])}-{rnd.randint(1, 10):02d}-15"
        )
        if rnd.random() < 0.85:
            out.append("    meetings:")
            for _ in range(rnd.choice([1, 1, 2, 3])):
                out.append(_meeting(rnd, i, place[2], place))
        else:
            out.append("    schedule_note: See the website for times.")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path
