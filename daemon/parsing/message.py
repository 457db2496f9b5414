"""Message bytes to ParsedMessage, in two steps: read_message() (MIME structure, headers,
bodies: the daemon's own work) and finish_message() once the attachments' text is known
(read in the extraction workers); parse_message() does both in this process.

The core is the stdlib email package with policy compat32 plus our own decoding
(headers.py, charsets.py). mail-parser was measured (bench/deps.py, README 依赖): it
decodes gb2312-labelled GBK characters (镕, 昇, 堃) to garbage, raised on 5 of the 1,702
peer-corpus mails, and what it does right the stdlib does too; it is no dependency. compat32 is chosen
over policy.default because it never decodes on access (that is where policy.default
raises LookupError/KeyError/ValueError on real mail) and hands us raw values instead.
"""

from __future__ import annotations

import binascii
import mimetypes
import re
from dataclasses import dataclass, field, replace
from email import policy
from email.feedparser import BytesFeedParser
from email.message import Message
from pathlib import Path

from daemon.config import ParsingSettings
from daemon.parsing import addresses, article, charsets, filenames, headers, html
from daemon.parsing.attachments import RawAttachment, extract_all
from daemon.parsing.clean import clean
from daemon.parsing.model import Attachment, ParsedMessage, UnparseableMessage
from daemon.parsing.names import NO_ROSTER, Roster

_FEED_CHUNK = 1 << 16
_MAX_DEPTH = 40  # MIME nesting deeper than this is torture, not mail
_LEADING_JUNK = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:[ \t]*\r?\n|(?:MAIL FROM|RCPT TO):[^\n]*\n)*")
# A header line, also in the obsolete RFC 822 form with blanks before the colon.
_HEADER_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9-]*)[ \t]*:", re.MULTILINE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_AUTO_REPLY_HEADERS = ("x-autoreply", "x-autorespond")
_STATUS_FLAGS = {
    "unreadable": "unreadable_attachment",
    "encrypted": "encrypted",
    "no_text_layer": "no_text_layer",
}


@dataclass
class _Bodies:
    """Body texts of one message level (the top message, or one forwarded message)."""

    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)

    def text(self) -> str:
        chosen = self.plain if any(p.strip() for p in self.plain) else self.html
        return "\n\n".join(t for t in chosen if t.strip())


@dataclass
class _Walk:
    settings: ParsingSettings
    attachments: list[RawAttachment] = field(default_factory=list)
    forwarded: list[str] = field(default_factory=list)
    charset: str | None = None
    is_dsn: bool = False


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type().lower()
    except Exception:
        return "application/octet-stream"


def _payload(part: Message) -> bytes:
    raw = part.get_payload()
    if isinstance(raw, str) and (headers.text(part, "content-transfer-encoding") or "").lower() == "base64":
        # a2b_base64 skips line breaks itself; the stdlib first splits the payload into
        # a list of lines, several times the attachment's size in memory
        try:
            return binascii.a2b_base64(raw.encode("ascii", "surrogateescape"))
        except (binascii.Error, ValueError):
            pass  # bad padding and the like: the stdlib's lenient decoder below
    try:
        data = part.get_payload(decode=True)
    except Exception:  # damaged base64/uuencode: fall back to the raw payload
        data = None
    if isinstance(data, bytes):
        return data
    return raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""


def _disposition(part: Message) -> str | None:
    try:
        return part.get_content_disposition()
    except Exception:
        return None


def _decode_body(part: Message, data: bytes, walk: _Walk, ctype: str) -> str:
    declared = headers.param(part, "charset", "content-type")
    if not declared and ctype == "text/html":
        meta = _META_CHARSET.search(data[:4096])
        declared = meta.group(1).decode("ascii", "replace") if meta else None
    text, used = charsets.decode(data, declared)
    walk.charset = walk.charset or used
    text = charsets.unify_newlines(text)
    return html.to_text(text) if ctype == "text/html" else text.strip()


