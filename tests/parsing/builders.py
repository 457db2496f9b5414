"""Build test mail and documents the way real clients and editors write them."""

from __future__ import annotations

import base64
import io
import struct
import zipfile
from email.header import Header

import docx
from docx.oxml import parse_xml

CRLF = "\r\n"


def b64(data: bytes) -> str:
    return base64.encodebytes(data).decode("ascii").replace("\n", CRLF)


def encoded_word(text: str, codec: str, label: str) -> str:
    """One RFC 2047 B-word: bytes from `codec`, labelled `label` (clients mislabel GBK)."""
    return f"=?{label}?B?{base64.b64encode(text.encode(codec)).decode()}?="


def raw_message(headers: dict[str, str], body: str | bytes) -> bytes:
    head = "".join(f"{name}: {value}{CRLF}" for name, value in headers.items())
    data = body.encode("utf-8") if isinstance(body, str) else body
    return head.encode("utf-8") + CRLF.encode() + data


def part(content_type: str, body: str, encoding: str = "base64", extra: str = "") -> str:
    return (
        f"Content-Type: {content_type}{CRLF}Content-Transfer-Encoding: {encoding}{CRLF}"
        f"{extra}{CRLF}{body}{CRLF}"
    )


def attachment_part(filename_params: str, data: bytes,
                    content_type: str = "application/octet-stream") -> str:
    """filename_params: the Content-Disposition parameters exactly as a client writes them."""
    return part(content_type, b64(data), extra=f"Content-Disposition: attachment; {filename_params}{CRLF}")


def multipart(headers: dict[str, str], parts: list[str], subtype: str = "mixed",
              boundary: str = "----=_NextPart_000_0001") -> bytes:
    head = {**headers, "MIME-Version": "1.0",
            "Content-Type": f'multipart/{subtype}; boundary="{boundary}"'}
    body = "This is a multi-part message in MIME format." + CRLF + CRLF
    body += "".join(f"--{boundary}{CRLF}{p}" for p in parts) + f"--{boundary}--{CRLF}"
    return raw_message(head, body)


def county_headers(subject: str = "【动态】测试", **extra: str) -> dict[str, str]:
    return {
        "From": f"{Header('安定区发改局', 'utf-8').encode()} <adq@example.cn>",
        "To": "dxsfgw@126.com",
        "Subject": subject,
        "Date": "Mon, 16 Jun 2025 09:30:00 +0800",
        "Message-ID": "<20250616093000.1@example.cn>",
        **extra,
    }


_TEXTBOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
    '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
    "<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:textbox><w:txbxContent>"
    "<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r>"
)


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None,
              textbox: str | None = None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    if textbox:
        # python-docx cannot add text boxes: insert the XML Word writes (Choice + VML Fallback)
        document.add_paragraph()._p.append(parse_xml(_TEXTBOX.format(text=textbox)))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def image_only_pdf() -> bytes:
    """A one-page PDF whose only content is an 8x8 grey image: a scan, no text layer."""
    pixels = bytes(range(64))
    content = b"q 200 0 0 200 100 500 cm /Im0 Do Q"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream" % (len(pixels), pixels),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % offset for offset in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def encrypted_ooxml() -> bytes:
    """The OLE container Office writes for a password-protected .docx: a compound file
    holding an EncryptedPackage stream (contents here are filler, as nothing decrypts)."""
    return ole_file("EncryptedPackage")


def ole_file(stream_name: str, stream: bytes = b"\x00" * 4096) -> bytes:
    """A compound file holding one stream (>= 4096 bytes, so in ordinary sectors)."""
    free, end, fat_sector, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    assert len(stream) >= 4096 and len(stream) % 512 == 0
    data_sectors = len(stream) // 512
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16,
        0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1, 0, 4096, end, 0, end, 0,
    ) + struct.pack("<109I", 0, *([free] * 108))
    fat = [fat_sector, end] + [3 + i for i in range(data_sectors - 1)] + [end]
    fat_bytes = struct.pack("<128I", *(fat + [free] * (128 - len(fat))))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return struct.pack(
            "<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, nostream, nostream,
            child, b"\0" * 16, 0, 0, 0, start, size,
        )

    directory = (
        entry("Root Entry", 5, 1, end, 0)
        + entry(stream_name, 2, nostream, 2, len(stream))
        + entry("", 0, nostream, 0, 0) * 2
    )
    return header + fat_bytes + directory + stream
