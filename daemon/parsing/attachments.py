"""Attachments to text. Formats are sniffed from the bytes, never trusted from the name.

Extraction runs in two passes so that every .doc/.wps of one message, zip members
included, goes to LibreOffice in a single call: plan() reads what can be read directly
and leaves _Pending placeholders; resolve() fills them from the one conversion.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from daemon.config import ParsingSettings
from daemon.parsing import charsets, docx, office, ole, pdf
from daemon.parsing.archive import Refused, is_zip, open_zip, read_member
from daemon.parsing.model import Attachment

_OFFICE_SUFFIXES = (".doc", ".wps", ".docx", ".rtf", ".odt", ".wpt", ".dot")
_MAX_ZIP_DEPTH = 2  # a zip inside a zip is read; deeper nesting is not


@dataclass
class Extracted:
    status: str
    text: str | None = None
    note: str = ""


@dataclass
class _Pending:
    suffix: str
    data: bytes
    result: Extracted | None = None


@dataclass
class _Archive:
    members: list[tuple[str, Extracted | _Pending | _Archive]] = field(default_factory=list)


_Plan = Extracted | _Pending | _Archive


def _suffix(name: str) -> str:
    return posixpath.splitext(name.lower())[1]


def _plan(name: str, content_type: str, data: bytes, settings: ParsingSettings,
          depth: int = 0) -> _Plan:
    try:
        return _sniff(name, content_type, data, settings, depth)
    except Refused as refused:
        return Extracted(refused.status, note=refused.note)


def _sniff(name: str, content_type: str, data: bytes, settings: ParsingSettings,
           depth: int) -> _Plan:
    suffix = _suffix(name)
    if is_zip(data):
        archive = open_zip(data, settings)
        if docx.is_docx(archive):
            return Extracted("ok", docx.text(archive))
        if "mimetype" in archive.NameToInfo and b"opendocument.text" in read_member(
            archive, archive.getinfo("mimetype")
        ):
            return _Pending(".odt", data)
        if suffix != ".zip" and "zip" not in content_type:
            return Extracted("not_text", note="zip-based file that is not a text document")
        if depth >= _MAX_ZIP_DEPTH:
            return Extracted("not_text", note="nested archive too deep")
        plan = _Archive()
        for info in archive.infolist():
            if not info.is_dir():
                member = read_member(archive, info)
                plan.members.append(
                    (info.filename, _plan(info.filename, "", member, settings, depth + 1))
                )
        return plan
    if data.startswith(ole.OLE_MAGIC):
        kind = ole.kind(data)
        if kind == "encrypted":
            return Extracted("encrypted", note="password-protected Office file")
        if kind == "word":  # Word .doc and Kingsoft .wps share this format
            return _Pending(".doc", data)
        if kind == "works":
            return _Pending(".wps", data)
        if kind == "unreadable":
            return Extracted("unreadable", note="damaged OLE compound file")
        return Extracted("not_text", note="OLE file without a text document")
    if data.lstrip()[:5] == b"{\\rtf":
        return _Pending(".rtf", data)
    if b"%PDF-" in data[:1024]:
        return Extracted("ok", pdf.text(data))
    if suffix in _OFFICE_SUFFIXES:  # HTML or MHT saved as .doc: LibreOffice reads those
        return _Pending(".doc" if suffix in (".wps", ".docx") else suffix, data)
    if suffix == ".txt" or (content_type == "text/plain" and suffix in ("", ".text")):
        return Extracted("ok", charsets.decode_text_file(data)[0].strip())
    return Extracted("not_text")


def _pending(plan: _Plan) -> list[_Pending]:
    if isinstance(plan, _Pending):
        return [plan]
    if isinstance(plan, _Archive):
        return [p for _, member in plan.members for p in _pending(member)]
    return []


def _resolve(plan: _Plan) -> Extracted:
    if isinstance(plan, Extracted):
        return plan
    if isinstance(plan, _Pending):
        return plan.result or Extracted("unreadable", note="not converted")
    members = [(name, _resolve(member)) for name, member in plan.members]
    readable = [(name, m) for name, m in members if m.status == "ok" and m.text]
    if readable:
        name, best = max(readable, key=lambda item: len(item[1].text or ""))
        return Extracted("ok", best.text, f"text of zip member {name!r}")
    for status in ("encrypted", "unreadable", "no_text_layer"):
        bad = [name for name, m in members if m.status == status]
        if bad:
            return Extracted(status, note=f"zip member {bad[0]!r}: {status}")
    return Extracted("not_text", note="zip holds no text document")


@dataclass(frozen=True)
class RawAttachment:
    filename: str  # already sanitised
    content_type: str
    data: bytes


def extract_all(items: list[RawAttachment], settings: ParsingSettings,
                workdir: Path | None = None) -> list[Attachment]:
    plans: list[_Plan] = []
    for item in items:
        if len(item.data) > settings.max_attachment_bytes:
            plans.append(Extracted("too_large", note=f"{len(item.data)} bytes, not converted"))
        else:
            plans.append(_plan(item.filename, item.content_type, item.data, settings))
    pending = [p for plan in plans for p in _pending(plan)]
    if pending:
        converted = office.convert([(p.suffix, p.data) for p in pending], settings, workdir)
        for p, (text, note) in zip(pending, converted, strict=True):
            p.result = Extracted("ok", text.strip()) if text is not None else Extracted(
                "unreadable", note=note
            )
    attachments = []
    for item, plan in zip(items, plans, strict=True):
        result = _resolve(plan)
        attachments.append(
            Attachment(
                filename=item.filename,
                content_type=item.content_type,
                data=item.data,
                sha256=hashlib.sha256(item.data).hexdigest(),
                text=charsets.unify_newlines(result.text or "") if result.status == "ok" else None,
                status=result.status,
                note=result.note,
            )
        )
    return attachments
