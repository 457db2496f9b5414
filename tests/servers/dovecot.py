"""A throwaway Dovecot IMAP server on 127.0.0.1 for tests.

Every path lives in a private ``tempfile.mkdtemp()`` folder chmod 0755: pytest's
``tmp_path`` sits under a 0700 folder, and Dovecot's auth processes (running as
``dovenull``/``dovecot``) then fail with "missing +x perm". The recipe is the one measured
in ``shared/notes/TOOLING.md``.

Usage::

    with Dovecot() as server:
        uid = server.append(raw, datetime(2026, 11, 2, 9, 30, tzinfo=SHANGHAI))
        server.restart()
        assert server.uids("office") == [uid]
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import weakref
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from types import TracebackType

from imapclient import IMAPClient

from .certs import SelfSignedCert, self_signed_cert

DOVECOT = "/usr/sbin/dovecot"
DOVEADM = "/usr/bin/doveadm"
DEFAULT_USERS: Mapping[str, str] = {"office": "secret"}
# Dovecot refuses to run mail processes as uid 0; nobody owns the mail store instead
NOBODY_UID = 65534
NOBODY_GID = 65534


class DovecotError(RuntimeError):
    """The server did not start, died, or a test hook failed; carries the log tail."""


def free_port() -> int:
    """A port nobody listens on right now; the kernel picks it, so parallel runs differ."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _which(path: str, name: str) -> str | None:
    if os.access(path, os.X_OK):
        return path
    return shutil.which(name)


