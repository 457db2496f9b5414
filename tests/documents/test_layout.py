"""The generated documents, reopened with python-docx and laid out by LibreOffice.

GB/T 9704-2012 figures: A4, margins 37/35/28/26 mm, body 仿宋_GB2312 16 pt at 28.95 pt,
22 lines of 28 characters, title 方正小标宋简体 22 pt, page numbers 宋体 14 pt. Every kind
is built twice from the same year (``samples``): on December 1, 2026 with the year open,
and on January 4, 2027 with it final; positions come from ``pdftotext -bbox-layout``.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from daemon.config import load_settings
from daemon.documents.layout import OfficialDocument
from daemon.documents.pagination import settle
from daemon.paths import EXAMPLE_CONFIG
from tests.documents.office import Page, bbox_pages, pages_text, to_pdf, tools_missing
from tests.documents.samples import FINAL_DAY, LINE_TEXT, OPEN_DAY, documents

DOCUMENTS = ("bulletin", "monthly", "quarterly", "annual", "shortfall")
NOTICES = ("quarterly", "annual", "shortfall")
EDITIONS = {"open": OPEN_DAY, "final": FINAL_DAY}
CASES = [f"{edition}-{kind}" for edition in EDITIONS for kind in DOCUMENTS]
PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, OfficialDocument]]:
    """Every document as laid out (``settle``), as .docx and .pdf, by ``edition-kind``."""
    if tools_missing():
        pytest.skip(tools_missing() or "")
    settings = load_settings(EXAMPLE_CONFIG)
    built = {f"{edition}-{kind}": document for edition, day in EDITIONS.items()
             for kind, document in documents(settings, day).items()}
    settle(list(built.values()), settings.parsing)
    body = OfficialDocument()
    body.title("排版测试")
    for _ in range(30):
        body.text(LINE_TEXT * 3)  # 84 characters, indented two: lines of 26, 28, 28 and 2
    built["body"] = body
    folder = tmp_path_factory.mktemp("documents")
    paths = {}
    for name, document in built.items():
        paths[name] = folder / f"{name}.docx"
        paths[name].write_bytes(document.to_bytes())
    pdfs = to_pdf(list(paths.values()), folder / "pdf")
    return {name: (paths[name], pdf, built[name]) for name, pdf in zip(paths, pdfs, strict=True)}


def text_lines(page: Page) -> list[str]:
    """A page's printed lines, squashed, the page number left out."""
    lines = ["".join(line.text.split()) for line in page.lines]
    return [line for line in lines if line and not PAGE_NUMBER.match(line)]


@pytest.mark.parametrize("name", CASES)
def test_page_and_fonts_follow_gbt_9704(rendered: dict, name: str) -> None:
    document = docx.Document(str(rendered[name][0]))
    section = document.sections[0]
    measures = [section.page_width, section.page_height, section.top_margin,
                section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in measures] == [210, 297, 37, 35, 28, 26]
    fonts: dict[str, set[float]] = {}
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if not run.text.strip():
                continue
            rpr = run._r.rPr
            assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
            fonts.setdefault(rpr.rFonts.get(qn("w:eastAsia")), set()).add(run.font.size.pt)
    assert 16 in fonts["仿宋_GB2312"]
    assert 22 in fonts["方正小标宋简体"]
    assert fonts.get("黑体", {16}) <= {16} and fonts.get("楷体_GB2312", {16}) <= {16}
    body = [p for p in document.paragraphs if p.paragraph_format.first_line_indent == Pt(32)]
    assert body and all(p.paragraph_format.line_spacing == Pt(28.95) for p in body)
    assert body[0].runs[0]._r.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    assert document.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, "RIGHT"), (section.even_page_footer, "LEFT")):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == getattr(docx.enum.text.WD_ALIGN_PARAGRAPH, align)
        assert "PAGE" in paragraph._p.xml and "— " in paragraph.text
        assert {r.font.size.pt for r in paragraph.runs} == {14}


def test_full_page_holds_22_lines_of_28_characters(rendered: dict) -> None:
    pages = pages_text(rendered["body"][1])
    full = [line.strip() for line in pages[1].splitlines() if line.strip() and "—" not in line]
    assert len(full) == 22
    widths = [len(re.sub(r"\s", "", line)) for line in full]
    assert set(widths) == {26, 28, 2}  # first lines indented two characters
    assert widths.count(28) >= 10
    assert re.search(r"—\s*2\s*—", pages[1])


