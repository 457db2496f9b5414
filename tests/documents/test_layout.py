"""The generated documents, reopened with python-docx and rendered by LibreOffice.

GB/T 9704-2012 figures: A4, margins 37/35/28/26 mm, body 仿宋_GB2312 16 pt at 28.95 pt,
22 lines of 28 characters, title 方正小标宋简体 22 pt, page numbers 宋体 14 pt.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from daemon.config import Settings, load_settings
from daemon.documents.annual import build_annual
from daemon.documents.bulletin import BulletinEntry, build_bulletin
from daemon.documents.layout import OfficialDocument
from daemon.documents.monthly import build_monthly
from daemon.documents.quarterly import build_quarterly
from daemon.documents.shortfall import build_shortfall, lagging
from daemon.paths import EXAMPLE_CONFIG
from daemon.scoring import Adoption, Submission, parse_period, score_period
from tests.documents.office import page_count, pages_text, to_pdf, tools_missing

ISSUED = date(2026, 10, 3)
# 28 distinct characters: one full line each, so a paragraph's lines can be checked exactly
LINE_TEXT = "推进重点项目建设优化营商环境深化改革开放促进高质量发展保障和改善"[:28]


def records(settings: Settings) -> tuple[list[Submission], list[Adoption]]:
    """A third quarter: 安定区 keeps its quota, the others lag; a few adoptions."""
    submissions, adoptions = [], []
    n = 0
    for unit, per_month in (("安定区", 5), ("通渭县", 2), ("陇西县", 4), ("价格科", 3), ("办公室", 1)):
        for month in (7, 8, 9):
            for day in range(1, per_month + 1):
                n += 1
                number = f"2026-{n:04d}"
                received = datetime(2026, month, day, 2, tzinfo=UTC)
                submissions.append(Submission(number, unit, ("张明",), received))
                if day <= 2 and unit in ("安定区", "价格科"):
                    adoptions.append(Adoption(number, unit, ("张明",), "portal", received.date()))
                    adoptions.append(Adoption(number, unit, ("张明",), "bulletin", received.date()))
    return submissions, adoptions


def bulletin_entries(count: int) -> list[BulletinEntry]:
    # 4 paragraphs of 82 characters: exactly 3 lines each once indented (26 + 28 + 28)
    paragraphs = "\n".join((LINE_TEXT * 3)[:82] for _ in range(4))
    return [BulletinEntry(f"第{i}条信息的标题", "安定区发展改革局", paragraphs) for i in range(1, count + 1)]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Every document as .docx and .pdf (one LibreOffice call), by name."""
    settings = load_settings(EXAMPLE_CONFIG)
    submissions, adoptions = records(settings)

    def score(label: str) -> dict:
        return score_period(settings, parse_period(label), submissions, adoptions, [])

    quarter = score("2026-Q3")
    body = OfficialDocument()
    body.title("排版测试")
    for _ in range(30):
        body.text(LINE_TEXT * 3)  # 84 characters, indented two: lines of 26, 28, 28 and 2
    documents = {
        "bulletin": build_bulletin(7, ISSUED, bulletin_entries(3)),
        "monthly": build_monthly(settings, parse_period("2026-09"), score("2026-09"), ISSUED),
        "quarterly": build_quarterly(settings, parse_period("2026-Q3"), quarter, ISSUED),
        "annual": build_annual(settings, parse_period("2026"), score("2026"), ISSUED),
        "shortfall": build_shortfall(settings, parse_period("2026-Q3"), lagging(quarter)[0], ISSUED),
        "body": body,
    }
    folder = tmp_path_factory.mktemp("documents")
    paths = {}
    for name, document in documents.items():
        path = folder / f"{name}.docx"
        path.write_bytes(document.to_bytes())
        paths[name] = path
    if tools_missing():
        pytest.skip(tools_missing() or "")
    pdfs = to_pdf(list(paths.values()), folder / "pdf")
    return {name: (paths[name], pdf) for name, pdf in zip(paths, pdfs, strict=True)}


DOCUMENTS = ("bulletin", "monthly", "quarterly", "annual", "shortfall")


