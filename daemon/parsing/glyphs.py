"""Code points that look like hanzi but are not: radicals written by PDF exporters.

Fonts map some glyphs to the Kangxi radicals (U+2F00–U+2FD5) or the CJK radicals
supplement (U+2E80–U+2EF3) instead of the unified ideographs: ⼦ for 子, ⻓ for 长. They
look the same, but titles, search, routing and the marking screen compare code points,
so they are mapped back before any of that runs. The Kangxi block has compatibility
decompositions (NFKC); the supplement has none, so its whole-character forms are listed
here (the components such as ⺡ 氵 stay as they are).
"""

from __future__ import annotations

import unicodedata

_SUPPLEMENT = {
    "⺌": "小", "⺍": "小", "⺟": "母", "⺠": "民", "⺩": "王", "⺬": "示", "⻁": "虎",
    "⻄": "西", "⻅": "见", "⻆": "角", "⻉": "贝", "⻊": "足", "⻋": "车", "⻑": "長",
    "⻓": "长", "⻔": "门", "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风",
    "⻜": "飞", "⻝": "食", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟",
    "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻬": "齐", "⻮": "齿", "⻰": "龙",
    "⻳": "龟", "⻱": "龜",
}
_TABLE = str.maketrans({
    **{chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)},
    **_SUPPLEMENT,
})


def unify_radicals(text: str) -> str:
    return text.translate(_TABLE)
