"""``score_period``: the whole ``govinfo score --period P --json`` answer (CONTRACT.md).

Shape, keys as the contract names them (extra keys are marked +)::

    {"period": "2026-Q1", "final"+: true,
     "units": [{"unit", "kind", "class", "submitted", "adopted": {outlet: count},
                "points": {"submission", "adoption", "deduction", "total"},
                "quotas": [{"rule", "period", "required", "done", "met", "final"+,
                            "advisory" (pace only)}],
                "vetoed"}],
     "people": [{"name", "unit", "points", "submission"+, "adoption"+}],
     "awards": {"sections": [{"rank"+, "unit", "points"}], "section_people":
                [{"rank"+, "name", "unit", "points"}], "counties": [...], "county_people": [...]}}

Decisions:

- Every roster unit is listed, in roster order, even with nothing to show. ``adopted``
  lists only outlets with at least one adoption, in the contract's outlet order, as the
  contract's example does.
- ``people`` lists everyone who earned points in the period (authors of the period's
  counted submissions and adoptions), best first in the award order; roster people who
  wrote nothing are not listed.
- ``vetoed`` and ``awards`` are filled for a whole year only; for a quarter or a month
  ``vetoed`` is null and the award lists are empty.
- A period still open (``today`` before its figures are final, ``period.period_state``;
  ``today`` is the caller's local date, the CLI passes today in Asia/Shanghai): every
  quota entry carries ``final``. An entry not yet final shows ``met`` by the count so far
  with ``final`` false and its ``pace`` (what is due by now) — "not yet" rather than
  "missed"; final months and quarters are judged for good. A year decides nothing
  while open: ``vetoed`` is null and the award lists are empty, exactly as for a shorter
  period. The top-level ``final`` is false and ``state`` (+) is ``open``
  (``future`` before the period begins). ``today=None`` judges everything as final
  (past years, tests).
- ``required`` is an int when whole, else rounded to one decimal (a pace with an
  unusual quota); ``met`` compares the exact value.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from typing import Any

from daemon.config import OUTLETS, Settings
from daemon.scoring.awards import Awards, Winner, choose_awards, is_vetoed, person_key
from daemon.scoring.period import Period, period_state
from daemon.scoring.points import Score, tally_points
from daemon.scoring.quotas import QuotaEntry, quota_entries
from daemon.scoring.records import Adoption, Deduction, Submission


def figure(value: Fraction) -> int | float:
    """A whole number as an int, anything else rounded to one decimal."""
    return value.numerator if value.denominator == 1 else round(float(value), 1)


def _quota_json(entry: QuotaEntry) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": entry.rule,
        "period": entry.period,
        "required": figure(entry.required),
        "done": entry.done,
        "met": entry.met,
        "final": entry.final,
    }
    if entry.advisory:
        out["advisory"] = True
    if entry.pace is not None:
        out["pace"] = figure(entry.pace)
    return out


def _points_json(score: Score) -> dict[str, int]:
    return {
        "submission": score.submission,
        "adoption": score.adoption,
        "deduction": score.deduction,
        "total": score.total,
    }


def _winner_json(winner: Winner) -> dict[str, Any]:
    out: dict[str, Any] = {"rank": winner.rank}
    if winner.name is not None:
        out["name"] = winner.name
    out["unit"] = winner.unit
    out["points"] = winner.score.total
    return out


def _awards_json(awards: Awards) -> dict[str, list[dict[str, Any]]]:
    return {
        "sections": [_winner_json(w) for w in awards.sections],
        "section_people": [_winner_json(w) for w in awards.section_people],
        "counties": [_winner_json(w) for w in awards.counties],
        "county_people": [_winner_json(w) for w in awards.county_people],
    }


def score_period(
    settings: Settings,
    period: Period,
    submissions: Iterable[Submission],
    adoptions: Iterable[Adoption],
    deductions: Iterable[Deduction],
    today: date | None = None,
) -> dict[str, Any]:
    """Points, quotas, veto and awards of ``period``, as CONTRACT.md's JSON object.

    Pass every record the database holds (or at least the period's year): points take
    the period's events, the section pace counts from January 1.
    """
    submissions = tuple(submissions)  # read twice: points and quotas
    adoptions = tuple(adoptions)
    tally = tally_points(settings, period, submissions, adoptions, deductions)
    quotas = quota_entries(settings, period, submissions, adoptions, today)
    state = "final" if today is None else period_state(
        period, today, settings.scoring.figures_final_after_day)
    decided = period.kind == "year" and state == "final"  # veto and awards: a final year only
    vetoed = {name: is_vetoed(entries) for name, entries in quotas.items()}
    awards = choose_awards(settings, tally, vetoed) if decided else Awards()

    units = []
    for unit in settings.units:
        score = tally.units[unit.name]
        units.append(
            {
                "unit": unit.name,
                "kind": unit.kind,
                "class": unit.class_,
                "submitted": score.submitted,
                "adopted": {o: score.adopted[o] for o in OUTLETS if score.adopted[o]},
                "points": _points_json(score),
                "quotas": [_quota_json(entry) for entry in quotas[unit.name]],
                "vetoed": vetoed[unit.name] if decided else None,
            }
        )
    people = [
        {
            "name": name,
            "unit": unit,
            "points": score.total,
            "submission": score.submission,
            "adoption": score.adoption,
        }
        for (name, unit), score in sorted(tally.people.items(), key=lambda p: person_key(*p))
    ]
    return {
        "period": period.label,
        "final": state == "final",
        "state": state,
        "units": units,
        "people": people,
        "awards": _awards_json(awards),
    }
