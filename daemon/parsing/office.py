"""Word .doc, Kingsoft/Works .wps, RTF and ODT to text with LibreOffice headless.

All documents of one message go through one soffice call (start-up dominates: about 1 s
for one file or ten). Each call gets its own fresh profile, because two soffice processes
sharing a profile fail silently, and that profile disables macro execution outright.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
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


def convert(
    documents: list[tuple[str, bytes]], settings: ParsingSettings, workdir: Path | None
) -> list[tuple[str | None, str]]:
    """documents: (suffix such as ".doc", content); returns (text or None, note) for each."""
    result: list[tuple[str | None, str]] = []
    if not documents:
        return result
    if workdir is not None:
        workdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="govinfo-soffice-", dir=workdir) as tmp:
        root = Path(tmp)
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
            "--convert-to", _FILTER, "--outdir", str(out), *paths,
        ]
        failure = _run(command, settings.converter_timeout, root)
        for index in range(len(documents)):
            produced = out / f"{index}.txt"
            if failure is None and produced.exists():
                result.append((produced.read_bytes().decode("utf-8-sig", "replace"), ""))
            else:
                result.append((None, failure or "LibreOffice could not convert the file"))
    return result


def _run(command: list[str], timeout: float, home: Path) -> str | None:
    """Run soffice in its own process group so a timeout kills soffice.bin too."""
    env = {**os.environ, "HOME": str(home), "SAL_USE_VCLPLUGIN": "svp"}
    try:
        proc = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL, env=env, start_new_session=True,
        )
    except OSError as exc:
        return f"LibreOffice not available: {exc}"
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return f"LibreOffice timed out after {timeout:g} s"
    if proc.returncode != 0:
        return f"LibreOffice exit {proc.returncode}: {stderr.decode(errors='replace')[-200:]}"
    return None
