"""The console under test: items filed by the real intake, accounts from the roster, the
console served on a free port of 127.0.0.1, and two ways in: a plain HTTP client for the
server's answers (status codes, forged forms) and Chromium for what a person sees."""

from __future__ import annotations

import html
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from daemon.accounts import set_password
from daemon.config import load_settings
from daemon.db import make_engine, session_factory, transaction
from daemon.paths import PROJECT_ROOT
from daemon.web.server import bind, serve
from tests.workflow.office import CST, LEADER, Office, make_office, submission

PASSWORD = "dingxi-2026!"
OFFICE_EMAIL = "bgs.xxy@example.org"  # 赵文博, office info officer
ANDING_EMAIL = "anding.xxy1@example.org"  # 张明, 安定区 info officer
LEADER_EMAIL = "fenguan1.ld@example.org"  # 分管领导甲（示例）
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
       b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00"
       b"\x00\x00IEND\xaeB`\x82")


@dataclass
class World:
    """Two county items on different sections, and who heads those sections."""

    office: Office
    anding: str  # 安定区's item number
    tongwei: str  # 通渭县's item number
    heads: dict[str, str] = field(default_factory=dict)  # item number -> its section head's e-mail

    @property
    def config(self) -> Path:
        return self.office.config


def head_email(office: Office, section: str) -> str:
    settings = load_settings(office.config)
    unit = settings.unit(section)
    assert unit is not None, section
    return next(p.email for p in unit.people if p.role == "head" and p.email)


def make_world(tmp_path: Path, dovecot: Any, database_url: str) -> World:
    office = make_office(tmp_path, dovecot, database_url)
    when = datetime.now(CST) - timedelta(days=1)
    office.deliver(
        submission(ANDING_EMAIL, "安定区推行企业开办一网通办", 0, when),
        submission("tongwei.xxy1@example.org", "通渭县马铃薯全产业链带动农户增收", 1,
                   when + timedelta(minutes=5)),
    )
    items = {i["unit"]: i for i in office.json("items", "list")}
    anding, tongwei = items["安定区"], items["通渭县"]
    assert anding["state"] == tongwei["state"] == "routed"
    assert anding["route"] != tongwei["route"], "the two items must go to different sections"
    world = World(office, anding["number"], tongwei["number"])
    world.heads = {i["number"]: head_email(office, i["route"]) for i in (anding, tongwei)}
    settings = load_settings(office.config)
    engine = make_engine(settings.database_url)
    with transaction(session_factory(engine)) as session:
        for email in {OFFICE_EMAIL, ANDING_EMAIL, LEADER_EMAIL, *world.heads.values()}:
            set_password(session, settings, email, PASSWORD)
    engine.dispose()
    return world


@contextmanager
def console_in_process(config: Path) -> Iterator[str]:
    """The console served from this process on a free port; yields its base URL."""
    settings = load_settings(config)
    engine = make_engine(settings.database_url)
    stop = threading.Event()
    sock = bind("127.0.0.1", 0)
    port = sock.getsockname()[1]
    thread = threading.Thread(target=serve, args=(settings, session_factory(engine), stop, sock),
                              daemon=True)
    thread.start()
    wait_for_port(port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop.set()
        thread.join(timeout=15)
        engine.dispose()


@contextmanager
def console_command(config: Path) -> Iterator[str]:
    """`govinfo web` in a child process on a free port, stopped with SIGTERM."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    process = subprocess.Popen(
        [sys.executable, "-m", "daemon.cli", "--config", str(config), "web", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT_ROOT,
    )
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
        assert process.returncode == 0, err[-2000:]


def wait_for_port(port: int, process: subprocess.Popen[str] | None = None) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(process.stderr.read() if process.stderr else "govinfo web exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"console did not listen on {port}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Reply:
    status: int
    data: bytes
    headers: Any

    @property
    def body(self) -> str:
        return self.data.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Client:
    """A person's browser without the browser: cookies kept, redirects shown, forms forged."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)
        self.csrf = ""

    def _send(self, request: urllib.request.Request) -> Reply:
        try:
            with self.opener.open(request, timeout=60) as answer:
                reply = Reply(answer.status, answer.read(), answer.headers)
        except urllib.error.HTTPError as exc:
            reply = Reply(exc.code, exc.read(), exc.headers)
        found = re.search(r'name="csrf" value="([^"]+)"', reply.body)
        if found:
            self.csrf = found[1]
        return reply

    def get(self, path: str) -> Reply:
        return self._send(urllib.request.Request(self.base + path))

    def post(self, path: str, fields: dict[str, str], *, csrf: str | None = None,
             files: dict[str, tuple[str, bytes]] | None = None) -> Reply:
        """POST a form; the session's CSRF token unless ``csrf`` says otherwise ("" for none)."""
        token = self.csrf if csrf is None else csrf
        fields = {**fields, **({"csrf": token} if token else {})}
        if files is None:
            data = urllib.parse.urlencode(fields).encode()
            kind = "application/x-www-form-urlencoded"
        else:
            data, kind = _multipart(fields, files)
        request = urllib.request.Request(self.base + path, data=data, headers={"Content-Type": kind})
        return self._send(request)

    def login(self, email: str, password: str = PASSWORD) -> Reply:
        self.get("/login")
        return self.post("/login", {"email": email, "password": password})

    def flash(self, path: str) -> str:
        found = re.search(r'<div class="flash [a-z]+" role="status">(.*?)</div>', self.get(path).body, re.S)
        return html.unescape(found[1]) if found else ""


def _multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = bytearray()
    for name, value in fields.items():
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n').encode()
    for name, (filename, data) in files.items():
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def chrome() -> Any:
    """Debian's Chromium under chromium-driver, headless, with a profile of its own."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--window-size=1366,900", "--lang=zh-CN"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='govinfo-chrome-')}")
    options.binary_location = os.environ.get("GOVINFO_CHROMIUM", "/usr/bin/chromium")
    return webdriver.Chrome(service=Service(os.environ.get("GOVINFO_CHROMEDRIVER", "/usr/bin/chromedriver")),
                            options=options)


__all__ = ["LEADER", "Client", "World", "chrome", "console_command", "console_in_process", "make_world"]
