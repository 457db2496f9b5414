"""County mail as the counties' clients write it: a subject tag, a .docx, GBK or UTF-8."""

from __future__ import annotations

import io
from datetime import datetime
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

import docx

NEWS_BODY = (
    "11月20日，{unit}发展改革局召开全区重点项目建设推进会，听取各项目单位进展情况汇报，"
    "分析项目建设中存在的用地、资金和手续办理等问题，安排部署下一阶段重点工作。"
    "会议指出，今年以来全区共实施重点项目86个，完成投资42.6亿元，占年度计划的91.3%，"
    "项目建设总体进展顺利。会议要求，各责任单位要紧盯年度目标任务，倒排工期、挂图作战，"
    "加快推进在建项目建设进度，确保续建项目按期完工、新建项目尽快开工；要强化要素保障，"
    "积极对接自然资源、生态环境等部门，加快办理项目前期手续；要做好项目谋划储备，"
    "围绕国家政策支持方向，谋划储备一批打基础、利长远的重大项目，为明年经济发展积蓄后劲。"
    "会议还对安全生产、农民工工资支付等工作作了安排。"
)


def docx_bytes(title: str, author_line: str, body: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(title)
    document.add_paragraph(author_line)
    for paragraph in body.split("\n"):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def county_mail(
    sender: str,
    subject: str,
    body: str = "",
    *,
    sender_name: str = "信息员",
    to: str = "dxsfgw@126.com",
    date: datetime | None = None,
    message_id: str | None = None,
    attachment: tuple[str, bytes] | None = None,
    charset: str = "utf-8",
    headers: dict[str, str] | None = None,
) -> bytes:
    """A message as a 126/163 webmail or Foxmail user sends it (RFC 2047 words, base64)."""
    text = MIMEText(body or "请审阅附件。", "plain", charset)
    if attachment is None:
        message: MIMEBase = text
    else:
        message = MIMEMultipart()
        message.attach(text)
        name, data = attachment
        part = MIMEApplication(
            data, "vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        part.add_header("Content-Disposition", "attachment", filename=Header(name, charset).encode())
        message.attach(part)
    message["From"] = formataddr((Header(sender_name, charset).encode(), sender))
    message["To"] = to
    message["Subject"] = Header(subject, charset)
    message["Date"] = format_datetime(date or datetime.now().astimezone())
    if message_id:
        message["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        message[name] = value
    return message.as_bytes()
