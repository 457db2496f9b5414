"""Attachments to text. Formats are sniffed from the bytes, never trusted from the name.

Extraction runs in two passes so that every .doc/.wps/.rtf/.odt of many messages, zip
members included, goes to LibreOffice together: ``plan()`` reads what can be read
directly and leaves ``_Pending`` placeholders; ``convert_pending()`` fills them all from
one conversion; ``resolve()`` then gives each attachment its result. ``extract_all`` does
the three for one message; the extraction worker (workers.py) does them for a batch.

This is the code that reads what strangers wrote with complex parsers (PDFium, expat,
LibreOffice): the daemon runs it in a worker process with a memory cap, never in its own.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from daemon.parsing import charsets, docx, office, ole, pdf
from daemon.parsing.archive import Refused, is_zip, open_zip, read_member
from daemon.parsing.glyphs import unify_radicals
from daemon.parsing.model import Attachment

if TYPE_CHECKING:
    from daemon.config import ParsingSettings

_OFFICE_SUFFIXES = (".doc", ".wps", ".docx", ".rtf", ".odt", ".wpt", ".dot")
_MAX_ZIP_DEPTH = 2  # a zip inside a zip is read; deeper nesting is not


@dataclass
class Extracted:
    """What was read from one file: its streams of text, or why nothing was."""

    status: str
    text: str | None = None
    note: str = ""
    notes: str = ""
    margins: str = ""
    # parts that could not be read although the file as a whole was (a zip member, an
    # imported chunk): the marking screen treats the file as not fully screened
    unscreened: tuple[str, ...] = ()


@dataclass
class _Pending:
    suffix: str
    data: bytes
    result: Extracted | None = None


@dataclass
class _Archive:
    members: list[tuple[str, Extracted | _Pending | _Archive]] = field(default_factory=list)


Plan = Extracted | _Pending | _Archive


def _suffix(name: str) -> str:
    return posixpath.splitext(name.lower())[1]


def _from_docx(read: docx.DocxText) -> Extracted:
    return Extracted("ok", read.text, notes=read.notes, margins=read.margins,
                     unscreened=read.unscreened)


def plan(name: str, content_type: str, data: bytes, settings: ParsingSettings,
         depth: int = 0) -> Plan:
    if len(data) > settings.max_attachment_bytes:
        return Extracted("too_large", note=f"{len(data)} bytes, not read")
    try:
        return _sniff(name, content_type, data, settings, depth)
    except Refused as refused:
        return Extracted(refused.status, note=refused.note)
    except MemoryError:
        raise  # the worker reports it: the message is quarantined, not the file
    except Exception as exc:  # a reader's own failure on a file nobody foresaw
        return Extracted("unreadable", note=f"{type(exc).__name__}: {exc}"[:300])


def _sniff(name: str, content_type: str, data: bytes, settings: ParsingSettings,
           depth: int) -> Plan:
    suffix = _suffix(name)
    if is_zip(data):
        archive = open_zip(data, settings)
        if docx.is_docx(archive):
            return _from_docx(docx.read(archive, settings))
        if "mimetype" in archive.NameToInfo and b"opendocument.text" in read_member(
            archive, archive.getinfo("mimetype")
        ):
            return _Pending(".odt", data)
        if suffix != ".zip" and "zip" not in content_type:
            return Extracted("not_text", note="zip-based file that is not a text document")
        if depth >= _MAX_ZIP_DEPTH:
            return Extracted("not_text", note="nested archive too deep")
        planned = _Archive()
        for info in archive.infolist():
            if not info.is_dir():
                member = read_member(archive, info)
                planned.members.append(
                    (info.filename, plan(info.filename, "", member, settings, depth + 1))
                )
        return planned
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
        return Extracted("ok", pdf.text(data, settings))
    if suffix in _OFFICE_SUFFIXES:  # HTML or MHT saved as .doc: LibreOffice reads those
        return _Pending(".doc" if suffix in (".wps", ".docx") else suffix, data)
    if suffix == ".txt" or (content_type == "text/plain" and suffix in ("", ".text")):
        return Extracted("ok", charsets.decode_text_file(data)[0].strip())
    return Extracted("not_text")


def pending(planned: Plan) -> list[_Pending]:
    if isinstance(planned, _Pending):
        return [planned]
    if isinstance(planned, _Archive):
        return [p for _, member in planned.members for p in pending(member)]
    return []


def convert_pending(waiting: list[_Pending], settings: ParsingSettings, workdir: Path | None) -> None:
    """One LibreOffice run (in chunks) for every waiting document; each gets its result."""
    if not waiting:
        return
    converted = office.convert([(p.suffix, p.data) for p in waiting], settings, workdir)
    for p, (produced, note) in zip(waiting, converted, strict=True):
        if produced is None:
            p.result = Extracted("unreadable", note=note)
            continue
        try:
            p.result = _from_docx(docx.read(open_zip(produced, settings), settings))
        except Refused as refused:
            p.result = Extracted(refused.status, note=f"converted: {refused.note}")


def resolve(planned: Plan) -> Extracted:
    if isinstance(planned, Extracted):
        return planned
    if isinstance(planned, _Pending):
        return planned.result or Extracted("unreadable", note="not converted")
    members = [(name, resolve(member)) for name, member in planned.members]
    readable = [(name, m) for name, m in members if m.status == "ok" and m.text]
    problems = tuple(f"zip member {name!r}: {m.status}" for name, m in members
                     if m.status != "ok" and m.status != "not_text")
    if readable:
        name, best = max(readable, key=lambda item: len(item[1].text or ""))
        # the other members are not the article, but a person can read them: screened
        others = [m.text or "" for n, m in readable if n != name]
        return Extracted(
            "ok", best.text, f"text of zip member {name!r}", notes=best.notes,
            margins="\n".join(filter(None, [best.margins, *others,
                                            *(m.margins for n, m in readable if n != name)])),
            unscreened=best.unscreened + problems,
        )
    for status in ("encrypted", "unreadable", "no_text_layer", "too_large"):
        bad = [name for name, m in members if m.status == status]
        if bad:
            return Extracted(status, note=f"zip member {bad[0]!r}: {status}")
    return Extracted("not_text", note="zip holds no text document")


@dataclass(frozen=True)
class RawAttachment:
    filename: str  # already sanitised
    content_type: str
    data: bytes


def clean(result: Extracted, limit: int) -> Extracted:
    """Line ends made uniform and radicals mapped to hanzi, in every stream of text.

    Each stream keeps at most one character past ``limit`` (the message's text cap), so
    that the daemon, which cuts the message as a whole, still sees that it was longer.
    """
    if result.status != "ok":
        return Extracted(result.status, None, result.note)

    def tidy(text: str | None) -> str:
        return unify_radicals(charsets.unify_newlines((text or "")[: limit + 1])).strip()

    return Extracted("ok", tidy(result.text), result.note, tidy(result.notes),
                     tidy(result.margins), result.unscreened)


def extract_texts(items: list[RawAttachment], settings: ParsingSettings,
                  workdir: Path | None = None) -> list[Extracted]:
    plans = [plan(item.filename, item.content_type, item.data, settings) for item in items]
    convert_pending([p for planned in plans for p in pending(planned)], settings, workdir)
    return [clean(resolve(planned), settings.max_text_chars) for planned in plans]


def attach(items: list[RawAttachment], results: list[Extracted]) -> list[Attachment]:
    return [
        Attachment(
            filename=item.filename,
            content_type=item.content_type,
            data=item.data,
            sha256=hashlib.sha256(item.data).hexdigest(),
            text=result.text if result.status == "ok" else None,
            status=result.status,
            note=result.note,
            notes=result.notes,
            margins=result.margins,
            unscreened=result.unscreened,
        )
        for item, result in zip(items, results, strict=True)
    ]


def extract_all(items: list[RawAttachment], settings: ParsingSettings,
                workdir: Path | None = None) -> list[Attachment]:
    """Read every attachment of one message here, in this process (no isolation)."""
    return attach(items, extract_texts(items, settings, workdir))
