"""Points: what each unit and each person earned in a period (RULES.md, Points).

- A counted submission earns ``settings.points.submission`` for its unit and for each author.
- Every adoption earns its outlet's points for the unit and, in full, for each author; an
  item adopted by three outlets scores three times.
- Deductions fall on the unit only.
- Points fall in the period of their event: a submission on its day of receipt in the
  configured time zone (Asia/Shanghai), an adoption on its date, a deduction on its date.
  An adoption in 2027 of an item submitted in 2026 is a 2027 point.

Records naming no unit (unknown sender) or a unit missing from the roster count for
nobody: the roster is the list of who is assessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from daemon.config import Settings
from daemon.scoring.period import Period
from daemon.scoring.records import Adoption, Deduction, Submission

PersonKey = tuple[str, str]  # (name, unit): the same name in two units is two people


@dataclass
class Score:
    """A unit's or a person's points in one period, and the counts behind them."""

    submission: int = 0
    adoption: int = 0
    deduction: int = 0  # zero or negative; always zero for a person
    submitted: int = 0  # counted submissions
    adopted: Counter[str] = field(default_factory=Counter)  # outlet -> adoptions

    @property
    def total(self) -> int:
        return self.submission + self.adoption + self.deduction

    @property
    def adoptions(self) -> int:
        return sum(self.adopted.values())


@dataclass
class Tally:
    units: dict[str, Score]  # every roster unit, in roster order
    people: dict[PersonKey, Score]  # every author who earned something in the period

    def credited(self, unit: str, authors: tuple[str, ...]) -> Iterator[Score]:
        """The unit's score and each author's: an item scores in full for every one of them."""
        yield self.units[unit]
        for name in authors:
            # not setdefault: building a throwaway Score per call doubles the tally's time
            score = self.people.get((name, unit))
            if score is None:
                score = self.people[name, unit] = Score()
            yield score


def counted_submissions(
    settings: Settings, submissions: Iterable[Submission]
) -> Iterator[tuple[Submission, date]]:
    """Submissions that count for a roster unit, with their day of receipt.

    Shared by points and quotas so that both count exactly the same items: a superseded
    resend (``counts`` False) and an unknown sender's item are left out, a returned item
    stays in.
    """
    roster = {unit.name for unit in settings.units}
    zone = ZoneInfo(settings.timezone)
    for submission in submissions:
        if submission.counts and submission.unit in roster:
            yield submission, submission.received_at.astimezone(zone).date()


def credited_adoptions(settings: Settings, adoptions: Iterable[Adoption]) -> Iterator[Adoption]:
    """Adoptions of a roster unit's items (an unknown sender's item earns nobody anything)."""
    roster = {unit.name for unit in settings.units}
    return (adoption for adoption in adoptions if adoption.unit in roster)


def tally_points(
    settings: Settings,
    period: Period,
    submissions: Iterable[Submission],
    adoptions: Iterable[Adoption],
    deductions: Iterable[Deduction],
) -> Tally:
    tally = Tally(units={unit.name: Score() for unit in settings.units}, people={})
    points = settings.points
    for submission, day in counted_submissions(settings, submissions):
        if period.contains(day):
            assert submission.unit is not None  # counted_submissions keeps roster units only
            for score in tally.credited(submission.unit, submission.authors):
                score.submission += points.submission
                score.submitted += 1
    for adoption in credited_adoptions(settings, adoptions):
        if period.contains(adoption.adopted_on):
            assert adoption.unit is not None  # credited_adoptions keeps roster units only
            for score in tally.credited(adoption.unit, adoption.authors):
                score.adoption += points.adoption(adoption.outlet)
                score.adopted[adoption.outlet] += 1
    for deduction in deductions:
        if deduction.unit in tally.units and period.contains(deduction.on):
            # the deduction kinds are named after their PointsSettings fields
            tally.units[deduction.unit].deduction += int(getattr(points, deduction.kind))
    return tally
