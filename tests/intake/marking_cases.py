"""A seeded set of texts with and without classification markings, for the marking screen.

Each case is a document as the screen sees it: a subject, page headers/footers, and the
document's lines, with the answer (held or not) and what kind of case it is. Markings
are composed from parts in random order and spacing, in the places they are printed
(header, footer, first lines, a line of their own further down); the clear cases put
the same words in prose, titles and headings, and ordinary headers in the margins. The
phrase pools are wider than the config's word lists on purpose: what the config misses
shows up as a miss.

Seeds 0–499 are the tuning half, 500–999 the held-out half (split once; never edited to
make a test pass). ``python -m tests.intake.marking_cases`` prints both halves' figures.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from daemon.intake.markings import Place

TUNING = range(0, 500)
HELD_OUT = range(500, 1000)

UNITS = ["安定区", "通渭县", "陇西县", "渭源县", "临洮县", "漳县", "岷县"]
SECRECY = ["涉密", "绝密", "机密", "秘密", "内部"]
GRADES = ["绝密", "机密", "秘密"]
NOUNS = ["", "文件", "资料", "材料", "信息", "事项"]
HANDLING = [
    "注意保密", "严禁外传", "不得外传", "请勿外传", "注意保存", "仅供参阅", "严禁复制",
    "不得复制", "妥善保管", "阅后收回", "不得翻印", "严禁扩散", "不得扩散", "注意保管",
    "请勿转发", "禁止外传", "仅供内部参阅", "用后收回",
]
TERMS = ["1年", "5年", "10年", "6个月", "长期", "启用前", "２年", "３０年"]
STARS = ["★", "☆", "*"]
SPACES = ["", " ", "　", "  "]
BODY = [
    "今年以来，{unit}坚持把项目建设作为推动高质量发展的压舱石，完成投资42.6亿元。",
    "会议听取了各乡镇和相关部门工作进展情况汇报，分析了存在的困难和问题。",
    "下一步，{unit}将紧盯目标任务，倒排工期、挂图作战，确保按期完成。",
    "全县共实施项目128个，其中新开工36个、续建92个。",
    "目前，全区主要农产品价格总体平稳，市场供应充足。",
]
PROSE = [  # the marking words inside sentences: never a marking
    "{unit}召开保密工作会议，要求严格落实涉密载体管理制度。",
    "保守国家秘密是每个公民的义务。",
    "全县开展“涉密不上网、上网不涉密”专项检查，未发现问题。",
    "切实加强内部审计，堵塞管理漏洞，提升资金使用效益。",
    "对机密文件实行专人管理、集中存放。",
    "严防涉密信息外报，要确定密级的文件按规定办理。",
    "除涉及商业秘密的内容外，及时公开成本监审结论。",
    "揭开县域经济高质量发展的秘密。",
    "完善内部控制制度，规范项目资金管理。",
    "{unit}组织涉密人员开展保密教育培训。",
    "各单位要严格落实保密规定，涉密文件严禁复制。",
    "内部挖潜、外部借力，推动产业转型升级。",
    "加强涉密载体管理，严防失泄密事件发生。",
]
TITLES = [  # first lines that hold the words but are titles, not markings
    "关于开展涉密人员保密培训的通知",
    "{unit}发展改革局召开内部控制工作推进会",
    "{unit}加强国家秘密保护工作",
    "{unit}扎实推进机关内部管理规范化建设",
    "一、加强涉密载体管理",
    "二、强化内部管理",
    "{unit}召开保密工作领导小组会议",
    "关于涉密计算机专项检查情况的报告",
]
HEADERS = ["{unit}发展和改革局", "政务信息", "第 {n} 页 共 {m} 页", "定西市发展和改革委员会",
           "— {n} —", "{unit}发改信息 第{n}期", "2026年{n}月"]


@dataclass(frozen=True)
class Case:
    seed: int
    kind: str
    held: bool
    places: tuple[Place, ...]


def marking_line(rng: random.Random) -> str:
    """A marking composed of a secrecy word and one or two qualifiers, in any order."""
    word = rng.choice(SECRECY)
    head = word + (rng.choice(NOUNS) if word in ("涉密", "内部") else "")
    qualifiers: list[str] = []
    shape = rng.randrange(5)
    if shape == 0 or (shape == 1 and word in GRADES):
        star = rng.choice(STARS)
        qualifiers.append(star + rng.choice(SPACES) + rng.choice(TERMS) if rng.random() < 0.6 else star)
    elif shape == 1:
        qualifiers.append(rng.choice(HANDLING))
    elif shape == 2:
        qualifiers.append(rng.choice(HANDLING))
        if rng.random() < 0.5:
            qualifiers.append(rng.choice(HANDLING))
    elif shape == 3:
        grade = rng.choice(GRADES)
        return rng.choice(["密级：", "密级:", "密级 "]) + grade + (
            rng.choice(STARS) + rng.choice(TERMS) if rng.random() < 0.5 else "")
    else:
        qualifiers.append(rng.choice(HANDLING) if word in ("涉密", "内部") else rng.choice(STARS))
    parts = [head, *qualifiers]
    if rng.random() < 0.3:  # ★秘密, 注意保密 内部资料: the qualifier first
        rng.shuffle(parts)
    line = rng.choice([*SPACES, "，", "、"]).join(parts)
    if rng.random() < 0.15:
        line = rng.choice(["【{}】", "（{}）", "[{}]"]).format(line)
    return line


def marking_like_line(rng: random.Random) -> str:
    """A secrecy word without a qualifier, as printed alone in a header: 内部资料, 秘密."""
    word = rng.choice(SECRECY)
    noun = rng.choice(NOUNS) if word in ("涉密", "内部") else rng.choice(["", "件"])
    return rng.choice(SPACES).join(filter(None, [word, noun]))


def _fill(template: str, rng: random.Random) -> str:
    return template.format(unit=rng.choice(UNITS), n=rng.randint(1, 12), m=rng.randint(2, 9))


def _document(rng: random.Random, first: list[str], later: list[str]) -> str:
    lines = [_fill(rng.choice(TITLES[1:4]), rng), f"{rng.choice(UNITS)}发展改革局 王芳"]
    body = [_fill(rng.choice(BODY), rng) for _ in range(rng.randint(4, 9))]
    for line in later:
        body.insert(rng.randint(1, len(body)), line)
    return "\n".join(first + lines + body)


def case(seed: int) -> Case:
    rng = random.Random(seed)
    subject = f"【动态】{_fill(rng.choice(TITLES[1:4]), rng)}"
    header = _fill(rng.choice(HEADERS), rng)
    kind = rng.choice([
        "marking_in_header", "marking_in_footer", "marking_first_line", "marking_own_line",
        "marking_like_in_header", "marking_like_first_line", "marking_in_subject",
        "clear_prose", "clear_title", "clear_plain", "clear_prose", "clear_title",
    ])
    margins, first, later = header, [], []
    if kind == "marking_in_header":
        margins = rng.choice(["{m}\n{h}", "{h}\n{m}", "{m}"]).format(m=marking_line(rng), h=header)
    elif kind == "marking_in_footer":
        margins = f"{header}\n{marking_line(rng)}\n第 1 页"
    elif kind == "marking_first_line":
        first = [marking_line(rng)]
    elif kind == "marking_own_line":
        later = [marking_line(rng)]
    elif kind == "marking_like_in_header":
        margins = f"{marking_like_line(rng)}\n{header}"
    elif kind == "marking_like_first_line":
        first = [marking_like_line(rng)]
    elif kind == "marking_in_subject":
        subject = f"{marking_line(rng)} {subject}"
    elif kind == "clear_prose":
        later = [_fill(rng.choice(PROSE), rng) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.3:
            first = [_fill(rng.choice(PROSE), rng)]
    elif kind == "clear_title":
        first = [_fill(rng.choice(TITLES), rng)]
    held = kind.startswith("marking")
    document = _document(rng, first, later)
    places = (
        Place("邮件主题", subject, "margin"),
        Place("附件", document),
        Place("页眉页脚", margins, "margin"),
    )
    return Case(seed, kind, held, places)


def cases(seeds: range) -> list[Case]:
    return [case(seed) for seed in seeds]


def score(seeds: range) -> dict[str, object]:
    from daemon.config import ClassifiedSettings
    from daemon.intake.markings import find

    settings = ClassifiedSettings()
    misses, false_holds = [], []
    for c in cases(seeds):
        held = bool(find(c.places, settings))
        if c.held and not held:
            misses.append(c)
        elif held and not c.held:
            false_holds.append(c)
    marked = sum(1 for c in cases(seeds) if c.held)
    return {"cases": len(seeds), "marked": marked, "clear": len(seeds) - marked,
            "misses": misses, "false_holds": false_holds}


if __name__ == "__main__":
    for name, seeds in (("tuning", TUNING), ("held-out", HELD_OUT)):
        result = score(seeds)
        print(f"{name}: {result['cases']} cases ({result['marked']} marked, {result['clear']} clear): "
              f"{len(result['misses'])} misses, {len(result['false_holds'])} false holds")  # type: ignore[arg-type]
        if name == "tuning":
            for c in result["misses"] + result["false_holds"]:  # type: ignore[operator]
                subject, document, margins = (p.text.replace("\n", "/") for p in c.places)
                print("  ", c.kind, c.seed, subject[:40], "|", document[:80], "|", margins[:40])
