"""Read and validate the TOML config into typed settings.

Every rule the office may want to change lives here with RULES.md's default, so the
code reads numbers and patterns instead of hard-coding them. Errors name the key's
path (``mailboxes[0].port``) and what is wrong, in Chinese for the operator.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

CONFIG_ENV = "GOVINFO_CONFIG"
DEFAULT_CONFIG = "config.toml"
WEB_BIND_ENV = "GOVINFO_WEB_BIND"  # override [web] bind and port: the Docker image sets 0.0.0.0
WEB_PORT_ENV = "GOVINFO_WEB_PORT"

OUTLETS = ("portal", "bulletin", "party_gov_net", "daily", "digest", "provincial", "national")
CATEGORIES = ("research", "experience", "suggestion", "news")


class ConfigError(Exception):
    """A config that cannot be used; ``key`` is the dotted path of the culprit."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(f"{key}: {problem}")
        self.key = key
        self.problem = problem


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Secret(_Strict):
    """Where a password comes from: an environment variable or a file, never the config."""

    password_env: str | None = None
    password_file: Path | None = None

    def password(self) -> str:
        if self.password_file is not None:
            try:
                return self.password_file.read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError("password_file", f"无法读取密码文件：{exc.strerror}") from exc
        if self.password_env:
            value = os.environ.get(self.password_env)
            if value is None:
                raise ConfigError("password_env", f"环境变量 {self.password_env} 未设置")
            return value
        raise ConfigError("password_env", "未配置密码来源（password_env 或 password_file）")


TlsMode = Literal["implicit", "starttls", "none"]


class MailboxSettings(Secret):
    name: str
    host: str
    port: int = Field(993, ge=1, le=65535)
    tls: TlsMode = "implicit"
    ca_file: Path | None = None  # extra trust anchor, e.g. a test server's self-signed cert
    username: str
    folder: str = "INBOX"
    since: date | None = None
    poll_interval: float = Field(300.0, gt=0)
    idle: bool = True  # used only when the server offers IDLE
    idle_timeout: float = Field(600.0, gt=0)  # re-issue IDLE before servers drop it (RFC: 29 min)
    batch_size: int = Field(100, ge=1, le=500)  # one LibreOffice start per batch (docs/benchmarks.md)
    timeout: float = Field(60.0, gt=0)
    message_time_limit: float = Field(120.0, gt=0)
    max_attempts: int = Field(5, ge=1)
    retry_base_seconds: float = Field(60.0, gt=0)
    lock_seconds: float = Field(300.0, gt=0)


class SmtpSettings(Secret):
    host: str = "smtp.126.com"
    port: int = Field(465, ge=1, le=65535)
    tls: TlsMode = "implicit"
    ca_file: Path | None = None
    username: str | None = None
    from_: str = Field("定西市发展改革委办公室 <dxsfgw@126.com>", alias="from")
    timeout: float = Field(60.0, gt=0)


class DatabaseSettings(_Strict):
    url: str = "sqlite:///var/govinfo.sqlite3"


class StorageSettings(_Strict):
    dir: Path = Path("var/store")


PersonRole = Literal["info_officer", "head", "supervising_leader"]


class Person(_Strict):
    name: str = Field(min_length=1)
    role: PersonRole
    email: str | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().lower()
        if "@" not in value or value.startswith("@") or value.endswith("@"):
            raise ValueError("不是有效的电子邮件地址")
        return value


class Leader(_Strict):
    name: str = Field(min_length=1)
    role: Literal["principal_leader", "supervising_leader"]
    email: str | None = None

    _email = field_validator("email")(Person._email.__func__)  # type: ignore[attr-defined]


class UnitSettings(_Strict):
    name: str = Field(min_length=1)
    kind: Literal["county", "section"]
    class_: Literal[1, 2, 3, 4] | None = Field(None, alias="class")
    people: tuple[Person, ...] = ()

    @model_validator(mode="after")
    def _class_matches_kind(self) -> UnitSettings:
        if self.kind == "section" and self.class_ is None:
            raise ValueError("科室必须填写 class（1、2、3 或 4）")
        if self.kind == "county" and self.class_ is not None:
            raise ValueError("县（区）发展改革局不设 class")
        return self

    def people_with(self, role: str) -> list[Person]:
        return [p for p in self.people if p.role == role]


