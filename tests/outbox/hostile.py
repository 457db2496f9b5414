"""Mail an attacker writes, byte by byte, and the `govinfo` verbs run in this process.

The raw builder writes every header as given (several From headers, an encoded word that
decodes to CR/LF, a Return-Path) because the email package would refuse or fold them.
"""

from __future__ import annotations

import base64
import html
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from daemon.accounts import set_password
from daemon.cli import main
from daemon.config import load_settings
from daemon.db import make_engine, session_factory, transaction
from tests.servers import CapturedMail
from tests.web.support import OFFICE_EMAIL, PASSWORD, Client, console_in_process


def word(text: str) -> str:
    """An RFC 2047 encoded word: any text, CR/LF and controls included, in 7-bit ASCII."""
    return f"=?utf-8?b?{base64.b64encode(text.encode()).decode()}?="


def raw_mail(
    froms: Sequence[str],
    subject: str,
    body: str,
    *,
    when: datetime,
    message_id: str,
    extra: Sequence[tuple[str, str]] = (),
) -> bytes:
    """A text/plain mail with these From header values (each its own header line);
    a header with raw non-ASCII text goes out as 8-bit UTF-8, as some webmail writes it."""
    lines = [f"From: {value}" for value in froms]
    lines += [
        "To: dxsfgw@126.com",
        f"Subject: {subject}",
        f"Date: {format_datetime(when)}",
        f"Message-ID: {message_id}",
        *(f"{name}: {value}" for name, value in extra),
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: base64",
    ]
    encoded = base64.encodebytes(body.encode()).decode().replace("\n", "\r\n")
    return ("\r\n".join(lines) + "\r\n\r\n" + encoded).encode("utf-8")  # 8-bit names too


@dataclass
class Govinfo:
    """`govinfo --config CONFIG …` through daemon.cli.main in this process."""

    config: Path
    capsys: pytest.CaptureFixture[str]

    def run(self, *args: str) -> tuple[int, str, str]:
        root = logging.getLogger()
        handlers, level = root.handlers[:], root.level
        try:
            code = main(["--config", str(self.config), *args])
        finally:
            # main() points the root logger at this moment's (captured) stderr; a server
            # thread logging after the test would write to a closed capture
            root.handlers[:], root.level = handlers, level
        out, err = self.capsys.readouterr()
        return code, out, err

    def __call__(self, *args: str) -> str:
        code, out, err = self.run(*args)
        assert code == 0, f"govinfo {' '.join(args)} exited {code}: {out}{err}"
        return out

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--json"))

    def poll_and_send(self) -> None:
        self("poll", "--once")
        self("outbox", "send")

    def show_raw(self, label: str, mail: CapturedMail) -> None:
        """Print what the SMTP trap received, past the capture (shown with pytest -s)."""
        body = mail.message.get_body(("plain",))
        with self.capsys.disabled():
            print(f"\n----- {label}: MAIL FROM {mail.mail_from} RCPT TO {', '.join(mail.rcpt_tos)}")
            print(mail.raw.decode("ascii", "replace"))
            print("----- decoded body:\n" + (str(body.get_content()) if body is not None else ""))


def header_names(mail: CapturedMail) -> list[str]:
    """The header field names on the wire, as a person reading the raw mail sees them."""
    head = mail.raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    return [line.split(":", 1)[0] for line in head.split("\r\n") if line and line[0] not in " \t"]


def console_page(config: Path, path: str) -> str:
    """A page of the console as the office's info officer sees it, logged in."""
    settings = load_settings(config)
    engine = make_engine(settings.database_url)
    with transaction(session_factory(engine)) as session:
        set_password(session, settings, OFFICE_EMAIL, PASSWORD)
    engine.dispose()
    with console_in_process(config) as base:
        client = Client(base)
        client.login(OFFICE_EMAIL)
        reply = client.get(path)
    assert reply.status == 200, reply.status
    return html.unescape(reply.body)
