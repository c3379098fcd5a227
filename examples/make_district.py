"""Generate the demo district (明湖区, fictional): 22 units' case registers for the 2023 review.

Deterministic (fixed seed). Writes examples/district/registers/*.xlsx in the
shapes units really send: one workbook per unit with a merged title row, some
with alias headers, a 合计 row or a note under the table, and one workbook
with a sheet per 街道/镇. Defects are planted at the rates real reviews report
(domain.md §4.2), so the demo shows every kind of finding without looking like
a failing district. The reviewers' marks (``file_marks`` decides each file's, ``write_marks``
writes them) give the shape published 通报 report (domain.md §4.2): about a quarter of the files
优秀, under one in a hundred 不合格, one to three problems per file. Run
``python examples/make_district.py`` to regenerate.

Byte-reproducible: workbooks are pinned (reproducible.py), paths written into the files are
relative to the district folder, and the generation time evaltool writes is pinned to the review
date.
"""

import datetime as dt
import random
import re
import shutil
import tempfile
from contextlib import chdir
from dataclasses import dataclass
from pathlib import Path

from make_casefiles import DOCUMENTED, write_casefiles
from openpyxl import Workbook
from reproducible import pin_workbook

from evaltool.fields import FIELDS
from evaltool.score.results import to_json

DISTRICT = Path(__file__).parent / "district"
# Relative to the district folder (the generator works there, so files name no machine path).
OUT = Path("registers")
MARKS = Path("marks") / "评分表.xlsx"
STANDARD = "chongqing"  # the district is in Chongqing: the national standard and its 较大数额
PREVIOUS = DISTRICT / "previous" / "2022年度评查结果.json"  # last year's review, for the trend
YEAR = 2023
REVIEW_DATE = dt.date(2024, 3, 29)
REVIEWERS = ("刘律师", "陈律师")


@dataclass(frozen=True)
class Unit:
    name: str
    code: str  # 机关代字 for case and decision numbers
    group: str
    cases: int
    causes: tuple[tuple[str, str], ...]  # (案由, 处罚依据)