class PointsSettings(_Strict):
    """RULES.md's points table; submission is an interpretation (default 1)."""

    submission: int = 1
    portal: int = 3
    bulletin: int = 5
    party_gov_net: int = 6
    daily: int = 6
    digest: int = 8
    provincial: int = 8
    national: int = 10
    returned: int = -10
    false_info: int = -20
    late_major: int = -20

    def adoption(self, outlet: str) -> int:
        return int(getattr(self, outlet))


class QuotaSettings(_Strict):
    county_monthly_submissions: int = 4
    county_quarterly_adoptions: int = 12
    county_annual_submissions: int = 48
    county_annual_adoptions: int = 48
    # adoptions that count for a county's adoption quotas
    county_adoption_outlets: tuple[str, ...] = ("portal", "bulletin")
    section_annual: dict[str, int | None] = Field(
        default_factory=lambda: {"1": 36, "2": 24, "3": 12, "4": None}
    )

    def section_quota(self, class_: int | None) -> int | None:
        return self.section_annual.get(str(class_)) if class_ is not None else None


class ScoringSettings(_Strict):
    """When a period's figures are final (RULES.md: the monthly statistics are complete
    by the 3rd of the next month): from the day after this day of the month after it."""

    figures_final_after_day: int = Field(3, ge=0, le=27)


class BulletinSettings(_Strict):
    """《定西发展改革》: its masthead and its 版记 (报 up, 送 across, 发 down, copies)."""

    masthead: str = Field("定西发展改革", min_length=1)
    editor: str = Field("定西市发展和改革委员会办公室", min_length=1)  # 编印单位
    report_to: str = "市委办公室、市政府办公室，省发展改革委办公室。"
    send_to: str = "委领导。"
    issue_to: str = "各县区发展改革局，委机关各科室（局、办、中心）。"
    copies: int = Field(40, ge=1)


class DocumentSettings(_Strict):
    """The notices' GB/T 9704 elements: 发文机关标志, 发文字号, 主送, 署名, 抄送, 印发."""

    masthead: str = Field("定西市发展和改革委员会办公室文件", min_length=1)  # 发文机关标志
    issuer: str = Field("定西市发展和改革委员会办公室", min_length=1)  # 署名 and 印发机关
    number_prefix: str = Field("定发改办", min_length=1)  # 定发改办〔2026〕12号
    addressee: str = Field("各县区发展改革局，委机关各科室（局、办、中心）", min_length=1)
    copy_to: str = "委领导。"  # 抄送; empty leaves the line out
    bulletin: BulletinSettings = BulletinSettings()


class AwardSettings(_Strict):
    sections: int = 3
    section_people: int = 6
    counties: int = 3
    county_people: int = 5


class LengthLimit(_Strict):
    min: int | None = None
    max: int | None = None


class LimitSettings(_Strict):
    research: LengthLimit = LengthLimit(max=2000)
    experience: LengthLimit = LengthLimit(max=1500)
    suggestion: LengthLimit = LengthLimit(max=1000)
    news: LengthLimit = LengthLimit(min=300, max=500)

    def for_category(self, category: str) -> LengthLimit:
        return getattr(self, category)


# Markings, not words: 秘密 in prose ("保守国家秘密") and 涉密 in prose ("涉密载体管理")
# are ordinary text, so 涉密 counts only as a bracketed label or a line of its own.
DEFAULT_CLASSIFIED_PATTERNS = (
    r"密\s*级\s*(?:[:：]\s*(?:绝密|机密|秘密|内部)?|(?:绝密|机密|秘密))",
    r"(?:绝密|机密|秘密)\s*[★☆*＊]\s*(?:\d+\s*(?:年|个月)|长期|启用前)?",
    r"内部资料\s*[，,、]?\s*(?:注意保密|严禁外传|请勿外传)",
    r"[【\[［〔（(]\s*涉\s*密\s*(?:文件|材料|信息)?\s*[】\]］〕）)]",
    r"(?m)^\s*涉\s*密\s*(?:文件|材料|信息)?\s*$",
)


