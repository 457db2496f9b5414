"""The console's calendar page: the office pastes the notice, checks the same table the CLI
prints, and confirms; no one else may; a text changed after its preview is not stored unseen."""

from __future__ import annotations

import html
import re

from daemon.accounts import set_password
from daemon.db import transaction
from tests.support.notices import MADE_UP_2027, write_notice
from tests.web.support import ANDING_EMAIL, OFFICE_EMAIL, PASSWORD, Client, console_in_process
from tests.workdays.conftest import Office


def _text(body: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_paste_check_confirm(office: Office) -> None:
    with transaction(office.factory) as session:
        for email in (OFFICE_EMAIL, ANDING_EMAIL):
            set_password(session, office.settings, email, PASSWORD)
    notice = write_notice(MADE_UP_2027, "周")
    with console_in_process(office.config) as base:
        county = Client(base)
        assert county.login(ANDING_EMAIL).status == 303
        assert county.get("/calendar").status == 403
        assert county.post("/calendar/preview", {"notice": notice}).status == 403
        assert county.post("/calendar", {"notice": notice, "digest": "x"}).status == 403
        assert "工作日历" not in county.get("/").body

        client = Client(base)
        assert client.login(OFFICE_EMAIL).status == 303
        page = client.get("/calendar?year=2027")
        assert page.status == 200 and "工作日历缺少 2027 年的节假日安排" in _text(page.body)
        assert 'href="/calendar"' in client.get("/").body

        seen = client.post("/calendar/preview", {"notice": notice})
        assert seen.status == 200
        text = _text(seen.body)
        assert "请核对：2027 年" in text
        assert "2027-02-05（周五）至 2027-02-12（周五）" in text
        assert "2027-01-31（周日）、2027-02-20（周六）" in text
        digest = re.search(r'name="digest" value="([0-9a-f]{64})"', seen.body)[1]
        # nothing is stored by the preview
        assert "工作日历缺少 2027 年" in _text(client.get("/calendar?year=2027").body)

        edited = notice.replace("共7天", "共6天")
        refused = client.post("/calendar", {"notice": edited, "digest": digest})
        assert refused.status == 422 and "通知写明共 6 天，但列出的放假日期是 7 天" in _text(refused.body)
        changed = notice.replace("6月9日（周三）", "6月10日（周四）")
        again = client.post("/calendar", {"notice": changed, "digest": digest})
        assert again.status == 409 and "通知文本在预览后改动过" in _text(again.body)
        assert "2027-06-10（周四）" in _text(again.body)  # previewed anew

        done = client.post("/calendar", {"notice": notice, "digest": digest})
        assert done.status == 303 and done.location.endswith("/calendar?year=2027")
        assert client.flash("/calendar?year=2027") == "已导入 2027 年：放假 28 天，调休上班 6 天。"
        shown = _text(client.get("/calendar?year=2027").body)
        assert "国务院办公厅通知" in shown and "2027-10-01（周五）至 2027-10-07（周四）" in shown

        forged = client.post("/calendar", {"notice": notice, "digest": digest}, csrf="")
        assert forged.status == 403
