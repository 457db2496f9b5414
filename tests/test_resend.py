"""Resends: a corrected version from the same unit supersedes the earlier item, counted once."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from daemon.intake.resend import resend_reason
from tests.support.env import dovecot_mailbox, govinfo, write_config
from tests.support.mails import NEWS_BODY, county_mail

CST = timezone(timedelta(hours=8))
ARTICLE = NEWS_BODY.format(unit="安定区")


@pytest.mark.parametrize(
    ("title", "text", "old_title", "old_text", "resend"),
    [
        # the same article sent twice
        ("安定区召开推进会", ARTICLE, "安定区召开推进会", ARTICLE, True),
        # a corrected version: one figure changed, a sentence added
        ("安定区召开推进会", ARTICLE.replace("42.6", "43.1") + "会议由副区长主持。",
         "安定区召开推进会", ARTICLE, True),
        # same title, different report: not the same article
        ("安定区召开推进会", "11月25日，安定区召开农村人居环境整治现场会，观摩三个乡镇的改厕工作。" * 3,
         "安定区召开推进会", ARTICLE, False),
        # unrelated articles
        ("安定区光伏项目并网发电", "安定区首个分布式光伏项目并网发电，装机容量2.5万千瓦。" * 4,
         "安定区召开推进会", ARTICLE, False),
    ],
)
def test_resend_rule(title, text, old_title, old_text, resend):
    assert (resend_reason(title, text, old_title, old_text) is not None) is resend


def test_corrected_version_supersedes_the_earlier_item(tmp_path, dovecot, database_url):
    config = write_config(tmp_path, database_url, dovecot_mailbox(dovecot))
    assert govinfo(config, "db", "upgrade").returncode == 0
    when = datetime(2026, 11, 20, 9, 0, tzinfo=CST)
    dovecot.append(county_mail("anding.xxy1@example.org", "【动态】安定区召开推进会", ARTICLE), when)
    corrected = ARTICLE.replace("42.6", "43.1")
    dovecot.append(
        county_mail("anding.xxy1@example.org", "【动态】安定区召开推进会（更正稿）", corrected),
        when + timedelta(hours=2),
    )
    # the same article from another county is that county's own item
    dovecot.append(
        county_mail("tongwei.xxy1@example.org", "【动态】安定区召开推进会", ARTICLE),
        when + timedelta(hours=3),
    )
    assert govinfo(config, "poll", "--once").returncode == 0

    first = json.loads(govinfo(config, "items", "show", "2026-0001", "--json").stdout)
    second = json.loads(govinfo(config, "items", "show", "2026-0002", "--json").stdout)
    third = json.loads(govinfo(config, "items", "show", "2026-0003", "--json").stdout)
    assert first["superseded"] is True
    assert second["supersedes"] == "2026-0001" and second["superseded"] is False
    assert any(a["action"] == "supersedes" for a in second["audit"])
    assert third["supersedes"] is None