class ClassifiedSettings(_Strict):
    """The marking screen (daemon/intake/markings.py): regexes, and the marking-line words.

    A marking line is a short line that combines a secrecy word with a grade, a ★, a
    term or a handling instruction, in any order: `涉密文件 严禁复制`, `★秘密`, `机密 ★ 5年`.
    The words around them that say nothing (文件, 资料…) are fillers; a line left with
    more than ``max_residue`` other characters is prose, not a marking.
    """

    patterns: tuple[str, ...] = DEFAULT_CLASSIFIED_PATTERNS
    secrecy_words: tuple[str, ...] = ("涉密", "绝密", "机密", "秘密", "内部")
    grade_words: tuple[str, ...] = ("密级", "绝密级", "机密级", "秘密级")
    handling_words: tuple[str, ...] = (
        "注意保密", "严禁外传", "不得外传", "请勿外传", "禁止外传", "严禁外泄", "注意保存",
        "妥善保管", "仅供参阅", "仅供内部参阅", "内部参阅", "内部传阅", "严禁复制", "不得复制",
        "禁止复制", "严禁翻印", "不得翻印", "阅后收回", "用后收回", "阅后销毁", "不得转发",
        "严禁转发", "请勿转发", "不得公开", "不予公开", "控制使用", "注意保管", "严禁扩散",
        "不得扩散", "请勿扩散", "不得外借",
    )
    term_pattern: str = r"\d+\s*(?:年|个月)|长期|启用前|解密前"
    filler_words: tuple[str, ...] = (
        "文件", "资料", "材料", "信息", "事项", "文本", "内容", "稿件", "本件", "此件", "本文",
        "标志", "标识", "保密期限", "期限", "级别", "属于", "本", "属", "为", "级", "件",
    )
    max_line_chars: int = Field(30, ge=4)  # longer lines are prose
    max_residue: int = Field(3, ge=0)
    first_lines: int = Field(6, ge=0)  # lines of a document where a bare secrecy word holds


class TimelinessSettings(_Strict):
    news_working_days: int = Field(1, ge=0)
    feedback_working_days: int = Field(5, ge=0)
    calendar_warning_days: int = Field(60, ge=0)


class WorkdaySettings(_Strict):
    """Days the office adds or overrides, e.g. the State Council's 2027 schedule."""

    workdays: tuple[date, ...] = ()  # make-up working days (调休上班)
    holidays: tuple[date, ...] = ()  # statutory holidays on weekdays
    known_years: tuple[int, ...] = ()  # years the lists above fully describe


class RoutingSettings(_Strict):
    # section name -> {term: weight}; empty means the bundled defaults
    terms: dict[str, dict[str, float]] = Field(default_factory=dict)
    fallback: str = "办公室"
    sections_to: str = "经济信息中心"
    # routing that learns from the office's final routes (daemon/intake/route_learning.py)
    learn: bool = True
    learned_min_examples: int = Field(8, ge=1)  # a section with fewer gets no learned score
    learned_weight: float = Field(1.0, ge=0)  # learned posterior against the terms' share


class ForwardingSettings(_Strict):
    party_committee: str = "dxswbxxk@126.com"
    government: str = "dxszfxx@163.com"
    party_gov_net: str = "dxsmhw@163.com"


class ParsingSettings(_Strict):
    max_attachment_bytes: int = Field(25 * 1024 * 1024, gt=0)
    max_archive_members: int = Field(200, gt=0)
    max_uncompressed_bytes: int = Field(100 * 1024 * 1024, gt=0)
    max_compression_ratio: float = Field(100.0, gt=1)
    # one XML part of a .docx (document, header, footnotes…): Word writes well under 1 MB
    # for a long article; a bigger part is refused as too large, not parsed
    max_xml_part_bytes: int = Field(16 * 1024 * 1024, gt=0)
    # what one compressed PDF stream (not an image) may expand to
    max_pdf_stream_bytes: int = Field(64 * 1024 * 1024, gt=0)
    # text kept from one message, all attachments and the body together (characters);
    # beyond it the item is filed with the flag too_long and the text cut
    max_text_chars: int = Field(100_000, gt=0)
    converter_timeout: float = Field(60.0, gt=0)  # one LibreOffice call
    converter_chunk: int = Field(40, ge=1, le=200)  # files per LibreOffice call
    soffice: str = "soffice"
    max_filename_length: int = Field(120, ge=16)
    # extraction workers: separate processes with a memory cap (RLIMIT_AS), killed with
    # their whole process group (LibreOffice included) past the message time limit.
    # 0 extracts inside the daemon's own process, without that protection.
    workers: int = Field(2, ge=0, le=16)
    worker_memory_mb: int = Field(768, ge=128)


