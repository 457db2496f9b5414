"""Scoring: points, quotas, veto and awards as pure functions over records.

No database and no I/O: the database layer builds ``Submission``, ``Adoption`` and
``Deduction`` records, and ``score_period`` turns them into CONTRACT.md's JSON object.
"""

from daemon.scoring.period import PERIOD_FORMAT_ERROR, Period, parse_period
from daemon.scoring.records import Adoption, Deduction, Submission
from daemon.scoring.report import score_period

__all__ = [
    "PERIOD_FORMAT_ERROR",
    "Adoption",
    "Deduction",
    "Period",
    "Submission",
    "parse_period",
    "score_period",
]
