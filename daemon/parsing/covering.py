"""The sender's words around an article typed into a mail body.

County officers write a covering note (会川镇的一条动态信息，麻烦领导审核一下，谢谢！),
a greeting (领导好：) and a sign-off with a phone number (XX县发改局 李华 0932-8212119)
around the article. These are separated at the article's start and end, so that the
article alone is counted, published and printed.
"""

from __future__ import annotations

import re

from daemon.parsing.names import NO_ROSTER, Roster, looks_like_name, looks_like_unit

_GREETING = re.compile(
    r"^(?:尊敬的)?(?:[\u4e00-\u9fff]{0,8}(?:领导|主任|科长|局长|处长|老师|同志|同事|大家|各位)"
    r"(?:们)?(?:好|您好)?|您好|你好|大家好)[!！,，.。:：~～\s]*$"
)
_NOTE_CUE = re.compile(
    r"请(?:您|领导|各位领导)?(?:审核|审阅|审定|审批|查收|查阅|阅示|指正|批评指正|斧正|把关|过目|采用)"
    r"|麻烦.{0,10}(?:审核|审阅|看|把关)|(?:谢谢|感谢|多谢)[!！。~～]*$|辛苦(?:了|您|领导)"
    r"|附件(?:是|为|中|里|内)|^.{0,20}(?:报|发|送|传)(?:上|来|去)?(?:一|1|两|2|几)(?:条|篇|则|份)"
    r"|^现(?:将|把|报).{0,30}(?:报|发|送)|^以上.{0,10}(?:信息|内容|稿件|材料)|如有(?:问题|不妥|修改)"
    r"|^此致|^敬礼|^祝.{0,6}(?:好|顺利|愉快)"
)
_PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}[-－—\s]?\d{7,8}|1[3-9]\d{9})(?!\d)")
_CONTACT = re.compile(r"^(?:联系人|联系电话|电话|手机|邮箱|联系方式)\s*[:：]")
_DATE = re.compile(r"^\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?$")
_SEPARATORS = re.compile(r"[\s\u3000、，,；;:：]+")
_NOTE_MAX = 100  # a covering note is a line or two, never a paragraph of the article
_SCAN = 6


def _is_note(line: str) -> bool:
    return bool(_GREETING.match(line)) or (len(line) <= _NOTE_MAX and bool(_NOTE_CUE.search(line)))


def _is_signoff(line: str, roster: Roster) -> bool:
    """A line of the sender's signature: a phone, a contact label, a name or unit, a date."""
    if len(line) > 60:
        return False
    if _PHONE.search(line) or _CONTACT.match(line) or _DATE.match(line):
        return True
    tokens = [t for t in _SEPARATORS.split(line) if t]
    return bool(tokens) and all(
        looks_like_name(t, roster) or looks_like_unit(t, roster) for t in tokens
    )


def split_covering(text: str, roster: Roster = NO_ROSTER) -> tuple[str, tuple[str, ...]]:
    """(the article, the sender's lines taken from around it) of a mail body."""
    lines = [line.strip() for line in text.split("\n")]
    filled = [i for i, line in enumerate(lines) if line]
    removed: set[int] = set()
    for index in filled[:_SCAN]:
        if not _is_note(lines[index]):
            break
        removed.add(index)
    tail = [i for i in filled if i not in removed][-_SCAN:]
    # the sign-off block: only dropped when it holds a note, a phone or a contact line, so
    # that an author line closing the article ((XX县发改局 李华)) stays the article's
    block: list[int] = []
    for index in reversed(tail):
        line = lines[index]
        if _is_note(line) or _is_signoff(line, roster):
            block.append(index)
        else:
            break
    if any(_is_note(lines[i]) or _PHONE.search(lines[i]) or _CONTACT.match(lines[i]) for i in block):
        removed.update(block)
    if len(removed) >= len(filled):
        return text.strip(), ()
    article = "\n".join(line for i, line in enumerate(text.split("\n")) if i not in removed)
    return article.strip(), tuple(lines[i] for i in sorted(removed))
