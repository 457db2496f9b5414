"""The generated county mail through the real intake, field by field against what the
office expects. ``python -m tests.fidelity.measure`` prints the figures of both halves
(the README quotes the held-out half); ``--misses`` lists what went wrong on the tuning
half only, so that rules are never tuned on the held-out half.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from daemon.config import Settings, load_settings
from daemon.db import make_engine, session_factory, upgrade
from daemon.intake import route_learning
from daemon.intake.checks.routing import route_verdict
from daemon.intake.reader import Intake, ReadOptions
from daemon.models import Item, Message
from tests.fidelity import containers
from tests.fidelity.generator import Mail, attach, generate, half
from tests.support.env import write_config
from tests.support.sources import ListSource

COUNT = 600
FIELDS = ("title", "authors", "length", "category", "route")
ARRIVAL = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


def roster(settings: Settings) -> tuple[dict[str, list[tuple[str, str]]], dict[str, str]]:
    officers = {u.name: [(p.name, p.email or "") for p in u.people if p.role == "info_officer"]
                for u in settings.units if u.kind == "county"}
    leaders = {u.name: p.name for u in settings.units for p in u.people
               if p.role == "supervising_leader"}
    return officers, leaders


def build(settings: Settings, count: int = COUNT) -> list[tuple[Mail, bytes]]:
    """Every mail with its final bytes, LibreOffice's conversions cached across runs."""
    officers, leaders = roster(settings)
    mails = [generate(seed, officers, leaders) for seed in range(count)]
    waiting = [m for m in mails if m.attachment is not None]
    converted = containers.convert([(m.attachment[2], m.attachment[1]) for m in waiting
                                    if m.attachment is not None], settings.parsing.soffice)
    data = {m.seed: attach(m, blob) for m, blob in zip(waiting, converted, strict=True)}
    return [(m, data.get(m.seed, m.raw)) for m in mails]


@dataclass
class Outcome:
    mail: Mail
    got: dict[str, object] = field(default_factory=dict)

    def right(self, name: str) -> bool:
        return self.got.get(name) == self.mail.expected[name]


def file_all(directory: Path, corpus: list[tuple[Mail, bytes]]) -> tuple[Settings, list[Outcome]]:
    """File every mail through Intake into a fresh SQLite database; read back the items."""
    settings = load_settings(write_config(directory, f"sqlite:///{directory / 'fidelity.db'}"))
    engine = make_engine(settings.database_url)
    upgrade(engine)
    factory = session_factory(engine)
    source = ListSource([raw for _, raw in corpus], ARRIVAL)
    Intake(settings, factory).read_pass(source, 1, ReadOptions(name="fidelity", batch_size=len(corpus)))
    outcomes = []
    with factory() as session:
        by_uid = {m.uid: m for m in session.scalars(select(Message))}
        for uid, (mail, _) in enumerate(corpus, 1):
            item = session.get(Item, by_uid[uid].item_id) if by_uid[uid].item_id else None
            got: dict[str, object] = {"disposition": by_uid[uid].disposition,
                                      "reason": by_uid[uid].reason}
            if item is not None:
                got.update(title=item.title, authors=tuple(item.authors), length=item.length,
                           category=item.category, route=item.route, held=item.state == "held",
                           body=item.article_text, unit=item.unit)
            outcomes.append(Outcome(mail, got))
    engine.dispose()
    return settings, outcomes


def learn_routes(settings: Settings, taught: list[Outcome], routed: list[Outcome]) -> None:
    """Route ``routed`` again with what the final routes of ``taught`` teach
    (``got['route_learned']``), as the office's re-routing would teach the daemon."""
    examples = [(o.mail.expected["route"], str(o.got["title"]), str(o.got["body"]))
                for o in taught if "title" in o.got]
    model = route_learning.train(examples, settings.routing.learned_min_examples)
    for outcome in routed:
        if "title" in outcome.got:
            unit = settings.unit(str(outcome.got["unit"])) if outcome.got["unit"] else None
            verdict = route_verdict(settings, unit, str(outcome.got["title"]),
                                    str(outcome.got["body"]), model)
            outcome.got["route_learned"] = verdict.data["route"]


def learn_held_out(settings: Settings, outcomes: list[Outcome]) -> None:
    """The held-out half routed with what the tuning half teaches."""
    learn_routes(settings, [o for o in outcomes if half(o.mail.seed) == "tuning"],
                 [o for o in outcomes if half(o.mail.seed) == "held_out"])


def tune_routes(settings: Settings, outcomes: list[Outcome]) -> None:
    """Two-fold within the tuning half only: what tuning the learner may look at."""
    tuning = [o for o in outcomes if half(o.mail.seed) == "tuning"]
    folds = [tuning[0::2], tuning[1::2]]
    for taught, routed in ((folds[0], folds[1]), (folds[1], folds[0])):
        learn_routes(settings, taught, routed)
    on = sum(o.got.get("route_learned") == o.mail.expected["route"] for o in tuning) / len(tuning)
    print(f"tuning half, two-fold: route (learning on) {on:.1%}")
    for o in tuning:
        if o.got.get("route_learned") != o.mail.expected["route"]:
            print(f"  seed {o.mail.seed}: want {o.mail.expected['route']} off {o.got.get('route')} "
                  f"on {o.got.get('route_learned')} call={o.mail.shapes['office_call']}")
        del o.got["route_learned"]


def figures(outcomes: list[Outcome]) -> dict[str, float]:
    shown = {name: sum(o.right(name) for o in outcomes) / len(outcomes) for name in FIELDS}
    shown["title+authors+length"] = sum(
        all(o.right(n) for n in ("title", "authors", "length")) for o in outcomes) / len(outcomes)
    learned = [o for o in outcomes if "route_learned" in o.got]
    if learned:
        shown["route (learning on)"] = sum(
            o.got["route_learned"] == o.mail.expected["route"] for o in learned) / len(learned)
    return shown


def halves(outcomes: list[Outcome]) -> dict[str, dict[str, float]]:
    return {name: figures([o for o in outcomes if half(o.mail.seed) == name])
            for name in ("tuning", "held_out")}


def report(outcomes: list[Outcome], out: object = sys.stdout) -> None:
    for name, shown in halves(outcomes).items():
        count = sum(1 for o in outcomes if half(o.mail.seed) == name)
        text = "  ".join(f"{k} {v:.1%}" for k, v in shown.items())
        print(f"{name} ({count} mails): {text}", file=out)


def misses(outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        if half(outcome.mail.seed) != "tuning":
            continue
        for name in FIELDS:
            if not outcome.right(name):
                print(f"seed {outcome.mail.seed} {name}: want {outcome.mail.expected[name]!r} "
                      f"got {outcome.got.get(name)!r} shapes={outcome.mail.shapes}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=COUNT)
    parser.add_argument("--misses", action="store_true", help="list the tuning half's misses")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="govinfo-fidelity-run-") as work:
        directory = Path(work)
        settings = load_settings(write_config(directory, "sqlite:///unused.db"))
        corpus = build(settings, args.count)
        settings, outcomes = file_all(directory, corpus)
    if args.misses:
        tune_routes(settings, outcomes)
        misses(outcomes)
    learn_held_out(settings, outcomes)
    report(outcomes)


if __name__ == "__main__":
    main()