FOOD = "《中华人民共和国食品安全法》第一百二十四条第一款第（一）项"
UNITS = (
    Unit(
        "明湖区市场监督管理局",
        "明市监",
        "区级部门",
        96,
        (
            ("销售超过保质期的食品", FOOD),
            ("未按规定公示食品经营许可证", "《食品经营许可和备案管理办法》第五十三条"),
            ("发布虚假广告", "《中华人民共和国广告法》第五十五条第一款"),
            ("销售不合格电器产品", "《中华人民共和国产品质量法》第四十九条"),
        ),
    ),
    Unit(
        "明湖区生态环境局",
        "明环",
        "区级部门",
        42,
        (
            ("超标排放大气污染物", "《中华人民共和国大气污染防治法》第九十九条第（二）项"),
            ("未批先建", "《中华人民共和国环境影响评价法》第三十一条第一款"),
            (
                "未按规定贮存危险废物",
                "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第（六）项",
            ),
        ),
    ),
    Unit(
        "明湖区交通运输局",
        "明交",
        "区级部门",
        38,
        (
            (
                "未取得道路运输经营许可擅自从事道路运输经营",
                "《中华人民共和国道路运输条例》第六十三条",
            ),
            ("出租汽车驾驶员拒载", "《巡游出租汽车经营服务管理规定》第四十九条"),
        ),
    ),
    Unit(
        "明湖区城市管理局",
        "明城管",
        "区级部门",
        54,
        (
            ("未经批准擅自占道经营", "《城市市容和环境卫生管理条例》第三十六条"),
            ("违规设置户外广告", "《城市市容和环境卫生管理条例》第三十六条"),
            ("建筑垃圾未按规定处置", "《城市建筑垃圾管理规定》第二十六条"),
        ),
    ),
    Unit(
        "明湖区文化和旅游发展委员会",
        "明文旅",
        "区级部门",
        18,
        (
            ("网吧接纳未成年人", "《互联网上网服务营业场所管理条例》第三十一条第（二）项"),
            ("旅行社未与旅游者签订旅游合同", "《中华人民共和国旅游法》第一百条"),
        ),
    ),
    Unit(
        "明湖区应急管理局",
        "明应急",
        "区级部门",
        21,
        (
            (
                "未按规定对从业人员进行安全生产教育和培训",
                "《中华人民共和国安全生产法》第九十七条第（三）项",
            ),
            (
                "未如实记录安全生产教育和培训情况",
                "《中华人民共和国安全生产法》第九十七条第（四）项",
            ),
        ),
    ),
    Unit(
        "明湖区卫生健康委员会",
        "明卫健",
        "区级部门",
        24,
        (
            ("非医师行医", "《中华人民共和国基本医疗卫生与健康促进法》第一百零七条"),
            ("公共场所未取得卫生许可证", "《公共场所卫生管理条例实施细则》第三十五条"),
        ),
    ),
    Unit(
        "明湖区农业农村委员会",
        "明农",
        "区级部门",
        12,
        (
            ("经营假农药", "《农药管理条例》第五十五条"),
            ("销售未经检疫的动物产品", "《中华人民共和国动物防疫法》第一百条"),
        ),
    ),
    Unit(
        "明湖区规划和自然资源局",
        "明规资",
        "区级部门",
        9,
        (("未经批准非法占用土地", "《中华人民共和国土地管理法》第七十七条第一款"),),
    ),
    Unit(
        "明湖区住房和城乡建设委员会",
        "明住建",
        "区级部门",
        16,
        (
            ("施工单位未按规定办理施工许可擅自施工", "《建筑工程施工许可管理办法》第十二条"),
            ("建设单位未组织竣工验收擅自交付使用", "《建设工程质量管理条例》第五十八条"),
        ),
    ),
    Unit(
        "明湖区水利局",
        "明水",
        "区级部门",
        5,
        (("未经许可在河道管理范围内采砂", "《中华人民共和国水法》第七十二条"),),
    ),
    Unit(
        "明湖区林业局",
        "明林",
        "区级部门",
        4,
        (("滥伐林木", "《中华人民共和国森林法》第七十六条第二款"),),
    ),
    Unit(
        "明湖区商务委员会",
        "明商务",
        "区级部门",
        3,
        (("单用途商业预付卡未按规定备案", "《单用途商业预付卡管理办法（试行）》第三十六条"),),
    ),
    Unit(
        "明湖区人力资源和社会保障局",
        "明人社",
        "区级部门",
        7,
        (("用人单位未按规定保存职工工资支付记录", "《保障农民工工资支付条例》第五十五条"),),
    ),
    Unit(
        "明湖区教育委员会",
        "明教",
        "区级部门",
        3,
        (
            (
                "校外培训机构未经审批开展学科类培训",
                "《中华人民共和国民办教育促进法实施条例》第六十二条",
            ),
        ),
    ),
    Unit(
        "明湖区民政局",
        "明民政",
        "区级部门",
        2,
        (("社会组织未按规定办理变更登记", "《社会团体登记管理条例》第三十条"),),
    ),
    Unit(
        "明湖街道办事处",
        "明湖街",
        "街镇",
        14,
        (
            ("擅自占用城市道路", "《城市道路管理条例》第四十二条"),
            ("未按规定分类投放生活垃圾", "《重庆市生活垃圾管理条例》第八十二条"),
        ),
    ),
    Unit(
        "东岸街道办事处",
        "东岸街",
        "街镇",
        11,
        (("擅自占用城市道路", "《城市道路管理条例》第四十二条"),),
    ),
    Unit(
        "西城街道办事处",
        "西城街",
        "街镇",
        9,
        (("未按规定分类投放生活垃圾", "《重庆市生活垃圾管理条例》第八十二条"),),
    ),
    Unit(
        "白沙镇人民政府",
        "白沙镇",
        "街镇",
        8,
        (("违法建设", "《中华人民共和国城乡规划法》第六十五条"),),
    ),
    Unit(
        "青石镇人民政府",
        "青石镇",
        "街镇",
        6,
        (("违法建设", "《中华人民共和国城乡规划法》第六十五条"),),
    ),
    Unit(
        "龙泉镇人民政府",
        "龙泉镇",
        "街镇",
        5,
        (("露天焚烧秸秆", "《中华人民共和国大气污染防治法》第一百一十九条第一款"),),
    ),
)

# The columns units fill, with the headers and in the order of evaltool.fields.
COLUMNS = {
    "seq",
    "unit",
    "case_no",
    "decision_no",
    "case_name",
    "procedure",
    "cause",
    "source",
    "party",
    "party_type",
    "party_id",
    "violation_on",
    "discovered_on",
    "filed_on",
    "notified_on",
    "hearing_notified",
    "legal_review_on",
    "collective_on",
    "extension_days",
    "decided_on",
    "served_on",
    "publicized_on",
    "paid_on",
    "closed_on",
    "penalty_kinds",
    "fine",
    "confiscated",
    "basis",
    "officers",
    "officer_certs",
    "business_activity",
    "remarks",
}
HEADERS = [f.header for f in FIELDS if f.key in COLUMNS]
# Some units use other names for the same columns (all recognised aliases).
ALIASES = {
    "案号": "案件编号",
    "决定日期": "处罚决定日期",
    "执法人员": "承办人",
    "执法证号": "执法证件号",
    "当事人": "当事人名称",
    "公示日期": "双公示日期",
}
SOURCES = ("日常检查", "日常检查", "日常检查", "投诉", "举报", "上级交办", "部门移送")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
COMPANY = (
    "商贸有限公司",
    "餐饮管理有限公司",
    "建筑工程有限公司",
    "物流有限公司",
    "科技有限公司",
    "农业开发有限公司",
)
PLACES = ("明湖", "东岸", "西城", "白沙", "青石", "龙泉", "滨江", "鹿鸣")


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def id_number(rng: random.Random) -> str:
    """A fictional 18-digit resident ID (personal data: documents must mask it)."""
    body = f"500117{rng.randint(1960, 2002)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def credit_code(rng: random.Random) -> str:
    return "91500117" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))


