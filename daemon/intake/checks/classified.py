"""Confidentiality (RULES.md 保密): an item carrying a classification marking is held.

The patterns are the config's list; they look for markings (密级：秘密, 机密★1年,
内部资料 注意保密, 【涉密】), not for the words, so 秘密 in ordinary prose passes.
Every place a marking can hide is searched: subject, article, mail body, and each
attachment's file name and text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from daemon.intake.verdict import CheckContext, Verdict
from daemon.parsing.model import ParsedMessage


@cache
def compile_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def places(message: ParsedMessage) -> Iterator[tuple[str, str]]:
    """(where, text) for every text of the message a person could read."""
    yield "邮件主题", message.subject
    yield "稿件标题", message.article.title or ""
    yield "稿件正文", message.article.body
    yield "邮件正文", message.body_text
    for attachment in message.attachments:
        yield f"附件名“{attachment.filename}”", attachment.filename
        if attachment.text:
            yield f"附件“{attachment.filename}”", attachment.text


def find_markings(
    texts: Iterator[tuple[str, str]], patterns: tuple[re.Pattern[str], ...]
) -> list[tuple[str, str]]:
    """(where, marking) for each distinct marking, in the order found."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for where, text in texts:
        for pattern in patterns:
            for match in pattern.finditer(text):
                marking = match.group(0).strip()
                if marking not in seen:
                    seen.add(marking)
                    found.append((where, marking))
    return found


class ClassifiedCheck:
    name = "classified"
    description = "保密：发现密级标志的稿件一律暂扣，不分解、不外送，并提醒办公室"

    def check(self, ctx: CheckContext) -> Verdict:
        patterns = compile_patterns(ctx.settings.classified.patterns)
        found = find_markings(places(ctx.message), patterns)
        if not found:
            return Verdict(self.name, "clear", ("未发现密级标志",),
                           data={"held": False, "markings": []})
        return Verdict(
            self.name,
            "held",
            tuple(f"{where}中有密级标志“{marking}”，稿件暂扣" for where, marking in found),
            flags=("classified",),
            data={"held": True, "markings": [marking for _, marking in found]},
        )


CHECK = ClassifiedCheck()
