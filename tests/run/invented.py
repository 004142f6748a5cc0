"""A corpus of invented news articles (invented people, places and events) for engine tests."""

from __future__ import annotations

import json
from pathlib import Path

PEOPLE = [
    ("Mayor", "Ida Brandt", "Brandt", "she"), ("Councillor", "Tomas Wren", "Wren", "he"),
    ("Minister", "Aurelia Voss", "Voss", "she"), ("Professor", "Kofi Ashgrove", "Ashgrove", "he"),
    ("Judge", "Marta Quell", "Quell", "she"), ("Chief", "Oskar Lindqvist", "Lindqvist", "he"),
]
TOWNS = ["Port Halden", "Erlmoor", "Sallowbridge", "Kestrel Bay", "Varnholm", "Duncliffe"]
TOPICS = [
    ("the ferry timetable", "The boats will run every hour from May"),
    ("the flood barrier", "We built it for a storm that comes once a century"),
    ("the library closure", "No child in this town will lose a reading room"),
    ("the bus strike", "Drivers deserve a fair wage and they will get one"),
    ("the harbour dredging", "The channel is too shallow for the new ships"),
    ("the school meals plan", "Every pupil gets a hot lunch, starting this term"),
]


def article(n: int) -> dict[str, str]:
    """The n-th invented article: direct, indirect and continued quotes by invented speakers."""
    title, name, surname, pron = PEOPLE[n % len(PEOPLE)]
    other_title, other, other_surname, _ = PEOPLE[(n + 2) % len(PEOPLE)]
    town = TOWNS[(n // 2) % len(TOWNS)]
    topic, line = TOPICS[(n // 3) % len(TOPICS)]
    text = (
        f"{town} argues over {topic}\n\n"
        f"{title} {name} spoke to reporters in {town} on Tuesday about {topic} (report {n}).\n\n"
        f"“{line},” {surname} said. “Nobody should doubt it.”\n\n"
        f"{pron.capitalize()} added that the council would publish its figures within {n % 9 + 2} weeks.\n\n"
        f"{other_title} {other} disagreed. “The plan costs more than the town can pay,” "
        f"{other_surname} told the meeting, and warned that taxes would rise.\n\n"
        f"According to {other_surname}, a vote is due in {n % 5 + 1} months."
    )
    return {"id": f"inv-{n:04d}", "text": text, "url": f"https://news.example/{n}",
            "outlet": "The Invented Courier", "date": f"2031-03-{n % 28 + 1:02d}", "title": f"{town}: {topic}"}


def write_jsonl(path: Path, start: int, count: int) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for n in range(start, start + count):
            f.write(json.dumps(article(n), ensure_ascii=False) + "\n")
    return path
