"""Classification markings (RULES.md 保密): which lines of a text are, or look like, one.

Pure functions over text and ClassifiedSettings. A line is judged on its own, after
NFKC (full-width letters, digits and spaces become ASCII) and with every space removed:

- a **marking** is a short line holding a secrecy word (涉密, 绝密, 机密, 秘密, 内部) and a
  qualifier: a grade (密级, 秘密级, or a second secrecy word), a star, a term (5年, 长期,
  启用前) or a handling instruction (注意保密, 严禁外传…), in any order, with at most
  ``max_residue`` characters left once those and the filler words (文件, 资料…) are taken
  out. `涉密文件 严禁复制`, `★秘密`, `机密 ★ 5年`, `内部资料 注意保存` are markings;
  `各单位要严格落实保密规定，涉密文件严禁复制。` leaves 各单位要严格落实保密规定 and is prose.
- a **marking-like** line is the same without the qualifier (`内部资料`, `秘密`). It holds
  the item only where markings are printed: a page header or footer, a comment, the
  document's first lines, the subject or a file name. Elsewhere it is a word in prose.

Plus the config's regexes (密级：秘密, 【涉密】…), which count wherever they match.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from daemon.config import ClassifiedSettings

_STARS = "★☆*✩✪✫✬✭✮✯✰⭐"
_EDGES = "【】[]（）()〔〕《》<>「」『』“”\"'、，,。.:：;；·•・-—_/\\| "
_NOISE = re.compile(r"[\s\u3000·•・.,，。、:：;；!！?？()（）\[\]【】〔〕<>《》「」『』\"'“”‘’\-—_/\\|]+")


@dataclass(frozen=True)
class _Words:
    secrecy: tuple[str, ...]
    grades: tuple[str, ...]
    handling: tuple[str, ...]
    fillers: tuple[str, ...]
    term: re.Pattern[str]
    removable: re.Pattern[str]
    run: re.Pattern[str]
    patterns: tuple[re.Pattern[str], ...]
    max_line: int
    max_residue: int


@cache
def _words(settings: ClassifiedSettings) -> _Words:
    def longest_first(words: Iterable[str]) -> list[str]:
        return sorted({w for w in words if w}, key=len, reverse=True)

    phrases = longest_first([*settings.handling_words, *settings.grade_words,
                             *settings.secrecy_words, *settings.filler_words])
    term = re.compile(settings.term_pattern)
    removable = re.compile("|".join([term.pattern, *(re.escape(p) for p in phrases),
                                     f"[{re.escape(_STARS)}]"]))
    # a stretch of nothing but marking words, fillers and separators
    run = re.compile(f"(?:{removable.pattern}|{_NOISE.pattern})+")
    return _Words(
        run=run,
        secrecy=tuple(longest_first(settings.secrecy_words)),
        grades=tuple(longest_first(settings.grade_words)),
        handling=tuple(longest_first(settings.handling_words)),
        fillers=tuple(settings.filler_words),
        term=term,
        removable=removable,
        patterns=tuple(re.compile(p) for p in settings.patterns),
        max_line=settings.max_line_chars,
        max_residue=settings.max_residue,
    )


def _squeeze(line: str) -> str:
    return "".join(unicodedata.normalize("NFKC", line).split())


def _qualified(text: str, words: _Words) -> bool:
    """A grade, a star, a term, a handling instruction, or two secrecy words."""
    return (
        any(star in text for star in _STARS)
        or words.term.search(text) is not None
        or any(h in text for h in words.handling)
        or any(g in text for g in words.grades)
        or sum(1 for w in words.secrecy if w in text) > 1
    )


def judge_line(line: str, settings: ClassifiedSettings) -> str | None:
    """"marking", "marking_like" or None for one line of text."""
    words = _words(settings)
    squeezed = _squeeze(line)
    if not squeezed or len(squeezed) > words.max_line:
        return None
    if not any(w in squeezed for w in words.secrecy):
        return None
    residue = _NOISE.sub("", words.removable.sub("", squeezed))
    if len(residue) > words.max_residue:
        return None
    return "marking" if _qualified(squeezed, words) else "marking_like"


def marking_spans(line: str, settings: ClassifiedSettings) -> list[str]:
    """Markings standing inside a longer line, as in a subject: `秘密★ 关于…的报告`.

    Only for margins (subject, file names, headers): in a sentence of prose the same run
    (…规定，涉密文件严禁复制。) is text, not a marking.
    """
    words = _words(settings)
    squeezed = _squeeze(line)
    return [
        match.group(0).strip(_EDGES)
        for match in words.run.finditer(squeezed)
        if any(w in match.group(0) for w in words.secrecy) and _qualified(match.group(0), words)
    ]


@dataclass(frozen=True)
class Place:
    """A text a person could read, and how leniently its lines are judged."""

    where: str  # Chinese, for the verdict: 邮件主题, 附件“x.docx”的页眉页脚…
    text: str
    # "margin": every line may be a marking-like line (headers, footers, subject, names);
    # "document": only its first ``first_lines`` lines may; the rest must be markings
    kind: str = "document"


def _lines(text: str) -> Iterator[str]:
    for line in text.splitlines():
        if line.strip():
            yield line.strip()


def find(places: Iterable[Place], settings: ClassifiedSettings) -> list[tuple[str, str]]:
    """(where, marking) for each distinct marking found, in order."""
    words = _words(settings)
    found: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(where: str, marking: str) -> None:
        if marking not in seen:
            seen.add(marking)
            found.append((where, marking))

    for place in places:
        for pattern in words.patterns:
            for match in pattern.finditer(place.text):
                add(place.where, match.group(0).strip())
        for index, line in enumerate(_lines(place.text)):
            if any(pattern.search(line) for pattern in words.patterns):
                continue  # the pattern's match is the marking already reported
            verdict = judge_line(line, settings)
            lenient = place.kind == "margin" or index < settings.first_lines
            if verdict == "marking" or (verdict == "marking_like" and lenient):
                add(place.where, line)
            elif place.kind == "margin":
                for span in marking_spans(line, settings):
                    add(place.where, span)
    return found