class Dovecot:
    """One Dovecot instance with its own config, users, mail store and log.

    ``port`` is plain IMAP (and offers STARTTLS when ``tls=True``); ``tls_port`` is
    implicit TLS (IMAPS) when ``tls=True``, else None. ``cert`` holds the self-signed
    certificate a client trusts as its CA file.
    """

    host = "127.0.0.1"

    def __init__(
        self,
        users: Mapping[str, str] | None = None,
        *,
        tls: bool = False,
        cert: SelfSignedCert | None = None,
        start_timeout: float = 10.0,
    ) -> None:
        self.users: dict[str, str] = dict(users if users is not None else DEFAULT_USERS)
        self.tls = tls
        self.cert: SelfSignedCert | None = (cert or self_signed_cert()) if tls else None
        self.start_timeout = start_timeout
        self.port = free_port()
        self.tls_port: int | None = free_port() if tls else None
        self.root = Path(tempfile.mkdtemp(prefix="govinfo-dovecot-"))
        self.root.chmod(0o755)
        self.conf_path = self.root / "dovecot.conf"
        self.log_path = self.root / "dovecot.log"
        self.mail_dir = self.root / "mail"
        self._process: subprocess.Popen[bytes] | None = None
        self._closed = False
        self._write_files()
        # a safety net for a test that never reaches close(): no stray server, no temp dir
        self._finalizer = weakref.finalize(self, _cleanup, self.root, [None])

    # -- availability -----------------------------------------------------------------

    @staticmethod
    def is_available() -> bool:
        """True when the Dovecot binaries (Debian's dovecot-imapd) are installed."""
        return (
            _which(DOVECOT, "dovecot") is not None
            and _which(DOVEADM, "doveadm") is not None
            and shutil.which("openssl") is not None
        )

    # -- configuration ----------------------------------------------------------------

    def _identities(self) -> tuple[int, int, str, str]:
        """(mail uid, mail gid, login user, internal user) for this process's privileges."""
        if os.geteuid() == 0:
            return NOBODY_UID, NOBODY_GID, "dovenull", "dovecot"
        # an unprivileged Dovecot can only run everything as the invoking user
        me = pwd.getpwuid(os.geteuid()).pw_name
        return os.geteuid(), os.getegid(), me, me

    def _write_files(self) -> None:
        uid, gid, login_user, internal_user = self._identities()
        self.mail_dir.mkdir()
        if os.geteuid() == 0:
            os.chown(self.mail_dir, uid, gid)
        (self.root / "run").mkdir()
        (self.root / "state").mkdir()
        passwd = "".join(f"{user}:{{PLAIN}}{pw}::::::\n" for user, pw in self.users.items())
        (self.root / "passwd").write_text(passwd, encoding="utf-8")
        (self.root / "passwd").chmod(0o644)

        ssl_lines = "ssl = no\n"
        imaps_listener = ""
        if self.cert is not None:
            ssl_lines = (
                "ssl = yes\n"
                f"ssl_cert = <{self.cert.cert_path}\n"
                f"ssl_key = <{self.cert.key_path}\n"
            )
            imaps_listener = (
                "  inet_listener imaps {\n"
                f"    address = {self.host}\n"
                f"    port = {self.tls_port}\n"
                "    ssl = yes\n"
                "  }\n"
            )
        root = self.root
        # Blocks must span several lines: a one-line block is "Garbage after '{'".
        self.conf_path.write_text(
            f"""# generated by tests/servers/dovecot.py
base_dir = {root}/run
state_dir = {root}/state
log_path = {self.log_path}
info_log_path = {self.log_path}
debug_log_path = {self.log_path}
listen = {self.host}
protocols = imap
{ssl_lines}disable_plaintext_auth = no
auth_mechanisms = plain login
# a failed login answers at once (default 2 s), so bad-password tests stay fast
auth_failure_delay = 0
default_login_user = {login_user}
default_internal_user = {internal_user}
mail_location = maildir:{root}/mail/%u:LAYOUT=fs
mail_uid = {uid}
mail_gid = {gid}
first_valid_uid = 0
imap_id_log = *
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = {self.host}
    port = {self.port}
  }}
{imaps_listener}}}
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
protocol imap {{
  mail_max_userip_connections = 100
}}
""",
            encoding="utf-8",
        )

    # -- lifecycle --------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> Dovecot:
        if self._closed:
            raise DovecotError("this Dovecot was closed; make a new one")
        if self.running:
            return self
        log = self.log_path.open("ab")
        try:
            self._process = subprocess.Popen(
                [_which(DOVECOT, "dovecot") or DOVECOT, "-F", "-c", str(self.conf_path)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # its own process group so a ^C in the terminal reaches pytest, which
                # then stops the server cleanly through the fixture
                start_new_session=True,
            )
        finally:
            log.close()
        self._finalizer.detach()
        self._finalizer = weakref.finalize(self, _cleanup, self.root, [self._process])
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        """Poll the greeting until Dovecot says ``ready.``.

        The very first greeting may say it waits for the auth process; a login then
        would be refused, so that does not count as ready.
        """
        deadline = time.monotonic() + self.start_timeout
        last = ""
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise DovecotError(
                    f"dovecot exited with {self._process.returncode}:\n{self.log_tail()}"
                )
            try:
                with socket.create_connection((self.host, self.port), timeout=1.0) as sock:
                    last = sock.recv(512).decode("ascii", "replace")
                    if "ready." in last:
                        return
            except OSError as exc:
                last = str(exc)
            time.sleep(0.01)
        self.stop()
        raise DovecotError(
            f"dovecot not ready after {self.start_timeout}s ({last!r}):\n{self.log_tail()}"
        )

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM and wait; SIGKILL the group if it does not go in time."""
        process = self._process
        self._process = None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def kill(self) -> None:
        """SIGKILL the whole process group at once: a crash, or a fast teardown."""
        process = self._process
        self._process = None
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)

    def restart(self) -> Dovecot:
        """Stop and start again on the same port with the same mail store."""
        self.stop()
        return self.start()

    def close(self) -> None:
        """Stop the server and delete its folder; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        # The folder is deleted next, so there is nothing to shut down gracefully:
        # Dovecot's SIGTERM path takes about 1 s, which a suite of IMAP tests would pay
        # per test. Every Dovecot process is in the group start() created.
        self.kill()
        self._finalizer.detach()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Dovecot:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- logs -------------------------------------------------------------------------

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    # -- clients ----------------------------------------------------------------------

    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts this server's self-signed certificate."""
        if self.cert is None:
            raise DovecotError("this Dovecot has no TLS listener; use Dovecot(tls=True)")
        return ssl.create_default_context(cafile=str(self.cert.ca_file))

    @contextlib.contextmanager
    def client(self, user: str = "office", *, implicit_tls: bool = False) -> Iterator[IMAPClient]:
        """A logged-in IMAPClient; logs out on exit."""
        if implicit_tls:
            imap = IMAPClient(
                self.host, port=self.tls_port, ssl=True, ssl_context=self.ssl_context(), timeout=10
            )
        else:
            imap = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        try:
            imap.login(user, self.users[user])
            yield imap
        finally:
            with contextlib.suppress(Exception):
                imap.logout()

    # -- test hooks -------------------------------------------------------------------

    def append(
        self,
        raw: bytes,
        internaldate: datetime,
        user: str = "office",
        folder: str = "INBOX",
        flags: tuple[bytes | str, ...] = (),
    ) -> int:
        """APPEND ``raw`` with the given INTERNALDATE (aware datetimes keep their offset)
        and return its UID, read from the APPENDUID response (Dovecot has UIDPLUS)."""
        with self.client(user) as imap:
            if folder.upper() != "INBOX" and not imap.folder_exists(folder):
                imap.create_folder(folder)
            response = imap.append(folder, raw, flags=flags, msg_time=internaldate)
        text = response.decode("ascii", "replace") if isinstance(response, bytes) else str(response)
        match = re.search(r"APPENDUID\s+\d+\s+(\d+)", text)
        if match is None:
            raise DovecotError(f"APPEND gave no APPENDUID: {text!r}")
        return int(match.group(1))

    def uids(self, user: str = "office", folder: str = "INBOX") -> list[int]:
        with self.client(user) as imap:
            imap.select_folder(folder, readonly=True)
            return sorted(int(uid) for uid in imap.search("ALL"))

    def uidvalidity(self, user: str = "office", folder: str = "INBOX") -> int:
        with self.client(user) as imap:
            status = imap.folder_status(folder, [b"UIDVALIDITY"])
        return int(status[b"UIDVALIDITY"])

    def doveadm(self, *args: str, input: bytes | None = None) -> str:
        """Run ``doveadm -c CONF ARGS`` against this server's config."""
        result = subprocess.run(
            [_which(DOVEADM, "doveadm") or DOVEADM, "-c", str(self.conf_path), *args],
            input=input,
            capture_output=True,
            timeout=30,
        )
        if result.returncode != 0:
            raise DovecotError(
                f"doveadm {' '.join(args)} exited {result.returncode}: "
                f"{result.stderr.decode(errors='replace')}"
            )
        return result.stdout.decode("utf-8", "replace")

    def set_uidvalidity(self, user: str, value: int, folder: str = "INBOX") -> None:
        """Force a new UIDVALIDITY, as a server does after rebuilding a mailbox."""
        self.doveadm("mailbox", "update", "-u", user, "--uid-validity", str(value), folder)

    def save(self, raw: bytes, user: str = "office", folder: str = "INBOX") -> None:
        """Deliver like an MTA would (doveadm save): INTERNALDATE is now."""
        self.doveadm("save", "-u", user, "-m", folder, input=raw)


def _cleanup(root: Path, processes: list[subprocess.Popen[bytes] | None]) -> None:
    """Finaliser: runs at garbage collection or interpreter exit if close() never did."""
    for process in processes:
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
    shutil.rmtree(root, ignore_errors=True)

