"""Mail that is never filed or answered: auto-replies, bounces, lists, our own mail and
answers to it.

Pure: reads the parsed headers and returns the reason to ignore, or None. Whether a
message answers one of our outbound Message-IDs needs the outbox table; the caller looks
that up and passes ``replies_to_ours``.

A loop needs two robots: our acknowledgement, and an autoresponder that answers it. Ours
carries Auto-Submitted and X-Loop; theirs often carries nothing but a subject, so a
reply is recognised by its subject (an auto-reply word, or one of our own subject tags
such as 〔收稿回执〕) or by its In-Reply-To/References. Such a reply is still a
submission when it carries an article: a revised text sent in answer to a 退稿 notice or
a 约稿 request.
"""

from __future__ import annotations

import re
from functools import cache

from daemon.config import NoiseSettings, Settings
from daemon.intake.evidence import looks_like_evidence
from daemon.outbox.enqueue import X_LOOP
from daemon.parsing.model import ParsedMessage
from daemon.parsing.wordcount import count_words
from daemon.paths import TEMPLATES

REPLY_TO_OUR_MAIL = "reply_to_our_mail"

_ROBOT_LOCALPARTS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)$", re.I)
# the same names inside an ambiguous From's text (no single address to take apart)
_NULL_ADDRESS = re.compile(r"<\s*>")
_ROBOT_WORDS = re.compile(r"mailer[- ]?daemon|postmaster|no-?reply|do-?not-?reply", re.I)
# Bounces that are not DSNs (NetEase's 系统退信, Exchange's Undeliverable): told by the
# subject only; as "bounce" they are still matched to the outbound mail they return.
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(退信|系统退信|邮件投递失败|投递失败|undeliverable|undelivered mail|"
    r"delivery status notification|mail delivery failed|delivery failure|failure notice|"
    r"returned mail)",
    re.I,
)
# What precedes the words of a reply: Re:/答复:/回复:/Fw: and opening brackets, repeated.
_REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|aw|sv|antw|wg|答复|回复|回覆|转发|轉寄)\s*[:：]|[【\[［〔(（<《])\s*",
    re.I,
)
_QUOTED_SUBJECT = re.compile(r"^[ \t>]*(?:主\s*题|标\s*题|subject)\s*[:：].*$", re.I | re.M)
_TEMPLATE_TAG = re.compile(r"[〔【\[][^{}〔〕【】\[\]]+[〕】\]]")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_PHRASE_CHARS = 8  # a literal stretch of our templates this long marks our quoted mail


@cache
def _auto_reply_subject(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


@cache
def our_mail() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(subject tags, literal phrases) of the mail templates: what our mail looks like.

    Read from ``templates/mail`` so that a new template is recognised without a list to
    keep in step: the tag opening its Subject line (〔收稿回执〕, 【报送提醒】…), and every
    literal stretch of its text long enough not to occur by chance.
    """
    tags: list[str] = []
    phrases: list[str] = []
    for path in sorted((TEMPLATES / "mail").glob("*.j2")):
        text = path.read_text(encoding="utf-8")
        subject = next((line for line in text.splitlines() if line.startswith("Subject:")), "")
        tag = _TEMPLATE_TAG.match(subject.removeprefix("Subject:").strip())
        if tag is not None:
            tags.append(tag[0])
        if path.name.endswith(".txt.j2"):
            body = _JINJA.sub("\n", text.partition("\n" + subject)[2] if subject else text)
            phrases.extend(s.strip() for s in body.split("\n") if len(s.strip()) >= _PHRASE_CHARS)
    return tuple(dict.fromkeys(tags)), tuple(dict.fromkeys(phrases))


def unwrapped_subject(subject: str) -> str:
    """The subject without its reply/forward prefixes and opening brackets."""
    previous = None
    while previous != subject:
        previous, subject = subject, _REPLY_PREFIX.sub("", subject, count=1)
    return subject


def is_auto_reply_subject(subject: str, settings: NoiseSettings) -> bool:
    return bool(_auto_reply_subject(settings.auto_reply_subjects).match(unwrapped_subject(subject)))


def quotes_our_tag(subject: str) -> bool:
    return any(tag in subject for tag in our_mail()[0])


def own_words(text: str) -> str:
    """The part of a reply above the first line it quotes from our mail: a literal line
    of our templates, or a quoted Subject line carrying one of our tags."""
    cuts = [i for p in our_mail()[1] if (i := text.find(p)) >= 0]
    cuts += [m.start() for m in _QUOTED_SUBJECT.finditer(text) if quotes_our_tag(m[0])]
    if not cuts:
        return text
    return text[: text.rfind("\n", 0, min(cuts)) + 1]


def carries_article(message: ParsedMessage, settings: NoiseSettings) -> bool:
    """A document (read or not), adoption evidence, or enough words of the sender's own."""
    if any(a.status != "not_text" for a in message.attachments):
        return True
    if looks_like_evidence(message):
        return True
    return count_words(own_words(message.article.body)) >= settings.reply_article_min_chars


def _robot(message: ParsedMessage) -> str | None:
    sender = message.from_addr
    if "sender_ambiguous" in message.flags:
        if _NULL_ADDRESS.search(message.from_name) or not any(c.isalnum() for c in message.from_name):
            return "robot_sender"  # the null address <>, or no name at all: nobody
        found = _ROBOT_WORDS.search(message.from_name)
        if found is None:
            return None  # someone wrote it: filed, flagged for the office
        sender = found[0]
    elif sender and not _ROBOT_LOCALPARTS.match(sender.split("@", 1)[0]):
        return None
    lowered = sender.lower()
    return "bounce" if "daemon" in lowered or "postmaster" in lowered else "robot_sender"


def _auto_reply_headers(message: ParsedMessage) -> bool:
    """RFC 3834's Auto-Submitted (anything but ``no``), and what older robots send."""
    if message.auto_submitted and message.auto_submitted.strip().lower() != "no":
        return True
    precedence = (message.precedence or "").strip().lower()
    return bool(message.auto_reply_headers) or precedence == "auto_reply"


def ignore_reason(
    message: ParsedMessage, settings: Settings, replies_to_ours: bool = False
) -> str | None:
    sender = message.from_addr.lower()
    if message.x_loop and X_LOOP in message.x_loop.lower():
        return "own_mail"
    if sender and sender in settings.own_addresses():
        return "own_mail"
    if message.is_dsn or message.content_type.lower() == "multipart/report":
        return "bounce"
    if _BOUNCE_SUBJECT.match(message.subject):
        return "bounce"
    robot = _robot(message)
    if robot is not None:
        return robot
    if _auto_reply_headers(message):
        return "auto_reply"
    if message.precedence and message.precedence.strip().lower() in ("bulk", "junk", "list"):
        return "bulk"
    if message.list_id:
        return "mailing_list"
    if is_auto_reply_subject(message.subject, settings.noise):
        return "auto_reply"
    if (replies_to_ours or quotes_our_tag(message.subject)) and not carries_article(
        message, settings.noise
    ):
        return REPLY_TO_OUR_MAIL
    return None
