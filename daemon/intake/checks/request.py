"""Request matching (RULES.md 约稿 / 批示反馈): which open request an item answers.

First by the request's tag in the subject, then by the reply headers against the
Message-IDs of the request mails. Only requests that name the item's unit qualify: a
unit cannot answer another unit's request, and an unknown sender answers none.
"""

from __future__ import annotations

import re

from daemon.intake.checks._common import earlier
from daemon.intake.verdict import CheckContext, OpenRequest, Verdict

REQUEST_KINDS = {"solicitation": "约稿", "feedback": "反馈"}
_KIND_BY_WORD = {word: kind for kind, word in REQUEST_KINDS.items()}
# 〔约稿2026-007〕, [约稿2026-007], 约稿2026-007; officers also type 约稿2026-7 or a wide dash.
_TAG = re.compile(r"(约稿|反馈)\s*(\d{4})\s*[-－—–]\s*(\d{1,3})(?!\d)")


def format_request_tag(kind: str, year: int, seq: int) -> str:
    """The tag of a request: {约稿|反馈}{YYYY}-{NNN}, e.g. 约稿2026-007."""
    return f"{REQUEST_KINDS[kind]}{year:04d}-{seq:03d}"


def find_request_tag(text: str) -> str | None:
    """The first request tag in ``text``, in its canonical form."""
    match = _TAG.search(text)
    if match is None:
        return None
    return format_request_tag(_KIND_BY_WORD[match[1]], int(match[2]), int(match[3]))


def normalize_message_id(value: str) -> str:
    return value.strip().strip("<>").strip()


def match_request(
    subject: str,
    in_reply_to: str | None,
    references: tuple[str, ...],
    unit: str | None,
    requests: tuple[OpenRequest, ...],
) -> tuple[OpenRequest | None, str]:
    """The request the item answers, and the Chinese reason."""
    mine = [r for r in requests if unit is not None and unit in r.units]
    tag = find_request_tag(subject)
    if tag is not None:
        word = tag[:2]
        for request in mine:
            if find_request_tag(request.tag) == tag:
                return request, f"主题中的编号“{tag}”对应第 {request.id} 号{word}"
        if any(find_request_tag(r.tag) == tag for r in requests):
            return None, f"主题中的编号“{tag}”不是派给本单位的{word}"
        return None, f"主题中的编号“{tag}”不在未办结的约稿、反馈中"
    # The direct parent first, then References from the newest ancestor back.
    replied = [normalize_message_id(v) for v in (in_reply_to, *reversed(references)) if v]
    for message_id in replied:
        for request in mine:
            if message_id in {normalize_message_id(m) for m in request.message_ids}:
                word = REQUEST_KINDS.get(request.kind, "约稿")
                return request, f"回复了第 {request.id} 号{word}（{request.tag}）的通知邮件"
    return None, "主题中没有约稿、反馈编号，也不是对约稿、反馈通知的回复"


class RequestCheck:
    name = "request"
    description = "约稿匹配：按主题中的约稿（反馈）编号或回复关系找到对应的约稿"

    def check(self, ctx: CheckContext) -> Verdict:
        message = ctx.message
        request, reason = match_request(
            message.subject,
            message.in_reply_to,
            message.references,
            ctx.unit.name if ctx.unit is not None else None,
            ctx.requests,
        )
        return Verdict(
            self.name,
            "matched" if request is not None else "none",
            (reason,),
            data={"request_id": request.id if request is not None else None},
        )


CHECK = RequestCheck()


def matched_request(ctx: CheckContext) -> OpenRequest | None:
    """The request the earlier request check matched, for the checks after it."""
    request_id = earlier(ctx, "request").data["request_id"]
    return next((r for r in ctx.requests if r.id == request_id), None)
