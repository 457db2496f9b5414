"""Write examples/demo-inbox/, the sample Maildir that ``govinfo demo`` files.

Twelve mails from the seven county bureaus (fictional people, ``@example.org``
addresses matching config.example.toml), shaped like what NetEase 126/163 webmail,
网易邮箱大师 and Foxmail send: Coremail-style boundaries, RFC 2047 file names, GBK
mail labelled GB2312, an auto-reply, a resend, an unknown sender.

Deterministic: fixed dates, Message-IDs, boundaries and .docx zip timestamps, so running
it again produces byte-identical files (``git status`` stays clean). Run it with the
project's venv (it needs python-docx)::

    .venv/bin/python examples/make_demo_inbox.py

A Maildir name starts with the Unix time of delivery; the demo uses it as the IMAP
INTERNALDATE (the received_at of CONTRACT.md), so it is the time that counts for
timeliness, not the Date header.
"""

from __future__ import annotations

import base64
import io
import shutil
import textwrap
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
INBOX = HERE / "demo-inbox"
CST = timezone(timedelta(hours=8), "CST")
OFFICE = ("定西市发展改革委办公室", "dxsfgw@126.com")
# the office's call for November items, which the auto-reply answers
NOTICE_ID = "<6c1f0e2a.5b3.19a3f4c2d11.Coremail.dxsfgw@126.com>"

COREMAIL_126 = (
    "Coremail Webmail Server Version XT5.0.14 build 20230109(dcb5de15)"
    " Copyright (c) 2002-2026 www.mailtech.cn 126com"
)
COREMAIL_163 = (
    "Coremail Webmail Server Version XT5.0.14 build 20230109(dcb5de15)"
    " Copyright (c) 2002-2026 www.mailtech.cn 163com"
)
MAIL_MASTER = "NetEase Mail Master 7.19.6"
FOXMAIL = "Foxmail 7.2.25.228[cn]"


# -- articles ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    title: str
    unit_line: str
    paragraphs: tuple[str, ...]

    def text(self) -> str:
        return "\n".join((self.title, self.unit_line, *self.paragraphs))


