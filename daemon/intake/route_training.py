"""The labelled examples for routing that learns, read from the items and their audit trail.

An item is an example once a person has acted on its route: the office re-routed it, or
the section took it on (revised it, or any later step of the review chain). Its label is
its route now, the final one. Items the software routed and nobody touched yet are not
examples: learning from them would only teach the terms back to themselves. Held items
and sections' own items (routed by rule to the info center) are left out.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.config import Settings
from daemon.intake import route_learning
from daemon.logs import kv
from daemon.models import AuditEntry, Item

log = logging.getLogger(__name__)

# audit actions by which a person confirms or sets an item's route
CONFIRMING = ("route", "revise", "review", "sign", "publish", "report_up")
SOFTWARE = "govinfo"


def labelled_examples(session: Session, settings: Settings) -> Iterator[tuple[str, str, str]]:
    """(section, title, body) of every item whose route a person has acted on."""
    sections = {u.name for u in settings.units if u.kind == "section"}
    counties = [u.name for u in settings.units if u.kind == "county"]
    confirmed = (
        select(AuditEntry.item_id)
        .where(AuditEntry.action.in_(CONFIRMING), AuditEntry.actor != SOFTWARE)
        .distinct()
    )
    rows = session.execute(
        select(Item.route, Item.title, Item.article_text)
        .where(Item.id.in_(confirmed), Item.route.is_not(None), Item.unit.in_(counties),
               Item.superseded.is_(False))
        .order_by(Item.id)
    )
    for route, title, body in rows:
        if route in sections:
            yield route, title, body


def retrain(session: Session, settings: Settings) -> route_learning.RouteModel | None:
    """Train on the examples and put the model in force; None when learning is off."""
    if not settings.routing.learn:
        route_learning.install(None)
        return None
    model = route_learning.train(labelled_examples(session, settings),
                                 settings.routing.learned_min_examples)
    route_learning.install(model)
    log.info(kv("routing_trained", examples=sum(model.examples.values()),
                sections=len(model.eligible())))
    return model