def workday_after(day: dt.date, rng: random.Random, low: int, high: int) -> dt.date:
    """A date some calendar days later, moved off weekends (units rarely act on Sundays)."""
    out = day + dt.timedelta(days=rng.randint(low, high))
    while out.weekday() >= 5:
        out += dt.timedelta(days=1)
    return out


def clean_case(unit: Unit, n: int, rng: random.Random, year: int) -> dict:
    """A case file with no defect a register can show."""
    cause, basis = rng.choice(unit.causes)
    personal = rng.random() < 0.35
    business = rng.random() < 0.8
    if personal:
        party, party_type, party_id = (
            person(rng),
            rng.choice(("自然人", "个体工商户")),
            id_number(rng),
        )
    else:
        party = f"重庆{rng.choice(PLACES)}{rng.choice('鑫隆宏泰福瑞恒达')}{rng.choice(COMPANY)}"
        party_type, party_id = "法人及非法人组织", credit_code(rng)
    fine = rng.choice((500, 1000, 2000, 3000, 5000, 8000, 10000, 20000, 30000, 50000, 100000))
    if unit.group == "街镇":
        fine = rng.choice((200, 500, 1000, 2000, 5000))
    kinds = ["警告"] if rng.random() < 0.04 else ["罚款"]
    confiscated = None
    if rng.random() < 0.12:
        kinds.append("没收违法所得")
        confiscated = rng.choice((300, 1200, 4600))
    if kinds == ["警告"]:
        fine = None
    violation = dt.date(year, 1, 3) + dt.timedelta(days=rng.randint(0, 260))
    discovered = violation + dt.timedelta(days=rng.randint(0, 20))
    filed = workday_after(discovered, rng, 1, 5)
    notified = workday_after(filed, rng, 15, 45)
    heavy = (fine or 0) >= 10000
    reviewed = workday_after(notified, rng, 8, 12)
    collective = workday_after(reviewed, rng, 1, 3) if (fine or 0) >= 50000 else None
    decided = workday_after(collective or reviewed, rng, 1, 4)
    served = decided + dt.timedelta(days=rng.choice((0, 0, 1, 2, 3)))
    publicized = workday_after(decided, rng, 1, 5)
    paid = served + dt.timedelta(days=rng.randint(3, 14)) if fine else None
    closed = (paid or served) + dt.timedelta(days=rng.randint(2, 15))
    officers = rng.sample([person(rng) for _ in range(6)], rng.choice((2, 2, 2, 3)))
    return {
        "执法单位": unit.name,
        "案号": f"{unit.code}立〔{year}〕{n}号",
        "决定书文号": f"{unit.code}罚〔{decided.year}〕{n}号",
        "案件名称": f"{party}{cause}案",
        "程序类型": "普通程序",
        "案由": cause,
        "案件来源": rng.choice(SOURCES),
        "当事人": party,
        "当事人类别": party_type,
        "证件号码": party_id,
        "违法行为发生日期": violation,
        "发现日期": discovered,
        "立案日期": filed,
        "告知日期": notified,
        "听证告知": "是" if heavy else rng.choice(("是", "否")),
        "法制审核日期": reviewed,
        "集体讨论日期": collective,
        "延期天数": None,
        "决定日期": decided,
        "送达日期": served,
        "公示日期": publicized,
        "缴款日期": paid,
        "结案日期": closed,
        "处罚种类": "、".join(kinds),
        "罚款金额（元）": fine,
        "没收金额（元）": confiscated,
        "处罚依据": basis,
        "执法人员": "、".join(officers),
        "执法证号": "、".join(f"50011700{rng.randint(1000, 9999)}" for _ in officers),
        "经营活动": "是" if business else "否",
        "备注": None,
    }


def late_service(case, rng):
    case["送达日期"] = case["决定日期"] + dt.timedelta(days=rng.randint(12, 30))
    case["缴款日期"] = case["送达日期"] + dt.timedelta(days=5) if case["缴款日期"] else None
    case["结案日期"] = case["送达日期"] + dt.timedelta(days=rng.randint(6, 12))