class OcrSettings(_Strict):
    """Tesseract on adoption evidence (daemon/parsing/ocr.py): what to run and its caps."""

    enabled: bool = True
    tesseract: str = "tesseract"
    pdftoppm: str = "pdftoppm"
    languages: str = "chi_sim"  # the page, read horizontally
    vertical_languages: str = "chi_sim_vert"  # tall narrow blocks; "" reads none
    vertical_blocks: int = Field(6, ge=0)
    memory_mb: int = Field(1024, ge=200)  # RLIMIT_AS of the OCR process and what it starts
    time_limit: float = Field(120.0, gt=0)  # wall clock per file; the process group is killed
    max_pixels: int = Field(40_000_000, gt=0)  # larger images are refused before decoding
    pdf_pages: int = Field(3, ge=1)
    pdf_dpi: int = Field(200, ge=72, le=600)
    poll_seconds: float = Field(30.0, gt=0)  # how often `govinfo run` looks for unread evidence


class OutletCue(_Strict):
    """How one outlet shows on its page: masthead or site names, and web addresses."""

    outlet: Literal["portal", "bulletin", "party_gov_net", "daily", "digest", "provincial", "national"]
    names: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    printed: bool = False  # a newspaper: a 版次 line (第3版) on the page speaks for it


# Most specific first: a page of 甘肃日报 that mentions 人民日报 is still 甘肃日报's. The web
# addresses are the office's to check and extend; they are matched without "www.".
DEFAULT_OUTLET_CUES = (
    OutletCue(outlet="party_gov_net", names=("定西党政网",), urls=("dingxi.gov.cn/dzw",)),
    OutletCue(outlet="daily", names=("定西日报",), urls=("dxrb.net", "dingxidaily"), printed=True),
    OutletCue(outlet="digest", names=("呈阅件",)),
    OutletCue(outlet="provincial", names=("甘肃日报", "每日甘肃", "中国甘肃网", "甘肃省发展和改革委员会",
                                          "甘肃省发展改革委", "省发展改革委", "省发改委", "甘肃经济日报"),
              urls=("gansudaily.com.cn", "gscn.com.cn", "fzgg.gansu.gov.cn"), printed=True),
    OutletCue(outlet="national", names=("人民日报", "新华社", "新华网", "人民网", "经济日报", "中国改革报",
                                        "国家发展和改革委员会", "国家发展改革委", "国家发改委"),
              urls=("people.com.cn", "xinhuanet.com", "news.cn", "ndrc.gov.cn", "ce.cn", "crd.net.cn"),
              printed=True),
    OutletCue(outlet="bulletin", names=("《定西发展改革》", "定西发展改革》")),
    OutletCue(outlet="portal", names=("定西市发展和改革委员会", "定西市发展改革委"),
              urls=("fgw.dingxi.gov.cn",)),
)


class EvidenceSettings(_Strict):
    """Reading adoption evidence into a proposed adoption (daemon/intake/evidence_reading.py).

    ``source_words`` mark a credit line (来源：定西日报): an outlet named there is where the
    article came from, not where it stands. ``page_patterns`` are 版次 lines. The match
    thresholds were tuned on the tuning half of tests/evidence's generated pages.
    """

    outlets: tuple[OutletCue, ...] = DEFAULT_OUTLET_CUES
    source_words: tuple[str, ...] = ("来源", "转自", "转载", "稿源", "原载", "据")
    page_patterns: tuple[str, ...] = (r"第\s*[0-9０-９一二三四五六七八九十]+\s*版",
                                      r"[A-HＡ-Ｈ]\s*[0-9]{1,2}\s*版",
                                      r"[\u4e00-\u9fff]{2,4}\s*版\s*[（(]?\s*第?\s*\d")
    date_words: tuple[str, ...] = ("发布时间", "发布日期", "日期", "时间", "出版", "刊发")
    head_lines: int = Field(12, ge=1)  # a masthead or an address bar is among the first lines
    propose_score: float = Field(0.5, ge=0, le=1)
    propose_margin: float = Field(0.15, ge=0, le=1)
    title_weight: float = Field(0.5, ge=0, le=1)


