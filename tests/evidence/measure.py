"""How well photographed pages are read into proposals: real Tesseract on seeded pages.

    python -m tests.evidence.measure            both halves, every case read wrong
    python -m tests.evidence.measure --floors   the held-out half against FLOORS; exit 1 below

100 cases (tests/evidence/cases.py), split once into a tuning half (on which the config's
thresholds were chosen) and a held-out half, which is what is reported and held to floors:

- item precision: proposals naming the right item / all proposals;
- item recall: proposals naming the right item / cases whose item is among the candidates;
- outlet and date: right / all cases.

This is an evaluation, not a unit test: at 4–5 CPU-seconds of Tesseract a page, the
held-out half alone is a third of the pytest suite's CPU. scripts/test.sh runs it with
``--floors`` as a step of its own; the suite keeps the end-to-end test of a mailed photo
read into a proposal (tests/workflow/test_quality_and_reading.py).
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor

from daemon.config import Settings
from daemon.intake.evidence_reader import file_text
from daemon.intake.evidence_reading import Proposal, propose
from tests.evidence.cases import Case, make_cases, split

CASES = 100
FLOORS = {
    "precision": 0.95,
    "recall": 0.9,
    # a masthead set vertically in big type is what Tesseract reads worst (see the misses)
    "outlet": 0.8,
    "date": 0.8,
}
SETTINGS = Settings()
Reading = tuple[Case, Proposal]


def read(case: Case) -> Reading:
    result = file_text(case.file, SETTINGS.ocr, SETTINGS.parsing)
    if result.status != "ok":  # a page that was not read at all is a broken setup, not a miss
        raise RuntimeError(f"case {case.index} was not read: {result}")
    received = {c.number: c.received for c in case.candidates}
    return case, propose(result.text, case.candidates, case.received_on, SETTINGS.evidence, received)


def read_all(cases: list[Case]) -> list[Reading]:
    with ThreadPoolExecutor(2) as pool:  # two OCR processes: the machine's two cores
        return list(pool.map(read, cases))


def halves() -> tuple[list[Case], list[Case]]:
    """(tuning, held-out) of the seeded cases."""
    return split(make_cases(CASES))


def figures(rows: list[Reading]) -> dict[str, float]:
    proposed = [(c, p) for c, p in rows if p.match.item is not None]
    right = [c for c, p in proposed if p.match.item.number == c.expected_item]
    positives = [c for c, _ in rows if c.expected_item is not None]
    return {
        "cases": len(rows),
        "precision": len(right) / len(proposed) if proposed else 1.0,
        "recall": len(right) / len(positives) if positives else 1.0,
        "outlet": sum(p.outlet is not None and p.outlet.outlet == c.outlet for c, p in rows) / len(rows),
        "date": sum(p.day == c.day for c, p in rows) / len(rows),
    }


def show(name: str, rows: list[Reading]) -> dict[str, float]:
    result = figures(rows)
    print(
        f"\n{name}: "
        + ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items())
    )
    for case, proposal in rows:
        got = proposal.match.item.number if proposal.match.item else None
        wrong = [
            what
            for what, bad in (
                ("item", got != case.expected_item),
                ("outlet", (proposal.outlet.outlet if proposal.outlet else None) != case.outlet),
                ("date", proposal.day != case.day),
            )
            if bad
        ]
        if wrong:
            print(
                f"  case {case.index} {case.layout}{' pdf' if case.pdf else ''} want {case.expected_item} "
                f"{case.outlet} {case.day}: {'/'.join(wrong)} wrong — {proposal.note()}"
            )
    return result


def below_floors(result: dict[str, float]) -> dict[str, str]:
    return {name: f"{result[name]:.2f} < {floor}" for name, floor in FLOORS.items() if result[name] < floor}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floors", action="store_true",
                        help="read the held-out half only and fail below FLOORS")
    args = parser.parse_args(argv)
    tuning, held_out = halves()
    if not args.floors:
        show("tuning", read_all(tuning))
    result = show("held-out", read_all(held_out))
    below = below_floors(result)
    if below:
        print(f"held-out below the floors: {below}")
        return 1
    print(f"held-out at or above the floors {FLOORS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
