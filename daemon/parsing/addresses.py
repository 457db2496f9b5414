"""Mailboxes, read strictly: a sender is one person, or nobody.

Python 3.11's ``getaddresses`` is lenient (CVE-2023-27043): ``a@x.org <b@evil.example>``
or ``a@x.org]<b@evil.example>`` come out as several addresses, the first being the one
the text only pretends to be, and intake credited that one. Here a From header is
accepted only when it is exactly one mailbox in one of its ordinary shapes
(``addr``, ``addr (name)``, ``name <addr>``); anything else makes the sender unknown and
*ambiguous*, for the office to look at.

The structure is read before the encoded words are decoded, so an encoded ``,`` or
``<`` inside a display name cannot change it; the decoded name is then cleaned to one
line (clean.clean_line) and must not name another address.

A :class:`Mailbox` is also what the outbox sends to: recipients are built from these
objects, never by formatting a name and an address into text and parsing it again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import Message

from daemon.parsing import headers
from daemon.parsing.clean import clean_line

_ATOM = r"[^\s()<>@,;:\\\"\[\]\x00-\x1f\x7f]+"  # dots included: dot-atoms and obs-phrase
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_COMMENT = r"\((?:[^()\\]|\\.)*\)"
_ADDR_SPEC = re.compile(rf"{_ATOM}@{_ATOM}")
# an encoded word whole, even holding "," or ":" (Q-encoders leave them bare)
_ENCODED_WORD = r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?="
# possessive: a run of atom characters splits into atoms one way only (no backtracking)
_PHRASE = re.compile(rf"(?:\s*+(?:{_ENCODED_WORD}|{_QUOTED}|{_COMMENT}|{_ATOM}+))*+\s*")
_ANGLE = re.compile(rf"(?P<phrase>[^<>]*)<(?P<addr>[^<>]*)>\s*(?:{_COMMENT}\s*)?")
_BARE = re.compile(rf"(?P<addr>{_ATOM}@{_ATOM})\s*(?P<comment>{_COMMENT})?\s*")
_QUOTED_PART = re.compile(_QUOTED)
_ESCAPE = re.compile(r"\\(.)")
_WORD_BREAKS = re.compile(r"[\s<>()\[\]\",;:]+")
SHOWN_CHARS = 200  # of an ambiguous From, kept for the office to read


@dataclass(frozen=True)
class Mailbox:
    """A display name and a lower-case address, each a single clean line."""

    name: str
    address: str

    @classmethod
    def of(cls, name: str | None, address: str | None) -> Mailbox:
        return cls(clean_line(name or "").strip(), clean_line(address or "").strip().lower())


@dataclass(frozen=True)
class Sender:
    """Who sent a message: ``mailbox`` when the From header names one person."""

    mailbox: Mailbox | None
    ambiguous: bool  # From present but not exactly one plain mailbox
    shown: str  # the From header as decoded text, for the office when ambiguous


def _unquote(phrase: str) -> str:
    return _QUOTED_PART.sub(lambda m: _ESCAPE.sub(r"\1", m[0][1:-1]), phrase)


def parse_mailbox(value: str) -> Mailbox | None:
    """The one mailbox ``value`` holds, or None when it holds anything else."""
    text = headers.recover_8bit(value).strip()
    angle = _ANGLE.fullmatch(text)
    if angle is not None:
        address = angle["addr"].strip()
        if not _PHRASE.fullmatch(angle["phrase"]) or not _ADDR_SPEC.fullmatch(address):
            return None
        name = _unquote(angle["phrase"])
    else:
        bare = _BARE.fullmatch(text)
        if bare is None:
            return None
        address, name = bare["addr"], bare["comment"][1:-1] if bare["comment"] else ""
    found = Mailbox.of(headers.decode_words(name.strip()).strip().strip('"'), address)
    # a name that is (or holds) another address is the spoof CVE-2023-27043 enabled
    if any(other.lower() != found.address for other in _addresses_in(found.name)):
        return None
    return found


def _addresses_in(text: str) -> list[str]:
    """Words of ``text`` shaped like an e-mail address (split, not searched: linear time)."""
    if "@" not in text:
        return []
    out = []
    for word in _WORD_BREAKS.split(text):
        at = word.find("@")
        if at > 0 and "." in word[at + 1 : -1]:
            out.append(word)
    return out


def sender(msg: Message) -> Sender:
    """The From header read strictly; without one, the Sender header (robots omit From)."""
    values = [v for v in headers.raw_all(msg, "from") if v.strip()]
    if not values:
        fallback = [v for v in headers.raw_all(msg, "sender") if v.strip()]
        found = parse_mailbox(fallback[0]) if len(fallback) == 1 else None
        return Sender(found, False, "")
    shown = clean_line("；".join(headers.decode_words(v) for v in values)).strip()[:SHOWN_CHARS]
    found = parse_mailbox(values[0]) if len(values) == 1 else None
    return Sender(found, found is None, shown)


def envelope_senders(msg: Message) -> tuple[str, ...]:
    """Addresses of the Sender and Return-Path headers (the null path ``<>`` left out)."""
    out: list[str] = []
    for name in ("sender", "return-path"):
        for value in headers.raw_all(msg, name):
            found = parse_mailbox(value)
            if found is not None and found.address not in out:
                out.append(found.address)
    return tuple(out)


def _domain(address: str) -> str:
    return address.rpartition("@")[2].rstrip(".").lower()


def foreign_senders(from_addr: str, others: Iterable[str]) -> list[str]:
    """Those of ``others`` in a domain unrelated to the From address's (a subdomain,
    such as a provider's bounce host, counts as related)."""
    own = _domain(from_addr)
    return [other for other in others if not _related(own, _domain(other))]


def _related(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return short == long or ("." in short and long.endswith("." + short))
