"""Attachment extraction in worker processes that may die without taking the daemon along.

Each worker is ``python -m daemon.parsing.workers``: a session of its own, an address-
space cap (RLIMIT_AS, ``worker_memory_mb``) set before it reads anything, and nothing
imported but the readers. LibreOffice runs inside the worker's session, so killing the
session kills soffice.bin as well: nothing is orphaned when a worker overruns.

A job is a list of messages, each a list of attachments. The worker reads each message's
files directly (PDFium, the .docx reader), telling the daemon which message it starts,
and answers those that need nothing more at once; the documents of the whole job that
need LibreOffice then go to one soffice run (in chunks), and those messages are answered.
So LibreOffice still starts once per job, not once per message.

When a worker dies (memory cap, crash, or killed past its time limit) the daemon knows
which message it was on: that message fails with the reason in Chinese (内存超限, 超时),
and every other message of the job goes to a fresh worker. A death during the LibreOffice
run, which holds several messages, sends each of them to a job of its own, so the next
death names its message. Frames: 4-byte length, then pickle towards the worker (the
daemon's own data) and JSON back (text only, parsed into typed values on arrival).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from daemon.logs import kv
from daemon.parsing.attachments import (
    Extracted,
    RawAttachment,
    clean,
    convert_pending,
    pending,
    plan,
    resolve,
)

if TYPE_CHECKING:
    from daemon.config import ParsingSettings

log = logging.getLogger(__name__)

Key = int  # the message's ledger row id
Item = tuple[str, str, bytes]  # filename, content type, bytes
Emit = Callable[[dict[str, Any]], None]
_HEADER = struct.Struct(">I")
_MAX_FRAME = 1 << 30
_EXIT_MEMORY = 3


class ExtractionFailed(Exception):
    """The worker died on this message: its reason is Chinese, for the message ledger."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail  # English, for the log


# -- the job, as a worker (or the daemon itself, with workers = 0) runs it ----------------


def _result_row(result: Extracted) -> list[Any]:
    return [result.status, result.text, result.note, result.notes, result.margins,
            list(result.unscreened)]


def _from_row(row: list[Any]) -> Extracted:
    status, text, note, notes, margins, unscreened = row
    return Extracted(str(status), None if text is None else str(text), str(note), str(notes),
                     str(margins), tuple(str(u) for u in unscreened))


def _rows(plans: list[Any], settings: ParsingSettings) -> list[list[Any]]:
    return [_result_row(clean(resolve(p), settings.max_text_chars)) for p in plans]


def run_job(messages: list[tuple[Any, list[Item]]], settings: ParsingSettings,
            workdir: Path | None, emit: Emit) -> None:
    """Extract every message of a job; ``emit`` hears begin, office and done events."""
    waiting: list[tuple[Any, list[Any]]] = []
    for key, items in messages:
        emit({"t": "begin", "key": key})
        plans = [plan(name, ctype, data, settings) for name, ctype, data in items]
        if any(pending(p) for p in plans):
            waiting.append((key, plans))
        else:
            emit({"t": "done", "key": key, "results": _rows(plans, settings)})
    if waiting:
        emit({"t": "office", "keys": [key for key, _ in waiting]})
        convert_pending([p for _, plans in waiting for planned in plans for p in pending(planned)],
                        settings, workdir)
        for key, plans in waiting:
            emit({"t": "done", "key": key, "results": _rows(plans, settings)})


