"""Adoption evidence read for the office: which outlet, which day, which item.

The text Tesseract read off a screenshot or a photographed page (daemon/parsing/ocr.py)
becomes a *proposal*, never an adoption: ``adopt N --outlet O --date D`` with a confidence,
which the office takes in one click (``evidence confirm ID``) or corrects.

- Outlet: a web address of the config's outlet table (an address bar, a page footer)
  speaks first, then a masthead or site name among the page's first lines, then a name
  anywhere else. A name in a credit line (来源：定西日报) says where the article came from,
  not where it stands, and is passed over. A 版次 line (第3版) favours the newspapers.
- Date: the dates on the page (2026年3月12日, 2026-03-12, 二〇二六年三月十二日) that fall
  between the item's receipt and the evidence's arrival; a labelled one (发布时间：) first,
  then the first one read.
- Item: among the unit's items, by how much of each item's title and article the page
  holds, as character bigrams (daemon/intake/resend.py): containment, not Dice, because
  a newspaper page carries other articles too. The best item is proposed when its score
  reaches ``propose_score`` and leads the runner-up by ``propose_margin``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol, TypeVar

from daemon.config import EvidenceSettings, OutletCue
from daemon.intake.evidence import Candidate as Titled
from daemon.intake.resend import bigrams, containment

# OCR spaces out CJK glyphs ("定西 日 报"); a space between two of them is an artefact
_CJK_GAP = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])[ \t]+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
)
_FULL_DIGITS = str.maketrans("０１２３４５６７８９：／．－", "0123456789:/.-")
_ARABIC_DATE = re.compile(r"(20\d\d)\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})(?!\d)")
_HAN_DIGITS = "〇○零OoΟ一二三四五六七八九"
_HAN_DATE = re.compile(
    rf"([{_HAN_DIGITS}]{{4,5}})\s*年\s*([一二三四五六七八九十]{{1,3}})\s*月\s*([一二三四五六七八九十]{{1,3}})\s*日"
)
_HAN_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | dict.fromkeys("○零OoΟ", 0)
# An address read off a screen loses dots and confuses i/l/1 and o/0: compare skeletons
_URL_SKELETON = str.maketrans("l1|!I0", "iiiiio")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
ITEM_WINDOW_DAYS = 400  # an item is adopted within months of its receipt
DATE_SLACK_DAYS = 3  # a page dated a little before the item's receipt: a clock or an OCR slip


class Candidate(Titled, Protocol):
    """An item the page may show: the mail matcher's candidate, with its article."""

    @property
    def article_text(self) -> str: ...


C = TypeVar("C", bound=Candidate)


def normalise(text: str) -> str:
    return _CJK_GAP.sub("", text.translate(_FULL_DIGITS))


@dataclass(frozen=True)
class OutletFinding:
    outlet: str
    cue: str  # what was seen, in Chinese: 网址 dxrb.net / 报头“定西日报” / 版次“第3版”


def _is_credit(line: str, at: int, settings: EvidenceSettings) -> bool:
    before = line[max(0, at - 6) : at]
    return any(word in before for word in settings.source_words)


def _skeleton(text: str) -> str:
    return _NOT_ALNUM.sub("", text.lower().translate(_URL_SKELETON))


def _nearly(line: str, name: str) -> int:
    """Where ``name`` stands in ``line`` with one glyph misread or lost; -1 when nowhere."""
    size = len(name)
    for at in range(len(line) - size + 2):
        window = line[at : at + size]
        if len(window) == size and sum(a != b for a, b in zip(window, name, strict=True)) <= 1:
            return at
        if any(window[: size - 1] == name[:i] + name[i + 1 :] for i in range(size)):
            return at
    return -1


def _named(lines: list[str], cue: OutletCue, settings: EvidenceSettings) -> tuple[int, str] | None:
    """(line index, name) of the first uncredited mention of one of ``cue``'s names; in the
    head lines a name of four glyphs or more may have one misread (a masthead's big type
    set vertically is what OCR reads worst)."""
    for index, line in enumerate(lines):
        for name in cue.names:
            at = line.find(name)
            if at < 0 and index < settings.head_lines and len(name) >= 4:
                at = _nearly(line, name)
            if at >= 0 and not _is_credit(line, at, settings):
                return index, name
    return None


def detect_outlet(text: str, settings: EvidenceSettings) -> OutletFinding | None:
    lines = [line for line in normalise(text).splitlines() if line.strip()]
    flat = _skeleton("".join(lines))
    for cue in settings.outlets:
        for url in cue.urls:
            if _skeleton(url) in flat:
                return OutletFinding(cue.outlet, f"网址 {url}")
    printed = next(
        (m.group(0) for p in settings.page_patterns for m in [re.search(p, "\n".join(lines))] if m), None
    )
    found = [(hit, cue) for cue in settings.outlets if (hit := _named(lines, cue, settings))]
    if not found:
        return None
    head = [(hit, cue) for hit, cue in found if hit[0] < settings.head_lines]
    pool = head or found
    if printed:  # a page with a 版次 line is a newspaper's; prefer a newspaper named on it
        pool = [pair for pair in pool if pair[1].printed] or pool
    (index, name), cue = min(pool, key=lambda pair: pair[0][0])  # the topmost; table order breaks ties
    where = "报头" if index < settings.head_lines else "页面"
    extra = f"，版次“{printed}”" if printed and cue.printed else ""
    return OutletFinding(cue.outlet, f"{where}“{name}”{extra}")