def _paras(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


ANDING_MEETING = Article(
    "安定区召开2026年重点项目推进会",
    "安定区发展改革局 张明 孙丽",
    _paras("""
11月2日，安定区召开2026年重点项目推进会，全面梳理今年以来重点项目建设进展，分析存在问题，安排部署下一阶段工作。区政府主要负责同志出席会议并讲话，区直有关部门和各乡镇主要负责同志参加会议。
会议通报了全区重点项目建设情况。今年以来，安定区共谋划实施重点项目126个，总投资286.5亿元，年度计划投资98.3亿元。截至10月底，已开工项目118个，开工率93.7%，累计完成投资86.2亿元，占年度计划的87.7%。其中，高新区新材料产业园、城区老旧小区改造、马铃薯精深加工等一批项目进展顺利，对稳投资、促增长起到了有力支撑作用。
会议指出，当前距年底不足两个月，各责任单位要坚持问题导向，紧盯年度目标任务，逐个项目排查用地、资金、审批等方面的堵点，建立问题清单、责任清单和销号清单，确保项目按期推进。要抓住冬季停工前的有利时机，加快在建项目施工进度，推动已完工项目尽快竣工验收、投产达效。
会议强调，要提前谋划2027年项目储备，围绕国家政策支持方向，精心包装一批打基础、利长远、增后劲的大项目、好项目，积极争取中央预算内投资和超长期特别国债等资金支持，为明年经济社会发展打下坚实基础。
"""),
)

TONGWEI_WORK_RELIEF = Article(
    "通渭县以工代赈带动群众就近务工增收",
    "通渭县发展改革局 李华 刘堃",
    _paras("""
近年来，通渭县坚持把以工代赈作为促进农村劳动力就近就业、增加群众收入的重要抓手，聚焦农业农村基础设施短板，创新项目实施方式，推动项目建设与群众增收有机结合。2026年，全县共实施中央和省级以工代赈项目9个，下达资金4260万元，吸纳当地群众务工1830人，发放劳务报酬1420万元，人均增收7700余元。
一、坚持精准选项，让项目建在群众家门口。县发展改革局会同农业农村、水务、交通等部门深入乡镇村组调查摸底，优先选择务工需求大、带动能力强的田间道路、小型水利、梯田修复等项目，建立以工代赈项目储备库。项目选址前广泛征求群众意见，确保项目既补齐基础设施短板，又能为群众提供就近务工岗位。
二、坚持规范管理，让劳务报酬足额发到群众手中。严格落实劳务报酬占中央资金比例不低于30%的要求，推行“一项目一台账、一人一卡”管理模式，劳务报酬按月通过银行卡直接发放到务工群众账户。县发展改革局联合人社部门定期开展督导检查，对务工人员名册、考勤记录、工资发放凭证逐一核对，杜绝拖欠和克扣现象。
三、坚持技能提升，让群众“干中学、学中干”。结合项目建设需要，组织施工企业和职业培训机构开展砌筑、钢筋、小型机械操作等实用技能培训，今年累计培训务工群众620人次，其中310人取得职业技能等级证书。部分群众在项目结束后转入县内企业稳定就业，实现了由“临时务工”向“稳定就业”的转变。
四、坚持建管并重，让项目长期发挥效益。项目建成后及时移交村集体管理，明确管护主体和责任，设置公益性管护岗位，优先聘用脱贫群众和监测对象，形成“建设有人干、建成有人管”的长效机制。
下一步，通渭县将继续扩大以工代赈实施范围，推动以工代赈方式在更多农业农村基础设施项目中推广应用，让更多群众在家门口实现就业增收。
"""),
)

LONGXI_HERBS = Article(
    "关于陇西县中药材产业高质量发展的调研与思考",
    "陇西县发展改革局 王芳 周昇",
    _paras("""
陇西县是全国重要的中药材生产基地和集散地，素有“千年药乡”之称。为摸清全县中药材产业发展现状，县发展改革局组成调研组，于10月中旬深入首阳、文峰、菜子等乡镇和部分中药材加工企业、专业合作社开展实地调研，形成如下报告。
一、基本情况
全县中药材种植面积稳定在35万亩左右，主要品种有黄芪、党参、当归、板蓝根等，年产量约10万吨。全县现有中药材加工企业80余户，其中规模以上企业28户；建成中药材专业市场2个，年交易量约100万吨，交易额约200亿元。2025年，全县中药材全产业链产值达到260亿元，中药材产业已成为带动农民增收和县域经济发展的支柱产业。
二、主要做法
（一）抓标准化种植。推行“企业+合作社+基地+农户”模式，建成标准化种植基地12万亩，推广使用良种、测土配方施肥和病虫害绿色防控技术，道地药材品质稳步提升。
（二）抓精深加工。支持龙头企业开展饮片、配方颗粒、提取物和大健康产品研发生产，引导企业技术改造和设备更新，精深加工转化率逐年提高。
（三）抓市场流通。推动传统市场改造升级，发展电子商务和仓储物流，建设中药材质量检验检测中心，“陇西黄芪”“陇西白条党参”等区域公用品牌影响力不断扩大。
三、存在问题
（一）种植环节组织化程度不高。分散种植仍占多数，标准化基地覆盖面不足四成，部分农户重产量轻质量，农药残留和重金属超标风险依然存在。
（二）精深加工能力不足。企业以初加工和饮片生产为主，产品附加值低，拥有自主知识产权的高端产品较少，研发投入占销售收入比重偏低。
（三）要素保障存在短板。仓储设施特别是冷链仓储能力不足，企业融资难、融资贵问题较为突出，专业技术人才引进难、留住难。
（四）价格波动风险较大。中药材价格受供求关系和市场炒作影响大，“价高伤农、价低伤农”现象时有发生，缺乏有效的价格监测预警机制。
四、对策建议
（一）推进规模化标准化种植。整合涉农资金，扩大标准化基地建设规模，推行订单种植和统防统治，建立从种子种苗到产地初加工的全过程质量追溯体系。
（二）培育壮大精深加工企业。用好中央预算内投资和地方政府专项债券，支持龙头企业建设提取物、中成药和保健食品生产线，鼓励企业与高校、科研院所共建研发平台，提高产品科技含量和附加值。
（三）补齐仓储物流短板。规划建设现代中药材仓储物流园区，发展第三方仓储和冷链物流，探索开展仓单质押融资，缓解企业资金压力。
（四）完善价格监测预警。依托专业市场建立中药材价格监测点，定期发布主要品种价格行情和供需信息，引导农户合理安排种植结构，稳定种植收益。
（五）加强人才和品牌建设。落实人才引进优惠政策，加强中药材种植和加工技能培训，持续打响“陇西黄芪”等区域品牌，提升陇西中药材的市场竞争力。
"""),
)

WEIYUAN_HEATING = Article(
    "关于加快推进渭源县农村清洁取暖改造的建议",
    "渭源县发展改革局 赵强",
    _paras("""
推进农村清洁取暖，是改善农村人居环境、减少冬季大气污染的重要举措。近年来，渭源县累计完成农村清洁取暖改造1.2万户，但受地理条件、群众收入和运行成本等因素影响，改造进度仍滞后于全市平均水平。结合调研了解的情况，提出以下建议。
一、坚持因地制宜，分类选择改造方式。县城周边和集镇所在地管网条件较好的村，优先推广“煤改气”和集中供暖延伸；山区分散农户推广“煤改电”和清洁型炉具；光照资源较好的区域试点推广“光伏+电采暖”，避免“一刀切”。
二、完善补贴政策，降低群众用能成本。建议在落实现有设备购置补贴的基础上，研究出台冬季取暖运行补贴，对脱贫户和监测对象适当提高补贴标准，并积极争取峰谷分时电价政策，防止群众“用得起设备、用不起能源”。
三、加强电网和气源保障。农村电网改造要与清洁取暖改造同步规划、同步实施，重点解决部分村社变压器容量不足、末端电压偏低的问题；燃气企业要提前签订供气合同，做好冬季高峰期气源储备。
四、强化建后管护和宣传引导。建立县、乡、村三级运维服务网络，明确设备维修责任单位和响应时限；通过村民会议、宣传单和示范户现身说法等方式，引导群众转变用能习惯，让清洁取暖改得好、用得上、用得起。
"""),
)

LINTAO_SIGNING = Article(
    "临洮县举办2026年招商引资项目集中签约活动",
    "临洮县发展改革局 陈静 马丽",
    _paras("""
11月6日，临洮县举办2026年第四季度招商引资项目集中签约活动，现场签约项目21个，总投资达到158.6亿元，涵盖新能源、装备制造、农产品精深加工、文化旅游和现代物流等多个领域。县委、县政府主要负责同志，有关部门负责同志及签约企业代表参加签约仪式。
此次签约的项目中，投资10亿元以上的项目有5个，5亿元至10亿元的项目有6个，亿元以上项目占签约总数的八成以上。其中，200兆瓦风光互补发电项目总投资9.8亿元，建成后年发电量可达4.2亿千瓦时；高原夏菜冷链物流园项目总投资6.5亿元，将新建冷库12万立方米，可有效解决高原夏菜季节性集中上市带来的储运难题；洮河文化旅游综合体项目将盘活沿河文化旅游资源，进一步丰富全县旅游业态。
活动现场，县委主要负责同志向签约企业介绍了临洮县的区位交通、资源禀赋、产业基础和营商环境，表示临洮县将为落地企业提供“全程代办、一站服务”，在项目审批、要素保障、用工招聘等方面全力做好服务，推动签约项目早落地、早开工、早投产、早见效。企业代表纷纷表示，临洮县区位优势明显，产业基础扎实，政务服务高效，对在临洮投资发展充满信心。
据了解，今年以来，临洮县坚持把招商引资作为推动县域经济高质量发展的“一号工程”，组建6个产业链招商专班，先后赴长三角、珠三角和成渝地区开展精准招商，累计签约项目68个，签约总额达420.3亿元，到位资金128.7亿元，同比增长16.2%。下一步，临洮县将建立签约项目跟踪服务机制，实行“一个项目、一名县级领导、一个专班、一抓到底”的工作模式，定期调度项目进展，及时协调解决项目推进中的困难和问题，确保签约项目履约率、开工率和资金到位率稳步提升。
"""),
)

ZHANGXIAN_SITE_VISIT = Article(
    "漳县召开以工代赈项目现场观摩推进会",
    "漳县发展改革局 刘洋",
    _paras("""
11月9日，漳县在盐井镇召开以工代赈项目现场观摩推进会，各乡镇和县直有关部门负责同志先后观摩了盐井镇田间道路、新寺镇梯田修复等3个以工代赈项目建设现场，听取了项目建设、群众务工和劳务报酬发放情况介绍。
今年，漳县共实施以工代赈项目6个，总投资2850万元，预计发放劳务报酬930万元，带动当地群众务工1100余人。截至目前，6个项目已全部开工，其中4个项目主体工程基本完工，累计发放劳务报酬760万元。
会议要求，各项目实施单位要抢抓冬季停工前的有利时机，倒排工期、挂图作战，确保年底前全部完工；要严格落实劳务报酬发放有关规定，做到按月足额发放，坚决防止拖欠群众工资；要同步做好项目建成后的资产移交和管护工作，设置公益性管护岗位，让以工代赈项目持续发挥效益。
会议强调，要把以工代赈作为巩固拓展脱贫攻坚成果、促进群众就近就业增收的重要举措，提前谋划储备一批2027年以工代赈项目，积极争取上级资金支持，让更多群众在家门口实现务工增收。
"""),
)

MINXIAN_APPROVALS = Article(
    "岷县建立“三个一”机制推动项目审批提速增效",
    "岷县发展改革局 杨帆 包文",
    _paras("""
今年以来，岷县聚焦企业和项目单位反映强烈的审批环节多、时间长、材料繁等问题，建立“一窗受理、一表申报、一链办结”工作机制，推动投资项目审批提速增效。截至10月底，全县共办理投资项目审批、核准、备案事项326件，平均办理时限由原来的22个工作日压缩至9个工作日，群众和企业满意率达到98%以上。
一、一窗受理，让企业“只进一扇门”。在县政务服务中心设立投资项目审批综合服务窗口，发展改革、自然资源、住建、生态环境等部门审批事项统一由综合窗口收件、统一出件，企业不再多头跑、反复跑。对重点项目实行“帮办代办”，由专人全程跟踪服务，变“企业跑”为“干部跑”。
二、一表申报，让材料“只交一次”。全面梳理投资项目从立项到竣工验收各阶段审批事项和申报材料，将原来分散在各部门的申请表格整合为一张综合申报表，共享使用营业执照、项目代码等基础信息，申报材料精简40%以上。依托全国投资项目在线审批监管平台，推行项目审批全程网上办理，实现审批信息实时共享。
三、一链办结，让审批“并联提速”。对审批事项实行并联审批、容缺受理，各部门同步审查、限时办结，将项目审批由“串联”变为“并联”。对符合条件的一般性项目推行“承诺制”审批，企业作出书面承诺后即可先行开展设计、施工准备等工作，项目开工时间平均提前2个月以上。
同时，岷县建立审批服务“好差评”制度，定期通报各部门审批办理时限和群众评价情况，对超时办理、推诿扯皮等问题严肃追责问责，倒逼审批服务质量持续提升。
下一步，岷县将进一步深化投资审批制度改革，扩大“承诺制”审批适用范围，探索推行“拿地即开工”审批模式，持续为项目建设创造更加优良的营商环境。
"""),
)

HUICHUAN_SOLAR = Article(
    "会川镇分布式光伏项目并网发电",
    "",
    _paras("""
11月10日，渭源县会川镇分布式光伏发电项目顺利并网发电。该项目利用镇区学校、卫生院、农贸市场等公共建筑屋顶建设光伏组件，总装机容量2.6兆瓦，总投资约1100万元。
项目建成后，预计年均发电量约340万千瓦时，每年可节约标准煤约1000吨，减少二氧化碳排放约2700吨。项目采取“自发自用、余电上网”模式，所发电量优先供给学校和卫生院等公共机构使用，富余电量接入电网，每年可为村集体经济增加收入约20万元。
近年来，会川镇立足光照资源优势，积极推进屋顶分布式光伏开发利用，已建成光伏项目5个，累计装机容量达到8.3兆瓦，为推动能源结构调整和乡村振兴注入了新动能。下一步，会川镇将继续挖掘屋顶资源，稳妥推进农户屋顶光伏建设，让清洁能源更好惠及群众。
"""),
)

WEIYUAN_WINTER_SUPPLY = Article(
    "渭源县全力做好今冬明春供暖保障工作",
    "渭源县发展改革局 赵强",
    _paras("""
11月16日，渭源县召开今冬明春能源保供和供暖保障工作会议，对全县供暖季煤、电、气供应和城区集中供暖工作进行安排部署。
今年供暖季，渭源县城区集中供暖面积达到286万平方米，较上年新增18万平方米。为确保群众温暖过冬，县发展改革局会同住建、市场监管等部门提前谋划，督促供热企业完成管网检修改造12.6公里，储备燃煤5.2万吨，可满足供暖季前三个月用煤需求；协调燃气企业落实供气合同气量，配套建设应急储气设施，储气能力达到3天日均用气量。
会议要求，各相关部门要压实保供责任，建立煤、电、气供应日调度机制，密切监测能源供需和价格变化，及时协调解决保供中出现的问题；要加强民生用能保障，优先保障居民、学校、医院、养老机构等重点用户的取暖需求，做好困难群众取暖救助工作；要畅通供暖服务热线，对群众反映的室温不达标等问题即接即办，切实把民生实事办好。
会议强调，要加强供热、燃气设施安全隐患排查整治，严防安全事故发生，确保全县供暖工作平稳有序。
"""),
)

TONGWEI_IRRIGATION = Article(
    "通渭县全面启动冬春农田水利基本建设",
    "通渭县发展改革局 李华",
    _paras("""
11月17日，通渭县召开冬春农田水利基本建设动员大会，全面启动今冬明春农田水利基本建设工作。会议总结了去冬今春农田水利建设成效，安排部署了今冬明春重点任务。
去冬今春，通渭县共完成高标准农田建设8.5万亩，新修和改造梯田2.3万亩，建成集雨水窖460眼，新增和改善灌溉面积1.1万亩，为今年粮食生产稳产增产奠定了坚实基础。
今冬明春，通渭县计划完成高标准农田建设10万亩，配套实施田间道路、小型水利和梯田修复工程，新建集雨水窖500眼，计划完成投资3.8亿元。同时，将以工代赈方式引入农田水利建设，吸纳当地群众务工2000人以上，让群众在家门口务工增收。
会议要求，各乡镇和有关部门要科学制定实施方案，细化任务分工，加强资金整合和项目管理，严格工程质量标准，确保建一处、成一处、发挥效益一处；要抢抓有利时机，组织群众积极投工投劳，掀起冬春农田水利基本建设热潮。
"""),
)


# -- .docx -------------------------------------------------------------------------------

DOCX_EPOCH = (2026, 11, 1, 8, 0, 0)


def _font(run: object, east_asian: str, size: float, bold: bool = False) -> None:
    # Word picks CJK glyphs from w:eastAsia; the office's machines have these fonts
    run.font.size = Pt(size)  # type: ignore[attr-defined]
    run.font.bold = bold  # type: ignore[attr-defined]
    run.font.name = "Times New Roman"  # type: ignore[attr-defined]
    r_pr = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    r_pr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asian)


