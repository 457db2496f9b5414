"""Quality pre-review by the regulation's 采编质量 section: a checklist for the reviewer.

The regulation asks that an item 有情况、有分析、有建议, with 背景情况的介绍、典型案例的总结、
详实数据的支撑, in plain language and within its category's length; a solicited item must
have 基本情况、做法、分析、对策. ``review`` turns that into one line per criterion, read off
the article text with the cue lists of ``[quality]``: a pure function. Intake runs it as
the last check (daemon/intake/checks/quality.py) and keeps the checklist as the item's
``quality`` verdict, which the item page and ``items show`` list with the other verdicts,
the acknowledgement turns into advice, and the monthly statistics average per unit.

A criterion is *expected* of an item by its category (``quality.expected``): the advice
and the score count only those, and a criterion that does not apply is still shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from daemon.config import LengthLimit, QualitySettings
from daemon.intake.checks.elements import missing_elements
from daemon.intake.checks.length import describe_limit, judge_length
from daemon.parsing.wordcount import count_words

LABELS = {
    "situation": "有情况",
    "analysis": "有分析",
    "suggestion": "有建议/对策",
    "background": "背景介绍",
    "case": "典型案例",
    "data": "详实数据",
    "length": "字数",
    "language": "语言",
    "elements": "约稿要素",
}
# what the acknowledgement suggests when an expected criterion is missing
ADVICE = {
    "situation": "建议写明基本情况和具体事实",
    "analysis": "建议补充原因和问题分析",
    "suggestion": "建议补充对策建议或下一步打算",
    "background": "建议补充背景介绍",
    "case": "建议补充典型案例（具体的村、企业或人物及其事例）",
    "data": "建议补充详实数据",
    "length": "建议按类别要求调整字数",
    "language": "建议精简长句、少用套话",
    "elements": "约稿请补齐基本情况、做法、分析、对策",
}
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
_NAME = "[\u4e00-\u9fff]{2,10}"


@dataclass(frozen=True)
class Criterion:
    key: str
    ok: bool
    expected: bool
    detail: str  # Chinese: what was found

    @property
    def label(self) -> str:
        return LABELS[self.key]


@dataclass(frozen=True)
class Review:
    criteria: tuple[Criterion, ...]

    @property
    def score(self) -> float | None:
        """The share of expected criteria met (0 to 1); None when nothing is expected."""
        expected = [c for c in self.criteria if c.expected]
        return sum(c.ok for c in expected) / len(expected) if expected else None

    def advice(self) -> list[str]:
        return [ADVICE[c.key] for c in self.criteria if c.expected and not c.ok]

    def as_dict(self) -> dict[str, object]:
        return {
            "score": None if self.score is None else round(self.score, 2),
            "criteria": [
                {"key": c.key, "label": c.label, "ok": c.ok, "expected": c.expected, "detail": c.detail}
                for c in self.criteria
            ],
            "advice": self.advice(),
        }


@cache
def _figure_pattern(units: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"(?<![\d.])\d+(?:[.,]\d+)*\s*(?:多|余|近|左右)?\s*(?:{alternatives})")


@cache
def _alternatives(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _named(sentence: str, settings: QualitySettings) -> list[str]:
    """Proper names of places, enterprises and people in one sentence."""
    suffixes = _alternatives((*settings.case_place_suffixes, *settings.case_enterprise_suffixes))
    names = []
    for match in re.finditer(rf"([\u4e00-\u9fff]{{2,10}}?)({suffixes})", sentence):
        stem = match[1]
        cut = max(stem.rfind(c) for c in settings.case_name_breaks) if "某" not in stem else -1
        name = stem[cut + 1 :] + match[2]
        if len(name) - len(match[2]) >= 2 and name not in settings.case_generic:
            names.append(name)
    surnames = f"[{re.escape(settings.case_surnames)}]"
    markers, titles = _alternatives(settings.case_person_markers), _alternatives(settings.case_person_titles)
    people = rf"(?:{markers}){surnames}[\u4e00-\u9fff]{{1,2}}|{surnames}(?:{titles})"
    names.extend(m.group(0) for m in re.finditer(people, sentence))
    return names


def figures(text: str, settings: QualitySettings) -> list[str]:
    return [m.group(0) for m in _figure_pattern(settings.data_units).finditer(text)]


def _found(text: str, cues: tuple[str, ...]) -> list[str]:
    return [cue for cue in cues if cue in text]


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _cases(text: str, settings: QualitySettings) -> list[str]:
    """Named places, enterprises or people that appear in a sentence with an event."""
    found = []
    for sentence in _sentences(text):
        names = _named(sentence, settings)
        if names and (_found(sentence, settings.case_event_cues) or figures(sentence, settings)):
            found.extend(names)
    return list(dict.fromkeys(found))


def _listed(words: list[str], limit: int = 4) -> str:
    return "、".join(f"“{w}”" for w in words[:limit]) + ("等" if len(words) > limit else "")


def review(
    text: str,
    category: str | None,
    limit: LengthLimit | None,
    settings: QualitySettings,
    solicited: bool = False,
) -> Review:
    """The checklist of one article. ``limit`` is its category's length limit."""
    expected = set(settings.expected.get(category or "", ()))
    if solicited:
        expected.add("elements")
    counted = figures(text, settings)
    criteria: list[Criterion] = []

    def add(key: str, ok: bool, yes: str, no: str) -> None:
        criteria.append(Criterion(key, ok, key in expected, yes if ok else no))

    # a fact is told in a plain sentence: "开展" amid 套话 (认真开展…营造了良好氛围) is not one
    plain = [s for s in _sentences(text) if not _found(s, settings.stock_phrases)]
    cues = _found("。".join(plain), settings.situation_cues)
    add(
        "situation",
        bool(counted) or bool(cues),
        f"有具体事实和数字（{_listed(counted or cues)}）",
        "未见具体事实和数字",
    )
    cues = _found(text, settings.analysis_cues)
    add("analysis", bool(cues), f"有分析（{_listed(cues)}）", "未见原因、问题分析")
    cues = _found(text, settings.suggestion_cues)
    add("suggestion", bool(cues), f"有建议或对策（{_listed(cues)}）", "未见建议、对策或下一步打算")
    cues = _found(text, settings.background_cues)
    add("background", bool(cues), f"有背景介绍（{_listed(cues)}）", "未见背景介绍")
    cases = _cases(text, settings)
    add("case", bool(cases), f"有典型案例（{_listed(cases)}）", "未见具体的村、企业或人物事例")
    add(
        "data",
        len(counted) >= settings.data_min,
        f"带单位的数据 {len(counted)} 处",
        f"带单位的数据 {len(counted)} 处，少于 {settings.data_min} 处",
    )
    if limit is not None:
        length = count_words(text)
        add(
            "length",
            judge_length(length, limit) == "ok",
            f"{length} 字，{describe_limit(limit)}",
            f"{length} 字，应{describe_limit(limit)}",
        )
    long = [s for s in _sentences(text) if len(s) > settings.long_sentence]
    stock = [p for p in settings.stock_phrases if p in text]
    problems = []
    if len(long) > settings.long_sentences_allowed:
        problems.append(f"超过 {settings.long_sentence} 字的长句 {len(long)} 句")
    if len(stock) > settings.stock_phrases_allowed:
        problems.append(f"套话 {len(stock)} 处（{_listed(stock)}）")
    add("language", not problems, f"长句 {len(long)} 句，套话 {len(stock)} 处", "；".join(problems))
    if solicited:
        missing = missing_elements(text)
        add("elements", not missing, "基本情况、做法、分析、对策齐全", f"缺少{'、'.join(missing)}")
    return Review(tuple(criteria))
