"""《定西发展改革》: the commission's numbered bulletin (简报), one issue per call.

A red masthead, 第N期, the editing unit left and the date right above a red rule; then
each chosen item with its current title, its unit and its current text (``Item.title``
and ``Item.article_text``: what the office corrected, never the mail's subject); then the
版记 at the foot of the last page, which is even (GB/T 9704): 报, 送, 发 and, on the last
line, the editing unit, the print count and the 印发日期, all from ``[documents.bulletin]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from daemon.config import BulletinSettings
from daemon.documents.layout import KAITI, RED, XIAOBIAOSONG, ImprintLine, OfficialDocument
from daemon.documents.wording import day_text

MASTHEAD_SIZE = Pt(48)


@dataclass(frozen=True)
class BulletinEntry:
    title: str
    unit: str | None  # as printed under the title, e.g. 安定区发展改革局; None when unknown
    text: str


def build_bulletin(config: BulletinSettings, number: int, issued: date,
                   entries: Sequence[BulletinEntry]) -> OfficialDocument:
    document = OfficialDocument()
    document.text(config.masthead, XIAOBIAOSONG, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER,
                  size=MASTHEAD_SIZE, color=RED, line=Pt(72))
    document.text(f"第{number}期", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    document.split_line(config.editor, day_text(issued), rule=RED)
    document.blank()
    for index, entry in enumerate(entries):
        if index:
            document.blank()
        document.title(entry.title, space_after=False)
        if entry.unit:
            source = document.text(f"（{entry.unit}）", KAITI, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
            source.paragraph_format.keep_with_next = True
        document.body(entry.text)
    lines = [ImprintLine(text, label=label) for label, text in
             (("报", config.report_to), ("送", config.send_to), ("发", config.issue_to)) if text]
    lines.append(ImprintLine("", right=f"（共印{config.copies}份）"))
    lines.append(ImprintLine(config.editor, right=f"{day_text(issued)}印发"))
    document.imprint(lines, even_pages=True)
    return document