def late_publicity(case, rng):
    case["公示日期"] = case["决定日期"] + dt.timedelta(days=rng.randint(15, 40))


def overdue_decision(case, rng):
    case["决定日期"] = case["立案日期"] + dt.timedelta(days=rng.randint(100, 150))
    case["决定书文号"] = re.sub(r"〔\d{4}〕", f"〔{case['决定日期'].year}〕", case["决定书文号"])
    case["送达日期"] = case["决定日期"] + dt.timedelta(days=1)
    case["公示日期"] = case["决定日期"] + dt.timedelta(days=3)
    case["缴款日期"] = case["送达日期"] + dt.timedelta(days=5) if case["缴款日期"] else None
    case["结案日期"] = case["送达日期"] + dt.timedelta(days=10)


def approved_extension(case, rng):
    overdue_decision(case, rng)
    case["延期天数"] = 60


def bad_citation(case, rng):
    case["处罚依据"] = rng.choice(
        ("《中华人民共和国行政处罚法》", "食品安全法有关规定", "undefined")
    )


def bad_docno(case, rng):
    case["决定书文号"] = case["决定书文号"].replace("〔", "[").replace("〕", "]")


def missing_certificate(case, rng):
    certs = case["执法证号"].split("、")
    case["执法证号"] = "、".join(certs[:-1])


def single_officer(case, rng):
    case["执法人员"] = case["执法人员"].split("、")[0]
    case["执法证号"] = case["执法证号"].split("、")[0]


def decision_before_notice(case, rng):
    case["告知日期"] = case["决定日期"] + dt.timedelta(days=rng.randint(1, 3))


def short_waiting(case, rng):
    case["决定日期"] = case["告知日期"] + dt.timedelta(days=2)
    case["法制审核日期"] = case["告知日期"] + dt.timedelta(days=1)
    case["集体讨论日期"] = None
    case["送达日期"] = case["决定日期"] + dt.timedelta(days=1)
    case["公示日期"] = workday_after(case["决定日期"], rng, 1, 3)


def no_hearing_notice(case, rng):
    case["罚款金额（元）"] = rng.choice((50000, 100000))
    case["处罚种类"] = "罚款"
    case["听证告知"] = "否"


def unreadable_date(case, rng):
    case["送达日期"] = rng.choice(("2023.13.02", "二〇二三年", "待补"))


# (defect, share of ordinary case files): a little above real rates so a few hundred files show each
DEFECTS = (
    (late_service, 0.05),
    (late_publicity, 0.08),
    (overdue_decision, 0.015),
    (approved_extension, 0.015),
    (bad_citation, 0.03),
    (bad_docno, 0.02),
    (missing_certificate, 0.002),
    (no_hearing_notice, 0.01),
    (short_waiting, 0.01),
    (single_officer, 0.003),
    (decision_before_notice, 0.004),
    (unreadable_date, 0.006),
)


def summary_case(unit: Unit, n: int, rng: random.Random, year: int) -> dict:
    """A simple-procedure (当场处罚) file: outside the ordinary checklist, listed as skipped."""
    case = clean_case(unit, n, rng, year)
    case.update(
        {
            "程序类型": "简易程序",
            "罚款金额（元）": rng.choice((50, 100, 200)),
            "处罚种类": "罚款",
            "立案日期": None,
            "告知日期": case["决定日期"],
            "法制审核日期": None,
            "集体讨论日期": None,
            "听证告知": None,
            "案号": f"{unit.code}简〔{year}〕{n}号",
        }
    )
    return case


def unit_cases(unit: Unit, rng: random.Random, year: int) -> list[dict]:
    cases = []
    for n in range(1, unit.cases + 1):
        case = clean_case(unit, n, rng, year)
        for defect, share in DEFECTS:
            if rng.random() < share:
                defect(case, rng)
        cases.append(case)
    for n in range(1, rng.randint(0, 3) + 1):
        cases.append(summary_case(unit, n, rng, year))
    return cases


