"""Strict From parsing (CVE-2023-27043) and one-line header values, on hostile headers."""

from __future__ import annotations

import pytest

from daemon.config import ParsingSettings
from daemon.parsing.addresses import Mailbox, foreign_senders, parse_mailbox
from daemon.parsing.clean import clean_line
from daemon.parsing.message import parse_message
from tests.parsing.builders import encoded_word, raw_message

ANDING = "anding.xxy1@example.org"


def word(text: str) -> str:
    return encoded_word(text, "utf-8", "utf-8")


@pytest.mark.parametrize("value, expected", [
    (f"张明 <{ANDING}>", ("张明", ANDING)),
    (f"{word('张明')} <{ANDING.upper()}>", ("张明", ANDING)),
    (f"<{ANDING}>", ("", ANDING)),
    (ANDING, ("", ANDING)),
    (f"{ANDING} (张明)", ("张明", ANDING)),
    ('"Zhang, Ming" <z@example.cn>', ("Zhang, Ming", "z@example.cn")),
    ("J. Smith <j@example.cn>", ("J. Smith", "j@example.cn")),
    # a Q-encoded name with a bare comma, as some encoders write it
    ("=?iso-8859-1?Q?B=FCrling,=20Andreas?= <smith@example.com>", ("Bürling, Andreas", "smith@example.com")),
    # a client that shows the address as the name: the same address, no confusion
    (f'"{ANDING}" <{ANDING}>', (ANDING, ANDING)),
])
def test_one_plain_mailbox_is_read(value: str, expected: tuple[str, str]) -> None:
    assert parse_mailbox(value) == Mailbox(*expected)


@pytest.mark.parametrize("value", [
    f"{ANDING} <attacker@evil.example>",
    f"{ANDING}]<attacker@evil.example>",
    f"{ANDING}, attacker@evil.example",
    f'"{ANDING}" <attacker@evil.example>',
    f"{word(f'张明 {ANDING}')} <attacker@evil.example>",
    f"{word('Office' + chr(13) + chr(10) + 'Bcc: v1@a.example')} <x@evil.example>",
    f"{ANDING} <attacker@evil.example",
    "undisclosed-recipients:;",
    "<>",
    "Nathaniel Borenstein <nsb>",
    "",
])
def test_anything_else_is_nobody(value: str) -> None:
    assert parse_mailbox(value) is None


def test_a_long_hostile_name_is_read_in_linear_time() -> None:
    # nested quantifiers would backtrack for minutes on this; the phrase is possessive
    assert parse_mailbox("a" * 20000 + "@ " + "b." * 20000 + " <x@example.org>") is None


def test_two_from_headers_make_the_sender_ambiguous(settings: ParsingSettings) -> None:
    head = (f"From: 张明 <{ANDING}>\r\nFrom: attacker@evil.example\r\nTo: dxsfgw@126.com\r\n"
            "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbody\r\n").encode()
    parsed = parse_message(head, settings)
    assert parsed.from_addr == "" and "sender_ambiguous" in parsed.flags
    assert parsed.from_name == f"张明 <{ANDING}>；attacker@evil.example"  # both, for the office


def test_decoded_headers_are_one_clean_line(settings: ParsingSettings) -> None:
    hostile = "安定区\r\nBcc: v@a.example\u2028第二行\u202e倒序\u2066隔离\u2069\x07\x85"
    parsed = parse_message(raw_message({
        "From": f"{word('张明' + chr(13) + chr(10) + 'X-Evil: 1')} <{ANDING}>",
        "To": "dxsfgw@126.com",
        "Subject": word(hostile),
        "Sender": "relay@evil.example",
        "Return-Path": "<bounce@evil.example>",
        "X-Autoreply": "yes",
        "Content-Type": "text/plain; charset=utf-8",
    }, "body"), settings)
    assert parsed.subject == "安定区 Bcc: v@a.example 第二行倒序隔离"
    assert (parsed.from_name, parsed.from_addr) == ("张明 X-Evil: 1", ANDING)
    assert parsed.envelope_senders == ("relay@evil.example", "bounce@evil.example")
    assert parsed.auto_reply_headers == ("x-autoreply",)


def test_clean_line_keeps_chinese_spacing_and_drops_controls() -> None:
    assert clean_line("【动态】安定区\u3000召开会议") == "【动态】安定区\u3000召开会议"
    assert clean_line("a\r\n\r\nb\tc\x00d\x9be\u200ef") == "a b cdef"


def test_a_relay_in_another_domain_is_foreign_a_subdomain_is_not() -> None:
    others = ["bounce@mx.example.org", "relay@evil.example", "x@org", ANDING]
    assert foreign_senders(ANDING, others) == ["relay@evil.example", "x@org"]