def _add_attachment(part: Message, data: bytes, ctype: str, walk: _Walk) -> None:
    name = headers.param(part, "filename", "content-disposition") or headers.param(
        part, "name", "content-type"
    )
    extension = mimetypes.guess_extension(ctype) or ".bin"
    fallback = f"{filenames.DEFAULT_NAME}-{len(walk.attachments) + 1}{extension}"
    walk.attachments.append(
        RawAttachment(
            filename=filenames.sanitise(name, walk.settings.max_filename_length, fallback),
            content_type=ctype,
            data=data,
        )
    )


def _walk(part: Message, bodies: _Bodies, walk: _Walk, depth: int = 0) -> None:
    if depth > _MAX_DEPTH:
        return
    ctype = _content_type(part)
    if ctype == "message/delivery-status":
        walk.is_dsn = True
        return
    payload = part.get_payload() if part.is_multipart() else None
    if ctype == "message/rfc822" or (ctype.startswith("message/") and isinstance(payload, list)):
        # a forwarded message: its body is a candidate for the article
        inner = _Bodies()
        for sub in payload or []:
            if isinstance(sub, Message):
                _walk(sub, inner, walk, depth + 1)
        walk.forwarded.append(inner.text())
        return
    if isinstance(payload, list):
        if ctype == "multipart/alternative":
            # attachments of every alternative are kept; body text from the best one
            alternative = _Bodies()
            for sub in payload:
                if isinstance(sub, Message):
                    _walk(sub, alternative, walk, depth + 1)
            bodies.plain.append(alternative.text())
        else:
            for sub in payload:
                if isinstance(sub, Message):
                    _walk(sub, bodies, walk, depth + 1)
        return
    data = _payload(part)
    has_name = bool(
        headers.param(part, "filename", "content-disposition")
        or headers.param(part, "name", "content-type")
    )
    is_body = (
        ctype in ("text/plain", "text/html")
        and not has_name
        and _disposition(part) != "attachment"
    )
    if not is_body:
        if data or has_name:
            _add_attachment(part, data, ctype, walk)
        return
    target = bodies.html if ctype == "text/html" else bodies.plain
    target.append(_decode_body(part, data, walk, ctype))


def _parse(data: bytes) -> Message:
    # Fed in chunks: message_from_bytes copies the whole message into a StringIO (4 bytes
    # a character), which made a 20 MB attachment cost 9x its size in memory.
    parser = BytesFeedParser(policy=policy.compat32)
    try:
        for start in range(0, len(data), _FEED_CHUNK):
            parser.feed(data[start : start + _FEED_CHUNK])
        return parser.close()
    except Exception as exc:  # RecursionError on absurd nesting, among others
        raise UnparseableMessage(f"parser failed: {exc.__class__.__name__}") from exc


def _recover_headers(data: bytes) -> bytes | None:
    """A header block after stray text (a pasted marker, a broken Received line), or
    written as `Subject : x`: start at the first header line and close up the colons."""
    head, separator, body = data.partition(b"\n\r\n" if b"\r\n" in data[:2048] else b"\n\n")
    first = _HEADER_LINE.search(head)
    if first is None:
        return None
    return _HEADER_LINE.sub(rb"\1:", head[first.start() :]) + separator + body


def _load(raw: bytes) -> Message:
    if not raw or not raw.strip():
        raise UnparseableMessage("empty message")
    data = _LEADING_JUNK.sub(b"", raw, count=1)
    msg = _parse(data)
    if not msg.keys():
        recovered = _recover_headers(data)
        msg = _parse(recovered) if recovered else msg
    if not msg.keys():
        raise UnparseableMessage("no header block")
    return msg


def _is_report(msg: Message) -> bool:
    return _content_type(msg) == "multipart/report" and (
        (headers.param(msg, "report-type", "content-type") or "").lower() == "delivery-status"
    )


@dataclass(frozen=True)
class Reading:
    """A message read up to its attachments' text: what the daemon parses itself."""

    msg: Message
    body_text: str
    body_charset: str | None
    forwarded: tuple[str, ...]
    is_dsn: bool
    attachments: tuple[RawAttachment, ...]


def read_message(raw: bytes, settings: ParsingSettings) -> Reading:
    """MIME structure, bodies and the attached files' bytes; no attachment is opened."""
    msg = _load(raw)
    walk = _Walk(settings)
    bodies = _Bodies()
    _walk(msg, bodies, walk)
    return Reading(msg, bodies.text(), walk.charset, tuple(walk.forwarded), walk.is_dsn,
                   tuple(walk.attachments))


