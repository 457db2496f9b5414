"""Find the submitted article and separate its header lines from the counted body.

The article is the attachment holding the largest text document, else the mail body
(of the forwarded message when that is longer). From a mail body, quoted reply history,
signatures and forwarding wrappers are removed first, then the sender's covering note,
greeting and sign-off (covering.py). Then the head and foot of the article are read
(heading.py): lines above the title, the title, the unit/author line and the date line;
none of these is part of the counted body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from daemon.parsing.covering import split_covering
from daemon.parsing.heading import read_heading
from daemon.parsing.model import Article, Attachment
from daemon.parsing.names import NO_ROSTER, Roster
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


def choose(
    bodies: Sequence[str], attachments: Sequence[Attachment], roster: Roster = NO_ROSTER
) -> Article:
    """The article of a message: its largest text attachment, else its longest body."""
    documents = [a for a in attachments if a.status == "ok" and a.text and a.text.strip()]
    covering: tuple[str, ...] = ()
    notes = ""
    if documents:
        best = max(documents, key=lambda a: count_words(a.text or "") + count_words(a.notes))
        source, text, notes = f"attachment:{best.filename}", best.text or "", best.notes
    else:
        cleaned = [clean_body(body) for body in bodies] or [""]
        source, text = "body", max(cleaned, key=count_words)
        text, covering = split_covering(text, roster)
    heading = read_heading(text, roster)
    return Article(
        source=source,
        title=heading.title,
        unit_line=heading.unit_line,
        authors=heading.authors,
        body=heading.body,
        notes=notes,
        skipped=heading.skipped,
        covering=covering,
    )
