"""An in-process SMTP trap (aiosmtpd) on 127.0.0.1 that records what the daemon sends.

It can refuse every message with a 4xx (NetEase throttles with 421/451: retry later) or a
5xx (give up), require AUTH LOGIN/PLAIN, and speak STARTTLS or implicit TLS with the
shared self-signed certificate.

Usage::

    with SmtpTrap(username="dxsfgw@126.com", password="pw") as smtp:
        ...  # point the daemon's [smtp] at smtp.host / smtp.port
        mails = smtp.wait_for(1)
        assert mails[0].message["Subject"] == "…"
"""

from __future__ import annotations

import asyncio
import email
import email.message
import ssl
import threading
import time
import warnings
from dataclasses import dataclass, field
from email import policy
from types import TracebackType
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from .certs import SelfSignedCert, self_signed_cert
from .dovecot import free_port

SmtpTls = Literal["none", "starttls", "implicit"]
RefuseStage = Literal["mail", "rcpt", "data"]


@dataclass(frozen=True)
class CapturedMail:
    """One accepted message, as the trap saw it on the wire."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes
    message: email.message.EmailMessage
    auth_user: str | None = None
    tls: bool = False


@dataclass
class _Refusal:
    code: int
    text: str
    stage: RefuseStage

    @property
    def reply(self) -> str:
        return f"{self.code} {self.text}"


@dataclass
class _State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    changed: threading.Condition = field(init=False)
    messages: list[CapturedMail] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (mail from, reply)
    refusal: _Refusal | None = None
    auth_failures: int = 0
    # set while the trap keeps accepted messages unanswered (see SmtpTrap.hold_replies)
    held: threading.Event | None = None

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)


class _Handler:
    """aiosmtpd handler hooks; every shared list is touched under the state lock."""

    def __init__(self, state: _State, implicit_tls: bool) -> None:
        self.state = state
        self.implicit_tls = implicit_tls

    def _refusal_at(self, stage: RefuseStage) -> _Refusal | None:
        with self.state.lock:
            refusal = self.state.refusal
        return refusal if refusal is not None and refusal.stage == stage else None

    def _record_refusal(self, envelope: Envelope, refusal: _Refusal) -> str:
        with self.state.changed:
            self.state.refused.append((envelope.mail_from or "", refusal.reply))
            self.state.changed.notify_all()
        return refusal.reply

    async def handle_MAIL(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        mail_options: list[str],
    ) -> str:
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        refusal = self._refusal_at("mail")
        if refusal is not None:
            return self._record_refusal(envelope, refusal)
        return "250 OK"

    async def handle_RCPT(
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        refusal = self._refusal_at("rcpt")
        if refusal is not None:
            return self._record_refusal(envelope, refusal)
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        refusal = self._refusal_at("data")
        if refusal is not None:
            return self._record_refusal(envelope, refusal)
        raw = envelope.original_content or b""
        if isinstance(raw, str):  # only with decode_data=True, which we never set
            raw = raw.encode("utf-8", "surrogateescape")
        message = email.message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, email.message.EmailMessage)
        auth_user: str | None = None
        if isinstance(session.auth_data, LoginPassword):
            auth_user = session.auth_data.login.decode("utf-8", "replace")
        captured = CapturedMail(
            mail_from=envelope.mail_from or "",
            rcpt_tos=tuple(envelope.rcpt_tos),
            raw=raw,
            message=message,
            auth_user=auth_user,
            # session.ssl is only set after STARTTLS; an implicit-TLS listener is all TLS
            tls=self.implicit_tls or session.ssl is not None,
        )
        with self.state.changed:
            self.state.messages.append(captured)
            self.state.changed.notify_all()
            held = self.state.held
        # the message is recorded (the server "has" it) but the client waits for the 250:
        # a test can kill the client inside the window between acceptance and its commit
        while held is not None and not held.is_set():
            await asyncio.sleep(0.02)
        return "250 Message accepted for delivery"


class _Authenticator:
    def __init__(self, state: _State, username: str, password: str) -> None:
        self.state = state
        self.username = username.encode("utf-8")
        self.password = password.encode("utf-8")

    def __call__(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if (
            mechanism in ("LOGIN", "PLAIN")
            and isinstance(auth_data, LoginPassword)
            and auth_data.login == self.username
            and auth_data.password == self.password
        ):
            return AuthResult(success=True, auth_data=auth_data)  # kept on the session
        with self.state.lock:
            self.state.auth_failures += 1
        # handled=False lets aiosmtpd send the 535 itself; handled=True without a reply
        # leaves smtplib waiting for minutes (TOOLING.md)
        return AuthResult(success=False, handled=False)


class _QuietController(Controller):
    def factory(self) -> SMTP:
        # aiosmtpd warns on every connection that AUTH without TLS is unsafe; a loopback
        # test server means it, and the warning would bury real ones in pytest's summary
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
            return super().factory()


class SmtpTrap:
    """The SMTP server; ``start()``/``stop()`` or use it as a context manager."""

    host = "127.0.0.1"

    def __init__(
        self,
        *,
        username: str | None = None,
        password: str | None = None,
        tls: SmtpTls = "none",
        cert: SelfSignedCert | None = None,
    ) -> None:
        if (username is None) != (password is None):
            raise ValueError("give both username and password, or neither")
        self.username = username
        self.password = password
        self.tls: SmtpTls = tls
        self.cert: SelfSignedCert | None = (cert or self_signed_cert()) if tls != "none" else None
        self.port = free_port()
        self._state = _State()
        self._controller: Controller | None = None

    # -- lifecycle --------------------------------------------------------------------

    def _server_context(self) -> ssl.SSLContext | None:
        if self.cert is None:
            return None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.cert.cert_path), str(self.cert.key_path))
        return context

    def start(self) -> SmtpTrap:
        if self._controller is not None:
            return self
        server_context = self._server_context()
        kwargs: dict[str, Any] = {
            "server_hostname": "smtp.test.invalid",
            "enable_SMTPUTF8": True,
        }
        if self.tls == "starttls":
            kwargs["tls_context"] = server_context
            kwargs["require_starttls"] = self.username is not None
        elif self.tls == "implicit":
            kwargs["ssl_context"] = server_context
        if self.username is not None and self.password is not None:
            kwargs["authenticator"] = _Authenticator(self._state, self.username, self.password)
            kwargs["auth_required"] = True
            # over implicit TLS aiosmtpd does not see the session as TLS-protected for
            # this check, and a plain test server must offer AUTH too
            kwargs["auth_require_tls"] = self.tls == "starttls"
        controller = _QuietController(
            _Handler(self._state, implicit_tls=self.tls == "implicit"),
            hostname=self.host,
            port=self.port,
            **kwargs,
        )
        controller.start()
        self._controller = controller
        return self

    def stop(self) -> None:
        self.release_replies()  # a withheld reply would keep the controller from stopping
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    def __enter__(self) -> SmtpTrap:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- behaviour switches -----------------------------------------------------------

    def refuse(
        self, code: int = 451, text: str = "4.3.0 try later", stage: RefuseStage = "data"
    ) -> None:
        """Refuse every message from now on; 4xx means "retry later", 5xx "give up".

        ``stage`` picks where: MAIL FROM, RCPT TO or after DATA (NetEase's spam verdicts
        such as ``554 DT:SPM`` come after DATA, its throttling often at MAIL FROM).
        """
        if not 400 <= code <= 599:
            raise ValueError("refusal codes are 4xx or 5xx")
        with self._state.lock:
            self._state.refusal = _Refusal(code, text, stage)

    def refuse_permanently(self, text: str = "5.7.1 DT:SPM message rejected as spam") -> None:
        self.refuse(554, text)

    def accept(self) -> None:
        """Accept mail again."""
        with self._state.lock:
            self._state.refusal = None

    def hold_replies(self) -> None:
        """From now on record each message but withhold its 250 until ``release_replies()``."""
        with self._state.lock:
            self._state.held = threading.Event()

    def release_replies(self) -> None:
        """Answer the withheld messages and stop withholding."""
        with self._state.lock:
            held, self._state.held = self._state.held, None
        if held is not None:
            held.set()

    # -- what was seen ----------------------------------------------------------------

    @property
    def messages(self) -> list[CapturedMail]:
        with self._state.lock:
            return list(self._state.messages)

    @property
    def refused(self) -> list[tuple[str, str]]:
        """(envelope sender, reply) for every refusal so far."""
        with self._state.lock:
            return list(self._state.refused)

    @property
    def auth_failures(self) -> int:
        with self._state.lock:
            return self._state.auth_failures

    def clear(self) -> None:
        with self._state.lock:
            self._state.messages.clear()
            self._state.refused.clear()
            self._state.auth_failures = 0

    def wait_for(self, n: int, timeout: float = 10.0) -> list[CapturedMail]:
        """Block until at least ``n`` messages were accepted; return them all.

        Raises TimeoutError (with what did arrive) so a failing test says why.
        """
        deadline = time.monotonic() + timeout
        with self._state.changed:
            while len(self._state.messages) < n:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(
                        f"SMTP trap: wanted {n} message(s) within {timeout}s, got "
                        f"{len(self._state.messages)}; refused: {self._state.refused}"
                    )
                self._state.changed.wait(remaining)
            return list(self._state.messages)

    def client_context(self) -> ssl.SSLContext:
        """A client context trusting this trap's certificate."""
        if self.cert is None:
            raise ValueError("this trap has no TLS; use SmtpTrap(tls='starttls')")
        return ssl.create_default_context(cafile=str(self.cert.ca_file))
