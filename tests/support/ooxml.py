"""Hand-written .docx packages, for the parts python-docx cannot write.

Page headers and footers, footnotes and endnotes, comments, altChunk imports, tracked
moves, ruby: each goes where Word puts it (its own part, a relationship from
document.xml, a content type), so the reader is tested on the structure real files have.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
NS = f'xmlns:w="{W}" xmlns:r="{R}"'


def p(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>"


def moved(old_place: str, new_place: str) -> str:
    """A tracked move: the text at its old place (w:moveFrom) and at its new one (w:moveTo)."""
    return (f'<w:p><w:moveFrom w:id="1" w:author="a"><w:r><w:t>{escape(old_place)}</w:t></w:r>'
            f'</w:moveFrom></w:p><w:p><w:moveTo w:id="2" w:author="a"><w:r><w:t>{escape(new_place)}'
            "</w:t></w:r></w:moveTo></w:p>")


def ruby(base: str, guide: str, rest: str = "") -> str:
    return (f"<w:p><w:r><w:ruby><w:rt><w:r><w:t>{escape(guide)}</w:t></w:r></w:rt><w:rubyBase>"
            f"<w:r><w:t>{escape(base)}</w:t></w:r></w:rubyBase></w:ruby></w:r>"
            f"<w:r><w:t>{escape(rest)}</w:t></w:r></w:p>")


@dataclass
class Package:
    body: list[str]  # w:p (or other block) XML of document.xml, in order
    headers: list[list[str]] = field(default_factory=list)
    footers: list[list[str]] = field(default_factory=list)
    footnotes: list[list[str]] = field(default_factory=list)
    endnotes: list[list[str]] = field(default_factory=list)
    comments: list[list[str]] = field(default_factory=list)
    # name in word/ -> (content type, bytes); referenced by w:altChunk at the end of the body
    alt_chunks: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    encoding: str = "utf-8"
    doctype: str = ""  # inserted after the XML declaration of document.xml

    def document_xml(self, chunk_ids: list[str], sections: str) -> bytes:
        chunks = "".join(f'<w:altChunk r:id="{rid}"/>' for rid in chunk_ids)
        # each note is referenced from the body, as Word does (LibreOffice drops the others)
        refs = "".join(f'<w:r><w:footnoteReference w:id="{i}"/></w:r>'
                       for i in range(1, len(self.footnotes) + 1))
        refs += "".join(f'<w:r><w:endnoteReference w:id="{i}"/></w:r>'
                        for i in range(1, len(self.endnotes) + 1))
        notes = f"<w:p>{refs}</w:p>" if refs else ""
        xml = (f'<?xml version="1.0" encoding="{self.encoding.upper()}" standalone="yes"?>'
               f"{self.doctype}<w:document {NS}><w:body>{''.join(self.body)}{notes}{chunks}"
               f"<w:sectPr>{sections}</w:sectPr></w:body></w:document>")
        return xml.encode(self.encoding)

    def build(self) -> bytes:
        parts: dict[str, bytes] = {}
        rels: list[tuple[str, str, str]] = []
        overrides = [("/word/document.xml",
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")]

        def add(kind: str, name: str, root: str, blocks: list[str], note_id: int | None = None) -> None:
            inner = "".join(blocks)
            if note_id is not None:  # footnotes/endnotes: two separators, then the notes
                tag = root[:-1]
                inner = (f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                         f"</w:{tag}>" + inner)
            xml = f'<?xml version="1.0" encoding="UTF-8"?><w:{root} {NS}>{inner}</w:{root}>'
            parts[f"word/{name}"] = xml.encode()
            rels.append((f"rId{len(rels) + 1}", REL + kind, name))
            overrides.append((f"/word/{name}", f"application/vnd.openxmlformats-officedocument."
                                               f"wordprocessingml.{kind}+xml"))

        for index, blocks in enumerate(self.headers, 1):
            add("header", f"header{index}.xml", "hdr", blocks)
        for index, blocks in enumerate(self.footers, 1):
            add("footer", f"footer{index}.xml", "ftr", blocks)
        if self.footnotes:
            add("footnotes", "footnotes.xml", "footnotes",
                [f'<w:footnote w:id="{i}">{"".join(b)}</w:footnote>'
                 for i, b in enumerate(self.footnotes, 1)], 0)
        if self.endnotes:
            add("endnotes", "endnotes.xml", "endnotes",
                [f'<w:endnote w:id="{i}">{"".join(b)}</w:endnote>'
                 for i, b in enumerate(self.endnotes, 1)], 0)
        if self.comments:
            add("comments", "comments.xml", "comments",
                [f'<w:comment w:id="{i}" w:author="a">{"".join(b)}</w:comment>'
                 for i, b in enumerate(self.comments)])
        chunk_ids = []
        defaults = ""
        for name, (ctype, data) in self.alt_chunks.items():
            rid = f"rId{len(rels) + 1}"
            rels.append((rid, REL + "aFChunk", name))
            parts[f"word/{name}"] = data
            overrides.append((f"/word/{name}", ctype))
            chunk_ids.append(rid)
        sections = "".join(
            f'<w:{kind}Reference w:type="default" r:id="{rid}"/>'
            for rid, rel, _ in rels for kind in ("header", "footer") if rel == REL + kind
        )
        parts["word/document.xml"] = self.document_xml(chunk_ids, sections)
        parts["word/_rels/document.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{n}"/>' for i, t, n in rels)
            + "</Relationships>"
        ).encode()
        parts["_rels/.rels"] = (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{REL}officeDocument" Target="word/document.xml"/></Relationships>'
        ).encode()
        parts["[Content_Types].xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/>{defaults}'
            + "".join(f'<Override PartName="{n}" ContentType="{c}"/>' for n, c in overrides)
            + "</Types>"
        ).encode()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
        return out.getvalue()
