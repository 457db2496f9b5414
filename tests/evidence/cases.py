"""Seeded evidence cases: a unit's items, a photographed page, and what it should be read as.

Articles come from the labelled county items (tests/intake/labelled_items.toml). Of each
case's page, four in five show one of the unit's own items; the rest show another unit's
article, which no candidate matches, so a proposal there is a false one. The cases are
split once, by a seeded shuffle, into a tuning half and a held-out half.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from tests.support import pages

LABELLED = Path(__file__).parents[1] / "intake" / "labelled_items.toml"
# held items are never candidates for an adoption
ITEMS = [i for i in tomllib.loads(LABELLED.read_text("utf-8"))["item"] if "classified" not in i["flags"]]
SEED = 20261201
START = date(2026, 1, 5)


@dataclass(frozen=True)
class Candidate:
    number: str
    title: str
    article_text: str
    received: date
    unit: str


@dataclass(frozen=True)
class Case:
    index: int
    unit: str
    candidates: tuple[Candidate, ...]
    expected_item: str | None
    outlet: str
    day: date
    received_on: date  # when the evidence mail arrived
    layout: str  # newspaper | web
    file: bytes
    pdf: bool


def _catalogue(rng: random.Random) -> list[Candidate]:
    out = []
    for n, item in enumerate(ITEMS, start=1):
        received = START + timedelta(days=rng.randint(0, 200))
        out.append(Candidate(f"2026-{n:04d}", item["title"], item["body"].strip(), received, item["unit"]))
    return out


def _published(rng: random.Random, item: Candidate) -> pages.Story:
    """The article as the outlet printed it: often cut after a paragraph or two."""
    paragraphs = [p for p in item.article_text.split("\n") if p.strip()]
    keep = max(1, round(len(paragraphs) * rng.uniform(0.4, 1.0)))
    return pages.Story(item.title, "\n".join(paragraphs[:keep]))


def make_cases(count: int = 60) -> list[Case]:
    rng = random.Random(SEED)
    catalogue = _catalogue(rng)
    units = {item["unit"] for item in ITEMS}
    by_unit = {u: [c for c, item in zip(catalogue, ITEMS, strict=True) if item["unit"] == u] for u in units}
    cases = []
    for index in range(count):
        unit = rng.choice(sorted(units))
        candidates = by_unit[unit]
        others = [c for c in catalogue if c not in candidates]
        positive = rng.random() < 0.8
        target = rng.choice(candidates) if positive else rng.choice(others)
        day = pages.day_after(target.received, rng, 1, 30)
        layout = "newspaper" if rng.random() < 0.55 else "web"
        heads = [h for h in pages.MASTHEADS if h.printed == (layout == "newspaper")]
        head = rng.choice(heads)
        story = _published(rng, target)
        if layout == "newspaper":
            fillers = [_published(rng, c) for c in rng.sample(others, 6)]
            page = pages.newspaper(rng, head, day, story, fillers)
        else:
            older = [
                (c.title, c.received - timedelta(days=rng.randint(5, 60))) for c in rng.sample(others, 4)
            ]
            page = pages.web_page(rng, head, day, story, target.unit, older)
        photo = pages.photograph(rng, page)
        pdf = rng.random() < 0.1
        cases.append(
            Case(
                index,
                unit,
                tuple(candidates),
                target.number if positive else None,
                head.outlet,
                day,
                day + timedelta(days=rng.randint(0, 6)),
                layout,
                pages.as_pdf(photo) if pdf else photo,
                pdf,
            )
        )
    return cases


def split(cases: list[Case]) -> tuple[list[Case], list[Case]]:
    order = list(range(len(cases)))
    random.Random(SEED + 1).shuffle(order)
    half = len(order) // 2
    return [cases[i] for i in sorted(order[:half])], [cases[i] for i in sorted(order[half:])]