def _han_number(text: str) -> int:
    if len(text) == 5:  # 二OO二六: a round glyph read twice
        text = re.sub(r"([〇○零OoΟ])\1", r"\1", text, count=1)
    if "十" not in text:
        return int("".join(str(_HAN_VALUE[c]) for c in text))
    tens, _, units = text.partition("十")
    return (_HAN_VALUE[tens] if tens else 1) * 10 + (_HAN_VALUE[units] if units else 0)


def _dates(text: str) -> list[tuple[int, date]]:
    """(position, day) of every date on the page that is a real calendar day."""
    found = []
    for match in _ARABIC_DATE.finditer(text):
        parts = (int(match[1]), int(match[2]), int(match[3]))
        found.append((match.start(), parts))
    for match in _HAN_DATE.finditer("".join(text.split())):  # positions: near enough
        parts = (_han_number(match[1]), _han_number(match[2]), _han_number(match[3]))
        found.append((match.start(), parts))
    days = []
    for at, (year, month, day) in sorted(found):
        try:
            days.append((at, date(year, month, day)))
        except ValueError:
            continue
    return days


def detect_date(text: str, earliest: date, latest: date, settings: EvidenceSettings) -> date | None:
    """The publication date: a labelled date in range first, else the first date in range."""
    text = normalise(text)
    in_range = [(at, day) for at, day in _dates(text) if earliest <= day <= latest]
    for at, day in in_range:
        if any(word in text[max(0, at - 8) : at] for word in settings.date_words):
            return day
    return in_range[0][1] if in_range else None


@dataclass(frozen=True)
class Scored:
    score: float
    title: float
    body: float


def score_item(page: str, title: str, article: str, settings: EvidenceSettings) -> Scored:
    """How much of the item's title and article the page holds (0 to 1 each)."""
    words = bigrams(normalise(page))
    title_part = containment(bigrams(title), words)
    body_part = containment(bigrams(article), words) if article.strip() else title_part
    weight = settings.title_weight
    return Scored(weight * title_part + (1 - weight) * body_part, title_part, body_part)


@dataclass(frozen=True)
class Match:
    item: Candidate | None
    score: Scored | None
    runner_up: float
    reason: str  # Chinese


def match_item(page: str, candidates: Sequence[C], settings: EvidenceSettings) -> Match:
    scored = sorted(
        ((score_item(page, c.title, c.article_text, settings), c) for c in candidates),
        key=lambda pair: -pair[0].score,
    )
    if not scored:
        return Match(None, None, 0.0, "本单位没有可匹配的信息")
    best, winner = scored[0]
    second = scored[1][0].score if len(scored) > 1 else 0.0
    figures = f"标题 {best.title:.2f}，正文 {best.body:.2f}，次优 {second:.2f}"
    if best.score < settings.propose_score:
        return Match(
            None, best, second, f"截图与本单位信息都不够相近（最高 {best.score:.2f}，{winner.number}）"
        )
    if best.score - second < settings.propose_margin:
        return Match(
            None,
            best,
            second,
            f"截图与 {winner.number}、{scored[1][1].number} 同样相近（{best.score:.2f}、{second:.2f}）",
        )
    return Match(winner, best, second, f"截图文字与《{winner.title}》相符 {best.score:.2f}（{figures}）")


@dataclass(frozen=True)
class Proposal:
    outlet: OutletFinding | None
    day: date | None
    match: Match
    confidence: float  # the item's score, less 0.2 for each of outlet and date not found

    def note(self) -> str:
        outlet = f"渠道：{self.outlet.cue}" if self.outlet else "渠道：未识别"
        day = f"日期：{self.day}" if self.day else "日期：未识别"
        return f"{self.match.reason}；{outlet}；{day}"


def propose(
    page: str,
    candidates: Sequence[C],
    received_on: date,
    settings: EvidenceSettings,
    item_received: dict[str, date] | None = None,
    known: C | None = None,
) -> Proposal:
    """What the office is asked to confirm. ``known`` is the item the mail itself named
    (an item number or title in its note), which the page then only has to support."""
    outlet = detect_outlet(page, settings)
    if known is not None:
        score = score_item(page, known.title, known.article_text, settings)
        match = Match(known, score, 0.0, f"邮件指明 {known.number}，截图相符 {score.score:.2f}")
    else:
        match = match_item(page, candidates, settings)
    received = (item_received or {}).get(match.item.number) if match.item else None
    earliest = (
        (received - timedelta(days=DATE_SLACK_DAYS))
        if received
        else (received_on - timedelta(days=ITEM_WINDOW_DAYS))
    )
    day = detect_date(page, earliest, received_on, settings)
    confidence = match.score.score if match.item and match.score else 0.0
    confidence -= 0.2 * ((outlet is None) + (day is None)) if match.item else 0.0
    return Proposal(outlet, day, match, round(max(0.0, confidence), 2))
