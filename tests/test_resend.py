"""Resends: a corrected version from the same unit supersedes the earlier item, counted once."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, select, update

from daemon.intake.resend import SIGNATURE_HASHES, resend_reason, signature, worth_comparing
from daemon.models import Item
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


def _edited(text: str, rng: random.Random, share: float) -> str:
    """``text`` with about ``share`` of its characters replaced, deleted or doubled."""
    out = []
    for char in text:
        if rng.random() >= share:
            out.append(char)
            continue
        out.append(rng.choice(["", char * 2, rng.choice(ARTICLE)]))
    return "".join(out)


def test_the_screen_never_drops_a_pair_the_full_comparison_accepts():
    # Edits from none to heavy, with alike and unlike titles: wherever resend_reason says
    # "one article", the signature screen must have let the pair through.
    rng = random.Random(20261127)
    accepted = screened_out = 0
    for k in range(400):
        share = (k % 40) / 60  # 0 to 65 % of the characters touched
        text = _edited(ARTICLE, rng, share)
        title = "安定区召开推进会" if k % 2 else "安定区光伏项目并网发电"
        judged = resend_reason(title, text, "安定区召开推进会", ARTICLE) is not None
        passes = worth_comparing(title, signature(text), "安定区召开推进会", signature(ARTICLE))
        assert passes or not judged, (share, title)
        accepted += judged
        screened_out += not passes
    # the sweep covers both sides: many resends, and many pairs the screen spares a full look
    assert accepted > 100 and screened_out > 100


def test_signatures_do_not_depend_on_the_process():
    # stored signatures are compared across restarts: no per-process hash seed may leak in
    code = ("import sys; from daemon.intake.resend import signature; "
            "sys.stdout.write(signature(sys.argv[1]).hex())")
    runs = {
        subprocess.run([sys.executable, "-c", code, ARTICLE], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert runs == {signature(ARTICLE).hex()}
    assert len(signature(ARTICLE)) == 4 * SIGNATURE_HASHES and signature("，。 ") == b""


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


def test_items_filed_before_signatures_are_still_compared(tmp_path, dovecot, database_url):
    config = write_config(tmp_path, database_url, dovecot_mailbox(dovecot))
    assert govinfo(config, "db", "upgrade").returncode == 0
    when = datetime(2026, 11, 20, 9, 0, tzinfo=CST)
    dovecot.append(county_mail("anding.xxy1@example.org", "【动态】安定区召开推进会", ARTICLE), when)
    assert govinfo(config, "poll", "--once").returncode == 0
    engine = create_engine(database_url)
    with engine.begin() as connection:  # as if filed by a version without migration 0004
        connection.execute(update(Item).values(resend_signature=None))
    dovecot.append(
        county_mail("anding.xxy1@example.org", "【动态】安定区召开推进会", ARTICLE + "会议由副区长主持。"),
        when + timedelta(hours=1),
    )
    assert govinfo(config, "poll", "--once").returncode == 0
    second = json.loads(govinfo(config, "items", "show", "2026-0002", "--json").stdout)
    assert second["supersedes"] == "2026-0001"
    with engine.connect() as connection:
        assert None not in connection.scalars(select(Item.resend_signature)).all()
    engine.dispose()
