"""What reads an item downstream reads its current fields: after the office corrects the
title, authors, body or category (issue 14 F), the bulletin, the notices and the
per-author scores show the corrected values, and the recomputed verdicts are the ones used.

The correction itself is the edit action's; here the item is changed the way that action
changes it (fields, plus the verdicts recomputed by the plain functions it calls).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import docx
from sqlalchemy import select

from daemon.documents.generate import write_bulletin
from daemon.intake.checks.category import category_verdict
from daemon.intake.checks.length import length_verdict
from daemon.intake.checks.routing import route_verdict
from daemon.models import Adoption, Item
from daemon.models import Verdict as VerdictRow
from daemon.outbox.notices import ack_context, route_context
from daemon.parsing.wordcount import article_length
from daemon.scoreboard import submissions
from daemon.scoring import parse_period
from daemon.timeutil import utcnow
from tests.intake.conftest import Office
from tests.support.mails import NEWS_BODY, county_mail

CST = timezone(timedelta(hours=8))
WHEN = datetime(2026, 11, 20, 16, 0, tzinfo=CST)
CORRECTED_BODY = (
    "11月20日，安定区召开全区风电光伏项目并网推进会，协调电网企业加快接网工程建设。"
    "全区新能源装机容量达到86万千瓦，其中风电52万千瓦。" * 2
)


def _row(verdict) -> VerdictRow:
    return VerdictRow(check=verdict.check, outcome=verdict.outcome, reasons=list(verdict.reasons),
                      flags=list(verdict.flags), data={}, created_at=utcnow())


def test_downstream_reads_the_corrected_item(office: Office, tmp_path: Path) -> None:
    settings, factory = office.settings, office.factory
    office.file(county_mail("anding.xxy1@example.org", "安定区项目推进会（孙丽）",
                            NEWS_BODY.format(unit="安定区"), date=WHEN), WHEN)

    with factory.begin() as session:
        item = session.scalars(select(Item)).one()
        assert item.title == "安定区项目推进会" and item.length_ok is True  # as filed
        item.title = "安定区加快风电光伏项目并网"
        item.authors = ["孙丽", "王建华"]
        item.article_text = CORRECTED_BODY
        category = category_verdict(item.subject, item.title, item.article_text)
        length = length_verdict(settings, category.data["category"],
                                article_length(item.article_text, item.article_notes))
        routing = route_verdict(settings, settings.unit(item.unit or ""), item.title,
                                item.article_text)
        item.length, item.length_ok = length.data["length"], length.data["length_ok"]
        item.route = routing.data["route"]
        item.verdicts.extend([_row(category), _row(length), _row(routing)])
        session.add(Adoption(item_id=item.id, outlet="bulletin", adopted_on=date(2026, 11, 23),
                             recorded_by="办公室", created_at=utcnow()))

    with factory.begin() as session:
        item = session.scalars(select(Item)).one()
        assert item.length_ok is False and item.route == "能源科"
        ack = ack_context(settings, item)
        assert ack["title"] == "安定区加快风电光伏项目并网"
        assert "正文 " in ack["length_reason"] and str(item.length) in ack["length_reason"]
        assert ack["problems"] and ack["needs_resend"]  # the corrected body is under length
        routed = route_context(settings, item, "能源科")
        assert routed["route"] == "能源科" and "风电" in "".join(routed["route_reasons"])
        assert routed["full_text"] == CORRECTED_BODY
        authors = {s.item: s.authors for s in submissions(session, 2026)}
        assert authors[item.number] == ("孙丽", "王建华")
        paths = write_bulletin(session, settings, parse_period("2026-11"), date(2026, 11, 25),
                               tmp_path)
    text = "\n".join(p.text for p in docx.Document(str(paths[0])).paragraphs)
    assert "安定区加快风电光伏项目并网" in text and "新能源装机容量达到86万千瓦" in text
    assert "全区重点项目建设推进会" not in text
