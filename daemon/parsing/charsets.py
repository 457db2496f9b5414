"""Bytes to text for Chinese government mail, where the declared charset often lies.

The order is: the declared charset, then UTF-8, then GB18030. UTF-8 goes before GB18030
because a strict UTF-8 decode almost never succeeds on GBK bytes, while GB18030 happily
decodes many UTF-8 byte strings into nonsense.
"""

from __future__ import annotations

import codecs

# Labels that in practice mean "some GBK"; GB18030 is their superset (browsers do the same),
# so 镕/昇/堃 in gb2312-labelled mail survive instead of becoming U+FFFD.
_GB_FAMILY = frozenset(
    {"gb2312", "gbk", "cp936", "x-gbk", "euc-cn", "x-euc-cn", "iso-gb2312", "gb_2312-80",
     "csgb2312", "chinese", "ms936", "windows-936", "gb18030", "x-gb2312"}
)
_ALIASES = {
    "big5": "big5hkscs",  # the superset, as with GB
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "iso-8859-1": "cp1252",  # what senders labelled latin-1 really wrote (WHATWG)
    "unicode-1-1-utf-7": "utf-7",
    "utf8": "utf-8",
}
FALLBACK = "gb18030"


def normalize(label: object) -> str | None:
    """A Python codec name for a declared charset label, or None when it is unusable."""
    if not isinstance(label, str):
        return None
    name = label.strip().strip("\"'").lower()
    if not name or name in ("unknown-8bit", "x-unknown", "default", "8bit"):
        return None
    if name in _GB_FAMILY or name.startswith("gb2312"):
        return "gb18030"
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    # Transfer and compression "codecs" (base64, zlib, rot13) are not text charsets.
    if not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def decode(data: bytes, declared: object = None) -> tuple[str, str]:
    """Decode with the first charset that fits; returns the text and that charset."""
    tried: list[str] = []
    for candidate in (normalize(declared), "utf-8", FALLBACK):
        if candidate is None or candidate in tried:
            continue
        tried.append(candidate)
        try:
            return data.decode(candidate), candidate
        except (UnicodeDecodeError, LookupError, ValueError):
            continue
    # Nothing fits exactly: keep what GB18030 can read and mark the rest.
    return data.decode(FALLBACK, errors="replace"), FALLBACK


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _plausible_text(text: str) -> bool:
    """Mostly hanzi, CJK/full-width punctuation or printable ASCII: real text, not the
    noise that GBK bytes become when read as UTF-16."""
    good = sum(
        1
        for ch in text
        if "\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef" or " " <= ch <= "~" or ch in "\t\r\n“”‘’—…·"
    )
    return good >= 0.95 * len(text)


def decode_text_file(data: bytes) -> tuple[str, str]:
    """A .txt attachment: BOM, UTF-8, UTF-16 that reads as text, then GB18030."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # UTF-16 without BOM (Notepad's "Unicode" when the BOM was stripped): only when the
    # result reads as text; ASCII never gets here, it is valid UTF-8.
    if len(data) % 2 == 0:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _plausible_text(text):
                return text, codec
    return decode(data)


def unify_newlines(text: str) -> str:
    """CRLF and CR as LF, so every later line rule sees one kind of line end."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
