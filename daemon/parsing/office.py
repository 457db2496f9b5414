"""Word .doc, Kingsoft/Works .wps, RTF and ODT to text with LibreOffice headless.

Start-up dominates (about 1 s for one file or ten), so documents are converted together:
all of one message in one soffice call, and while intake has a batch of messages in hand
(``sharing()``), all of the batch's in one call, which runs beside intake filing the
previous batch. Each call gets its own fresh profile,
because two soffice processes sharing a profile fail silently, and that profile disables
macro execution outright.

A running soffice cannot be kept warm instead: handed a --convert-to through its IPC
pipe, LibreOffice 7.4 converts and then exits (measured here), and UNO would need
LibreOffice's Python bindings inside our virtualenv.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from daemon.config import ParsingSettings

_FILTER = "txt:Text (encoded):UTF8"
_NO_MACROS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
<prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
</oor:items>
"""


Converted = tuple[str | None, str]  # (text or None, note)


class Deferred(Exception):
    """The message needs LibreOffice; its documents wait for the batch's one call."""


class _Call:
    """One soffice run in flight, in its own folder with a fresh profile."""

    def __init__(
        self, documents: list[tuple[str, bytes]], settings: ParsingSettings, workdir: Path | None
    ) -> None:
        self.count = len(documents)
        if workdir is not None:
            workdir.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix="govinfo-soffice-", dir=workdir))
        command, self.out = _command(self.root, documents, settings, _FILTER)
        self.timeout = settings.converter_timeout
        self.deadline = time.monotonic() + self.timeout
        self.proc, self.failure = _start(command, self.root)

    def finish(self) -> list[Converted]:
        """Wait for soffice (until the converter timeout) and read what it wrote."""
        try:
            failure = self.failure or _wait(self.proc, self.deadline, self.timeout)
            result: list[Converted] = []
            for index in range(self.count):
                produced = self.out / f"{index}.txt"
                if failure is None and produced.exists():
                    result.append((produced.read_bytes().decode("utf-8-sig", "replace"), ""))
                else:
                    result.append((None, failure or "LibreOffice could not convert the file"))
            return result
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def cancel(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            _kill(self.proc)
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class SharedConversion:
    """One LibreOffice call for the documents of every message in a batch.

    While ``collecting``, a message whose documents are not converted yet queues them and
    raises Deferred; ``start()`` then hands the whole queue to one soffice, which runs
    beside our process (intake files the previous batch meanwhile), and after
    ``finish()`` parsing those messages again finds their text here. A document the
    shared call could not convert is not remembered: it is converted again alone, so one
    bad file (a hang, a crash of soffice) costs only its own message, as without sharing.
    """

    settings: ParsingSettings
    workdir: Path | None
    collecting: bool = True
    queued: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    done: dict[str, Converted] = field(default_factory=dict)
    call: _Call | None = None

    def start(self) -> None:
        self.collecting = False
        if self.queued:
            self.call = _Call(list(self.queued.values()), self.settings, self.workdir)

    def finish(self) -> None:
        if self.call is None:
            return
        call, self.call = self.call, None
        for key, (text, note) in zip(self.queued, call.finish(), strict=True):
            if text is not None:
                self.done[key] = (text, note)
        self.queued.clear()

    def cancel(self) -> None:
        if self.call is not None:
            self.call.cancel()
            self.call = None


# A context variable rather than a parameter: parse_message sits between intake, which
# owns the batch, and convert(), and its signature is the parsing package's interface.
_shared: ContextVar[SharedConversion | None] = ContextVar("govinfo_soffice_batch", default=None)


@contextmanager
def sharing(batch: SharedConversion) -> Iterator[SharedConversion]:
    """Messages parsed inside the block use (or, while collecting, fill) ``batch``."""
    token = _shared.set(batch)
    try:
        yield batch
    finally:
        _shared.reset(token)


def _key(suffix: str, data: bytes) -> str:
    return f"{suffix}:{hashlib.sha256(data).hexdigest()}"


def convert(
    documents: list[tuple[str, bytes]], settings: ParsingSettings, workdir: Path | None
) -> list[Converted]:
    """documents: (suffix such as ".doc", content); returns (text or None, note) for each.

    Raises Deferred inside ``sharing()`` a collecting batch (see SharedConversion).
    """
    batch = _shared.get()
    if batch is not None and documents:
        keys = [_key(suffix, data) for suffix, data in documents]
        if all(key in batch.done for key in keys):
            return [batch.done[key] for key in keys]
        if batch.collecting:
            for key, document in zip(keys, documents, strict=True):
                if key not in batch.done:
                    batch.queued[key] = document
            raise Deferred(f"{len(documents)} document(s) wait for LibreOffice")
    if not documents:
        return []
    return _Call(documents, settings, workdir).finish()


def _command(root: Path, documents: list[tuple[str, bytes]], settings: ParsingSettings,
             target: str) -> tuple[list[str], Path]:
    """Write the inputs under ``root`` with a fresh profile (macros off); the soffice command
    and the folder it writes to."""
    profile = root / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_NO_MACROS, "utf-8")
    inputs, out = root / "in", root / "out"
    inputs.mkdir()
    paths = []
    for index, (suffix, data) in enumerate(documents):
        path = inputs / f"{index}{suffix}"
        path.write_bytes(data)
        paths.append(str(path))
    command = [
        settings.soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
        "--norestore", "--nolockcheck", "--nologo", "--nodefault",
        "--convert-to", target, "--outdir", str(out), *paths,
    ]
    return command, out


def _start(command: list[str], home: Path,
           extra_env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes] | None, str | None]:
    """Start soffice in its own process group, so a timeout kills soffice.bin too."""
    env = {**os.environ, "HOME": str(home), "SAL_USE_VCLPLUGIN": "svp", **(extra_env or {})}
    try:
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL, env=env, start_new_session=True,
        )
    except OSError as exc:
        return None, f"LibreOffice not available: {exc}"
    return proc, None


def _wait(proc: subprocess.Popen[bytes] | None, deadline: float, timeout: float) -> str | None:
    assert proc is not None
    try:
        _, stderr = proc.communicate(timeout=max(deadline - time.monotonic(), 0.0))
    except subprocess.TimeoutExpired:
        _kill(proc)
        return f"LibreOffice timed out after {timeout:g} s"
    if proc.returncode != 0:
        return f"LibreOffice exit {proc.returncode}: {stderr.decode(errors='replace')[-200:]}"
    return None


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def render_files(documents: list[bytes], suffix: str, target: str, settings: ParsingSettings,
                 extra_env: dict[str, str] | None = None) -> tuple[list[bytes | None], str | None]:
    """Convert our own files (e.g. generated .docx to ``pdf``) in one soffice call.

    The output of each file, or None, and the failure if soffice failed. Same isolation as
    the text conversion: fresh profile, macros off, its own process group, the timeout.
    """
    root = Path(tempfile.mkdtemp(prefix="govinfo-render-"))
    try:
        command, out = _command(root, [(suffix, data) for data in documents], settings, target)
        timeout = settings.converter_timeout * max(1, len(documents))
        proc, failure = _start(command, root, extra_env)
        failure = failure or _wait(proc, time.monotonic() + timeout, timeout)
        extension = target.split(":")[0]
        results = []
        for index in range(len(documents)):
            produced = out / f"{index}.{extension}"
            results.append(produced.read_bytes() if failure is None and produced.exists() else None)
        return results, failure
    finally:
        shutil.rmtree(root, ignore_errors=True)
