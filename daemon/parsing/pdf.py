"""The text layer of a PDF (pdfminer.six); scans without one are reported as such."""

from __future__ import annotations

import io
import logging

from pdfminer.high_level import extract_text
from pdfminer.pdfdocument import PDFEncryptionError

from daemon.parsing.archive import Refused

# pdfminer logs every damaged object at WARNING; the status and note carry what matters.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def text(data: bytes) -> str:
    try:
        result = extract_text(io.BytesIO(data))
    except PDFEncryptionError as exc:
        raise Refused("encrypted", f"pdf: {exc.__class__.__name__}") from exc
    except Exception as exc:  # pdfminer raises many unrelated types on damaged files
        raise Refused("unreadable", f"pdf: {exc.__class__.__name__}: {exc}") from exc
    if not result.strip():
        raise Refused("no_text_layer", "pdf has no text layer (scanned?)")
    return result.strip()