@pytest.mark.parametrize("name", DOCUMENTS)
def test_page_and_fonts_follow_gbt_9704(rendered: dict[str, tuple[Path, Path]], name: str) -> None:
    document = docx.Document(str(rendered[name][0]))
    section = document.sections[0]
    # Word stores twips, so compare in millimetres to 0.1
    measures = [section.page_width, section.page_height, section.top_margin,
                section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm, 1) for m in measures] == [210, 297, 37, 35, 28, 26]
    fonts: dict[str, set[float]] = {}
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if not run.text.strip():
                continue
            rpr = run._r.rPr
            east_asian = rpr.rFonts.get(qn("w:eastAsia"))
            assert rpr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
            fonts.setdefault(east_asian, set()).add(run.font.size.pt)
    # body 仿宋 3号 everywhere; titles 方正小标宋简体 2号 (the masthead larger); headings 3号
    assert 16 in fonts["仿宋_GB2312"]
    assert 22 in fonts["方正小标宋简体"]
    assert fonts.get("黑体", {16}) <= {16} and fonts.get("楷体_GB2312", {16}) <= {16}
    body = [p for p in document.paragraphs if p.paragraph_format.first_line_indent == Pt(32)]
    assert body and all(p.paragraph_format.line_spacing == Pt(28.95) for p in body)
    spacing = body[0].runs[0]._r.rPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:val")) == "-5"
    # page numbers: 宋体 4号 PAGE fields, odd pages right, even pages left
    assert document.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == getattr(docx.enum.text.WD_ALIGN_PARAGRAPH, align.upper())
        assert "PAGE" in paragraph._p.xml and "— " in paragraph.text
        assert {r.font.size.pt for r in paragraph.runs} == {14}
        assert {r._r.rPr.rFonts.get(qn("w:eastAsia")) for r in paragraph.runs} == {"宋体"}


def body_lines(page: str) -> list[str]:
    """The printed lines of a page, page number line left out."""
    return [line.strip() for line in page.splitlines() if line.strip() and "—" not in line]


def test_full_page_holds_22_lines_of_28_characters(rendered: dict[str, tuple[Path, Path]]) -> None:
    pages = pages_text(rendered["body"][1])
    full = body_lines(pages[1])  # page 2: nothing but body paragraphs
    assert len(full) == 22
    widths = [len(re.sub(r"\s", "", line)) for line in full]
    # first lines are indented two characters, the last holds the remaining two
    assert set(widths) == {26, 28, 2}
    assert widths.count(28) >= 10
    assert re.search(r"—\s*2\s*—", pages[1])


def test_bulletin_of_three_items_fills_three_pages(rendered: dict[str, tuple[Path, Path]]) -> None:
    pdf = rendered["bulletin"][1]
    # masthead 159 pt; items 411 + 440 + 440 pt (blank, title 35, unit, 12 lines of 28.95);
    # 版记 145 pt: 1596 pt against 638 pt a page is two and a half pages
    assert page_count(pdf) == 3
    text = re.sub(r"\s", "", "".join(pages_text(pdf)))  # pdftotext spaces out digits
    assert "定西发展改革" in text and "第7期" in text and "2026年10月3日" in text
    assert all(f"第{i}条信息的标题" in text for i in (1, 2, 3))
    assert "共印40份" in text and "发：各县区发展改革局" in text


def test_each_document_renders_its_content(rendered: dict[str, tuple[Path, Path]]) -> None:
    texts = {name: "".join(pages_text(rendered[name][1])) for name in DOCUMENTS}
    squashed = {name: re.sub(r"\s", "", text) for name, text in texts.items()}
    assert "2026年9月政务信息报送采用情况统计" in squashed["monthly"]
    assert "二类科室" in squashed["monthly"] and "四、积分情况" in squashed["monthly"]
    assert "关于2026年第三季度政务信息报送工作" in squashed["quarterly"]
    assert "三、未完成任务的单位" in squashed["quarterly"]
    assert "通渭县发展改革局：月度报送信息" in squashed["quarterly"]
    assert "安定区发展改革局（" in squashed["quarterly"]  # commended
    assert "一票否决" in squashed["annual"] and "先进科室" in squashed["annual"]
    assert "关于督促报送政务信息的通知" in squashed["shortfall"] and "尚差" in squashed["shortfall"]
    for name in DOCUMENTS:
        assert "定西市发展和改革委员会办公室" in squashed[name]
        assert page_count(rendered[name][1]) >= 1
