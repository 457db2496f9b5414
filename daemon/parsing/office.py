"""Word .doc, Kingsoft/Works .wps, RTF and ODT converted to .docx with LibreOffice headless.

To .docx rather than to text: LibreOffice's text export drops page headers, footers and
footnotes, where markings hide; the .docx it writes goes through the same reader as a
.docx from a county (daemon/parsing/docx.py), with the same caps.

Start-up dominates (about 1 s for one file or ten), so the documents that wait are
converted together, in chunks of ``converter_chunk`` files: LibreOffice 7.4 given a few
hundred files in one call silently stopped after about 243. Every expected output is
checked: a file that did not come out is an error of that file alone.

Each call gets its own fresh profile (two soffice processes sharing one fail silently)
with macro execution disabled, and its own process group, killed whole at the converter
timeout. Inside an extraction worker that group is also in the worker's session, which
the daemon kills whole when the worker overruns (daemon/parsing/workers.py), so no
soffice.bin outlives it. Folders of calls whose process was killed are removed at start
(``remove_leftovers``).

A running soffice cannot be kept warm instead: handed a --convert-to through its IPC
pipe, LibreOffice 7.4 converts and then exits (measured here), and UNO would need
LibreOffice's Python bindings inside our virtualenv.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from daemon.config import ParsingSettings

_FILTER = "docx:MS Word 2007 XML"
_PREFIX = "govinfo-soffice-"
_NO_MACROS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
<prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
</oor:items>
"""

Converted = tuple[bytes | None, str]  # (the .docx LibreOffice wrote, or None; note)


def convert(
    documents: list[tuple[str, bytes]], settings: ParsingSettings, workdir: Path | None
) -> list[Converted]:
    """documents: (suffix such as ".doc", content); a .docx or an error note for each."""
    size = settings.converter_chunk
    result: list[Converted] = []
    for start in range(0, len(documents), size):
        result.extend(_call(documents[start : start + size], settings, workdir))
    return result


def _call(
    documents: list[tuple[str, bytes]], settings: ParsingSettings, workdir: Path | None
) -> list[Converted]:
    if workdir is not None:
        workdir.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=workdir))
    try:
        command, out = _command(root, documents, settings, _FILTER)
        failure = _run(command, root, settings.converter_timeout)
        result: list[Converted] = []
        for index in range(len(documents)):
            produced = out / f"{index}.docx"
            if failure is None and produced.exists():
                result.append((produced.read_bytes(), ""))
            else:
                result.append((None, failure or "LibreOffice wrote no output for this file"))
        return result
    finally:
        shutil.rmtree(root, ignore_errors=True)


def render_files(documents: list[bytes], suffix: str, target: str, settings: ParsingSettings,
                 extra_env: dict[str, str] | None = None) -> tuple[list[bytes | None], str | None]:
    """Convert our own files (e.g. generated .docx to ``pdf``) in one soffice call.

    The output of each file, or None, and the failure if soffice failed. Same isolation as
    the conversion of county files: fresh profile, macros off, its own process group, the
    timeout.
    """
    root = Path(tempfile.mkdtemp(prefix="govinfo-render-"))
    try:
        command, out = _command(root, [(suffix, data) for data in documents], settings, target)
        failure = _run(command, root, settings.converter_timeout * max(1, len(documents)),
                       extra_env)
        extension = target.split(":")[0]
        results = []
        for index in range(len(documents)):
            produced = out / f"{index}.{extension}"
            results.append(produced.read_bytes() if failure is None and produced.exists() else None)
        return results, failure
    finally:
        shutil.rmtree(root, ignore_errors=True)


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


def _run(command: list[str], home: Path, timeout: float,
         extra_env: dict[str, str] | None = None) -> str | None:
    """Run soffice in a process group of its own, so a timeout kills soffice.bin too."""
    env = {**os.environ, "HOME": str(home), "SAL_USE_VCLPLUGIN": "svp", **(extra_env or {})}
    try:
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL, env=env, process_group=0,
        )
    except OSError as exc:
        return f"LibreOffice not available: {exc}"
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        return f"LibreOffice timed out after {timeout:g} s"
    except BaseException:  # SystemExit from SIGTERM, KeyboardInterrupt: soffice goes too
        _kill(proc)
        raise
    if proc.returncode != 0:
        return f"LibreOffice exit {proc.returncode}: {stderr.decode(errors='replace')[-200:]}"
    return None


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def remove_leftovers(workdir: Path) -> int:
    """Remove the folders of soffice calls whose process is gone (killed mid-conversion)."""
    removed = 0
    if not workdir.is_dir():
        return 0
    for folder in workdir.glob(f"{_PREFIX}*"):
        owner = folder.name[len(_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and _alive(int(owner)):
            continue  # a call in flight, in this process or another
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
