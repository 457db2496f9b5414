"""``govinfo web [--bind HOST] [--port N]``: the console alone, without intake or delivery.

`govinfo run` serves the console too (``[web] enabled``); this verb is for a second
process or for looking at a database no daemon is running on. SIGTERM/SIGINT stop it.
"""

from __future__ import annotations

import argparse
import signal
import threading

from daemon.commands import App, Failure


def cmd_web(app: App) -> int:
    from daemon.web.server import bind, serve  # uvicorn and starlette load with this verb only

    settings = app.settings
    host = app.args.bind or settings.web.bind
    port = settings.web.port if app.args.port is None else app.args.port
    factory = app.factory()
    try:
        sock = bind(host, port)
    except OSError as exc:
        raise Failure(f"无法在 {host}:{port} 上提供控制台：{exc.strerror}") from exc
    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    print(f"控制台：http://{host}:{sock.getsockname()[1]}/", flush=True)
    serve(settings, factory, stop, sock)
    return 0


def register(verbs: argparse._SubParsersAction) -> None:
    web = verbs.add_parser("web", help="只运行网页控制台")
    web.add_argument("--bind", help="监听地址（默认取配置 [web] bind）")
    web.add_argument("--port", type=int, help="端口（默认取配置 [web] port；0 为任选空闲端口）")
    web.set_defaults(func=cmd_web)
