"""A revised article after 退稿 supersedes the returned item: by the number in its subject,
by replying to the return notice, or by likeness; it counts once and is timed as the
original was."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.cli import main
from daemon.intake.supersede import referenced_numbers
from daemon.models import Item, Outbound
from daemon.scoreboard import submissions
from tests.intake.conftest import Office
from tests.support.mails import NEWS_BODY, county_mail

CST = timezone(timedelta(hours=8))
ON_TIME = datetime(2026, 11, 20, 16, 0, tzinfo=CST)  # the event's day
A_WEEK_LATER = datetime(2026, 11, 27, 10, 0, tzinfo=CST)
ANDING = "anding.xxy1@example.org"
TONGWEI = "tongwei.xxy1@example.org"
REVISED = (
    "11月20日，安定区召开重点项目建设推进会。会议通报，全区86个重点项目已完成投资42.6亿元，"
    "占年度计划的91.3%。会议要求倒排工期，确保续建项目按期完工、新建项目尽快开工，"
    "同时做好明年项目的谋划储备。" * 3
)


@pytest.mark.parametrize(("subject", "body", "numbers"), [
    ("安定区召开推进会（修改稿，原编号2026-0006）", "", ("2026-0006",)),
    ("Re: 〔退稿通知〕2026-0006 安定区召开推进会", "", ("2026-0006",)),
    ("安定区召开推进会", "原稿编号：2026-0012，已按意见修改。", ("2026-0012",)),
    ("安定区召开推进会", "全区2026-2030年规划", ()),  # a span of years, not a number
    ("〔约稿2026-002〕安定区召开推进会", "", ()),  # a request tag, not an item
])
def test_numbers_a_resubmission_names(subject: str, body: str, numbers: tuple[str, ...]) -> None:
    assert referenced_numbers(subject, body) == numbers


def _items(session: Session) -> list[Item]:
    return list(session.scalars(select(Item).order_by(Item.id)))


def _return(config: Path, number: str) -> None:
    assert main(["--config", str(config), "return", number, "--reason", "数据与统计口径不符"]) == 0


def test_the_number_in_the_subject_links_the_revision(office: Office) -> None:
    config, factory, file = office.config, office.factory, office.file
    file(*(county_mail(ANDING, "安定区召开重点项目建设推进会", NEWS_BODY.format(unit="安定区"),
                      date=ON_TIME), ON_TIME))
    _return(config, "2026-0001")
    # rewritten, a week after the event: alone it would be late and not alike enough
    file(*(county_mail(ANDING, "安定区召开重点项目建设推进会（修改稿，原编号2026-0001）", REVISED,
                      date=A_WEEK_LATER), A_WEEK_LATER))
    with factory() as session:
        first, second = _items(session)
        assert first.superseded and first.state == "returned"
        assert second.supersedes_id == first.id and not second.superseded
        assert first.timeliness == "on_time" and second.timeliness == "on_time"
        notes = [a.note for a in second.audit if a.action == "supersedes"]
        assert notes and "注明原编号 2026-0001" in notes[0] and "时限按原稿计" in notes[0]
        timeliness = next(v for v in second.verdicts if v.check == "timeliness")
        assert "时限按原稿 2026-0001 计" in timeliness.reasons[0]
        counted = [s.item for s in submissions(session, 2026) if s.counts]
    assert counted == ["2026-0002"]  # the article counts once


def test_a_reply_to_the_return_notice_links_the_revision(office: Office) -> None:
    config, factory, file = office.config, office.factory, office.file
    file(*(county_mail(ANDING, "安定区召开重点项目建设推进会", NEWS_BODY.format(unit="安定区"),
                      date=ON_TIME), ON_TIME))
    _return(config, "2026-0001")
    with factory() as session:
        notice = session.scalars(select(Outbound).where(Outbound.kind == "return_notice")).one()
        notice_id = notice.message_id
    file(*(county_mail(ANDING, "回复：安定区重点项目推进会（更正稿）", REVISED, date=A_WEEK_LATER,
                      headers={"In-Reply-To": notice_id, "References": notice_id}), A_WEEK_LATER))
    with factory() as session:
        first, second = _items(session)
        assert first.superseded and second.supersedes_id == first.id
        assert any("退稿通知" in a.note for a in second.audit if a.action == "supersedes")


def test_another_unit_cannot_supersede_by_naming_a_number(office: Office) -> None:
    factory, file = office.factory, office.file
    file(*(county_mail(ANDING, "安定区召开重点项目建设推进会", NEWS_BODY.format(unit="安定区"),
                      date=ON_TIME), ON_TIME))
    file(*(county_mail(TONGWEI, "通渭县项目推进会（原编号2026-0001）", REVISED.replace("安定区", "通渭县"),
                      date=A_WEEK_LATER), A_WEEK_LATER))
    with factory() as session:
        first, second = _items(session)
        assert not first.superseded and second.supersedes_id is None


def test_a_second_revision_naming_the_original_supersedes_the_first_revision(office: Office) -> None:
    config, factory, file = office.config, office.factory, office.file
    file(county_mail(ANDING, "安定区召开重点项目建设推进会", NEWS_BODY.format(unit="安定区"),
                     date=ON_TIME), ON_TIME)
    _return(config, "2026-0001")
    file(county_mail(ANDING, "安定区项目推进会（修改稿，原编号2026-0001）", REVISED, date=A_WEEK_LATER),
         A_WEEK_LATER)
    file(county_mail(ANDING, "安定区项目推进会（第二稿，原编号2026-0001）",
                     REVISED.replace("42.6", "43.0") + "会议由副区长主持。", date=A_WEEK_LATER),
         A_WEEK_LATER)
    with factory() as session:
        first, second, third = _items(session)
        assert first.superseded and second.superseded and not third.superseded
        assert third.supersedes_id == second.id
        counted = [s.item for s in submissions(session, 2026) if s.counts]
    assert counted == ["2026-0003"]
