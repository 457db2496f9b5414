"""Quotas (任务数): the entries of CONTRACT.md's ``quotas`` list, per unit.

Rules (RULES.md, Quotas):

- ``monthly_submissions`` — county, ``quotas.county_monthly_submissions`` items a month.
- ``quarterly_adoptions`` — county, ``quotas.county_quarterly_adoptions`` distinct items
  with an adoption by one of ``quotas.county_adoption_outlets`` (portal, bulletin) dated in
  the quarter. An item adopted by both counts once; an item submitted in December and
  adopted in January counts for January's quarter.
- ``annual_submissions`` — county ``quotas.county_annual_submissions``; section by class
  (``quotas.section_annual``); a section whose class has no quota gets no entry.
- ``annual_adoptions`` — county, distinct portal-or-bulletin items adopted in the year.
- ``annual_submissions_pace`` — a section with a quota, for a period shorter than a year:
  required = quota × months elapsed / 12, months elapsed running from January through the
  period's last month (Q2 → 6, 2026-03 → 3), and ``done`` counts the same stretch, January 1
  through the end of the period, because the pace compares progress so far with the
  share of the year gone. It is advisory: it never vetoes.

A period lists every entry that falls inside it: a year its 12 months, 4 quarters and the
annual entries; a quarter its 3 months and itself; a month only itself.

Items submitted are counted as for points (see ``points.counted_submissions``): every
filed item including returned ones, a resend once, unknown senders for nobody.

``required`` is kept exact (a Fraction) and ``met`` compares the exact value; the report
prints a whole number as an int and anything else rounded to one decimal.

A period still open: pass ``today``. An entry whose period is not final by ``today``
(``period.period_state``: until the ``scoring.figures_final_after_day``-th of the month
after it ends) is not ``final``; its ``met`` says whether the count has already reached
the requirement, and an unmet one is "not yet", not a miss. It carries ``pace``, what
the requirement asks by now: required × the share of its months ended (序时进度), so on
December 1 a county's fourth-quarter adoptions are measured against 8 of 12.
``today=None`` judges every entry as final.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from daemon.config import Settings, UnitSettings
from daemon.scoring.period import Period, elapsed_share, period_state
from daemon.scoring.points import counted_submissions, credited_adoptions
from daemon.scoring.records import Adoption, Submission

ANNUAL_RULES = ("annual_submissions", "annual_adoptions")


@dataclass(frozen=True)
class QuotaEntry:
    rule: str
    period: str  # label of the period the entry judges
    required: Fraction
    done: int
    final: bool  # the entry's period is final (or no ``today`` was given)
    advisory: bool = False
    pace: Fraction | None = None  # what is due by now, for an entry not final

    @property
    def behind(self) -> bool:
        """Short of what is due: of the requirement when final, else of the pace."""
        due = self.required if self.pace is None else self.pace
        return self.done < due

    @property
    def met(self) -> bool:
        return self.done >= self.required


@dataclass
class _Counts:
    """What a unit's quotas count, indexed once so each entry is a cheap range query."""

    submitted_days: list[date]  # sorted day of receipt of every counted submission
    adopted: list[tuple[date, str]]  # (day, item) of each quota-outlet adoption

    def submitted(self, start: date, end: date) -> int:
        return bisect_left(self.submitted_days, end) - bisect_left(self.submitted_days, start)

    def adopted_items(self, start: date, end: date) -> int:
        return len({item for day, item in self.adopted if start <= day < end})


def _index(
    settings: Settings, submissions: Iterable[Submission], adoptions: Iterable[Adoption]
) -> dict[str, _Counts]:
    counts: defaultdict[str, _Counts] = defaultdict(lambda: _Counts([], []))
    for submission, day in counted_submissions(settings, submissions):
        assert submission.unit is not None  # counted_submissions keeps roster units only
        counts[submission.unit].submitted_days.append(day)
    outlets = set(settings.quotas.county_adoption_outlets)
    for adoption in credited_adoptions(settings, adoptions):
        if adoption.outlet in outlets:
            assert adoption.unit is not None  # credited_adoptions keeps roster units only
            counts[adoption.unit].adopted.append((adoption.adopted_on, adoption.item))
    for unit_counts in counts.values():
        unit_counts.submitted_days.sort()
    return counts


def _unit_entries(
    settings: Settings, unit: UnitSettings, period: Period, counts: _Counts, today: date | None
) -> list[QuotaEntry]:
    quotas = settings.quotas
    final_after = settings.scoring.figures_final_after_day

    def entry(
        rule: str, judged: Period, required: int | Fraction, done: int, advisory: bool = False
    ) -> QuotaEntry:
        required = Fraction(required)
        if today is None or period_state(judged, today, final_after) == "final":
            return QuotaEntry(rule, judged.label, required, done, True, advisory)
        # the pace entry counts from January 1, so its months run from January too
        start = date(judged.year, 1, 1) if advisory else judged.start
        pace = required * elapsed_share(start, judged.end, today)
        return QuotaEntry(rule, judged.label, required, done, False, advisory, pace)

    whole_year = period.kind == "year"
    if unit.kind == "county":
        entries = [
            entry(
                "monthly_submissions",
                month,
                quotas.county_monthly_submissions,
                counts.submitted(month.start, month.end),
            )
            for month in period.months()
        ]
        entries += [
            entry(
                "quarterly_adoptions",
                quarter,
                quotas.county_quarterly_adoptions,
                counts.adopted_items(quarter.start, quarter.end),
            )
            for quarter in period.quarters()
        ]
        if whole_year:
            entries += [
                entry(
                    "annual_submissions",
                    period,
                    quotas.county_annual_submissions,
                    counts.submitted(period.start, period.end),
                ),
                entry(
                    "annual_adoptions",
                    period,
                    quotas.county_annual_adoptions,
                    counts.adopted_items(period.start, period.end),
                ),
            ]
        return entries
    annual = quotas.section_quota(unit.class_)
    if annual is None:
        return []
    if whole_year:
        return [entry("annual_submissions", period, annual, counts.submitted(period.start, period.end))]
    return [
        entry(
            "annual_submissions_pace",
            period,
            Fraction(annual * period.last_month, 12),
            counts.submitted(date(period.year, 1, 1), period.end),
            advisory=True,
        )
    ]


def quota_entries(
    settings: Settings,
    period: Period,
    submissions: Iterable[Submission],
    adoptions: Iterable[Adoption],
    today: date | None = None,
) -> dict[str, list[QuotaEntry]]:
    """Every roster unit's quota entries for ``period``, in roster order.

    Pass all records, not only the period's: the pace counts from January 1.
    """
    counts = _index(settings, submissions, adoptions)
    return {
        unit.name: _unit_entries(settings, unit, period, counts[unit.name], today) for unit in settings.units
    }
