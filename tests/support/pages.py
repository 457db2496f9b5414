"""Pages that prove an adoption, drawn in Noto CJK with Pillow and photographed badly.

Two layouts: a newspaper page (a masthead, horizontal or set down the right margin, a
date line, a 版次 line, the article in columns beside other units' articles) and a web
page (an address bar, the site's name, 发布时间 and 来源 lines, a list of older news).
``photograph`` then does what a phone does: scales, tilts by a few degrees, blurs, tints
and JPEG-compresses. Everything is drawn from a seeded ``random.Random``.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

_NOTO = "/usr/share/fonts/opentype/noto/NotoSerifCJK-{}.ttc"
_NOTO_SANS = "/usr/share/fonts/opentype/noto/NotoSansCJK-{}.ttc"
_SC = 2  # the Simplified Chinese face inside the collections
_HAN_DIGITS = "〇一二三四五六七八九"


@cache
def font(size: int, bold: bool = False, sans: bool = False) -> ImageFont.FreeTypeFont:
    path = (_NOTO_SANS if sans else _NOTO).format("Bold" if bold else "Regular")
    return ImageFont.truetype(path, size, index=_SC)


@dataclass(frozen=True)
class Story:
    title: str
    body: str


@dataclass(frozen=True)
class Masthead:
    outlet: str  # the code the page should be read as
    name: str  # as printed or as the site's name
    url: str | None  # shown in the address bar (web pages)
    printed: bool  # a newspaper


MASTHEADS = (
    Masthead("daily", "定西日报", None, True),
    Masthead("provincial", "甘肃日报", None, True),
    Masthead("national", "经济日报", None, True),
    Masthead("party_gov_net", "定西党政网", "www.dingxi.gov.cn/dzw/xxgk", False),
    Masthead("provincial", "甘肃省发展和改革委员会", "fzgg.gansu.gov.cn/fzgg/dfdt", False),
    Masthead("national", "国家发展和改革委员会", "www.ndrc.gov.cn/fggz/dqzx", False),
    Masthead("national", "人民网", "gs.people.com.cn/n2/2026", False),
)

_WEEKDAYS = "一二三四五六日"


def han_year(year: int) -> str:
    return "".join(_HAN_DIGITS[int(d)] for d in str(year))


def han_small(n: int) -> str:
    if n < 10:
        return _HAN_DIGITS[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _HAN_DIGITS[tens]) + "十" + (_HAN_DIGITS[units] if units else "")


def _wrap(draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = "\u3000\u3000"
        for ch in paragraph.strip():
            if draw.textlength(line + ch, font=face) > width:
                lines.append(line)
                line = ""
            line += ch
        if line.strip():
            lines.append(line)
    return lines


def _column(
    draw: ImageDraw.ImageDraw,
    story: Story,
    x: int,
    y: int,
    width: int,
    bottom: int,
    title_size: int,
    body_size: int,
) -> int:
    """Draw a story in a column from (x, y) down to ``bottom``; the y reached."""
    title_face, body_face = font(title_size, bold=True), font(body_size)
    for line in _wrap(draw, story.title, title_face, width):
        draw.text((x, y), line.strip(), font=title_face, fill=0)
        y += int(title_size * 1.4)
    y += body_size // 2
    for line in _wrap(draw, story.body, body_face, width):
        if y + body_size > bottom:
            break
        draw.text((x, y), line, font=body_face, fill=0)
        y += int(body_size * 1.55)
    return y


def newspaper(rng: random.Random, head: Masthead, day: date, ours: Story, others: list[Story]) -> Image.Image:
    width, height = 1400, 1500
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    vertical = rng.random() < 0.3
    page_no = rng.randint(1, 8)
    section = rng.choice(["要闻", "综合新闻", "经济", "县区新闻", "地方"])
    dated = f"{day.year}年{day.month}月{day.day}日 星期{_WEEKDAYS[day.weekday()]}"
    if vertical:  # the masthead down the right margin, the date beside it in Chinese numerals
        size = 96
        for i, ch in enumerate(head.name):
            draw.text((width - 150, 50 + i * (size + 14)), ch, font=font(size, bold=True), fill=0)
        han = f"{han_year(day.year)}年{han_small(day.month)}月{han_small(day.day)}日"
        for i, ch in enumerate(han):
            draw.text((width - 215, 60 + i * 30), ch, font=font(24), fill=0)
        draw.text((60, 40), f"第{page_no}版 {section}", font=font(26, sans=True), fill=0)
        top, right = 100, width - 250
    else:
        draw.text((60, 30), head.name, font=font(110, bold=True), fill=0)
        draw.text((width - 520, 60), dated, font=font(28, sans=True), fill=0)
        draw.text(
            (width - 520, 105),
            f"第{page_no}版  {section}  责任编辑：{rng.choice('王李张刘陈')}明",
            font=font(26, sans=True),
            fill=0,
        )
        draw.line((40, 190, width - 40, 190), fill=0, width=5)
        top, right = 220, width - 40
    columns = rng.choice([2, 3])
    gap = 40
    col_width = (right - 60 - gap * (columns - 1)) // columns
    ours_at = rng.randrange(columns)
    fillers = iter(others)
    for index in range(columns):  # each column filled to the bottom, ours alone in its own
        x, y = 60 + index * (col_width + gap), top
        for story in [ours] if index == ours_at else fillers:
            y = _column(draw, story, x, y, col_width, height - 60, 34, 22) + 40
            if y > height - 200:
                break
    return page


def web_page(
    rng: random.Random, head: Masthead, day: date, ours: Story, unit: str, older: list[tuple[str, date]]
) -> Image.Image:
    width, height = 1280, 1700
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, width, 60), fill=225)
    draw.rounded_rectangle((120, 12, width - 120, 48), radius=16, fill=255)
    draw.text(
        (140, 16),
        f"https://{head.url}/{day:%Y%m}/t{day:%Y%m%d}_{rng.randint(1000, 9999)}.html",
        font=font(22, sans=True),
        fill=40,
    )
    draw.rectangle((0, 60, width, 170), fill=rng.choice([70, 90, 110]))
    draw.text((60, 80), head.name, font=font(56, bold=True, sans=True), fill=255)
    draw.text((60, 185), "首页 > 信息公开 > 地方动态", font=font(22, sans=True), fill=60)
    y = 250
    for line in _wrap(draw, ours.title, font(40, bold=True), width - 240):
        draw.text((120, y), line.strip(), font=font(40, bold=True), fill=0)
        y += 58
    minute = rng.randint(0, 59)
    draw.text(
        (200, y + 10),
        f"发布时间：{day:%Y-%m-%d} {rng.randint(8, 18):02d}:{minute:02d}    来源：{unit}发展改革局",
        font=font(22, sans=True),
        fill=70,
    )
    y = _column(draw, Story("", ours.body), 120, y + 70, width - 240, height - 320, 30, 26)
    draw.line((120, y + 20, width - 120, y + 20), fill=150, width=2)
    draw.text((120, y + 40), "相关新闻", font=font(26, bold=True, sans=True), fill=0)
    for i, (title, when) in enumerate(older[:4]):
        line_y = y + 90 + i * 40
        if line_y > height - 40:
            break
        draw.text((140, line_y), f"· {title}", font=font(22, sans=True), fill=30)
        draw.text((width - 300, line_y), f"{when:%Y-%m-%d}", font=font(22, sans=True), fill=30)
    return page.crop((0, 0, width, min(height, y + 300)))  # a screenshot ends where the page does


def photograph(rng: random.Random, page: Image.Image) -> bytes:
    """A phone's picture of ``page``: scaled, tilted, softened, tinted, JPEG."""
    scale = rng.uniform(0.7, 1.0)
    image = page.resize((int(page.width * scale), int(page.height * scale)), Image.LANCZOS)
    tint = (rng.randint(200, 235), rng.randint(195, 230), rng.randint(180, 215))
    image = image.convert("RGB").rotate(
        rng.uniform(-3.5, 3.5), resample=Image.BICUBIC, expand=True, fillcolor=tint
    )
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.8)))
    shade = Image.new("RGB", image.size, tint)
    image = Image.blend(image, shade, rng.uniform(0.05, 0.2))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=rng.randint(45, 80))
    return out.getvalue()


def as_pdf(jpeg: bytes) -> bytes:
    """An image-only PDF of the picture, as a scanner app would save it."""
    out = io.BytesIO()
    Image.open(io.BytesIO(jpeg)).convert("RGB").save(out, "PDF", resolution=150)
    return out.getvalue()


def day_after(start: date, rng: random.Random, low: int, high: int) -> date:
    return start + timedelta(days=rng.randint(low, high))
