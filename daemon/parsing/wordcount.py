"""Length the way Microsoft Word's 字数 counts it (RULES.md).

字数 = A + N: A is the number of East Asian characters, each counting 1; N is the number
of maximal runs of any other non-space characters. White space, U+3000 included, is 0.
"""

from __future__ import annotations

import re

# Inclusive code point ranges Word treats as East Asian characters.
_EAST_ASIAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3001, 0x303F),  # CJK symbols and punctuation (U+3000 is a space)
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # bopomofo
    (0x3190, 0x31FF),  # kanbun, bopomofo ext., CJK strokes, kana ext.
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFFEF),  # full-width and half-width forms
    (0x20000, 0x3FFFF),  # CJK extensions B onwards, planes 2 and 3
)
# Punctuation shared with Western text that Word counts as East Asian in Chinese text.
_CHINESE_CONTEXT_PUNCTUATION = frozenset("“”‘’—…·")


def _class(ranges: tuple[tuple[int, int], ...], extra: frozenset[str]) -> str:
    parts = [f"{chr(low)}-{chr(high)}" for low, high in ranges]
    return "".join(parts) + "".join(sorted(extra))


_EAST_ASIAN_CLASS = _class(_EAST_ASIAN_RANGES, _CHINESE_CONTEXT_PUNCTUATION)
# One pass of the regex engine per kind instead of a Python test per character.
_EAST_ASIAN = re.compile(f"[{_EAST_ASIAN_CLASS}]")
_OTHER_RUN = re.compile(f"[^\\s{_EAST_ASIAN_CLASS}]+")


def count_words(text: str) -> int:
    return len(_EAST_ASIAN.findall(text)) + len(_OTHER_RUN.findall(text))


def article_length(body: str, notes: str = "") -> int:
    """An article's 字数: its body and its footnotes and endnotes, as Word counts by default.
    Also what a correction of the body recomputes (from the item's text and notes)."""
    return count_words(body) + count_words(notes)
