"""IMAP source over imapclient: read-only, by UID, IDLE where offered.

Server quirks live here, each named:
- NetEase (126.com/163.com) answers SELECT with "NO SELECT Unsafe Login" unless the client
  identifies itself with the ID command (RFC 2971) after LOGIN.
- NetEase is reported not to offer IDLE; polling is the normal path there.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from daemon import __version__
from daemon.config import MailboxSettings
from daemon.logs import kv
from daemon.mailbox.base import FetchedMessage
from daemon.tls import ssl_context

log = logging.getLogger(__name__)

# Errors after which the connection is useless and the loop reconnects with backoff.
NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    socket.timeout,
    ssl.SSLError,
    imaplib.IMAP4.abort,
    IMAPClientError,
)

CLIENT_ID = {"name": "govinfo", "version": __version__, "vendor": "dxsfgw"}
IDLE_SLICE = 1.0  # seconds between checks of the stop flag while idling


class ImapSource:
    def __init__(self, settings: MailboxSettings) -> None:
        self.settings = settings
        self.name = settings.name
        self._client: IMAPClient | None = None
        self.can_idle = False

    @property
    def client(self) -> IMAPClient:
        if self._client is None:
            raise RuntimeError("IMAP source is not open")
        return self._client

    def open(self) -> int:
        s = self.settings
        context = ssl_context(str(s.ca_file) if s.ca_file else None)
        client = IMAPClient(
            s.host,
            port=s.port,
            ssl=s.tls == "implicit",
            ssl_context=context if s.tls == "implicit" else None,
            timeout=s.timeout,
        )
        client.normalise_times = False  # keep INTERNALDATE's offset instead of local naive time
        try:
            if s.tls == "starttls":
                client.starttls(context)
            client.login(s.username, s.password())
            if client.has_capability("ID"):
                client.id_(CLIENT_ID)
            else:
                log.warning(kv("imap_no_id", mailbox=self.name, host=s.host))
            selected = client.select_folder(s.folder, readonly=True)
        except BaseException:
            _quietly_logout(client)
            raise
        self._client = client
        self.can_idle = s.idle and client.has_capability("IDLE")
        uidvalidity = int(selected[b"UIDVALIDITY"])
        log.info(kv("imap_open", mailbox=self.name, host=s.host, uidvalidity=uidvalidity,
                    idle=self.can_idle))
        return uidvalidity

    def uids(self) -> list[int]:
        return sorted(int(u) for u in self.client.search(["ALL"]))

    def dates(self, uids: Iterable[int]) -> dict[int, datetime]:
        wanted = list(uids)
        out: dict[int, datetime] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            for uid, data in self.client.fetch(chunk, ["INTERNALDATE"]).items():
                out[int(uid)] = _aware(data[b"INTERNALDATE"])
        return out

    def fetch(self, uids: list[int]) -> Iterator[FetchedMessage]:
        # BODY.PEEK leaves \Seen alone: the office still reads this inbox in webmail.
        response = self.client.fetch(uids, ["BODY.PEEK[]", "INTERNALDATE"])
        for uid in uids:
            data = response.get(uid)
            if data is None or b"BODY[]" not in data:
                continue  # expunged meanwhile; the next pass's UID list tells
            yield FetchedMessage(uid, _aware(data[b"INTERNALDATE"]), bytes(data[b"BODY[]"]))

    def wait(self, timeout: float, stop: threading.Event) -> None:
        if not self.can_idle:
            stop.wait(timeout)
            return
        client = self.client
        deadline = time.monotonic() + min(timeout, self.settings.idle_timeout)
        client.idle()
        try:
            while not stop.is_set() and time.monotonic() < deadline:
                responses = client.idle_check(timeout=IDLE_SLICE)
                if any(_is_change(r) for r in responses):
                    break
        finally:
            client.idle_done()

    def close(self) -> None:
        if self._client is not None:
            _quietly_logout(self._client)
            self._client = None


def _is_change(response: tuple) -> bool:
    return len(response) > 1 and response[1] in (b"EXISTS", b"RECENT", b"EXPUNGE")


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _quietly_logout(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:
        with contextlib.suppress(Exception):
            client.shutdown()
