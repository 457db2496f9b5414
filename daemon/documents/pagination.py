"""The 版记 at the foot of the last page: lay the document out and measure the room left.

Only a layout engine knows where pages break; python-docx does not. So each document with
a 版记 is laid out by LibreOffice (the renderer here; Word and WPS break the same 28.95 pt
lines of 28 characters) with filler lines of 2 pt after the 版记. The fillers left on the
版记's page are the room below it, and the spacer above the 版记 is set to that height, so
its last rule falls on the bottom of the type area (GB/T 9704 7.4.1).

A document with a 落款 and no 版记 (the monthly statistics) is laid out the same way, for
the first correction below. Two layouts are corrected first, by starting a paragraph on a
new page and measuring again (at most ``ATTEMPTS`` times):

- the page of the 版记 holds nothing but the 落款 and the 版记: the last paragraph goes
  over with them;
- the bulletin ends on an odd page (GB/T 9704 asks for the 版记 on an even page, the back
  of the last sheet): paragraphs from the end go over to the next page, the latest first.

Without LibreOffice the documents keep the 版记 right after the text, and the log says so.
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass

import docx
import pypdfium2 as pdfium
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Emu, Pt
from docx.text.paragraph import Paragraph

from daemon.config import ParsingSettings
from daemon.documents.layout import FONTCONFIG, MARGINS, PAGE_HEIGHT, OfficialDocument, set_font
from daemon.logs import kv
from daemon.parsing.office import render_files

log = logging.getLogger(__name__)

FILLER = "¶"
FILLER_LINE = 4.0  # points: the room is found to within this
FILLERS = math.ceil(Emu(PAGE_HEIGHT - MARGINS["top"] - MARGINS["bottom"]).pt / FILLER_LINE) + 4
ATTEMPTS = 4
BOTTOM = MARGINS["bottom"]  # the type area's bottom, from the foot of the page


@dataclass(frozen=True)
class Measure:
    page: int  # 1-based page of the 版记, which is the last page of the document
    room: float  # points between the 版记 and the bottom of the type area
    alone: bool  # that page holds only the 落款 and the 版记


@dataclass(frozen=True)
class _Char:
    text: str
    x0: float
    y0: float  # the bottom of the font's box, from the foot of the page, in points


def _last_pages(pdf: bytes, count: int) -> tuple[int, list[list[_Char]]]:
    """The number of pages and the characters of the last ``count`` pages.

    Our own PDF, so PDFium reads it in this process; loose boxes (the font's ascent and
    descent, not the glyph's ink) put every character of a line on the same baseline row.
    """
    document = pdfium.PdfDocument(pdf)
    try:
        total = len(document)
        pages = []
        for number in range(max(total - count, 0), total):
            textpage = document[number].get_textpage()
            chars = []
            for index in range(textpage.count_chars()):
                text = textpage.get_text_range(index, 1)
                if text.strip():
                    left, bottom, _, _ = textpage.get_charbox(index, loose=True)
                    chars.append(_Char(text, left, bottom))
            pages.append(chars)
        return total, pages
    finally:
        document.close()


def _squash(text: str) -> str:
    return "".join(text.split())


def read_measure(pdf: bytes, kept: Sequence[str]) -> Measure | None:
    """Where the fillers begin, from a PDF of a document laid out with them."""
    bottom = Emu(BOTTOM).pt - 1
    # the fillers (less than a page) begin on the last page or the one before: read those
    total, read = _last_pages(pdf, 2)
    skipped = max(total - 2, 0)
    pages = [[c for c in chars if c.y0 >= bottom] for chars in read]  # page numbers sit below
    first = next((i for i, chars in enumerate(pages) if any(c.text == FILLER for c in chars)), None)
    if first is None or (first == 0 and skipped and not [c for c in pages[0] if c.text != FILLER]):
        return None
    fillers = sum(1 for c in pages[first] if c.text == FILLER)
    text = [c for c in pages[first] if c.text != FILLER]
    if text:
        index, room = first, fillers * FILLER_LINE
    else:  # the 版记 ended the page exactly: the fillers began on the next
        index, room = first - 1, 0.0
        text = pages[index]
    ordered = sorted(text, key=lambda c: (-round(c.y0), c.x0))
    rest = _squash("".join(c.text for c in ordered))
    for line in sorted(map(_squash, kept), key=len, reverse=True):
        rest = rest.replace(line, "", 1)
    return Measure(page=skipped + index + 1, room=room, alone=not rest)


def _with_fillers(document: OfficialDocument) -> bytes:
    copy = docx.Document(io.BytesIO(document.to_bytes()))
    filler = copy.add_paragraph()
    fmt = filler.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(FILLER_LINE)
    fmt.first_line_indent = Pt(0)
    set_font(filler.add_run(FILLER), "宋体", Pt(1), spacing=None)
    for _ in range(FILLERS - 1):  # copies of the element: python-docx per paragraph is slow
        filler._p.addnext(deepcopy(filler._p))
    out = io.BytesIO()
    copy.save(out)
    return out.getvalue()


def measure(documents: Sequence[OfficialDocument],
            settings: ParsingSettings) -> tuple[list[Measure | None], str | None]:
    pdfs, failure = render_files([_with_fillers(d) for d in documents], ".docx", "pdf", settings,
                                 {"FONTCONFIG_FILE": str(FONTCONFIG)})
    found = [read_measure(pdf, d.kept) if pdf else None for pdf, d in zip(pdfs, documents, strict=True)]
    return found, failure


def _text_paragraphs(document: OfficialDocument) -> list[Paragraph]:
    """The paragraphs of text up to the one the 落款 and 版记 are kept with, last first."""
    paragraphs = document.doc.paragraphs
    assert document.chain_start is not None
    end = next(i for i, p in enumerate(paragraphs) if p._p is document.chain_start._p)
    earlier = [p for p in reversed(paragraphs[:end]) if p.text.strip()]
    return [paragraphs[end], *earlier]  # that one first, even a picture


def _break_earlier(document: OfficialDocument, tried: int) -> bool:
    """Start the ``tried``-th paragraph from the end on a new page (and no other); False if none."""
    candidates = _text_paragraphs(document)
    if tried >= len(candidates):
        return False
    for paragraph in candidates[:tried]:
        paragraph.paragraph_format.page_break_before = False
    candidates[tried].paragraph_format.page_break_before = True
    return True


def settle(documents: Sequence[OfficialDocument], settings: ParsingSettings) -> None:
    """Set the room above each document's 版记, and keep every 落款 off a page of its own
    (see the module docstring)."""
    pending = [d for d in documents if d.chain_start is not None]
    tried = {id(d): 0 for d in pending}
    for attempt in range(ATTEMPTS):
        if not pending:
            return
        measures, failure = measure(pending, settings)
        if failure is not None:
            log.warning(kv("imprint_unplaced", documents=len(pending), reason=failure))
        again = []
        for document, found in zip(pending, measures, strict=True):
            if found is None:
                continue
            wrong = found.alone or (document.even_pages and found.page % 2 == 1)
            if wrong and attempt < ATTEMPTS - 1 and _break_earlier(document, tried[id(document)]):
                tried[id(document)] += 1
                again.append(document)
                continue
            if wrong:
                log.warning(kv("imprint_layout", page=found.page, alone=found.alone))
            if document.spacer is not None:
                document.spacer.paragraph_format.line_spacing = Pt(max(found.room, 1.0))
        pending = again
