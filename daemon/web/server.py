"""Serve the console with uvicorn in a thread until the stop event is set.

`govinfo run` hosts ``run_web`` as one of its background services; `govinfo web` runs
``serve`` alone. The socket is bound here, before uvicorn starts, so a port already in use
is one log line and the daemon's intake goes on without its console.
"""

from __future__ import annotations

import logging
import socket
import threading

import uvicorn
from sqlalchemy.orm import Session, sessionmaker

from daemon.config import Settings
from daemon.logs import kv
from daemon.web.app import create_app
from daemon.web.auth import secret_key

log = logging.getLogger(__name__)

SHUTDOWN_SECONDS = 5.0


def bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family)


def serve(settings: Settings, factory: sessionmaker[Session], stop: threading.Event,
          sock: socket.socket) -> None:
    """Answer on ``sock`` until ``stop`` is set; in-flight requests get a few seconds to finish."""
    app = create_app(settings, factory, secret_key(settings))
    config = uvicorn.Config(app, log_config=None, access_log=False, lifespan="off",
                            timeout_graceful_shutdown=int(SHUTDOWN_SECONDS))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="web-uvicorn",
                              daemon=True)
    host, port = sock.getsockname()[:2]
    log.info(kv("web_start", bind=host, port=port))
    thread.start()
    try:
        stop.wait()
    finally:
        server.should_exit = True
        thread.join(timeout=SHUTDOWN_SECONDS + 3)
        sock.close()
        log.info(kv("web_stop"))


def run_web(settings: Settings, factory: sessionmaker[Session], stop: threading.Event) -> None:
    """The console as a background service of `govinfo run` (``[web] enabled``)."""
    web = settings.web
    if not web.enabled:
        return
    try:
        sock = bind(web.bind, web.port)
    except OSError as exc:
        log.error(kv("web_bind_failed", bind=web.bind, port=web.port, error=exc.strerror))
        return
    serve(settings, factory, stop, sock)
