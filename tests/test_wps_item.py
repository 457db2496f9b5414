"""A mail whose only content is a Kingsoft .wps attachment becomes a readable item."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart

import pytest

from daemon.parsing.wordcount import count_words
from tests.parsing.builders import make_docx
from tests.support.env import dovecot_mailbox, govinfo, write_config

CST = timezone(timedelta(hours=8))
PARAGRAPHS = [
    "陇西县中药材产业加工转化率提升到百分之六十",
    "陇西县发展改革局 王芳 郭亮",
    "今年以来，陇西县围绕中药材全产业链，新建精深加工项目9个，加工转化率达到60%。",
    "全县中药材产业产值突破200亿元，带动种植户4.2万户，户均增收3800元。",
]


@pytest.fixture
def wps_bytes(tmp_path) -> bytes:
    """A Word 97 file: Kingsoft .wps files are the same OLE container with a WordDocument
    stream, and the daemon sniffs the content rather than trusting the extension."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui")
    source = tmp_path / "article.docx"
    source.write_bytes(make_docx(PARAGRAPHS))
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    return (tmp_path / "article.doc").read_bytes()


def test_wps_only_mail_gives_text_authors_and_length(tmp_path, dovecot, database_url, wps_bytes):
    message = MIMEMultipart()
    message["From"] = "longxi.xxy1@example.org"
    message["To"] = "dxsfgw@126.com"
    message["Subject"] = Header("【动态】陇西县中药材加工转化率提升", "gbk")
    part = MIMEApplication(wps_bytes, "octet-stream")
    part.add_header("Content-Disposition", "attachment", filename=("gbk", "", "陇西信息.wps"))
    message.attach(part)  # no text part at all: the .wps is the whole submission
    config = write_config(tmp_path, database_url, dovecot_mailbox(dovecot))
    assert govinfo(config, "db", "upgrade").returncode == 0
    dovecot.append(message.as_bytes(), datetime(2026, 11, 20, 9, 0, tzinfo=CST))
    assert govinfo(config, "poll", "--once").returncode == 0

    item = json.loads(govinfo(config, "items", "show", "2026-0001", "--json").stdout)
    assert item["article_source"] == "attachment:陇西信息.wps"
    assert item["authors"] == ["王芳", "郭亮"]
    assert "加工转化率达到60%" in item["text"]
    assert "陇西县发展改革局" not in item["text"]  # the unit/author line is not counted
    assert item["length"] == count_words("".join(PARAGRAPHS[2:]))
    assert item["unit"] == "陇西县"
