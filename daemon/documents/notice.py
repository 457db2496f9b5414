"""What every notice (通报, 通知) shares: the 版头, the heading of a provisional one, the
closing requirements, the 落款 and the 版记 (GB/T 9704-2012; ``layout`` has the figures)."""

from __future__ import annotations

from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH

from daemon.config import Settings
from daemon.documents.layout import KAITI, ImprintLine, OfficialDocument
from daemon.documents.wording import as_of_text, day_text, ordinal, sub_ordinal

REGULATION = "《定西市发展和改革委员会政务信息报送工作及考核奖惩制度》"
REQUIREMENTS = (
    "各单位要进一步提高对政务信息工作的认识，主要负责同志要亲自过问，"
    "分管领导要加强审核把关，信息员要及时掌握工作动态，确保按时足额完成报送任务。",
    "要围绕全市发展改革中心工作，多报送调研类、经验做法类和意见建议类信息，"
    "提高信息的针对性和时效性，严格执行字数要求，杜绝涉密信息报送。",
)


def as_of_heading(document: OfficialDocument, as_of: date | None) -> None:
    """截至X月X日（阶段性统计） under the title of a document for a period still open."""
    if as_of is not None:
        document.text(as_of_text(as_of), KAITI, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        document.blank()


def open_notice(settings: Settings, number: str, title: str, as_of: date | None) -> OfficialDocument:
    """版头 (发文机关标志, 发文字号, red rule) and the title; ``as_of`` for an open period."""
    document = OfficialDocument()
    document.masthead(settings.documents.masthead)
    document.document_number(number)
    document.title(title, space_after=as_of is None)
    as_of_heading(document, as_of)
    return document


def requirements(document: OfficialDocument, number: int, closing: str | None) -> None:
    """下一步工作要求: the standing two, and ``closing`` for the units that lag, if any."""
    document.heading1(f"{ordinal(number)}下一步工作要求")
    texts = [*REQUIREMENTS, *([closing] if closing else [])]
    for index, text in enumerate(texts, start=1):
        document.text(f"{sub_ordinal(index)}{text}")


def close_notice(document: OfficialDocument, settings: Settings, issued: date) -> None:
    """落款 (署名, 成文日期) and 版记 (抄送, 印发机关 and 印发日期)."""
    config = settings.documents
    document.signature(config.issuer, day_text(issued))
    lines = [ImprintLine(config.copy_to, label="抄送")] if config.copy_to else []
    lines.append(ImprintLine(config.issuer, right=f"{day_text(issued)}印发"))
    document.imprint(lines)
