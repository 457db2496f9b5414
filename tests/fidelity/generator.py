"""Seeded county mail with the fields the office expects, shapes combined independently.

Each seed gives one mail: a mail client's header and MIME shape, a subject shape (issue 14
A), lines above the title (B), a covering note, greeting and sign-off (C), a container
(mail body, .docx with footnotes, text boxes and tables, .doc, .wps, .pdf, .txt), the
author line's position, and a category and section. ``expected`` holds what the office
would read off the article: title, authors, 字数, category, route.

The split into tuning and held-out halves is fixed by the seed alone (``half``).
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.header import Header
from email.utils import format_datetime
from zoneinfo import ZoneInfo

from daemon.parsing.wordcount import count_words
from tests.fidelity import lexicon as lx

CRLF = "\r\n"
SHANGHAI = ZoneInfo("Asia/Shanghai")
ARRIVAL = datetime(2026, 11, 24, 9, 0, tzinfo=SHANGHAI)
CLIENTS = ("foxmail", "webmail126", "outlook", "wpsmail", "iphone")
CONTAINERS = (("body", 30), ("docx", 25), ("doc", 12), ("wps", 8), ("pdf", 12), ("txt", 13))
CATEGORIES = (("news", 45), ("experience", 20), ("suggestion", 15), ("research", 20))
SUBJECTS = (("plain", 25), ("tag", 15), ("prefix", 10), ("request", 8), ("name", 10),
            ("suffix", 10), ("generic", 12), ("truncated", 10))
ABOVE = (("none", 50), ("marking", 8), ("number", 15), ("masthead", 17), ("signer", 10))
AUTHOR_AT = (("top", 35), ("end", 25), ("inline", 15), ("none", 25))
_TAGS = {"news": "【动态】", "experience": "【经验做法】", "suggestion": "【意见建议】",
         "research": "【调研】"}
_LIMITS = {"news": (300, 500), "experience": (600, 1500), "suggestion": (500, 1000),
           "research": (900, 2000)}


@dataclass
class Document:
    """An article as a county officer lays it out, with what Word would count."""

    above: list[str]  # lines above the title (not counted)
    title: str | None
    head: list[str]  # unit/author and date lines under the title (not counted)
    paragraphs: list[str]  # counted
    tail: list[str]  # author line and date closing the article (not counted)
    table: list[list[str]] = field(default_factory=list)  # counted (docx only)
    textbox: str = ""  # counted (docx only)
    footnote: str = ""  # counted (docx only)

    def lines(self) -> list[str]:
        return [*self.above, *([self.title] if self.title else []), *self.head,
                *self.paragraphs, *self.tail]

    def counted(self) -> int:
        cells = [c for row in self.table for c in row]
        return count_words("\n".join([*self.paragraphs, *cells, self.textbox, self.footnote]))


@dataclass
class Mail:
    seed: int
    raw: bytes
    expected: dict[str, object]
    shapes: dict[str, str]
    document: Document
    attachment: tuple[str, str, bytes] | None = None  # (filename, kind, docx bytes to convert)


def half(seed: int) -> str:
    """The fixed split: a seed's half never changes."""
    digest = hashlib.sha256(f"govinfo fidelity split {seed}".encode()).digest()
    return "tuning" if digest[0] % 2 == 0 else "held_out"


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


class _Filler:
    """Fills the lexicon's slots with varied numbers and names."""

    def __init__(self, rng: random.Random, county: str, topic: str) -> None:
        self.rng, self.county, self.topic = rng, county, topic
        self.town = rng.choice(lx.COUNTY_PLACES[county])

    def __call__(self, template: str) -> str:
        r = self.rng
        values = {
            "county": self.county, "town": self.town, "topic": self.topic,
            "n": str(r.randint(12, 980)), "m": str(r.randint(2, 19)),
            "pct": f"{r.randint(1, 28)}.{r.randint(0, 9)}", "money": f"{r.randint(1, 95)}.{r.randint(1, 9)}",
            "month": str(r.randint(1, 11)), "day": str(r.randint(1, 28)),
            "company": r.choice(lx.COMPANIES), "village": r.choice(lx.VILLAGES),
        }
        out = template
        for key, value in values.items():
            while "{" + key + "}" in out:
                out = out.replace("{" + key + "}", value, 1)
                values["n"] = str(r.randint(12, 980))
                values["pct"] = f"{r.randint(1, 28)}.{r.randint(0, 9)}"
        return out