class QualitySettings(_Strict):
    """The pre-review checklist of the regulation's 采编质量 section (daemon/intake/quality.py).

    Every cue is data. ``expected`` names, per category, the criteria an item of that kind
    should meet: a 动态 reports facts and figures, it need not analyse or advise. Criteria:
    situation, analysis, suggestion, background, case, data, length, language, elements.
    """

    situation_cues: tuple[str, ...] = (
        "目前", "截至", "截止", "累计", "今年以来", "全年", "上半年", "前三季度", "近日", "日前",
        "共", "已", "完成", "建成", "达到", "召开", "举行", "举办", "开展", "启动", "实现", "同比",
        "环比", "检查", "查看", "调研", "走访", "发现", "表现为")
    analysis_cues: tuple[str, ...] = (
        "原因", "问题", "分析", "主要是", "究其", "表明", "说明", "反映出", "制约", "不足", "短板",
        "瓶颈", "困难", "挑战", "由于", "导致", "因素", "症结", "差距", "偏低", "偏慢", "滞后", "风险")
    suggestion_cues: tuple[str, ...] = (
        "建议", "下一步", "对策", "应当", "应该", "要进一步", "需要", "拟", "打算", "意见", "将继续",
        "将进一步", "着力", "加快推进", "抓紧", "要求")
    background_cues: tuple[str, ...] = (
        "近年来", "长期以来", "多年", "为贯彻", "为落实", "为进一步", "为摸清", "为了解", "为做好",
        "为破解", "为推动", "为加快", "为解决", "根据", "按照", "随着", "作为", "背景", "此前", "历来",
        "针对", "自20")
    # a typical case: a named place or enterprise (a proper name before one of these), or a
    # person (a surname after a marker, or before a title), in a sentence with an event.
    # A name is cut after the last of ``case_name_breaks`` (个乡镇 → 乡镇, 全县农村 → 农村);
    # what is left must not be one of ``case_generic`` names.
    case_place_suffixes: tuple[str, ...] = ("村", "社区", "小区")
    case_enterprise_suffixes: tuple[str, ...] = (
        "有限公司", "公司", "合作社", "集团", "工厂", "厂", "农场", "超市")
    case_name_breaks: str = "个家各全该本我其等和及与的在了对为把将由从向到是有多些县市区省镇乡村"
    case_generic: tuple[str, ...] = ("农村", "乡村", "行政村", "新农村", "城乡社区", "老旧小区", "物业公司",
                                     "专业合作社", "平台公司", "国有公司", "企业公司")
    case_person_markers: tuple[str, ...] = (
        "村民", "农户", "种植户", "养殖户", "大户", "职工", "老人", "负责人", "书记", "经理", "师傅", "药商",
        "商户", "店主", "车主", "家庭")
    case_person_titles: tuple[str, ...] = ("女士", "先生", "师傅", "大姐", "大爷", "老汉", "某某", "某")
    case_surnames: str = (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
        "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
        "武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒"
        "阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆司卓")
    case_event_cues: tuple[str, ...] = (
        "通过", "实现", "建成", "引进", "带动", "增收", "投资", "投入", "年产", "吸纳", "签约", "开工",
        "投产", "种植", "流转", "改造", "发放", "受益", "创办", "说", "表示", "介绍")
    # a figure with its unit: 1.2亿元, 3200座, 94.4%, 12个
    data_units: tuple[str, ...] = (
        "亿元", "万元", "元", "%", "％", "个百分点", "万亩", "亩", "万吨", "吨", "万人", "人次", "人",
        "户", "个", "座", "家", "项", "条", "公里", "千米", "米", "平方米", "千瓦", "万千瓦", "兆瓦",
        "千伏", "倍", "所", "台", "套", "份", "次", "场", "期", "批", "名", "栋", "处", "辆", "头", "只",
        "种", "起", "件", "天", "小时", "个工作日")
    data_min: int = Field(3, ge=1)  # figures with units that make the data 详实
    long_sentence: int = Field(100, ge=20)  # characters between sentence ends
    long_sentences_allowed: int = Field(0, ge=0)
    stock_phrases: tuple[str, ...] = (
        "高度重视", "精心组织", "周密部署", "狠抓落实", "取得了显著成效", "取得显著成效", "取得了明显成效",
        "统一思想", "提高认识", "进一步提高认识", "强化措施", "多措并举", "全力以赴", "扎实推进",
        "认真贯彻落实", "切实加强", "不断提升", "稳步推进", "齐抓共管", "常抓不懈", "有序推进",
        "形成合力", "营造了良好氛围", "营造良好氛围", "取得了阶段性成效", "落地见效", "走深走实")
    stock_phrases_allowed: int = Field(2, ge=0)
    expected: dict[str, tuple[str, ...]] = Field(default_factory=lambda: {
        "news": ("situation", "data", "length", "language"),
        "experience": ("situation", "background", "case", "data", "length", "language"),
        "suggestion": ("situation", "analysis", "suggestion", "length", "language"),
        "research": ("situation", "analysis", "suggestion", "background", "data", "length", "language"),
    })


