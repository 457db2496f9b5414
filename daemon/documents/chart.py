"""The bar chart of the monthly statistics: total points by unit, drawn with matplotlib.

The labels are Chinese, so the chart needs a CJK font; Noto Sans CJK (Debian package
fonts-noto-cjk) is looked up by name and a missing font is an error that says what to
install, rather than a chart of empty boxes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

CJK_FAMILY = "Noto Sans CJK SC"
COUNTY_COLOUR = "#c0392b"
SECTION_COLOUR = "#2e5c8a"


class ChartFontMissing(RuntimeError):
    """No CJK font for the chart's Chinese labels."""


@cache
def cjk_font() -> font_manager.FontProperties:
    try:
        path = font_manager.findfont(font_manager.FontProperties(family=CJK_FAMILY),
                                     fallback_to_default=False)
    except ValueError as exc:
        raise ChartFontMissing(
            f"图表需要中文字体 {CJK_FAMILY}，请安装 fonts-noto-cjk（apt-get install fonts-noto-cjk）"
        ) from exc
    return font_manager.FontProperties(fname=path)


def points_chart(title: str, bars: Sequence[tuple[str, int, bool]]) -> bytes:
    """A horizontal bar chart as PNG; ``bars`` are (unit, points, is_county), top to bottom."""
    font = cjk_font()
    height = 1.1 + 0.17 * len(bars)
    # a bare Figure, not pyplot: no global state, so scheduler threads may draw at once
    figure = Figure(figsize=(6.2, height), dpi=200)
    axes = figure.subplots()
    names = [name for name, _, _ in bars][::-1]
    values = [points for _, points, _ in bars][::-1]
    colours = [COUNTY_COLOUR if county else SECTION_COLOUR for _, _, county in bars][::-1]
    drawn = axes.barh(names, values, color=colours, height=0.7)
    axes.bar_label(drawn, padding=2, fontsize=7)
    axes.set_title(title, fontproperties=font, fontsize=11)
    axes.set_xlabel("积分", fontproperties=font, fontsize=8)
    for label in axes.get_yticklabels():
        label.set_fontproperties(font)
        label.set_fontsize(8)
    axes.tick_params(axis="x", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    axes.axvline(0, color="#444444", linewidth=0.6)
    handles = [Rectangle((0, 0), 1, 1, color=c) for c in (COUNTY_COLOUR, SECTION_COLOUR)]
    legend_font = font.copy()
    legend_font.set_size(7)  # ``fontsize`` is ignored once ``prop`` is given
    axes.legend(handles, ["县（区）发展改革局", "委机关科室"], prop=legend_font,
                loc="lower right", frameon=False)
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
