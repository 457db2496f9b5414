"""Confidentiality (RULES.md 保密): a marked item is held, and so is one that cannot be screened.

Markings are looked for everywhere a person could read them: subject, article, mail body,
each attachment's file name, main text, footnotes and endnotes, and its page headers,
footers and comments (daemon/intake/markings.py says what counts as a marking where).

An attachment that could not be screened (encrypted, a scan without a text layer,
unreadable, too large, a document that yields no text, a file of another kind) is held
too, as 无法检查: what the screen cannot read may carry a marking, and a held item is
never routed or sent on by e-mail. Pictures are the exception: they are not documents,
and as no unscreened file is ever attached to outgoing mail (notices.sendable), a photo
beside a readable article leaks nothing. The office releases a false hold.
"""

from __future__ import annotations

from collections.abc import Iterator

from daemon.intake import markings
from daemon.intake.markings import Place
from daemon.intake.verdict import CheckContext, Verdict
from daemon.parsing.filenames import is_document_name
from daemon.parsing.model import Attachment, ParsedMessage

_PICTURE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*", b"RIFF")
_PROBLEMS = {
    "encrypted": "已加密",
    "no_text_layer": "没有文字层（扫描件）",
    "unreadable": "无法打开",
    "too_large": "超过大小上限",
    "not_text": "不是可读取的文字文档",
}


def places(message: ParsedMessage) -> Iterator[Place]:
    """Every text of the message a person could read, with how it is screened."""
    yield Place("邮件主题", message.subject, "margin")
    yield Place("稿件标题", message.article.title or "", "margin")
    yield Place("稿件正文", message.article.body)
    yield Place("邮件正文", message.body_text)
    for attachment in message.attachments:
        name = attachment.filename
        yield Place(f"附件名“{name}”", name.rsplit(".", 1)[0], "margin")
        if attachment.text:
            yield Place(f"附件“{name}”", attachment.text)
        if attachment.notes:
            yield Place(f"附件“{name}”的脚注尾注", attachment.notes)
        if attachment.margins:
            yield Place(f"附件“{name}”的页眉页脚或批注", attachment.margins, "margin")


def is_picture(attachment: Attachment) -> bool:
    return attachment.content_type.startswith("image/") or (
        attachment.data.startswith(_PICTURE_MAGIC) and not is_document_name(attachment.filename)
    )


def screened(attachment: Attachment) -> bool:
    """Whether every part of the file was read, so the marking screen saw all of it."""
    return (attachment.status == "ok" and bool(attachment.text or attachment.notes)
            and not attachment.unscreened)


def unscreened_problem(attachment: Attachment) -> str | None:
    """Why the file could not be screened, in Chinese; None when it was (or is a picture)."""
    if screened(attachment) or (attachment.status == "not_text" and is_picture(attachment)):
        return None
    if attachment.status == "ok":
        return "部分内容无法读取" if attachment.unscreened else "没有可读取的文字"
    return _PROBLEMS.get(attachment.status, "无法读取")


class ClassifiedCheck:
    name = "classified"
    description = "保密：发现密级标志或无法检查密级标志的稿件一律暂扣，不分解、不外送，并提醒办公室"

    def check(self, ctx: CheckContext) -> Verdict:
        settings = ctx.settings.classified
        found = markings.find(places(ctx.message), settings)
        unscreened = [
            (a.filename, problem) for a in ctx.message.attachments
            if (problem := unscreened_problem(a)) is not None
        ]
        reasons = [f"{where}中有密级标志“{marking}”，稿件暂扣" for where, marking in found]
        reasons += [f"附件“{name}”{problem}，无法检查密级标志，稿件暂扣" for name, problem in unscreened]
        flags = (("classified",) if found else ()) + (("unscreened",) if unscreened else ())
        data = {
            "held": bool(flags),
            "markings": [marking for _, marking in found],
            "unscreened": [{"filename": name, "problem": problem} for name, problem in unscreened],
        }
        if not flags:
            return Verdict(self.name, "clear", ("未发现密级标志",), data=data)
        return Verdict(self.name, "held", tuple(reasons), flags=flags, data=data)


CHECK = ClassifiedCheck()