class BackupSettings(_Strict):
    """`govinfo backup` and the scheduled one (daemon/backup.py): where, how many, with what."""

    dir: Path = Path("var/backups")
    scheduled: bool = True  # the nightly job (schedules.backup); false: only `govinfo backup`
    keep: int = Field(7, ge=1)  # archives the scheduled job leaves; older ones are removed
    pg_dump: str = "pg_dump"
    pg_restore: str = "pg_restore"
    time_limit: float = Field(3600.0, gt=0)  # pg_dump's wall clock
    compression: int = Field(6, ge=0, le=9)  # gzip level: raw mail and .docx barely shrink


class OutboxSettings(_Strict):
    """Delivery of outbound mail: retry backoff, give-up point, and a flood brake."""

    poll_seconds: float = Field(30.0, gt=0)
    retry_base_seconds: float = Field(60.0, gt=0)  # doubled after every failed attempt ...
    retry_max_seconds: float = Field(3600.0, gt=0)  # ... up to this
    max_attempts: int = Field(10, ge=1)  # 4xx and connection failures before `failed`
    batch_size: int = Field(50, ge=1)  # messages per SMTP session
    # mails one address may receive per local day; the rest wait for the next day
    daily_cap_per_recipient: int = Field(100, ge=1)
    # an acknowledgement to an address outside the roster, quoting nothing but the number:
    # off, so that a forged or unknown From cannot make the office mail strangers
    ack_unknown_senders: bool = False


# Auto-reply subjects, matched after any Re:/答复:/回复: prefixes and opening brackets
# (【自动回复】, [Auto Reply]); regular expressions, case-insensitive.
DEFAULT_AUTO_REPLY_SUBJECTS = (
    r"(?:休假|外出|假期|出差)?自动(?:回复|答复|应答)",
    r"自動(?:回覆|回復|答覆)",
    r"auto(?:matic)?[ _-]?(?:reply|response|answer)",
    r"out of (?:the )?office",
    r"automatische antwort",
    r"abwesenheitsnotiz",
    r"r[ée]ponse automatique",
    r"respuesta autom[áa]tica",
)


def _regexes(patterns: tuple[str, ...]) -> tuple[str, ...]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"不是有效的正则表达式：{pattern}（{exc}）") from exc
    return patterns


class NoiseSettings(_Strict):
    """Mail that is never filed: auto-replies, and answers to our own mail."""

    auto_reply_subjects: Annotated[tuple[str, ...], AfterValidator(_regexes)] = (
        DEFAULT_AUTO_REPLY_SUBJECTS
    )
    # a reply to our mail is a submission when it carries a document, or when the
    # sender's own words (above any quoted mail of ours) reach this many 字: more than a
    # note or a vacation reply, less than the shortest 批示反馈 answer
    reply_article_min_chars: int = Field(50, ge=0)


class OfficeSettings(_Strict):
    """The office's own addresses: alerts go here; mail from here is never answered."""

    alert_to: tuple[str, ...] = ()  # empty: the people of the office (办公室) in the roster
    own_addresses: tuple[str, ...] = ()


def _crontab(value: str) -> str:
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(value, timezone="UTC")
    except ValueError as exc:
        raise ValueError(f"不是有效的 crontab 表达式（分 时 日 月 周）：{value}（{exc}）") from exc
    return value


Crontab = Annotated[str, AfterValidator(_crontab)]


class ScheduleSettings(_Strict):
    """When the scheduled jobs run: crontab expressions (分 时 日 月 周) in ``timezone``.

    A job missed while the daemon was down runs once on restart if the restart comes within
    its grace; documents jobs get weeks (the statistics are still wanted late), reminders
    a day or two (a reminder about a month that has ended is noise).
    """

    monthly_statistics: Crontab = "0 8 4 * *"  # previous month, final after the 3rd (RULES.md)
    quarterly_notice: Crontab = "0 8 5 1,4,7,10 *"  # previous quarter
    shortfall_notices: Crontab = "30 8 5 1,4,7,10 *"  # previous quarter, with the notice
    annual_assessment: Crontab = "0 8 10 1 *"  # previous year
    county_reminders: Crontab = "0 9 20 * *"  # counties below their monthly items
    section_reminders: Crontab = "0 9 1 * *"  # sections behind their pro rata, month just ended
    request_reminders: Crontab = "0 9 * * *"  # requests due in one working day; missed ones
    routing_retrain: Crontab = "30 2 * * *"  # the learned routing, from the day's final routes
    backup: Crontab = "0 3 * * *"  # an archive a night into backup.dir, the last backup.keep kept
    documents_grace_days: float = Field(25.0, gt=0)
    reminders_grace_days: float = Field(2.0, gt=0)
    backup_grace_days: float = Field(1.0, gt=0)


