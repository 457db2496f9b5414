"""The official layout of GB/T 9704-2012 (党政机关公文格式), shared by every document.

Figures (TOOLING.md, checked with LibreOffice): A4; margins 37/35/28/26 mm top/bottom/
left/right; body 仿宋_GB2312 3号 (16 pt) at an exact 28.95 pt line with −0.25 pt character
spacing, which gives 22 lines of 28 characters; title 方正小标宋简体 2号 (22 pt); first-level
headings 黑体, second-level 楷体_GB2312; page numbers 宋体 4号 as “— 1 —”, odd pages at the
right edge and even pages at the left.

The notices (通报, 通知) carry the elements of GB/T 9704 7.2–7.4: the 发文机关标志 in red
小标宋 35 mm below the top of the type area, the 发文字号 two lines below it and the red
分隔线 4 mm under that; the title two lines below the rule, the 主送机关 one line below the
title; the 发文机关署名 centred over the 成文日期 (which stands four characters in from the
right), two lines below the text to leave room for the seal; and the 版记 (抄送, then 印发机关
and 印发日期) between a thick rule, thin rules and a thick rule ending on the bottom of the
type area of the last page. The 落款 and 版记 are kept with the last paragraph, so neither
stands alone on a page; ``pagination`` measures the laid-out pages and puts the 版记 at
the bottom.

The official fonts are not free, so the file names them (``w:eastAsia``) for the office's
Word and WPS; rendering here maps them with ``fonts.conf`` (see ``FONTCONFIG``).
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from daemon.documents.tables import Table, cell_text, column_widths, em_width

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
MASTHEAD_SIZE = 36  # 小初; the characters are narrowed to fit the type area
MASTHEAD_TOP = Mm(35)  # from the top of the type area to the 发文机关标志 (GB/T 9704 7.2.4)
CELL_MARGIN = Pt(2)  # left and right of each table cell
CHAR_SPACING = -5  # twentieths of a point: −0.25 pt, so 28 characters fill 156 mm
RED = RGBColor(0xE6, 0x00, 0x12)  # the red of a 红头 masthead
INDENT = Pt(32)  # 首行缩进二字

PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
TYPE_AREA_WIDTH = Emu(PAGE_WIDTH - MARGINS["left"] - MARGINS["right"])
# GB/T 9704 7.5: the page number sits 7 mm below the type area.
FOOTER_DISTANCE = Mm(35 - 7 - 6)

THICK_RULE = 8  # eighths of a point: 1 pt, the 0.35 mm of the 版记's first and last rules
THIN_RULE = 6  # 0.75 pt, the 0.25 mm of the rules between
RED_RULE = 12


@dataclass(frozen=True)
class ImprintLine:
    """One line of a 版记: ``label：text`` (回行 under the text), or left and right parts."""

    text: str
    label: str = ""
    right: str = ""


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


def _border(paragraph: Paragraph, side: str, *, size: int, color: str, space: int = 1) -> None:
    """A rule above or below a paragraph (``size`` in eighths of a point, ``space`` in points)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(borders, *_AFTER_BORDERS)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), str(space))
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
        self.tables: list[Table] = []  # every table, in order: the spreadsheet's sheets
        self.kept: list[str] = []  # the 落款 and 版记 lines, which follow the last paragraph
        self.chain_start: Paragraph | None = None  # that last paragraph
        self.spacer: Paragraph | None = None  # room above the 版记, set by ``pagination``
        self.even_pages = False
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
            # a title never ends a page: it stays with what it introduces
            self.text(line, XIAOBIAOSONG, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER,
                      size=TITLE_SIZE, line=TITLE_LINE).paragraph_format.keep_with_next = True
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

    # -- the 版头 (GB/T 9704 7.2) --------------------------------------------------------

    def masthead(self, text: str, *, size: float = MASTHEAD_SIZE, top: Emu = MASTHEAD_TOP,
                 width: Emu = TYPE_AREA_WIDTH) -> Paragraph:
        """The 发文机关标志: red 小标宋, centred, narrowed to fit the type area.

        A spacer paragraph of exact height sets its distance from the top of the type area.
        """
        line = Pt(size * 1.25)
        if top:
            spacer = self._paragraph(line=Emu(int(top - (line - Pt(size)) / 2)))
            spacer.paragraph_format.keep_with_next = True
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.CENTER, line=line)
        run = paragraph.add_run(text)
        set_font(run, XIAOBIAOSONG, Pt(size), color=RED, spacing=None)
        # w:w scales the characters' width (percent): the name on one line, at most 96 % wide
        scale = min(100, int(96 * Emu(width).pt / (em_width(text) * size)))
        if scale < 100:
            element = OxmlElement("w:w")
            element.set(qn("w:val"), str(scale))
            run._r.get_or_add_rPr().insert_element_before(element, *_AFTER_SPACING[1:])
        return paragraph

    def document_number(self, number: str) -> Paragraph:
        """发文字号 two lines below the masthead, centred, over the red 分隔线 (4 mm below)."""
        self.blank(2)
        paragraph = self.text(number, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        _border(paragraph, "bottom", size=RED_RULE, color=str(RED), space=4)
        self.blank(2)
        return paragraph

    # -- the 落款 and the 版记 (GB/T 9704 7.3.5, 7.4) -------------------------------------

    def _hold_last_paragraph(self) -> None:
        """Keep the last paragraph of the text with what follows: it never ends a page alone."""
        last = self.doc.paragraphs[-1]
        last.paragraph_format.keep_with_next = True
        if self.chain_start is None:
            self.chain_start = last

    def signature(self, issuer: str, date_text: str) -> None:
        """发文机关署名 centred over the 成文日期, which stands four characters from the right;
        two lines of room above for the seal, which covers both. Kept with the last paragraph."""
        self._hold_last_paragraph()
        for _ in range(2):
            self._paragraph().paragraph_format.keep_with_next = True
        date_right = 4 * BODY_SIZE.pt
        shift = (em_width(date_text) - em_width(issuer)) * BODY_SIZE.pt / 2
        name = self.text(issuer, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        name.paragraph_format.right_indent = Pt(max(date_right + shift, 0))
        name.paragraph_format.keep_with_next = True
        day = self.text(date_text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        day.paragraph_format.right_indent = Pt(date_right + max(-(date_right + shift), 0))
        self.kept.extend([issuer, date_text])

    def imprint(self, lines: Sequence[ImprintLine], *, even_pages: bool = False) -> None:
        """The 版记 at the foot of the last page: a thick rule above the first line, thin rules
        between, a thick rule under the last (which ``pagination`` sets on the bottom of the
        type area). 4号仿宋 one character in from each side; a labelled line wraps under the
        text after its colon. With ``even_pages`` (the bulletin) the last page is even."""
        self._hold_last_paragraph()
        self.even_pages = even_pages
        # the room ``pagination.settle`` measures and fills
        self.spacer = self._paragraph(line=Pt(1))
        self.spacer.paragraph_format.keep_with_next = True
        edge = SIZE_4
        for index, line in enumerate(lines):
            label = f"{line.label}：" if line.label else ""
            text = f"{label}{line.text}" + (f"\t{line.right}" if line.right else "")
            paragraph = self.text(text, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT, size=SIZE_4)
            fmt = paragraph.paragraph_format
            fmt.right_indent = edge
            if label:
                fmt.left_indent = Pt(edge.pt + em_width(label) * SIZE_4.pt)
                fmt.first_line_indent = Pt(-em_width(label) * SIZE_4.pt)
            else:
                fmt.left_indent = edge
            if line.right:
                fmt.tab_stops.add_tab_stop(Emu(TYPE_AREA_WIDTH - edge), WD_TAB_ALIGNMENT.RIGHT)
            if index == 0:
                _border(paragraph, "top", size=THICK_RULE, color="000000")
            last = index == len(lines) - 1
            _border(paragraph, "bottom", size=THICK_RULE if last else THIN_RULE, color="000000")
            fmt.keep_with_next = not last
            self.kept.append(text.replace("\t", ""))

    def split_line(self, left: str, right: str, *, font: str = FANGSONG,
                   rule: RGBColor | None = None) -> Paragraph:
        """``left`` at the left edge and ``right`` at the right, optionally over a rule."""
        paragraph = self._paragraph(WD_ALIGN_PARAGRAPH.LEFT)
        paragraph.paragraph_format.tab_stops.add_tab_stop(TYPE_AREA_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        set_font(paragraph.add_run(f"{left}\t{right}"), font, BODY_SIZE)
        if rule is not None:
            _border(paragraph, "bottom", size=18, color=str(rule))
        return paragraph

    # -- tables and pictures -----------------------------------------------------------

    def table(self, data: Table) -> Table:
        """A ruled table in 5号: 黑体 headers, 仿宋 figures; column widths from the content.

        The header row repeats on every page and no row breaks across pages. The table is
        also kept in ``tables``, for the spreadsheet written beside the document.
        """
        self.tables.append(data)
        headers = data.headers
        table = self.doc.add_table(rows=1 + len(data.rows), cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        # Fixed layout at the full type-area width: LibreOffice shrinks an autofit table
        # to its content, Word widens it; both honour fixed widths.
        table.autofit = False
        table_width = table._tbl.tblPr.find(qn("w:tblW"))
        table_width.set(qn("w:type"), "dxa")
        table_width.set(qn("w:w"), str(TYPE_AREA_WIDTH.twips))
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), str(CELL_MARGIN.twips))
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption",
                                               "w:tblDescription", "w:tblPrChange")
        widths = column_widths(data, Emu(TYPE_AREA_WIDTH).pt, TABLE_SIZE.pt, 2 * CELL_MARGIN.pt)
        for column, points in zip(table.columns, widths, strict=True):
            width = Pt(points)
            column.width = width
            for cell in column.cells:
                cell.width = width
        for number, row in enumerate(table.rows):
            trpr = row._tr.get_or_add_trPr()
            trpr.append(OxmlElement("w:cantSplit"))
            if number == 0:
                repeat = OxmlElement("w:tblHeader")
                repeat.set(qn("w:val"), "true")
                trpr.append(repeat)
        texts = [headers, *([cell_text(v) for v in r] for r in data.rows)]
        for number, (row, values) in enumerate(zip(table.rows, texts, strict=True)):
            font = HEITI if number == 0 else FANGSONG
            for cell, value, column in zip(row.cells, values, data.columns, strict=True):
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                paragraph = cell.paragraphs[0]
                left = column.left and number > 0
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
                fmt = paragraph.paragraph_format
                fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
                fmt.line_spacing = TABLE_LINE
                set_font(paragraph.add_run(value), font, TABLE_SIZE, spacing=None)
        self.blank()
        return data

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
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
