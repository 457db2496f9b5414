"""Uploaded and downloaded files: what they are is read from their bytes, never their name.

Evidence may be an image (PNG, JPEG, GIF, WebP) or a PDF; anything else is refused.
Downloads always go out as attachments with ``nosniff``, typed from the bytes, so a mail's
attachment that claims to be text/html can never render in the console's origin.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from urllib.parse import quote

from starlette.responses import Response

from daemon.people_dates import day_text

EVIDENCE_TYPES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif",
                  "image/webp": ".webp", "application/pdf": ".pdf"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sniff(data: bytes) -> str | None:
    """The evidence type of ``data`` by its magic bytes, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def upload_name(original: str, content_type: str) -> str:
    """A plain file name for an upload: the person's name for it, with the true suffix."""
    base = re.split(r"[\\/]", original or "")[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(c for c in stem if unicodedata.category(c)[0] != "C").strip(" .")[:80]
    return (stem or "采用截图") + EVIDENCE_TYPES[content_type]


def download(data: bytes, filename: str, *, media_type: str | None = None,
             fallback: str | None = None) -> Response:
    """``data`` as an attachment named ``filename`` (RFC 5987), with ``fallback`` (or the name's
    ASCII letters) for clients that read only the plain ``filename``."""
    if fallback is None:
        fallback = filename.encode("ascii", "replace").decode().replace("?", "_")
    fallback = fallback.replace('"', "_")
    disposition = f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        data,
        media_type=media_type or sniff(data) or "application/octet-stream",
        headers={"Content-Disposition": disposition, "X-Content-Type-Options": "nosniff"},
    )


def spreadsheet(data: bytes, title: str, ascii_title: str, day: date) -> Response:
    """A list page's export: 信息列表-2026年12月1日.xlsx (items-2026-12-01.xlsx in plain ASCII)."""
    return download(data, f"{title}-{day_text(day)}.xlsx", media_type=XLSX,
                    fallback=f"{ascii_title}-{day.isoformat()}.xlsx")
