"""Header decoding that survives real Chinese mail.

compat32 hands header values over as str with undecodable bytes surrogate-escaped; we read
them raw (Message.raw_items) and decode ourselves, because the stdlib's own decoding labels
GBK text as gb2312, breaks characters split across encoded words and raises on odd input.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.header import decode_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from daemon.parsing import charsets
from daemon.parsing.clean import clean_line

_MSG_ID = re.compile(r"<[^<>\s]+>")


def raw_all(msg: Message, name: str) -> list[str]:
    """Every raw value of a header, unfolded, in order (a second From is a warning sign)."""
    wanted = name.lower()
    try:
        return [
            re.sub(r"\r?\n[ \t]", " ", str(value)).strip()
            for key, value in msg.raw_items()
            if isinstance(key, str) and key.lower() == wanted
        ]
    except Exception:  # a damaged header list must not stop the message
        return []


def raw(msg: Message, name: str) -> str | None:
    """The first raw value of a header, unfolded, or None."""
    values = raw_all(msg, name)
    return values[0] if values else None


def recover_8bit(value: str) -> str:
    """Raw 8-bit header bytes (surrogate-escaped by the parser): UTF-8, then GB18030."""
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    data = value.encode("utf-8", "surrogateescape")
    return charsets.decode(data)[0]


def decode_words(value: str | None) -> str:
    """RFC 2047 decoding to one clean line (clean_line: no CR/LF, controls or bidi
    overrides, whatever the encoded words spell); adjacent words of one charset are joined
    as bytes first, so a character split across two encoded words comes out whole."""
    return clean_line(_decode_words(value))


def _decode_words(value: str | None) -> str:
    if not value:
        return ""
    text = recover_8bit(value)
    if "=?" not in text:
        return text
    try:
        parts = decode_header(text)
    except Exception:  # malformed encoded word (bad base64 etc.): keep the raw text
        return text
    out: list[str] = []
    for chunk, charset in parts:
        if isinstance(chunk, str):
            out.append(chunk)
        elif charset is None:
            # decode_header returns unencoded runs in raw-unicode-escape
            out.append(chunk.decode("raw-unicode-escape", errors="replace"))
        else:
            out.append(charsets.decode(chunk, charset)[0])
    decoded = "".join(out)
    return decoded if decoded.strip() else text  # an undecodable word: show it as sent


def text(msg: Message, name: str) -> str | None:
    value = raw(msg, name)
    return None if value is None else decode_words(value).strip()


def addresses(msg: Message, name: str) -> list[tuple[str, str]]:
    """(display name, lower-case address) pairs; names decoded after splitting, so an
    encoded comma in a name cannot split an address."""
    value = raw(msg, name)
    if not value:
        return []
    try:
        pairs = getaddresses([recover_8bit(value)])
    except Exception:
        return []
    return [
        (decode_words(display).strip().strip('"'), addr.strip().lower())
        for display, addr in pairs
        if display or addr
    ]


def message_ids(msg: Message, name: str) -> list[str]:
    return _MSG_ID.findall(raw(msg, name) or "")


def date(msg: Message) -> datetime | None:
    value = raw(msg, "date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except Exception:  # TypeError/ValueError/IndexError on junk dates
        return None


def param(msg: Message, name: str, header: str) -> str | None:
    """A Content-Type/Content-Disposition parameter, decoded.

    RFC 2231 (filename*=, with continuations) arrives from the stdlib as
    (charset, language, text) with the %-escapes already joined as latin-1 code points, so
    a character split between continuations is whole again once re-encoded to bytes.
    Foxmail/Outlook/126 webmail instead put RFC 2047 words inside the quotes.
    Not cleaned to one line here: a filename goes through filenames.sanitise, which turns
    the same characters into spaces.
    """
    field = raw(msg, header)
    if field is None:
        return None
    # The stdlib turns raw 8-bit parameters into U+FFFD; parse a recovered copy instead.
    view = Message()
    view[header] = recover_8bit(field)
    try:
        value = view.get_param(name, header=header)
    except Exception:
        return None
    if value is None:
        return None
    if isinstance(value, tuple):
        charset, _language, encoded = value
        try:
            data = str(encoded).encode("latin-1", "surrogateescape")
        except UnicodeEncodeError:
            return _decode_words(str(encoded))
        return charsets.decode(data, charset or "utf-8")[0]
    return _decode_words(str(value).strip('"'))