def _within(texts: list[str], budget: int) -> tuple[list[str], bool]:
    """The texts cut so that together they keep at most ``budget`` characters."""
    kept, cut = [], False
    for text in texts:
        if len(text) > budget:
            text, cut = text[:budget], True
        budget -= len(text)
        kept.append(text)
    return kept, cut


def _capped(attachments: list[Attachment], body: str, budget: int) -> tuple[list[Attachment], str, bool]:
    """Attachments' text and notes, then the body, cut to ``budget`` characters in all."""
    streams = [t for a in attachments for t in (a.text or "", a.notes)] + [body]
    kept, cut = _within(streams, budget)
    if not cut:
        return attachments, body, False
    out = []
    for index, a in enumerate(attachments):
        text, notes = kept[2 * index], kept[2 * index + 1]
        out.append(replace(a, text=text if a.text is not None else None, notes=notes,
                           margins=a.margins[:budget]))
    return out, kept[-1], True


def _empty(attachment: Attachment) -> bool:
    """A document that yielded no text at all: never silently replaced by the body."""
    if attachment.status == "ok":
        return not (attachment.text or attachment.notes)
    return attachment.status == "not_text" and filenames.is_document_name(attachment.filename)


def finish_message(reading: Reading, attachments: list[Attachment], settings: ParsingSettings,
                   roster: Roster = NO_ROSTER) -> ParsedMessage:
    """The ParsedMessage, once the attachments' text is known (see read_message); roster
    names the units and people an article's unit/author line may name."""
    msg = reading.msg
    attachments, body_text, too_long = _capped(attachments, reading.body_text,
                                               settings.max_text_chars)
    forwarded, _ = _within(list(reading.forwarded), settings.max_text_chars)
    sender = addresses.sender(msg)
    if sender.mailbox is not None:
        from_name, from_addr = sender.mailbox.name, sender.mailbox.address
    else:
        from_name, from_addr = sender.shown, ""
    flags = ["sender_ambiguous"] if sender.ambiguous else []
    flags += [_STATUS_FLAGS[a.status] for a in attachments if a.status in _STATUS_FLAGS]
    flags += ["empty_attachment" for a in attachments if _empty(a)]
    if too_long:
        flags.append("too_long")
    return clean(ParsedMessage(
        message_id=next(iter(headers.message_ids(msg, "message-id")), None)
        or headers.text(msg, "message-id")
        or None,
        subject=headers.text(msg, "subject") or "",
        from_name=from_name,
        from_addr=from_addr,
        to=tuple(addr for _, addr in headers.addresses(msg, "to") if addr),
        date=headers.date(msg),
        in_reply_to=next(iter(headers.message_ids(msg, "in-reply-to")), None),
        references=tuple(headers.message_ids(msg, "references")),
        auto_submitted=headers.text(msg, "auto-submitted"),
        precedence=headers.text(msg, "precedence"),
        list_id=headers.text(msg, "list-id"),
        x_loop=headers.text(msg, "x-loop"),
        content_type=_content_type(msg),
        is_dsn=reading.is_dsn or _is_report(msg),
        body_text=body_text,
        body_charset=reading.body_charset,
        attachments=tuple(attachments),
        article=article.choose([body_text, *forwarded], attachments, roster),
        flags=tuple(dict.fromkeys(flags)),
        envelope_senders=addresses.envelope_senders(msg),
        auto_reply_headers=tuple(h for h in _AUTO_REPLY_HEADERS if headers.raw(msg, h) is not None),
    ))


def parse_message(
    raw: bytes, settings: ParsingSettings, workdir: Path | None = None, roster: Roster = NO_ROSTER
) -> ParsedMessage:
    """Read one message, its attachments in this process (the daemon uses workers.py).

    workdir holds LibreOffice's temporary files (default: system tmp).
    """
    reading = read_message(raw, settings)
    attachments = extract_all(list(reading.attachments), settings, workdir)
    return finish_message(reading, attachments, settings, roster)
