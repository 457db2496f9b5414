"""Text of a .docx read straight from its XML parts, in three streams.

- text: the main flow of word/document.xml (paragraphs, tables, text boxes, imported
  altChunk parts, in order), without what Word does not show as text: tracked moves'
  old place (w:moveFrom), deletions, ruby guides (w:rt), and the VML copy of a text box.
- notes: footnotes and endnotes (Word's 字数 counts them; they are not the title).
- margins: page headers, footers and comments (screened for markings only).

No python-docx here: it skips text boxes, and reading the zip ourselves keeps the
archive guards in force. Every XML part is capped in size and any DTD is refused,
whatever the encoding (expat reports the declaration to the tree builder, so UTF-16
counts as much as UTF-8); ElementTree never fetches external entities.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from typing import TYPE_CHECKING

from daemon.parsing import charsets, html
from daemon.parsing.archive import Refused, is_zip, open_zip, read_member

if TYPE_CHECKING:
    from daemon.config import ParsingSettings

_DOCUMENT_PARTS = ("word/document.xml", "word/document2.xml")
_OFFICE_DOCUMENT = "/officeDocument"
# w:moveFrom and w:del hold text that is no longer there; w:rt is a ruby's phonetic guide;
# mc:Fallback repeats the text box of its mc:Choice as VML
_SKIPPED = frozenset({"moveFrom", "del", "rt", "Fallback", "instrText", "delInstrText"})
_NOTE_SEPARATORS = frozenset({"separator", "continuationSeparator", "continuationNotice"})
_NOTES = ("/footnotes", "/endnotes")
_MARGINS = ("/header", "/footer", "/comments")
_MAX_NESTING = 2  # an altChunk that is itself a .docx with altChunks, and no deeper


@dataclass(frozen=True)
class DocxText:
    text: str
    notes: str = ""
    margins: str = ""
    unscreened: tuple[str, ...] = ()  # parts that could not be read (an RTF altChunk)


class _NoDoctype(ET.TreeBuilder):
    def doctype(self, name: str, pubid: str, system: str) -> None:
        raise Refused("unreadable", "DTD in an XML part")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def is_docx(archive: zipfile.ZipFile) -> bool:
    return any(name in archive.NameToInfo for name in _DOCUMENT_PARTS)


@dataclass
class _Package:
    archive: zipfile.ZipFile
    settings: ParsingSettings
    depth: int
    notes: list[str] = field(default_factory=list)
    margins: list[str] = field(default_factory=list)
    unscreened: list[str] = field(default_factory=list)

    def xml(self, name: str) -> ET.Element:
        info = self.archive.NameToInfo.get(name)
        if info is None:
            raise Refused("unreadable", f"missing part {name!r}")
        if info.file_size > self.settings.max_xml_part_bytes:
            raise Refused("too_large", f"XML part {name!r}: {info.file_size} bytes")
        data = read_member(self.archive, info)
        parser = ET.XMLParser(target=_NoDoctype())
        try:
            parser.feed(data)
            return parser.close()
        except (ET.ParseError, RecursionError, ValueError, LookupError) as exc:
            # ValueError: an encoding expat cannot read (UTF-16 without a BOM, UTF-32)
            raise Refused("unreadable", f"bad XML in {name!r}: {exc}") from exc

    def relations(self, part: str) -> dict[str, tuple[str, str]]:
        """Id -> (type, target part name) of the internal relationships of ``part``."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels not in self.archive.NameToInfo:
            return {}
        found = {}
        for rel in self.xml(rels):
            if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target)
            )
            found[rel.get("Id") or ""] = (rel.get("Type") or "", name)
        return found

    def content_type(self, part: str) -> str:
        if "[Content_Types].xml" not in self.archive.NameToInfo:
            return ""
        extension = posixpath.splitext(part)[1].lstrip(".").lower()
        default = ""
        for entry in self.xml("[Content_Types].xml"):
            kind = _local(entry.tag)
            if kind == "Override" and (entry.get("PartName") or "").lstrip("/") == part:
                return (entry.get("ContentType") or "").lower()
            if kind == "Default" and (entry.get("Extension") or "").lower() == extension:
                default = (entry.get("ContentType") or "").lower()
        return default

    def main_part(self) -> str:
        for kind, target in self.relations("").values():
            if kind.endswith(_OFFICE_DOCUMENT) and target in self.archive.NameToInfo:
                return target
        return next(name for name in _DOCUMENT_PARTS if name in self.archive.NameToInfo)

    def alt_chunk(self, target: str) -> list[str]:
        """The text of an imported part (HTML, MHT, plain text or a nested .docx)."""
        info = self.archive.NameToInfo.get(target)
        if info is None:
            return []
        if info.file_size > self.settings.max_xml_part_bytes:
            raise Refused("too_large", f"altChunk {target!r}: {info.file_size} bytes")
        data = read_member(self.archive, info)
        kind = self.content_type(target)
        if is_zip(data) and self.depth < _MAX_NESTING:
            inner = read(open_zip(data, self.settings), self.settings, self.depth + 1)
            self.notes.append(inner.notes)
            self.margins.append(inner.margins)
            self.unscreened.extend(inner.unscreened)
            return [inner.text]
        if "html" in kind or posixpath.splitext(target)[1].lower() in (".htm", ".html"):
            return [html.to_text(charsets.decode_text_file(data)[0])]
        if "rfc822" in kind or posixpath.splitext(target)[1].lower() in (".mht", ".mhtml"):
            return [_mht_text(data)]
        if kind.startswith("text/plain"):
            return [charsets.decode_text_file(data)[0]]
        # RTF and other formats would need LibreOffice: left out, and said so
        self.unscreened.append(f"altChunk {target!r} ({kind or 'unknown type'}) not read")
        return []


