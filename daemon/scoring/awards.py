"""Veto (一票否决) and awards (RULES.md, Cadence and consequences). Whole years only.

Veto: a unit is vetoed when it missed one of its annual quotas (``annual_submissions``,
and for a county ``annual_adoptions``). Monthly, quarterly and pace entries never veto.
Only a final entry can veto: in a year still running nobody is vetoed yet.

Awards, by the year's score (``awards.*`` settings give how many):
- ``sections``: the best sections; ``section_people``: the best people of sections;
- ``counties``: the best counties; ``county_people``: the best people of counties.
A vetoed unit and all its people are skipped, and so is anyone whose score is not above
zero (an award for nothing would be absurd, e.g. a class-4 section that sent nothing).

Order, best first — the tie-break order:
1. total points, higher first;
2. then adoption points, higher first;
3. then number of adoptions, more first;
4. then name in Unicode code point order (Python's ``str`` order);
5. for people, then the unit's name, so two namesakes in different units still order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from daemon.config import Settings
from daemon.scoring.points import PersonKey, Score, Tally
from daemon.scoring.quotas import ANNUAL_RULES, QuotaEntry


@dataclass(frozen=True)
class Winner:
    rank: int  # 1 is best
    unit: str
    name: str | None  # None for a unit's award
    score: Score


@dataclass(frozen=True)
class Awards:
    sections: tuple[Winner, ...] = ()
    section_people: tuple[Winner, ...] = ()
    counties: tuple[Winner, ...] = ()
    county_people: tuple[Winner, ...] = ()


def is_vetoed(entries: Iterable[QuotaEntry]) -> bool:
    return any(e.rule in ANNUAL_RULES and e.final and not e.met for e in entries)


def ranking_key(score: Score, *names: str) -> tuple[int, int, int, tuple[str, ...]]:
    """Sort key, best first: see the module docstring for the order."""
    return (-score.total, -score.adoption, -score.adoptions, names)


def person_key(key: PersonKey, score: Score) -> tuple[int, int, int, tuple[str, ...]]:
    """Ranking key for an entry of ``Tally.people``."""
    name, unit = key
    return ranking_key(score, name, unit)


def _best(candidates: Iterable[Winner], how_many: int) -> tuple[Winner, ...]:
    """Rank the candidates (their ``rank`` is ignored) and keep the first ``how_many``."""

    def key(candidate: Winner) -> tuple[int, int, int, tuple[str, ...]]:
        if candidate.name is None:
            return ranking_key(candidate.score, candidate.unit)
        return person_key((candidate.name, candidate.unit), candidate.score)

    eligible = sorted((c for c in candidates if c.score.total > 0), key=key)
    return tuple(Winner(rank, c.unit, c.name, c.score) for rank, c in enumerate(eligible[:how_many], 1))


def choose_awards(settings: Settings, tally: Tally, vetoed: Mapping[str, bool]) -> Awards:
    """The year's awards; ``tally`` must cover the whole year."""
    kinds = {unit.name: unit.kind for unit in settings.units if not vetoed[unit.name]}

    def units(kind: str) -> list[Winner]:
        return [Winner(0, name, None, tally.units[name]) for name, k in kinds.items() if k == kind]

    def people(kind: str) -> list[Winner]:
        return [
            Winner(0, unit, name, score)
            for (name, unit), score in tally.people.items()
            if kinds.get(unit) == kind
        ]

    counts = settings.awards
    return Awards(
        sections=_best(units("section"), counts.sections),
        section_people=_best(people("section"), counts.section_people),
        counties=_best(units("county"), counts.counties),
        county_people=_best(people("county"), counts.county_people),
    )
