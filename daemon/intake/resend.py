"""Resends: the same unit sending the same or nearly the same article again.

A corrected version or a second send is linked to the earlier item and supersedes it,
so the quota and the points count the article once (RULES.md, Quotas).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

RESEND_RATIO = 0.85  # text similarity above which two articles are one article
TITLE_RATIO = 0.9  # titles this alike, with texts at least TITLE_TEXT_RATIO alike
TITLE_TEXT_RATIO = 0.5
_NOISE = re.compile(r"[\s\u3000，。、；：！？“”‘’（）《》\-—…·,.;:!?\"'()]+")


def _normal(text: str) -> str:
    return _NOISE.sub("", text)


def resend_reason(title: str, text: str, old_title: str, old_text: str) -> str | None:
    """Why the new article is a resend of the old one, in Chinese; None when it is not.

    Cheap bounds first: SequenceMatcher.ratio is quadratic, and a unit's articles on one
    topic share many characters, so the full ratio runs only when its upper bounds allow
    the threshold that applies (the lower one only for alike titles).
    """
    new_body, old_body = _normal(text), _normal(old_text)
    new_head, old_head = _normal(title), _normal(old_title)
    if not new_body and not old_body:
        return "标题相同" if new_head and new_head == old_head else None
    title_ratio = SequenceMatcher(None, new_head, old_head, autojunk=False).ratio()
    needed = TITLE_TEXT_RATIO if title_ratio >= TITLE_RATIO else RESEND_RATIO
    matcher = SequenceMatcher(None, new_body, old_body, autojunk=False)
    if matcher.real_quick_ratio() < needed or matcher.quick_ratio() < needed:
        return None
    ratio = matcher.ratio()
    if ratio >= RESEND_RATIO:
        return f"正文相似度 {ratio:.0%}"
    if ratio >= needed:
        return f"标题相似度 {title_ratio:.0%}，正文相似度 {ratio:.0%}"
    return None
