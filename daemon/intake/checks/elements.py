"""Elements (RULES.md 约稿要素): a solicited item must have 基本情况、做法、分析、对策.

Officers name the parts in many ways, so each element is a list of the headings and
phrases that stand for it; the element is present when any of them occurs.
"""

from __future__ import annotations

from daemon.intake.checks.request import matched_request
from daemon.intake.verdict import CheckContext, Verdict

# Element -> the words that show it. The single place to add a synonym.
ELEMENT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "基本情况": (
        "基本情况", "总体情况", "基本概况", "概况", "现状", "运行情况", "进展情况",
        "推进情况", "工作开展情况", "主要成效", "取得成效",
    ),
    "做法": (
        "做法", "主要做法", "工作举措", "主要举措", "举措", "措施", "工作措施",
        "经验", "具体工作",
    ),
    "分析": (
        "分析", "存在问题", "存在的问题", "问题分析", "原因分析", "困难和问题",
        "问题和困难", "短板", "瓶颈", "制约因素", "不足",
    ),
    "对策": (
        "对策", "对策建议", "意见建议", "建议", "下一步", "工作打算", "工作思路",
        "努力方向", "改进措施",
    ),
}


def missing_elements(text: str) -> list[str]:
    return [name for name, words in ELEMENT_SYNONYMS.items()
            if not any(word in text for word in words)]


class ElementsCheck:
    name = "elements"
    description = "约稿要素：约稿应有基本情况、做法、分析、对策"

    def check(self, ctx: CheckContext) -> Verdict:
        request = matched_request(ctx)
        if request is None or request.kind != "solicitation":
            return Verdict(self.name, "not_applicable", ("不是约稿，不检查要素",),
                           data={"missing": []})
        article = ctx.message.article
        missing = missing_elements(f"{ctx.title}\n{article.body}")
        if not missing:
            return Verdict(self.name, "ok", ("约稿要素齐全：基本情况、做法、分析、对策",),
                           data={"missing": []})
        return Verdict(
            self.name,
            "missing",
            (f"约稿缺少要素：{'、'.join(missing)}",),
            flags=("missing_elements",),
            data={"missing": missing},
        )


CHECK = ElementsCheck()
