"""The quality pre-review and the evidence reader as the office meets them: through mail
in Dovecot and the real `govinfo` command."""

from __future__ import annotations

import random
from datetime import date, datetime
from email import message_from_bytes, policy

import docx
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from daemon.models import Outbound
from daemon.storage import Store
from tests.support import pages
from tests.support.mails import county_mail
from tests.workflow.office import CST, Office, evidence_mail

APRIL = datetime(2026, 4, 1, 9, 0, tzinfo=CST)
MAY = datetime(2026, 5, 8, 10, 0, tzinfo=CST)
# 经验做法 with facts and figures but no named village, enterprise or person
PLAIN = (
    "临洮县推行重点项目审批“容缺受理”，对投资亿元以上项目实行专班跟踪。今年以来，全县审批重点项目42个，"
    "审批时限平均缩短40%，签约项目开工率提高到85%。"
)
WITH_CASE = (
    "陇西县首阳镇三合村成立中药材种植专业合作社，流转土地1200亩，统一供种、统一技术、统一收购，"
    "带动268户农户户均增收4800元。村民李建国说，加入合作社后不再愁销路。"
)


def _ack(office: Office, database_url: str, number_id: int) -> str:
    engine = create_engine(database_url)
    with Session(engine) as session:
        row = session.scalars(
            select(Outbound).where(Outbound.kind == "ack", Outbound.item_id == number_id)
        ).one()
    engine.dispose()
    raw = Store(office.tmp / "store").get("outbox", row.raw_sha256, ".eml")
    message = message_from_bytes(raw, policy=policy.default)
    return str(message.get_body(("plain",)).get_content())  # type: ignore[union-attr]


def test_the_checklist_is_shown_advised_and_averaged(office: Office, database_url: str) -> None:
    office.deliver(
        (
            county_mail(
                "lintao.xxy1@example.org",
                "【经验做法】临洮县推行重点项目审批容缺受理",
                PLAIN,
                message_id="<q1@example.org>",
            ),
            APRIL,
        ),
        (
            county_mail(
                "longxi.xxy1@example.org",
                "【经验做法】三合村合作社带动农户增收",
                WITH_CASE,
                message_id="<q2@example.org>",
            ),
            APRIL,
        ),
    )
    plain, case = office.item("2026-0001"), office.item("2026-0002")
    [verdict] = [v for v in plain["verdicts"] if v["check"] == "quality"]
    assert verdict["outcome"] == "advice"
    assert any(line.startswith("✗ 典型案例") for line in verdict["reasons"])
    assert "建议补充典型案例（具体的村、企业或人物及其事例）" in verdict["data"]["advice"]
    [good] = [v for v in case["verdicts"] if v["check"] == "quality"]
    assert any(line.startswith("✓ 典型案例") and "三合村" in line for line in good["reasons"])
    shown = office.ok("items", "show", "2026-0001")
    assert "[quality] advice" in shown and "✗ 典型案例：未见具体的村、企业或人物事例" in shown

    assert "建议补充典型案例" in _ack(office, database_url, 1)
    assert "建议补充典型案例" not in _ack(office, database_url, 2)

    out = office.ok("report", "monthly", "--period", "2026-04", "--out", str(office.tmp / "docs"))
    [path] = list((office.tmp / "docs").glob("*.docx"))
    assert out
    [table] = [t for t in docx.Document(str(path)).tables if t.rows[0].cells[-1].text == "平均达标率"]
    rows = {r.cells[0].text: r.cells[-1].text for r in table.rows[1:]}
    assert rows["临洮县"] == f"{verdict['data']['score']:.0%}"
    assert rows["陇西县"] == f"{good['data']['score']:.0%}"
    assert good["data"]["score"] > verdict["data"]["score"]
    assert "安定区" not in rows  # sent nothing this month


def _photo(title: str, body: str, day: date) -> bytes:
    rng = random.Random(7)
    head = pages.MASTHEADS[0]  # 定西日报
    page = pages.newspaper(
        rng,
        head,
        day,
        pages.Story(title, body),
        [pages.Story("岷县召开项目推进会", "会议安排部署了全年项目建设任务。" * 8)] * 4,
    )
    return pages.photograph(rng, page)


def test_a_mailed_photo_is_read_into_a_proposal_that_one_confirm_takes(office: Office) -> None:
    office.deliver(
        (
            county_mail(
                "longxi.xxy1@example.org",
                "【经验做法】三合村合作社带动农户增收",
                WITH_CASE,
                message_id="<q3@example.org>",
            ),
            APRIL,
        ),
        (
            county_mail(
                "longxi.xxy1@example.org",
                "【动态】陇西县举办中医药产业链招商推介会",
                "9月18日，陇西县举办中医药产业链招商推介会，现场签约项目15个，签约金额32.6亿元。" * 3,
                message_id="<q4@example.org>",
            ),
            APRIL,
        ),
    )
    photo = _photo("三合村合作社带动农户增收", WITH_CASE, date(2026, 5, 6))
    office.deliver(
        evidence_mail(
            "longxi.xxy1@example.org", "采用截图", "见附件。", [("IMG_2041.jpg", "image/jpeg", photo)], MAY
        ),
        evidence_mail(
            "longxi.xxy1@example.org",
            "刊发情况",
            "我局信息已被刊发。",
            [("broken.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(40))],
            MAY.replace(minute=5),
        ),
    )
    [unread, _broken] = office.json("evidence", "list")
    assert unread["read_state"] is None and unread["proposal"] is None
    assert "待识读" in office.ok("evidence", "list")

    out = office.ok("evidence", "read")
    assert "已识读 2 份采用证明" in out
    [read, failed] = office.json("evidence", "list")
    assert read["proposal"]["item"] == "2026-0001"
    assert read["proposal"]["outlet"] == "daily" and read["proposal"]["date"] == "2026-05-06"
    assert read["proposal"]["command"] == "adopt 2026-0001 --outlet daily --date 2026-05-06"
    assert read["proposal"]["confidence"] >= 0.6
    assert failed["read_state"] == "failed" and "无法打开" in failed["read_note"]
    assert "adopt 2026-0001 --outlet daily --date 2026-05-06" in office.ok("evidence", "list")
    assert any(a["action"] == "evidence_read" for a in office.item("2026-0001")["audit"])
    # never adopted by itself
    assert office.item("2026-0001")["adoptions"] == []

    assert "被《定西日报》采用（2026-05-06）" in office.ok("evidence", "confirm", str(read["id"]))
    assert office.item("2026-0001")["adoptions"][0]["adopted_on"] == "2026-05-06"
    assert "--date" in office.fails(
        "evidence", "confirm", str(failed["id"]), "--item", "2026-0002", "--outlet", "daily", code=2
    )
