"""Register rows for tests: a clean ordinary-procedure case and the review date the tests use."""

import datetime as dt
from pathlib import Path

REVIEW_DATE = dt.date(2024, 6, 30)
# Four checks (officers.min_two, dates.order, deadline.decision, deadline.service) and manual items,
# for tests whose expected scores must not move when the shipped standards change.
FIXED_CHECKLIST = Path(__file__).parents[1] / "fixed-checklist.yaml"

BASE_CASE = {
    "执法单位": "区市场监督管理局",
    "案号": "区市监罚〔2023〕1号",
    "程序类型": "普通程序",
    "当事人": "重庆某商贸有限公司",
    "当事人类别": "法人及非法人组织",
    "违法行为发生日期": dt.date(2023, 3, 1),
    "发现日期": dt.date(2023, 3, 2),
    "立案日期": dt.date(2023, 3, 3),
    "告知日期": dt.date(2023, 4, 3),
    "决定日期": dt.date(2023, 4, 20),
    "送达日期": dt.date(2023, 4, 21),
    "结案日期": dt.date(2023, 5, 10),
    "处罚种类": "罚款",
    "罚款金额（元）": 5000,
    "处罚依据": "《中华人民共和国食品安全法》第一百二十四条",
    "执法人员": "王明、李静",
    "执法证号": "50020001、50020002",
}


def case_row(**changes) -> dict:
    """A clean ordinary-procedure case (headers as keys) with some values changed or removed (None)."""
    row = dict(BASE_CASE)
    row.update(changes)
    return row