def _read_exact(stream: Any, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _worker_main() -> int:
    from daemon.config import ParsingSettings

    inbox, outbox = sys.stdin.buffer, sys.stdout.buffer

    def send(event: dict[str, Any]) -> None:
        body = json.dumps(event, ensure_ascii=False).encode("utf-8")
        outbox.write(_HEADER.pack(len(body)) + body)
        outbox.flush()

    # the daemon gone, the worker goes too (SIGTERM unwinds a running soffice call)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))
    _die_with_parent()
    head = _read_exact(inbox, _HEADER.size)
    if head is None:
        return 0
    setup = pickle.loads(_read_exact(inbox, _HEADER.unpack(head)[0]) or b"")
    settings = ParsingSettings.model_validate(setup["settings"])
    workdir = Path(setup["workdir"])
    try:
        while True:
            head = _read_exact(inbox, _HEADER.size)
            if head is None:
                return 0
            messages = pickle.loads(_read_exact(inbox, _HEADER.unpack(head)[0]) or b"")
            run_job(messages, settings, workdir, send)
            send({"t": "end"})
    except MemoryError:
        return _EXIT_MEMORY


def _die_with_parent() -> None:
    """PR_SET_PDEATHSIG: SIGTERM when the daemon dies, whatever kills it."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:
        sys.exit(1)


# -- the daemon's side --------------------------------------------------------------------


def kill_session(sid: int) -> None:
    """SIGKILL every process of session ``sid``: the worker and any soffice it started."""
    for _ in range(5):
        found = False
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid:  # fields after the name: state ppid pgrp session
                found = True
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(entry), signal.SIGKILL)
        if not found:
            return
        time.sleep(0.01)


@dataclass
class _Job:
    messages: list[tuple[Key, list[Item]]]
    time_limit: float


class _Worker:
    """One worker process and the frames it sends."""

    def __init__(self, settings: ParsingSettings, workdir: Path) -> None:
        self.settings = settings
        memory = settings.worker_memory_mb * 1024 * 1024
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "daemon.parsing.workers"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None,
            start_new_session=True,
            env={**os.environ, "GOVINFO_WORKER_MEMORY": str(memory)},
        )
        self.buffer = b""
        self.killed = False
        self.send({"settings": settings.model_dump(mode="json"), "workdir": str(workdir)})

    def send(self, payload: object) -> None:
        assert self.proc.stdin is not None
        body = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        self.proc.stdin.write(_HEADER.pack(len(body)) + body)
        self.proc.stdin.flush()

    def receive(self, deadline: float) -> dict[str, Any] | None:
        """The next frame; None past the deadline. EOFError when the worker is gone."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while True:
            if len(self.buffer) >= _HEADER.size:
                size = _HEADER.unpack_from(self.buffer)[0]
                if size > _MAX_FRAME:
                    raise EOFError("frame too large")
                if len(self.buffer) >= _HEADER.size + size:
                    body = self.buffer[_HEADER.size : _HEADER.size + size]
                    self.buffer = self.buffer[_HEADER.size + size :]
                    event = json.loads(body)
                    if not isinstance(event, dict):
                        raise EOFError("bad frame")
                    return event
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise EOFError("worker closed its output")
            self.buffer += chunk

    def kill(self) -> None:
        self.killed = True
        kill_session(self.proc.pid)
        self.proc.wait()

    def close(self) -> None:
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        if self.proc.poll() is None:
            self.kill()
        else:
            kill_session(self.proc.pid)  # a soffice left behind, should there be one

    def death(self, limit: float) -> ExtractionFailed:
        """Why the worker is gone, in the ledger's words."""
        code = self.proc.wait()
        cap = self.settings.worker_memory_mb
        if self.killed:
            return ExtractionFailed(f"超时：附件提取超过 {limit:g} 秒，已终止", f"killed after {limit:g} s")
        if code == _EXIT_MEMORY:
            return ExtractionFailed(f"内存超限：附件提取超过 {cap} MB 内存上限",
                                    f"MemoryError under RLIMIT_AS {cap} MB")
        if code in (-signal.SIGKILL, -signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS):
            # SIGKILL not sent by us: the kernel's OOM killer (a cgroup limit); the others:
            # a C library (PDFium) that failed to allocate under the cap
            name = signal.Signals(-code).name
            return ExtractionFailed(f"内存超限：附件提取进程被终止（{name}），内存上限 {cap} MB",
                                    f"worker died by {name}")
        return ExtractionFailed(f"附件提取进程异常退出（状态 {code}）", f"worker exit {code}")


@dataclass
class ExtractionPool:
    """Workers fed from one queue; a Future per message, its attachments' Extracted list."""

    settings: ParsingSettings
    workdir: Path
    jobs: deque[_Job] = field(default_factory=deque)
    futures: dict[Key, Future[list[Extracted]]] = field(default_factory=dict)
    threads: list[threading.Thread] = field(default_factory=list)
    lock: threading.Condition = field(default_factory=threading.Condition)
    busy: set[_Worker] = field(default_factory=set)  # workers in the middle of a job
    closing: bool = False

    def submit(self, messages: list[tuple[Key, list[RawAttachment]]],
               time_limit: float) -> dict[Key, Future[list[Extracted]]]:
        """Queue the messages' attachments; split among the workers, in order."""
        made = {key: Future[list[Extracted]]() for key, _ in messages}
        items = [(key, [(a.filename, a.content_type, a.data) for a in attachments])
                 for key, attachments in messages]
        if not items:
            return made
        if self.settings.workers == 0:
            self._run_here(items, made)
            return made
        with self.lock:
            self.futures.update(made)
            size = -(-len(items) // self.settings.workers)
            for start in range(0, len(items), size):
                self.jobs.append(_Job(items[start : start + size], time_limit))
            while len(self.threads) < self.settings.workers:
                thread = threading.Thread(target=self._serve, name="extraction", daemon=True)
                thread.start()
                self.threads.append(thread)
            self.lock.notify_all()
        return made

    def _run_here(self, items: list[tuple[Key, list[Item]]],
                  made: dict[Key, Future[list[Extracted]]]) -> None:
        def emit(event: dict[str, Any]) -> None:
            if event["t"] == "done":
                made[event["key"]].set_result([_from_row(r) for r in event["results"]])

        run_job(items, self.settings, self.workdir, emit)

    def _next(self) -> _Job | None:
        with self.lock:
            while not self.jobs and not self.closing:
                self.lock.wait()
            return self.jobs.popleft() if self.jobs else None

    def _serve(self) -> None:
        worker: _Worker | None = None
        try:
            while True:
                job = self._next()
                if job is None:
                    return
                if worker is None:
                    worker = _Worker(self.settings, self.workdir)
                running = worker
                with self.lock:
                    self.busy.add(running)
                try:
                    if not self._run(running, job):
                        worker = None
                finally:
                    with self.lock:
                        self.busy.discard(running)
        finally:
            if worker is not None:
                worker.close()

    def _finish(self, key: Key, result: list[Extracted] | ExtractionFailed) -> None:
        with self.lock:
            future = self.futures.pop(key, None)
        if future is None or future.done():
            return
        if isinstance(result, ExtractionFailed):
            future.set_exception(result)
        else:
            future.set_result(result)

    def _requeue(self, jobs: list[_Job]) -> None:
        with self.lock:
            self.jobs.extendleft(reversed(jobs))
            self.lock.notify_all()

    def _run(self, worker: _Worker, job: _Job) -> bool:
        """Run one job; False when the worker died (it is then replaced)."""
        waiting = {key for key, _ in job.messages}
        current: Key | None = None
        office: list[Key] = []
        deadline = time.monotonic() + job.time_limit
        limit = job.time_limit
        try:
            worker.send(job.messages)
            while True:
                event = worker.receive(deadline)
                if event is None:
                    worker.kill()
                    raise EOFError("time limit")
                kind = event.get("t")
                if kind == "end":
                    return True
                if kind == "begin":
                    current = int(event["key"])
                    deadline, limit = time.monotonic() + job.time_limit, job.time_limit
                elif kind == "office":
                    office, current = [int(k) for k in event["keys"]], None
                    # the conversion is shared: each message brings its own time budget
                    limit = job.time_limit * len(office)
                    deadline = time.monotonic() + limit
                elif kind == "done":
                    key = int(event["key"])
                    waiting.discard(key)
                    self._finish(key, [_from_row(r) for r in event["results"]])
        except (EOFError, OSError, ValueError, KeyError, TypeError) as exc:
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.proc.wait(timeout=5)  # output closed: the exit status follows
            failure = worker.death(limit) if worker.proc.poll() is not None or worker.killed else None
            if failure is None:
                worker.kill()
                failure = ExtractionFailed("附件提取进程通信失败", f"protocol: {exc}")
            self._after_death(job, waiting, current, office, failure)
            return False

    def _after_death(self, job: _Job, waiting: set[Key], current: Key | None,
                     office: list[Key], failure: ExtractionFailed) -> None:
        from daemon.parsing.office import remove_leftovers

        remove_leftovers(self.workdir)
        culprits = [current] if current in waiting else (office if len(office) == 1 else [])
        for key in culprits:
            waiting.discard(key)
            log.warning(kv("extraction_failed", message_row=key, reason=failure.detail))
            self._finish(key, failure)
        rest = [(k, items) for k, items in job.messages if k in waiting]
        if office and len(office) > 1:
            # which document of the LibreOffice run it was is unknown: one job each
            jobs = [_Job([(k, items)], job.time_limit) for k, items in rest]
        else:
            jobs = [_Job(rest, job.time_limit)] if rest else []
        self._requeue(jobs)

    def close(self) -> None:
        with self.lock:
            self.closing = True
            self.jobs.clear()
            pending_futures = list(self.futures.values())
            self.futures.clear()
            self.lock.notify_all()
            busy = list(self.busy)
        for future in pending_futures:
            future.cancel()
        for worker in busy:  # a stop: what they are reading is wanted by nobody now
            worker.kill()
        for thread in self.threads:
            thread.join(timeout=10)
        self.threads.clear()
        self.closing = False


def _limit_memory() -> None:
    import resource

    cap = int(os.environ.get("GOVINFO_WORKER_MEMORY", "0"))
    if cap > 0:
        resource.setrlimit(resource.RLIMIT_AS, (cap, resource.RLIM_INFINITY))


if __name__ == "__main__":
    _limit_memory()
    sys.exit(_worker_main())