@pytest.mark.parametrize("name", [c for c in CASES if not c.endswith("monthly")])
def test_imprint_at_the_foot_of_the_last_page(rendered: dict, name: str) -> None:
    """The 版记's last line (印发) in the bottom fifth of the last page, on the bottom of the
    type area (262 mm), its first line on the same page, below every line of text."""
    pages = bbox_pages(rendered[name][1])
    last = pages[-1]
    imprint_end = next(line for line in last.lines if "印发" in line.text)
    assert imprint_end.y_max >= 0.8 * last.height
    type_area_bottom = (297 - 35) / 25.4 * 72
    assert type_area_bottom - 12 <= imprint_end.y_max <= type_area_bottom
    first = "报" if name.endswith("bulletin") else "抄送" if "抄送" in last.squashed() else "印发"
    start = next(line for line in last.lines if "".join(line.text.split()).startswith(first))
    above = [line for line in last.lines if line.y_max < start.y_min]
    assert above, "the 版记 shares its page with text"
    if name.endswith("bulletin"):
        assert len(pages) % 2 == 0  # GB/T 9704: the 版记 on an even page, the back of the sheet


@pytest.mark.parametrize("name", CASES)
def test_no_page_holds_only_the_signature_or_the_imprint(rendered: dict, name: str) -> None:
    document: OfficialDocument = rendered[name][2]
    kept = sorted(("".join(k.split()) for k in document.kept), key=len, reverse=True)
    assert kept  # every kind has its 落款 or 版记
    for number, page in enumerate(bbox_pages(rendered[name][1]), start=1):
        rest = "".join(text_lines(page))
        for line in kept:
            rest = rest.replace(line, "", 1)
        assert rest, f"page {number} of {name} holds only the 落款 or the 版记"


@pytest.mark.parametrize("name", [f"{e}-{k}" for e in EDITIONS for k in NOTICES])
def test_document_number_under_the_masthead(rendered: dict, name: str) -> None:
    first = bbox_pages(rendered[name][1])[0]
    masthead = next(line for line in first.lines if "文件" in line.text)
    number = next(line for line in first.lines if "〔" in line.text)
    title = next(line for line in first.lines if line.text.startswith("关于"))
    assert masthead.y_max < number.y_min < title.y_min
    assert "".join(number.text.split()) == "定发改办〔2026〕12号"
    centre = (number.x_min + number.x_max) / 2
    type_centre = (28 + (210 - 26)) / 2 / 25.4 * 72
    assert abs(centre - type_centre) < 6
    # GB/T 9704 7.2.4: the masthead's top 35 mm below the top of the type area (37 mm)
    assert abs(masthead.y_min - (37 + 35) / 25.4 * 72) < 14


@pytest.mark.parametrize("name", [c for c in CASES if not c.endswith(("bulletin", "shortfall"))])
def test_table_headers_are_never_split(rendered: dict, name: str) -> None:
    """门户网站 and every other header word whole on one printed line (no 门户/网站)."""
    lines = [line for page in bbox_pages(rendered[name][1]) for line in text_lines(page)]
    headers = {h for table in rendered[name][2].tables for h in table.headers}
    assert "门户网站" in headers or name.endswith(("quarterly", "annual"))
    for header in headers:
        assert any(header in line for line in lines), (name, header)


def test_each_document_renders_its_content(rendered: dict) -> None:
    text = {name: re.sub(r"\s", "", "".join(pages_text(rendered[name][1]))) for name in CASES}
    assert "2026年11月政务信息报送采用情况统计" in text["open-monthly"]
    assert "截至12月1日（阶段性统计）" in text["open-monthly"]
    assert "2026年12月政务信息报送采用情况统计" in text["final-monthly"]
    assert "关于2026年第四季度政务信息报送工作" in text["final-quarterly"]
    assert "一票否决单位" in text["final-annual"] and "先进科室" in text["final-annual"]
    assert "关于督促报送政务信息的通知" in text["final-shortfall"]
    assert "定西发展改革" in text["open-bulletin"] and "第7期" in text["open-bulletin"]
    assert "共印40份" in text["open-bulletin"] and "发：各县区发展改革局" in text["open-bulletin"]
    for name in CASES:
        assert "定西市发展和改革委员会办公室" in text[name]
