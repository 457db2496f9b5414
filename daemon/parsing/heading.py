"""The lines around an article's counted text: what sits above the title, the title, the
unit/author line at the top or at the end, and the date line (RULES.md 字数: none counted).

Above the title a bulletin-style article may carry a classification marking (秘密★1年),
a number line (第12期, 〔2026〕3号), a masthead (渭源发改信息) and a 签发/编号 line: each is
skipped and never counted (the classification screen reads the raw texts, not these).
The unit/author line is read at the top (安定区发展改革局 张三) or at the end
(（供稿：…）, 撰稿：…, （XX县发改局 李华） on its own line or closing the last paragraph).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from daemon.parsing.names import NO_ROSTER, Roster, looks_like_name, looks_like_unit, split_unit_name

DATE_LINE = re.compile(
    r"^[（(]?\s*(\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?"
    r"|[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月"
    r"\s*[一二三四五六七八九十]{1,3}\s*日)\s*[）)]?$"
)
# Lines that stand above a title in a county's bulletin or a marked document.
_PREAMBLE = re.compile(
    r"^(?:"
    r"密级\s*[:：].{0,12}"
    r"|(?:绝密|机密|秘密)\s*★.{0,8}"
    r"|★?\s*内部(?:资料|材料|参考)[\s，,、]*(?:注意保密|请勿外传|妥善保管)?"
    r"|注意保密|请勿外传"
    r"|(?:\d{4}\s*年\s*)?第\s*[\d一二三四五六七八九十]+\s*期(?:\s*[（(]总第\s*\d+\s*期[）)])?"
    r"(?:\s+\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)?"
    r"|[（(]?总第\s*\d+\s*期[）)]?"
    r"|[\u4e00-\u9fff]{0,10}〔\d{4}〕\s*\d+\s*号"
    r"|[\u4e00-\u9fff]{2,14}(?:发改信息|发展改革信息|发展和改革信息|政务信息|信息专报|信息快报|"
    r"简报|快报|要情|动态)(?:\s*[（(]?第\s*\d+\s*期[）)]?)?"
    r"|(?:签发人?|编号|核稿|审核人|责任编辑)\s*[:：][^。]{0,30}"
    r"|[\u4e00-\u9fff]{2,24}(?:编印|编)\s+\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|[\-—－─━=＝*＊_·]{3,}"
    r")$"
)
_TAG_ONLY = re.compile(r"^[【\[［〔（(][^】\]］〕）)]{1,8}[】\]］〕）)]$")
_LABEL = re.compile(
    r"(?:(供稿单位|报送单位|来源|供稿|撰稿人|撰稿|作者|通讯员|执笔|审核|审稿|签发|校对|责任编辑|编辑)\s*[:：]"
    r"|^(文)\s*[/／])\s*"
)
_UNIT_LABELS = frozenset({"供稿单位", "报送单位", "来源"})
_AUTHOR_LABELS = frozenset({"撰稿人", "撰稿", "作者", "通讯员", "执笔", "文"})
_OTHER_LABELS = frozenset({"审核", "审稿", "签发", "校对", "责任编辑", "编辑"})
_SEPARATORS = re.compile(r"[\s\u3000、，,；;/]+")
_BRACKETS = "（）()[]【】〔〕 \u3000"
_CLOSING_PAREN = re.compile(r"[（(]([^（）()\n]{2,40})[）)]\s*$")
_SUBTITLE = re.compile(r"^[—－\-]{1,2}\s*\S")
TITLE_MAX = 60
_HEADER_SCAN = 4  # the head sits within the first few non-empty lines after the preamble
_PREAMBLE_SCAN = 8
_FOOTER_SCAN = 4


@dataclass(frozen=True)
class Heading:
    title: str | None
    unit_line: str | None
    authors: tuple[str, ...]
    body: str  # the text that is counted
    skipped: tuple[str, ...]  # lines not counted: above the title, date and 落款 lines


def is_preamble(line: str) -> bool:
    return bool(_PREAMBLE.match(line) or DATE_LINE.match(line) or _TAG_ONLY.match(line))


def _segment(label: str | None, text: str, roster: Roster) -> tuple[str, list[str]] | None:
    """(unit, names) of one labelled part of a unit/author line."""
    tokens = [t for t in _SEPARATORS.split(text) if t]
    if not tokens:
        return None
    if label in _OTHER_LABELS:
        return "", []  # a reviewer or signer: not an author
    if len(tokens) == 1 and not looks_like_name(tokens[0], roster):
        split = split_unit_name(tokens[0], roster)
        if split is not None:
            tokens = list(split)
    unit = ""
    if looks_like_unit(tokens[0], roster) and not looks_like_name(tokens[0], roster):
        unit, tokens = tokens[0], tokens[1:]
    elif label in _UNIT_LABELS:
        return None
    if not all(looks_like_name(t, roster) for t in tokens):
        return None
    return unit, tokens


def parse_unit_line(
    line: str, roster: Roster = NO_ROSTER, names_alone: bool = False
) -> tuple[str, tuple[str, ...]] | None:
    """(unit, authors) when the line is a unit/author line, else None.

    A line of names with no unit and no label (李华 王芳) is accepted only with
    ``names_alone`` (an enclosed line closing an article).
    """
    inner = line.strip().strip(_BRACKETS)
    if not inner or len(inner) > 50:
        return None
    labels = list(_LABEL.finditer(inner))
    parts: list[tuple[str | None, str]] = []
    if not labels:
        parts.append((None, inner))
    else:
        if inner[: labels[0].start()].strip():
            parts.append((None, inner[: labels[0].start()]))
        for index, match in enumerate(labels):
            end = labels[index + 1].start() if index + 1 < len(labels) else len(inner)
            parts.append((match[1] or match[2], inner[match.end() : end]))
    unit = ""
    names: list[str] = []
    for label, text in parts:
        found = _segment(label, text, roster)
        if found is None:
            return None
        unit = unit or found[0]
        if label not in _UNIT_LABELS or found[0]:
            names.extend(found[1])
    if not unit and not (labels and names) and not (names_alone and names):
        return None
    return unit, tuple(dict.fromkeys(names))


def _looks_like_title(line: str) -> bool:
    return (
        len(line) <= TITLE_MAX
        and not line.endswith(("。", "！", "？", "；", "：", ":", ";", "，", ","))
        and "。" not in line
    )


def read_heading(text: str, roster: Roster = NO_ROSTER) -> Heading:
    """Title, unit/author line and authors of an article's text, and its counted body."""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    consumed: set[int] = set()
    title = unit_line = None
    authors: tuple[str, ...] = ()
    position = 0
    while position < min(len(filled), _PREAMBLE_SCAN) and is_preamble(lines[filled[position]].strip()):
        consumed.add(filled[position])
        position += 1
    head = filled[position : position + _HEADER_SCAN]
    for order, index in enumerate(head):
        line = lines[index].strip()
        parsed = parse_unit_line(line, roster) if unit_line is None else None
        if DATE_LINE.match(line):
            pass
        elif parsed is not None:
            unit_line, authors = line, parsed[1]
        elif title is None and order == 0 and order + 1 < len(head) and _looks_like_title(line):
            title = line
        elif title is not None and order == 1 and _SUBTITLE.match(line) and _looks_like_title(line):
            title = f"{title}{line}"
        else:
            break
        consumed.add(index)
    footer, footer_authors = _read_footer(lines, filled, consumed, roster)
    if not authors:
        authors = footer_authors
        unit_line = unit_line or footer
    skipped = tuple(lines[i].strip() for i in sorted(consumed) if lines[i].strip() != title
                    and lines[i].strip() != unit_line)
    body = "\n".join(line for i, line in enumerate(lines) if i not in consumed)
    return Heading(title, unit_line, authors, body.strip(), skipped)


def _read_footer(
    lines: list[str], filled: list[int], consumed: set[int], roster: Roster
) -> tuple[str | None, tuple[str, ...]]:
    """The unit/author line and date that close an article; ``lines`` is trimmed in place."""
    found: str | None = None
    authors: tuple[str, ...] = ()
    open_lines = [i for i in filled if i not in consumed]
    for index in reversed(open_lines[-_FOOTER_SCAN:]):
        last = sum(1 for i in open_lines if i not in consumed) <= 1  # the text's own last line
        line = lines[index].strip()
        if DATE_LINE.match(line) and not last:
            consumed.add(index)
            continue
        if authors:
            break
        parsed = None if last else parse_unit_line(line, roster, names_alone=line.startswith(("（", "(")))
        if parsed is not None:
            found, authors = found or line, parsed[1]
            consumed.add(index)
            continue
        closing = _CLOSING_PAREN.search(line)
        if closing and closing.start() > 0:
            parsed = parse_unit_line(closing[0], roster, names_alone=True)
            if parsed is not None:
                found, authors = found or closing[0].strip(), parsed[1]
                lines[index] = lines[index][: lines[index].rindex(closing[0].strip())].rstrip()
        break
    return found, authors
