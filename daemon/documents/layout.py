"""The official layout of GB/T 9704-2012 (党政机关公文格式), shared by every document.

Figures (TOOLING.md, checked with LibreOffice): A4; margins 37/35/28/26 mm top/bottom/
left/right; body 仿宋_GB2312 3号 (16 pt) at an exact 28.95 pt line with −0.25 pt character
spacing, which gives 22 lines of 28 characters; title 方正小标宋简体 2号 (22 pt); first-level
headings 黑体, second-level 楷体_GB2312; page numbers 宋体 4号 as “— 1 —”, odd pages at the
right edge and even pages at the left.

The official fonts are not free, so the file names them (``w:eastAsia``) for the office's
Word and WPS; rendering here maps them with ``fonts.conf`` (see ``FONTCONFIG``).
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONTCONFIG = Path(__file__).with_name("fonts.conf")

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
LATIN = "Times New Roman"

BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
SIZE_4 = Pt(14)  # 4号: page numbers and the 版记 lines
PAGE_NUMBER_SIZE = SIZE_4
TABLE_SIZE = Pt(10.5)  # 5号: a twelve-column table must fit the 156 mm type area
LINE = Pt(28.95)  # 22 lines in the 225 mm type area
TABLE_LINE = Pt(15)
TITLE_LINE = Pt(35)
CHAR_SPACING = -5  # twentieths of a point: −0.25 pt, so 28 characters fill 156 mm
RED = RGBColor(0xE6, 0x00, 0x12)  # the red of a 红头 masthead
INDENT = Pt(32)  # 首行缩进二字

PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
TYPE_AREA_WIDTH = Emu(PAGE_WIDTH - MARGINS["left"] - MARGINS["right"])
# GB/T 9704 7.5: the page number sits 7 mm below the type area.
FOOTER_DISTANCE = Mm(35 - 7 - 6)

ISSUER = "定西市发展和改革委员会办公室"


_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                  "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
                  "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_BORDERS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                  "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                  "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                  "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                  "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def set_font(run: Run, east_asian: str, size: Pt, *, bold: bool = False,
             color: RGBColor | None = None, spacing: int | None = CHAR_SPACING) -> None:
    """Name the East Asian font in ``w:eastAsia`` and the language as zh-CN.

    python-docx's ``font.name`` sets only the Latin slots; Word picks the Chinese font
    from ``w:eastAsia`` and uses the language tag to choose glyph forms.
    """
    run.font.name = LATIN
    run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._r.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)
    # Word rejects run properties out of schema order, hence the explicit successors.
    if spacing is not None:
        element = OxmlElement("w:spacing")
        element.set(qn("w:val"), str(spacing))
        rpr.insert_element_before(element, *_AFTER_SPACING)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _border(paragraph: Paragraph, side: str, *, size: int, color: str) -> None:
    """A rule above or below a paragraph (``size`` in eighths of a point)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(borders, *_AFTER_BORDERS)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def _field_char(kind: str) -> OxmlElement:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def _page_number(paragraph: Paragraph) -> None:
    """“— PAGE —” in 宋体 4号, the number a field so Word and LibreOffice fill it in."""

    def run(text: str = "") -> Run:
        new = paragraph.add_run()
        set_font(new, SONGTI, PAGE_NUMBER_SIZE, spacing=None)
        new.text = text
        return new

    run("— ")
    run()._r.append(_field_char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run()._r.append(instruction)
    run()._r.append(_field_char("separate"))
    run("1")
    run()._r.append(_field_char("end"))
    run(" —")


class OfficialDocument:
    """A Word document in the official layout; builders add titles, text and tables."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        section = self.doc.sections[0]
        section.start_type = WD_SECTION_START.NEW_PAGE
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
        section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
        section.footer_distance = FOOTER_DISTANCE
        section.header_distance = Mm(15)
        self._style_normal()
        # Even and odd footers: the page number sits at the outside edge of a bound copy.
        self.doc.settings.odd_and_even_pages_header_footer = True
        for footer, align, side in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left"),
        ):
            paragraph = footer.paragraphs[0]
            paragraph.alignment = align
            # one character in from the edge (GB/T 9704 7.5)
            setattr(paragraph.paragraph_format, f"{side}_indent", PAGE_NUMBER_SIZE)
            _page_number(paragraph)

    def _style_normal(self) -> None:
        style = self.doc.styles["Normal"]
        style.font.name = LATIN
        style.font.size = BODY_SIZE
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FANGSONG)
        fmt = style.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.widow_control = False  # a kept-together pair would break the 22-line grid

    # -- paragraphs --------------------------------------------------------------------

    def _paragraph(self, align: WD_ALIGN_PARAGRAPH | None = None, *, indent: bool = False,
                   line: Pt = LINE) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
        if indent:
            fmt.first_line_indent = INDENT
        return paragraph

    def text(self, text: str, font: str = FANGSONG, *, indent: bool = True,
             align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.JUSTIFY, bold: bool = False,
             size: Pt = BODY_SIZE, color: RGBColor | None = None, line: Pt = LINE) -> Paragraph:
        """One paragraph; body text by default (仿宋 3号, indented two characters)."""
        paragraph = self._paragraph(align, indent=indent, line=line)
        set_font(paragraph.add_run(text), font, size, bold=bold, color=color)
        return paragraph

    def body(self, text: str) -> None:
        """Running text: one paragraph per non-empty line."""
        for line in text.splitlines():
            if line.strip():
                self.text(line.strip().replace("\u3000", ""))

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self._paragraph()

    def title(self, text: str, *, space_after: bool = True) -> None:
        """A title: 方正小标宋简体 2号, centred, lines split at ``\\n``, an empty line below."""
        for line in text.split("\n"):
            self.text(line, XIAOBIAOSONG, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER,
                      size=TITLE_SIZE, line=TITLE_LINE)
        if space_after:
            self.blank()

    def heading1(self, text: str) -> None:
        # a heading never ends a page: it stays with what it introduces
        self.text(text, HEITI).paragraph_format.keep_with_next = True

    def heading2(self, text: str) -> None:
        self.text(text, KAITI).paragraph_format.keep_with_next = True

    def addressee(self, text: str) -> None:
        """主送机关: flush left, ending in a full-width colon."""
        self.text(f"{text}：", indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)

    def signature(self, issuer: str, date_text: str) -> None:
        """发文机关署名 and 成文日期, right-aligned four characters in from the edge."""
        self.blank()
        for text in (issuer, date_text):
            paragraph = self.text(text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
            paragraph.paragraph_format.right_indent = Pt(64)

    def split_line(self, left: str, right: str, *, font: str = FANGSONG,
                   rule: RGBColor | None = None) -> Paragraph:
        """``left`` at the left edge and ``right`` at the right, optionally over a rule."""
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.LEFT)
        paragraph.paragraph_format.tab_stops.add_tab_stop(TYPE_AREA_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        set_font(paragraph.add_run(f"{left}\t{right}"), font, BODY_SIZE)
        if rule is not None:
            _border(paragraph, "bottom", size=18, color=str(rule))
        return paragraph

    def ruled(self, text: str, *, above: bool = False, below: bool = True,
              font: str = FANGSONG, size: Pt = SIZE_4, right_tab: bool = False) -> Paragraph:
        """A 版记 line (抄送, 印发): 4号 text one character in from each edge, fine rules
        between lines; with ``right_tab`` the text after a tab sits at the right edge."""
        paragraph = self.text(text, font, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT, size=size)
        fmt = paragraph.paragraph_format
        fmt.left_indent = fmt.right_indent = SIZE_4
        if right_tab:
            fmt.tab_stops.add_tab_stop(TYPE_AREA_WIDTH - SIZE_4, WD_TAB_ALIGNMENT.RIGHT)
        if above:
            _border(paragraph, "top", size=8, color="000000")
        if below:
            _border(paragraph, "bottom", size=4, color="000000")
        return paragraph

    # -- tables and pictures -----------------------------------------------------------

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[object]],
              widths: Sequence[float]) -> Table:
        """A ruled table in 仿宋 5号; ``widths`` are relative column widths.

        The header row repeats on every page, so a long table stays readable.
        """
        table = self.doc.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        # Fixed layout at the full type-area width: LibreOffice shrinks an autofit table
        # to its content, Word widens it; both honour fixed widths.
        table.autofit = False
        table_width = table._tbl.tblPr.find(qn("w:tblW"))
        table_width.set(qn("w:type"), "dxa")
        table_width.set(qn("w:w"), str(TYPE_AREA_WIDTH.twips))
        # narrow cell margins (2 pt): five-point figures fit two characters a column
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), "40")
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption",
                                               "w:tblDescription", "w:tblPrChange")
        total = sum(widths)
        for index, column in enumerate(table.columns):
            width = Emu(int(TYPE_AREA_WIDTH * widths[index] / total))
            column.width = width
            for cell in column.cells:
                cell.width = width
        trpr = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        trpr.append(repeat)
        for number, (row, values) in enumerate(zip(table.rows, [list(headers), *rows],
                                                   strict=True)):
            font = HEITI if number == 0 else FANGSONG
            for cell, value in zip(row.cells, values, strict=True):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = cell.paragraphs[0]
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                fmt = paragraph.paragraph_format
                fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                fmt.line_spacing = TABLE_LINE
                set_font(paragraph.add_run("" if value is None else str(value)), font, TABLE_SIZE,
                         spacing=None)
        self.blank()
        return table

    def picture(self, png: bytes, width: Mm = TYPE_AREA_WIDTH) -> None:
        # the picture's own line must not be clipped to the exact 28.95 pt line height
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.add_run().add_picture(io.BytesIO(png), width=width)

    # -- output ------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary name and rename, so a crash never leaves half a document."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".docx")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
