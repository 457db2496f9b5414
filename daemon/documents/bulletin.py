"""《定西发展改革》: the commission's numbered bulletin (简报), one issue per call.

A red masthead, 第N期, the editing unit left and the date right above a red rule; then
each chosen item with its title, unit and text; then the 版记 block (报、送、发 and the
print count) closed by rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from daemon.documents.layout import (
    FANGSONG,
    ISSUER,
    KAITI,
    RED,
    XIAOBIAOSONG,
    OfficialDocument,
)
from daemon.documents.wording import day_text

MASTHEAD = "定西发展改革"
MASTHEAD_SIZE = Pt(48)
# 版记: who receives the bulletin (报 up, 送 across, 发 down) and how many copies are printed
REPORT_TO = "市委办公室、市政府办公室，省发展改革委办公室。"
SEND_TO = "委领导。"
ISSUE_TO = "各县区发展改革局，委机关各科室（局、办、中心）。"
COPIES = 40


@dataclass(frozen=True)
class BulletinEntry:
    title: str
    unit: str  # as printed under the title, e.g. 安定区发展改革局
    text: str


def build_bulletin(number: int, issued: date, entries: Sequence[BulletinEntry],
                   copies: int = COPIES) -> OfficialDocument:
    document = OfficialDocument()
    document.text(MASTHEAD, XIAOBIAOSONG, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER,
                  size=MASTHEAD_SIZE, color=RED, line=Pt(72))
    document.text(f"第{number}期", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    document.split_line(ISSUER, day_text(issued), rule=RED)
    document.blank()
    for index, entry in enumerate(entries):
        if index:
            document.blank()
        document.title(entry.title, space_after=False)
        document.text(f"（{entry.unit}）", KAITI, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        document.body(entry.text)
    document.blank()
    document.ruled(f"报：{REPORT_TO}", above=True)
    document.ruled(f"送：{SEND_TO}")
    document.ruled(f"发：{ISSUE_TO}")
    document.ruled(f"{ISSUER}\t共印{copies}份", font=FANGSONG, right_tab=True)
    return document
