"""The office at work in a test: county mail delivered to Dovecot, the real `govinfo`
command on a real database, and small builders for the mails the chain needs."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

from tests.support.env import dovecot_mailbox, govinfo, write_config
from tests.support.mails import county_mail

CST = timezone(timedelta(hours=8))
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LEADER = "分管领导甲（示例）"  # config.example.toml's commission leaders
PRINCIPAL = "委主要领导（示例）"

# Distinct articles, so that no two are taken for a resend of one another.
TOPICS = [
    "全面推行企业开办一网通办，营业执照、公章刻制、涂税票申领和社保登记一次提交，"
    "平均办理时间由三个工作日压缩到四小时以内，全年新登记市场主体同比增长一成以上。",
    "围绕马铃薯全产业链，新建标准化种薯繁育基地两万亩，引进淀粉深加工企业两家，"
    "带动农户户均增收三千余元，产业链产值首次突破十亿元。",
    "推动光伏扶贫电站收益精准分配，设置公益岗位一千二百个，优先吸纳脱贫户和监测户，"
    "建立村级电站收益台账，做到每一笔资金公开透明、可查可追。",
    "开展重点项目审批服务专项行动，对投资亿元以上项目实行专班跟踪、容缺受理，"
    "项目前期手续平均办理时限缩短百分之四十，签约项目开工率明显提高。",
    "组织社会信用体系建设宣传月活动，走进商场、社区和学校开展诚信教育，"
    "发放宣传资料八千余份，修复失信企业信用记录六十余条。",
    "加快城乡冷链物流设施建设，新建产地冷藏保鲜库三十座，库容增加五万吨，"
    "蔬菜和中药材损耗率由百分之十五降至百分之六左右。",
    "监测重要民生商品价格，每周采集粮油肉蛋菜价格数据，建立价格异常波动预警机制，"
    "春节期间主要副食品价格保持平稳，未发生区域性价格异常。",
    "推进灾后恢复重建项目收尾，完成农房加固三百余户，修复乡村道路四十公里，"
    "受灾群众全部在入冬前搬入安全住房。",
    "开展工程咨询质量专项检查，抽查可行性研究报告五十份，对深度不足的报告提出整改意见，"
    "推动咨询单位建立内部审核和专家复核制度。",
    "实施农村人居环境整治提升行动，完成户厕改造两千户，建成垃圾转运站十二座，"
    "村庄清洁行动覆盖全部行政村，群众满意度持续上升。",
    "编制县域国土空间规划和产业布局规划，划定工业园区边界，统筹安排新能源、"
    "装备制造和农产品加工用地，为招商引资预留发展空间。",
    "开展中药材价格成本调查，走访种植大户和合作社八十户，测算当归、黄芪亩均成本和收益，"
    "为制定产业扶持政策提供数据支撑。",
    "推进新型储能项目建设，两个共享储能电站并网运行，新能源弃电率明显下降，"
    "电网调峰能力进一步增强。",
    "建立政务信息工作月调度机制，每月通报各股室报送情况，组织信息写作培训两期，"
    "信息质量和时效性稳步提高。",
]


def article(n: int, title: str, author_line: str | None) -> str:
    """Title line, optional unit/author line, and a body of its own (topic ``n``)."""
    lines = [title] + ([author_line] if author_line else [])
    body = TOPICS[n % len(TOPICS)]
    return "\n".join([*lines, body + body])


def submission(sender: str, title: str, n: int, when: datetime, author_line: str | None = None,
               extra: str = "") -> tuple[bytes, datetime]:
    """A county or section mail with its article in the body, tagged 经验做法."""
    raw = county_mail(sender, f"【经验做法】{title}", article(n, title, author_line) + extra,
                      message_id=f"<{when:%m%d%H%M}.{n}@example.org>")
    return raw, when


def evidence_mail(sender: str, subject: str, body: str, files: list[tuple[str, str, bytes]],
                  when: datetime) -> tuple[bytes, datetime]:
    """A unit's mail proving an adoption: a short note and screenshots or a scanned PDF."""
    message = MIMEMultipart()
    message.attach(MIMEText(body, "plain", "utf-8"))
    for name, content_type, data in files:
        if content_type.startswith("image/"):
            part: MIMEApplication | MIMEImage = MIMEImage(data, content_type.split("/", 1)[1])
        else:
            part = MIMEApplication(data, content_type.split("/", 1)[1])
        part.add_header("Content-Disposition", "attachment", filename=Header(name, "utf-8").encode())
        message.attach(part)
    message["From"] = formataddr((Header("信息员", "utf-8").encode(), sender))
    message["To"] = "dxsfgw@126.com"
    message["Subject"] = Header(subject, "utf-8")
    message["Date"] = format_datetime(when)
    message["Message-ID"] = f"<evidence.{when:%m%d%H%M%S}@example.org>"
    return message.as_bytes(), when


@dataclass
class Office:
    config: Path
    dovecot: Any
    tmp: Path

    def deliver(self, *mails: tuple[bytes, datetime]) -> None:
        for raw, when in mails:
            self.dovecot.append(raw, when)
        self.ok("poll", "--once")

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return govinfo(self.config, *args)

    def ok(self, *args: str) -> str:
        result = self.run(*args)
        assert result.returncode == 0, f"govinfo {' '.join(args)}: {result.stderr}"
        return result.stdout

    def fails(self, *args: str, code: int = 1) -> str:
        result = self.run(*args)
        assert result.returncode == code, f"govinfo {' '.join(args)} exited {result.returncode}: " \
                                          f"{result.stdout}{result.stderr}"
        return result.stderr

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))

    def item(self, number: str) -> dict[str, Any]:
        return self.json("items", "show", number)

    def file(self, name: str, data: bytes) -> str:
        path = self.tmp / name
        path.write_bytes(data)
        return str(path)


def make_office(tmp_path: Path, dovecot: Any, database_url: str, **overrides: Any) -> Office:
    config = write_config(tmp_path, database_url, dovecot_mailbox(dovecot), **overrides)
    office = Office(config, dovecot, tmp_path)
    office.ok("db", "upgrade")
    return office