class WebSettings(_Strict):
    """The office's console in the browser, served by `govinfo run` (or `govinfo web` alone).

    The cookie-signing key comes from the environment or a file, never the config; with
    neither, the console makes one in the storage folder on first start.
    """

    enabled: bool = True
    bind: str = "127.0.0.1"  # behind a reverse proxy; 0.0.0.0 exposes it to the network
    port: int = Field(8080, ge=1, le=65535)
    secret_key_env: str | None = None
    secret_key_file: Path | None = None
    session_hours: float = Field(12.0, gt=0)
    upload_max_bytes: int = Field(10 * 1024 * 1024, gt=0)
    # cookies only over HTTPS; unset means on unless the console is bound to the loopback
    secure_cookies: bool | None = None
    # failed logins, counted per account and per client address: each failure waits
    # login_delay_seconds × 2^(n-1) (capped at login_delay_max_seconds) before the answer;
    # login_max_failures of them lock that account or address for login_lockout_minutes
    login_max_failures: int = Field(5, ge=1)
    login_lockout_minutes: float = Field(15.0, gt=0)
    login_delay_seconds: float = Field(0.5, ge=0)
    login_delay_max_seconds: float = Field(8.0, ge=0)

    @property
    def cookies_secure(self) -> bool:
        if self.secure_cookies is not None:
            return self.secure_cookies
        return self.bind not in ("127.0.0.1", "localhost", "::1")


class Settings(_Strict):
    timezone: str = "Asia/Shanghai"
    database: DatabaseSettings = DatabaseSettings()
    storage: StorageSettings = StorageSettings()
    mailboxes: tuple[MailboxSettings, ...] = ()
    smtp: SmtpSettings = SmtpSettings()
    office: OfficeSettings = OfficeSettings()
    leaders: tuple[Leader, ...] = ()
    units: tuple[UnitSettings, ...] = ()
    points: PointsSettings = PointsSettings()
    quotas: QuotaSettings = QuotaSettings()
    awards: AwardSettings = AwardSettings()
    scoring: ScoringSettings = ScoringSettings()
    documents: DocumentSettings = DocumentSettings()
    limits: LimitSettings = LimitSettings()
    classified: ClassifiedSettings = ClassifiedSettings()
    timeliness: TimelinessSettings = TimelinessSettings()
    calendar: WorkdaySettings = WorkdaySettings()
    routing: RoutingSettings = RoutingSettings()
    forwarding: ForwardingSettings = ForwardingSettings()
    parsing: ParsingSettings = ParsingSettings()
    outbox: OutboxSettings = OutboxSettings()
    noise: NoiseSettings = NoiseSettings()
    ocr: OcrSettings = OcrSettings()
    evidence: EvidenceSettings = EvidenceSettings()
    quality: QualitySettings = QualitySettings()
    backup: BackupSettings = BackupSettings()
    schedules: ScheduleSettings = ScheduleSettings()
    web: WebSettings = WebSettings()
    base_dir: Annotated[Path, Field(exclude=True)] = Path(".")
    config_file: Annotated[Path | None, Field(exclude=True)] = None  # what a backup keeps of it

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"未知时区 {value}") from exc
        return value

    @model_validator(mode="after")
    def _unique_names(self) -> Settings:
        seen: set[str] = set()
        for unit in self.units:
            if unit.name in seen:
                raise ValueError(f"单位名称重复：{unit.name}")
            seen.add(unit.name)
        names = [m.name for m in self.mailboxes]
        if len(names) != len(set(names)):
            raise ValueError("邮箱 name 重复")
        return self

    # -- lookups used across the daemon -------------------------------------------------

    def unit(self, name: str) -> UnitSettings | None:
        return next((u for u in self.units if u.name == name), None)

    def unit_for_address(self, address: str) -> UnitSettings | None:
        """The unit whose roster lists this sender address (case-insensitive)."""
        address = address.strip().lower()
        for unit in self.units:
            if any(p.email == address for p in unit.people):
                return unit
        return None

    def office_name(self) -> str:
        """How the office signs its mail: the display name of the From address."""
        from email.utils import parseaddr

        return parseaddr(self.smtp.from_)[0] or "定西市发展改革委办公室"

    def alert_recipients(self) -> list[str]:
        """Who hears about held items and missed requests: alert_to, else the office's staff.

        Never the office mailbox itself: mail to our own address is refused as a loop.
        """
        if self.office.alert_to:
            return list(self.office.alert_to)
        office = self.unit(self.routing.fallback)
        return [p.email for p in office.people if p.email] if office else []

    def own_addresses(self) -> set[str]:
        from email.utils import parseaddr

        own = {a.lower() for a in self.office.own_addresses}
        own.update(m.username.lower() for m in self.mailboxes if "@" in m.username)
        sender = parseaddr(self.smtp.from_)[1].lower()
        if sender:
            own.add(sender)
        return own

    def readable_secret_files(self) -> list[tuple[str, Path, int]]:
        """(key, path, mode) of each password or key file that group or others may read."""
        named: list[tuple[str, Path]] = [
            (f"mailboxes[{i}].password_file", m.password_file)
            for i, m in enumerate(self.mailboxes) if m.password_file is not None
        ]
        if self.smtp.password_file is not None:
            named.append(("smtp.password_file", self.smtp.password_file))
        if self.web.secret_key_file is not None:
            named.append(("web.secret_key_file", self.resolve(self.web.secret_key_file)))
        found = []
        for key, path in named:
            try:
                mode = path.stat().st_mode & 0o777
            except OSError:
                continue  # a missing file is reported when it is read
            if mode & 0o044:
                found.append((key, path, mode))
        return found

    def resolve(self, path: Path) -> Path:
        return path if path.is_absolute() else (self.base_dir / path)

    @property
    def storage_dir(self) -> Path:
        return self.resolve(self.storage.dir)

    @property
    def database_url(self) -> str:
        return resolve_sqlite_url(self.database.url, self.base_dir)


