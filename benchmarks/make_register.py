"""Write a large fictional case register for the benchmark (deterministic; one row per case).

    python benchmarks/make_register.py 100000 -o /tmp/登记表-100000.xlsx

Columns are the standard headers of register-columns.md plus an extra column; dates are real
date cells, amounts numbers, officers lists; a title row sits above the header as in real files.
"""

import argparse
import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from evaltool.fields import FIELDS

# The standard columns filled, with the headers and in the order of evaltool.fields; then an
# extra column units often add.
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
    "decided_on",
    "served_on",
    "publicized_on",
    "closed_on",
    "penalty_kinds",
    "fine",
    "basis",
    "officers",
    "officer_certs",
    "remarks",
}
HEADERS = [*(f.header for f in FIELDS if f.key in COLUMNS), "办案科室"]
UNITS = [f"第{n}区市场监督管理局" for n in range(1, 23)]
OFFICERS = ["王明", "李静", "张伟", "刘洋", "陈杰", "杨帆", "赵磊", "黄丽", "周敏", "吴昊"]
CAUSES = ["销售过期食品", "虚假宣传", "未按规定公示许可证", "无照经营", "未按规定贮存危险废物"]


def case_row(rng: random.Random, seq: int) -> list:
    """One plausible ordinary-procedure case."""
    unit = UNITS[seq % len(UNITS)]
    violation = dt.date(2022, 1, 3) + dt.timedelta(days=rng.randint(0, 600))
    discovered = violation + dt.timedelta(days=rng.randint(0, 10))
    filed = discovered + dt.timedelta(days=rng.randint(1, 5))
    notified = filed + dt.timedelta(days=rng.randint(10, 40))
    reviewed = notified + dt.timedelta(days=rng.randint(4, 9))
    decided = reviewed + dt.timedelta(days=rng.randint(1, 5))
    served = decided + dt.timedelta(days=rng.randint(0, 6))
    officers = rng.sample(OFFICERS, 2)
    return [
        seq,
        unit,
        f"市监罚〔{decided.year}〕{seq}号",
        f"市监罚决〔{decided.year}〕{seq}号",
        f"某公司{rng.choice(CAUSES)}案",
        "普通程序",
        rng.choice(CAUSES),
        rng.choice(["日常检查", "投诉", "举报"]),
        f"某{rng.choice('甲乙丙丁')}商贸有限公司{seq}",
        "法人及非法人组织",
        f"91500222MA{rng.randint(10000000, 99999999)}",
        violation,
        discovered,
        filed,
        notified,
        "是",
        reviewed,
        reviewed if rng.random() < 0.3 else None,
        decided,
        served,
        served + dt.timedelta(days=rng.randint(1, 12)),
        served + dt.timedelta(days=rng.randint(10, 40)),
        rng.choice(["罚款", "警告、罚款", "罚款、没收违法所得"]),
        rng.choice([2000, 5000, 10000, 35000]),
        "《中华人民共和国食品安全法》第一百二十四条",
        "、".join(officers),
        "、".join(f"5002{OFFICERS.index(o):04d}" for o in officers),
        None,
        rng.choice(["执法一科", "执法二科"]),
    ]


def write_register(path: Path, rows: int, *, seed: int = 1) -> Path:
    """Write ``rows`` cases to ``path`` (write-only mode, so memory stays flat)."""
    rng = random.Random(seed)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("登记表")
    date_columns = [i for i, h in enumerate(HEADERS) if h.endswith("日期")]
    sheet.append([f"{dt.date.today().year - 1}年度行政处罚案卷登记表"])
    sheet.append(HEADERS)
    for seq in range(1, rows + 1):
        values = case_row(rng, seq)
        for i in date_columns:
            if values[i] is not None:
                cell = WriteOnlyCell(sheet, value=values[i])
                cell.number_format = "yyyy-mm-dd"
                values[i] = cell
        sheet.append(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int, nargs="?", default=100_000)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    write_register(args.output, args.rows)
    print(args.output)


if __name__ == "__main__":
    main()
