"""Adoption evidence by mail (RULES.md 采用证明): a unit mails a screenshot or a scan saying
its item was adopted; intake files it as pending Evidence for the office, not as an item.

Recognising such a mail (``looks_like_evidence``), all of:

- an image or PDF attachment (the screenshot or the page copy);
- no Word-family attachment and no category tag (【动态】…) in the subject: those mark a
  submission, whose article may well say "被门户网站采用31条";
- the subject, or the note at the top of the body (first ``NOTE_SCAN`` characters), says
  the item was adopted: 被/已/获/予以 … 采用/刊发/刊登/录用, or 采用截图/采用情况/…
  A bare 采用 is ordinary prose ("采用新模式"), so it is not enough.

Matching the item (``match_evidence``): an item number quoted in the subject or the note
(2026-0012) wins; otherwise the title most similar to some stretch of the subject or the
note, when its difflib ratio is at least ``TITLE_MATCH_RATIO``. 0.8 lets a title quoted
with a character or two changed still match while two titles that merely share a
county's stock phrases do not; a tie at the top is left to the office.
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Protocol, TypeVar

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from daemon.config import Settings
from daemon.intake.checks.category import find_category_tag
from daemon.logs import kv
from daemon.models import AuditEntry, Evidence, Item, Message
from daemon.parsing.model import Attachment, ParsedMessage
from daemon.storage import Store
from daemon.timeutil import local, utcnow

log = logging.getLogger(__name__)

TITLE_MATCH_RATIO = 0.8
# counted by the info center (portal) and the office (bulletin); every other outlet needs proof
OUTLETS_WITHOUT_EVIDENCE = frozenset({"portal", "bulletin"})
NOTE_SCAN = 300  # an evidence note is a line or two; further down is quoted mail or an article

_ADOPTED = "采用|刊发|刊登|录用"
_PHRASE = re.compile(
    rf"(?:被|已|获|予以)[^，。；;,.\n]{{0,20}}?(?:{_ADOPTED})"
    rf"|(?:{_ADOPTED})(?:截图|情况|证明|佐证|凭证)"
)
_NUMBER = re.compile(r"(?<!\d)(\d{4}-\d{4})(?!\d)")
_SQUASH = re.compile(r"[\s\u3000《》〈〉“”\"'‘’「」『』【】]+")
_IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff"})
_WORD_SUFFIXES = frozenset({".doc", ".docx", ".wps", ".odt", ".rtf"})
# Words naming an outlet, most specific first; the guess is a hint the office confirms.
_OUTLET_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("party_gov_net", ("党政网",)),
    ("daily", ("定西日报",)),
    ("digest", ("呈阅件",)),
    ("national", ("人民日报", "新华社", "国家发展改革委", "国家发改委", "国家级")),
    ("provincial", ("甘肃日报", "省发展改革委", "省发改委", "省政府", "省委", "省级")),
    ("bulletin", ("简报",)),
    ("portal", ("门户网站",)),
)


class Candidate(Protocol):
    @property
    def number(self) -> str: ...
    @property
    def title(self) -> str: ...


C = TypeVar("C", bound=Candidate)


def _suffix(name: str) -> str:
    return posixpath.splitext(name.lower())[1]


def is_evidence_file(attachment: Attachment) -> bool:
    """An image or a PDF: what a screenshot or a scanned page arrives as."""
    kind = attachment.content_type.lower()
    suffix = _suffix(attachment.filename)
    return (
        kind.startswith("image/")
        or suffix in _IMAGE_SUFFIXES
        or kind == "application/pdf"
        or suffix == ".pdf"
        or attachment.data[:5] == b"%PDF-"
    )


def looks_like_evidence(parsed: ParsedMessage) -> bool:
    if not any(is_evidence_file(a) for a in parsed.attachments):
        return False
    if any(_suffix(a.filename) in _WORD_SUFFIXES for a in parsed.attachments):
        return False
    if find_category_tag(parsed.subject) is not None:
        return False
    return bool(_PHRASE.search(parsed.subject) or _PHRASE.search(parsed.body_text[:NOTE_SCAN]))


def guess_outlet(text: str) -> str | None:
    for outlet, words in _OUTLET_WORDS:
        if any(word in text for word in words):
            return outlet
    return None


def title_similarity(text: str, title: str) -> float:
    """The best difflib ratio between ``title`` and a same-length stretch of a line of ``text``."""
    wanted = _SQUASH.sub("", title)
    if not wanted:
        return 0.0
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(wanted)  # seq2 is the one difflib analyses once and reuses
    best = 0.0
    for line in text.splitlines():
        line = _SQUASH.sub("", line)
        size = len(wanted)
        windows = [line] if len(line) <= size else [line[i : i + size] for i in range(len(line) - size + 1)]
        for window in windows:
            matcher.set_seq1(window)
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                best = max(best, matcher.ratio())
    return best


def match_evidence(subject: str, body_text: str, candidates: Sequence[C]) -> tuple[C | None, str]:
    """The item an evidence mail is about, and why (Chinese, shown to the office)."""
    text = f"{subject}\n{body_text[:NOTE_SCAN]}"
    by_number = {c.number: c for c in candidates}
    cited = list(dict.fromkeys(_NUMBER.findall(text)))
    for number in cited:
        if number in by_number:
            return by_number[number], f"邮件引用信息编号 {number}"
    prefix = f"邮件引用的编号 {'、'.join(cited)} 不在候选信息中；" if cited else ""
    scored = sorted(
        ((title_similarity(text, c.title), c) for c in candidates if c.title.strip()),
        key=lambda pair: -pair[0],
    )
    if not scored or scored[0][0] < TITLE_MATCH_RATIO:
        best = f"（最高相似度 {scored[0][0]:.2f}）" if scored else ""
        return None, f"{prefix}未找到标题相近的信息{best}，请办公室指定"
    ratio, winner = scored[0]
    tied = [c.number for r, c in scored if r == ratio]
    if len(tied) > 1:
        return None, f"{prefix}标题与 {'、'.join(tied)} 同样相近（{ratio:.2f}），请办公室指定"
    return winner, f"{prefix}标题相似度 {ratio:.2f}：《{winner.title}》"


def _earlier_evidence(session: Session, record: Message) -> Message | None:
    """The same evidence mail read before (re-delivered, or after a UIDVALIDITY change)."""
    same = Message.sha256 == record.sha256
    if record.message_id:
        same = or_(
            same, and_(Message.message_id == record.message_id, Message.body_sha256 == record.body_sha256)
        )
    query = select(Message).where(same, Message.disposition == "evidence", Message.id != record.id)
    return session.execute(query.order_by(Message.id).limit(1)).scalar_one_or_none()


def file_evidence(
    session: Session, settings: Settings, store: Store, record: Message, parsed: ParsedMessage
) -> None:
    """Record ``record`` (a ledger row in the session) as adoption evidence, one pending
    Evidence row per image or PDF, matched to an item of the sender's unit when possible."""
    session.flush()  # record.id for the rows below
    earlier = _earlier_evidence(session, record)
    if earlier is not None:
        record.disposition, record.item_id = "duplicate", earlier.item_id
        record.reason = f"same_as_message:{earlier.id}"
        return
    now = utcnow()
    received = local(record.received_at or now, settings.timezone)
    unit = settings.unit_for_address(parsed.from_addr)
    # An item is adopted within months of its receipt: this year's and last year's items.
    query = select(Item).where(Item.year >= received.year - 1, Item.state != "held")
    if unit is not None:
        query = query.where(Item.unit == unit.name)
    item, reason = match_evidence(parsed.subject, parsed.body_text, session.scalars(query).all())
    outlet = guess_outlet(f"{parsed.subject}\n{parsed.body_text[:NOTE_SCAN]}")
    rows = []
    for part in parsed.attachments:
        if not is_evidence_file(part):
            continue
        row = Evidence(
            item_id=item.id if item else None,
            message_row_id=record.id,
            outlet=outlet,
            filename=part.filename,
            content_type=part.content_type,
            sha256=store.put("evidence", part.data),
            size=len(part.data),
            state="pending",
            match_reason=reason,
            created_at=now,
        )
        session.add(row)
        rows.append(row)
    session.flush()
    ids = ",".join(str(r.id) for r in rows)
    if item is not None:
        session.add(
            AuditEntry(
                item_id=item.id,
                at=now,
                actor="govinfo",
                action="evidence_received",
                note=f"收到 {parsed.from_addr} 发来的采用证明（待确认，证明 {ids}）：{reason}",
                data={"evidence": [r.id for r in rows], "outlet": outlet},
            )
        )
    record.disposition, record.item_id, record.reason = "evidence", item.id if item else None, None
    log.info(kv("evidence_filed", message=record.id, item=item.number if item else None,
                outlet=outlet, evidence=ids))
