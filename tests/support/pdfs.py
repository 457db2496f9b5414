"""Hand-written PDFs for extraction fixtures: Chinese text in a Type0 font, no embedded glyphs.

Text is drawn with Identity-H, each character's CID being its code point, and a ToUnicode
CMap maps CIDs back to Unicode. That is how real exporters write CJK text, and it lets a
fixture say exactly what the file contains: a glyph drawn twice (fake bold), a CID the
CMap maps to a Kangxi radical (⼦ for 子), a CID it does not map at all, or a Flate stream
that expands far beyond its size.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field


@dataclass
class Page:
    lines: list[str]
    fake_bold: bool = False  # draw every line twice, 0.3 pt apart, as Word's PDF export does
    font_size: float = 12.0


@dataclass
class PdfSpec:
    pages: list[Page]
    radicals: dict[str, str] = field(default_factory=dict)  # char -> code point ToUnicode gives
    unmapped: str = ""  # characters whose CID the ToUnicode CMap leaves out
    bomb_bytes: int = 0  # an extra Flate stream that expands to this many bytes
    compress: bool = True


def _hex(text: str) -> str:
    return "".join(f"{ord(ch):04X}" for ch in text)


def _content(page: Page) -> bytes:
    ops = []
    y = 800.0
    for line in page.lines:
        for dx in ((0.0, 0.3) if page.fake_bold else (0.0,)):
            ops.append(f"BT /F1 {page.font_size:g} Tf {72 + dx:.1f} {y:.1f} Td <{_hex(line)}> Tj ET")
        y -= page.font_size * 1.6
    return "\n".join(ops).encode("ascii")


def _to_unicode(spec: PdfSpec, chars: set[str]) -> bytes:
    entries = []
    for ch in sorted(chars):
        if ch in spec.unmapped:
            continue
        target = spec.radicals.get(ch, ch)
        entries.append(f"<{ord(ch):04X}> <{ord(target):04X}>")
    body = []
    for start in range(0, len(entries), 100):  # at most 100 entries per beginbfchar block
        chunk = entries[start : start + 100]
        body.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + "\n".join(body)
        + "\nendcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode("ascii")


def _stream(data: bytes, compress: bool) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        head = f"<< /Length {len(data)} /Filter /FlateDecode >>".encode()
    else:
        head = f"<< /Length {len(data)} >>".encode()
    return head + b"\nstream\n" + data + b"\nendstream"


def _bomb(size: int) -> bytes:
    """A Flate stream of ``size`` zero bytes, compressed in pieces so memory stays small."""
    packer = zlib.compressobj(9)
    block = b"\0" * (1 << 20)
    parts = []
    for _ in range(size // len(block)):
        parts.append(packer.compress(block))
    parts.append(packer.compress(b"\0" * (size % len(block))))
    parts.append(packer.flush())
    data = b"".join(parts)
    return f"<< /Length {len(data)} /Filter /FlateDecode >>".encode() + b"\nstream\n" + data + b"\nendstream"


def pdf_bytes(spec: PdfSpec) -> bytes:
    chars = {ch for page in spec.pages for line in page.lines for ch in line}
    n_pages = len(spec.pages)
    # objects: 1 catalog, 2 pages, 3 font, 4 descendant, 5 ToUnicode, then page/content pairs
    kids = " ".join(f"{6 + 2 * i} 0 R" for i in range(n_pages))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Count {n_pages} /Kids [{kids}] >>".encode(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDToGIDMap /Identity "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/DW 1000 /FontDescriptor << /Type /FontDescriptor /FontName /SimSun /Flags 4 "
        b"/FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 "
        b"/StemV 80 >> >>",
        _stream(_to_unicode(spec, chars), spec.compress),
    ]
    bomb = 6 + 2 * n_pages  # the bomb, when there is one, is a second content stream of page 1
    for i, page in enumerate(spec.pages):
        resources = "/Resources << /Font << /F1 3 0 R >> >>"
        contents = f"[{7 + 2 * i} 0 R {bomb} 0 R]" if spec.bomb_bytes and i == 0 else f"{7 + 2 * i} 0 R"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] {resources} "
            f"/Contents {contents} >>".encode()
        )
        objects.append(_stream(_content(page), spec.compress))
    if spec.bomb_bytes:
        objects.append(_bomb(spec.bomb_bytes))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
