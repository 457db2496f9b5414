"""Find the submitted article and separate its header lines from the counted body.

The article is the attachment holding the largest text document, else the mail body
(of the forwarded message when that is longer). From a mail body, quoted reply history,
signatures and forwarding wrappers are removed first. Then the top of the article is read:
a title line, a unit/author line (`安定区发展改革局 张三 李四`, `（通渭县发展改革局 王五）`)
and a date line; these are not part of the counted body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from daemon.parsing.model import Article, Attachment
from daemon.parsing.wordcount import count_words

_QUOTE_START = re.compile(
    r"^\s*(-{2,}\s*(原始邮件|Original Message)\s*-{2,}"
    r"|On\s.+wrote:|在\s?.+写道[:：]|于\s?\d{4}.+写道[:：])\s*$",
    re.IGNORECASE,
)
_FORWARD_START = re.compile(
    r"^\s*(-{2,}\s*(Forwarded message|转发邮件信息|转发的邮件|以下为转发内容)\s*-{2,}"
    r"|Begin forwarded message:)\s*$",
    re.IGNORECASE,
)
_WRAPPER_FIELD = re.compile(
    r"^\s*(发件人|发送时间|收件人|抄送|主题|日期|时间|From|Sent|To|Cc|Date|Subject)\s*[:：]",
    re.IGNORECASE,
)
# Outlook (zh) quotes without a separator line: a 发件人/From line soon followed by 发送时间/Sent.
_HEADER_FROM = re.compile(r"^\s*(发件人|From)\s*[:：]", re.IGNORECASE)
_HEADER_SENT = re.compile(r"^\s*(发送时间|Sent|日期|Date)\s*[:：]", re.IGNORECASE)
_SIGNATURE = re.compile(
    r"^(-- ?|发自我的.{0,20}|Sent from my .{0,30}|发自网易邮箱.{0,20}|来自.{0,12}邮箱.{0,10})$",
    re.IGNORECASE,
)

_DATE_LINE = re.compile(
    r"^[（(]?\s*(\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?"
    r"|[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月"
    r"\s*[一二三四五六七八九十]{1,3}\s*日)\s*[）)]?$"
)
_UNIT_WORD = re.compile(r"局|委员会|委|办公室|办|中心|科|政府|厅|院|所|站|队|部|处|公司|室")
_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,6}")
_LABEL = re.compile(r"^(供稿单位|报送单位|供稿|撰稿|作者|通讯员|来源)\s*[:：]\s*")
_SEPARATORS = re.compile(r"[\s\u3000、，,；;]+")
_TITLE_MAX = 60
_HEADER_SCAN = 4  # header lines sit within the first few non-empty lines


def _marker(lines: list[str]) -> tuple[int, bool] | None:
    """Index of the first quote or forward marker, and whether it is a forward."""
    for index, line in enumerate(lines):
        if _FORWARD_START.match(line):
            return index, True
        if _QUOTE_START.match(line):
            return index, False
        if _HEADER_FROM.match(line) and any(
            _HEADER_SENT.match(following) for following in lines[index + 1 : index + 4]
        ):
            return index, False
    return None


def _skip_wrapper(lines: list[str]) -> list[str]:
    """Drop the From/Date/Subject block that a forward or quote starts with."""
    index = 0
    while index < len(lines) and (not lines[index].strip() or _WRAPPER_FIELD.match(lines[index])):
        index += 1
    return lines[index:]


def clean_body(text: str) -> str:
    """The author's own words of a mail body: no quoted history, wrapper or signature."""
    lines = text.split("\n")
    while (found := _marker(lines)) is not None:
        index, forward = found
        before = lines[:index]
        if forward or not "".join(before).strip():
            # a forward (or a quote with nothing written above it) carries the article
            lines = _skip_wrapper(lines[index + 1 :])
        else:
            lines = before
            break
    lines = [line for line in lines if not line.lstrip().startswith(">")]
    for index, line in enumerate(lines):
        if _SIGNATURE.match(line.strip(" \t")) and line.strip():
            lines = lines[:index]
            break
    return "\n".join(lines).strip()


def parse_unit_line(line: str) -> tuple[str, tuple[str, ...]] | None:
    """(unit, authors) when the line is a unit/author line, else None."""
    inner = line.strip().strip("（）()[]【】〔〕 \u3000")
    inner = _LABEL.sub("", inner)
    if not inner or len(inner) > 40:
        return None
    tokens = [t for t in _SEPARATORS.split(inner) if t]
    if len(tokens) > 1:
        unit, names = tokens[0], tokens[1:]
    else:
        # No separator: split after the last unit suffix that leaves a name or nothing.
        unit, names = inner, []
        for match in reversed(list(_UNIT_WORD.finditer(inner))):
            rest = inner[match.end() :]
            if not rest or _NAME.fullmatch(rest):
                unit, names = inner[: match.end()], [rest] if rest else []
                break
    last_word = list(_UNIT_WORD.finditer(unit))
    if len(unit) < 3 or not last_word or last_word[-1].end() != len(unit):
        return None
    if not all(_NAME.fullmatch(name) for name in names):
        return None
    return unit, tuple(names)


def _looks_like_title(line: str) -> bool:
    return len(line) <= _TITLE_MAX and not line.endswith(("。", "！", "？", "；", "：", ":", ";"))


def split_header_lines(text: str) -> tuple[str | None, str | None, tuple[str, ...], str]:
    """(title, unit line, authors, body) of an article's text."""
    lines = text.split("\n")
    title = unit_line = None
    authors: tuple[str, ...] = ()
    date_seen = False
    consumed: set[int] = set()
    candidates = [i for i, line in enumerate(lines) if line.strip()][:_HEADER_SCAN]
    for position, index in enumerate(candidates):
        line = lines[index].strip()
        parsed = parse_unit_line(line)
        if not date_seen and _DATE_LINE.match(line):
            date_seen = True
        elif unit_line is None and parsed is not None:
            unit_line, authors = line, parsed[1]
        elif position == 0 and _looks_like_title(line) and len(candidates) > 1:
            title = line
        else:
            break
        consumed.add(index)
    body = "\n".join(line for i, line in enumerate(lines) if i not in consumed)
    return title, unit_line, authors, body.strip()


def choose(bodies: Sequence[str], attachments: Sequence[Attachment]) -> Article:
    documents = [a for a in attachments if a.status == "ok" and a.text and a.text.strip()]
    if documents:
        best = max(documents, key=lambda a: count_words(a.text or ""))
        source, text = f"attachment:{best.filename}", best.text or ""
    else:
        cleaned = [clean_body(body) for body in bodies] or [""]
        source, text = "body", max(cleaned, key=count_words)
    title, unit_line, authors, body = split_header_lines(text)
    return Article(source=source, title=title, unit_line=unit_line, authors=authors, body=body)