def build_docx(article: Article, author: str, when: datetime) -> bytes:
    """A .docx as a county bureau writes it: title, unit/author line, body in 仿宋."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(article.title), "方正小标宋简体", 22)
    if article.unit_line:
        unit = document.add_paragraph()
        unit.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(unit.add_run(article.unit_line), "楷体_GB2312", 16)
    for text in article.paragraphs:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)
        paragraph.paragraph_format.line_spacing = Pt(28.95)
        heading = text.startswith(("一、", "二、", "三、", "四、", "五、"))
        _font(paragraph.add_run(text), "黑体" if heading else "仿宋_GB2312", 16)

    props = document.core_properties
    props.author = author
    props.last_modified_by = author
    props.title = article.title
    props.created = when.astimezone(UTC).replace(tzinfo=None)
    props.modified = when.astimezone(UTC).replace(tzinfo=None)
    props.revision = 3

    raw = io.BytesIO()
    document.save(raw)
    return _normalise_zip(raw.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the zip with fixed member times: python-docx stamps the current time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=DOCX_EPOCH)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


# -- MIME, by hand so every byte is fixed ----------------------------------------------


def encoded_words(text: str, label: str, codec: str) -> str:
    """RFC 2047 B-words of at most 75 characters, never splitting a character."""
    words: list[str] = []
    chunk = b""
    for char in text:
        data = char.encode(codec)
        if len(chunk) + len(data) > 45:  # 45 bytes -> 60 base64 chars, within 75 with label
            words.append(chunk.decode(codec))
            chunk = b""
        chunk += data
    if chunk:
        words.append(chunk.decode(codec))
    return "\n ".join(
        f"=?{label}?B?{base64.b64encode(word.encode(codec)).decode('ascii')}?=" for word in words
    )


def address(name: str, addr: str, label: str = "UTF-8", codec: str = "utf-8") -> str:
    return f"{encoded_words(name, label, codec)} <{addr}>"


def b64_lines(data: bytes) -> str:
    return "\n".join(textwrap.wrap(base64.b64encode(data).decode("ascii"), 76))


def html_of(text: str) -> str:
    lines = "".join(
        f"<div>{line}</div>" if line.strip() else "<div><br></div>" for line in text.split("\n")
    )
    return (
        '<div style="line-height:1.7;color:#000000;font-size:14px;font-family:Arial">'
        f"{lines}</div>"
    )


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    content_type: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Mail:
    delivered: datetime  # INTERNALDATE: the Unix time in the Maildir name
    sent: datetime  # Date header, a little earlier
    sender_name: str
    sender: str
    subject: str
    message_id: str
    body: str
    boundary: str
    mailer: str
    label: str = "UTF-8"  # charset label written in the headers
    codec: str = "utf-8"  # how the bytes are really encoded
    body_label: str | None = None  # body's charset label, when it differs from `label`
    attachment: Attachment | None = None
    html: bool = True
    extra_headers: tuple[tuple[str, str], ...] = ()
    client_ip: str = "198.51.100.23"  # documentation range (RFC 5737)

    def render(self) -> bytes:
        body_label = self.body_label or self.label
        headers = [
            (
                "Received",
                f"from localhost (unknown [{self.client_ip}])\n"
                f" by mx.example.org (Coremail) with SMTP id {self.message_id[1:13]}\n"
                f" for <{OFFICE[1]}>; {format_datetime(self.delivered)}",
            ),
            ("Date", format_datetime(self.sent)),
            ("From", address(self.sender_name, self.sender, self.label, self.codec)),
            ("To", address(*OFFICE, self.label, self.codec)),
            ("Subject", encoded_words(self.subject, self.label, self.codec)),
            ("Message-ID", self.message_id),
            *self.extra_headers,
            ("X-Priority", "3"),
            ("X-Mailer", self.mailer),
            ("X-Originating-IP", f"[{self.client_ip}]"),
            ("MIME-Version", "1.0"),
        ]
        text_part = (
            f'Content-Type: text/plain; charset="{body_label}"\n'
            "Content-Transfer-Encoding: base64\n\n"
            f"{b64_lines(self.body.encode(self.codec))}\n"
        )
        if self.html:
            alt = f"{self.boundary}_alt"
            html = html_of(self.body).encode(self.codec)
            content = (
                f'Content-Type: multipart/alternative; boundary="{alt}"\n\n'
                f"--{alt}\n{text_part}\n"
                f"--{alt}\n"
                f'Content-Type: text/html; charset="{body_label}"\n'
                "Content-Transfer-Encoding: base64\n\n"
                f"{b64_lines(html)}\n\n"
                f"--{alt}--\n"
            )
        else:
            content = text_part
        if self.attachment is not None:
            # Coremail writes RFC 2047 words inside the quoted name, not RFC 2231
            name = encoded_words(self.attachment.filename, self.label, self.codec)
            content = (
                f'Content-Type: multipart/mixed; boundary="{self.boundary}"\n\n'
                "This is a multi-part message in MIME format.\n\n"
                f"--{self.boundary}\n{content}\n"
                f"--{self.boundary}\n"
                f'Content-Type: {self.attachment.content_type}; name="{name}"\n'
                "Content-Transfer-Encoding: base64\n"
                f'Content-Disposition: attachment; filename="{name}"\n\n'
                f"{b64_lines(self.attachment.data)}\n\n"
                f"--{self.boundary}--\n"
            )
        head = "".join(f"{key}: {value}\n" for key, value in headers)
        return (head + content).encode("ascii")


def at(day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, tzinfo=CST)


def cover_note(title: str, sender: str, unit: str) -> str:
    return (
        "办公室：\n"
        f"    现将《{title}》报送你们，请审阅。\n"
        "\n"
        f"{unit} {sender}\n"
    )


def mails() -> list[Mail]:
    anding_docx = build_docx(ANDING_MEETING, "张明", at(2, 8, 40))
    result = [
        Mail(
            delivered=at(2, 9, 12, 31),
            sent=at(2, 9, 12, 27),
            sender_name="张明",
            sender="anding.xxy1@example.org",
            subject="【动态】安定区召开2026年重点项目推进会",
            message_id="<3a6e1c2b.1d8f.19a41b2e001.Coremail.anding.xxy1@example.org>",
            body=cover_note(ANDING_MEETING.title, "张明", "安定区发展改革局"),
            boundary="----=_Part_188204_1170563071.1762045947001",
            mailer=COREMAIL_126,
            attachment=Attachment("安定区召开2026年重点项目推进会.docx", anding_docx),
        ),
        Mail(
            delivered=at(2, 17, 50, 8),
            sent=at(2, 17, 50, 2),
            sender_name="张明",
            sender="anding.xxy1@example.org",
            subject="【动态】安定区召开2026年重点项目推进会（重发）",
            message_id="<5f20a9d4.2c41.19a4369b7c2.Coremail.anding.xxy1@example.org>",
            body=(
                "办公室：\n"
                "    上午报送的稿件附件可能未成功上传，现重新发送，请审阅。\n"
                "\n"
                "安定区发展改革局 张明\n"
            ),
            boundary="----=_Part_210977_1409718221.1762077002114",
            mailer=COREMAIL_126,
            attachment=Attachment("安定区召开2026年重点项目推进会.docx", anding_docx),
        ),
        Mail(
            delivered=at(3, 10, 5, 44),
            sent=at(3, 10, 5, 39),
            sender_name="李华",
            sender="tongwei.xxy1@example.org",
            # 堃 is GBK, not GB2312: the label lies, as 163/126 clients' labels often do
            subject="【经验做法】通渭县以工代赈带动群众就近务工增收（李华 刘堃）",
            message_id="<7b0d33f1.4a2e.19a46f8e3a5.Coremail.tongwei.xxy1@example.org>",
            body=(
                "办公室：\n"
                f"    现将《{TONGWEI_WORK_RELIEF.title}》报送你们，请审阅。\n"
                "    撰稿：李华 刘堃\n"
                "\n"
                "通渭县发展改革局\n"
            ),
            boundary="----=_Part_95521_2083362817.1762135539862",
            mailer=COREMAIL_163,
            label="GB2312",
            codec="gbk",
            body_label="GBK",
            attachment=Attachment(
                "通渭县以工代赈带动群众就近务工增收.docx",
                build_docx(TONGWEI_WORK_RELIEF, "李华", at(3, 9, 20)),
            ),
            client_ip="198.51.100.41",
        ),
        Mail(
            delivered=at(4, 15, 40, 19),
            sent=at(4, 15, 40, 12),
            sender_name="王芳",
            sender="longxi.xxy1@example.org",
            subject="【调研】关于陇西县中药材产业高质量发展的调研与思考（王芳 周昇）",
            message_id="<1e9c4b57.61f0.19a4c4d7e18.Coremail.longxi.xxy1@example.org>",
            body=(
                "办公室：\n"
                f"    现将调研报告《{LONGXI_HERBS.title}》报送你们，请审阅。\n"
                "    执笔：王芳 周昇\n"
                "\n"
                "陇西县发展改革局\n"
                "2026年11月4日\n"
            ),
            boundary="----=_Part_301456_587305511.1762242012377",
            mailer=COREMAIL_163,
            label="GB2312",
            codec="gbk",  # body labelled gb2312 too, with 昇 inside: decode as gb18030
            attachment=Attachment(
                "陇西县中药材产业调研报告.docx",
                build_docx(LONGXI_HERBS, "王芳", at(4, 11, 0)),
            ),
            client_ip="198.51.100.57",
        ),
        Mail(
            delivered=at(5, 11, 20, 3),
            sent=at(5, 11, 19, 55),
            sender_name="赵强",
            sender="weiyuan.xxy1@example.org",
            subject="【意见建议】关于加快推进渭源县农村清洁取暖改造的建议",
            message_id="<2026110511195500.MailMaster.weiyuan.xxy1@example.org>",
            body=(
                "办公室：\n"
                f"    《{WEIYUAN_HEATING.title}》见附件，请审阅。\n"
                "\n"
                "渭源县发展改革局 赵强\n"
                "\n"
                "发自网易邮箱大师\n"
            ),
            boundary="----=_Part_MailMaster_17623129955",
            mailer=MAIL_MASTER,
            attachment=Attachment(
                "关于加快推进渭源县农村清洁取暖改造的建议.docx",
                build_docx(WEIYUAN_HEATING, "赵强", at(5, 10, 30)),
            ),
            client_ip="198.51.100.66",
        ),
        Mail(
            delivered=at(6, 16, 30, 52),
            sent=at(6, 16, 30, 47),
            sender_name="陈静",
            sender="lintao.xxy1@example.org",
            subject="【动态】临洮县举办2026年招商引资项目集中签约活动",
            message_id="<4d81f2aa.7c13.19a56a4f5b9.Coremail.lintao.xxy1@example.org>",
            body=cover_note(LINTAO_SIGNING.title, "陈静", "临洮县发展改革局"),
            boundary="----=_Part_412870_1991602847.1762417847205",
            mailer=COREMAIL_126,
            attachment=Attachment(
                "临洮县举办2026年招商引资项目集中签约活动.docx",
                build_docx(LINTAO_SIGNING, "陈静", at(6, 15, 50)),
            ),
            client_ip="198.51.100.72",
        ),
        Mail(
            delivered=at(10, 14, 10, 26),
            sent=at(10, 14, 10, 20),
            sender_name="杨帆",
            sender="minxian.xxy1@example.org",
            subject="【经验做法】岷县建立“三个一”机制推动项目审批提速增效",
            message_id="<202611101410202263187@example.org>",
            body=(
                "市发改委办公室：\n"
                "    您好！附件是我局报送的经验做法类信息一篇，请审阅。\n"
                "\n"
                "岷县发展改革局 杨帆\n"
                "2026-11-10\n"
            ),
            boundary="----=_001_NextPart824611520158_=----",
            mailer=FOXMAIL,
            html=True,
            attachment=Attachment(
                "岷县“三个一”机制推动项目审批提速增效.docx",
                build_docx(MINXIAN_APPROVALS, "杨帆", at(10, 9, 30)),
            ),
            client_ip="198.51.100.88",
        ),
        Mail(
            delivered=at(11, 8, 55, 37),
            sent=at(11, 8, 55, 30),
            sender_name="小王",
            sender="someone@example.net",
            subject="【动态】会川镇分布式光伏项目并网发电",
            message_id="<tencent_5C1F0B3E9A7D4E2B8F6A1C0D@example.net>",
            body=(
                f"{HUICHUAN_SOLAR.title}\n"
                + "\n".join(HUICHUAN_SOLAR.paragraphs)
                + "\n\n会川镇的一条动态信息，麻烦领导审核一下，谢谢！\n"
            ),
            boundary="----=_NextPart_6551A2E7_0C9B8D10_3F2A6C41",
            mailer="QQMail 2.x",
            client_ip="203.0.113.15",
        ),
        Mail(
            delivered=at(12, 10, 30, 5),
            sent=at(12, 10, 30, 4),
            sender_name="李华",
            sender="tongwei.xxy1@example.org",
            subject="自动回复：关于报送2026年11月份政务信息的通知",
            message_id="<autoreply.19a6b4c7d21.tongwei.xxy1@example.org>",
            body=(
                "您好，我因公出差，11月16日返回，期间邮件可能无法及时回复。"
                "政务信息报送事宜请联系通渭县发展改革局办公室。\n"
                "\n"
                "（此邮件为系统自动回复）\n"
            ),
            boundary="----=_Part_AutoReply_1762914604",
            mailer=COREMAIL_126,
            html=False,
            extra_headers=(
                ("In-Reply-To", NOTICE_ID),
                ("References", NOTICE_ID),
                ("Auto-Submitted", "auto-replied"),
                ("X-Autoreply", "yes"),
            ),
            client_ip="198.51.100.41",
        ),
        Mail(
            delivered=at(13, 9, 45, 18),
            sent=at(13, 9, 45, 11),
            sender_name="刘洋",
            sender="zhangxian.xxy1@example.org",
            subject="【动态】漳县召开以工代赈项目现场观摩推进会",
            message_id="<2026111309451100.MailMaster.zhangxian.xxy1@example.org>",
            # the article only in the body, and sent four days after the event: late
            body=(
                ZHANGXIAN_SITE_VISIT.text()
                + "\n\n发自网易邮箱大师\n"
            ),
            boundary="----=_Part_MailMaster_17629971111",
            mailer=MAIL_MASTER,
            client_ip="198.51.100.95",
        ),
        Mail(
            delivered=at(16, 10, 15, 40),
            sent=at(16, 10, 15, 33),
            sender_name="赵强",
            sender="weiyuan.xxy1@example.org",
            # no category tag: the category is inferred from the text
            subject="渭源县全力做好今冬明春供暖保障工作",
            message_id="<2026111610153300.MailMaster.weiyuan.xxy1@example.org>",
            body=(
                "办公室：\n"
                "    报送信息一篇，请审阅。\n"
                "\n"
                "渭源县发展改革局 赵强\n"
                "\n"
                "发自网易邮箱大师\n"
            ),
            boundary="----=_Part_MailMaster_17632593333",
            mailer=MAIL_MASTER,
            attachment=Attachment(
                "渭源县全力做好今冬明春供暖保障工作.docx",
                build_docx(WEIYUAN_WINTER_SUPPLY, "赵强", at(16, 9, 50)),
            ),
            client_ip="198.51.100.66",
        ),
        Mail(
            delivered=at(17, 17, 2, 9),
            sent=at(17, 17, 2, 1),
            sender_name="李华",
            sender="tongwei.xxy1@example.org",
            subject="【动态】通渭县全面启动冬春农田水利基本建设",
            message_id="<6a3b7e90.3f27.19a8c1d5e44.Coremail.tongwei.xxy1@example.org>",
            body=cover_note(TONGWEI_IRRIGATION.title, "李华", "通渭县发展改革局"),
            boundary="----=_Part_377219_604715329.1763370121508",
            mailer=COREMAIL_126,
            attachment=Attachment(
                "通渭县全面启动冬春农田水利基本建设.docx",
                build_docx(TONGWEI_IRRIGATION, "李华", at(17, 16, 30)),
            ),
            client_ip="198.51.100.41",
        ),
    ]
    return sorted(result, key=lambda mail: mail.delivered)


def maildir_name(mail: Mail, seq: int) -> str:
    # Unix time first: readers sort by name and take it as the arrival time
    return f"{int(mail.delivered.timestamp())}.M{seq}P1.demo:2,"


def write(inbox: Path = INBOX) -> list[Path]:
    if inbox.exists():
        shutil.rmtree(inbox)
    for sub in ("cur", "new", "tmp"):
        (inbox / sub).mkdir(parents=True)
    for sub in ("new", "tmp"):
        (inbox / sub / ".gitkeep").write_bytes(b"")
    paths = []
    for seq, mail in enumerate(mails(), start=1):
        path = inbox / "cur" / maildir_name(mail, seq)
        path.write_bytes(mail.render())
        paths.append(path)
    return paths


def main() -> None:
    for path in write():
        print(path.relative_to(HERE))


if __name__ == "__main__":
    main()
