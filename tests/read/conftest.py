"""Fixtures of the reading tests: raw worksheets as messy as units keep them."""

import datetime as dt

import pytest
from openpyxl import Workbook


@pytest.fixture
def write_sheets(tmp_path):
    """Write raw rows (lists, None for an empty cell) to an xlsx file, as messy as units keep them.

    ``sheets`` maps sheet names to row lists; ``merges`` maps sheet names to ranges such as
    ``"A1:H1"``; ``hidden`` names sheets to hide; ``formats`` maps a cell (``"E5"``) to an
    Excel number format. Returns the path.
    """

    def write(sheets, *, name="登记表.xlsx", merges=None, hidden=(), formats=None):
        workbook = Workbook()
        workbook.remove(workbook.active)
        for sheet_name, rows in sheets.items():
            sheet = workbook.create_sheet(sheet_name)
            for row in rows:
                sheet.append(list(row))
            for ref in (merges or {}).get(sheet_name, ()):
                sheet.merge_cells(ref)
            for ref, number_format in (formats or {}).items():
                sheet[ref].number_format = number_format
            if sheet_name in hidden:
                sheet.sheet_state = "hidden"
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
        return path

    return write


MESSY_HEADER = [
    "序号",
    "执法机关",
    "案件编号",
    "当事人名称",
    "适用程序",
    "立案时间",
    "处罚决定日期",
    "罚款（万元）",
    "承办人1",
    "执法证号1",
    "承办人2",
    "执法证号2",
    "是否告知听证权利",
    "办案科室",
    "处罚种类",
]


@pytest.fixture
def messy_register(write_sheets):
    """A register as units really keep them (tests/read/test_read_messy.py states what it holds).

    Title and subtitle rows, aliases, a 万元 header, the wide officer form, the unit merged
    down two rows, a blank row, dates as cells, text and serials, a 合计 row, notes under the
    table, and two values that cannot be read.
    """
    rows = [
        ["XX区2023年度行政处罚案卷登记表"],
        ["填报单位：（盖章）", None, None, None, None, None, None, None, None, None, "单位：万元"],
        MESSY_HEADER,
        [
            1,
            "甲局",
            "甲罚〔2023〕1号",
            "某甲公司",
            "普通程序",
            dt.date(2023, 3, 1),
            dt.date(2023, 4, 20),
            0.5,
            "王明",
            "50020001",
            "李静",
            "50020002",
            "是",
            "一科",
            "罚款",
        ],
        [],
        [
            2,
            "乙局",
            "乙罚〔2023〕7号",
            "张某",
            "一般程序",
            "2023/3/5",
            "2023年4月20日",
            "3500元",
            "张伟",
            "50020003",
            "刘洋",
            None,
            "否",
            "二科",
            "警告、罚款",
        ],
        [
            3,
            None,
            "乙罚〔2023〕8号",
            "某丙店",
            "普通程序",
            45000,
            "20230601",
            "伍仟元",
            "陈杰",
            "50020005",
            None,
            None,
            "√",
            None,
            "罚款；没收违法所得",
        ],
        [
            4,
            "乙局",
            "乙罚〔2023〕9号",
            "某丁店",
            "普通程序",
            "2023年13月5日",
            dt.date(2023, 7, 1),
            "五千块",
            "杨帆",
            "50020006",
            "赵磊",
            "50020007",
            "是",
            "二科",
            "罚款",
        ],
        ["合计", None, None, None, None, None, None, 0.85],
        ["注：罚款金额以万元计。"],
        ["填表人：张三", None, None, "审核人：李四"],
    ]
    return write_sheets(
        {"2023年": rows},
        name="区登记表.xlsx",
        merges={"2023年": ["A1:O1", "B6:B7", "A10:O10"]},
        formats={"F4": "yyyy-mm-dd", "G4": "yyyy-mm-dd", "G8": "yyyy-mm-dd"},
    )
