"""What a person's name and a unit's name look like on an article's unit/author line.

A unit/author line must name a unit in a recognisable form and people whose names look
like names: a roster name, or 2-4 hanzi that begin with a common surname and are not a
common word. Without these tests a title ending in a unit-like character
(…工作部署会, …公文处理规范化) was read as a unit 工作部 with an author 署会.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The common single surnames (about 99 % of people), and compound ones.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关"
    "兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻"
    "祁蒲房滕屈饶解牟艾尤阳时穆农司古吉卓车简连芦麦褚娄门景米权郎巩鞠麻晏虎海马党达窦雍"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐")
# Words that begin with a surname character and often follow a unit's name on a line that
# is not a unit/author line (a title, a sentence): never taken for a person.
_COMMON_WORDS = frozenset((
    "全体", "全面", "全力", "全年", "全县", "全区", "全市", "高度", "高效", "高质量", "安全", "安排",
    "安置", "程序", "方面", "方案", "方式", "常态", "常务", "常规", "林业", "周边", "金融", "金额",
    "张贴", "黄河", "田间", "牛羊", "石油", "石化", "白色", "谢谢", "成效", "成立", "成本", "时间",
    "水利", "余额", "项目", "田园", "史上", "康养", "许多", "曾经", "董事", "叶片", "程度", "任务",
    "陆续", "范围", "夏季", "付款", "白天", "江苏", "龙头", "黎明", "严格", "向前", "温度", "康复",
    "施工", "文化", "齐全", "易地", "章程", "申报", "关于", "兰州", "左右", "甘肃", "包括", "宁夏",
    "尚未", "符合", "纪律", "毕业", "单位", "季度", "苗木", "谷物", "路径", "游客", "管理", "房屋",
    "解决", "尤其", "阳光", "农村", "农业", "农民", "车辆", "连续", "门户", "景区", "党建", "党员",
    "党组", "党委", "党支部", "马铃薯", "权益", "海拔", "达到", "简报", "古镇", "时代", "时期", "时限",
    "司法", "吉祥", "万元", "万亩", "万人", "钱款", "武装", "戴帽", "孔雀", "汤面", "常年", "温室",
    "文件", "文明", "牛肉", "樊篱", "安定", "齐心", "乔木", "伍员", "庞大", "颜色", "倪氏", "庄园",
    "聂氏", "章节", "鲁班", "岳麓", "翟氏", "殷切", "詹氏", "申请", "欧洲", "耿直", "关键", "兰花",
    "焦点", "俞氏", "左侧", "柳树", "甘草", "祝贺", "包装", "宁静", "尚需", "符号", "舒适", "阮氏",
    "柯氏", "纪念", "梅花", "童年", "凌晨", "毕竟", "单独", "季节", "裴氏", "霍乱", "涂料", "成为",
    "成果", "苗头", "谷底", "盛会", "曲线", "翁氏", "冉冉", "骆驼", "蓝图", "路线", "游览", "辛苦",
    "靳氏", "管护", "柴油", "蒙古", "鲍鱼", "华北", "喻义", "祁连", "蒲公英", "房地产", "滕氏", "屈指",
    "饶有", "解读", "牟利", "艾草", "尤为", "阳台", "时候", "穆斯林", "农户", "司机", "古城", "吉林",
    "卓越", "车间", "简化", "连片", "芦苇", "麦田", "褚氏", "娄氏", "门槛", "景观", "米面", "权限",
    "郎氏", "巩固", "鞠躬", "麻烦", "晏氏", "虎年", "海关", "雍氏", "召开", "举办", "开展", "推进",
    "部署", "审核", "审阅", "领导", "同志", "通知", "会议", "工作", "信息", "报送", "动态", "附件",
    "正文", "标题",
))
# The unit a line names ends in one of these, after a place or an organ's name.
_UNIT_SUFFIX = r"(?:局|委员会|委|办公室|办|中心|科|股|站|所|政府|院|镇|乡|街道|公司)"
# e.g. 安定区发展改革局, 通渭县发改局, 市发改委重点项目办, 定西市发展和改革委员会能源科
_UNIT_FORM = re.compile(
    r"^[\u4e00-\u9fff（）()]{1,24}?"
    r"(?:发展和改革|发展改革|发改|经济|统计|财政|人民政府|政府|乡村振兴|农业农村|住建|能源|粮食|物价|价格)?"
    + _UNIT_SUFFIX + r"(?:[\u4e00-\u9fff]{1,12}" + _UNIT_SUFFIX + r")?$"
)
# Words a title uses and a unit's name does not: a line holding one is no unit.
_TITLE_WORDS = re.compile(
    r"召开|举办|举行|开展|推进|实施|完成|加快|加强|启动|部署|印发|出台|签约|开工|建成|落实|"
    r"召集|组织|参加|提升|助力|推动|聚焦|强化|做好|抓好|打造|破解|探索|赴|带动|获批|入选|"
    r"成立|发布|迎接|深入|扎实|全力|持续|稳步|有序|多措并举|创新|关于|的|之|让|把"
)
_DRC = re.compile(r"发展和改革|发展改革|发改")
_BUREAU = re.compile(r"(?:人民政府)?(?:发展和改革|发展改革|发改)(?:局|委员会|委)")
_PLACE_WORD = re.compile(r"[\u4e00-\u9fff]{1,5}(?:市|区|县|镇|乡|街道)")
_ETHNIC_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,6}")
_HANZI_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_SECTION_TAIL = re.compile(r"(?:科|办|中心|股)$")


@dataclass(frozen=True)
class Roster:
    """The configured units and people: names the office knows are names."""

    units: frozenset[str] = field(default_factory=frozenset)
    people: frozenset[str] = field(default_factory=frozenset)


NO_ROSTER = Roster()


def looks_like_name(token: str, roster: Roster = NO_ROSTER) -> bool:
    """A roster name, a 2-4 hanzi name with a common surname, or an ethnic name (X·Y)."""
    if token in roster.people:
        return True
    if _ETHNIC_NAME.fullmatch(token):
        return True
    if not _HANZI_NAME.fullmatch(token) or token in _COMMON_WORDS:
        return False
    if token.startswith(_COMPOUND_SURNAMES):
        return len(token) >= 3
    return token[0] in _SURNAMES and not any(token.startswith(w) for w in _COMMON_WORDS)


def looks_like_unit(token: str, roster: Roster = NO_ROSTER) -> bool:
    """A roster unit, or a unit's name in a recognisable form (XX县发展改革局, XX科, XX办)."""
    if token in roster.units or any(
        token.startswith(u) and _BUREAU.fullmatch(token[len(u) :]) for u in roster.units
    ):
        return True
    if not 3 <= len(token) <= 30 or not _UNIT_FORM.match(token) or _TITLE_WORDS.search(token):
        return False
    # a bureau or commission names its place or is the commission's (发改委/发改局);
    # a section is a 科/办/中心 of at most a dozen characters
    return bool(_DRC.search(token) or _PLACE_WORD.match(token)) or (
        len(token) <= 12 and bool(_SECTION_TAIL.search(token))
    )


def split_unit_name(text: str, roster: Roster = NO_ROSTER) -> tuple[str, str] | None:
    """(unit, name) of text written without a separator (通渭县发改局王五), else None."""
    for end in range(len(text) - 2, 2, -1):
        unit, rest = text[:end], text[end:]
        if looks_like_unit(unit, roster) and looks_like_name(rest, roster):
            return unit, rest
    return None