def resolve_sqlite_url(url: str, base_dir: Path) -> str:
    """Make a relative SQLite path relative to the config file's folder."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url.startswith(prefix + "/") or url == "sqlite://":
        return url
    rest = url[len(prefix) :]
    if rest.startswith(":memory:") or not rest:
        return url
    return prefix + str((base_dir / rest).resolve())


_CHINESE_ERRORS = {
    "missing": "缺少必填项",
    "extra_forbidden": "未知的配置项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "string_type": "应为字符串",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "literal_error": "取值不在允许范围内",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "greater_than": "数值过小",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "tuple_type": "应为列表",
    "list_type": "应为列表",
    "dict_type": "应为表（table）",
    "model_type": "应为表（table）",
    "string_too_short": "不能为空",
}


def _key_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + ("class" if part == "class_" else part)
    return out or "(根)"


def _explain(error: ValidationError) -> ConfigError:
    first = error.errors()[0]
    loc = tuple(p for p in first["loc"] if p not in ("function-after",))
    problem = _CHINESE_ERRORS.get(first["type"])
    detail = first["msg"].removeprefix("Value error, ")
    if problem is None:
        problem = detail
    elif first["type"] == "literal_error":
        problem = f"{problem}（{detail}）"
    return ConfigError(_key_path(loc), problem)


def parse_settings(data: dict, base_dir: Path) -> Settings:
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise _explain(exc) from exc
    return settings.model_copy(update={"base_dir": base_dir})


def config_path(cli_value: str | None) -> Path:
    return Path(cli_value or os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


def load_settings(path: Path) -> Settings:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(str(path), "配置文件不存在") from exc
    except OSError as exc:
        raise ConfigError(str(path), f"无法读取配置文件：{exc.strerror}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), "配置文件必须是 UTF-8 编码") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), f"TOML 语法错误：{exc}") from exc
    settings = parse_settings(with_environment(data, os.environ), path.resolve().parent)
    return settings.model_copy(update={"config_file": path.resolve()})


def with_environment(data: dict, environ: Mapping[str, str]) -> dict:
    """The config with the console's address taken from the environment where it is set
    (a container binds 0.0.0.0 without editing the mounted config)."""
    web = dict(data.get("web") or {})
    if environ.get(WEB_BIND_ENV):
        web["bind"] = environ[WEB_BIND_ENV]
    if environ.get(WEB_PORT_ENV):
        if not environ[WEB_PORT_ENV].isdigit():
            raise ConfigError(f"环境变量 {WEB_PORT_ENV}", "应为端口号（整数）")
        web["port"] = int(environ[WEB_PORT_ENV])
    return {**data, "web": web} if web else data
