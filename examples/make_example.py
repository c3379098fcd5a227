"""Write examples/案卷登记表.xlsx: a small fictional register of three units with planted defects.

Deterministic (fixed seed, byte-reproducible); run ``python examples/make_example.py`` to regenerate.
"""

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook
from reproducible import pin_workbook

from evaltool.fields import FIELDS

# The columns this register fills, with the headers and in the order of evaltool.fields.
COLUMNS = {
    "seq",
    "unit",
    "case_no",
    "decision_no",
    "procedure",
    "cause",
    "party",
    "party_type",
    "party_id",
    "violation_on",
    "discovered_on",
    "filed_on",
    "notified_on",
    "legal_review_on",
    "decided_on",
    "served_on",
    "publicized_on",
    "closed_on",
    "penalty_kinds",
    "fine",
    "basis",
    "officers",
    "officer_certs",
}
HEADERS = [f.header for f in FIELDS if f.key in COLUMNS]
UNITS = [
    ("区市场监督管理局", "区市监", ["食品经营者未按规定公示许可证", "销售过期食品", "虚假宣传"]),
    ("区城市管理综合行政执法局", "区城管", ["未经许可占道经营", "违规设置户外广告"]),
    ("区生态环境局", "区环", ["未批先建", "超标排放大气污染物", "未按规定贮存危险废物"]),
]
OFFICERS = ["王明", "李静", "张伟", "刘洋", "陈杰", "杨帆", "赵磊", "黄丽"]
SURNAMES = "赵钱孙李周吴郑王冯陈"


def _id_number(rng: random.Random) -> str:
    return f"500222{rng.randint(1960, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(1000, 9999)}"


def make_rows(rng: random.Random) -> list[list]:
    rows, seq = [], 0
    for unit, code, causes in UNITS:
        for n in range(1, 11):
            seq += 1
            violation = dt.date(2023, 1, 5) + dt.timedelta(days=rng.randint(0, 300))
            discovered = violation + dt.timedelta(days=rng.randint(0, 10))
            filed = discovered + dt.timedelta(days=rng.randint(1, 5))
            notified = filed + dt.timedelta(days=rng.randint(10, 30))
            reviewed = notified + dt.timedelta(days=rng.randint(6, 9))
            decided = reviewed + dt.timedelta(days=rng.randint(1, 5))
            served = decided + dt.timedelta(days=rng.randint(0, 4))
            officers = rng.sample(OFFICERS, 2)
            personal = rng.random() < 0.4
            party = (
                (rng.choice(SURNAMES) + rng.choice("明华强芳军"))
                if personal
                else f"重庆某{rng.choice('甲乙丙丁')}商贸有限公司"
            )
            party_id = (
                _id_number(rng) if personal else f"91500222MA{rng.randint(10000000, 99999999)}"
            )
            row = {
                "序号": seq,
                "执法单位": unit,
                "案号": f"{code}罚〔2023〕{n}号",
                "决定书文号": f"{code}罚决〔2023〕{n}号",
                "程序类型": "普通程序",
                "案由": rng.choice(causes),
                "当事人": party,
                "当事人类别": "自然人" if personal else "法人及非法人组织",
                "证件号码": party_id,
                "违法行为发生日期": violation,
                "发现日期": discovered,
                "立案日期": filed,
                "告知日期": notified,
                "法制审核日期": reviewed,
                "决定日期": decided,
                "送达日期": served,
                "公示日期": decided + dt.timedelta(days=rng.randint(1, 6)),
                "结案日期": served + dt.timedelta(days=rng.randint(5, 20)),
                "处罚种类": "警告、罚款",
                "罚款金额（元）": rng.choice([2000, 5000, 10000, 30000]),
                "处罚依据": "《中华人民共和国食品安全法》第一百二十四条",
                "执法人员": "、".join(officers),
                "执法证号": "、".join(f"5002{rng.randint(100000, 999999)}" for _ in officers),
            }
            rows.append(row)
    # planted defects, one kind each, so the demo shows every outcome
    rows[2]["执法人员"] = "王明"  # officers.min_two fails: veto
    rows[5]["送达日期"] = rows[5]["决定日期"] + dt.timedelta(days=20)  # deadline.service fails
    rows[12]["决定日期"] = rows[12]["立案日期"] + dt.timedelta(days=130)  # deadline.decision fails
    rows[12]["送达日期"] = rows[12]["决定日期"] + dt.timedelta(days=1)
    rows[12]["结案日期"] = rows[12]["送达日期"] + dt.timedelta(days=10)
    rows[12]["公示日期"] = rows[12]["决定日期"] + dt.timedelta(days=2)
    rows[17]["告知日期"] = rows[17]["决定日期"] + dt.timedelta(days=1)  # dates.order fails: veto
    rows[21]["送达日期"] = "2023年13月5日"  # unreadable date: needs_review
    rows[25]["执法人员"] = None  # missing officers: needs_review
    return [[row[h] for h in HEADERS] for row in rows]


def write(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "案卷登记表"
    sheet.append(["2023年度行政处罚案卷登记表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append(HEADERS)
    for row in make_rows(random.Random(2023)):
        sheet.append(row)
    for column in sheet.iter_cols(min_row=3):
        for cell in column:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    workbook.save(path)
    pin_workbook(path)


if __name__ == "__main__":
    write(Path(__file__).with_name("案卷登记表.xlsx"))
