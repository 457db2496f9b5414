"""Headers as Chinese clients write them: mislabelled GBK, split words, RFC 2231, 8-bit."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

from daemon.config import ParsingSettings
from daemon.parsing.message import parse_message
from tests.parsing.builders import (
    CRLF,
    attachment_part,
    county_headers,
    encoded_word,
    multipart,
    part,
    raw_message,
)

BODY = base64.b64encode("正文".encode()).decode()


def plain(headers: dict[str, str]) -> bytes:
    return raw_message(
        {**headers, "Content-Type": "text/plain; charset=utf-8",
         "Content-Transfer-Encoding": "base64"}, BODY
    )


def test_gb2312_label_with_gbk_only_characters(settings: ParsingSettings) -> None:
    # Outlook and Foxmail label GBK text gb2312; 镕, 昇, 堃 are not in GB2312
    subject = encoded_word("【动态】朱镕基 昇 堃", "gbk", "gb2312")
    parsed = parse_message(plain(county_headers(subject)), settings)
    assert parsed.subject == "【动态】朱镕基 昇 堃"


def test_character_split_across_two_encoded_words(settings: ParsingSettings) -> None:
    data = "关于项目建设".encode("gb18030")
    first, second = data[:5], data[5:]  # byte 5 is inside 项
    subject = (
        f"=?GBK?B?{base64.b64encode(first).decode()}?={CRLF} "
        f"=?GBK?B?{base64.b64encode(second).decode()}?="
    )
    assert parse_message(plain(county_headers(subject)), settings).subject == "关于项目建设"


def test_raw_8bit_headers_utf8_and_gb18030(settings: ParsingSettings) -> None:
    head = (
        "From: 通渭县发改局 <twx@example.cn>\r\nTo: office@example.cn\r\n".encode("gb18030")
        + "Subject: 【调研】临洮县项目调研\r\n".encode()
        + b"Content-Type: text/plain; charset=utf-8\r\n\r\nbody\r\n"
    )
    parsed = parse_message(head, settings)
    assert parsed.subject == "【调研】临洮县项目调研"
    assert parsed.from_name == "通渭县发改局"
    assert parsed.from_addr == "twx@example.cn"


def test_rfc2231_continuation_split_inside_a_character(settings: ParsingSettings) -> None:
    name = "安定区关于项目建设的报告.docx"
    escaped = quote(name.encode("utf-8"), safe="")
    cut = escaped.index("%", 10) + 3  # ends after the first byte of a 3-byte character
    params = f"filename*0*=utf-8''{escaped[:cut]};{CRLF} filename*1*={escaped[cut:]}"
    message = multipart(county_headers(), [
        part("text/plain; charset=utf-8", BODY),
        attachment_part(params, b"not really a docx"),
    ])
    assert parse_message(message, settings).attachments[0].filename == name


def test_foxmail_encoded_word_inside_quoted_filename(settings: ParsingSettings) -> None:
    word = encoded_word("渭源县信息.txt", "gbk", "GBK")
    message = multipart(county_headers(), [
        part("text/plain; charset=utf-8", BODY),
        part(f'application/octet-stream; name="{word}"',
             base64.b64encode("信息正文".encode("gb18030")).decode(),
             extra=f'Content-Disposition: attachment; filename="{word}"{CRLF}'),
    ])
    attachment = parse_message(message, settings).attachments[0]
    assert attachment.filename == "渭源县信息.txt"
    assert attachment.text == "信息正文"


def test_identity_and_loop_headers(settings: ParsingSettings) -> None:
    headers = county_headers(
        "Re: 约稿",
        **{
            "To": f'{encoded_word("办公室", "utf-8", "utf-8")} <Office@Example.cn>, b@x.cn',
            "In-Reply-To": "<req-7@dxfgw>",
            "References": "<a@x> <req-7@dxfgw>",
            "Auto-Submitted": "auto-replied",
            "Precedence": "bulk",
            "List-Id": "<list.example.cn>",
            "X-Loop": "govinfo",
        },
    )
    parsed = parse_message(plain(headers), settings)
    assert parsed.message_id == "<20250616093000.1@example.cn>"
    assert parsed.from_name == "安定区发改局"
    assert parsed.from_addr == "adq@example.cn"
    assert parsed.to == ("office@example.cn", "b@x.cn")
    assert parsed.date == datetime(2025, 6, 16, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    assert parsed.in_reply_to == "<req-7@dxfgw>"
    assert parsed.references == ("<a@x>", "<req-7@dxfgw>")
    assert (parsed.auto_submitted, parsed.precedence) == ("auto-replied", "bulk")
    assert (parsed.list_id, parsed.x_loop) == ("<list.example.cn>", "govinfo")
    assert parsed.content_type == "text/plain"
    assert not parsed.is_dsn


def test_broken_headers_degrade(settings: ParsingSettings) -> None:
    headers = {
        "From": "=?x-unknown-charset?B?AAAA?= <@@>",
        "Subject": "=?utf-8?B?###?=",
        "Date": "yesterday-ish",
        "Content-Type": 'text/plain; charset="bogus-charset"',
    }
    parsed = parse_message(raw_message(headers, "text"), settings)
    assert parsed.date is None
    assert parsed.subject == "=?utf-8?B?###?="
    assert parsed.body_text == "text"


def test_delivery_status_notification(settings: ParsingSettings) -> None:
    message = multipart(
        {"From": "MAILER-DAEMON@126.com", "Subject": "Undelivered Mail Returned to Sender"},
        [
            part("text/plain; charset=us-ascii", "delivery failed", encoding="7bit"),
            f"Content-Type: message/delivery-status{CRLF}{CRLF}Reporting-MTA: dns; mx"
            f"{CRLF}{CRLF}Final-Recipient: rfc822; a@b.cn{CRLF}Action: failed{CRLF}",
        ],
        subtype="report; report-type=delivery-status",
    )
    parsed = parse_message(message, settings)
    assert parsed.is_dsn
    assert parsed.content_type == "multipart/report"