def _sentences(rng: random.Random, fill: _Filler, section: str, k: int) -> list[str]:
    pool = list(lx.SECTIONS[section][1])
    rng.shuffle(pool)
    return [fill(s) for s in (pool * 2)[:k]]


def _paragraphs(rng: random.Random, fill: _Filler, category: str, section: str,
                distractor: str | None, call: bool) -> list[str]:
    """Counted paragraphs near a length drawn for the category."""
    low, high = _LIMITS[category]
    target = rng.randint(low - 40, high + 60) if category == "news" else rng.randint(low, high)
    own = lambda k: "".join(_sentences(rng, fill, section, k))  # noqa: E731
    if category == "news":
        paragraphs = [fill(rng.choice(lx.NEWS_LEADS)) + own(1), own(3)]
        closing = fill(rng.choice(lx.NEWS_CLOSINGS))
    elif category == "research":
        paragraphs = [fill(rng.choice(lx.RESEARCH_OPENINGS)), "一、基本情况", own(4), "二、存在的问题",
                      *rng.sample(lx.PROBLEMS, 3), "三、对策建议", *rng.sample(lx.MEASURES, 3)]
        closing = own(2)
    elif category == "experience":
        paragraphs = [fill(rng.choice(lx.EXPERIENCE_OPENINGS)) + own(2),
                      *(p + own(2) for p in rng.sample(lx.EXPERIENCE_POINTS, 3))]
        closing = "通过以上举措，" + own(1)
    else:
        paragraphs = [fill(rng.choice(lx.SUGGESTION_OPENINGS)) + own(1),
                      *rng.sample(lx.PROBLEMS, 2), "为此，建议：", *rng.sample(lx.MEASURES, 3)]
        closing = own(1)
    if distractor is not None:  # a sentence of another section's business, as real items have
        paragraphs.insert(1, "".join(_sentences(rng, fill, distractor, 1)))
    if call:  # the office's own call: the item leans on another section's words throughout
        pull = lx.OFFICE_CALLS[section]
        paragraphs[1:-1] = ["".join(_sentences(rng, fill, pull, 2)) + lx.CALL_SENTENCES[section][0],
                            "".join(_sentences(rng, fill, pull, 2)) + lx.CALL_SENTENCES[section][1],
                            *paragraphs[2:-1]]
    while count_words("".join(paragraphs)) + count_words(closing) < target:
        paragraphs.insert(-1, own(2))
    paragraphs.append(closing)
    return paragraphs


def _title(rng: random.Random, fill: _Filler, category: str, topic: str) -> str:
    if category == "news" and topic.endswith("会"):
        return fill(rng.choice(("{county}召开{topic}", "{county}发展改革局召开{topic}")))
    if category == "news" and topic.endswith("化"):
        return fill(rng.choice(("{county}推动{topic}", "{county}发改局推进{topic}")))
    frames = {"news": lx.NEWS_TITLES, "research": lx.RESEARCH_TITLES,
              "experience": lx.EXPERIENCE_TITLES, "suggestion": lx.SUGGESTION_TITLES}[category]
    return fill(rng.choice(frames))


def _unit_name(rng: random.Random, county: str) -> str:
    return county + rng.choice(("发展改革局", "发改局", "发展和改革局"))


def _author_lines(rng: random.Random, at: str, county: str, names: list[str]
                  ) -> tuple[list[str], list[str], str]:
    """(head lines, tail lines, inline suffix) naming the authors."""
    joined = rng.choice((" ", "　", "、")).join(names)
    unit = _unit_name(rng, county)
    if at == "top":
        line = rng.choice((f"{unit} {joined}", f"（{unit} {joined}）", f"供稿单位：{unit} {joined}",
                           f"{unit}　{joined}", f"通讯员：{joined}"))
        return [line], [], ""
    if at == "end":
        line = rng.choice((f"（供稿：{joined}）", f"（作者：{joined}）", f"撰稿：{joined}",
                           f"（{unit} {joined}）", f"（供稿单位：{unit} 撰稿：{joined}）",
                           f"（文/{joined}）"))
        return [], [line], ""
    if at == "inline":
        return [], [], rng.choice((f"（{unit} {joined}）", f"（供稿：{joined}）", f"（撰稿：{joined}）",
                                   f"（文/{joined}）"))
    return [], [], ""


