"""Text of a .docx read straight from its XML: paragraphs, tables and text boxes, in order.

No python-docx here: it skips text boxes, and reading the zip ourselves keeps the
archive guards in force. ElementTree (expat) never fetches external entities; any DTD is
refused outright so entity-expansion tricks cannot run either.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile

from daemon.parsing.archive import Refused, read_member

_DOCUMENT_PARTS = ("word/document.xml", "word/document2.xml")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _paragraph(p: ET.Element, lines: list[str]) -> None:
    text: list[str] = []
    boxes: list[ET.Element] = []

    def collect(element: ET.Element) -> None:
        for child in element:
            name = _local(child.tag)
            if name == "t":
                text.append(child.text or "")
            elif name == "tab":
                text.append("\t")
            elif name in ("br", "cr"):
                text.append("\n")
            elif name == "txbxContent":
                boxes.append(child)
            elif name != "Fallback":  # mc:Fallback repeats the text box as VML
                collect(child)

    collect(p)
    lines.append("".join(text))
    for box in boxes:
        _blocks(box, lines)


def _blocks(element: ET.Element, lines: list[str]) -> None:
    for child in element:
        name = _local(child.tag)
        if name == "p":
            _paragraph(child, lines)
        elif name != "Fallback":
            _blocks(child, lines)


def is_docx(archive: zipfile.ZipFile) -> bool:
    return any(name in archive.NameToInfo for name in _DOCUMENT_PARTS)


def text(archive: zipfile.ZipFile) -> str:
    part = next(name for name in _DOCUMENT_PARTS if name in archive.NameToInfo)
    xml = read_member(archive, archive.getinfo(part))
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise Refused("unreadable", "DTD in document.xml")
    try:
        root = ET.fromstring(xml)
    except (ET.ParseError, RecursionError) as exc:
        raise Refused("unreadable", f"bad document.xml: {exc}") from exc
    lines: list[str] = []
    _blocks(root, lines)
    return "\n".join(lines).strip()
