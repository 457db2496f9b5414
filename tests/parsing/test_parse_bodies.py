"""Bodies: wrong or missing charsets, HTML only, forwards and replies."""

from __future__ import annotations

import base64
import quopri

import pytest

from daemon.config import ParsingSettings
from daemon.parsing.message import parse_message
from daemon.parsing.model import UnparseableMessage
from daemon.parsing.wordcount import count_words
from tests.parsing.builders import CRLF, county_headers, multipart, part, raw_message

ARTICLE = (
    "渭源县推进营商环境改革\n渭源县发展改革局 王五\n"
    "今年以来，渭源县围绕“放管服”改革，推行企业开办“一网通办”，平均用时压缩至0.5个工作日。"
)
ARTICLE_BODY = ARTICLE.split("\n", 2)[2]


def single(content_type: str, encoding: str, body: str) -> bytes:
    headers = {**county_headers(), "MIME-Version": "1.0", "Content-Type": content_type,
               "Content-Transfer-Encoding": encoding}
    return raw_message(headers, body)


@pytest.mark.parametrize(
    ("content_type", "codec"),
    [
        ("text/plain; charset=gb2312", "gb18030"),  # GBK-only 镕 under a gb2312 label
        ("text/plain; charset=us-ascii", "gb18030"),  # wrong label
        ("text/plain", "gb18030"),  # no label
        ("text/plain; charset=iso-2022-cn-bogus", "utf-8"),  # unknown label
        ("text/plain; charset=gbk", "utf-8"),  # says GBK, is UTF-8
    ],
)
@pytest.mark.parametrize("encoding", ["base64", "quoted-printable"])
def test_body_charset_fallbacks(settings: ParsingSettings, content_type: str, codec: str,
                                encoding: str) -> None:
    text = ARTICLE + "朱镕基"
    data = text.encode(codec)
    encode = base64.encodebytes if encoding == "base64" else quopri.encodestring
    body = encode(data).decode()
    parsed = parse_message(single(content_type, encoding, body), settings)
    assert parsed.body_text == text
    assert parsed.body_charset == codec


def test_html_only_body(settings: ParsingSettings) -> None:
    html = (
        "<html><head><style>p{color:red}</style><title>x</title></head><body>"
        "<p>渭源县推进营商环境改革</p><div>渭源县发展改革局&nbsp;王五</div>"
        "<p>今年以来，渭源县<b>围绕</b>&ldquo;放管服&rdquo;改革。</p>"
        "<script>alert(1)</script></body></html>"
    )
    parsed = parse_message(
        single("text/html; charset=utf-8", "base64", base64.encodebytes(html.encode()).decode()),
        settings,
    )
    assert parsed.body_text == (
        "渭源县推进营商环境改革\n\n渭源县发展改革局 王五\n\n今年以来，渭源县围绕“放管服”改革。"
    )
    assert parsed.article.title == "渭源县推进营商环境改革"
    assert parsed.article.authors == ("王五",)
    assert parsed.article.body == "今年以来，渭源县围绕“放管服”改革。"


def test_alternative_prefers_plain(settings: ParsingSettings) -> None:
    message = multipart(county_headers(), [
        part("text/plain; charset=utf-8", base64.encodebytes(b"plain words").decode()),
        part("text/html; charset=utf-8", base64.encodebytes(b"<p>html words</p>").decode()),
    ], subtype="alternative")
    assert parse_message(message, settings).body_text == "plain words"


def test_forwarded_message_rfc822_holds_the_article(settings: ParsingSettings) -> None:
    inner = single("text/plain; charset=gbk", "base64",
                   base64.encodebytes(ARTICLE.encode("gbk")).decode())
    message = multipart(county_headers("Fw: 信息"), [
        part("text/plain; charset=utf-8", base64.encodebytes("请审阅。".encode()).decode()),
        f"Content-Type: message/rfc822{CRLF}{CRLF}{inner.decode()}{CRLF}",
    ])
    parsed = parse_message(message, settings)
    assert parsed.body_text == "请审阅。"
    assert parsed.article.source == "body"
    assert parsed.article.authors == ("王五",)
    assert parsed.article.body == ARTICLE_BODY


REPLY = f"""{ARTICLE}

发自我的iPhone

------------------ 原始邮件 ------------------
发件人: "定西市发改委办公室"<dxsfgw@126.com>;
发送时间: 2025年6月10日(星期二) 上午9:00
主题: 约稿：营商环境
请于6月20日前报送营商环境方面的信息，字数不超过1500字。
"""


@pytest.mark.parametrize(
    "text",
    [
        REPLY,
        f"{ARTICLE}\n\n-----原始邮件-----\n发件人: office@example.cn\n请报送信息。\n",
        f"{ARTICLE}\n-- \n王五\n渭源县发展改革局\n电话 0932-1234567\n",
        f"{ARTICLE}\n\nOn Tue, Jun 10, 2025 at 9:00 AM Office <o@x.cn> wrote:\n> 请报送\n> 信息\n",
        f"{ARTICLE}\n\n发件人: 办公室\n发送时间: 2025年6月10日 9:00\n收件人: 王五\n主题: 约稿\n请报送\n",
    ],
    ids=["qq-quote", "outlook-quote", "signature", "gmail-quote", "outlook-zh-no-separator"],
)
def test_reply_history_and_signature_not_counted(settings: ParsingSettings, text: str) -> None:
    parsed = parse_message(
        single("text/plain; charset=utf-8", "base64", base64.encodebytes(text.encode()).decode()),
        settings,
    )
    assert parsed.article.body == ARTICLE_BODY
    assert count_words(parsed.article.body) == count_words(ARTICLE_BODY)


def test_inline_forward_wrapper_is_unwrapped(settings: ParsingSettings) -> None:
    text = (
        "转给办公室。\n\n---------- Forwarded message ---------\n"
        "From: 王五 <w@x.cn>\nDate: 2025年6月10日\nSubject: 信息\nTo: <o@x.cn>\n\n" + ARTICLE
    )
    parsed = parse_message(
        single("text/plain; charset=utf-8", "base64", base64.encodebytes(text.encode()).decode()),
        settings,
    )
    assert parsed.article.title == "渭源县推进营商环境改革"
    assert parsed.article.body == ARTICLE_BODY


@pytest.mark.parametrize("raw", [b"", b"\r\n\r\n  \r\n", b"just a line of text without headers"])
def test_unreadable_messages_raise_unparseable(settings: ParsingSettings, raw: bytes) -> None:
    with pytest.raises(UnparseableMessage):
        parse_message(raw, settings)


def test_text_before_headers_is_recovered(settings: ParsingSettings) -> None:
    raw = b"---- Original email message ----\r\nSubject : hello\r\nFrom: a@b.cn\r\n\r\nbody\r\n"
    parsed = parse_message(raw, settings)
    assert (parsed.subject, parsed.from_addr, parsed.body_text) == ("hello", "a@b.cn", "body")