def _above(rng: random.Random, shape: str, county: str, leader: str) -> list[str]:
    n = rng.randint(2, 40)
    short = county.rstrip("县区") if len(county) > 2 else county
    if shape == "marking":
        return [rng.choice(("秘密★1年", "内部资料 注意保密", "机密★6个月"))]
    if shape == "number":
        return [rng.choice((f"第{n}期", f"〔2026〕{n}号", f"2026年第{n}期"))]
    if shape == "masthead":
        return [rng.choice((f"{short}发改信息", f"{county}发展改革信息", f"{short}发改工作动态")),
                rng.choice((f"第{n}期", f"第{n}期（总第{n + 100}期）")),
                *rng.choice(([], [f"{county}发展改革局编    2026年{rng.randint(1, 11)}月"
                                  f"{rng.randint(1, 28)}日"]))]
    if shape == "signer":
        return [rng.choice((f"签发：{leader}    编号：2026-{n:03d}", f"签发人：{leader}"))]
    return []


def _subject(rng: random.Random, shape: str, title: str, category: str, county: str,
             sender: str) -> str:
    if shape == "tag":
        return rng.choice((_TAGS[category] + title, title + _TAGS[category],
                           {"news": "动态类：", "experience": "经验做法：", "suggestion": "意见建议：",
                            "research": "调研报告："}[category] + title))
    if shape == "prefix":
        return rng.choice(("回复：", "答复：", "转发：", "Fw: ", "Re: ", "回复：转发：", "Fw: Re: ",
                           "转发：回复：")) + title
    if shape == "request":
        return rng.choice((f"〔约稿2026-{rng.randint(1, 30):03d}〕{title}",
                           f"{title}〔约稿2026-{rng.randint(1, 30):03d}〕"))
    if shape == "name":
        return rng.choice((f"{title}（{sender}）", f"{title}({sender})",
                           f"{title}（{county}发改局 {sender}）"))
    if shape == "suffix":
        return title + rng.choice(("（更正稿）", "（修改稿）", "（重发）", "（第二稿）", "（PDF）",
                                   "(修改稿)", "-修改稿"))
    if shape == "generic":
        return rng.choice((f"{county}发展改革局报送信息", "价格监测信息", f"报送信息（{sender}）",
                           f"{county}发改局信息一则", "政务信息报送",
                           f"{county}报送{rng.randint(1, 11)}月份信息"))
    if shape == "truncated":
        cut = rng.randint(max(4, len(title) // 3), max(5, len(title) - 3))
        return title[:cut]
    return title


def _covering(rng: random.Random, town: str, kind: str) -> tuple[list[str], list[str]]:
    """(lines before the article, lines after it) a sender writes in a mail body."""
    before: list[str] = []
    after: list[str] = []
    if rng.random() < 0.4:
        before.append(rng.choice(("领导好：", "王主任：", "各位领导：", "您好！", "李科长好：")))
    if rng.random() < 0.6:
        note = rng.choice((f"{town}的一条{kind}信息，麻烦领导审核一下，谢谢！", "请审阅。",
                           "现报送一条信息，请审核。", "发来1条信息，请领导把关。"))
        (before if rng.random() < 0.6 else after).append(note)
    if rng.random() < 0.3:
        after.append(rng.choice(("以上信息请审核。", "谢谢！", "如有不妥请指正，谢谢。")))
    return before, after


def _quoted_history(rng: random.Random, county: str) -> list[str]:
    """The office's mail the county replied to, quoted under the reply as webmail does."""
    number = f"2026-{rng.randint(1, 900):04d}"
    return [rng.choice(("-----原始邮件-----", "------------------ 原始邮件 ------------------")),
            "发件人：定西市发展和改革委员会 <dxsfgw@126.com>", "发送时间：2026年11月18日 10:12",
            f"收件人：{county}发展改革局", f"主题：〔退稿通知〕{number}", "",
            f"{county}：", f"你单位报送的信息（编号 {number}）已退稿。", "  退稿理由：数据与统计口径不符",
            "请按上述意见修改后重新报送。"]


def _signoff(rng: random.Random, county: str, sender: str) -> list[str]:
    phone = rng.choice((f"0932-{rng.randint(2000000, 8999999)}", f"13{rng.randint(100000000, 999999999)}"))
    return rng.choice(([f"{county}发改局 {sender} {phone}"], [f"{county}发展改革局", sender, phone],
                       [f"{sender}", f"联系电话：{phone}"], [f"联系人：{sender} {phone}"]))


def generate(seed: int, roster: dict[str, list[tuple[str, str]]], leaders: dict[str, str]) -> Mail:
    """One mail. ``roster``: county -> [(name, email)] of its info officers."""
    rng = random.Random(seed)
    county = rng.choice(sorted(roster))
    sender, address = rng.choice(roster[county])
    section = rng.choice(lx.ROUTED_SECTIONS)
    call = section in lx.OFFICE_CALLS and rng.random() < 0.5
    source = lx.OFFICE_CALLS[section] if call else section
    category = _pick(rng, CATEGORIES)
    topics = [t for t in lx.SECTIONS[source][0] if category == "news" or not t.endswith("会")]
    topic = rng.choice(topics)
    fill = _Filler(rng, county, topic)
    distractor = rng.choice([s for s in lx.ROUTED_SECTIONS if s != section]) if rng.random() < 0.25 else None
    shapes = {
        "client": rng.choice(CLIENTS), "container": _pick(rng, CONTAINERS),
        "subject": _pick(rng, SUBJECTS), "above": _pick(rng, ABOVE), "author_at": _pick(rng, AUTHOR_AT),
        "office_call": str(call),
    }
    if shapes["author_at"] == "inline" and category != "news":
        shapes["author_at"] = "end"
    if call and category == "news":
        title = fill(rng.choice(lx.CALL_TITLES[section]))
    else:
        title = _title(rng, fill, category, topic)
    others = [n for n, _ in roster[county] if n != sender]
    pool = [sender, *others, rng.choice(lx.OTHER_PEOPLE), leaders.get(county, "马国栋")]
    names = rng.sample(pool, rng.choice((1, 1, 2)))
    head, tail, inline = _author_lines(rng, shapes["author_at"], county, names)
    if rng.random() < 0.2:
        (head if rng.random() < 0.5 else tail).append(
            rng.choice(("2026年11月20日", "2026-11-20", "（2026年11月20日）")))
    paragraphs = _paragraphs(rng, fill, category, section, distractor, call)
    document = Document(_above(rng, shapes["above"], county, leaders.get(county, "马国栋")),
                        title, head, paragraphs, tail)
    if inline:
        document.paragraphs[-1] += inline
    if shapes["container"] == "docx":
        if rng.random() < 0.3:
            document.footnote = fill("数据来源：{county}统计局{month}月统计月报。")
        if rng.random() < 0.25:
            document.table = [["指标", "数值"], ["完成投资（亿元）", fill("{money}")],
                              ["同比增长（%）", fill("{pct}")]]
        if rng.random() < 0.2:
            document.textbox = fill("相关链接：{county}今年已累计完成{topic}任务的{pct}%。")
    untitled = shapes["container"] == "body" and rng.random() < 0.15 and shapes["subject"] not in (
        "generic", "truncated")
    if untitled:  # the title is only in the subject
        document.title = None
        document.above = []
        shapes["above"] = "none"
    subject = _subject(rng, shapes["subject"], title, category, county, sender)
    expected = {
        "title": title,
        "authors": tuple(names) if names and shapes["author_at"] != "none" else (sender,),
        "length": document.counted() - (count_words(inline) if inline else 0),
        "category": category,
        "route": section,
        "held": shapes["above"] == "marking",
    }
    if inline:  # the inline author is glued to the last paragraph: not counted
        expected["length"] = count_words("\n".join(
            [*paragraphs[:-1], paragraphs[-1][: -len(inline)],
             *[c for row in document.table for c in row], document.textbox, document.footnote]))
    raw, attachment = _mail(rng, seed, shapes, subject, county, sender, address, document, fill.town)
    return Mail(seed, raw, expected, shapes, document, attachment)


# -- the mail ---------------------------------------------------------------------------

_CHARSETS = {"foxmail": "gbk", "webmail126": "utf-8", "outlook": "gb18030", "wpsmail": "gb18030",
             "iphone": "utf-8"}
_MAILERS = {"foxmail": "Foxmail 7.2.25.228[cn]", "webmail126": "Coremail Webmail Server Version 2023.2",
            "outlook": "Microsoft Outlook 16.0", "wpsmail": "WPS Mail 3.2", "iphone": "iPhone Mail (20B110)"}
_MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "doc": "application/msword", "wps": "application/kswps", "pdf": "application/pdf",
         "txt": "text/plain"}


def _b64(data: bytes) -> str:
    encoded = base64.b64encode(data).decode()
    return CRLF.join(encoded[i : i + 76] for i in range(0, len(encoded), 76))


def _text_part(text: str, charset: str, subtype: str = "plain") -> str:
    return (f"Content-Type: text/{subtype}; charset=\"{charset}\"{CRLF}"
            f"Content-Transfer-Encoding: base64{CRLF}{CRLF}{_b64(text.encode(charset))}{CRLF}")


def _html(lines: list[str]) -> str:
    from html import escape

    return "<html><body>" + "".join(f"<div>{escape(line)}</div>" for line in lines) + "</body></html>"


def _body_parts(client: str, lines: list[str], charset: str, boundary: str) -> str:
    text = CRLF.join(lines) + (CRLF + CRLF + "发自我的iPhone" if client == "iphone" else "")
    if client in ("wpsmail",):
        return _text_part(_html(lines), charset, "html")
    if client == "iphone":
        return _text_part(text, charset)
    inner = f"{boundary}-alt"
    return (f"Content-Type: multipart/alternative; boundary=\"{inner}\"{CRLF}{CRLF}"
            f"--{inner}{CRLF}{_text_part(text, charset)}"
            f"--{inner}{CRLF}{_text_part(_html(lines), charset, 'html')}--{inner}--{CRLF}")


def _filename_header(client: str, name: str) -> str:
    if client in ("webmail126", "iphone"):
        from urllib.parse import quote

        return f"attachment; filename*=UTF-8''{quote(name)}"
    encoded = Header(name, "gbk" if client == "foxmail" else "gb18030").encode()
    return f"attachment; filename=\"{encoded}\""


def _mail(rng: random.Random, seed: int, shapes: dict[str, str], subject: str, county: str,
          sender: str, address: str, document: Document, town: str
          ) -> tuple[bytes, tuple[str, str, bytes] | None]:
    client, container = shapes["client"], shapes["container"]
    charset = _CHARSETS[client]
    boundary = f"----=_Part_{seed}_{rng.randint(10**6, 10**7)}"
    date = ARRIVAL - timedelta(hours=rng.randint(1, 30))
    headers = [
        f"From: {Header(sender, charset).encode()} <{address}>",
        "To: dxsfgw@126.com",
        f"Subject: {Header(subject, charset).encode()}",
        f"Date: {format_datetime(date)}",
        f"Message-ID: <{seed}.{rng.randint(10**8, 10**9)}@{client}.example.cn>",
        f"X-Mailer: {_MAILERS[client]}",
        "MIME-Version: 1.0",
    ]
    if client == "outlook":
        headers.append("Thread-Index: AdnQ" + base64.b64encode(str(seed).encode()).decode())
    attachment = None
    if container == "body":
        before, after = _covering(rng, town, "动态")
        signoff = _signoff(rng, county, sender) if rng.random() < 0.5 else []
        lines = [*before, *document.lines(), *after, *signoff]
        if subject.startswith(("回复", "Re", "答复")) and rng.random() < 0.5:
            lines += _quoted_history(rng, county)
        parts = [_body_parts(client, lines, charset, boundary)]
    else:
        note = rng.choice(([], [f"附件是{document.title or '信息'}，请查收。"], ["请审阅。"],
                           ["领导好：", "报送信息一条，见附件。", sender]))
        stem = (document.title or "信息")[:20]
        name = f"{stem}.{container}"
        if container == "txt":
            encoding = rng.choice(("gb18030", "utf-8", "utf-8-sig"))
            data = "\r\n".join(document.lines()).encode(encoding)
        else:
            data = build_docx(document)
            if container != "docx":
                attachment = (name, container, data)
                data = b""  # filled in by containers.convert, once per session
        parts = [_body_parts(client, note or [" "], charset, boundary),
                 f"Content-Type: {_MIME[container]}; name=\"{Header(name, charset).encode()}\"{CRLF}"
                 f"Content-Disposition: {_filename_header(client, name)}{CRLF}"
                 f"Content-Transfer-Encoding: base64{CRLF}{CRLF}@@ATTACHMENT@@{CRLF}"]
        if container in ("docx", "txt"):
            parts[1] = parts[1].replace("@@ATTACHMENT@@", _b64(data))
    head = CRLF.join([*headers, f"Content-Type: multipart/mixed; boundary=\"{boundary}\""])
    body = "".join(f"--{boundary}{CRLF}{p}" for p in parts) + f"--{boundary}--{CRLF}"
    return (head + CRLF + CRLF + body).encode("ascii"), attachment


def attach(mail: Mail, data: bytes) -> bytes:
    """The mail with its converted attachment's bytes in place."""
    return mail.raw.replace(b"@@ATTACHMENT@@", _b64(data).encode("ascii"))


# -- .docx, written part by part so footnotes and text boxes are real OOXML ------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _run(text: str) -> str:
    from xml.sax.saxutils import escape

    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _para(text: str, center: bool = False, extra: str = "") -> str:
    align = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    return f"<w:p>{align}{_run(text)}{extra}</w:p>"


def build_docx(document: Document) -> bytes:
    import io
    import zipfile

    body: list[str] = [_para(line, center=True) for line in document.above]
    if document.title:
        body.append(_para(document.title, center=True))
    body += [_para(line, center=True) for line in document.head]
    for index, text in enumerate(document.paragraphs):
        extra = ""
        if index == 0 and document.footnote:
            extra = ('<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                     '<w:footnoteReference w:id="1"/></w:r>')
        if index == 1 and document.textbox:
            extra += ('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
                      'style="width:300pt;height:40pt"><v:textbox><w:txbxContent>'
                      f"{_para(document.textbox)}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
        body.append(_para(text, extra=extra))
        if index == 1 and document.table:
            rows = "".join("<w:tr>" + "".join(f"<w:tc>{_para(c)}</w:tc>" for c in row) + "</w:tr>"
                           for row in document.table)
            body.append(f"<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>{rows}</w:tbl>")
    body += [_para(line) for line in document.tail]
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}">'
           f"<w:body>{''.join(body)}<w:sectPr/></w:body></w:document>")
    footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{_W}">'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                 f'</w:r></w:p></w:footnote><w:footnote w:id="1">{_para(document.footnote)}</w:footnote>'
                 "</w:footnotes>")
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/>'
        + ('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
           'officedocument.wordprocessingml.footnotes+xml"/>' if document.footnote else "")
        + "</Types>")
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + ('<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/footnotes" Target="footnotes.xml"/>' if document.footnote else "")
                + "</Relationships>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("[Content_Types].xml", content_types), ("_rels/.rels", rels),
                           ("word/document.xml", xml), ("word/_rels/document.xml.rels", doc_rels)):
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 9, 0, 0))
            archive.writestr(info, text)
        if document.footnote:
            archive.writestr(zipfile.ZipInfo("word/footnotes.xml", date_time=(2026, 11, 20, 9, 0, 0)),
                             footnotes)
    return buffer.getvalue()
