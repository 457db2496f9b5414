"""What parsing hands to intake: plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from daemon.parsing.wordcount import article_length


@dataclass(frozen=True)
class Attachment:
    filename: str  # sanitised: no path, no control characters, capped length
    content_type: str
    data: bytes
    sha256: str
    text: str | None  # the main flow (text boxes and tables included); None when not read
    status: str  # ok | not_text | unreadable | encrypted | no_text_layer | too_large
    note: str = ""  # precise reason, for the log (English)
    # footnotes and endnotes: counted in 字数, never taken for the title or the authors
    notes: str = ""
    # page headers, footers and comments: screened for markings only, never counted or shown
    margins: str = ""
    # parts of the file that could not be read although the file was (a zip member, an
    # imported chunk): reasons, for the log; the marking screen counts the file unscreened
    unscreened: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    """The submitted article: where it was found, its header lines, and the counted body."""

    source: str  # "attachment:<filename>" or "body"
    title: str | None
    unit_line: str | None
    authors: tuple[str, ...]
    body: str  # the text that is counted: header lines, quoted history and signature removed
    notes: str = ""  # the chosen document's footnotes and endnotes: counted with the body
    skipped: tuple[str, ...] = ()  # lines above the title, date and 落款 lines: not counted
    covering: tuple[str, ...] = ()  # the sender's note, greeting and sign-off around a body article

    @property
    def length(self) -> int:
        """Word's 字数 of the article: its body and its footnotes (Word counts both)."""
        return article_length(self.body, self.notes)


@dataclass(frozen=True)
class ParsedMessage:
    message_id: str | None
    subject: str
    from_name: str  # an ambiguous From: the header as decoded text, for the office
    from_addr: str  # lower-case; "" when the From header is not exactly one mailbox
    to: tuple[str, ...]
    date: datetime | None
    in_reply_to: str | None
    references: tuple[str, ...]
    # headers the loop guards read, lower-case names -> decoded values
    auto_submitted: str | None
    precedence: str | None
    list_id: str | None
    x_loop: str | None
    content_type: str  # of the top-level part, e.g. multipart/report
    is_dsn: bool  # a delivery status notification (bounce)
    body_text: str
    body_charset: str | None  # the charset that decoded the body
    attachments: tuple[Attachment, ...]
    article: Article
    # unreadable_attachment, encrypted, no_text_layer, empty_attachment, too_long
    flags: tuple[str, ...] = field(default=())
    # the Sender and Return-Path addresses, compared with From's domain (sender_mismatch)
    envelope_senders: tuple[str, ...] = ()
    # names of the robot headers present that RFC 3834 predates (X-Autoreply, X-Autorespond)
    auto_reply_headers: tuple[str, ...] = ()


class UnparseableMessage(Exception):
    """The message cannot be read at all; intake quarantines it with this reason."""