def write_sheet(
    sheet,
    unit: Unit,
    cases: list[dict],
    rng: random.Random,
    year: int,
    *,
    title: bool,
    aliases: bool,
    with_unit_column: bool,
) -> None:
    headers = [h for h in HEADERS if with_unit_column or h != "执法单位"]
    if title:
        sheet.append([f"{unit.name}{year}年度行政处罚案卷登记表"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append([ALIASES.get(h, h) if aliases else h for h in headers])
    for seq, case in enumerate(cases, start=1):
        if rng.random() < 0.02:
            sheet.append([])  # a blank row left in the middle
        sheet.append([seq if h == "序号" else case.get(h) for h in headers])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"


CONFIG = """\
# 明湖区（虚构）2023年度行政处罚案卷评查的评查配置。由 make_district.py 生成，格式见 docs/config.md。
name: 2023年度行政处罚案卷评查
year: 2024
reviewing_body: 明湖区司法局
law_firm: 明湖正衡律师事务所
period: {{from: 2023-01-01, to: 2023-12-31}}
method: 委托第三方律师事务所对各单位2023年办结的行政处罚案卷（普通程序和简易程序）全面评查，交叉阅卷、一卷一表
checklist: chongqing  # 重庆市标准：全国通用标准加上重庆市的听证较大数额（docs/checklists.md）
review_date: {review_date}
inputs: [registers/]
marks: [marks/评分表.xlsx]
output: 评查输出
index: {{config: default}}  # the enforcement index (docs/index.md), shown in the summary
previous: previous/2022年度评查结果.json  # last year's results: year-over-year figures
reviewers: [周某]  # who may sign off (销号) ledger rows
document_number: {{prefix: 明司发, first: 12}}
issue_date: 2024-04-15
deadline_workdays: 20
contacts:
  - {{name: 周某, office: 行政执法协调监督科, phone: 023-40001234}}
privacy: {{mask_names: true, mask_companies: false}}
units:
{units}
"""


def _in_district(name: str) -> str:
    return name if name.startswith("明湖区") else f"明湖区{name}"


def write_config() -> None:
    units = "\n".join(
        f"  - {{name: {u.name}, full_name: 明湖市{_in_district(u.name)}, group: {u.group}}}"
        for u in UNITS
    )
    text = CONFIG.format(review_date=REVIEW_DATE.isoformat(), units=units)
    (DISTRICT / "evaltool.yaml").write_text(text, encoding="utf-8")


# What reviewers write when they deduct for a manual item, by item id (one of them, drawn per
# file; fallback: the title).
REASONS = {
    "L01": ("立案审批表未填写案件来源", "立案审批表未载明当事人基本情况"),
    "L03": ("发现线索后逾期才立案，无延期审批",),
    "E02": (
        "询问笔录未逐页签名",
        "询问笔录未告知被询问人权利义务",
        "询问笔录未记录询问起止时间",
        "询问笔录执法人员只有一人签名",
    ),
    "E03": (
        "现场检查笔录未记录检查起止时间",
        "现场检查笔录无当事人签名，也未注明拒签情况",
        "现场检查笔录未附现场照片",
    ),
    "E04": (
        "证据复印件未注明出处并加盖印章",
        "现场照片未注明拍摄时间、地点和拍摄人",
        "电子数据未记录提取过程",
    ),
    "E05": (
        "违法所得计算缺少相应证据",
        "认定违法事实的证据仅有当事人陈述，无其他证据印证",
        "证据之间存在矛盾未作说明",
        "违法行为持续时间缺少证据证明",
    ),
    "E06": ("缺少当事人身份证明材料", "营业执照复印件未加盖当事人印章"),
    "E07": ("先行登记保存未经负责人批准", "抽样取证未制作抽样记录"),
    "N01": ("告知书未载明陈述申辩的期限", "告知书未载明拟作出处罚的事实和理由"),
    "N06": ("对当事人的申辩意见未进行复核并记录",),
    "D03": ("重大案件未经负责人集体讨论", "集体讨论记录未载明讨论结论"),
    "D04": ("审批表缺少负责人审批意见",),
    "D07": (
        "罚款数额未说明裁量理由",
        "未对照裁量基准说明从轻情节的认定",
        "同类案件罚款数额差异较大且未说明理由",
    ),
    "D09": ("案件审批表承办人意见未注明法律依据", "案件审批表审批日期早于调查终结日期"),
    "S02": ("送达回证未注明送达地点", "送达回证受送达人签收日期空白"),
    "S05": ("执行完毕后未及时结案",),
    "W01": ("决定书未载明复议机关全称", "决定书未载明不履行决定的后果"),
    "W03": ("文书空白处未作技术处理", "文书修改处未经当事人签名确认"),
    "W05": ("决定书说理不充分",),
    "A03": ("卷内文书未按顺序排列",),
    "A04": ("卷内目录页码与实际不符",),
    "A05": ("备考表未填写",),
}


TO_FILL = ("人工评查", "待人工核对", "未自动评估")  # the sheet's statuses that ask for a mark
FILE_STATUS = "本卷确认"  # the per-file row 「本卷其余项目无问题」

# How often reviewers find each manual problem, relative to one another (items not named weigh 1).
# Published 通报 list, most often: evidence not collected or not corroborated, 笔录 without
# signatures or times, 裁量 without reasons, sloppy 审批表 and 送达回证, and files badly bound.
PROBLEM_WEIGHTS = {
    "E05": 10,
    "E02": 9,
    "D07": 9,
    "E04": 8,
    "E03": 8,
    "S02": 6,
    "D09": 5,
    "A04": 5,
    "L01": 4,
    "A05": 4,
    "W05": 4,
    "W03": 4,
    "N04": 3,
    "L03": 3,
    "E06": 3,
    "E10": 3,
    "S05": 3,
    "L05": 3,
    "A03": 3,
    "N01": 3,
    "W01": 3,
    "N06": 2,
    "D04": 2,
    "S04": 2,
    "A06": 2,
    "P02": 2,
    "W02": 2,
}
CARELESS = 0.15  # the most careless unit's share of files with many problems
SERIOUS = 3  # items worth this many points or more are the serious ones
EXCELLENT_FLOOR = 10  # a file losing more than this is below 优秀 (90 of 100)
# The vetoes a reviewer finds in the evidence, by item title (the standards of both procedures).
EVIDENCE_GAPS = {
    "证据确凿充分": "主要证据为复印件且无来源说明，不足以认定违法事实",
    "违法事实确凿": "现场笔录未记载违法行为的具体情节，不足以认定违法事实",
}
# Automatic veto proposals a file disproves (a slip in the register, not in the file), by item
# title, with the reviewer's reason: in a file that is not 不合格, the reviewer rejects them.
REGISTER_SLIPS = {
    "执法人员具备执法资格": "卷内附有该执法人员有效执法证件复印件，登记表漏填证号，问题不成立",
    "执法人员不少于两人": "调查询问笔录和现场检查笔录均有两名执法人员签名，登记表漏填一人，问题不成立",
}


@dataclass(frozen=True)
class FileMarks:
    """What one reviewer writes for one file: deductions, confirmed vetoes, rejected proposals."""

    deductions: dict  # item id -> (扣分, 扣分理由)
    vetoes: dict  # veto item id -> 扣分理由
    rejected: dict  # automatic veto proposal the file disproves -> reason


def file_marks(
    open_items: list,
    automatic: dict,
    rng: random.Random,
    *,
    excellent: bool,
    failing: bool,
    careless: float = 0.0,
) -> FileMarks:
    """The problems a reviewer finds in one file, drawn from realistic problem frequencies.

    ``open_items``: the items the sheet leaves to the reviewer; ``automatic``: the items the
    automatic checks failed, with their prefilled deduction; ``excellent``: whether the file is
    优秀 (a light slip at most) rather than one losing more than EXCELLENT_FLOOR; ``failing``:
    whether it has a veto (an automatic proposal confirmed, else an evidence gap); ``careless``:
    the chance that a file below 优秀 has many problems rather than just enough.
    """
    proposed = [item for item, _ in automatic.values() if item.veto]
    slips = {} if failing else {i.id: REGISTER_SLIPS.get(i.title) for i in proposed}
    rejected = {item_id: reason for item_id, reason in slips.items() if reason}
    gaps = [i for i in open_items if i.title in EVIDENCE_GAPS]
    vetoes = {gaps[0].id: EVIDENCE_GAPS[gaps[0].title]} if failing and not proposed and gaps else {}
    lost = sum(amount for item, amount in automatic.values() if not item.veto)
    pool = [item for item in open_items if not item.veto]
    deductions = {}

    def deduct(item, amount):
        nonlocal lost
        deductions[item.id] = (amount, rng.choice(REASONS.get(item.id, (f"{item.title}存在不足",))))
        lost += amount

    if excellent:  # a light slip at most
        for _ in range(rng.choices((0, 1), weights=(4, 1))[0]):
            item = _draw(pool, rng)
            if item is None or lost + _least(item) > EXCELLENT_FLOOR:
                break
            deduct(item, _least(item))
    else:  # serious problems first (evidence, 笔录, 裁量), until the file is below 优秀
        serious = [item for item in pool if item.points >= SERIOUS]
        minor = [item for item in pool if item.points < SERIOUS]
        target = rng.uniform(14, 22) if rng.random() < careless else EXCELLENT_FLOOR
        while lost <= target and (item := _draw(serious, rng) or _draw(minor, rng)):
            deduct(item, _most(item))
    return FileMarks(deductions, vetoes, rejected)


def _draw(pool: list, rng: random.Random):
    """One item drawn by PROBLEM_WEIGHTS and taken out of ``pool`` (None when empty)."""
    if not pool:
        return None
    item = rng.choices(pool, weights=[PROBLEM_WEIGHTS.get(i.id, 1) for i in pool])[0]
    pool.remove(item)
    return item


def _most(item) -> float:
    """The item's full deduction: the problem throughout the file."""
    return item.deduction.amount if item.deduction.kind == "fixed" else item.points


def _least(item) -> float:
    """The smallest deduction the item's rule allows: one slip."""
    rule = item.deduction
    return min(item.points if rule.kind == "whole" else rule.amount, item.points)


def unit_care(units: list[str], rng: random.Random) -> dict[str, float]:
    """How carefully each unit works, around 1: the careful have more 优秀 files, the careless
    more files with many problems."""
    return {unit: rng.uniform(0.2, 1.8) for unit in units}


def excellent_files(files: list[tuple[str, str]], care: dict, rng: random.Random, share: float):
    """Which (unit, 案号) files a reviewer finds 优秀: ``share`` of all files, more of them in the
    units that work carefully."""
    by_unit: dict[str, list] = {}
    for file in files:
        by_unit.setdefault(file[0], []).append(file)
    mean_care = sum(care[u] * len(f) for u, f in by_unit.items()) / len(files)
    chosen = set()
    for unit, unit_files in by_unit.items():
        count = round(min(share * care[unit] / mean_care, 1.0) * len(unit_files))
        chosen.update(rng.sample(unit_files, count))
    return chosen


def failing_files(proposed: list, open_files: list, rng: random.Random, count: int) -> set:
    """Which files a reviewer finds 不合格: ``count`` files, one of them with a veto the automatic
    checks proposed (``proposed``) when there is one, the others with an evidence gap only the
    reviewer sees (among ``open_files``, whose evidence item is left to the reviewer)."""
    chosen = set(rng.sample(proposed, min(1, len(proposed))))
    others = [file for file in open_files if file not in chosen]
    return chosen | set(rng.sample(others, max(count - len(chosen), 0)))


def write_marks(
    registers: Path, marks: Path, review_date: dt.date, rng, *, excellent: float, failing: float
) -> None:
    """The reviewers' scoring workbook, filled as two lawyers would: deductions, confirmations.

    ``excellent`` and ``failing``: the shares of 优秀 and 不合格 files (``excellent_files`` and
    ``failing_files`` pick them). What each file's marks are is decided by ``file_marks``; this
    only writes them into the workbook.
    """
    from openpyxl import load_workbook

    from evaltool.plugins import load_registry
    from evaltool.review.workflow import make_scoring_workbook

    marks.parent.mkdir(parents=True, exist_ok=True)
    registry = load_registry()
    made = make_scoring_workbook(
        [str(registers)],
        marks,
        checklist=STANDARD,
        reviewers=REVIEWERS,
        review_date=review_date,
        registry=registry,
    )
    # each file's rows are the items of its procedure's standard, named in the 评查标准 column
    items = {(c.id, i.id): i for c in made.run.standards.all for i in c.items}
    workbook = load_workbook(marks)
    files = {}  # (reviewer, unit, 案号) -> the file's rows, by item, its automatic failures
    for reviewer in REVIEWERS:
        for (unit, case_no), rows in _sheet_files(workbook[reviewer]).items():
            by_item = {r["评查项目编号"]: r for r in rows if r["自动检查"] != FILE_STATUS}
            standard = rows[0]["评查标准"]
            automatic = {
                i: (items[standard, i], r["扣分"] or 0)
                for i, r in by_item.items()
                if r["自动检查"] == "不符合"
            }
            open_items = [
                items[standard, i] for i, r in by_item.items() if r["自动检查"] in TO_FILL
            ]
            files[reviewer, unit, case_no] = (rows, by_item, automatic, open_items)
    keys = list(files)
    proposed = [k for k in keys if any(item.veto for item, _ in files[k][2].values())]
    care = unit_care(list(dict.fromkeys(k[1] for k in keys)), rng)
    good = excellent_files([k[1:] for k in keys], care, rng, excellent)
    open_files = [k for k in keys if any(i.title in EVIDENCE_GAPS for i in files[k][3])]
    vetoed = failing_files(proposed, open_files, rng, max(1, round(failing * len(keys))))
    for key, (rows, by_item, automatic, open_items) in files.items():
        marked = file_marks(
            open_items,
            automatic,
            rng,
            excellent=key[1:] in good,
            failing=key in vetoed,
            careless=CARELESS * max(0.0, 1 - care[key[1]]),
        )
        _write_file_marks(workbook[key[0]], rows, by_item, key[0], automatic, marked)
    _pin_cover(workbook["填写说明"], review_date)
    workbook.save(marks)
    pin_workbook(marks)


def _sheet_files(sheet) -> dict[tuple[str, str], list[dict]]:
    """A reviewer's sheet as rows per (unit, 案号), each row its values by header and its number."""
    headers = [cell.value for cell in sheet[1]]
    files: dict[tuple, list[dict]] = {}
    for number, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
        row = dict(zip(headers, values, strict=True), row=number)
        files.setdefault((row["执法单位"], row["案号"]), []).append(row)
    return files


def _write_file_marks(sheet, rows, by_item, reviewer, automatic, marks: FileMarks):
    """Write one file's marks into its rows of a reviewer's sheet."""
    col = {cell.value: cell.column_letter for cell in sheet[1]}

    def put(row, **values):
        for header, value in values.items():
            sheet[f"{col[header]}{row['row']}"].value = value
        sheet[f"{col['评查人']}{row['row']}"].value = reviewer

    for item_id in automatic:
        if item_id in marks.rejected:
            put(by_item[item_id], 确认="否", 扣分理由=marks.rejected[item_id])
        else:
            put(by_item[item_id], 确认="是")
    for item_id, reason in marks.vetoes.items():
        put(by_item[item_id], 扣分="是", 扣分理由=reason)
    for item_id, (amount, reason) in marks.deductions.items():
        put(by_item[item_id], 扣分=amount, 扣分理由=reason)
    for row in rows:
        if row["自动检查"] == FILE_STATUS:
            put(row, 确认="是")  # 本卷其余项目无问题


def generated_at(review_date: dt.date) -> str:
    """The generation time written into the demo files: the review date, not the time of the run."""
    return dt.datetime.combine(
        review_date, dt.time(9), dt.timezone(dt.timedelta(hours=8))
    ).isoformat()


def _pin_cover(cover, review_date: dt.date) -> None:
    """The cover names the shipped checklists (one per procedure type) by their paths and the time
    of generation (both written by evaltool); keep the file names and a fixed time, as the
    committed file must have."""
    for label, value in cover.iter_rows(max_col=2):
        if str(label.value or "").endswith("评查标准文件"):
            value.value = Path(value.value).name
        elif label.value == "生成时间":
            value.value = generated_at(review_date)


def write_registers(out: Path, year: int, rng: random.Random, casefiles: bool = False) -> None:
    """One workbook per district unit (in varied shapes) and one with a sheet per 街道/镇.

    ``casefiles``: also the 文书 of the first cases of a few units, in ``out``/文书/<unit>/.
    """
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.xlsx"):
        old.unlink()
    shutil.rmtree(out / "文书", ignore_errors=True)
    towns = Workbook()
    towns.remove(towns.active)
    for index, unit in enumerate(UNITS):
        cases = unit_cases(unit, rng, year)
        if casefiles and unit.name in DOCUMENTED:
            write_casefiles(out / "文书" / unit.name, unit.name, cases)
        if unit.group == "街镇":
            write_sheet(
                towns.create_sheet(unit.name),
                unit,
                cases,
                rng,
                year,
                title=True,
                aliases=False,
                with_unit_column=False,
            )
            continue
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "案卷登记表"
        write_sheet(
            sheet,
            unit,
            cases,
            rng,
            year,
            title=index % 3 != 2,
            aliases=index % 4 == 1,
            with_unit_column=True,
        )
        if cases and index % 5 == 0:
            sheet.append(["合计", None, f"{len(cases)}件"])
            sheet.append(["注：本表由法制机构汇总，日期为文书落款日期。"])
        workbook.save(out / f"{unit.name}.xlsx")
        pin_workbook(out / f"{unit.name}.xlsx")
    towns.save(out / "街镇案卷登记表.xlsx")
    pin_workbook(out / "街镇案卷登记表.xlsx")


def write_previous_results() -> None:
    """Last year's review (2022 files, reviewed in 2023, more problems): only its results are
    kept, so that `evaltool trend` shows how the district moved."""
    from evaltool.review.workflow import ScoreSettings, score_review

    rng = random.Random(20221231)
    review_date = REVIEW_DATE.replace(year=REVIEW_DATE.year - 1)
    with tempfile.TemporaryDirectory() as folder, chdir(folder):
        write_registers(OUT, YEAR - 1, rng)
        write_marks(OUT, MARKS, review_date, rng, excellent=0.17, failing=0.012)
        scored = score_review(ScoreSettings([OUT], [MARKS], review_date=review_date))
    results = scored.results
    # evaltool writes the shipped checklist's absolute path and the time of the run
    for standard in (results["checklist"], *results["checklists"]):
        standard["path"] = Path(standard["path"]).name
        standard["extends"] = [re.sub(r"（.*[/\\]", "（", base) for base in standard["extends"]]
    results["generated_at"] = generated_at(review_date)
    PREVIOUS.parent.mkdir(parents=True, exist_ok=True)
    PREVIOUS.write_text(to_json(results), encoding="utf-8")


def main() -> None:
    with chdir(DISTRICT):
        write_registers(OUT, YEAR, random.Random(20231231), casefiles=True)
        write_config()
        write_marks(OUT, MARKS, REVIEW_DATE, random.Random(2024), excellent=0.25, failing=0.005)
    write_previous_results()


if __name__ == "__main__":
    main()