def _mht_text(data: bytes) -> str:
    message = message_from_bytes(data, policy=policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                text, _ = charsets.decode(payload, part.get_content_charset())
                return html.to_text(text)
    return ""


@dataclass
class _Walker:
    package: _Package
    relations: dict[str, tuple[str, str]]
    lines: list[str]

    def paragraph(self, p: ET.Element) -> None:
        text: list[str] = []
        boxes: list[ET.Element] = []
        skipped = False

        def collect(element: ET.Element) -> None:
            nonlocal skipped
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
                elif name not in _SKIPPED:
                    collect(child)
                elif name in ("moveFrom", "del"):
                    skipped = True

        collect(p)
        if text or not skipped:  # a paragraph moved or deleted whole leaves no blank line
            self.lines.append("".join(text))
        for box in boxes:
            self.blocks(box)

    def blocks(self, element: ET.Element) -> None:
        for child in element:
            name = _local(child.tag)
            if name == "p":
                self.paragraph(child)
            elif name == "altChunk":
                rid = next((v for k, v in child.attrib.items() if _local(k) == "id"), "")
                target = self.relations.get(rid, ("", ""))[1]
                if target:
                    self.lines.extend(self.package.alt_chunk(target))
            elif name not in _SKIPPED:
                self.blocks(child)


def _part_text(package: _Package, part: str, skip_separators: bool = False) -> str:
    walker = _Walker(package, package.relations(part), [])
    root = package.xml(part)
    if skip_separators:  # footnotes.xml/endnotes.xml: one w:footnote per note
        for note in root:
            if (next((v for k, v in note.attrib.items() if _local(k) == "type"), "")
                    not in _NOTE_SEPARATORS):
                walker.blocks(note)
    else:
        walker.blocks(root)
    return "\n".join(walker.lines).strip()


def read(archive: zipfile.ZipFile, settings: ParsingSettings, depth: int = 0) -> DocxText:
    package = _Package(archive, settings, depth)
    main = package.main_part()
    text = _part_text(package, main)
    order = (*_MARGINS, *_NOTES)

    def rank(relation: tuple[str, str]) -> tuple[int, str]:
        kind, target = relation
        return next((i for i, k in enumerate(order) if kind.endswith(k)), len(order)), target

    for kind, target in sorted(package.relations(main).values(), key=rank):
        if target not in archive.NameToInfo:
            continue
        if kind.endswith(_NOTES):
            package.notes.append(_part_text(package, target, skip_separators=True))
        elif kind.endswith(_MARGINS):
            package.margins.append(_part_text(package, target))
    return DocxText(
        text=text,
        notes="\n".join(n for n in package.notes if n),
        margins="\n".join(m for m in package.margins if m),
        unscreened=tuple(package.unscreened),
    )
